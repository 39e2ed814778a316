/**
 * The pure part of the fault-detection matrix (`npm run faults`, tools/commands/faults.ts): which faults
 * the app has, which specs are expected to catch each one, how a failure counts as a catch, the
 * verdict of each row, and the table. No processes, no files: tools/commands/faults.ts does those.
 *
 * A fault counts as caught only where a test names the problem: a matcher or assertion that says
 * what was expected and what came (toHaveCompleteRun naming the broken rule, toHaveAttribute
 * expected "done" received "streaming", the event tap naming a malformed frame). A test that only
 * ran out of time says that something is slow or stuck, not what: that is a weak catch.
 */
import type { JSONReport } from '@playwright/test/reporter';
import { z } from 'zod';
import { categorize } from '../../lib/reporting/allure-categories.ts';
import { firstLine, shorten, withoutAnsi } from '../../lib/reporting/text.ts';
import { reportedTests, testName } from '../../lib/reporting/json-report.ts';
import { judge, type Budgets, type ReadAttachment } from '../gate/verdict.ts';

// ---------------------------------------------------------------------------------------------
// The catalogue: what `targets/app/main.ts --list-faults` (or a target's `<WEB_SERVER_COMMAND> --list-faults`) prints.

const catalogueSchema = z.object({
  /** Patterns: `drop:<event>`, `leak`, `slow:<ms>`… */
  faults: z.array(z.string().trim().min(1)).min(1),
  /** What `<event>` stands for (a target whose faults have no placeholder lists none). */
  events: z.array(z.string().trim().min(1)).default([]),
  /** The bounds of `<ms>`. */
  slowMs: z.object({ min: z.number().int().positive(), max: z.number().int().positive() }).default({ min: 1, max: 600_000 }),
});

export type FaultCatalogue = z.output<typeof catalogueSchema>;

/** Parses the catalogue JSON, or says what is wrong with it (the app and this script disagree). */
export function parseCatalogue(text: string): FaultCatalogue {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`the fault catalogue is not JSON (${(error as Error).message}): ${text.slice(0, 200)}`, { cause: error });
  }
  const parsed = catalogueSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`the fault catalogue has an unexpected shape: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`);
  }
  return parsed.data;
}

/**
 * The `slow:<ms>` value for the matrix: a quarter over the budget to agent_started. The app waits
 * AGENT_STEP_MS + ms before every event, agent_started included, so no run can reach it in time.
 */
export function slowFaultMs(budgets: Budgets, bounds: FaultCatalogue['slowMs']): number {
  return Math.min(bounds.max, Math.max(bounds.min, Math.ceil(budgets.startedMs * 1.25)));
}

/**
 * Every concrete fault to prove: `<event>` becomes each agent event, `<ms>` the given value.
 * A placeholder this script does not know stops the matrix: it cannot prove what it cannot name.
 */
export function expandCatalogue(catalogue: FaultCatalogue, slowMs: number): string[] {
  return catalogue.faults.flatMap((pattern) => {
    if (pattern.includes('<event>') && catalogue.events.length === 0) throw new Error(`fault "${pattern}" has the placeholder <event>, but the catalogue lists no events to fill it with`);
    const values = pattern.includes('<event>') ? catalogue.events.map((event) => pattern.replaceAll('<event>', event)) : [pattern];
    const faults = values.map((fault) => fault.replaceAll('<ms>', String(slowMs)));
    const unknown = faults.flatMap((fault) => fault.match(/<[^>]*>/g) ?? []);
    if (unknown.length > 0) {
      throw new Error(`fault "${pattern}" has a placeholder ${unknown.join(', ')} that faults/matrix.ts cannot fill: teach expandCatalogue() what it stands for`);
    }
    return faults;
  });
}

/**
 * Faults proved a second time through another decoder. `leak` once on the reference wire, whose
 * events name their user (rule 5), and once through a decoder that drops the user ids, so that
 * isolation is proven the way it must be for AI SDK and AG-UI products: every run a page receives
 * must answer a message its own user sent (events/isolation.ts).
 */
export const DECODER_VARIANTS: readonly { name: string; fault: string; decoder: string }[] = [
  { name: 'leak/no-user-ids', fault: 'leak', decoder: 'tests/support/decoders/without-user-ids.ts' },
];

