import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { optionsFromEnv } from '../../targets/app/options.ts';
import { register, removeDir, tempDir, AppSocket } from './helpers.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function runMain(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'targets/app/main.ts'], {
    cwd: repo,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      resolve(code);
    });
  });
  return { child, stdout: () => out, stderr: () => err, exit };
}

function firstLine(run: Run): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const newline = run.stdout().indexOf('\n');
      if (newline >= 0) resolve(run.stdout().slice(0, newline));
    };
    run.child.stdout?.on('data', check);
    void run.exit.then((code) => {
      reject(new Error(`exited ${String(code)} before it was ready: ${run.stderr()}`));
    });
    check();
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Leaves no app behind when the test fails half-way (pid 0 or NaN: never started). */
function killIfRunning(pid: number): void {
  if (pid > 0 && isRunning(pid)) process.kill(pid, 'SIGKILL');
}

test.describe('main.ts (npm run app)', () => {
  test('prints one ready line, serves, and shuts down gracefully on SIGTERM', async () => {
    const dataDir = tempDir();
    const run = runMain({ PORT: '0', DATA_DIR: dataDir, AGENT_STEP_MS: '0' });
    try {
      const line = await firstLine(run);
      expect(line).toMatch(/^chat app listening on http:\/\/127\.0\.0\.1:\d+$/);
      const url = line.replace('chat app listening on ', '');
      const port = Number(new URL(url).port);
      const app = { url, port, dataDir, close: () => Promise.resolve() };
      expect(await (await fetch(`${url}/api/health`)).json()).toMatchObject({ ok: true, faults: [] });
      const socket = await AppSocket.connect(app, await register(app));
      run.child.kill('SIGTERM');
      expect((await socket.closed).code).toBe(1001);
      expect(await run.exit).toBe(0);
      expect(run.stdout()).toBe(`${line}\n`);
    } finally {
      run.child.kill('SIGKILL');
      removeDir(dataDir);
    }
  });

  test('with STOP_WITH_PARENT=1, stops when the process that started it is killed outright', async () => {
    // A shell stands for the test runner: it starts the app, says its pid, and is then killed.
    const runner = spawn('sh', ['-c', 'node --import tsx targets/app/main.ts & echo "$!"; wait'], {
      cwd: repo,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', STOP_WITH_PARENT: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    runner.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const appPid = (): number => Number(out.split('\n')[0]);
    try {
      await expect.poll(() => /chat app listening on /.test(out), { message: 'the app is ready' }).toBe(true);
      runner.kill('SIGKILL');
      await expect.poll(() => isRunning(appPid()), { message: `the app (pid ${String(appPid())}) stops once its parent is gone` }).toBe(false);
    } finally {
      runner.kill('SIGKILL');
      killIfRunning(appPid());
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
    const codes = await Promise.all(runs.map((r) => r.exit));
    expect(codes).toEqual(bad.map(() => 1));
    runs.forEach((run, i) => {
      expect(run.stderr()).toMatch(bad[i]?.[1] ?? /never/);
      expect(run.stdout()).toBe('');
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
