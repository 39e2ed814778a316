/**
 * `npm run load`, small: the load logic against a fresh app (in this process, AGENT_STEP_MS=0),
 * its properties holding on a healthy app and failing, with a message that says what broke, on
 * an app with a fault switched on; and the CLI's exit codes.
 */
import { expect } from '@playwright/test';
import { isAgentEvent } from '../../lib/events/types.ts';
import { startChild } from '../../lib/process/child-process.ts';
import { judgeLoad, PROPERTY_NAMES, renderLoadReport, type LoadVerdict } from '../../tools/load/check.ts';
import { LoadUsageError, parseLoadArguments } from '../../tools/load/options.ts';
import { runLoad } from '../../tools/load/run.ts';
import { test } from '../app/helpers.ts';


const property = (verdict: LoadVerdict, name: string) => {
  const found = verdict.properties.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no property "${name}" in the verdict`);
  return found;
};

const failing = (verdict: LoadVerdict) => verdict.properties.filter((candidate) => !candidate.holds).map(({ name, findings }) => ({ name, findings }));

test.describe('load logic: 8 users × 2 messages', () => {
  test('every property holds on a healthy app, with every run measured', async ({ app }) => {
    const recording = await runLoad({ url: app.url, users: 8, messages: 2, runTimeoutMs: 10_000, timeoutMs: 60_000 });
    const verdict = judgeLoad(recording);

    expect(failing(verdict)).toEqual([]);
    expect(verdict.ok).toBe(true);
    expect(verdict.throughput).toMatchObject({ users: 8, messages: 16, runs: 16, completeRuns: 16 });
    expect(verdict.throughput.events).toBeGreaterThan(16 * 4);
    expect(verdict.latency.started.count).toBe(16);
    expect(verdict.latency.completed.count).toBe(16);
    expect(verdict.latency.started.p50).toBeLessThanOrEqual(verdict.latency.completed.p50 ?? Number.NaN);

    // Each user really is different, and the load covers every tool.
    const sequences = recording.users.map((user) => recording.messages.filter((message) => message.user === user.name).map((message) => message.text).join(' | '));
    expect(new Set(sequences).size).toBe(8);
    const tools = new Set(recording.frames.flatMap((frame) => (isAgentEvent(frame.decoded) && frame.decoded.type === 'tool_executing' ? [frame.decoded.data.tool] : [])));
    expect([...tools].sort()).toEqual(['calculator', 'search_docs', 'unit_convert']);
    expect(renderLoadReport(verdict)).toMatch(/\| message → agent_completed \| 16 \| [\d.]+ \| [\d.]+ \| [\d.]+ \|/);
  });
});

test.describe('load logic catches a broken app', () => {
  test.describe('FAULTS=leak', () => {
    test.use({ appOptions: { stepMs: 0, faults: ['leak'] } });

    test('reports every user who received another user\'s events, and only that', async ({ app }) => {
      const verdict = judgeLoad(await runLoad({ url: app.url, users: 4, messages: 1, runTimeoutMs: 10_000, timeoutMs: 60_000 }));

      expect(verdict.ok).toBe(false);
      const isolation = property(verdict, PROPERTY_NAMES.isolation);
      expect(isolation.holds).toBe(false);
      expect(isolation.findings).toHaveLength(4);
      for (const finding of isolation.findings) {
        expect(finding).toMatch(/^load\d_\w+ \(\S+\) received \d+ events of 3 other users, first: #\d+ received agent_\w+ seq=\d+ /);
      }
      // Each user's own runs are still whole and stored: the report names the one thing broken.
      expect(failing(verdict).map(({ name }) => name)).toEqual([PROPERTY_NAMES.isolation]);
      expect(renderLoadReport(verdict)).toContain(`FAILS: ${PROPERTY_NAMES.isolation}`);
    });
  });

  test.describe('FAULTS=drop:agent_completed', () => {
    test.use({ appOptions: { stepMs: 0, faults: ['drop:agent_completed'] } });

    test('reports the incomplete runs and the stored events never delivered, within the run bound', async ({ app }) => {
      const recording = await runLoad({ url: app.url, users: 3, messages: 2, runTimeoutMs: 1_000, timeoutMs: 60_000 });
      const verdict = judgeLoad(recording);

      // A user whose run never ends stops there: bounded, and says so.
      expect(recording.messages).toHaveLength(3);
      expect(recording.problems).toHaveLength(3);
      for (const problem of recording.problems) expect(problem).toMatch(/the end \(agent_completed or agent_error\) of run \S+: nothing within 1000 ms; its last 1 message\(s\) were not sent/);

      const complete = property(verdict, PROPERTY_NAMES.complete);
      expect(complete.holds).toBe(false);
      expect(complete.findings.filter((finding) => /rule 1 .*the run is incomplete, its last event is agent_thinking/.test(finding))).toHaveLength(3);
      const stored = property(verdict, PROPERTY_NAMES.history);
      expect(stored.holds).toBe(false);
      expect(stored.findings).toHaveLength(3);
      for (const finding of stored.findings) expect(finding).toMatch(/the history has agent_completed seq \d+, the socket never received it$/);
      expect(verdict.throughput.completeRuns).toBe(0);
    });
  });
});

test.describe('npm run load (CLI)', () => {
  const runCli = async (args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> => {
    const cli = startChild({ name: 'npm run load', command: process.execPath, args: ['--import', 'tsx', 'tools/commands/load.ts', ...args], env: { FAULTS: '', ...env } });
    const { code } = await cli.closed;
    return { code, stdout: cli.output('stdout'), stderr: cli.output('stderr') };
  };

  // The exit code and the child app are what `npm run load` adds to the logic tested above; the
  // healthy path is that same logic, so one faulty run covers the CLI.
  test('starts its own app with FAULTS from the environment and exits 1 naming the broken property', async () => {
    test.slow(); // two tsx processes start, the script and the app, on a shared 2-core machine
    const { code, stdout } = await runCli(['--users', '2', '--messages', '1', '--step-ms', '0'], { FAULTS: 'leak' });
    expect(stdout).toContain('FAULTS=leak');
    expect(stdout).toMatch(/\| throughput \| [\d.]+ messages\/s, [\d.]+ events\/s \|/);
    expect(stdout).toContain(`| ${PROPERTY_NAMES.isolation} | FAILS (2 findings) |`);
    expect(stdout).toMatch(/received \d+ events of 1 other user, first: /);
    expect(code).toBe(1);
  });
});

/** The message a bad option is refused with. */
function refusal(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  try {
    parseLoadArguments(argv, env);
  } catch (error) {
    if (error instanceof LoadUsageError) return error.message;
    throw error;
  }
  return 'accepted';
}

test.describe('load options', () => {
  test('defaults: 50 users × 4 messages, AGENT_STEP_MS from the environment, an app of its own', () => {
    expect(parseLoadArguments([], {})).toEqual({ users: 50, messages: 4, stepMs: 60, url: undefined, runTimeoutMs: 15_000, timeoutMs: 180_000 });
    expect(parseLoadArguments(['--users=20', '--messages', '3'], { AGENT_STEP_MS: '5' })).toMatchObject({ users: 20, messages: 3, stepMs: 5 });
    expect(parseLoadArguments(['--url', 'http://localhost:3000/'], {})).toMatchObject({ url: 'http://localhost:3000', stepMs: undefined });
  });

  test('refuses what would break the bounds or leave loopback', () => {
    expect(refusal(['--users', '201'])).toBe('--users "201": expected an integer from 1 to 200');
    expect(refusal(['--messages', 'many'])).toBe('--messages "many": expected an integer from 1 to 50');
    expect(refusal(['--url', 'http://example.com'])).toContain('loopback only');
    expect(refusal(['--url', 'http://127.0.0.1:3000', '--step-ms', '0'])).toContain('with --url the running app has its own');
    expect(refusal(['--url', 'http://127.0.0.1:3000'], { AGENT_STEP_MS: '0' })).toContain('with --url the running app has its own');
    expect(refusal(['--users'])).toBe('--users needs a value');
    expect(refusal(['--verbose'])).toContain('unknown option "--verbose"');
  });
});
