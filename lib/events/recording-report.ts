/**
 * What a recording says, judged once: its runs per user, the lifecycle verdict, the complete runs
 * that broke a rule, foreign events, malformed frames and the timeline. The test's report (fixtures/event-report.ts) and the decoder's
 * replay (`npm run decode`) both read a recording through this, so they can never disagree.
 */
import { formatViolations, plural } from './format.ts';
import { foreignEvents, sharedRunEvents, type ForeignEvent, type PageUser, type RunOwners } from './isolation.ts';
import { checkRun, isComplete } from './lifecycle.ts';
import { groupRuns, malformedFrames, type MalformedRecordedFrame, type Run } from './runs.ts';
import { buildTimeline, type Timeline } from './timeline.ts';
import type { RecordedFrame, Violation } from './types.ts';

/** A user whose pages the recording holds: the pages' owner name, and the wire's id for them where known. */
export type RecordedUser = PageUser & { name: string };

export interface RecordingReport {
  /** Wire frames: a frame decoded to several items counts once. */
  wireFrames: number;
  runs: { run: Run; user: RecordedUser; violations: Violation[] }[];
  violations: Violation[];
  /**
   * Runs that ended (isComplete) and still broke a rule of 1-5: no later frame can mend them, so
   * the test's teardown fails on them (a duplicate agent_completed that came after a spec's poll
   * had passed). An incomplete run may still be going on, and is left to the specs and the gate.
   * Rule 5 is left out: an event of another user is the isolation check's (`foreign`), which a
   * spec that provokes it opts out of.
   */
  brokenCompleteRuns: { run: Run; user: RecordedUser; violations: Violation[] }[];
  foreign: ForeignEvent[];
  malformed: MalformedRecordedFrame[];
  framesWithoutOwner: number;
  timeline: Timeline;
  /** The verdict in lines, as a person reads it. */
  verdict: string;
}

/** The users whose pages appear in the frames, by owner name (no ids: the wire's ids are not known from frames alone). */
export const ownersOf = (frames: readonly RecordedFrame[]): RecordedUser[] =>
  [...new Set(frames.flatMap((frame) => (frame.owner === undefined ? [] : [frame.owner])))].map((name) => ({ name }));

/** `runOwners`: which user each run of earlier recordings reached first (a worker's earlier tests); this recording's runs are added to it. */
export function reportRecording(frames: readonly RecordedFrame[], users: readonly RecordedUser[], runOwners: RunOwners = new Map()): RecordingReport {
  const framesOf = (user: RecordedUser) => frames.filter((frame) => frame.owner === user.name);
  const runs = users.flatMap((user) =>
    groupRuns(framesOf(user)).map((run) => ({ run, user, violations: checkRun(run, user.id === undefined ? {} : { ownerId: user.id }) })),
  );
  const violations = runs.flatMap((entry) => entry.violations);
  const ownForeign = users.flatMap((user) => foreignEvents(framesOf(user), user));
  const seen = new Set(ownForeign.map(({ frame }) => frame));
  const foreign = [...ownForeign, ...sharedRunEvents(frames.filter((frame) => frame.owner !== undefined), runOwners).filter(({ frame }) => !seen.has(frame))];
  const malformed = malformedFrames(frames);
  const userIds = Object.fromEntries(users.flatMap((user) => (user.id === undefined ? [] : [[user.name, user.id]])));
  const timeline = buildTimeline(frames, { userIds });
  const wireFrames = frames.filter((frame) => frame.part === undefined).length;
  const complete = runs.filter(({ run }) => isComplete(run));
  const verdict = [
    `${plural(wireFrames, 'frame')}, ${plural(runs.length, 'run')} (${complete.length} complete), ${malformed.length} malformed, ${foreign.length} foreign`,
    ...runs.filter(({ run }) => !isComplete(run)).map(({ run, user }) => `incomplete run: ${run.runId} (${user.name})`),
    violations.length ? formatViolations(violations, frames) : 'lifecycle: every run follows rules 1-5',
  ].join('\n');
  const brokenCompleteRuns = complete
    .map((entry) => ({ ...entry, violations: entry.violations.filter((violation) => violation.rule !== 5) }))
    .filter((entry) => entry.violations.length > 0);
  return { wireFrames, runs, violations, brokenCompleteRuns, foreign, malformed, framesWithoutOwner: frames.filter((frame) => frame.owner === undefined).length, timeline, verdict };
}
