import { expect } from '@playwright/test';
import { parseSse } from '../../lib/events/sse.ts';
import { register, test, type TestUser } from './helpers.ts';
import type { RunningApp } from '../../targets/app/server.ts';

/** POST /api/sse with `message`, read to its end: the SSE events and the response's status and type. */
async function streamOf(app: RunningApp, user: TestUser | undefined, message: unknown, lastEventId?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (user) headers.cookie = user.cookie;
  if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
  const response = await fetch(`${app.url}/api/sse`, { method: 'POST', headers, body: JSON.stringify(message) });
  const body = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), events: parseSse(body), body };
}

const typesOf = (events: { data: string }[]) => events.map((event) => (JSON.parse(event.data) as { type: string }).type);

test.describe('agent runs over Server-Sent Events (POST /api/sse)', () => {
  test('a message is answered with its ack and its run, each agent event with its seq as id, and the stream ends with the run', async ({ app }) => {
    const alice = await register(app);
    const { status, type, events } = await streamOf(app, alice, { type: 'user_message', clientId: 'c-1', text: 'calculate 6*7' });
    expect(status).toBe(200);
    expect(type).toBe('text/event-stream; charset=utf-8');
    const types = typesOf(events);
    expect(types.slice(0, 2)).toEqual(['ack', 'agent_started']);
    expect(types).toContain('tool_completed');
    expect(types.at(-1), 'the stream ends with its run').toBe('agent_completed');
    expect(events[0]?.id).toBe('');
    expect(events.slice(1).map((event) => event.id)).toEqual(events.slice(1).map((event) => String((JSON.parse(event.data) as { seq: number }).seq)));
  });

  test('a resume with Last-Event-ID replays only what came after it', async ({ app }) => {
    const alice = await register(app);
    const first = await streamOf(app, alice, { type: 'user_message', clientId: 'c-1', text: 'calculate 6*7' });
    const conversationId = (JSON.parse(first.events[0]?.data ?? '{}') as { conversationId: string }).conversationId;
    const lastSeq = Number(first.events.at(-1)?.id);
    const resumed = await streamOf(app, alice, { type: 'resume', conversationId }, '4');
    // The `resumed` frame has no seq: the last event id stays in force, as SSE defines it.
    expect(resumed.events.map((event) => event.id)).toEqual([...Array.from({ length: lastSeq - 4 }, (_, i) => String(i + 5)), String(lastSeq)]);
    expect(typesOf(resumed.events).at(-1)).toBe('resumed');
  });

  test('without a session the answer is a 401, not a stream; a bad request ends the stream with its error', async ({ app }) => {
    const anonymous = await streamOf(app, undefined, { type: 'user_message', clientId: 'c-1', text: 'hi' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.type).toMatch(/^application\/json/);
    const alice = await register(app);
    const empty = await streamOf(app, alice, { type: 'user_message', clientId: 'c-2', text: '   ' });
    expect(empty.events.map((event) => JSON.parse(event.data) as unknown)).toEqual([{ type: 'error', data: { message: 'The message is empty', code: 'empty', clientId: 'c-2' } }]);
  });
});

test.describe('Server-Sent Events: bench mode', () => {
  test.use({ appOptions: { stepMs: 0, benchMode: true } });

  test('bench_burst streams N numbered events, each with its number as id, then bench_done, and the stream ends', async ({ app }) => {
    const { status, events } = await streamOf(app, await register(app), { type: 'bench_burst', count: 5000 });
    expect(status).toBe(200);
    const bench = events.slice(0, -1);
    expect(bench.map((event) => event.id)).toEqual(Array.from({ length: 5000 }, (_, i) => String(i + 1)));
    expect(JSON.parse(bench[41]?.data ?? '')).toEqual({ type: 'bench', seq: 42, data: { i: 42 } });
    expect(JSON.parse(events.at(-1)?.data ?? '')).toEqual({ type: 'bench_done', data: { count: 5000 } });
  });
});
