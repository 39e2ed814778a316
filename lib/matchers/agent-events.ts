/**
 * Matchers over what the tap recorded: `expect(frames).toHaveCompleteRun()` and friends. Each
 * takes recorded frames or runs, is synchronous (so `expect.poll(() => frames)` retries it), and
 * fails with the frames behind the finding, one per line. A failing matcher also records its
 * finding for the running test (lib/contract/finding-log.ts); a passing try withdraws it, so that
 * after `expect.poll` only the last try counts.
 */
import { test, type ExpectMatcherState, type MatcherReturnType, type TestInfo } from '@playwright/test';
import { recordFinding, withdrawFinding, type Finding, type FindingKind } from '../contract/index.ts';
import { formatFrame, formatViolations, originOf, plural } from '../events/format.ts';
import { checkRun, checkUi, isComplete, seqChecked, type RunContext } from '../events/lifecycle.ts';
import { foreignEvents, type PageUser } from '../events/isolation.ts';
import { agentEventFrames, groupRuns, malformedFrames, runSteps, type Run } from '../events/runs.ts';
import { firstShrink, streamedAnswerStates } from '../events/answer-growth.ts';
import { quotedState } from './answer-growth.ts';
import { describeStop, judgeStop, stoppedWell, STOP_GRACE_MS } from '../events/stop.ts';
import type { AgentEventType, RecordedFrame, ScreenSnapshot, Violation } from '../events/types.ts';

/** What every matcher here accepts. */
export type AgentEventsReceived = readonly RecordedFrame[] | readonly Run[];

export type RunChoice = 'first' | 'last' | number;

interface Evidence {
  runs: Run[];
  frames: readonly RecordedFrame[];
  /** The matcher was given runs, which hold the frames of agent events only. */
  givenRuns: boolean;
}

const isRun = (value: unknown): value is Run =>
  typeof value === 'object' && value !== null && 'runId' in value && 'events' in value && 'frames' in value && Array.isArray(value.frames);

function evidenceOf(received: unknown, matcherName: string): Evidence {
  if (!Array.isArray(received)) {
    throw new Error(`${matcherName}: expected recorded frames (RecordedFrame[]) or runs (Run[]), got ${received === null ? 'null' : typeof received}`);
  }
  if (received.length > 0 && received.every(isRun)) {
    const runs = [...received];
    const frames = runs.flatMap((run) => run.frames).sort((a, b) => a.index - b.index);
    return { runs, frames, givenRuns: true };
  }
  const frames = received as RecordedFrame[];
  return { runs: groupRuns(frames), frames, givenRuns: false };
}

const indent = (text: string): string => text.replace(/^/gm, '  ');

interface Outcome {
  pass: boolean;
  /** What a failure is a finding of. */
  kind: FindingKind;
  /** The lifecycle rules a failure concerns, by number. */
  rules?: readonly number[];
  /** The runs a failure concerns. */
  runs?: readonly Run[];
  /** What the matcher expects, without "not". */
  expected: string;
  /** What `.not` expects, where "not" + `expected` would read as a double negative. */
  expectedWhenNot?: string;
  received: string;
  /** The evidence, frame by frame. */
  details: string[];
  expectedValue?: unknown;
  actualValue?: unknown;
}

/** The running test, or undefined where a matcher runs outside one (a script): test.info() then throws. */
function runningTest(): TestInfo | undefined {
  try {
    return test.info();
  } catch {
    return undefined;
  }
}

/** `run-1` with the user whose page saw it (else the user its events name). */
const runOf = (run: Run): { runId: string; user?: string } => {
  const user = run.frames[0]?.owner ?? run.userId;
  return user === undefined ? { runId: run.runId } : { runId: run.runId, user };
};

/** Records the outcome of this try as the test's finding of this matcher, or withdraws the last one when it held. */
function keepFinding(state: ExpectMatcherState, name: string, outcome: Outcome): void {
  const testInfo = runningTest();
  if (testInfo === undefined) return;
  const key = `matcher ${name}${state.isNot ? ' (not)' : ''}`;
  // `.not` inverts: the assertion fails where the matcher passes.
  if (outcome.pass !== state.isNot) {
    withdrawFinding(testInfo, key);
    return;
  }
  const rules = [...new Set(outcome.rules ?? [])].sort((a, b) => a - b);
  const runs = [...new Map((outcome.runs ?? []).map((run) => [run.runId, runOf(run)])).values()];
  const finding: Finding = {
    kind: outcome.kind,
    check: name,
    ...(rules.length > 0 ? { rules } : {}),
    ...(runs.length > 0 ? { runs } : {}),
    summary: state.isNot ? `expected ${outcome.expectedWhenNot ?? `not ${outcome.expected}`}, received ${outcome.received}` : outcome.received,
  };
  recordFinding(testInfo, finding, key);
}

