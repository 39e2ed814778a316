/**
 * The release verdict, computed from a Playwright JSON report and the latency budgets: one line
 * per condition of docs/release-gate.md ("no failure, no flaky test, every run complete, no foreign event,
 * no malformed frame, latency budgets held"), each with what was measured and whether it holds.
 * Pure: the caller reads the files; a path-only attachment is read through the function it passes.
 */
import type { JSONReport, JSONReportTestResult } from '@playwright/test/reporter';
import { z } from 'zod';
import { NOT_COVERED } from '../../lib/config/features.ts';
import { summarize } from '../../lib/events/latency.ts';
import type { EventSummary } from '../../fixtures/event-report.ts';
import { categorize, categoryTitle } from '../../lib/reporting/allure-categories.ts';
import { firstLine, markdownCell as cell, ms } from '../../lib/reporting/text.ts';
import { reportedTests, testName, type ReportedTest } from '../../lib/reporting/json-report.ts';

/**
 * Project metadata that marks a project's tests as the product's specs, which the gate judges;
 * the suite's own self-tests (project `unit`) provoke incomplete runs and bad frames on purpose
 * and are left out (playwright.config.ts marks its projects).
 */
export const PRODUCT_SPECS = { gate: 'product specs' } as const;

/** The attachment fixtures/event-report.ts writes for each test that saw frames. */
export const EVENT_SUMMARY_ATTACHMENT = 'agent-events.json';

export interface Budgets {
  /** p95 budget, ms from the user's message to agent_started. */
  startedMs: number;
  /** p95 budget, ms from the user's message to agent_completed. */
  completedMs: number;
}

export interface GateLine {
  check: string;
  measured: string;
  target: string;
  holds: boolean;
  /** What a person needs to act on a line that fails (tests, runs, reasons). */
  details: string[];
}

export interface Verdict {
  holds: boolean;
  lines: GateLine[];
}

/** Reads an attachment's file; undefined where it cannot be read. */
export type ReadAttachment = (path: string) => Buffer | undefined;

/**
 * A spec that provokes malformed frames or foreign events on purpose opts in with
 * `test.use({ allowMalformedFrames / allowForeignEvents })`; fixtures/event-report.ts then records
 * the opt-in here, and the gate does not count those frames against the release.
 */
interface OptIns {
  malformedFrames: boolean;
  foreignEvents: boolean;
}

type GatedSummary = Pick<EventSummary, 'runs' | 'completeRuns' | 'incompleteRuns' | 'lifecycleViolations' | 'foreignEvents' | 'malformedFrames' | 'latencies'> & {
  optedIn?: OptIns;
};

const count = z.number().int().nonnegative();
const summarySchema: z.ZodType<GatedSummary> = z.object({
  runs: count,
  completeRuns: count,
  incompleteRuns: z.array(z.string()),
  lifecycleViolations: count,
  foreignEvents: count,
  malformedFrames: count,
  latencies: z.array(
    z.object({ runId: z.string(), owner: z.string(), toStarted: z.number().nonnegative().optional(), toCompleted: z.number().nonnegative().optional() }),
  ),
  optedIn: z.object({ malformedFrames: z.boolean(), foreignEvents: z.boolean() }).optional(),
});

interface SummaryOf {
  test: ReportedTest;
  summary: GatedSummary;
}

/**
 * The JSON reporter keeps a `body` attachment inline as base64 and a `path` attachment as its
 * path; merge-reports restores blob bodies inline too. Both are read here.
 */
function readSummary(attachment: JSONReportTestResult['attachments'][number], readAttachment: ReadAttachment): { summary?: GatedSummary; problem?: string } {
  const bytes = attachment.body !== undefined ? Buffer.from(attachment.body, 'base64') : attachment.path !== undefined ? readAttachment(attachment.path) : undefined;
  if (bytes === undefined) return { problem: attachment.path ? `cannot read ${attachment.path}` : 'attachment has neither body nor path' };
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return { problem: `not JSON: ${(error as Error).message}` };
  }
  const parsed = summarySchema.safeParse(json);
  return parsed.success ? { summary: parsed.data } : { problem: `unexpected shape: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}` };
}

