/** Playwright's expect with the agent event matchers: `expect(frames).toHaveCompleteRun()`. */
import { expect as baseExpect } from '@playwright/test';
import { agentEventMatchers } from './agent-events.ts';
import { answerGrowthMatchers } from './answer-growth.ts';
import { eventTraceMatchers } from './event-trace.ts';

export { agentEventMatchers };
export type { AgentEventsReceived, RunChoice } from './agent-events.ts';

/** Typed by `extend`: each matcher shows up on values a RecordedFrame[] or Run[] is given for. */
export const expect = baseExpect.extend({ ...agentEventMatchers, ...eventTraceMatchers, ...answerGrowthMatchers });
