import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { referenceAppSpec } from '../../lib/process/app-process.ts';
import { startChild, type RunningChild } from '../../lib/process/child-process.ts';
import { optionsFromEnv } from '../../targets/app/options.ts';
import { register, removeDir, tempDir, AppSocket } from './helpers.ts';

/** `node --import tsx targets/app/main.ts` with only `env` (and PATH, HOME): what the app reads is what the test says. */
const runMain = (env: Record<string, string>): RunningChild => startChild(referenceAppSpec({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, true));

/** Alive and not a zombie: an exited app that its adoptive parent has not reaped yet has stopped. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/\) Z /.test(readFileSync(`/proc/${String(pid)}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

test.describe('main.ts (npm run app)', () => {
  test('prints one ready line, serves, and shuts down gracefully on SIGTERM', async () => {
    const dataDir = tempDir();
    const run = runMain({ PORT: '0', DATA_DIR: dataDir, AGENT_STEP_MS: '0' });
    try {
      const [, line = ''] = await run.waitForOutput(/^(.*)\n/, 30_000);
      expect(line).toMatch(/^chat app listening on http:\/\/127\.0\.0\.1:\d+$/);
      const url = line.replace('chat app listening on ', '');
      const port = Number(new URL(url).port);
      const app = { url, port, dataDir, close: () => Promise.resolve() };
      expect(await (await fetch(`${url}/api/health`)).json()).toMatchObject({ ok: true, faults: [] });
      const socket = await AppSocket.connect(app, await register(app));
      run.signal('SIGTERM');
      expect((await socket.closed).code).toBe(1001);
      expect(await run.closed).toEqual({ code: 0, signal: null });
      expect(run.output('stdout')).toBe(`${line}\n`);
    } finally {
      await run.stop();
      removeDir(dataDir);
    }
  });

  test('with STOP_WITH_PARENT=1, stops when the process that started it is killed outright', async () => {
    // A shell stands for the test runner: it starts the app, says its pid, and is then killed.
    const runner = startChild({
      name: 'a shell standing for the runner',
      command: 'node --import tsx targets/app/main.ts & echo "$!"; wait',
      shell: true,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', STOP_WITH_PARENT: '1' },
      cleanEnv: true,
    });
    try {
      const [, appPid = ''] = await runner.waitForOutput(/^(\d+)\nchat app listening on /m, 30_000);
      // The shell alone, not its group: the app must see its parent go and stop by itself.
      process.kill(runner.pid, 'SIGKILL');
      await expect.poll(() => isRunning(Number(appPid)), { message: `the app (pid ${appPid}) stops once its parent is gone` }).toBe(false);
    } finally {
      await runner.stop();
    }
  });

  const bad: [Record<string, string>, RegExp][] = [
    [{ PORT: 'abc' }, /Invalid PORT="abc": expected an integer from 0 to 65535/],
    [{ PORT: '70000' }, /Invalid PORT="70000"/],
    [{ AGENT_STEP_MS: '-5' }, /Invalid AGENT_STEP_MS="-5"/],
    [{ SESSION_TTL_MS: '10' }, /Invalid SESSION_TTL_MS="10": expected an integer from 1000/],
    [{ BENCH_MODE: 'yes' }, /Invalid BENCH_MODE="yes": expected 1 \(on\) or 0 \(off\)/],
    [{ STOP_WITH_PARENT: 'always' }, /Invalid STOP_WITH_PARENT="always": expected 1 \(on\) or 0 \(off\)/],
    [{ HOST: 'bad host!' }, /Invalid HOST="bad host!"/],
    [{ FAULTS: 'leak,bogus' }, /Invalid FAULTS: Unknown fault "bogus"\. Allowed: drop:<event>, duplicate:<event>, reorder, leak/],
    [{ FAULTS: 'drop:nothing' }, /Invalid FAULTS: Bad fault "drop:nothing"/],
  ];

  test('a wrong setting exits 1 naming the variable and what is allowed', async () => {
    const runs = bad.map(([env]) => runMain({ PORT: '0', ...env }));
    const exits = await Promise.all(runs.map((run) => run.closed));
    expect(exits).toEqual(bad.map(() => ({ code: 1, signal: null })));
    runs.forEach((run, i) => {
      expect(run.output('stderr')).toMatch(bad[i]?.[1] ?? /never/);
      expect(run.output('stdout')).toBe('');
    });
  });
});

test.describe('options from the environment', () => {
  test('defaults', () => {
    expect(optionsFromEnv({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: undefined,
      stepMs: 60,
      faults: [],
      transport: 'ws',
      sessionTtlMs: 3_600_000,
      benchMode: false,
      stopWithParent: false,
    });
  });

  test('every variable is read', () => {
    expect(
      optionsFromEnv({ PORT: '0', HOST: '0.0.0.0', DATA_DIR: '/tmp/x', AGENT_STEP_MS: '5', FAULTS: ' leak , slow:10 ', TRANSPORT: 'sse', SESSION_TTL_MS: '5000', BENCH_MODE: '1', STOP_WITH_PARENT: '1' }),
    ).toEqual({ port: 0, host: '0.0.0.0', dataDir: '/tmp/x', stepMs: 5, faults: ['leak', 'slow:10'], transport: 'sse', sessionTtlMs: 5000, benchMode: true, stopWithParent: true });
  });

  test('a TRANSPORT that is neither ws nor sse is refused, naming it', () => {
    expect(() => optionsFromEnv({ TRANSPORT: 'grpc' })).toThrow('Invalid TRANSPORT="grpc": expected ws (a WebSocket) or sse (Server-Sent Events).');
  });
});
