/**
 * `npm run gate`: the release verdict. Runs the whole e2e suite in every browser present
 * (commands/e2e.mjs: set-up, then `playwright test` with the e2e projects), judges the JSON report
 * (gate/verdict.ts) against the latency budgets of the configuration, prints the table and
 * writes reports/gate.json and reports/gate.md. Exit 0 only if every line holds.
 *
 *   npm run gate                                  run everything, then judge
 *   npm run gate -- --grep @smoke                 extra arguments go to `playwright test`
 *   npm run gate -- --from reports/results.json   judge an existing report (merged shards, CI)
 *   npm run gate -- --from reports/results.json --from reports/results-ai-sdk-chat.json
 *                                                 one verdict per target; the release needs all
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadSuiteConfig } from '../../lib/config/load.ts';
import { failing, runCommand, type Fail } from './fail.ts';
import { readAttachmentFile, readJsonReportFile } from '../../lib/reporting/report-files.ts';
import { REPORT_PATHS } from '../../lib/reporting/paths.ts';
import type { GateReport } from '../../lib/contract/index.ts';
import { budgetsOf, judge, renderMarkdown, targetOf, type Budgets, type TargetVerdict } from '../gate/verdict.ts';

/** Exit codes: 0 every line holds, 1 a line fails, 2 the gate could not judge at all (fail). */
const fail: Fail = failing('gate');

function parseArguments(argv: string[]): { from: string[]; passThrough: string[] } {
  const from: string[] = [];
  const rest: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    if (argument === '--from' || argument.startsWith('--from=')) {
      const file = argument === '--from' ? argv[(index += 1)] : argument.slice('--from='.length);
      if (!file) fail('--from needs the path of a Playwright JSON report, e.g. --from reports/results.json');
      from.push(file);
    } else rest.push(argument);
  }
  if (from.length > 0 && rest.length > 0) fail(`--from judges existing reports and runs nothing: drop ${rest.join(' ')}`);
  return { from, passThrough: rest };
}

function budgetsFromConfig(): Budgets {
  const config = loadSuiteConfig({ fail });
  return { startedMs: config.LATENCY_BUDGET_STARTED_MS, completedMs: config.LATENCY_BUDGET_COMPLETED_MS, minRuns: config.LATENCY_MIN_RUNS };
}

/** Runs the suite (unless judging reports given with --from), when no report of an earlier run may be judged as this run's. */
function runSuite(passThrough: string[]): void {
  rmSync(REPORT_PATHS.resultsJson, { force: true });
  const started = Date.now();
  const run = spawnSync(process.execPath, ['tools/commands/e2e.mjs', ...passThrough], { stdio: 'inherit' });
  console.log(`[gate] suite finished in ${((Date.now() - started) / 1000).toFixed(0)} s (exit ${run.status ?? run.signal ?? '?'}); judging ${REPORT_PATHS.resultsJson}`);
}

function judgeReports(reportFiles: string[], budgets: Budgets, ranSuite: boolean): TargetVerdict[] {
  return reportFiles.map((reportFile) => {
    if (!existsSync(reportFile)) fail(ranSuite ? `the run wrote no ${reportFile} (see its output above)` : `${reportFile} does not exist`);
    try {
      const report = readJsonReportFile(reportFile);
      return { target: targetOf(report, reportFile), source: reportFile, verdict: judge(report, budgetsOf(report, budgets), readAttachmentFile) };
    } catch (error) {
      fail(`${reportFile}: ${(error as Error).message}`);
    }
  });
}

function main(argv: string[]): number {
  const { from, passThrough } = parseArguments(argv);
  const budgets = budgetsFromConfig();
  if (from.length === 0) runSuite(passThrough);
  const targets = judgeReports(from.length > 0 ? from : [REPORT_PATHS.resultsJson], budgets, from.length === 0);
  const holds = targets.every(({ verdict }) => verdict.holds);
  const markdown = renderMarkdown(targets);

  mkdirSync(path.dirname(REPORT_PATHS.gateJson), { recursive: true });
  const gateJson: GateReport = {
    verdict: holds ? 'pass' : 'fail',
    at: new Date().toISOString(),
    budgets,
    targets: targets.map(({ target, source, verdict }) => ({ target, judged: source, verdict: verdict.holds ? 'pass' : 'fail', lines: verdict.lines })),
  };
  writeFileSync(REPORT_PATHS.gateJson, `${JSON.stringify(gateJson, null, 2)}\n`);
  writeFileSync(REPORT_PATHS.gateMarkdown, markdown);
  console.log(`\n${markdown}\n[gate] written: ${REPORT_PATHS.gateMarkdown}, ${REPORT_PATHS.gateJson}`);
  return holds ? 0 : 1;
}

await runCommand(import.meta.url, 'gate', main);
