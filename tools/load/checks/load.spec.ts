/**
 * `npm run load` as its users run it: small loads (a few browser users for a short phase) of the
 * reference app and of an example product that signs in its own way, the reference app's `leak`
 * fault caught by the load's isolation check, and bad input stopped with a message that names it.
 * Each load's report is attached, so the verdict shows in Allure.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type TestInfo } from '@playwright/test';
import { startChild } from '../../../lib/process/child-process.ts';
import type { LoadVerdict } from '../verdict.ts';

interface LoadRun {
  exitCode: number | null;
  output: string;
  /** Its verdict.json; undefined where the load stopped before judging. */
  verdict: LoadVerdict | undefined;
}

/** A smoke phase: three users within five seconds, two messages each. */
const SMALL_LOAD = ['--phase', 'smoke:5s:3', '--messages', '2'];

async function load(args: readonly string[], env: Record<string, string>, testInfo: TestInfo): Promise<LoadRun> {
  const out = testInfo.outputPath('load');
  const child = startChild({
    name: 'npm run load',
    command: process.execPath,
    args: ['--import', 'tsx', 'tools/commands/load.ts', ...args, '--out', out],
    // Nothing of the outer run's target or faults: each check says its own.
    env: { CHAT_E2E_ENV_FILE: undefined, CHAT_E2E_TARGET: undefined, FAULTS: '', ...env },
  });
  const { code } = await child.closed;
  const output = `${child.output('stdout')}\n${child.output('stderr')}`;
  await testInfo.attach('npm run load', { body: output, contentType: 'text/plain' });
  const verdictFile = path.join(out, 'verdict.json');
  if (!existsSync(verdictFile)) return { exitCode: code, output, verdict: undefined };
  await testInfo.attach('load-report.md', { path: path.join(out, 'load-report.md'), contentType: 'text/markdown' });
  return { exitCode: code, output, verdict: JSON.parse(readFileSync(verdictFile, 'utf8')) as LoadVerdict };
}

function judged(run: LoadRun): LoadVerdict {
  if (!run.verdict) throw new Error(`npm run load stopped before its verdict:\n${run.output}`);
  return run.verdict;
}

const failing = (verdict: LoadVerdict) => verdict.properties.filter(({ holds }) => !holds).map(({ name, findings }) => `${name}: ${findings.slice(0, 3).join(' | ')}`);

test.describe('a small load', () => {
  for (const target of [undefined, 'ai-sdk-chat']) {
    test(`of ${target ?? 'the reference app'}: every user chats to the end and every property holds`, async ({}, testInfo) => {
      const run = await load([...SMALL_LOAD, ...(target ? ['--target', target] : [])], {}, testInfo);
      expect(run.exitCode, run.output).toBe(0);
      const verdict = judged(run);
      expect(failing(verdict), 'properties that failed').toEqual([]);
      expect(verdict.overall).toMatchObject({ users: 3, usersFailed: 0, messages: 6, runsComplete: 6, runsIncomplete: 0, foreignEvents: 0 });
      expect(verdict.artillery).toMatchObject({ created: 3, failed: 0 });
      expect(verdict.overall.toCompleted.count, 'runs timed from the message to agent_completed').toBe(6);
    });
  }

  test("with the reference app's leak fault: the load fails, naming the users who got another's events", async ({}, testInfo) => {
    const run = await load(SMALL_LOAD, { FAULTS: 'leak' }, testInfo);
    expect(run.exitCode, run.output).toBe(1);
    const isolation = judged(run).properties.find(({ key }) => key === 'isolation');
    expect(isolation?.holds, 'the isolation property').toBe(false);
    expect(isolation?.findings[0]).toMatch(/^\S+ got #\d+ received agent_\w+ .*: names user u_\S+, not \S+ \(u_\S+\)$/s);
    expect(run.output).toContain('FAILS: no event to the wrong user (isolation)');
  });
});

test.describe('bad input stops the load, named', () => {
  for (const [what, args, named] of [
    ['an unknown target', ['--target', 'no-such-product'], '--target no-such-product: no .env found'],
    ['a phase with no users', ['--phase', 'steady:30s:0'], 'phase "steady" brings no user in 30 s'],
    ['a phase with no duration', ['--phase', 'steady::2/s'], 'a duration and arrivals are both needed'],
  ] as const) {
    test(what, async ({}, testInfo) => {
      const run = await load(args, {}, testInfo);
      expect(run.exitCode, run.output).toBe(2);
      expect(run.output).toContain(named);
    });
  }

  test('a conversations file with nothing to say', async ({}, testInfo) => {
    const file = testInfo.outputPath('conversations.yaml');
    writeFileSync(file, '# nothing\n');
    const run = await load(SMALL_LOAD, { CONVERSATIONS: file }, testInfo);
    expect(run.exitCode, run.output).toBe(2);
    expect(run.output).toContain('the users would have nothing to say');
    expect(run.output).toContain(`${file}:1: Invalid input: expected object, received null`);
  });

  test('a target that refuses sign-in to every virtual user', async ({}, testInfo) => {
    const run = await load(['--phase', 'smoke:2s:2', '--messages', '1'], { USER_SOURCE: 'env', TEST_USERS: 'ghost-1:wrong,ghost-2:wrong' }, testInfo);
    expect(run.exitCode, run.output).toBe(2);
    expect(run.output).toMatch(/could not run: every user met "sign-in refused": ghost-\d could not sign in/);
    expect(judged(run).errors).toEqual([{ kind: 'sign-in refused', users: [expect.stringContaining('ghost-'), expect.stringContaining('ghost-')] }]);
  });
});
