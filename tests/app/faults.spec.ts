import { expect } from '@playwright/test';
import { FaultError, parseFaults } from '../../targets/app/faults.ts';
import { startApp } from '../../targets/app/server.ts';
import { get, history, register, AppSocket, test, type Envelope } from './helpers.ts';

const TOOL_RUN = 'calculate 6*7';
const types = (events: Envelope[]): string[] => events.map((e) => e.type);

test.describe('faults: parsing', () => {
  test('known faults parse, with their arguments', () => {
    const faults = parseFaults(['drop:tool_completed', 'duplicate:agent_thinking', 'leak', 'slow:25', 'xss']);
    expect(faults.names).toEqual(['drop:tool_completed', 'duplicate:agent_thinking', 'leak', 'slow:25', 'xss']);
    expect([...faults.drop]).toEqual(['tool_completed']);
    expect([...faults.duplicate]).toEqual(['agent_thinking']);
    expect(faults.slowMs).toBe(25);
    expect(faults.has('leak')).toBe(true);
    expect(faults.has('stall')).toBe(false);
  });

  const bad: [string, RegExp][] = [
    ['teleport', /Unknown fault "teleport"/],
    ['drop', /drop needs an agent event/],
    ['drop:agent_dancing', /drop needs an agent event \(agent_started, agent_thinking, tool_executing, tool_completed, agent_completed\)/],
    ['duplicate:', /duplicate needs an agent event/],
    ['slow:abc', /slow needs milliseconds/],
    ['slow:0', /slow needs milliseconds/],
    ['leak:all', /leak takes no argument/],
    ['drop:tool_completed:2', /too many ":" parts/],
  ];
  for (const [name, message] of bad) {
    test(`"${name}" is refused, naming it and listing the allowed faults`, async () => {
      expect(() => parseFaults([name])).toThrow(FaultError);
      expect(() => parseFaults([name])).toThrow(message);
      expect(() => parseFaults([name])).toThrow(/Allowed: drop:<event>, duplicate:<event>, reorder, leak, malformed, stall, wrong-answer, ui-stale, no-reconnect, history-loss, xss, ignore-stop, slow:<ms>/);
      await expect(startApp({ port: 0, faults: [name] })).rejects.toThrow(message);
    });
  }
});

test.describe('fault drop:<event>', () => {
  test.use({ appOptions: { stepMs: 0, faults: ['drop:tool_completed'] } });

  test('that event type is never sent, live or on resume (but it is stored)', async ({ app }) => {
    const user = await register(app);
    const socket = await AppSocket.connect(app, user);
    const ack = await socket.sendMessage(TOOL_RUN);
    const events = await socket.runEvents(ack.runId);
    expect(types(events)).toEqual(['agent_started', 'agent_thinking', 'agent_thinking', 'tool_executing', 'agent_thinking', 'agent_completed']);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 6, 7]);
    const other = await AppSocket.connect(app, user);
    other.send({ type: 'resume', conversationId: ack.conversationId, afterSeq: 0 });
    await other.waitFor((f) => f.json?.type === 'resumed');
    expect(types(other.eventsOf(ack.runId))).not.toContain('tool_completed');
    expect(types((await history(app, user, ack.conversationId)).events)).toContain('tool_completed');
    await Promise.all([socket.close(), other.close()]);
  });
});

test.describe('fault duplicate:<event>', () => {
  test.use({ appOptions: { stepMs: 0, faults: ['duplicate:agent_thinking'] } });

  test('that event is sent twice with the same seq', async ({ app }) => {
    const socket = await AppSocket.connect(app, await register(app));
    const { events } = await socket.ask(TOOL_RUN);
    const thinking = events.filter((e) => e.type === 'agent_thinking');
    expect(thinking).toHaveLength(6);
    expect(thinking.map((e) => e.seq)).toEqual([2, 2, 3, 3, 6, 6]);
    expect(thinking[0]).toEqual(thinking[1]);
    await socket.close();
  });
});

test.describe('fault reorder', () => {
  test.use({ appOptions: { stepMs: 0, faults: ['reorder'] } });

  test('with a tool: the first tool_completed arrives before its tool_executing', async ({ app }) => {
    const socket = await AppSocket.connect(app, await register(app));
    const { events } = await socket.ask('convert 5 km to miles and calculate 12*7');
    const order = events.filter((e) => e.type.startsWith('tool_')).map((e) => [e.type, e.seq]);
    expect(order).toEqual([
      ['tool_completed', 5],
      ['tool_executing', 4],
      ['tool_executing', 7],
      ['tool_completed', 8],
    ]);
    await socket.close();
  });

  test('without a tool: the last agent_thinking arrives after agent_completed', async ({ app }) => {
    const socket = await AppSocket.connect(app, await register(app));
    const ack = await socket.sendMessage('hello');
    await socket.waitFor((f) => f.json?.runId === ack.runId && f.json.seq === 3);
    expect(types(socket.eventsOf(ack.runId))).toEqual(['agent_started', 'agent_thinking', 'agent_completed', 'agent_thinking']);
    expect(socket.eventsOf(ack.runId).map((e) => e.seq)).toEqual([1, 2, 4, 3]);
    await socket.close();
  });
});