/** The matrix's rows: every fault, and each variant of a fault that is among them. */
export const withVariants = (faults: readonly string[]): string[] => [
  ...faults,
  ...DECODER_VARIANTS.filter((variant) => faults.includes(variant.fault)).map((variant) => variant.name),
];

/** What the app is started with for a row, and the decoder the suite reads it with. */
export function rowSettings(row: string): { fault: string; decoder: string } {
  const variant = DECODER_VARIANTS.find((candidate) => candidate.name === row);
  return variant ? { fault: variant.fault, decoder: variant.decoder } : { fault: row, decoder: 'reference' };
}

// ---------------------------------------------------------------------------------------------
// Which specs catch which fault.

/** Tests that carry every one of these tags and, when given, this text in their title. */
export interface Selection {
  tags: readonly string[];
  title?: string;
}

export type CatchBy = 'assertion' | 'latency budget';

export interface Detector {
  /** The concrete faults (after expansion) this entry covers. */
  faults: RegExp;
  /** The tests to run; a test selected by any entry runs. */
  select: readonly Selection[];
  /** What must name the fault: a failing test's assertion, or the release gate's latency budget. */
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
    by: 'assertion',
    why: 'toHaveCompleteRun names the broken rule (1: one agent_started/agent_completed, 4: seq without gap or repeat); a missing agent_completed leaves data-status "streaming"',
  },
  {
    faults: /^(drop|duplicate):tool_(executing|completed)$/,
    select: [TWO_TOOLS],
    by: 'assertion',
    why: 'tool cards (count, status) and toHaveCompleteRun rule 3 (each tool_executing has exactly one tool_completed after it) / rule 4',
  },
  {
    faults: /^(reorder|malformed|stall|wrong-answer|ui-stale)$/,
    select: [CHAT_ANSWER],
    by: 'assertion',
    why: 'reorder: rule 2/4; malformed: rule 4 gap and the event tap naming the frame; stall and ui-stale: data-status stays "streaming"; wrong-answer: toMatchScreen rule 6',
  },
  {
    faults: /^leak(\/no-user-ids)?$/,
    select: [{ tags: ['@isolation'], title: 'receives none of her events' }],
    by: 'assertion',
    why: "toHaveNoForeignEvents on Bob's page, and the event tap names each foreign event: by the userId it names, or (no-user-ids) as a run that answers no message of Bob's",
  },
  { faults: /^no-reconnect$/, select: [{ tags: ['@reconnect', '@critical'] }], by: 'assertion', why: 'the connection status never returns to "Connected" (toHaveText)' },
  { faults: /^history-loss$/, select: [{ tags: ['@history', '@critical'] }], by: 'assertion', why: 'after a reload the transcript is empty (toHaveText on the user messages)' },
  { faults: /^xss$/, select: [{ tags: ['@security'], title: 'HTML and script in a message' }], by: 'assertion', why: 'the payload renders as elements (toHaveText / toHaveCount on img, script, b)' },
  // The example products' faults (examples/*-chat/): the same product specs name them over their protocols.
  { faults: /^never-finishes$/, select: [CHAT_ANSWER], by: 'assertion', why: 'the answer stays data-status "streaming" (toHaveAttribute) and the run never completes (toHaveCompleteRun, rule 1)' },
  { faults: /^lose-tool-result$/, select: [TWO_TOOLS], by: 'assertion', why: 'the tool cards stay "running" (toHaveAttribute) and toHaveCompleteRun rule 3 names the call left without its tool_completed' },
  {
    faults: /^cross-deliver$/,
    select: [{ tags: ['@isolation'], title: 'receives none of her events' }],
    by: 'assertion',
    why: "Alice's answer on Bob's screen (not.toContainText), and toHaveNoForeignEvents where the protocol names the run Bob asked for (AG-UI's runId)",
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

// ---------------------------------------------------------------------------------------------
// How a failure counts.

/** assertion: names the problem; timeout: only ran out of time; set-up: never got to the point; other: an error that is neither. */
export type CatchKind = 'assertion' | 'timeout' | 'set-up' | 'other';

export interface Catch {
  kind: CatchKind;
  /** E.g. `toHaveCompleteRun: rule 4 (seq strictly increases with no gap)`. */
  label: string;
  /** The test's own clock stopped it ("Test timeout of Nms exceeded"). */
  testTimeout: boolean;
}

const TEST_TIMEOUT = /Test timeout of (\d+)ms exceeded/;
// `expect(received).toHaveCompleteRun(options)`, `expect(locator).toHaveAttribute(expected) failed`.
const MATCHER = /\bexpect\((?:[^()]|\([^()]*\))*\)\.(?:not\.)?(to[A-Z]\w*)\(/;
// events/format.ts starts each violation on its own line: `rule 4 (…), run r_1: …`; frame payloads below it may say anything.
const RULE = /^\s*rule (\d) \(([^)]*)\), run /gm;
// fixtures/event-report.ts, at teardown: its first finding is on the line after the headline.
const EVENT_TAP = /The event tap saw what no test may see[^\n]*\n(malformed frame|foreign event)/;

const fieldOf = (message: string, field: string): string | undefined => new RegExp(`^${field}:[ \\t]*(\\S.*)$`, 'm').exec(message)?.[1]?.trim();
/** The error's headline for a table cell. */
const headline = (message: string): string => firstLine(message.replace(/^\s*Error:\s*/, ''), 80);

/**
 * What the assertion saw: `expected "done", received "streaming"` (a long expectation, such as
 * toHaveCompleteRun's, is left out), or else the line of the spec that asserted (a toEqual diff).
 */
function assertionDetail(message: string): string {
  const expected = fieldOf(message, 'Expected');
  const received = fieldOf(message, 'Received');
  if (received !== undefined) return `: ${expected !== undefined && expected.length <= 40 ? `expected ${expected}, ` : ''}received ${shorten(received, 50)}`;
  const source = /^>\s*\d+\s*\|\s*(?:await\s+)?(.+)$/m.exec(message)?.[1];
  return source === undefined ? '' : `: ${shorten(source.trim().replace(/;$/, ''), 100)}`;
}

/** What one error message says, as a kind and a short label. */
export function classifyError(rawMessage: string): Catch {
  const message = withoutAnsi(rawMessage);
  const timeout = TEST_TIMEOUT.exec(message);
  // Whatever else the message says, the test was stopped by its clock, not by a finding.
  if (timeout) return { kind: 'timeout', label: `test timeout (${timeout[1] ?? '?'} ms)`, testTimeout: true };
  const tap = EVENT_TAP.exec(message);
  if (tap) return { kind: 'assertion', label: `event tap: ${tap[1] ?? ''}`, testTimeout: false };
  const matcher = MATCHER.exec(message)?.[1];
  if (matcher) {
    const rules = [...new Map([...message.matchAll(RULE)].map((match) => [match[1], `rule ${match[1] ?? ''} (${match[2] ?? ''})`])).values()];
    if (rules.length > 0) return { kind: 'assertion', label: `${matcher}: ${rules.join(', ')}`, testTimeout: false };
    return { kind: 'assertion', label: `${matcher}${assertionDetail(message)}`, testTimeout: false };
  }
  // Not an assertion: an action that ran out of time (locator.waitFor: Timeout…), or set-up trouble.
  const category = categorize(message);
  if (category?.group === 'Test infrastructure') return { kind: category.kind === 'timeout' ? 'timeout' : 'set-up', label: headline(message), testTimeout: false };
  return { kind: 'other', label: headline(message), testTimeout: false };
}

/** Strongest first: one error that names the problem makes the test a named catch. */
const STRENGTH: readonly CatchKind[] = ['assertion', 'timeout', 'set-up', 'other'];

/** A failed test as a catch. A test timeout among its errors makes it weak: the clock ended it, not a finding. */
export function testCatch(messages: readonly string[]): { kind: CatchKind; labels: string[] } {
  const catches = messages.map(classifyError);
  if (catches.length === 0) return { kind: 'other', labels: ['failed without an error message'] };
  const kinds = catches.map((found) => found.kind);
  const kind = catches.some((found) => found.testTimeout) ? 'timeout' : (STRENGTH.find((candidate) => kinds.includes(candidate)) ?? 'other');
  return { kind, labels: [...new Set(catches.map((found) => found.label))] };
}

// ---------------------------------------------------------------------------------------------
// One child run, judged.

export interface FailedTest {
  /** `chromium › chat.spec.ts › story › test`. */
  name: string;
  kind: CatchKind;
  labels: string[];
}

export interface ProjectResult {
  project: string;
  tests: number;
  passed: number;
  failed: FailedTest[];
}

/** Per browser project: how many tests ran, passed, and how each failure counts. */
export function projectResults(report: JSONReport, projects: readonly string[]): ProjectResult[] {
  const tests = reportedTests(report);
  return projects.map((project) => {
    const own = tests.filter((test) => test.projectName === project && test.test.status !== 'skipped');
    const failed = own
      .filter((test) => test.test.status !== 'expected')
      .map((test) => {
        const last = test.test.results.at(-1);
        const messages = last ? (last.errors.length > 0 ? last.errors : last.error ? [last.error] : []).map((error) => error.message ?? '') : [];
        return { name: testName(test), ...testCatch(messages) };
      });
    return { project, tests: own.length, passed: own.length - failed.length, failed };
  });
}

export type RowVerdict = 'caught' | 'weak' | 'missed' | 'error' | 'green' | 'false alarm';

export interface MatrixRow {
  /** Undefined for the clean run (no fault). */
  fault: string | undefined;
  /** Which tests ran, in words. */
  selection: string;
  /** What must name the fault; 'nothing' for the clean run. */
  by: CatchBy | 'nothing';
  projects: ProjectResult[];
  /** What named the fault (or, in the clean run, what raised a false alarm), with counts. */
  caughtBy: string[];
  verdict: RowVerdict;
  /** Why a row is not caught / not green, and anything else a reader needs. */
  reasons: string[];
  startedAt: number;
  seconds: number;
}

/** One child as it ran: its job (the clean run's selection is the union), and where and how long. */
export interface ChildRun extends Job {
  detector: Detector | undefined;
  projects: readonly string[];
  startedAt: number;
  seconds: number;
}

/** `label ×3`, most frequent first. */
function counted(labels: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([label, n]) => (n === 1 ? label : `${label} ×${n}`));
}

