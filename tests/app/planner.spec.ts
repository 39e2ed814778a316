import { test, expect } from '@playwright/test';
import { plan } from '../../targets/app/agent/planner.ts';
import { agentScript, composeAnswer, DELIBERATE_STEPS, THOROUGH_TOOL_MS } from '../../targets/app/agent/script.ts';

test.describe('planner: which tools a message needs', () => {
  const cases: [string, unknown[]][] = [
    ['2+2', [{ tool: 'calculator', input: { expression: '2+2' } }]],
    ['what is (3+4)*2?', [{ tool: 'calculator', input: { expression: '(3+4)*2' } }]],
    ['Calculate 1/0 please', [{ tool: 'calculator', input: { expression: '1/0' } }]],
    ['calculate process.exit()', [{ tool: 'calculator', input: { expression: 'process.exit()' } }]],
    ['convert 5 km to miles', [{ tool: 'unit_convert', input: { value: 5, from: 'km', to: 'miles' } }]],
    ['how much is 100 celsius in fahrenheit', [{ tool: 'unit_convert', input: { value: 100, from: 'celsius', to: 'fahrenheit' } }]],
    ['convert 3 apples to pears', [{ tool: 'unit_convert', input: { value: 3, from: 'apples', to: 'pears' } }]],
    ['search the docs for reconnect', [{ tool: 'search_docs', input: { query: 'reconnect' } }]],
    ['search docs for history and reload', [{ tool: 'search_docs', input: { query: 'history and reload' } }]],
    ['any docs about limits?', [{ tool: 'search_docs', input: { query: 'limits' } }]],
    [
      'convert 5 km to miles and calculate 12*7',
      [
        { tool: 'unit_convert', input: { value: 5, from: 'km', to: 'miles' } },
        { tool: 'calculator', input: { expression: '12*7' } },
      ],
    ],
    [
      'calculate 2^10; then search the docs for tools',
      [
        { tool: 'calculator', input: { expression: '2^10' } },
        { tool: 'search_docs', input: { query: 'tools' } },
      ],
    ],
    ['hello there', []],
    ['what is the weather', []],
    ['I have 3 apples in boxes', []],
  ];
  for (const [text, calls] of cases) {
    test(`"${text}"`, () => {
      expect(plan(text).calls).toEqual(calls);
    });
  }

  test('a message can ask for a simulated agent failure', () => {
    expect(plan('please simulate agent error').crash).toBe(true);
    expect(plan('2+2').crash).toBe(false);
  });
});

test.describe('agent script', () => {
  test('no tool: started, thinking, completed with an answer that quotes the message', () => {
    const steps = [...agentScript('hello there', 'm_1')];
    expect(steps.map((s) => s.type)).toEqual(['agent_started', 'agent_thinking', 'agent_thinking', 'agent_completed']);
    expect(steps[0]).toEqual({ type: 'agent_started', data: { messageId: 'm_1' } });
    expect(steps.at(-1)).toEqual({ type: 'agent_completed', data: { answer: 'You said: "hello there". I can calculate, convert units and search the docs.' } });
  });

  test('a tool error is reported and the agent still answers', () => {
    const steps = [...agentScript('calculate 1/0', 'm_1')];
    expect(steps.map((s) => s.type)).toEqual(['agent_started', 'agent_thinking', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_thinking', 'agent_completed']);
    expect(steps[4]).toMatchObject({ data: { tool: 'calculator', error: 'Division by zero' } });
    expect(steps.at(-1)).toEqual({ type: 'agent_completed', data: { answer: 'The calculator failed: Division by zero.' } });
  });

  test('a run long enough to stop: "think it over carefully" reasons at length, "thoroughly" makes each tool take its time', () => {
    const deliberate = [...agentScript('Think it over carefully: what is a stream?', 'm_1')];
    expect(deliberate.filter((s) => s.type === 'agent_thinking').length).toBeGreaterThan(DELIBERATE_STEPS);
    const thorough = [...agentScript('Search the docs thoroughly for reconnect', 'm_1')];
    expect(thorough.map((s) => s.type)).toEqual(['agent_started', 'agent_thinking', 'agent_thinking', 'tool_executing', 'tool_working', 'tool_completed', 'agent_thinking', 'agent_completed']);
    expect(thorough[4]).toEqual({ type: 'tool_working', ms: THOROUGH_TOOL_MS });
  });

  test('the simulated failure throws after the first thinking', () => {
    const steps = agentScript('simulate agent error', 'm_1');
    expect(steps.next().value).toMatchObject({ type: 'agent_started' });
    expect(steps.next().value).toMatchObject({ type: 'agent_thinking' });
    expect(() => steps.next()).toThrow(/Simulated failure/);
  });

  test('the answer states each tool result in order', () => {
    expect(
      composeAnswer('x', [
        { call: { tool: 'unit_convert', input: { value: 5, from: 'km', to: 'miles' } }, output: '5 km = 3.107 mi' },
        { call: { tool: 'calculator', input: { expression: '12*7' } }, output: '84' },
      ]),
    ).toBe('5 km = 3.107 mi. 12*7 = 84.');
  });
});
