import { expect } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { history, lifecycleViolations, register, AppSocket, test } from './helpers.ts';

test.describe('socket: connecting', () => {
  test('a signed-in socket is greeted with hello {userId, ts}', async ({ app }) => {
    const user = await register(app);
    const socket = await AppSocket.connect(app, user);
    const [hello] = socket.received;
    expect(hello).toEqual({ type: 'hello', userId: user.id, ts: expect.any(String) as unknown });
    expect(Number.isNaN(Date.parse(String(hello?.ts)))).toBe(false);
    await socket.close();
  });

  test('a socket without a session is closed with 4401 and gets no data', async ({ app }) => {
    const socket = await AppSocket.open(app);
    const closed = await socket.closed;
    expect(closed.code).toBe(4401);
    expect(socket.frames).toEqual([]);
  });

  test('a browser page of another origin cannot open a socket, even with the cookie', async ({ app }) => {
    const user = await register(app);
    const status = (origin: string): Promise<number> =>
      new Promise((resolve) => {
        const ws = new WebSocket(`${app.url.replace(/^http/, 'ws')}/ws`, { headers: { cookie: user.cookie }, origin });
        ws.on('unexpected-response', (_request, response) => {
          resolve(response.statusCode ?? 0);
        });
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
      });
    expect(await status('http://evil.example')).toBe(403);
    expect(await status(app.url)).toBe(101);
  });

  test('a socket with a made-up session is closed with 4401 and gets no data', async ({ app }) => {
    const socket = await AppSocket.open(app, 'sid=not-a-real-session');
    expect((await socket.closed).code).toBe(4401);
    expect(socket.frames).toEqual([]);
  });
});

test.describe('socket: bad input gets an error frame, never a crash', () => {
  const cases: [string, unknown, string][] = [
    ['malformed JSON', '{"type": "user_message", ', 'bad_json'],
    ['a JSON array', '[1, 2]', 'bad_request'],
    ['a frame with no type', { text: 'hi' }, 'bad_request'],
    ['an unknown type', { type: 'make_coffee' }, 'unknown_type'],
    ['a message without clientId', { type: 'user_message', text: 'hi' }, 'bad_request'],
    ['a message without text', { type: 'user_message', clientId: 'c1' }, 'bad_request'],
    ['a message whose text is a number', { type: 'user_message', clientId: 'c1', text: 5 }, 'bad_request'],
    ['an empty message', { type: 'user_message', clientId: 'c1', text: '' }, 'empty'],
    ['a blank message', { type: 'user_message', clientId: 'c1', text: ' \n\t ' }, 'empty'],
    ['a message over 8192 characters', { type: 'user_message', clientId: 'c1', text: 'x'.repeat(8193) }, 'too_long'],
    ['a message to an unknown conversation', { type: 'user_message', clientId: 'c1', text: 'hi', conversationId: 'c_nope' }, 'not_found'],
    ['a resume without afterSeq', { type: 'resume', conversationId: 'c_nope' }, 'bad_request'],
    ['a resume with a negative afterSeq', { type: 'resume', conversationId: 'c_nope', afterSeq: -1 }, 'bad_request'],
    ['a resume of an unknown conversation', { type: 'resume', conversationId: 'c_nope', afterSeq: 0 }, 'not_found'],
    ['a bench_burst when bench mode is off', { type: 'bench_burst', count: 10 }, 'unknown_type'],
  ];

  for (const [what, frame, code] of cases) {
    test(`${what} → error ${code}, and the socket keeps working`, async ({ app }) => {
      const user = await register(app);
      const socket = await AppSocket.connect(app, user);
      const { ack } = await socket.ask('first, a good one');
      const before = await history(app, user, ack.conversationId);
      const from = socket.frames.length;
      socket.send(frame);
      const error = await socket.waitFor((f) => f.json?.type === 'error', from);
      expect(error.json).toEqual({ type: 'error', data: expect.objectContaining({ code, message: expect.any(String) }) as unknown });
      // Still served, and what was stored is intact.
      const { events } = await socket.ask('calculate 1+1', ack.conversationId);
      expect(lifecycleViolations(events)).toEqual([]);
      const after = await history(app, user, ack.conversationId);
      expect(after.events.slice(0, before.events.length)).toEqual(before.events);
      expect(after.events.filter((e) => e.type === 'user_message').map((e) => e.data?.text)).toEqual(['first, a good one', 'calculate 1+1']);
      await socket.close();
    });
  }

  test('exactly 8192 characters is accepted', async ({ app }) => {
    const socket = await AppSocket.connect(app, await register(app));
    const { events } = await socket.ask('y'.repeat(8192));
    expect(events.at(-1)?.type).toBe('agent_completed');
    await socket.close();
  });

  test('a frame over 64 KiB closes the socket (1009) and the server goes on', async ({ app }) => {
    const user = await register(app);
    const socket = await AppSocket.connect(app, user);
    socket.send({ type: 'user_message', clientId: 'big', text: 'x'.repeat(70 * 1024) });
    expect((await socket.closed).code).toBe(1009);
    const next = await AppSocket.connect(app, user);
    expect((await next.ask('still there?')).events.at(-1)?.type).toBe('agent_completed');
    await next.close();
  });
});

