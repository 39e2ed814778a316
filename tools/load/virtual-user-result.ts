/**
 * What one virtual user of `npm run load` says (its plan, from the target's conversations) and what
 * it found (its result, judged from the frames its page's tap recorded). Pure: no Playwright, no
 * Artillery; tools/load/virtual-user.ts drives the page and hands over what it recorded.
 */
import { formatFrame, formatViolations, originOf } from '../../lib/events/format.ts';
import { isComplete } from '../../lib/events/lifecycle.ts';
import type { RunOwners } from '../../lib/events/isolation.ts';
import { reportRecording } from '../../lib/events/recording-report.ts';
import { runLatencies } from '../../lib/events/timeline.ts';
import type { RecordedFrame } from '../../lib/events/types.ts';
import { isAbsent, type TargetConversations, type TextMatch } from '../../lib/conversations/schema.ts';

/** Where each user's result goes, run locally (set by `npm run load`). */
export const RESULTS_VARIABLE = 'CHAT_E2E_LOAD_RESULTS';
/** How many messages each user sends (set by `npm run load`; a distributed run's default otherwise). */
export const MESSAGES_VARIABLE = 'CHAT_E2E_LOAD_MESSAGES';
export const DEFAULT_MESSAGES = 3;

export interface PlannedMessage {
  text: string;
  /** What a right answer shows. */
  answer: TextMatch;
}

/**
 * The messages of virtual user `index`: first its own line of `perUser` (an answer no other user
 * gets, so a crossed answer shows on screen), then the tools, several tools and the plain
 * message in turn, each user starting at a place of its own.
 */
export function plannedMessages(conversations: TargetConversations, index: number, count: number): PlannedMessage[] {
  const { perUser, tools, severalTools, plain } = conversations;
  const own = isAbsent(perUser) ? [] : [perUser.messages[index % perUser.messages.length]].flatMap((entry) => (entry ? [{ text: entry.message, answer: entry.answer }] : []));
  const others: PlannedMessage[] = [
    ...(isAbsent(tools) ? [] : tools.map((tool) => ({ text: tool.message, answer: tool.answer }))),
    ...(isAbsent(severalTools) ? [] : [{ text: severalTools.message, answer: severalTools.answer }]),
    { text: plain.message, answer: plain.answer },
  ];
  const planned = [...own];
  for (let k = 0; planned.length < count; k += 1) planned.push(others[(index + k) % others.length] as PlannedMessage);
  return planned.slice(0, count);
}

export const shows = (text: string, match: TextMatch): boolean => (typeof match === 'string' ? text.includes(match) : match.test(text));

/** Why a virtual user could not go on: a kind to count by, and the words that name it. */
export const VIRTUAL_USER_ERRORS = ['configuration', 'sign-in refused', 'answer never finished', 'page timed out', 'unexpected error'] as const;
export type VirtualUserErrorKind = (typeof VIRTUAL_USER_ERRORS)[number];

export interface VirtualUserResult {
  user: string;
  phase: string;
  /** When the user arrived and left, epoch ms. */
  startedAt: number;
  endedAt: number;
  messagesSent: number;
  runsComplete: number;
  /** Each incomplete run, named: run id, user, last event. */
  incompleteRuns: string[];
  /** Each event of another user's on this user's page, named (isolation under load). */
  foreignEvents: string[];
  malformedFrames: string[];
  /** Lifecycle rules 1-4 broken by a run that ended. */
  lifecycleViolations: string[];
  /** An answer that finished without what the conversations file says it shows. */
  wrongAnswers: string[];
  /** Ms from the user's message to agent_started / agent_completed, as the page saw them. */
  toStarted: number[];
  toCompleted: number[];
  error?: { kind: VirtualUserErrorKind; message: string };
}

export interface ShownAnswer {
  message: PlannedMessage;
  outcome: string;
  text: string;
}

/** The user's result from the frames its page recorded and the answers its screen showed. */
export function judgeVirtualUser(
  who: { name: string; id?: string; phase: string; startedAt: number; endedAt: number },
  frames: readonly RecordedFrame[],
  answers: readonly ShownAnswer[],
  runOwners: RunOwners,
  error?: VirtualUserResult['error'],
): VirtualUserResult {
  const user = who.id === undefined ? { name: who.name } : { name: who.name, id: who.id };
  const report = reportRecording(frames, [user], runOwners);
  const origin = originOf(frames);
  const last = (frame: RecordedFrame | undefined) => (frame === undefined ? 'none' : formatFrame(frame, origin));
  const latencies = runLatencies(report.timeline);
  // Another user's run on this page is named once, as foreign; the user's own runs are judged for completeness.
  const foreignRuns = new Set(report.foreign.map(({ frame }) => frame.decoded.runId));
  const own = report.runs.filter(({ run }) => !foreignRuns.has(run.runId));
  return {
    user: who.name,
    phase: who.phase,
    startedAt: who.startedAt,
    endedAt: who.endedAt,
    messagesSent: answers.length + (error?.kind === 'answer never finished' ? 1 : 0),
    runsComplete: own.filter(({ run }) => isComplete(run)).length,
    incompleteRuns: own.filter(({ run }) => !isComplete(run)).map(({ run }) => `${who.name}: run ${run.runId} never ended; its last event: ${last(run.frames.at(-1))}`),
    foreignEvents: report.foreign.map(({ frame, reason }) => `${who.name} got ${formatFrame(frame, origin)}: ${reason}`),
    malformedFrames: report.malformed.map((frame) => `${who.name}: ${formatFrame(frame, origin)}: ${frame.decoded.reason}`),
    lifecycleViolations: report.brokenCompleteRuns.map(({ run, violations }) => `${who.name}, run ${run.runId}: ${formatViolations(violations, frames)}`),
    wrongAnswers: answers
      .filter(({ outcome, text, message }) => outcome !== 'done' || !shows(text, message.answer))
      .map(({ outcome, text, message }) => `${who.name} asked ${JSON.stringify(message.text)}: the answer ended ${outcome} showing ${JSON.stringify(text.slice(0, 120))}, not ${String(message.answer)}`),
    toStarted: latencies.flatMap(({ toStarted }) => (toStarted === undefined ? [] : [toStarted])),
    toCompleted: latencies.flatMap(({ toCompleted }) => (toCompleted === undefined ? [] : [toCompleted])),
    ...(error ? { error } : {}),
  };
}

/** What broke for the user, as Artillery counts a failed virtual user: a kind (its first line), then the names. */
export function failureOf(result: VirtualUserResult): { kind: string; lines: string[] } | undefined {
  if (result.error) return { kind: result.error.kind, lines: [result.error.message] };
  const broken: [string, string[]][] = [
    ['foreign events', result.foreignEvents],
    ['incomplete runs', result.incompleteRuns],
    ['malformed frames', result.malformedFrames],
    ['lifecycle violations', result.lifecycleViolations],
    ['wrong answers', result.wrongAnswers],
  ];
  const first = broken.find(([, lines]) => lines.length > 0);
  return first ? { kind: first[0], lines: broken.flatMap(([, lines]) => lines) } : undefined;
}