/** Why a test failed, for the failure list: its category and the first line of its last error. */
function failureDetail(test: ReportedTest): string {
  const last = test.test.results.at(-1);
  const message = last?.error?.message ?? last?.errors[0]?.message ?? '';
  const category = categorize(message);
  return `${testName(test)} [${category ? categoryTitle(category) : 'uncategorized'}]: ${firstLine(message)}`;
}

function latencyLine(project: string, label: string, runs: number, values: number[], budget: number): GateLine {
  const { count: n, p50, p95 } = summarize(values);
  const unmeasured =
    runs === 0 ? `no agent run was seen in ${project}` : `none of the ${runs} runs in ${project} reached ${label} after a user message found on its socket`;
  return {
    check: `${project}: message → ${label} (p95)`,
    measured: n === 0 ? 'no run measured' : `p50 ${ms(p50)}, p95 ${ms(p95)} (${n} run${n === 1 ? '' : 's'})`,
    target: `≤ ${budget} ms`,
    holds: p95 !== undefined && p95 <= budget,
    details: n === 0 ? [`${unmeasured}, so the time to ${label} is unknown`] : [],
  };
}

const zeroLine = (check: string, measured: number, details: string[]): GateLine => ({ check, measured: String(measured), target: '0', holds: measured === 0, details });

/** Frames of one kind that count against the release, apart from those a spec provoked on purpose. */
function unexpectedLine(check: string, summaries: readonly SummaryOf[], kind: keyof OptIns): GateLine {
  const counted = summaries.filter(({ summary }) => summary[kind] > 0 && summary.optedIn?.[kind] !== true);
  const provoked = summaries.filter(({ summary }) => summary[kind] > 0 && summary.optedIn?.[kind] === true);
  const sum = (list: readonly SummaryOf[]) => list.reduce((total, { summary }) => total + summary[kind], 0);
  const line = zeroLine(check, sum(counted), counted.map(({ test, summary }) => `${testName(test)}: ${summary[kind]}`));
  if (provoked.length > 0) line.measured += ` (and ${sum(provoked)} provoked on purpose by ${provoked.length} opted-in test${provoked.length === 1 ? '' : 's'}, not counted)`;
  return line;
}

/** The reason a skipped test gave, where it says a feature the target lacks is not covered. */
const notCoveredReason = ({ test }: ReportedTest): string | undefined =>
  [...test.annotations, ...test.results.flatMap((result) => result.annotations)].find(
    (annotation) => annotation.type === 'skip' && annotation.description?.startsWith(NOT_COVERED) === true,
  )?.description;

/** Specs skipped because the target declares no such feature (TARGET_FEATURES): shown, never passed, not gated. */
function notCoveredLine(skipped: readonly ReportedTest[]): GateLine {
  const byReason = new Map<string, ReportedTest[]>();
  for (const test of skipped) {
    const reason = notCoveredReason(test);
    if (reason !== undefined) byReason.set(reason, [...(byReason.get(reason) ?? []), test]);
  }
  const tests = [...byReason.values()].flat();
  return {
    check: 'not covered (features the target lacks)',
    measured: tests.length === 0 ? 'none' : [...byReason].map(([reason, list]) => `${reason.slice(NOT_COVERED.length).trim()}: ${String(list.length)}`).join('; '),
    target: 'reported, not gated',
    holds: true,
    details: tests.map(testName),
  };
}

