/**
 * `npm run report`: builds the Allure report from reports/allure-results into
 * reports/allure-report with the Allure 3 CLI from npm (no Java; settings in allurerc.ts) and
 * prints the path of its index.html.
 *
 * History: Allure 3 keeps it in a JSON-lines file, here inside the report directory so that it
 * travels with the report (a CI job that restores the previous report continues its history).
 * The directory is emptied before each build, because Allure only flattens its output into the
 * top level when it finds nothing else there, so the history file is set aside and put back.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPORT_PATHS } from '../../lib/reporting/paths.ts';
import { failing, runCommand, type Fail } from './fail.ts';

const fail: Fail = failing('report');

const { allureResults, allureReport, allureHistory } = REPORT_PATHS;

function main(argv: string[]): number {
  if (argv.length > 0) fail(`takes no arguments (got ${argv.join(' ')}): it builds ${allureReport} from ${allureResults}`);
  const results = existsSync(allureResults) ? readdirSync(allureResults).filter((file) => file.endsWith('-result.json')) : [];
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
  const generate = spawnSync('npx', ['allure', 'generate', allureResults], { stdio: 'inherit' });
  const index = path.resolve(allureReport, 'index.html');
  if (generate.status !== 0 || !existsSync(index)) {
    console.error(`[report] allure generate failed (exit ${generate.status ?? generate.signal ?? '?'}): see its output above.`);
    return 1;
  }

  console.log(`
[report] Allure report of ${results.length} test results built in ${((Date.now() - started) / 1000).toFixed(1)} s, history of ${earlierReports} earlier report${earlierReports === 1 ? '' : 's'} carried over:
  ${index}
View it served over http (the page loads its data with fetch, so file:// may stay blank):
  npx allure open ${allureReport}`);
  return 0;
}

await runCommand(import.meta.url, 'report', main);
