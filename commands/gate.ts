/**
 * `npm run gate`: the release verdict. Runs the whole e2e suite in every browser present
 * (commands/e2e.mjs: set-up, then `playwright test` with the e2e projects), judges the JSON report
 * (gate/verdict.ts) against the latency budgets of the configuration, prints the table and
 * writes reports/gate.json and reports/gate.md. Exit 0 only if every line holds.
 *
 *   npm run gate                                  run everything, then judge
 *   npm run gate -- --grep @smoke                 extra arguments go to `playwright test`
 *   npm run gate -- --from reports/results.json   judge an existing report (merged shards, CI)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadSuiteConfig } from '../config/load.ts';
import { failing, type Fail } from './fail.ts';
import { readAttachmentFile, readJsonReportFile } from '../reporting/report-files.ts';
import { REPORT_PATHS } from '../reporting/paths.ts';
import { judge, renderMarkdown, type Budgets } from '../gate/verdict.ts';

/** Exit codes: 0 every line holds, 1 a line fails, 2 the gate could not judge at all (fail). */
const fail: Fail = failing('gate');

function parseArguments(argv: string[]): { from?: string; passThrough: string[] } {
  const fromIndex = argv.findIndex((argument) => argument === '--from' || argument.startsWith('--from='));
  if (fromIndex === -1) return { passThrough: argv };
  const argument = argv[fromIndex] ?? '';
  const inline = argument.startsWith('--from=');
  const from = inline ? argument.slice('--from='.length) : argv[fromIndex + 1];
  if (!from) fail('--from needs the path of a Playwright JSON report, e.g. --from reports/results.json');
  const used = new Set(inline ? [fromIndex] : [fromIndex, fromIndex + 1]);
  const rest = argv.filter((_, index) => !used.has(index));
  if (rest.length > 0) fail(`--from judges an existing report and runs nothing: drop ${rest.join(' ')}`);
  return { from, passThrough: [] };
}

function budgetsFromConfig(): Budgets {
  const config = loadSuiteConfig({ fail });
  return { startedMs: config.LATENCY_BUDGET_STARTED_MS, completedMs: config.LATENCY_BUDGET_COMPLETED_MS };
}

const { from, passThrough } = parseArguments(process.argv.slice(2));
const budgets = budgetsFromConfig();
const reportFile = from ?? REPORT_PATHS.resultsJson;

if (from === undefined) {
  // A report left by an earlier run must never be judged as this run's.
  rmSync(reportFile, { force: true });
  const started = Date.now();
  const run = spawnSync(process.execPath, ['commands/e2e.mjs', ...passThrough], { stdio: 'inherit' });
  console.log(`[gate] suite finished in ${((Date.now() - started) / 1000).toFixed(0)} s (exit ${run.status ?? run.signal ?? '?'}); judging ${reportFile}`);
}
if (!existsSync(reportFile)) fail(from === undefined ? `the run wrote no ${reportFile} (see its output above)` : `${reportFile} does not exist`);

const report = (() => {
  try {
    return readJsonReportFile(reportFile);
  } catch (error) {
    fail((error as Error).message);
  }
})();
const verdict = judge(report, budgets, readAttachmentFile);
const markdown = renderMarkdown(verdict, reportFile);

mkdirSync(path.dirname(REPORT_PATHS.gateJson), { recursive: true });
writeFileSync(REPORT_PATHS.gateJson, `${JSON.stringify({ verdict: verdict.holds ? 'pass' : 'fail', judged: reportFile, at: new Date().toISOString(), budgets, lines: verdict.lines }, null, 2)}\n`);
writeFileSync(REPORT_PATHS.gateMarkdown, markdown);
console.log(`\n${markdown}\n[gate] written: ${REPORT_PATHS.gateMarkdown}, ${REPORT_PATHS.gateJson}`);
process.exit(verdict.holds ? 0 : 1);