test.describe('fault leak', () => {
  test.use({ appOptions: { stepMs: 0, faults: ['leak'] } });

  test("every agent event also reaches other users' sockets", async ({ app }) => {
    const alice = await register(app);
    const bobSocket = await AppSocket.connect(app, await register(app));
    const aliceSocket = await AppSocket.connect(app, alice);
    const { ack, events } = await aliceSocket.ask(TOOL_RUN);
    await bobSocket.sync();
    expect(bobSocket.eventsOf(ack.runId)).toEqual(events);
    expect(bobSocket.eventsOf(ack.runId)[0]?.userId).toBe(alice.id);
    await Promise.all([aliceSocket.close(), bobSocket.close()]);
  });
});

test.describe('fault malformed', () => {
  test.use({ appOptions: { stepMs: 0, faults: ['malformed'] } });

  test('one frame per run is broken JSON in place of an agent_thinking', async ({ app }) => {
    const user = await register(app);
    const socket = await AppSocket.connect(app, user);
    for (const text of [TOOL_RUN, 'hello']) {
      const from = socket.frames.length;
      const { ack, events } = await socket.ask(text);
      const broken = socket.frames.slice(from).filter((f) => f.json === undefined);
      expect(broken).toHaveLength(1);
      expect(broken[0]?.raw).toMatch(/^\{"type":"agent_thinking"/);
      const stored = (await history(app, user, ack.conversationId)).events.filter((e) => e.runId === ack.runId && e.seq !== undefined);
      const missing = stored.filter((e) => !events.some((got) => got.seq === e.seq));
      expect(types(missing)).toEqual(['agent_thinking']);
    }
    await socket.close();
  });
});

test.describe('fault stall', () => {
  test.use({ appOptions: { stepMs: 0, faults: ['stall'] } });

  test('the run never sends agent_completed', async ({ app }) => {
    const user = await register(app);
    const socket = await AppSocket.connect(app, user);
    const first = await socket.sendMessage(TOOL_RUN);
    // The next message's run starts only once the first run has passed its last step.
    const second = await socket.sendMessage('hello', first.conversationId);
    await socket.waitFor((f) => f.json?.runId === second.runId && f.json.type === 'agent_started');
    const run = socket.eventsOf(first.runId);
    expect(types(run).at(-1)).toBe('agent_thinking');
    expect(types(run)).not.toContain('agent_completed');
    expect(types((await history(app, user, first.conversationId)).events)).not.toContain('agent_completed');
    await socket.close();
  });
});

test.describe('fault history-loss', () => {
  test.use({ appOptions: { stepMs: 0, faults: ['history-loss'] } });

  test('events are sent live but not persisted: the history is empty', async ({ app }) => {
    const user = await register(app);
    const socket = await AppSocket.connect(app, user);
    const { ack, events } = await socket.ask(TOOL_RUN);
    expect(types(events).at(-1)).toBe('agent_completed');
    const { conversation, events: stored } = await history(app, user, ack.conversationId);
    expect(conversation.id).toBe(ack.conversationId);
    expect(stored).toEqual([]);
    await socket.close();
  });
});

test.describe('fault slow:<ms>', () => {
  test.use({ appOptions: { stepMs: 0, faults: ['slow:40'] } });

  test('every step takes that much longer', async ({ app }) => {
    const socket = await AppSocket.connect(app, await register(app));
    const { events } = await socket.ask('hello');
    const times = events.map((e) => Date.parse(String(e.ts)));
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(3 * 38);
    expect(await (await get(app, '/api/health')).json()).toMatchObject({ faults: ['slow:40'] });
    await socket.close();
  });
});

test.describe('faults that live in the UI', () => {
  test.use({ appOptions: { stepMs: 0, faults: ['wrong-answer', 'ui-stale', 'no-reconnect', 'xss'] } });

  test('are reported by /api/config and in the page, and the wire stays correct', async ({ app }) => {
    const expected = ['wrong-answer', 'ui-stale', 'no-reconnect', 'xss'];
    expect(await (await get(app, '/api/config')).json()).toEqual({ faults: expected });
    expect(await (await get(app, '/api/health')).json()).toMatchObject({ faults: expected });
    const html = await (await get(app, '/')).text();
    expect(html).toContain(`{"faults":${JSON.stringify(expected)},`);
    const socket = await AppSocket.connect(app, await register(app));
    const { events } = await socket.ask(TOOL_RUN);
    expect(events.at(-1)?.data).toEqual({ answer: '6*7 = 42.' });
    await socket.close();
  });

  test('xss also drops the Content-Security-Policy, so injected markup could run', async ({ app }) => {
    expect((await get(app, '/')).headers.get('content-security-policy')).toBeNull();
  });

  test('the bundle has the code each UI fault switches on', async ({ app }) => {
    const js = await (await get(app, '/assets/app.js')).text();
    for (const name of ['wrong-answer', 'ui-stale', 'no-reconnect', 'xss']) expect(js).toContain(`"${name}"`);
    expect(js).toContain('innerHTML');
  });
});