test.describe('socket: messages', () => {
  test('a message without conversationId starts a new conversation titled by its first 60 characters', async ({ app }) => {
    const user = await register(app);
    const socket = await AppSocket.connect(app, user);
    const text = `A rather long first message that goes on and on well past sixty characters`;
    const ack = await socket.sendMessage(text);
    expect(ack).toEqual({
      type: 'ack',
      runId: expect.stringMatching(/^r_/) as unknown,
      userId: user.id,
      conversationId: expect.stringMatching(/^c_/) as unknown,
      ts: expect.any(String) as unknown,
      data: { clientId: expect.any(String) as unknown, messageId: expect.stringMatching(/^m_/) as unknown },
    });
    expect(ack).not.toHaveProperty('seq'); // the ack is not an agent event
    await socket.runEvents(ack.runId);
    const { conversation } = await history(app, user, ack.conversationId);
    expect(conversation.title).toBe(text.slice(0, 60));
    await socket.close();
  });

  test('the ack comes before the run and names the message the run answers', async ({ app }) => {
    const socket = await AppSocket.connect(app, await register(app));
    const from = socket.frames.length;
    const { ack, events } = await socket.ask('hi');
    const types = socket.received.slice(from).map((e) => e.type);
    expect(types.indexOf('ack')).toBeLessThan(types.indexOf('agent_started'));
    expect(events[0]?.data).toEqual({ messageId: ack.data?.messageId });
    await socket.close();
  });

  test('sending the same clientId twice stores and runs it once', async ({ app }) => {
    const user = await register(app);
    const socket = await AppSocket.connect(app, user);
    const clientId = randomUUID();
    socket.send({ type: 'user_message', clientId, text: 'only once' });
    const first = await socket.waitFor((f) => f.json?.type === 'ack');
    await socket.runEvents(String(first.json?.runId));
    const from = socket.frames.length;
    socket.send({ type: 'user_message', clientId, text: 'only once' });
    const second = await socket.waitFor((f) => f.json?.type === 'ack', from);
    expect(second.json?.runId).toBe(first.json?.runId);
    expect(second.json?.data).toEqual(first.json?.data);
    await socket.sync();
    expect(socket.received.slice(from).map((e) => e.type)).toEqual(['ack', 'error']); // the error is the sync probe
    const { events } = await history(app, user, String(first.json?.conversationId));
    expect(events.filter((e) => e.type === 'user_message')).toHaveLength(1);
    await socket.close();
  });

  test('a message while a run is going is queued: its run starts after the first ends', async ({ app }) => {
    const socket = await AppSocket.connect(app, await register(app));
    const first = await socket.sendMessage('calculate 2*3');
    const second = await socket.sendMessage('calculate 4*5', first.conversationId);
    const a = await socket.runEvents(first.runId);
    const b = await socket.runEvents(second.runId);
    expect(lifecycleViolations(a)).toEqual([]);
    expect(lifecycleViolations(b)).toEqual([]);
    const order = socket.received.filter((e) => e.type.startsWith('agent_') || e.type.startsWith('tool_')).map((e) => e.runId);
    expect(order).toEqual([...a.map(() => first.runId), ...b.map(() => second.runId)]);
    expect(b[0]?.seq).toBe((a.at(-1)?.seq ?? 0) + 1); // seq goes on over the conversation
    await socket.close();
  });
});

test.describe('socket: bench mode', () => {
  test.use({ appOptions: { stepMs: 0, benchMode: true } });

  test('bench_burst sends N numbered frames then bench_done', async ({ app }) => {
    const socket = await AppSocket.connect(app, await register(app));
    socket.send({ type: 'bench_burst', count: 5000 });
    await socket.waitFor((f) => f.json?.type === 'bench_done');
    const bench = socket.received.filter((e) => e.type === 'bench');
    expect(bench).toHaveLength(5000);
    expect(bench.map((e) => e.seq)).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
    expect(bench[41]).toEqual({ type: 'bench', seq: 42, data: { i: 42 } });
    expect(socket.received.at(-1)).toEqual({ type: 'bench_done', data: { count: 5000 } });
    await socket.close();
  });

  test('bench_burst refuses a count out of 1..200000', async ({ app }) => {
    const socket = await AppSocket.connect(app, await register(app));
    for (const count of [0, 200_001, 1.5, 'ten']) {
      const from = socket.frames.length;
      socket.send({ type: 'bench_burst', count });
      const error = await socket.waitFor((f) => f.json?.type === 'error', from);
      expect(error.json?.data?.code).toBe('bad_request');
    }
    await socket.close();
  });
});
