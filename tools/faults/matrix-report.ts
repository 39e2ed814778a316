/**
 * The fault-detection matrix as people and tools read it: the Markdown table (terminal and
 * reports/faults.md), the JSON (reports/faults.json), and Allure results (one test result per
 * row, epic "Fault-detection matrix", and the table as a global attachment). Pure: the caller
 * writes the files.
 */
import { createHash } from 'node:crypto';
import { markdownCell as cell } from '../../lib/reporting/text.ts';
import { REPORT_PATHS, RUN_LABEL, runOfAllureResults } from '../../lib/reporting/paths.ts';
import type { MatrixRow, RowVerdict } from './judge.ts';

export interface MatrixRun {
  rows: MatrixRow[];
  /** The browser projects every row ran in. */
  projects: string[];
  /** Browsers that are not on this machine, each with the reason. */
  leftOut: string[];
  /** Settings of the children that a reader needs to trust the table. */
  settings: Record<string, string>;
  startedAt: number;
  seconds: number;
}

export const matrixHolds = (run: MatrixRun): boolean => run.rows.length > 0 && run.rows.every((row) => row.verdict === 'caught' || row.verdict === 'green');

const VERDICT_TEXT: Record<RowVerdict, string> = {
  caught: 'caught',
  green: 'green (no false alarm)',
  weak: '**WEAK: no named finding**',
  missed: '**NOT CAUGHT**',
  error: '**ERROR**',
  'false alarm': '**FALSE ALARM**',
};

export const faultName = (row: Pick<MatrixRow, 'fault'>): string => row.fault ?? '(none: clean run)';

function expectedToFail(row: MatrixRow): string {
  const perBrowser = [...new Set(row.projects.map((result) => result.tests))];
  const count = perBrowser.length === 1 ? ` — ${perBrowser[0] ?? 0} test${perBrowser[0] === 1 ? '' : 's'} per browser` : '';
  if (row.fault === undefined) return `none of ${row.selection}${count}`;
  if (row.by === 'latency budget') return `none (${row.selection}${count}); the gate's latency budget fails`;
  return `${row.selection}${count}`;
}

const failedTests = (row: MatrixRow): string => row.projects.map((result) => `${result.project} ${result.failed.length}/${result.tests}`).join(', ') || '-';

/** The table of the fault matrix (docs/fault-matrix.md): fault | expected to fail | failed tests | caught by | verdict. */
export function renderTable(rows: readonly MatrixRow[]): string {
  return [
    '| fault | expected to fail | failed tests | caught by | verdict |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((row) =>
      [faultName(row), expectedToFail(row), failedTests(row), row.caughtBy.join('; ') || '-', VERDICT_TEXT[row.verdict]].map((text) => ` ${cell(text)} `).join('|'),
    ).map((line) => `|${line}|`),
  ].join('\n');
}

export function summaryLine(run: MatrixRun): string {
  const faults = run.rows.filter((row) => row.fault !== undefined);
  const caught = faults.filter((row) => row.verdict === 'caught').length;
  const clean = run.rows.find((row) => row.fault === undefined);
  return `${caught} of ${faults.length} faults caught by a named finding in ${run.projects.join(' and ') || 'no browser'}; clean run ${clean ? VERDICT_TEXT[clean.verdict] : 'not run'}; wall time ${run.seconds.toFixed(0)} s.`;
}

export function renderMarkdown(run: MatrixRun): string {
  const out = [
    `# Fault-detection matrix: ${matrixHolds(run) ? 'PASSED' : 'FAILED'}`,
    '',
    summaryLine(run),
    '',
    ...run.leftOut.map((line) => `- left out: ${line}`),
    ...Object.entries(run.settings).map(([key, value]) => `- ${key}: ${value}`),
    '',
    renderTable(run.rows),
  ];
  for (const row of run.rows) {
    const failed = row.projects.flatMap((result) => result.failed);
    if (row.reasons.length === 0 && failed.length === 0) continue;
    out.push('', `## ${faultName(row)}: ${row.verdict} (${row.seconds.toFixed(0)} s)`, '');
    out.push(...row.reasons.map((reason) => `- ${reason}`));
    out.push(...failed.map((test) => `- ${test.named ? 'named' : 'weak'}: ${test.name}: ${test.labels.join('; ')}`));
  }
  return `${out.join('\n')}\n`;
}

