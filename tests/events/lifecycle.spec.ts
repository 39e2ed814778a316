import { expect, test } from '@playwright/test';
import {
  checkIdentity,
  checkRun,
  checkSeq,
  checkStartAndEnd,
  checkThinking,
  checkToolCalls,
  isComplete,
  RULE_NAMES,
  seqChecked,
} from '../../lib/events/lifecycle.ts';
import type { RuleNumber } from '../../lib/events/types.ts';
import type { Run } from '../../lib/events/runs.ts';
import { ALICE, BOB, dropFirst, duplicateFirst, onlyRun, record, renumber, swap, withFields, withoutSeq, wireRun, type Envelope } from '../support/frames.ts';

const runOf = (envelopes: readonly Envelope[]): Run => onlyRun(record(envelopes));
const finding = (rule: RuleNumber, message: string, frames: number[]) => ({ rule, ruleName: RULE_NAMES[rule], runId: 'run-1', message, frames });
const rulesOf = (run: Run, ownerId?: string): RuleNumber[] => checkRun(run, ownerId === undefined ? {} : { ownerId }).map((violation) => violation.rule);

// wireRun(): #0 agent_started, #1 agent_thinking, #2 tool_executing, #3 tool_completed, #4 agent_completed
test.describe('lifecycle rules', { tag: '@unit' }, () => {
  test('a well-formed run violates nothing and is complete', () => {
    const run = runOf(wireRun({ tools: [{ tool: 'calculator', output: '42' }, { tool: 'search_docs', error: 'index offline' }] }));
    expect(checkRun(run, { ownerId: ALICE.id })).toEqual([]);
    expect(isComplete(run)).toBe(true);
    expect(seqChecked(run)).toBe(true);
  });

  test('rule 1: a missing agent_started', () => {
    const run = runOf(dropFirst(wireRun(), 'agent_started'));
    expect(checkStartAndEnd(run)).toEqual([finding(1, 'expected agent_started first, got none: the run starts with agent_thinking', [0])]);
    expect(isComplete(run)).toBe(false);
  });

  test('rule 1: agent_started not first, and twice', () => {
    expect(checkStartAndEnd(runOf(swap(wireRun(), 0, 1)))).toEqual([finding(1, 'expected agent_started first, got agent_thinking before it', [0, 1])]);
    expect(checkStartAndEnd(runOf(duplicateFirst(wireRun(), 'agent_started')))).toEqual([finding(1, 'expected one agent_started, got 2', [0, 1])]);
  });

  test('rule 1: an incomplete run names its last event', () => {
    const run = runOf(dropFirst(wireRun(), 'agent_completed'));
    expect(checkStartAndEnd(run)).toEqual([
      finding(1, 'expected agent_completed or agent_error last, got none: the run is incomplete, its last event is tool_completed', [3]),
    ]);
    expect(isComplete(run)).toBe(false);
  });

  test('rule 1: two endings, and an ending not last', () => {
    expect(checkStartAndEnd(runOf(duplicateFirst(wireRun(), 'agent_completed')))).toEqual([
      finding(1, 'expected one agent_completed or agent_error, got 2: agent_completed, agent_completed', [4, 5]),
    ]);
    expect(checkStartAndEnd(runOf(swap(wireRun(), 3, 4)))).toEqual([finding(1, 'expected agent_completed last, got tool_completed after it', [3, 4])]);
  });

  test('rule 1: a run with no event at all', () => {
    const empty: Run = { runId: 'run-1', userId: ALICE.id, events: [], frames: [] };
    expect(checkStartAndEnd(empty)).toEqual([finding(1, 'expected agent_started first, got no event', [])]);
    expect(isComplete(empty)).toBe(false);
  });

  test('rule 2: agent_thinking before agent_started or after the end', () => {
    expect(checkThinking(runOf(swap(wireRun(), 0, 1)))).toEqual([finding(2, 'expected agent_thinking after agent_started, got 1 agent_thinking before it', [0, 1])]);
    expect(checkThinking(runOf(dropFirst(wireRun(), 'agent_started')))).toEqual([
      finding(2, 'expected agent_thinking after agent_started, got 1 agent_thinking and no agent_started', [0]),
    ]);
    const [started, thinking, ...rest] = wireRun();
    const late = runOf(renumber([started, ...rest, thinking] as Envelope[]));
    expect(checkThinking(late)).toEqual([finding(2, 'expected agent_thinking before agent_completed, got 1 agent_thinking after it', [3, 4])]);
    expect(rulesOf(late)).toEqual([1, 2]);
  });

  test('rule 3: a tool call that never completed', () => {
    const run = runOf(renumber(dropFirst(wireRun(), 'tool_completed')));
    expect(checkRun(run)).toEqual([finding(3, 'expected a tool_completed for tool call run-1-call-1 (calculator) before agent_completed, got none', [2, 3])]);
  });

  test('rule 3: a call still open in an incomplete run is pending, not a violation', () => {
    const run = runOf(wireRun().slice(0, 3));
    expect(checkToolCalls(run)).toEqual([]);
    expect(rulesOf(run)).toEqual([1]);
  });

  test('rule 3: completed twice, before it started, or never started', () => {
    expect(checkRun(runOf(renumber(duplicateFirst(wireRun(), 'tool_completed'))))).toEqual([
      finding(3, 'expected one tool_completed for tool call run-1-call-1 (calculator), got 2', [3, 4]),
    ]);
    expect(checkRun(runOf(renumber(swap(wireRun(), 2, 3))))).toEqual([
      finding(3, 'expected the tool_completed of tool call run-1-call-1 (calculator) after its tool_executing, got it before', [2, 3]),
    ]);
    expect(checkRun(runOf(renumber(dropFirst(wireRun(), 'tool_executing'))))).toEqual([
      finding(3, 'expected a tool_executing before the tool_completed of tool call run-1-call-1 (calculator), got none', [2]),
    ]);
  });

  test('rule 3: started twice, or completed under another tool name', () => {
    expect(checkRun(runOf(renumber(duplicateFirst(wireRun(), 'tool_executing'))))).toEqual([
      finding(3, 'expected one tool_executing for tool call run-1-call-1 (calculator), got 2', [2, 3]),
    ]);
    const envelopes = wireRun();
    const renamed = envelopes.map((envelope, i) => (i === 3 ? { ...envelope, data: { toolCallId: 'run-1-call-1', tool: 'unit_convert', output: '42' } } : envelope));
    expect(checkToolCalls(runOf(renamed))).toEqual([
      finding(3, 'expected the tool_completed of tool call run-1-call-1 (calculator) to name tool calculator, got unit_convert', [2, 3]),
    ]);
  });

  test('rule 3: a tool event without toolCallId cannot be paired', () => {
    const run = runOf(wireRun());
    const broken: Run = { ...run, events: run.events.map((event, i) => (i === 3 ? { ...event, data: { tool: 'calculator', output: '42' } } : event)) };
    expect(checkToolCalls(broken)).toEqual([
      finding(3, 'expected tool_completed to carry a toolCallId, got none: it cannot be paired', [3]),
      finding(3, 'expected a tool_completed for tool call run-1-call-1 (calculator) before agent_completed, got none', [2, 4]),
    ]);
  });

});

