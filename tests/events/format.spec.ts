import { expect, test } from '@playwright/test';
import { formatFrame, formatViolations, payloadPrefix } from '../../lib/events/format.ts';
import { checkRun } from '../../lib/events/lifecycle.ts';
import { dropFirst, onlyRun, received, record, T0, userMessage, wireRun } from '../support/frames.ts';

test.describe('violation report', { tag: '@unit' }, () => {
  test('names the rule, the run, what was expected and what came, then each frame on its line', () => {
    const envelopes = dropFirst(wireRun(), 'agent_thinking');
    const frames = record(envelopes, { startAt: T0 + 5 });
    const report = formatViolations(checkRun(onlyRun(frames)), frames);
    expect(report).toBe(
      [
        'rule 4 (seq strictly increases with no gap), run run-1: expected seq 2 after seq 1, got a gap: seq 2 never came',
        `    #0 received agent_started seq=1 at=+0ms [alice] ${JSON.stringify(envelopes[0])}`,
        `    #1 received tool_executing seq=3 at=+10ms [alice] ${JSON.stringify(envelopes[1])}`,
      ].join('\n'),
    );
  });

  test('says so when there is nothing to report, or a frame is not among those given', () => {
    expect(formatViolations([], [])).toBe('no violation');
    const violation = { rule: 1 as const, ruleName: 'r', runId: 'x', message: 'm', frames: [7] };
    expect(formatViolations([violation], [])).toBe('rule 1 (r), run x: m\n    #7 (not among the frames given)');
  });

  test('labels control, malformed, sent and close frames', () => {
    const frames = record([
      userMessage('hi'),
      received({ type: 'ack', data: { clientId: 'c' } }),
      received('oops'),
    ]);
    expect(frames.map((frame) => formatFrame(frame, T0))).toEqual([
      '#0 sent user message at=+0ms [alice] {"type":"user_message","clientId":"client-hi","conversationId":"conv-1","text":"hi"}',
      '#1 received ack (control) at=+10ms [alice] {"type":"ack","data":{"clientId":"c"}}',
      '#2 received malformed at=+20ms [alice] oops',
    ]);
    const close = { ...frames[0], kind: 'close', code: 1006, reason: '' } as (typeof frames)[number];
    delete close.payload;
    delete close.decoded;
    expect(formatFrame(close, T0)).toBe('#0 close at=+0ms [alice] code=1006 reason=""');
  });

  test('payloadPrefix keeps one line and marks a cut', () => {
    expect(payloadPrefix('a\n  b')).toBe('a b');
    expect(payloadPrefix('abcdef', 3)).toBe('abc…');
  });
});
