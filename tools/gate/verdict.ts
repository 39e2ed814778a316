/**
 * The release verdict, computed from a Playwright JSON report and the latency budgets: one line
 * per condition of docs/release-gate.md ("no failure, no flaky test, every run complete, no foreign event,
 * no malformed frame, latency budgets held"), each with what was measured and whether it holds.
 * Pure: the caller reads the files; a path-only attachment is read through the function it passes.
 */
import type { JSONReport } from '@playwright/test/reporter';
import {
  categoryOfFinding,
  categoryTitle,
  EVENT_SUMMARY_ATTACHMENT,
  FINDINGS_ATTACHMENT,
  isProductSpecs,
  mainFinding,
  parseEventSummary,
  type EventSummary,
  type GateLine,
} from '../../lib/contract/index.ts';
import { DEFAULT_LATENCY_MIN_RUNS } from '../../lib/config/env.ts';
import { NOT_COVERED } from '../../lib/config/features.ts';
import { percentileOf, summarize } from '../../lib/events/latency.ts';
import { firstLine, markdownCell as cell, ms } from '../../lib/reporting/text.ts';
import { reportedTests, testName, type ReportedTest } from '../../lib/reporting/json-report.ts';
import { attachmentText, findingsOfTest, type ReadAttachment } from './attachments.ts';

export type { ReadAttachment } from './attachments.ts';
export type { GateLine };

export interface Budgets {
  /** p95 budget, ms from the user's message to agent_started. */
  startedMs: number;
  /** p95 budget, ms from the user's message to agent_completed. */
  completedMs: number;
  /**
   * Runs a project needs before its latency lines can fail: below it they hold whatever they
   * measure, as one slow message on a busy machine is no reason to stop a release (default: the
   * configuration's, DEFAULT_LATENCY_MIN_RUNS).
   */
  minRuns?: number;
}

export interface Verdict {
  holds: boolean;
  lines: GateLine[];
}

/**
 * A spec that provokes malformed frames, foreign events or lifecycle violations on purpose opts in
 * with `test.use({ allowMalformedFrames / allowForeignEvents / allowLifecycleViolations })`; fixtures/event-report.ts records the
 * opt-in in the summary, and the gate does not count those frames against the release.
 */
type OptIns = EventSummary['optedIn'];

interface SummaryOf {
  test: ReportedTest;
  summary: EventSummary;
}

/** Why a test failed, for the failure list: the category and words of its main finding (lib/contract/findings.ts). */
function failureDetail(test: ReportedTest, readAttachment: ReadAttachment): string {
  const last = test.test.results.at(-1);
  const error = firstLine(last?.error?.message ?? last?.errors[0]?.message);
  const found = findingsOfTest(test, readAttachment);
  if ('missing' in found) return `${testName(test)} [uncategorized: no ${FINDINGS_ATTACHMENT}]: ${error}`;
  if ('problem' in found) return `${testName(test)} [uncategorized: ${found.problem}]: ${error}`;
  const main = mainFinding(found.findings);
  if (main === undefined) return `${testName(test)} [uncategorized: no finding]: ${error}`;
  return `${testName(test)} [${categoryTitle(categoryOfFinding(main.kind))}]: ${main.check}: ${main.summary}`;
}

function latencyLine(project: string, label: 'agent_started' | 'agent_completed', runs: number, values: number[], budget: number, minRuns: number): GateLine {
  const { count: n, p50 } = summarize(values);
  const p95 = percentileOf(values, 95);
  const unmeasured =
    runs === 0 ? `no agent run was seen in ${project}` : `none of the ${runs} runs in ${project} reached ${label} after a user message found on its socket`;
  const line = {
    check: `${project}: message → ${label} (p95)`,
    measured: p95 === undefined ? 'no run measured' : `p50 ${ms(p50)}, ${p95.label} ${ms(p95.value)}`,
    target: `≤ ${budget} ms, over ≥ ${minRuns} runs`,
    latency: { project, event: label },
  };
  if (p95 === undefined) return { ...line, holds: false, details: [`${unmeasured}, so the time to ${label} is unknown`] };
  // Too few runs to tell a slow product from one slow message: shown, not judged.
  if (n < minRuns) return { ...line, measured: `${line.measured}: not enough runs to judge (${n} < ${minRuns})`, holds: true, details: [] };
  return { ...line, holds: p95.value <= budget, details: [] };
}

