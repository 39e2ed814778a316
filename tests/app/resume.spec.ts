import { expect } from '@playwright/test';
import { lifecycleViolations, register, AppSocket, test, type Envelope } from './helpers.ts';

const seqsOf = (events: Envelope[]): number[] => events.map((e) => Number(e.seq));
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const TWO_TOOLS = 'convert 5 km to miles and calculate 12*7'; // 10 events

test.describe('resume after a dropped socket', () => {
  test.use({ appOptions: { stepMs: 25 } });

  test('a socket dropped mid-run resumes on a new one: nothing lost, nothing twice, in order', async ({ app }) => {
    const user = await register(app);
    const first = await AppSocket.connect(app, user);
    const ack = await first.sendMessage(TWO_TOOLS);
    await first.waitFor((f) => f.json?.type === 'tool_executing');
    first.ws.terminate(); // an abrupt drop
    await first.closed;
    const seen = first.eventsOf(ack.runId);
    const lastSeq = Math.max(...seqsOf(seen));

    const second = await AppSocket.connect(app, user);
    second.send({ type: 'resume', conversationId: ack.conversationId, afterSeq: lastSeq });
    const rest = await second.runEvents(ack.runId);
    expect(seqsOf(rest)).toEqual(range(lastSeq + 1, 10));
    const all = [...seen, ...rest];
    expect(seqsOf(all)).toEqual(range(1, 10));
    expect(lifecycleViolations(all)).toEqual([]);
    const resumed = second.received.find((e) => e.type === 'resumed');
    expect(resumed).toEqual({ type: 'resumed', conversationId: ack.conversationId, lastSeq: expect.any(Number) as unknown });
    await second.close();
  });

  test('a run that ended while no socket was open is replayed whole, then resumed', async ({ app }) => {
    const user = await register(app);
    const watcher = await AppSocket.connect(app, user); // a second tab, to know when the run ends
    const dropped = await AppSocket.connect(app, user);
    const ack = await dropped.sendMessage(TWO_TOOLS);
    dropped.ws.terminate();
    const live = await watcher.runEvents(ack.runId);

    const back = await AppSocket.connect(app, user);
    back.send({ type: 'resume', conversationId: ack.conversationId, afterSeq: 0 });
    await back.waitFor((f) => f.json?.type === 'resumed');
    const replayed = back.eventsOf(ack.runId);
    expect(replayed).toEqual(live); // byte-for-byte the same envelopes
    expect(back.received.at(-1)).toEqual({ type: 'resumed', conversationId: ack.conversationId, lastSeq: 10 });
    await Promise.all([watcher.close(), back.close()]);
  });

  test('a socket that opens mid-run gets nothing of that run until it resumes', async ({ app }) => {
    const user = await register(app);
    const first = await AppSocket.connect(app, user);
    const ack = await first.sendMessage(TWO_TOOLS);
    await first.waitFor((f) => f.json?.type === 'agent_thinking');
    const late = await AppSocket.connect(app, user);
    await first.runEvents(ack.runId);
    await late.sync();
    expect(late.eventsOf(ack.runId)).toEqual([]); // never half a run
    late.send({ type: 'resume', conversationId: ack.conversationId, afterSeq: 0 });
    await late.waitFor((f) => f.json?.type === 'resumed');
    expect(seqsOf(late.eventsOf(ack.runId))).toEqual(range(1, 10));
    await Promise.all([first.close(), late.close()]);
  });

  test('resuming while the run streams live to that socket sends no event twice', async ({ app }) => {
    const user = await register(app);
    const socket = await AppSocket.connect(app, user);
    const ack = await socket.sendMessage(TWO_TOOLS);
    await socket.waitFor((f) => f.json?.type === 'tool_executing');
    socket.send({ type: 'resume', conversationId: ack.conversationId, afterSeq: 0 }); // asks for all again
    const events = await socket.runEvents(ack.runId);
    expect(seqsOf(events)).toEqual(range(1, 10));
    expect(socket.received.filter((e) => e.type === 'resumed')).toHaveLength(1);
    await socket.close();
  });

  test('resume during the run on a reconnected socket, over and over, still adds up', async ({ app }) => {
    const user = await register(app);
    let socket = await AppSocket.connect(app, user);
    const ack = await socket.sendMessage(TWO_TOOLS);
    const got: Envelope[] = [];
    for (let drops = 0; drops < 3; drops += 1) {
      const from = socket.frames.length;
      await socket.waitFor((f) => f.json?.runId === ack.runId && f.json.type !== 'ack', from);
      socket.ws.terminate();
      await socket.closed;
      got.push(...socket.eventsOf(ack.runId));
      socket = await AppSocket.connect(app, user);
      socket.send({ type: 'resume', conversationId: ack.conversationId, afterSeq: Math.max(...seqsOf(got)) });
    }
    got.push(...(await socket.runEvents(ack.runId)));
    expect(seqsOf(got)).toEqual(range(1, 10));
    expect(lifecycleViolations(got)).toEqual([]);
    await socket.close();
  });

  test('two tabs of the same user both get every event of a run', async ({ app }) => {
    const user = await register(app);
    const tab1 = await AppSocket.connect(app, user);
    const tab2 = await AppSocket.connect(app, user);
    const ack = await tab1.sendMessage(TWO_TOOLS);
    const [a, b] = await Promise.all([tab1.runEvents(ack.runId), tab2.runEvents(ack.runId)]);
    expect(b).toEqual(a);
    expect(lifecycleViolations(a)).toEqual([]);
    expect(tab2.received.some((e) => e.type === 'ack')).toBe(false); // the ack is for the sender
    await Promise.all([tab1.close(), tab2.close()]);
  });

  test('a resume past the end replays nothing and reports the real last seq', async ({ app }) => {
    const user = await register(app);
    const socket = await AppSocket.connect(app, user);
    const { ack } = await socket.ask('hello');
    const from = socket.frames.length;
    socket.send({ type: 'resume', conversationId: ack.conversationId, afterSeq: 99 });
    await socket.waitFor((f) => f.json?.type === 'resumed', from);
    expect(socket.received.slice(-1)).toEqual([{ type: 'resumed', conversationId: ack.conversationId, lastSeq: 4 }]);
    expect(socket.frames).toHaveLength(from + 1);
    await socket.close();
  });
});