/** The matrix as JSON; the clean run's row has `"fault": null`. */
export function renderJson(run: MatrixRun): string {
  const rows = run.rows.map((row) => ({ ...row, fault: row.fault ?? null }));
  return `${JSON.stringify({ verdict: matrixHolds(run) ? 'pass' : 'fail', at: new Date(run.startedAt).toISOString(), ...run, rows }, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// Allure (the allure2 results format, which Allure 3 reads): a `*-result.json` per row, and the
// table as a global attachment (`*-globals.json`). Every file starts with this prefix, so a new
// matrix replaces the last one's files and leaves the suite's own results alone.

export const ALLURE_FILE_PREFIX = 'fault-matrix-';

export interface AllureFile {
  name: string;
  content: string;
}

const ALLURE_STATUS: Record<RowVerdict, 'passed' | 'failed' | 'broken'> = {
  caught: 'passed',
  green: 'passed',
  weak: 'broken',
  missed: 'failed',
  'false alarm': 'failed',
  error: 'broken',
};

/** A stable id per fault: Allure keys history and retries on it. */
const idOf = (text: string): string => {
  const hex = createHash('sha256').update(`chat-e2e fault matrix: ${text}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

const slugOf = (row: MatrixRow): string => (row.fault ?? 'clean-run').replace(/[^a-z0-9]+/gi, '-');

function allureResult(row: MatrixRow): object {
  const name = faultName(row);
  const stop = row.startedAt + Math.round(row.seconds * 1000);
  const projectStatus = (failedNamed: boolean, failedAny: boolean): 'passed' | 'failed' | 'broken' =>
    row.fault === undefined ? (failedAny ? 'failed' : 'passed') : failedNamed ? 'passed' : failedAny ? 'broken' : 'failed';
  return {
    uuid: idOf(`${name} ${row.startedAt}`),
    historyId: idOf(name),
    testCaseId: idOf(name),
    name: row.fault === undefined ? 'with no fault, every detector passes' : `fault ${row.fault} is caught`,
    fullName: `fault-matrix: ${name}`,
    status: ALLURE_STATUS[row.verdict],
    statusDetails: { message: [`${row.verdict}: ${row.caughtBy.join('; ') || 'nothing'}`, ...row.reasons].join('\n') },
    stage: 'finished',
    start: row.startedAt,
    stop,
    description: `Expected to fail: ${expectedToFail(row)}. Caught by: ${row.by}.`,
    labels: [
      { name: 'epic', value: 'Fault-detection matrix' },
      // Written beside the main run's results: in its Allure environment.
      { name: RUN_LABEL, value: runOfAllureResults(REPORT_PATHS.allureResults) },
      { name: 'feature', value: row.fault === undefined ? 'clean run' : (row.fault.split(':')[0] ?? row.fault) },
      { name: 'story', value: name },
      { name: 'severity', value: 'critical' },
      { name: 'suite', value: 'fault matrix' },
    ],
    parameters: [{ name: 'FAULTS', value: row.fault ?? '' }],
    steps: row.projects.map((result) => ({
      name: `${result.project}: ${result.failed.length} of ${result.tests} tests failed`,
      status: projectStatus(result.failed.some((test) => test.named), result.failed.length > 0),
      stage: 'finished',
      start: row.startedAt,
      stop,
      steps: result.failed.map((test) => ({
        name: `${test.name}: ${test.labels.join('; ')}`,
        status: test.named ? 'passed' : 'broken',
        stage: 'finished',
        start: row.startedAt,
        stop,
      })),
    })),
  };
}

/** The files to put into the Allure results directory. */
export function allureFiles(run: MatrixRun, markdown: string): AllureFile[] {
  const table = `${ALLURE_FILE_PREFIX}table-attachment.md`;
  return [
    ...run.rows.map((row) => ({ name: `${ALLURE_FILE_PREFIX}${slugOf(row)}-result.json`, content: JSON.stringify(allureResult(row), null, 2) })),
    { name: table, content: markdown },
    {
      name: `${ALLURE_FILE_PREFIX}globals.json`,
      content: JSON.stringify({ attachments: [{ name: 'Fault-detection matrix', source: table, type: 'text/markdown', timestamp: run.startedAt }], errors: [] }, null, 2),
    },
  ];
}
