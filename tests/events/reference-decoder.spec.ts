import { expect, test } from '@playwright/test';
import { MAX_RAW_CHARS } from '../../lib/events/decoders/common.ts';
import { decode } from '../../lib/events/decoders/reference.ts';
import type { MalformedFrame } from '../../lib/events/types.ts';
import { wireRun, type Envelope } from '../support/frames.ts';

const text = (payload: unknown) => ({ payload: typeof payload === 'string' ? payload : JSON.stringify(payload), binary: false });
const [started, thinking, executing, completed, finished] = wireRun() as [Envelope, Envelope, Envelope, Envelope, Envelope];

/** The reason a payload is rejected with; fails the test where it decodes. */
function reasonFor(payload: unknown): string {
  const decoded = decode(text(payload));
  expect(decoded).toMatchObject({ malformed: true });
  return (decoded as MalformedFrame).reason;
}

test.describe('reference decoder', { tag: '@unit' }, () => {
  test('decodes every agent event of a run into the canonical event', () => {
    expect(wireRun().map((envelope) => decode(text(envelope)))).toEqual(
      wireRun().map(({ ts, ...event }) => ({ ...event, at: Date.parse(String(ts)) })),
    );
  });

  test('decodes agent_error and a tool_completed carrying an error', () => {
    const failed = { ...completed, data: { toolCallId: 'c1', tool: 'calculator', error: { message: 'division by zero' } } };
    expect(decode(text(failed))).toMatchObject({ type: 'tool_completed', data: { error: { message: 'division by zero' } } });
    expect(decode(text({ ...finished, type: 'agent_error', data: { message: 'model unavailable' } }))).toMatchObject({
      type: 'agent_error',
      data: { message: 'model unavailable' },
    });
  });

  test('decodes the control frames the app sends, ack without seq', () => {
    expect(decode(text({ type: 'ack', data: { clientId: 'c-1' } }))).toEqual({ control: true, type: 'ack', data: { clientId: 'c-1' } });
    for (const type of ['hello', 'resumed', 'error', 'bench', 'bench_done']) {
      expect(decode(text({ type, data: { note: type } }))).toEqual({ control: true, type, data: { note: type } });
    }
    expect(decode(text({ type: 'hello', userId: 'u1' }))).toEqual({ control: true, type: 'hello', data: { userId: 'u1' } });
  });

  test('rejects text that is not JSON, naming the parser error and the text', () => {
    expect(reasonFor('{"type": "agent_started",')).toMatch(/^not JSON \(.+\); text starts "\{\\"type\\": \\"agent_started\\","$/);
  });

  test('rejects a binary frame', () => {
    expect(decode({ payload: 'AAEC', binary: true })).toEqual({ malformed: true, raw: 'AAEC', reason: expect.stringMatching(/^binary frame/) as unknown });
  });

  test('rejects JSON that is not an object', () => {
    expect(reasonFor([1, 2])).toBe('not an object: got array');
    expect(reasonFor('null')).toBe('not an object: got null');
    expect(reasonFor('42')).toBe('not an object: got number');
  });

  test('rejects an unknown or missing type', () => {
    expect(reasonFor({ ...started, type: 'agent_dreaming' })).toBe("unknown event type 'agent_dreaming'");
    expect(reasonFor({ ...started, type: undefined })).toBe("missing field 'type'");
  });

  test('rejects a missing or ill-typed envelope field', () => {
    expect(reasonFor({ ...started, runId: undefined })).toBe("missing field 'runId'");
    expect(reasonFor({ ...started, runId: 7 })).toBe("ill-typed field 'runId': expected a non-empty string, got number");
    expect(reasonFor({ ...started, userId: '' })).toBe("ill-typed field 'userId': expected a non-empty string, got an empty string");
    expect(reasonFor({ ...started, conversationId: null })).toBe("ill-typed field 'conversationId': expected a non-empty string, got null");
  });

  test('rejects a bad ts', () => {
    expect(reasonFor({ ...started, ts: 'yesterday' })).toBe('bad ts: expected an ISO time, got "yesterday"');
    expect(reasonFor({ ...started, ts: 1_700_000_000 })).toBe('bad ts: expected an ISO time, got 1700000000');
  });

  test('rejects a seq that is not a positive integer', () => {
    expect(reasonFor({ ...started, seq: 0 })).toBe('seq not a positive integer: got 0');
    expect(reasonFor({ ...started, seq: 1.5 })).toBe('seq not a positive integer: got 1.5');
    expect(reasonFor({ ...started, seq: '3' })).toBe('seq not a positive integer: got "3"');
    expect(reasonFor({ ...started, seq: undefined })).toBe('seq not a positive integer: got nothing');
  });

  test('rejects data that is not an object', () => {
    expect(reasonFor({ ...started, data: 'hi' })).toBe('data not an object: got string');
    expect(reasonFor({ ...started, data: [] })).toBe('data not an object: got array');
  });

  test('checks the data of each event type', () => {
    expect(reasonFor({ ...started, data: {} })).toBe("agent_started: missing data field 'messageId'");
    expect(reasonFor({ ...thinking, data: { text: 3 } })).toBe('agent_thinking: data.text must be a string, got number');
    expect(reasonFor({ ...executing, data: { toolCallId: 'c1' } })).toBe("tool_executing: missing data field 'tool'");
    expect(reasonFor({ ...completed, data: { tool: 'calculator', output: 1 } })).toBe("tool_completed: missing data field 'toolCallId'");
    expect(reasonFor({ ...completed, data: { toolCallId: 'c1', tool: 'calculator' } })).toBe(
      'tool_completed: expected exactly one of data.output / data.error, got neither',
    );
    expect(reasonFor({ ...completed, data: { toolCallId: 'c1', tool: 'calculator', output: 1, error: 'x' } })).toBe(
      'tool_completed: expected exactly one of data.output / data.error, got both',
    );
    expect(reasonFor({ ...finished, data: { answer: null } })).toBe('agent_completed: data.answer must be a string, got null');
    expect(reasonFor({ ...finished, type: 'agent_error', data: {} })).toBe('agent_error: data.message must be a string, got nothing');
  });

  test('keeps the raw payload, truncating only a very large one and saying so', () => {
    const small = JSON.stringify({ ...started, seq: -1 });
    expect(decode(text(small))).toMatchObject({ raw: small });

    const large = JSON.stringify({ ...finished, data: { answer: 'x'.repeat(MAX_RAW_CHARS) }, seq: 0 });
    const decoded = decode(text(large)) as MalformedFrame;
    expect(decoded.raw).toBe(large.slice(0, MAX_RAW_CHARS));
    expect(decoded.reason).toBe(`seq not a positive integer: got 0 (raw truncated to ${MAX_RAW_CHARS} of ${large.length} characters)`);
  });
});
