/** What a test that saw agent frames attaches about them (fixtures/event-report.ts), for the release gate. */
import { z } from 'zod';
import { parseJson } from './parse-json.ts';

/** The attachment's name. */
export const EVENT_SUMMARY_ATTACHMENT = 'agent-events.json';

const count = z.number().int().nonnegative();

export const eventSummarySchema = z.object({
  frames: count,
  runs: count,
  completeRuns: count,
  /** `<runId> (<user>)` of each run that did not complete. */
  incompleteRuns: z.array(z.string()),
  lifecycleViolations: count,
  foreignEvents: count,
  malformedFrames: count,
  framesWithoutOwner: count,
  /** What the spec provoked on purpose: the gate shows such frames but does not count them. */
  optedIn: z.object({
    malformedFrames: z.boolean(),
    foreignEvents: z.boolean(),
    /** Absent in summaries written before the teardown judged ended runs. */
    lifecycleViolations: z.boolean().default(false),
  }),
  /** Per run: ms from the user's message to agent_started and to agent_completed. */
  latencies: z.array(
    z.object({ runId: z.string(), owner: z.string(), toStarted: z.number().nonnegative().optional(), toCompleted: z.number().nonnegative().optional() }),
  ),
});

export type EventSummary = z.infer<typeof eventSummarySchema>;

/** The summary in an attachment's text, or what is wrong with it (for a person). */
export function parseEventSummary(text: string): { summary: EventSummary } | { problem: string } {
  const parsed = parseJson(text, eventSummarySchema);
  return 'value' in parsed ? { summary: parsed.value } : parsed;
}
