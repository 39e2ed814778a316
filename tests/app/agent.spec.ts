import { expect } from '@playwright/test';
import { lifecycleViolations, register, shape, AppSocket, test, type Envelope } from './helpers.ts';

const types = (events: Envelope[]): string[] => events.map((e) => e.type);
const toolPairs = (events: Envelope[]): unknown[] =>
  events.filter((e) => e.type === 'tool_executing' || e.type === 'tool_completed').map((e) => [e.type, e.data?.toolCallId]);

test.describe('agent: runs and their lifecycle', () => {
  test('every event is the envelope of the contract, with consecutive seqs', async ({ app }) => {
    const user = await register(app);
    const socket = await AppSocket.connect(app, user);
    const { ack, events } = await socket.ask('calculate 2 + 3 * 4');
    expect(lifecycleViolations(events)).toEqual([]);
    for (const event of events) {
      expect(Object.keys(event)).toEqual(['type', 'runId', 'userId', 'conversationId', 'seq', 'ts', 'data']);
      expect(event).toMatchObject({ runId: ack.runId, userId: user.id, conversationId: ack.conversationId });
      expect(new Date(String(event.ts)).toISOString()).toBe(event.ts);
    }
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    await socket.close();
  });

  test('no tool: a deterministic answer that quotes the message', async ({ app }) => {
    const socket = await AppSocket.connect(app, await register(app));
    const { events } = await socket.ask('Tell me a story');
    expect(types(events)).toEqual(['agent_started', 'agent_thinking', 'agent_thinking', 'agent_completed']);
    expect(events.at(-1)?.data).toEqual({ answer: 'You said: "Tell me a story". I can calculate, convert units and search the docs.' });
    await socket.close();
  });

  test('calculator: thinking names the tool, the tool call is paired, the answer states the result', async ({ app }) => {
    const socket = await AppSocket.connect(app, await register(app));
    const { events } = await socket.ask('what is (3+4)^2?');
    expect(types(events)).toEqual(['agent_started', 'agent_thinking', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_thinking', 'agent_completed']);
    expect(events[2]?.data).toEqual({ text: 'I need the calculator for (3+4)^2' });
    const [executing, completed] = [events[3], events[4]];
    expect(executing?.data).toEqual({ toolCallId: expect.stringMatching(/^t_/) as unknown, tool: 'calculator', input: { expression: '(3+4)^2' } });
    expect(completed?.data).toEqual({ toolCallId: executing?.data?.toolCallId, tool: 'calculator', output: '49' });
    expect(events.at(-1)?.data).toEqual({ answer: '(3+4)^2 = 49.' });
    await socket.close();
  });

  test('unit_convert', async ({ app }) => {
    const socket = await AppSocket.connect(app, await register(app));
    const { events } = await socket.ask('convert 100 celsius to fahrenheit');
    expect(lifecycleViolations(events)).toEqual([]);
    expect(events.find((e) => e.type === 'tool_completed')?.data).toMatchObject({ tool: 'unit_convert', output: '100 °C = 212 °F' });
    expect(events.at(-1)?.data).toEqual({ answer: '100 °C = 212 °F.' });
    await socket.close();
  });

  test('search_docs returns the top 3 snippets as output', async ({ app }) => {
    const socket = await AppSocket.connect(app, await register(app));
    const { events } = await socket.ask('search the docs for reconnect offline');
    expect(lifecycleViolations(events)).toEqual([]);
    const output = events.find((e) => e.type === 'tool_completed')?.data?.output as { title: string; snippet: string; score: number }[];
    expect(output.length).toBeGreaterThan(0);
    expect(output.length).toBeLessThanOrEqual(3);
    expect(output[0]?.title).toBe('Reconnecting after a dropped connection');
    expect(String(events.at(-1)?.data?.answer)).toContain('Reconnecting after a dropped connection');
    await socket.close();
  });

  test('two tools in one message: two paired calls, in the order they were asked', async ({ app }) => {
    const socket = await AppSocket.connect(app, await register(app));
    const { events } = await socket.ask('convert 5 km to miles and calculate 12*7');
    expect(lifecycleViolations(events)).toEqual([]);
    expect(types(events)).toEqual([
      'agent_started',
      'agent_thinking',
      'agent_thinking',
      'tool_executing',
      'tool_completed',
      'agent_thinking',
      'tool_executing',
      'tool_completed',
      'agent_thinking',
      'agent_completed',
    ]);
    const calls = events.filter((e) => e.type === 'tool_completed').map((e) => e.data);
    expect(calls).toEqual([
      { toolCallId: expect.any(String) as unknown, tool: 'unit_convert', output: '5 km = 3.107 mi' },
      { toolCallId: expect.any(String) as unknown, tool: 'calculator', output: '84' },
    ]);
    const ids = events.filter((e) => e.type === 'tool_executing').map((e) => e.data?.toolCallId);
    expect(new Set(ids).size).toBe(2);
    expect(toolPairs(events)).toEqual([
      ['tool_executing', ids[0]],
      ['tool_completed', ids[0]],
      ['tool_executing', ids[1]],
      ['tool_completed', ids[1]],
    ]);
    expect(events.at(-1)?.data).toEqual({ answer: '5 km = 3.107 mi. 12*7 = 84.' });
    await socket.close();
  });

});

test.describe('agent: runs and their lifecycle: failures', () => {
  test('a tool error is a tool_completed with error, and the agent still answers', async ({ app }) => {
    const socket = await AppSocket.connect(app, await register(app));
    const { events } = await socket.ask('calculate 1/0 and convert 5 km to kg');
    expect(lifecycleViolations(events)).toEqual([]);
    const completed = events.filter((e) => e.type === 'tool_completed').map((e) => e.data);
    expect(completed).toEqual([
      { toolCallId: expect.any(String) as unknown, tool: 'calculator', error: 'Division by zero' },
      { toolCallId: expect.any(String) as unknown, tool: 'unit_convert', error: 'Cannot convert length (km) to mass (kg)' },
    ]);
    expect(events.at(-1)?.data).toEqual({
      answer: 'The calculator failed: Division by zero. The unit converter failed: Cannot convert length (km) to mass (kg).',
    });
    await socket.close();
  });

  test('code in a calculation is a parse error, not executed', async ({ app }) => {
    const socket = await AppSocket.connect(app, await register(app));
    const { events } = await socket.ask('calculate process.exit()');
    expect(events.find((e) => e.type === 'tool_completed')?.data).toMatchObject({ error: 'Unexpected character "p" at position 1' });
    expect((await socket.ask('2+2')).events.at(-1)?.data).toEqual({ answer: '2+2 = 4.' }); // the server is alive
    await socket.close();
  });

  test('an internal failure ends the run with agent_error', async ({ app }) => {
    const socket = await AppSocket.connect(app, await register(app));
    const { events } = await socket.ask('simulate agent error');
    expect(lifecycleViolations(events)).toEqual([]);
    expect(types(events)).toEqual(['agent_started', 'agent_thinking', 'agent_error']);
    expect(events.at(-1)?.data).toEqual({ message: 'Simulated failure: the agent crashed while thinking' });
    await socket.close();
  });
});

test.describe('agent: determinism', () => {
  test('the same text gives the same event types and data, ids and times aside', async ({ app }) => {
    const alice = await AppSocket.connect(app, await register(app));
    const bob = await AppSocket.connect(app, await register(app));
    for (const text of ['convert 5 km to miles and calculate 12*7', 'search the docs for history', 'hello', 'calculate 1/0']) {
      const a = await alice.ask(text);
      const b = await bob.ask(text);
      const again = await alice.ask(text, a.ack.conversationId);
      expect(b.events.map(shape)).toEqual(a.events.map(shape));
      expect(again.events.map(shape)).toEqual(a.events.map(shape));
      expect(b.events[0]?.runId).not.toBe(a.events[0]?.runId);
    }
    await alice.close();
    await bob.close();
  });
});

test.describe('agent: step delay', () => {
  test.use({ appOptions: { stepMs: 40 } });

  test('events are spaced by AGENT_STEP_MS', async ({ app }) => {
    const socket = await AppSocket.connect(app, await register(app));
    const { events } = await socket.ask('calculate 2*21');
    const times = events.map((e) => Date.parse(String(e.ts)));
    for (let i = 1; i < times.length; i += 1) {
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(38);
    }
    await socket.close();
  });
});
