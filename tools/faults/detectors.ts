/**
 * Which specs must catch which fault (DETECTORS), and how a selection of specs becomes a
 * `--grep`. Pure.
 */

/** Tests that carry every one of these tags and, when given, this text in their title. */
export interface Selection {
  tags: readonly string[];
  title?: string;
}

export type CatchBy = 'finding' | 'latency budget';

export interface Detector {
  /** The concrete faults (after expansion) this entry covers. */
  faults: RegExp;
  /** The tests to run; a test selected by any entry runs. */
  select: readonly Selection[];
  /** What must name the fault: a finding of a failing test (lib/contract/findings.ts), or the release gate's latency budget. */
  by: CatchBy;
  /** Why these tests catch it: which assertion, in a phrase (the README's matrix shows it). */
  why: string;
}

// The answer test of chat.spec.ts: it sends without waiting and then asserts, each with a timeout
// that reports expected vs received (data-status, expect.poll(…).toHaveCompleteRun(), rule 6), so
// a broken run fails it by name within EVENT_TIMEOUT_MS, never by the test timeout.
const CHAT_ANSWER: Selection = { tags: ['@chat', '@smoke'] };
// One run with two tool calls: each tool event is checked twice (cards and rule 3).
const TWO_TOOLS: Selection = { tags: ['@tools'], title: 'needs two tools' };

/** Fault → the tests that must catch it. The first entry that matches wins; no entry: the whole suite. */
export const DETECTORS: readonly Detector[] = [
  {
    faults: /^(drop|duplicate):agent_(started|thinking|completed)$/,
    select: [CHAT_ANSWER],
    by: 'finding',
    why: 'toHaveCompleteRun names the broken rule (1: one agent_started/agent_completed, 4: seq without gap or repeat); a missing agent_completed leaves the answer unfinished, and the wait for it names the stuck run',
  },
  {
    faults: /^(drop|duplicate):tool_(executing|completed)$/,
    select: [TWO_TOOLS],
    by: 'finding',
    why: 'toHaveCompleteRun rule 3 (each tool_executing has exactly one tool_completed after it) / rule 4, and the wait for a tool card naming the stuck run',
  },
  {
    faults: /^(reorder|malformed|stall|wrong-answer|ui-stale)$/,
    select: [CHAT_ANSWER],
    by: 'finding',
    why: 'reorder: rule 2/4; malformed: rule 4 gap and the event tap naming the frame; stall: the wait for the answer names the stuck run (rule 1); ui-stale: the run completed but the screen never showed it (rule 6); wrong-answer: toMatchScreen rule 6',
  },
  {
    faults: /^leak(\/no-user-ids)?$/,
    select: [{ tags: ['@isolation'], title: 'receives none of her events' }],
    by: 'finding',
    why: "toHaveNoForeignEvents on Bob's page, and the event tap names each foreign event: by the userId it names, or (no-user-ids) as a run that answers no message of Bob's",
  },
  { faults: /^no-reconnect$/, select: [{ tags: ['@reconnect', '@critical'] }], by: 'finding', why: 'the connection status never returns to "Connected" (a check of the screen)' },
  { faults: /^history-loss$/, select: [{ tags: ['@history', '@critical'] }], by: 'finding', why: 'after a reload the transcript is empty (a check of the screen)' },
  { faults: /^xss$/, select: [{ tags: ['@security'], title: 'HTML and script in a message' }], by: 'finding', why: 'the payload renders as elements (a check of the screen: its text, no img, script or b)' },
  {
    faults: /^ignore-stop$/,
    select: [{ tags: ['@stop'], title: 'stopped while the agent thinks' }],
    by: 'finding',
    why: 'toHaveStopped: the run went on after the Stop (its events past the grace, named) and ended with agent_completed, not as stopped',
  },
  // The example products' faults (examples/*-chat/): the same product specs name them over their protocols.
  { faults: /^never-finishes$/, select: [CHAT_ANSWER], by: 'finding', why: 'the wait for the answer names the stuck run and its last event (rule 1)' },
  { faults: /^rewrite-text$/, select: [CHAT_ANSWER], by: 'finding', why: "the answer shrank in the stream (toStreamAnAnswerThatOnlyGrows: the pack reads the server's messages snapshot as the answer so far) and on screen (a check of the screen, toOnlyGrow)" },
  { faults: /^lose-tool-result$/, select: [TWO_TOOLS], by: 'finding', why: 'the wait for the tool card names the stuck run, and toHaveCompleteRun rule 3 the call left without its tool_completed' },
  {
    faults: /^cross-deliver$/,
    select: [{ tags: ['@isolation'], title: 'receives none of her events' }],
    by: 'finding',
    why: "Alice's answer on Bob's screen (a check of the screen, as an isolation finding), and toHaveNoForeignEvents where the protocol names the run Bob asked for (AG-UI's runId)",
  },
  {
    faults: /^slow:\d+$/,
    select: [CHAT_ANSWER],
    by: 'latency budget',
    why: 'no spec times anything: the release gate judges the run against LATENCY_BUDGET_STARTED_MS / LATENCY_BUDGET_COMPLETED_MS (p95)',
  },
];

export function detectorFor(fault: string, transport: 'ws' | 'sse' = 'ws'): Detector | undefined {
  const detector = DETECTORS.find((candidate) => candidate.faults.test(fault));
  // Over SSE a page is reached only while its own run streams: a leak shows where runs overlap.
  if (detector && transport === 'sse' && /^leak\b/.test(fault)) return { ...detector, select: [...detector.select, { tags: ['@isolation'], title: 'only their own events' }] };
  return detector;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A `--grep` for the selections. Playwright matches it against the test's title path and tags,
 * so each selection is a set of lookaheads (all its tags, and its title text) from the start.
 */
export function grepOf(selections: readonly Selection[]): string {
  if (selections.length === 0) throw new Error('grepOf: no selection (the whole suite needs no --grep)');
  const one = ({ tags, title }: Selection) => `^${[...tags, ...(title === undefined ? [] : [title])].map((part) => `(?=.*${escapeRegExp(part)})`).join('')}`;
  return selections.map(one).join('|');
}

export function describeSelection(selections: readonly Selection[] | undefined): string {
  if (selections === undefined) return 'the whole suite (no mapping)';
  return selections.map(({ tags, title }) => [tags.join(' '), title === undefined ? '' : `"${title}"`].filter(Boolean).join(' ')).join(' or ');
}

/** The selections of several detectors, each once (the clean run's: every test the matrix relies on). */
export function unionOf(detectors: readonly (Detector | undefined)[]): Selection[] | undefined {
  if (detectors.some((detector) => detector === undefined)) return undefined;
  const seen = new Map<string, Selection>();
  for (const detector of detectors) for (const selection of detector?.select ?? []) seen.set(JSON.stringify(selection), selection);
  return [...seen.values()];
}