function result(state: ExpectMatcherState, name: string, argument: string, outcome: Outcome): MatcherReturnType {
  keepFinding(state, name, outcome);
  const message = (): string =>
    [
      state.utils.matcherHint(name, undefined, argument, { isNot: state.isNot }),
      '',
      `Expected: ${state.isNot ? (outcome.expectedWhenNot ?? `not ${outcome.expected}`) : outcome.expected}`,
      `Received: ${outcome.received}`,
      ...(outcome.details.length > 0 ? ['', ...outcome.details] : []),
    ].join('\n');
  return { pass: outcome.pass, message, name, expected: outcome.expectedValue ?? outcome.expected, actual: outcome.actualValue ?? outcome.received };
}

/** The runs a list of violations concerns. */
const runsIn = (runs: readonly Run[], violations: readonly Violation[]): Run[] => runs.filter((run) => violations.some((violation) => violation.runId === run.runId));

/** A run in a line; an incomplete one also shows its last frame, where it stopped. */
function describeRun(run: Run, origin: number): string {
  const summary = `run ${run.runId}${run.userId === undefined ? '' : ` (user ${run.userId})`}: ${plural(run.events.length, 'event')}, last ${run.events.at(-1)?.type ?? 'none'}`;
  const last = run.frames.at(-1);
  if (isComplete(run) || !last) return summary;
  return `${summary}: incomplete\n    ${formatFrame(last, origin)}`;
}

/** Rule 4 could only check arrival order for these runs: the message says so. */
function seqNotes(runs: readonly Run[]): string[] {
  return runs.filter((run) => !seqChecked(run)).map((run) => `run ${run.runId}: no seq on the wire: order checked by arrival`);
}

function violationsOf(runs: readonly Run[], context?: RunContext): Violation[] {
  return runs.flatMap((run) => checkRun(run, context));
}

function violationDetails(violations: readonly Violation[], frames: readonly RecordedFrame[]): string[] {
  return violations.length === 0 ? [] : ['Violations:', indent(formatViolations(violations, frames))];
}

function chooseRun(runs: readonly Run[], choice: RunChoice): { run?: Run; label: string } {
  if (choice === 'first') return { run: runs[0], label: 'the first run' };
  if (choice === 'last') return { run: runs.at(-1), label: 'the last run' };
  return { run: runs[choice], label: `run [${choice}]` };
}

