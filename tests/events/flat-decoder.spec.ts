import { expect, test } from '@playwright/test';
import { decode } from '../../lib/events/decoders/flat.ts';
import type { MalformedFrame } from '../../lib/events/types.ts';

const text = (payload: object) => ({ payload: JSON.stringify(payload), binary: false });
const envelope = { run_id: 'r1', thread_id: 't1', user_id: 'u1', timestamp: 1_700_000_000.25 };
const reasonFor = (payload: object): string => (decode(text(payload)) as MalformedFrame).reason;

test.describe('flat decoder (the known agent backend)', { tag: '@unit' }, () => {
  test('maps the aliases to the canonical names', () => {
    const call = { toolCallId: 'c1', tool: 'search_docs', input: { query: 'refunds' } };
    expect(decode(text({ ...envelope, type: 'tool_call', data: call }))).toMatchObject({ type: 'tool_executing', data: call });
    expect(decode(text({ ...envelope, type: 'tool_result', data: { toolCallId: 'c1', tool: 'search_docs', output: [] } }))).toMatchObject({
      type: 'tool_completed',
    });
    expect(decode(text({ ...envelope, type: 'agent_finished', data: { answer: 'Done.' } }))).toMatchObject({ type: 'agent_completed' });
  });

  test('accepts the canonical names too, with no seq and the thread as conversation', () => {
    expect(decode(text({ ...envelope, type: 'agent_started', data: { messageId: 'm1' } }))).toEqual({
      type: 'agent_started',
      runId: 'r1',
      userId: 'u1',
      conversationId: 't1',
      at: 1_700_000_000_250,
      data: { messageId: 'm1' },
    });
  });

  test('reads time as float epoch seconds or an ISO string, in timestamp or ts', () => {
    const thinking = { type: 'agent_thinking', run_id: 'r1', user_id: 'u1', data: { text: 'hmm' } };
    expect(decode(text({ ...thinking, timestamp: 1_700_000_000.1234 }))).toMatchObject({ at: 1_700_000_000_123 });
    expect(decode(text({ ...thinking, ts: '2030-01-01T00:00:00.500Z' }))).toMatchObject({ at: Date.parse('2030-01-01T00:00:00.500Z') });
    expect(reasonFor({ ...thinking, ts: 'soon' })).toBe(`bad timestamp: expected epoch seconds or an ISO time in 'timestamp' or 'ts', got "soon"`);
    expect(reasonFor(thinking)).toMatch(/^bad timestamp: .* got nothing$/);
  });

  test('takes flat event data from beside the envelope', () => {
    const decoded = decode(text({ ...envelope, type: 'tool_result', toolCallId: 'c1', tool: 'calculator', error: 'overflow' }));
    expect(decoded).toEqual({
      type: 'tool_completed',
      runId: 'r1',
      userId: 'u1',
      conversationId: 't1',
      at: 1_700_000_000_250,
      data: { toolCallId: 'c1', tool: 'calculator', error: 'overflow' },
    });
  });

  test('leaves conversationId out where there is no thread', () => {
    expect(decode(text({ ...envelope, thread_id: undefined, type: 'agent_finished', answer: 'ok' }))).not.toHaveProperty('conversationId');
  });

  test('rejects what it cannot map, saying why', () => {
    expect(reasonFor({ ...envelope, type: 'agent_dreaming' })).toBe("unknown event type 'agent_dreaming'");
    expect(reasonFor({ ...envelope, run_id: undefined, type: 'agent_finished', answer: 'x' })).toBe("missing field 'run_id'");
    expect(reasonFor({ ...envelope, thread_id: 5, type: 'agent_finished', answer: 'x' })).toBe("ill-typed field 'thread_id': expected a string, got number");
    expect(reasonFor({ ...envelope, type: 'agent_finished', data: 'x' })).toBe('data not an object: got string');
    expect(reasonFor({ ...envelope, type: 'tool_call', tool: 'calculator' })).toBe("tool_executing: missing data field 'toolCallId'");
  });
});
