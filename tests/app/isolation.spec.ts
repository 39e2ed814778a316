import { expect } from '@playwright/test';
import { get, history, lifecycleViolations, register, AppSocket, test } from './helpers.ts';

test.describe('isolation between users', () => {
  test("another user's conversation is a 404, like one that does not exist", async ({ app }) => {
    const alice = await register(app);
    const bob = await register(app);
    const socket = await AppSocket.connect(app, alice);
    const { ack } = await socket.ask('my secret plan');
    const stolen = await get(app, `/api/conversations/${ack.conversationId}`, bob.cookie);
    expect(stolen.status).toBe(404);
    const unknown = await get(app, '/api/conversations/c_doesnotexist', bob.cookie);
    expect(unknown.status).toBe(404);
    expect(await stolen.json()).toEqual(await unknown.json());
    expect(await (await get(app, '/api/conversations', bob.cookie)).json()).toEqual([]);
    expect((await history(app, alice, ack.conversationId)).events.length).toBeGreaterThan(1);
    await socket.close();
  });

  test("no event of a user's run reaches another user's socket", async ({ app }) => {
    const alice = await register(app);
    const bob = await register(app);
    const aliceSocket = await AppSocket.connect(app, alice);
    const bobSocket = await AppSocket.connect(app, bob);
    const { ack, events } = await aliceSocket.ask('convert 5 km to miles and calculate 12*7');
    expect(lifecycleViolations(events)).toEqual([]);
    await bobSocket.sync(); // anything sent to Bob before Alice's run ended is here now
    expect(bobSocket.received.map((e) => e.type)).toEqual(['hello', 'error']);
    expect(bobSocket.frames.some((f) => f.raw.includes(ack.conversationId) || f.raw.includes(alice.id))).toBe(false);
    await aliceSocket.close();
    await bobSocket.close();
  });

  test('many users at once each get exactly their own runs', async ({ app }) => {
    const users = await Promise.all(Array.from({ length: 6 }, () => register(app)));
    const sockets = await Promise.all(users.map((u) => AppSocket.connect(app, u)));
    const runs = await Promise.all(sockets.map((s, i) => s.ask(`calculate ${String(i)}*${String(i)} and search the docs for limits`)));
    for (const [i, socket] of sockets.entries()) {
      await socket.sync();
      const agentEvents = socket.received.filter((e) => e.runId !== undefined);
      expect(new Set(agentEvents.map((e) => e.userId))).toEqual(new Set([users[i]?.id]));
      expect(new Set(agentEvents.map((e) => e.runId))).toEqual(new Set([runs[i]?.ack.runId]));
      expect(lifecycleViolations(runs[i]?.events ?? [])).toEqual([]);
    }
    await Promise.all(sockets.map((s) => s.close()));
  });

  test("a resume of another user's conversation is refused and replays nothing", async ({ app }) => {
    const alice = await register(app);
    const bob = await register(app);
    const aliceSocket = await AppSocket.connect(app, alice);
    const { ack } = await aliceSocket.ask('calculate 6*7');
    const bobSocket = await AppSocket.connect(app, bob);
    bobSocket.send({ type: 'resume', conversationId: ack.conversationId, afterSeq: 0 });
    const error = await bobSocket.waitFor((f) => f.json?.type === 'error');
    expect(error.json?.data).toMatchObject({ code: 'not_found' });
    await bobSocket.sync();
    expect(bobSocket.received.map((e) => e.type)).toEqual(['hello', 'error', 'error']);
    // Nor does a later run of Alice's in that conversation reach Bob.
    await aliceSocket.ask('calculate 7*8', ack.conversationId);
    await bobSocket.sync();
    expect(bobSocket.received.filter((e) => e.runId !== undefined)).toEqual([]);
    await aliceSocket.close();
    await bobSocket.close();
  });

  test("a message into another user's conversation is refused and stores nothing", async ({ app }) => {
    const alice = await register(app);
    const bob = await register(app);
    const aliceSocket = await AppSocket.connect(app, alice);
    const { ack } = await aliceSocket.ask('hello');
    const before = await history(app, alice, ack.conversationId);
    const bobSocket = await AppSocket.connect(app, bob);
    bobSocket.send({ type: 'user_message', clientId: 'intruder', text: 'hi alice', conversationId: ack.conversationId });
    const error = await bobSocket.waitFor((f) => f.json?.type === 'error');
    expect(error.json?.data).toMatchObject({ code: 'not_found' });
    expect(await history(app, alice, ack.conversationId)).toEqual(before);
    await aliceSocket.close();
    await bobSocket.close();
  });
});
