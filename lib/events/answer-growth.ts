/**
 * An answer never shrinks: while a run streams, each text the screen shows for its answer is a
 * prefix of the next. Pure: the states come from the page (pages/chat-page.ts, watchAnswer).
 */

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
