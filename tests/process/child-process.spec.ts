import { expect, test } from '@playwright/test';
import { startChild, type ChildSpec, type RunningChild } from '../../lib/process/child-process.ts';
import { freePort } from '../../lib/process/free-port.ts';

/** Whether a process, or with a negative id a process group, still exists. */
function exists(id: number): boolean {
  try {
    process.kill(id, 0);
    return true;
  } catch {
    return false;
  }
}

/** Which of the child's pid, its group and its grandchild's pid are still there. */
const leftOf = ({ child, grandchild }: { child: number; grandchild: number }): string[] =>
  [
    ...(exists(child) ? [`the child (pid ${String(child)})`] : []),
    ...(exists(-child) ? [`the child's group (${String(child)})`] : []),
    ...(exists(grandchild) ? [`the grandchild (pid ${String(grandchild)})`] : []),
  ];

/** tests/process/parent.ts, started and ready: its child and grandchild run. */
async function startParent(args: string[] = []): Promise<{ parent: RunningChild; child: number; grandchild: number }> {
  const parent = startChild({ name: 'the parent', command: process.execPath, args: ['--import', 'tsx', 'tests/process/parent.ts', ...args] });
  const [line] = await parent.waitForOutput(/^\{.*\}$/m, 30_000);
  const pids = JSON.parse(line) as { child: number; grandchild: number };
  expect(leftOf(pids)).toHaveLength(3);
  return { parent, ...pids };
}

const node = (name: string, script: string, extra: Partial<ChildSpec> = {}): ChildSpec => ({ name, command: process.execPath, args: ['-e', script], ...extra });

test.describe('a child process outlives no parent', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    test(`${signal} to the parent's group (as Ctrl-C or a CI cancel): the parent stops its child's group and exits ${String(code)}`, async () => {
      const { parent, ...pids } = await startParent();
      try {
        parent.signal(signal);
        expect(await parent.exited).toEqual({ code, signal: null });
        await expect.poll(() => leftOf(pids), { message: 'nothing of the child is left', timeout: 5_000 }).toEqual([]);
      } finally {
        await parent.stop();
      }
    });
  }

  test('the parent killed outright (SIGKILL): the reaper stops its child', async () => {
    const { parent, ...pids } = await startParent();
    parent.signal('SIGKILL');
    expect(await parent.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await expect.poll(() => leftOf(pids), { message: 'nothing of the child is left', timeout: 10_000 }).toEqual([]);
  });

  test('the parent exits without stopping its child: the child is killed as it exits', async () => {
    const { parent, ...pids } = await startParent(['--exit']);
    expect(await parent.exited).toEqual({ code: 3, signal: null });
    await expect.poll(() => leftOf(pids), { message: 'nothing of the child is left', timeout: 5_000 }).toEqual([]);
  });
});

test.describe('starting and stopping a child', () => {
  test('stop(): SIGTERM first, SIGKILL once the stop timeout passes', async () => {
    const child = startChild(node('a stubborn child', "process.on('SIGTERM', () => console.log('ignored')); console.log('ready'); setInterval(() => {}, 1000)", { stopTimeoutMs: 300 }));
    await child.waitForOutput(/^ready$/m, 10_000);
    expect(await child.stop()).toEqual({ code: null, signal: 'SIGKILL' });
    await child.closed;
    expect(child.output('stdout')).toBe('ready\nignored\n');
  });

  test('a child that exits before its ready line is refused, with its exit and stderr', async () => {
    const child = startChild(node('a failing child', "console.error('port taken'); process.exit(4)"));
    await expect(child.waitForOutput(/^ready$/m, 10_000)).rejects.toThrow(/^a failing child \(`.*node`\) exited 4 before it was ready: port taken$/);
  });

  test('a command that cannot be started is refused at once, naming it', () => {
    expect(() => startChild({ name: 'a missing tool', command: '/nonexistent/tool' })).toThrow('a missing tool: `/nonexistent/tool` could not be started (no such executable, or not executable)');
  });

  test('a child that never says it is ready is refused after the time given, and stopped', async () => {
    const child = startChild(node('a silent child', 'setInterval(() => {}, 1000)'));
    try {
      await expect(child.waitForOutput(/^ready$/m, 200)).rejects.toThrow('a silent child (`' + process.execPath + '`): printed nothing matching /^ready$/m on stdout within 200 ms');
    } finally {
      expect(await child.stop()).toEqual({ code: null, signal: 'SIGTERM' });
    }
  });

  test('ready once its URL answers; a URL that never answers is refused after the time given', async () => {
    const port = await freePort();
    const server = startChild(node('a server', `require('node:http').createServer((request, response) => response.end('ok')).listen(${String(port)}, '127.0.0.1')`));
    try {
      await server.waitForUrl(`http://127.0.0.1:${String(port)}/`, 10_000);
      await expect(server.waitForUrl(`http://127.0.0.1:${String(await freePort())}/`, 300)).rejects.toThrow(/: http:\/\/127\.0\.0\.1:\d+\/ did not answer within 300 ms$/);
    } finally {
      await server.stop();
    }
  });
});
