/**
 * What two recordings of the same deterministic conversation must share: every run's events
 * in order, with the values that differ by nature (ids, times, absolute seq) taken out.
 */
import type { Run } from './runs.ts';
import type { AgentEventType } from './types.ts';

export interface ComparableEvent {
  type: AgentEventType;
  /** Position in the run by seq (0 = the run's first); absent where the wire has no seq. */
  seqInRun?: number;
  data: Record<string, unknown>;
}

/** Ids in event data (messageId, toolCallId, …) become `<id N>`, numbered by first appearance. */
export function comparableRuns(runs: readonly Run[]): ComparableEvent[][] {
  const ids = new Map<unknown, string>();
  const placeholder = (value: unknown) => {
    if (!ids.has(value)) ids.set(value, `<id ${ids.size + 1}>`);
    return ids.get(value);
  };
  return runs.map((run) => {
    const firstSeq = run.events[0]?.seq;
    return run.events.map((event) => ({
      type: event.type,
      ...(event.seq === undefined || firstSeq === undefined ? {} : { seqInRun: event.seq - firstSeq }),
      data: Object.fromEntries(Object.entries(event.data).map(([key, value]) => [key, key.endsWith('Id') ? placeholder(value) : value])),
    }));
  });
}
