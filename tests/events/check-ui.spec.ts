import { expect, test } from '@playwright/test';
import { checkUi, RULE_NAMES } from '../../lib/events/lifecycle.ts';
import { cardShowsValue } from '../../lib/events/shown-value.ts';
import type { ScreenSnapshot } from '../../lib/events/types.ts';
import type { Run } from '../../lib/events/runs.ts';
import { onlyRun, record, withFields, wireRun, type Envelope, type RunScript } from '../support/frames.ts';

const runOf = (script: RunScript = {}, mutate = (envelopes: Envelope[]) => envelopes): Run => onlyRun(record(mutate(wireRun(script))));
const finding = (message: string, frames: number[]) => ({ rule: 6, ruleName: RULE_NAMES[6], runId: 'run-1', message, frames });
const calculatorDone: ScreenSnapshot['toolCards'][number] = { tool: 'calculator', status: 'done', output: 'Result: 42' };
const screen = (toolCards: ScreenSnapshot['toolCards'] = [calculatorDone], answer = 'The answer is 42.'): ScreenSnapshot => ({ answer, toolCards });

// wireRun(): #0 agent_started, #1 agent_thinking, #2 tool_executing, #3 tool_completed, #4 agent_completed
test.describe('rule 6: the screen matches the events', { tag: '@unit' }, () => {
  test('a screen showing the answer and a done card with the output matches', () => {
    expect(checkUi(runOf(), screen())).toEqual([]);
  });

  test('another answer on the screen', () => {
    expect(checkUi(runOf(), screen([calculatorDone], 'The answer is 41.'))).toEqual([
      finding('expected the screen to show the answer "The answer is 42.", got "The answer is 41."', [4]),
    ]);
  });

  test('a missing card, a card in the wrong state, a card with other output', () => {
    expect(checkUi(runOf(), screen([]))).toEqual([finding('expected the calculator card (call run-1-call-1) on the screen, got no such card', [2, 3])]);
    expect(checkUi(runOf(), screen([{ ...calculatorDone, status: 'running' }]))).toEqual([
      finding('expected the calculator card (call run-1-call-1) to be done, got running', [2, 3]),
    ]);
    expect(checkUi(runOf(), screen([{ ...calculatorDone, output: '41' }]))).toEqual([
      finding('expected the calculator card (call run-1-call-1) to show the output "42", got "41"', [2, 3]),
    ]);
  });

  test('a card no tool call explains', () => {
    expect(checkUi(runOf(), screen([calculatorDone, { tool: 'search_docs', status: 'running', output: '' }]))).toEqual([
      finding('expected no tool card without a tool_executing, got a search_docs card (running)', []),
    ]);
  });

  test('structured output and errors are compared as values: pretty or compact JSON, a label around it', () => {
    const hits = { hits: [{ title: 'Refunds', score: 0.9 }] };
    const run = runOf({ tools: [{ tool: 'search_docs', output: hits }, { tool: 'unit_convert', error: { message: 'unknown unit: parsec' } }] });
    const errorCard = { tool: 'unit_convert', status: 'error' as const, output: 'Failed: {"message": "unknown unit: parsec"}' };
    expect(checkUi(run, screen([{ tool: 'search_docs', status: 'done', output: JSON.stringify(hits, null, 2) }, errorCard]))).toEqual([]);
    expect(checkUi(run, screen([{ tool: 'search_docs', status: 'done', output: JSON.stringify(hits) }, errorCard]))).toEqual([]);
    expect(checkUi(run, screen([{ tool: 'search_docs', status: 'done', output: JSON.stringify({ hits: [] }) }, errorCard]))).toEqual([
      finding(`expected the search_docs card (call run-1-call-1) to show the output ${JSON.stringify(hits)}, got ${JSON.stringify(JSON.stringify({ hits: [] }))}`, [2, 3]),
    ]);
    expect(checkUi(run, screen([{ tool: 'search_docs', status: 'done', output: JSON.stringify(hits, null, 2) }, { ...errorCard, status: 'done' }]))).toEqual([
      finding('expected the unit_convert card (call run-1-call-2) to be error, got done', [4, 5]),
    ]);
  });

  test('cards pair with calls by toolCallId where shown, else by order among cards of a tool', () => {
    const run = runOf({ tools: [{ tool: 'calculator', output: '1' }, { tool: 'calculator', output: '2' }] });
    const first = { tool: 'calculator', status: 'done' as const, output: '1' };
    const second = { tool: 'calculator', status: 'done' as const, output: '2' };
    expect(checkUi(run, screen([{ ...second, toolCallId: 'run-1-call-2' }, { ...first, toolCallId: 'run-1-call-1' }]))).toEqual([]);
    expect(checkUi(run, screen([second, first])).map((violation) => violation.message)).toEqual([
      'expected the calculator card (call run-1-call-1) to show the output "1", got "2"',
      'expected the calculator card (call run-1-call-2) to show the output "2", got "1"',
    ]);
  });

  test('a run still open: no answer to hold the screen to, and a pending call shows a running card', () => {
    const open = runOf({}, (envelopes) => envelopes.slice(0, 3));
    expect(checkUi(open, screen([{ tool: 'calculator', status: 'running', output: '' }], ''))).toEqual([
      finding('expected an agent_completed to hold the screen\'s answer "" against, got none', [2]),
    ]);
  });

  test('a run that ended in agent_error has no answer to compare', () => {
    const failed = runOf({ tools: [] }, (envelopes) => withFields(envelopes, { type: 'agent_error', data: { message: 'model unavailable' } }, [2]));
    expect(checkUi(failed, screen([], 'Something went wrong.'))).toEqual([]);
  });

  test('cardShowsValue: strings with whitespace collapsed, other values as JSON values', () => {
    expect(cardShowsValue('The  result:\n 42', 'result: 42')).toBe(true);
    expect(cardShowsValue('41', '42')).toBe(false);
    expect(cardShowsValue('42', 42)).toBe(true);
    expect(cardShowsValue('null', null)).toBe(true);
    expect(cardShowsValue('{ "a": [ 1 ] }', { a: [1] })).toBe(true);
    expect(cardShowsValue('{"b":1,"a":2}', { a: 2, b: 1 })).toBe(true);
    expect(cardShowsValue('{"a":[1,2]}', { a: [1] })).toBe(false);
    expect(cardShowsValue('anything', undefined)).toBe(true);
  });
});