const isLatencyLine = (check: string, project: string): boolean => check.startsWith(`${project}: message → `);

function base(run: ChildRun, results: ProjectResult[]): Omit<MatrixRow, 'caughtBy' | 'verdict' | 'reasons'> {
  return {
    fault: run.fault,
    selection: describeSelection(run.selection),
    by: run.fault === undefined ? 'nothing' : (run.detector?.by ?? 'assertion'),
    projects: results,
    startedAt: run.startedAt,
    seconds: run.seconds,
  };
}

/** A child that could not be run or judged (the app did not start, no report…). */
export function errorRow(run: ChildRun, message: string): MatrixRow {
  return { ...base(run, []), caughtBy: [], verdict: 'error', reasons: [message] };
}

/** Problems that make a child's report unusable for any verdict. */
function unusable(report: JSONReport, results: readonly ProjectResult[]): string[] {
  return [
    ...report.errors.map((error) => `error outside tests: ${headline(withoutAnsi(error.message ?? ''))}`),
    ...results.filter((result) => result.tests === 0).map((result) => `${result.project}: no test ran (does the selection match any test?)`),
  ];
}

/** A fault's row: caught when, in every browser, a test names the problem (or the gate's latency budget does, for `slow`). */
export function judgeFault(run: ChildRun, report: JSONReport, budgets: Budgets, readAttachment: ReadAttachment): MatrixRow {
  const results = projectResults(report, run.projects);
  const problems = unusable(report, results);
  if (problems.length > 0 && results.every((result) => result.tests === 0)) return { ...base(run, results), caughtBy: [], verdict: 'error', reasons: problems };

  if (run.detector?.by === 'latency budget') {
    const lines = judge(report, budgets, readAttachment).lines;
    const broken = run.projects.map((project) => ({ project, lines: lines.filter((line) => isLatencyLine(line.check, project) && !line.holds) }));
    const missing = broken.filter(({ lines: found }) => found.length === 0).map(({ project }) => `${project}: every latency budget held`);
    const failedTests = results.flatMap((result) => result.failed.map((test) => `also failed: ${test.name}: ${test.labels.join('; ')}`));
    return {
      ...base(run, results),
      caughtBy: broken.flatMap(({ lines: found }) => found.map((line) => `gate: ${line.check} ${line.measured} > ${line.target.replace(/^≤ /, '')}`)),
      verdict: problems.length > 0 ? 'error' : missing.length === 0 ? 'caught' : 'missed',
      reasons: [...problems, ...missing, ...failedTests],
    };
  }

  const reasons = [...problems];
  let weakOnly = true;
  for (const result of results) {
    // A browser that ran nothing is already a problem above; one that failed by name has caught it.
    if (result.tests === 0 || result.failed.some((test) => test.kind === 'assertion')) continue;
    const weak = result.failed.filter((test) => test.kind === 'timeout');
    if (weak.length === 0) weakOnly = false;
    if (result.failed.length === 0) reasons.push(`${result.project}: no test failed`);
    else {
      const labels = counted(result.failed.flatMap((test) => test.labels)).join('; ');
      reasons.push(weak.length > 0 ? `${result.project}: caught only by a timeout (${labels})` : `${result.project}: failed, but by no assertion naming the problem (${labels})`);
    }
  }
  const named = results.flatMap((result) => result.failed.filter((test) => test.kind === 'assertion'));
  const weak = results.flatMap((result) => result.failed.filter((test) => test.kind !== 'assertion'));
  return {
    ...base(run, results),
    caughtBy: [...counted(named.flatMap((test) => test.labels)), ...counted(weak.flatMap((test) => test.labels)).map((label) => `${label} (weak)`)],
    verdict: problems.length > 0 ? 'error' : reasons.length === 0 ? 'caught' : weakOnly ? 'weak' : 'missed',
    reasons,
  };
}