export const agentEventMatchers = {
  /** At least one run (exactly `count` when given), every run complete and free of violations of rules 1-5. */
  toHaveCompleteRun(this: ExpectMatcherState, received: AgentEventsReceived, options: { count?: number } = {}): MatcherReturnType {
    const name = 'toHaveCompleteRun';
    const { runs, frames } = evidenceOf(received, name);
    const origin = originOf(frames);
    const incomplete = runs.filter((run) => !isComplete(run));
    const violations = violationsOf(runs);
    const countHeld = options.count === undefined ? runs.length > 0 : runs.length === options.count;
    const wanted = options.count === undefined ? 'at least 1 run' : plural(options.count, 'run');
    return result(this, name, options.count === undefined ? '' : 'options', {
      pass: countHeld && incomplete.length === 0 && violations.length === 0,
      kind: 'lifecycle',
      rules: violations.map((violation) => violation.rule),
      runs: [...incomplete, ...runsIn(runs, violations)],
      expected: `${wanted}, each complete (agent_started … agent_completed/agent_error) and following rules 1-5`,
      received: `${plural(runs.length, 'run')}: ${plural(incomplete.length, 'incomplete run')}, ${plural(violations.length, 'violation')}`,
      details: [
        ...(runs.length > 0 ? ['Runs:', ...runs.map((run) => indent(describeRun(run, origin)))] : []),
        ...violationDetails(violations, frames),
        ...seqNotes(runs),
      ],
      actualValue: runs.length,
    });
  },

  /** No violation of rules 1-5 in any run; an incomplete run violates rule 1. */
  toFollowLifecycle(this: ExpectMatcherState, received: AgentEventsReceived, options: RunContext = {}): MatcherReturnType {
    const name = 'toFollowLifecycle';
    const { runs, frames } = evidenceOf(received, name);
    const violations = violationsOf(runs, options);
    const owner = options.ownerId === undefined ? '' : `, every event for user ${options.ownerId}`;
    return result(this, name, options.ownerId === undefined ? '' : 'options', {
      pass: violations.length === 0,
      kind: 'lifecycle',
      rules: violations.map((violation) => violation.rule),
      runs: runsIn(runs, violations),
      expected: `every run to follow lifecycle rules 1-5${owner}`,
      received: `${plural(runs.length, 'run')}, ${plural(violations.length, 'violation')}`,
      details: [...violationDetails(violations, frames), ...seqNotes(runs)],
      actualValue: violations,
    });
  },

  /** The event types of one run (default the last) equal `expected`. */
  toHaveEventSequence(
    this: ExpectMatcherState,
    received: AgentEventsReceived,
    expected: readonly AgentEventType[],
    options: { ignoreThinking?: boolean; run?: RunChoice } = {},
  ): MatcherReturnType {
    const name = 'toHaveEventSequence';
    const { runs, frames } = evidenceOf(received, name);
    const kept = (type: AgentEventType): boolean => !(options.ignoreThinking === true && type === 'agent_thinking');
    const wanted = expected.filter(kept);
    const { run, label } = chooseRun(runs, options.run ?? 'last');
    const thinking = options.ignoreThinking === true ? ' (agent_thinking ignored)' : '';
    const steps = run ? runSteps(run).filter((step) => kept(step.event.type)) : [];
    const actual = steps.map((step) => step.event.type);
    const positions = Array.from({ length: Math.max(wanted.length, actual.length) }, (_, position) => position);
    const difference = positions.find((position) => wanted[position] !== actual[position]);
    const details: string[] = [];
    if (run && difference !== undefined) {
      const got = steps[difference];
      details.push(
        `First difference at position ${difference}: expected ${wanted[difference] ?? 'no more events'}, got ${got?.event.type ?? 'no more events'}`,
        ...(got ? [`  ${formatFrame(got.frame, originOf(frames))}`] : []),
      );
    }
    return result(this, name, 'expected', {
      pass: run !== undefined && difference === undefined,
      kind: 'lifecycle',
      runs: run ? [run] : [],
      expected: `${label}${run ? ` (${run.runId})` : ''} to be [${wanted.join(', ')}]${thinking}`,
      received: run ? `[${actual.join(', ')}]` : `no such run among ${plural(runs.length, 'run')}`,
      details,
      expectedValue: wanted,
      actualValue: actual,
    });
  },

  /**
   * No agent event that is not `user`'s: none naming another user where the wire names users, and
   * no run that answers none of `user`'s messages where it does not (events/isolation.ts).
   */
  toHaveNoForeignEvents(this: ExpectMatcherState, received: AgentEventsReceived, user: PageUser): MatcherReturnType {
    const name = 'toHaveNoForeignEvents';
    const { frames, givenRuns } = evidenceOf(received, name);
    const who = user.name === undefined ? user.id ?? 'the page user' : user.id === undefined ? user.name : `${user.name} (${user.id})`;
    const usesPairing = agentEventFrames(frames).some((frame) => frame.decoded.userId === undefined) || user.id === undefined;
    if (givenRuns && usesPairing) {
      throw new Error(`${name}: expected the recorded frames (RecordedFrame[]), got runs: where events name no user, a run is judged by the user's messages, which runs do not hold`);
    }
    const origin = originOf(frames);
    const foreign = foreignEvents(frames, user);
    return result(this, name, 'user', {
      pass: foreign.length === 0,
      kind: 'isolation',
      runs: groupRuns(foreign.map(({ frame }) => frame)),
      expected: `no agent event that is not ${who}'s`,
      expectedWhenNot: `an agent event that is not ${who}'s`,
      received: plural(foreign.length, 'foreign event'),
      details: foreign.map(({ frame, reason }) => `${reason}: ${formatFrame(frame, origin)}`),
      actualValue: foreign.map(({ frame }) => frame.index),
    });
  },

  /** Every received frame decoded; needs the recorded frames, since runs hold agent events only. */
  toHaveNoMalformedFrames(this: ExpectMatcherState, received: AgentEventsReceived): MatcherReturnType {
    const name = 'toHaveNoMalformedFrames';
    const { frames, givenRuns } = evidenceOf(received, name);
    if (givenRuns) {
      throw new Error(`${name}: expected the recorded frames (RecordedFrame[]), got runs: a run holds agent events only, so no malformed frame is ever in one`);
    }
    const origin = originOf(frames);
    const malformed = malformedFrames(frames);
    return result(this, name, '', {
      pass: malformed.length === 0,
      kind: 'malformed-frames',
      expected: 'every received frame to decode',
      expectedWhenNot: 'a malformed frame',
      received: plural(malformed.length, 'malformed frame'),
      details: malformed.map((frame) => `${formatFrame(frame, origin)}\n    reason: ${frame.decoded.reason}`),
      actualValue: malformed.map((frame) => frame.index),
    });
  },

  /** Rule 6: the screen shows one run's answer and a matching card for each tool call. */
  toMatchScreen(this: ExpectMatcherState, received: AgentEventsReceived, ui: ScreenSnapshot, options: { run?: 'last' | number } = {}): MatcherReturnType {
    const name = 'toMatchScreen';
    const { runs, frames } = evidenceOf(received, name);
    const { run, label } = chooseRun(runs, options.run ?? 'last');
    const violations = run ? checkUi(run, ui) : [];
    return result(this, name, 'ui', {
      pass: run !== undefined && violations.length === 0,
      kind: 'ui',
      rules: [6],
      runs: run ? [run] : [],
      expected: `the screen to show ${label}${run ? ` (${run.runId})` : ''}: its answer and a card per tool call`,
      received: run ? plural(violations.length, 'difference') : `no such run among ${plural(runs.length, 'run')}`,
      details: violationDetails(violations, frames),
      expectedValue: ui,
      actualValue: violations,
    });
  },

  /**
   * The run its user stopped at `at` (the page's clock, from `chat.stop()`) ended as cancelled,
   * and nothing of it came after: no event past STOP_GRACE_MS after the Stop, none after its ending.
   */
  toHaveStopped(this: ExpectMatcherState, received: AgentEventsReceived, options: { at: number; run?: RunChoice }): MatcherReturnType {
    const name = 'toHaveStopped';
    const { runs, frames } = evidenceOf(received, name);
    const { run, label } = chooseRun(runs, options.run ?? 'last');
    const judgement = run ? judgeStop(run, options.at) : undefined;
    const pass = run !== undefined && judgement !== undefined && stoppedWell(judgement);
    const origin = originOf(frames);
    return result(this, name, 'stop', {
      pass,
      kind: 'lifecycle',
      runs: run ? [run] : [],
      expected: `${label} to end as stopped (agent_error marked aborted), with no event of it more than ${STOP_GRACE_MS} ms after the Stop or after its ending`,
      received: !run ? `no such run among ${plural(runs.length, 'run')}` : judgement && !stoppedWell(judgement) ? describeStop(run, judgement) : `run ${run.runId} stopped`,
      details: run && judgement ? judgement.late.flatMap((late) => frames.filter((frame) => frame.index === late.frame).map((frame) => formatFrame(frame, origin))) : [],
      actualValue: judgement,
    });
  },

  /**
   * An answer never shrinks in the stream either: the run's answer as decoded after each delta
   * (and each snapshot of it) is a prefix of the next, and of the final answer.
   */
  toStreamAnAnswerThatOnlyGrows(this: ExpectMatcherState, received: AgentEventsReceived, options: { run?: RunChoice } = {}): MatcherReturnType {
    const name = 'toStreamAnAnswerThatOnlyGrows';
    const { runs, frames, givenRuns } = evidenceOf(received, name);
    if (givenRuns) throw new Error(`${name}: expected recorded frames (events.of(user)): runs hold agent events only, not the answer's deltas`);
    const { run, label } = chooseRun(runs, options.run ?? 'last');
    const states = run ? streamedAnswerStates(run, frames) : [];
    const shrink = firstShrink(states);
    return result(this, name, 'frames', {
      pass: run !== undefined && shrink === undefined,
      kind: 'lifecycle',
      runs: run ? [run] : [],
      expected: `${label}'s answer, as the stream told it, to only grow: each state a prefix of the next`,
      received: !run
        ? `no such run among ${plural(runs.length, 'run')}`
        : shrink
          ? `run ${run.runId}'s answer shrank in the stream: state ${shrink.index} of ${shrink.count}, ${quotedState(shrink.before)}, became ${quotedState(shrink.after)}, which does not start with it`
          : `run ${run.runId}'s answer only grew, through ${plural(states.length, 'state')}`,
      details: [],
      actualValue: states,
    });
  },
};
