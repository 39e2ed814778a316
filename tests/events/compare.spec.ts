import { expect, test } from '@playwright/test';
import { comparableRuns } from '../../lib/events/compare.ts';
import { onlyRun, record, wireRun } from '../support/frames.ts';

test.describe('comparing recordings of the same conversation', () => {
  test('two runs that differ only in ids, user and times compare equal', () => {
    const first = [onlyRun(record(wireRun({ runId: 'run-a', userId: 'u-1', conversationId: 'c-1', firstSeq: 1 })))];
    const second = [onlyRun(record(wireRun({ runId: 'run-b', userId: 'u-2', conversationId: 'c-9', firstSeq: 40 })))];
    expect(comparableRuns(second)).toEqual(comparableRuns(first));
    expect(comparableRuns(first)[0]?.[0]).toEqual({ type: 'agent_started', seqInRun: 0, data: { messageId: '<id 1>' } });
  });

  test('a different tool output, order or event count does not compare equal', () => {
    const base = comparableRuns([onlyRun(record(wireRun()))]);
    expect(comparableRuns([onlyRun(record(wireRun({ tools: [{ tool: 'calculator', input: { expression: '6*7' }, output: '43' }] })))])).not.toEqual(base);
    expect(comparableRuns([onlyRun(record(wireRun({ thinking: ['one', 'two'] })))])).not.toEqual(base);
  });
});
