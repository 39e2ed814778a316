/**
 * `npm run flake-hunt`: the e2e suite many times over, to find the tests that fail only now and
 * then. Runs `playwright test --repeat-each=20 --retries=0 --workers=2` over every browser
 * project present (as `npm run e2e` does), then lists every test that failed at least once: its
 * title, project, how many of its runs failed and the first line of its first error. Prints the
 * table, writes reports/flake-hunt.md, and exits 1 if any run failed (0: none; 2: no verdict).
 *
 *   npm run flake-hunt                                       every e2e test 20× per browser
 *   npm run flake-hunt -- --repeat-each=5 --project=chromium
 *   npm run flake-hunt -- --grep @smoke e2e/chat.spec.ts     other arguments go to playwright test
 *
 * It writes only under reports/flake-hunt/ (the JSON report, traces of failures) and
 * reports/flake-hunt.md: the run gets its own --output and command-line reporters, so the reports
 * of the last ordinary run (reports/html, results.json, test-results) are left as they were.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { JSONReport } from '@playwright/test/reporter';
import { renderHunt, summarizeHunt } from '../flakes/hunt.ts';
import { failing, NO_VERDICT, runCommand, type Fail } from './fail.ts';
import { readJsonReportFile } from '../../lib/reporting/report-files.ts';

const HUNT_DIR = 'reports/flake-hunt';
const MARKDOWN = 'reports/flake-hunt.md';
const DEFAULTS = { repeatEach: 20, workers: 2 } as const;

const hasOption = (args: readonly string[], ...names: string[]): boolean =>
  args.some((argument) => names.some((name) => argument === name || argument.startsWith(`${name}=`)));

const fail: Fail = failing('flake-hunt');

const readReport = (file: string): JSONReport => {
  if (!existsSync(file)) fail(`${file} was not written: the run stopped before reporting (see its output above)`);
  try {
    return readJsonReportFile(file);
  } catch (error) {
    fail((error as Error).message);
  }
};

/**
 * The browser projects of the configuration: playwright.config.ts defines one per browser present
 * (and cross-browser when both engines are), so it is asked rather than told again here.
 */
function browserProjects(passThrough: string[]): string[] {
  const listFile = path.resolve(HUNT_DIR, 'list.json');
  const listing = spawnSync('npx', ['playwright', 'test', '--list', '--reporter=json', ...passThrough], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_FILE: listFile },
  });
  if (listing.status !== 0) fail('playwright test --list failed: see its output above');
  return readReport(listFile).config.projects.map((project) => project.name).filter((name) => name !== 'unit');
}

function main(passThrough: string[]): number {
  for (const own of ['--reporter', '--output', '--retries']) {
    if (hasOption(passThrough, own)) fail(`${own} is the hunt's own (a command-line reporter, reports/flake-hunt/, retries 0): drop it`);
  }
  const setup = spawnSync(process.execPath, ['tools/commands/setup.mjs'], { stdio: 'inherit' });
  if (setup.status !== 0) process.exit(setup.status ?? NO_VERDICT);

  rmSync(HUNT_DIR, { recursive: true, force: true });
  mkdirSync(HUNT_DIR, { recursive: true });
  const projects = hasOption(passThrough, '--project') ? [] : browserProjects(passThrough).map((name) => `--project=${name}`);
  const args = [
    'playwright',
    'test',
    ...projects,
    ...(hasOption(passThrough, '--repeat-each') ? [] : [`--repeat-each=${DEFAULTS.repeatEach}`]),
    ...(hasOption(passThrough, '--workers', '-j') ? [] : [`--workers=${DEFAULTS.workers}`]),
    '--retries=0',
    '--reporter=dot,json',
    `--output=${path.join(HUNT_DIR, 'test-results')}`,
    ...passThrough,
  ];
  const reportFile = path.resolve(HUNT_DIR, 'results.json');
  const command = `npx ${args.join(' ')}`;
  console.log(`[flake-hunt] ${command}`);
  const started = Date.now();
  const run = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_FILE: reportFile } });
  const seconds = (Date.now() - started) / 1000;

  const summary = summarizeHunt(readReport(reportFile));
  const markdown = renderHunt(summary, { command, seconds });
  writeFileSync(MARKDOWN, markdown);
  console.log(`\n${markdown}\n[flake-hunt] written to ${MARKDOWN}; traces of failed runs in ${HUNT_DIR}/test-results`);
  if (summary.failing.length > 0) return 1;
  // Playwright failed without a failed test (no test found, webServer did not start): no verdict.
  if (run.status !== 0) {
    console.error(`[flake-hunt] playwright test exited ${run.status ?? run.signal ?? '?'} with no failed test: see its output above`);
    return NO_VERDICT;
  }
  return 0;
}

await runCommand(import.meta.url, 'flake-hunt', main);
