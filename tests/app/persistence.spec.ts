import { expect } from '@playwright/test';
import { startApp } from '../../targets/app/server.ts';
import { get, history, lifecycleViolations, login, register, removeDir, tempDir, AppSocket, test, type Envelope } from './helpers.ts';

test.describe('persistence across a restart', () => {
  test('users, sessions, conversations and every event survive a restart on the same data dir', async () => {
    const dataDir = tempDir();
    const first = await startApp({ port: 0, dataDir, stepMs: 0 });
    const user = await register(first);
    const socket = await AppSocket.connect(first, user);
    const a = await socket.ask('convert 5 km to miles and calculate 12*7');
    await socket.ask('search the docs for history', a.ack.conversationId);
    const b = await socket.ask('hello again');
    const before = await history(first, user, a.ack.conversationId);
    const listBefore = (await (await get(first, '/api/conversations', user.cookie)).json()) as unknown[];
    await socket.close();
    await first.close();

    const second = await startApp({ port: 0, dataDir, stepMs: 0 });
    try {
      expect((await get(second, '/api/me', user.cookie)).status).toBe(200); // the session is stored too
      const again = await login(second, user.name, user.password);
      expect(again.id).toBe(user.id);
      expect(await history(second, again, a.ack.conversationId)).toEqual(before);
      expect(await (await get(second, '/api/conversations', again.cookie)).json()).toEqual(listBefore);
      expect((await history(second, again, b.ack.conversationId)).events).toHaveLength(5);

      // Resume replays the stored frames, and new runs continue the seq.
      const resumed = await AppSocket.connect(second, again);
      resumed.send({ type: 'resume', conversationId: a.ack.conversationId, afterSeq: 0 });
      await resumed.waitFor((f) => f.json?.type === 'resumed');
      const stored = before.events.filter((e) => e.seq !== undefined);
      expect(resumed.received.filter((e) => e.seq !== undefined)).toEqual(stored);
      const next = await resumed.ask('calculate 1+1', a.ack.conversationId);
      expect(next.events[0]?.seq).toBe((stored.at(-1)?.seq ?? 0) + 1);
      await resumed.close();
    } finally {
      await second.close();
      removeDir(dataDir);
    }
  });

  test('a run cut off by a shutdown is ended with agent_error at the next start', async () => {
    const dataDir = tempDir();
    const first = await startApp({ port: 0, dataDir, stepMs: 5_000 });
    const user = await register(first);
    const socket = await AppSocket.connect(first, user);
    const ack = await socket.sendMessage('calculate 2*2');
    await socket.waitFor((f) => f.json?.type === 'agent_started');
    await first.close();
    expect((await socket.closed).code).toBe(1001); // going away

    const second = await startApp({ port: 0, dataDir, stepMs: 0 });
    try {
      const { events } = await history(second, user, ack.conversationId);
      const run = events.filter((e: Envelope) => e.seq !== undefined);
      expect(run.map((e) => e.type)).toEqual(['agent_started', 'agent_error']);
      expect(run.at(-1)?.data).toEqual({ message: 'The server restarted before this run finished.' });
      expect(lifecycleViolations(run)).toEqual([]);
    } finally {
      await second.close();
      removeDir(dataDir);
    }
  });

  test('the default data dir is a fresh temp dir, removed on close', async () => {
    const app = await startApp({ port: 0 });
    const { existsSync } = await import('node:fs');
    expect(existsSync(`${app.dataDir}/chat.sqlite3`)).toBe(true);
    await app.close();
    expect(existsSync(app.dataDir)).toBe(false);
  });
});
