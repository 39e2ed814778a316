/**
 * A run its user stopped: it ends as cancelled, and nothing of it reaches the page after that.
 * Pure: the Stop's time comes from the page (pages/chat-page.ts, `stop()`), the run from the tap.
 */
import { runSteps, type Run } from './runs.ts';
import type { AgentEvent, AgentEventType } from './types.ts';

/**
 * How long after the Stop an event may still arrive: one the product sent before it heard the
 * Stop is on its way. A backend that keeps streaming sends its next events later than this.
 */
export const STOP_GRACE_MS = 1000;

/** The cancelled ending every pack decodes a stop to (docs/lifecycle.md): `agent_error` marked `aborted`. */
export const isCancelled = (event: AgentEvent | undefined): boolean => event?.type === 'agent_error' && event.data.aborted === true;

/** An event of the stopped run that came when it should not have. */
export interface LateEvent {
  type: AgentEventType;
  /** Milliseconds after the Stop, on the page's clock. */
  afterMs: number;
  /** `RecordedFrame.index`. */
  frame: number;
}

export interface StopJudgement {
  /** The run's ending (its first agent_completed or agent_error), where it has one. */
  ending?: AgentEvent;
  cancelled: boolean;
  /** Events past the grace after the Stop, other than a cancelled ending; and any event after the ending. */
  late: LateEvent[];
}

export function judgeStop(run: Run, stoppedAt: number, graceMs = STOP_GRACE_MS): StopJudgement {
  const steps = runSteps(run);
  const endAt = steps.findIndex((step) => step.event.type === 'agent_completed' || step.event.type === 'agent_error');
  const ending = endAt === -1 ? undefined : steps[endAt]?.event;
  const cancelled = isCancelled(ending);
  const late = steps
    .filter((step) => (endAt !== -1 && step.position > endAt) || (step.frame.at > stoppedAt + graceMs && !(step.position === endAt && cancelled)))
    .map((step) => ({ type: step.event.type, afterMs: Math.round(step.frame.at - stoppedAt), frame: step.frame.index }));
  return { ...(ending ? { ending } : {}), cancelled, late };
}

/** Whether the run stopped as it should: ended as cancelled, nothing late. */
export const stoppedWell = (judgement: StopJudgement): boolean => judgement.cancelled && judgement.late.length === 0;

/** What went wrong, in one line for people (empty when the run stopped well). */
export function describeStop(run: Run, judgement: StopJudgement, graceMs = STOP_GRACE_MS): string {
  const problems: string[] = [];
  if (judgement.late.length > 0) {
    const shown = judgement.late.slice(0, 4).map((event) => `${event.type} +${event.afterMs} ms`);
    const more = judgement.late.length > shown.length ? `, … ${judgement.late.length - shown.length} more` : '';
    problems.push(`went on after the Stop: ${judgement.late.length} event(s) came more than ${graceMs} ms after it or after its ending (${shown.join(', ')}${more})`);
  }
  if (!judgement.ending) problems.push('has no ending: it never ended as stopped');
  else if (!judgement.cancelled) problems.push(`ended with ${judgement.ending.type}${judgement.ending.type === 'agent_error' ? ' (a failure)' : ''}, not as stopped (agent_error marked aborted)`);
  return problems.length === 0 ? '' : `run ${run.runId} ${problems.join('; and ')}`;
}