const zeroLine = (check: string, measured: number, details: string[]): GateLine => ({ check, measured: String(measured), target: '0', holds: measured === 0, details });

/** Frames of one kind that count against the release, apart from those a spec provoked on purpose. */
function unexpectedLine(check: string, summaries: readonly SummaryOf[], kind: keyof OptIns): GateLine {
  const counted = summaries.filter(({ summary }) => summary[kind] > 0 && !summary.optedIn[kind]);
  const provoked = summaries.filter(({ summary }) => summary[kind] > 0 && summary.optedIn[kind]);
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
  const product = configured.filter((project) => isProductSpecs(project.metadata)).map((project) => project.name);
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
        const read = attachmentText(attachment, readAttachment);
        const parsed = 'text' in read ? parseEventSummary(read.text) : read;
        if ('summary' in parsed) summaries.push({ test, summary: parsed.summary });
        else unreadable.push(`${testName(test)} (attempt ${result.retry + 1}): ${parsed.problem}`);
      }
    }
  }
  const total = (pick: (summary: EventSummary) => number) => summaries.reduce((sum, { summary }) => sum + pick(summary), 0);
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
    zeroLine('tests failed', failed.length, failed.map((test) => failureDetail(test, readAttachment))),
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
    unexpectedLine('lifecycle violations', summaries, 'lifecycleViolations'),
    unexpectedLine('foreign events', summaries, 'foreignEvents'),
    unexpectedLine('malformed frames', summaries, 'malformedFrames'),
  ];

  for (const project of [...new Set(summaries.map(({ test }) => test.projectName))].sort()) {
    const ofProject = summaries.filter(({ test }) => test.projectName === project).map(({ summary }) => summary);
    const projectRuns = ofProject.reduce((sum, summary) => sum + summary.runs, 0);
    const latencies = ofProject.flatMap((summary) => summary.latencies);
    const values = (pick: 'toStarted' | 'toCompleted') => latencies.flatMap((latency) => (latency[pick] === undefined ? [] : [latency[pick]]));
    const minRuns = budgets.minRuns ?? DEFAULT_LATENCY_MIN_RUNS;
    lines.push(latencyLine(project, 'agent_started', projectRuns, values('toStarted'), budgets.startedMs, minRuns));
    lines.push(latencyLine(project, 'agent_completed', projectRuns, values('toCompleted'), budgets.completedMs, minRuns));
  }
  return { holds: lines.every((line) => line.holds), lines };
}

/** One target's verdict: what the report calls its system under test, and the report judged. */
export interface TargetVerdict {
  target: string;
  source: string;
  verdict: Verdict;
}

/** The budgets the run was configured with (playwright.config.ts puts them in the config's metadata), else `fallback`; minRuns likewise. */
export function budgetsOf(report: JSONReport, fallback: Budgets): Budgets {
  const budgets = (report.config.metadata as { budgets?: Partial<Budgets> } | undefined)?.budgets;
  const minRuns = typeof budgets?.minRuns === 'number' ? budgets.minRuns : fallback.minRuns;
  const own = typeof budgets?.startedMs === 'number' && typeof budgets.completedMs === 'number' ? { startedMs: budgets.startedMs, completedMs: budgets.completedMs } : fallback;
  return minRuns === undefined ? { startedMs: own.startedMs, completedMs: own.completedMs } : { startedMs: own.startedMs, completedMs: own.completedMs, minRuns };
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