/** The run with no fault: green when every test passed in every browser and the release gate holds on every line. */
export function judgeClean(run: ChildRun, report: JSONReport, budgets: Budgets, readAttachment: ReadAttachment): MatrixRow {
  const results = projectResults(report, run.projects);
  const problems = unusable(report, results);
  const failures = results.flatMap((result) => result.failed);
  const gate = judge(report, budgets, readAttachment).lines.filter((line) => !line.holds);
  const reasons = [
    ...problems,
    ...failures.map((test) => `${test.name}: ${test.labels.join('; ')}`),
    ...gate.map((line) => `gate: ${line.check}: ${line.measured} (target ${line.target})${line.details.length ? `: ${line.details.join('; ')}` : ''}`),
  ];
  return {
    ...base(run, results),
    caughtBy: counted([...failures.flatMap((test) => test.labels), ...gate.map((line) => `gate: ${line.check}`)]),
    verdict: problems.length > 0 && results.every((result) => result.tests === 0) ? 'error' : reasons.length === 0 ? 'green' : 'false alarm',
    reasons,
  };
}

/** A row that holds: a caught fault, a green clean run. */
export const rowHolds = (row: MatrixRow): boolean => row.verdict === 'caught' || row.verdict === 'green';

// ---------------------------------------------------------------------------------------------
// Which child first.

export interface Job {
  /** Undefined: the clean run. */
  fault: string | undefined;
  /** Undefined: the whole suite. */
  selection: readonly Selection[] | undefined;
}

/**
 * Longest first, so that the last children to start are short and no browser slot idles at the
 * end: a job the last matrix did not run (a new fault, maybe the whole suite) before all others,
 * a whole-suite job before a selection, then by the seconds the last matrix took for it.
 */
export function longestFirst<T extends Job>(jobs: readonly T[], lastSeconds: ReadonlyMap<string | undefined, number>): T[] {
  const rank = (job: T): [number, number, number] => {
    const seconds = lastSeconds.get(job.fault);
    return [seconds === undefined ? 0 : 1, job.selection === undefined ? 0 : 1, -(seconds ?? 0)];
  };
  return jobs
    .map((job, index) => ({ job, index, rank: rank(job) }))
    .sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.rank[2] - b.rank[2] || a.index - b.index)
    .map(({ job }) => job);
}
