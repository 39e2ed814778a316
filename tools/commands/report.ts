/**
 * `npm run report`: builds the Allure report from every run's results in reports/ (the main run's
 * reports/allure-results and each reports/allure-results-<run> npm test wrote, one Allure
 * environment each, allurerc.ts) into reports/allure-report with Allure 3 from npm (no Java; settings in allurerc.ts) and prints the
 * path of its index.html.
 *
 * It builds through Allure's own API (@allurereport/core: start, read the results, done), as
 * `allure generate` does, and adds what that command of Allure 3.18 leaves out: evaluating the
 * quality gate allurerc.ts configures (the release gate's lines, when `npm run gate` judged these
 * results), as `allure run` does, so the report shows the gate's verdict in its quality-gate view.
 *
 * History: Allure 3 keeps it in a JSON-lines file, here inside the report directory so that it
 * travels with the report (a CI job that restores the previous report continues its history).
 * The directory is emptied before each build, because Allure only flattens its output into the
 * top level when it finds nothing else there, so the history file is set aside and put back.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AllureReport, readConfig } from '@allurereport/core';
import { supplyIteratorToArray } from '../../lib/reporting/allure-quality-gate.ts';
import { allureResultsDirs, REPORT_PATHS, runOfAllureResults } from '../../lib/reporting/paths.ts';
import { failing, runCommand, type Fail } from './fail.ts';

const fail: Fail = failing('report');

const { allureResults, allureReport, allureHistory } = REPORT_PATHS;

/** Builds the report; says what its quality gate shows. */
async function buildReport(resultsDirs: readonly string[]): Promise<string> {
  const report = new AllureReport(await readConfig(process.cwd()));
  await report.start();
  for (const dir of resultsDirs) await report.readDirectory(dir);
  let gate = `no release-gate verdict for these results (run npm run gate to judge them; ${REPORT_PATHS.gateJson} is missing or older)`;
  if (report.hasQualityGate) {
    supplyIteratorToArray();
    const { results } = await report.validate({ trs: await report.store.allTestResults({ includeRetries: false }) });
    report.realtimeDispatcher.sendQualityGateResults(results);
    const failed = results.filter((result) => !result.success).length;
    gate = `quality gate: the release gate's ${String(results.length)} lines, ${failed === 0 ? 'all hold' : `${String(failed)} failing`}`;
  }
  await report.done();
  return gate;
}

async function main(argv: string[]): Promise<number> {
  if (argv.length > 0) fail(`takes no arguments (got ${argv.join(' ')}): it builds ${allureReport} from ${allureResults}`);
  const resultsDirs = allureResultsDirs();
  const results = resultsDirs.flatMap((dir) => readdirSync(dir).filter((file) => file.endsWith('-result.json')));
  if (results.length === 0) {
    console.error(`[report] no Allure results in ${allureResults}: run the tests first (npm run e2e, npm run gate, or merge-reports after a sharded run).`);
    return 1;
  }

  const history = existsSync(allureHistory) ? readFileSync(allureHistory) : undefined;
  rmSync(allureReport, { recursive: true, force: true });
  mkdirSync(allureReport, { recursive: true });
  if (history) writeFileSync(allureHistory, history);
  const earlierReports = history ? history.toString('utf8').split('\n').filter((line) => line.trim()).length : 0;

  const started = Date.now();
  const gate = await buildReport(resultsDirs);
  const index = path.resolve(allureReport, 'index.html');
  if (!existsSync(index)) {
    console.error(`[report] Allure wrote no ${index}: see its output above.`);
    return 1;
  }
  console.log(`
[report] Allure report of ${results.length} test results (${resultsDirs.map(runOfAllureResults).join(', ')}) built in ${((Date.now() - started) / 1000).toFixed(1)} s, history of ${earlierReports} earlier report${earlierReports === 1 ? '' : 's'} carried over; ${gate}:
  ${index}
View it served over http (the page loads its data with fetch, so file:// may stay blank):
  npx allure open ${allureReport}`);
  return 0;
}

await runCommand(import.meta.url, 'report', main);
