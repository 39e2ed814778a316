/**
 * `expect(await answerStates()).toOnlyGrow()`: the texts the screen showed for an answer while
 * it streamed, each a prefix of the next (lib/events/answer-growth.ts).
 */
import type { ExpectMatcherState, MatcherReturnType } from '@playwright/test';
import { firstShrink } from '../events/answer-growth.ts';

/** A state as a failure quotes it: whole when short, else its end, where streaming changes it. */
export const quotedState = (text: string): string => JSON.stringify(text.length <= 120 ? text : `…${text.slice(-100)}`);

export const answerGrowthMatchers = {
  toOnlyGrow(this: ExpectMatcherState, received: readonly string[]): MatcherReturnType {
    const shrink = firstShrink(received);
    const pass = shrink === undefined;
    const message = (): string =>
      shrink === undefined
        ? `${this.utils.matcherHint('.not.toOnlyGrow', 'answerStates', '')}\n\nthe answer only grew, through ${received.length} states`
        : `${this.utils.matcherHint('toOnlyGrow', 'answerStates', '')}\n\nthe answer on screen shrank while it streamed: state ${shrink.index} of ${shrink.count}, ${quotedState(shrink.before)}, became ${quotedState(shrink.after)}, which does not start with it (an answer only grows, each state a prefix of the next)`;
    return { pass, message, name: 'toOnlyGrow', expected: 'each state a prefix of the next', actual: received };
  },
};