/** The projects whose tests are judged: those marked PRODUCT_SPECS, or every project where the config marks none. */
function judgedProjects(report: JSONReport, tests: readonly ReportedTest[]): { judged: Set<string>; leftOut: string[]; marked: boolean } {
  // A report another tool wrote may carry no project list: then its tests name the projects.
  const configured = (report.config.projects as JSONReport['config']['projects'] | undefined) ?? [];
  const names = [...new Set([...configured.map((project) => project.name), ...tests.map((test) => test.projectName)])];
  const product = configured.filter((project) => (project.metadata as Record<string, unknown> | undefined)?.gate === PRODUCT_SPECS.gate).map((project) => project.name);
  const marked = product.length > 0;
  const judged = new Set(marked ? product : names);
  return { judged, leftOut: names.filter((name) => !judged.has(name)), marked };
}

export function judge(report: JSONReport, budgets: Budgets, readAttachment: ReadAttachment = () => undefined): Verdict {
  const reported = reportedTests(report);
  const projects = judgedProjects(report, reported);
  const tests = reported.filter((test) => projects.judged.has(test.projectName));
  const withStatus = (status: ReportedTest['test']['status']) => tests.filter((test) => test.test.status === status);
  const passed = withStatus('expected');
  const failed = withStatus('unexpected');
  const flaky = withStatus('flaky');
  const skipped = withStatus('skipped');

  // Every attempt counts: an incomplete run in a failed first try is a finding even if the retry passed.
  const summaries: SummaryOf[] = [];
  const unreadable: string[] = [];
  for (const test of tests) {
    for (const result of test.test.results) {
      for (const attachment of result.attachments.filter(({ name }) => name === EVENT_SUMMARY_ATTACHMENT)) {
        const { summary, problem } = readSummary(attachment, readAttachment);
        if (summary) summaries.push({ test, summary });
        else unreadable.push(`${testName(test)} (attempt ${result.retry + 1}): ${problem ?? ''}`);
      }
    }
  }
  const total = (pick: (summary: GatedSummary) => number) => summaries.reduce((sum, { summary }) => sum + pick(summary), 0);
  const testsWith = (pick: (summary: GatedSummary) => number) =>
    summaries.filter(({ summary }) => pick(summary) > 0).map(({ test, summary }) => `${testName(test)}: ${pick(summary)}`);
  const runs = total((summary) => summary.runs);
  const completeRuns = total((summary) => summary.completeRuns);

  const lines: GateLine[] = [
    {
      check: 'projects judged',
      measured: `${[...projects.judged].join(', ') || 'none'}${projects.leftOut.length > 0 ? ` (left out, not product specs: ${projects.leftOut.join(', ')})` : ''}`,
      target: projects.marked ? 'the product specs' : 'every project (the config marks no project as product specs)',
      holds: projects.judged.size > 0,
      details: projects.judged.size > 0 ? [] : ['the report has no project to judge'],
    },
    { check: 'tests passed', measured: `${passed.length} of ${tests.length}`, target: '> 0', holds: passed.length > 0, details: [] },
    zeroLine('tests failed', failed.length, failed.map(failureDetail)),
    zeroLine('tests flaky', flaky.length, flaky.map(testName)),
    { check: 'tests skipped', measured: String(skipped.length), target: 'reported, not gated', holds: true, details: [] },
    notCoveredLine(skipped),
    zeroLine('errors outside tests', report.errors.length, report.errors.map((error) => firstLine(error.message))),
    {
      check: `event summaries (${EVENT_SUMMARY_ATTACHMENT})`,
      measured: `${summaries.length} read${unreadable.length ? `, ${unreadable.length} unreadable` : ''}`,
      target: '≥ 1, all readable',
      holds: summaries.length > 0 && unreadable.length === 0,
      details: summaries.length === 0 && unreadable.length === 0 ? ['no test attached agent events: nothing below was measured'] : unreadable,
    },
    {
      check: 'agent runs complete',
      measured: `${completeRuns} of ${runs}`,
      target: 'all',
      holds: runs > 0 && completeRuns === runs,
      details: summaries.flatMap(({ test, summary }) => summary.incompleteRuns.map((run) => `${testName(test)}: incomplete run ${run}`)),
    },
    zeroLine('lifecycle violations', total((summary) => summary.lifecycleViolations), testsWith((summary) => summary.lifecycleViolations)),
    unexpectedLine('foreign events', summaries, 'foreignEvents'),
    unexpectedLine('malformed frames', summaries, 'malformedFrames'),
  ];

  for (const project of [...new Set(summaries.map(({ test }) => test.projectName))].sort()) {
    const ofProject = summaries.filter(({ test }) => test.projectName === project).map(({ summary }) => summary);
    const projectRuns = ofProject.reduce((sum, summary) => sum + summary.runs, 0);
    const latencies = ofProject.flatMap((summary) => summary.latencies);
    const values = (pick: 'toStarted' | 'toCompleted') => latencies.flatMap((latency) => (latency[pick] === undefined ? [] : [latency[pick]]));
    lines.push(latencyLine(project, 'agent_started', projectRuns, values('toStarted'), budgets.startedMs));
    lines.push(latencyLine(project, 'agent_completed', projectRuns, values('toCompleted'), budgets.completedMs));
  }
  return { holds: lines.every((line) => line.holds), lines };
}


