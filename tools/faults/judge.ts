/**
 * A child run of the matrix, judged: a fault's row is caught where, in every browser, a failed
 * test names the problem by a finding of the product (tools/faults/catches.ts), or, for `slow`,
 * where the release gate's latency budget fails; the clean run is green where every test passed
 * and the gate holds. Pure: the caller runs the child and reads its report.
 */
import type { JSONReport } from '@playwright/test/reporter';
import { firstLine } from '../../lib/reporting/text.ts';
import { judge, type Budgets, type ReadAttachment } from '../gate/verdict.ts';
import { projectResults, type ProjectResult } from './catches.ts';
import { describeSelection, type CatchBy, type Detector } from './detectors.ts';
import type { Job } from './schedule.ts';

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

function base(run: ChildRun, results: ProjectResult[]): Omit<MatrixRow, 'caughtBy' | 'verdict' | 'reasons'> {
  return {
    fault: run.fault,
    selection: describeSelection(run.selection),
    by: run.fault === undefined ? 'nothing' : (run.detector?.by ?? 'finding'),
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
    ...report.errors.map((error) => `error outside tests: ${firstLine(error.message, 80)}`),
    ...results.filter((result) => result.tests === 0).map((result) => `${result.project}: no test ran (does the selection match any test?)`),
  ];
}

/** `slow`: caught where every browser fails a latency line of the gate. */
function judgeLatency(run: ChildRun, report: JSONReport, results: ProjectResult[], problems: string[], budgets: Budgets, readAttachment: ReadAttachment): MatrixRow {
  // The fault slows every run past the budget: one run shows that the budget catches it.
  const lines = judge(report, { ...budgets, minRuns: 1 }, readAttachment).lines;
  const broken = run.projects.map((project) => ({ project, lines: lines.filter((line) => line.latency?.project === project && !line.holds) }));
  const missing = broken.filter(({ lines: found }) => found.length === 0).map(({ project }) => `${project}: every latency budget held`);
  const failedTests = results.flatMap((result) => result.failed.map((test) => `also failed: ${test.name}: ${test.labels.join('; ')}`));
  return {
    ...base(run, results),
    caughtBy: broken.flatMap(({ lines: found }) => found.map((line) => `gate: ${line.check} ${line.measured} > ${line.target.replace(/^≤ /, '')}`)),
    verdict: problems.length > 0 ? 'error' : missing.length === 0 ? 'caught' : 'missed',
    reasons: [...problems, ...missing, ...failedTests],
  };
}

/** A fault's row: caught when, in every browser, a failed test names the problem (or the gate's latency budget does, for `slow`). */
export function judgeFault(run: ChildRun, report: JSONReport, budgets: Budgets, readAttachment: ReadAttachment): MatrixRow {
  const results = projectResults(report, run.projects, readAttachment);
  const problems = unusable(report, results);
  if (problems.length > 0 && results.every((result) => result.tests === 0)) return { ...base(run, results), caughtBy: [], verdict: 'error', reasons: problems };
  if (run.detector?.by === 'latency budget') return judgeLatency(run, report, results, problems, budgets, readAttachment);

  const reasons = [...problems];
  let weakOnly = true;
  for (const result of results) {
    // A browser that ran nothing is already a problem above; one where a finding named the fault has caught it.
    if (result.tests === 0 || result.failed.some((test) => test.named)) continue;
    if (result.failed.length === 0) {
      weakOnly = false;
      reasons.push(`${result.project}: no test failed`);
    } else {
      reasons.push(`${result.project}: failed, but no finding names a problem of the product (${counted(result.failed.flatMap((test) => test.labels)).join('; ')})`);
    }
  }
  const named = results.flatMap((result) => result.failed.filter((test) => test.named));
  const weak = results.flatMap((result) => result.failed.filter((test) => !test.named));
  return {
    ...base(run, results),
    caughtBy: [...counted(named.flatMap((test) => test.labels)), ...counted(weak.flatMap((test) => test.labels)).map((label) => `${label} (weak)`)],
    verdict: problems.length > 0 ? 'error' : reasons.length === 0 ? 'caught' : weakOnly ? 'weak' : 'missed',
    reasons,
  };
}

/** The run with no fault: green when every test passed in every browser and the release gate holds on every line. */
export function judgeClean(run: ChildRun, report: JSONReport, budgets: Budgets, readAttachment: ReadAttachment): MatrixRow {
  const results = projectResults(report, run.projects, readAttachment);
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
