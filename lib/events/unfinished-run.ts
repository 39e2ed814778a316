/**
 * Why a wait on the agent ran out, as a person reads it first and as a finding: which run of which
 * user is stuck, its last event and how long ago, and the lifecycle rule it has not met; or, when
 * the run did end, that the screen never showed it.
 */
import type { Finding } from '../contract/findings.ts';
import { isComplete } from './lifecycle.ts';
import type { Run } from './runs.ts';
import type { AgentEvent } from './types.ts';

export interface UnfinishedWait {
  /** What the wait was for, in words: `the answer to "Hello"`, `the calculator card`. */
  waitedFor: string;
  waitedMs: number;
  /** The user whose page waited. */
  user: string;
  /** That user's runs in this test, oldest first. */
  runs: readonly Run[];
  /** Epoch ms, the clock the frames' `at` is on. */
  now: number;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function describeEvent(event: AgentEvent): string {
  const tool = event.data.tool;
  return typeof tool === 'string' ? `${event.type} (${tool})` : event.type;
}

/** The first line of the error and the finding behind it. */
export function explainUnfinished({ waitedFor, waitedMs, user, runs, now }: UnfinishedWait): { message: string; finding: Finding } {
  const check = `wait for ${waitedFor}`;
  const run = runs.at(-1);
  const last = run?.events.at(-1);
  const lastFrame = run?.frames.at(-1);
  if (run === undefined || last === undefined || lastFrame === undefined) {
    const message = `${user}'s agent never started: ${waitedFor} did not finish within ${waitedMs} ms, and no agent_started reached ${user}'s page (rule 1: a run starts with agent_started)`;
    return { message, finding: { kind: 'stuck-run', check, rules: [1], runs: [], summary: `${user}: no run started` } };
  }
  const ago = seconds(Math.max(0, now - lastFrame.at));
  const concerned = [{ runId: run.runId, user }];
  if (!isComplete(run)) {
    const message = `${user}'s run ${run.runId} is stuck: its last event, ${describeEvent(last)}, came ${ago} ago, and no agent_completed or agent_error ended it (rule 1); ${waitedFor} did not finish within ${waitedMs} ms`;
    return { message, finding: { kind: 'stuck-run', check, rules: [1], runs: concerned, summary: `${user}'s run ${run.runId} stuck after ${describeEvent(last)}` } };
  }
  const ending = last.type === 'agent_error' ? `failed (agent_error: ${JSON.stringify(last.data.message ?? '')})` : 'completed (agent_completed)';
  const message = `${user}'s run ${run.runId} ${ending} ${ago} ago, but the screen did not show ${waitedFor} as finished within ${waitedMs} ms (rule 6: the screen matches the events)`;
  return { message, finding: { kind: 'ui', check, rules: [6], runs: concerned, summary: `${user}'s run ${run.runId} ended; the screen did not show it` } };
}