/** One target's verdict: what the report calls its system under test, and the report judged. */
export interface TargetVerdict {
  target: string;
  source: string;
  verdict: Verdict;
}

/** The budgets the run was configured with (playwright.config.ts puts them in the config's metadata), else `fallback`. */
export function budgetsOf(report: JSONReport, fallback: Budgets): Budgets {
  const budgets = (report.config.metadata as { budgets?: Partial<Budgets> } | undefined)?.budgets;
  return typeof budgets?.startedMs === 'number' && typeof budgets.completedMs === 'number' ? { startedMs: budgets.startedMs, completedMs: budgets.completedMs } : fallback;
}

/** The target a report was run against (playwright.config.ts puts it in the config's metadata). */
export function targetOf(report: JSONReport, source: string): string {
  const target = (report.config.metadata as { target?: unknown } | undefined)?.target;
  return typeof target === 'string' && target !== '' ? target : source;
}

/**
 * The verdicts as Markdown: one line per target, then each target's table and the details of each
 * line that fails. The release passes only when every target's verdict does.
 */
export function renderMarkdown(targets: readonly TargetVerdict[]): string {
  const holds = targets.every(({ verdict }) => verdict.holds);
  const out = [
    `# Release gate: ${holds ? 'PASSED' : 'FAILED'}`,
    '',
    '| target | report | lines that hold | verdict |',
    '| --- | --- | --- | --- |',
    ...targets.map(({ target, source, verdict }) => `| ${cell(target)} | \`${cell(source)}\` | ${verdict.lines.filter((line) => line.holds).length} of ${verdict.lines.length} | ${verdict.holds ? 'passed' : '**FAILED**'} |`),
  ];
  for (const { target, source, verdict } of targets) {
    const failing = verdict.lines.filter((line) => !line.holds);
    out.push(
      '',
      `## ${target}: ${verdict.holds ? 'passed' : 'FAILED'}`,
      '',
      `Judged from \`${source}\`: ${verdict.lines.length - failing.length} of ${verdict.lines.length} lines hold.`,
      '',
      '| check | measured | target | holds |',
      '| --- | --- | --- | --- |',
      ...verdict.lines.map((line) => `| ${cell(line.check)} | ${cell(line.measured)} | ${cell(line.target)} | ${line.holds ? 'yes' : '**NO**'} |`),
    );
    for (const line of verdict.lines.filter((entry) => entry.details.length > 0)) {
      out.push('', `### ${target}: ${line.check}${line.holds ? '' : ' (fails)'}`, '', ...line.details.map((detail) => `- ${detail}`));
    }
  }
  return `${out.join('\n')}\n`;
}