test.describe('lifecycle rules: order and ownership (rules 4 and 5)', { tag: '@unit' }, () => {
  test('rule 4: without seq on the wire, arrival order is all there is', () => {
    const run = onlyRun(withoutSeq(record(wireRun())));
    expect(checkSeq(run)).toEqual([]);
    expect(seqChecked(run)).toBe(false);
    expect(checkRun(run)).toEqual([]);
  });

  test('rule 4: seq on some events but not all', () => {
    const run = onlyRun(withoutSeq(record(wireRun()), [2, 3]));
    expect(checkSeq(run)).toEqual([
      finding(4, 'expected every event to carry seq, got 2 events without: tool_executing, tool_completed', [2, 3]),
      finding(4, 'expected seq 3 after seq 2, got a gap: seq 3..4 never came', [1, 4]),
    ]);
    expect(seqChecked(run)).toBe(true);
  });

  test('rule 4: a duplicate, a decrease and a gap are each named', () => {
    expect(checkSeq(runOf(duplicateFirst(wireRun(), 'tool_executing')))).toEqual([finding(4, 'expected each seq once, got a duplicate seq 3', [2, 3])]);
    expect(checkSeq(runOf(swap(wireRun(), 2, 3)))).toEqual([finding(4, 'expected seq to increase, got a decrease: seq 3 after seq 4', [2, 3])]);
    expect(checkSeq(runOf(dropFirst(wireRun(), 'agent_thinking')))).toEqual([finding(4, 'expected seq 2 after seq 1, got a gap: seq 2 never came', [0, 1])]);
    expect(checkSeq(runOf(withFields(wireRun(), { seq: 9 }, [4])))).toEqual([finding(4, 'expected seq 5 after seq 4, got a gap: seq 5..8 never came', [3, 4])]);
  });

  test('rule 4: a run may start at any seq (numbering per conversation)', () => {
    expect(checkSeq(runOf(wireRun({ firstSeq: 12 })))).toEqual([]);
  });

  test("rule 5: events of another user than the page's", () => {
    const run = runOf(wireRun({ userId: BOB.id }));
    expect(checkIdentity(run, { ownerId: ALICE.id })).toEqual([
      finding(5, "expected userId user-alice (the page's user), got user-bob on 5 events: agent_started, agent_thinking, tool_executing, tool_completed, agent_completed", [0, 1, 2, 3, 4]),
    ]);
    expect(checkIdentity(run)).toEqual([]);
  });

  test('rule 5: an event naming another user or conversation than the rest of its run', () => {
    expect(checkIdentity(runOf(withFields(wireRun(), { userId: BOB.id }, [3])))).toEqual([
      finding(5, "expected userId user-alice (the run's first event), got user-bob on 1 event: tool_completed", [3]),
    ]);
    expect(checkIdentity(runOf(withFields(wireRun(), { conversationId: 'conv-2' }, [1, 4])))).toEqual([
      finding(5, 'expected conversationId conv-1, got conv-2 on 2 events: agent_thinking, agent_completed', [1, 4]),
    ]);
  });

  test('rule 5: an event of another run put in this one', () => {
    const run = runOf(wireRun());
    const foreignEvent = { ...run.events[1], runId: 'run-2' } as Run['events'][number];
    const mixed: Run = { ...run, events: run.events.map((event, i) => (i === 1 ? foreignEvent : event)) };
    expect(checkIdentity(mixed)).toEqual([finding(5, 'expected runId run-1, got run-2 on 1 event: agent_thinking', [1])]);
  });

  test('checkRun reports every violation, not the first', () => {
    const broken = runOf(withFields(dropFirst(swap(wireRun(), 0, 1), 'tool_completed'), { userId: BOB.id }, [3]));
    expect(rulesOf(broken, ALICE.id)).toEqual([1, 2, 3, 4, 4, 5]);
  });

  test('a run must keep its events and frames aligned', () => {
    const run = runOf(wireRun());
    expect(() => checkRun({ ...run, frames: run.frames.slice(1) })).toThrow('run run-1: 5 events but 4 frames; each event needs the frame that carried it');
  });
});
