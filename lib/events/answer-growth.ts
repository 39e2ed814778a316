/**
 * An answer never shrinks: while a run streams, each text the screen shows for its answer is a
 * prefix of the next. Pure: the states come from the page (pages/chat-page.ts, watchAnswer), or
 * from the decoded stream (`streamedAnswerStates`).
 */
import { ANSWER_SO_FAR } from './decoders/common.ts';
import type { Run } from './runs.ts';
import type { RecordedFrame } from './types.ts';

/** The first change of the answer that was not growth: state `index` became `after`. */
export interface AnswerShrink {
  /** 1-based: the state that was replaced by one it is not a prefix of. */
  index: number;
  count: number;
  before: string;
  after: string;
}

/** The first state that is not a prefix of the one after it; undefined when the answer only grew. */
export function firstShrink(states: readonly string[]): AnswerShrink | undefined {
  for (let index = 1; index < states.length; index += 1) {
    const before = states[index - 1] ?? '';
    const after = states[index] ?? '';
    if (!after.startsWith(before)) return { index, count: states.length, before, after };
  }
  return undefined;
}

/**
 * The answer as the decoded stream told it, state by state: the text after each delta (and each
 * word of the server on the answer so far, e.g. an AG-UI messages snapshot), then the final answer.
 */
export function streamedAnswerStates(run: Run, frames: readonly RecordedFrame[]): string[] {
  const states: string[] = [];
  for (const frame of frames) {
    const decoded = frame.decoded;
    if (!decoded || !('control' in decoded) || decoded.type !== ANSWER_SO_FAR || decoded.data.runId !== run.runId) continue;
    const text = typeof decoded.data.text === 'string' ? decoded.data.text : '';
    if (states.at(-1) !== text) states.push(text);
  }
  const final = run.events.find((event) => event.type === 'agent_completed')?.data.answer;
  if (typeof final === 'string' && states.at(-1) !== final) states.push(final);
  return states;
}
