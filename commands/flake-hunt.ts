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
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JSONReport, JSONReportTestResult } from '@playwright/test/reporter';
import { plural } from '../events/format.ts';
import { withoutAnsi } from '../reporting/allure-categories.ts';
import { parseJsonReport, reportedTests } from '../reporting/json-report.ts';

const HUNT_DIR = 'reports/flake-hunt';
const MARKDOWN = 'reports/flake-hunt.md';
const DEFAULTS = { repeatEach: 20, workers: 2 } as const;
/** Exit codes: 0 no run failed, 1 a run failed, 2 the hunt could not judge (no report, setup failed). */
const CANNOT_JUDGE = 2;

export interface TestTally {
  project: string;
  /** `file › describe › title`. */
  title: string;
  runs: number;
  failed: number;
  /** First line of the first failed run's first error. */
  firstError?: string;
}

export interface HuntSummary {
  tests: number;
  runs: number;
  failedRuns: number;
  skipped: number;
  /** Tests that failed at least once, most failures first. */
  failing: TestTally[];
  /** Errors outside any test (a config or webServer failure). */
  globalErrors: string[];
}

export function firstLine(text: string | undefined): string | undefined {
  const line = withoutAnsi(text ?? '').split('\n').map((candidate) => candidate.trim()).find((candidate) => candidate !== '');
  return line === undefined ? undefined : line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

const errorOf = (result: JSONReportTestResult): string | undefined => firstLine(result.errors[0]?.message ?? result.error?.message);

/**
 * Per test (a test in two projects is two), over its repeats: runs and failures. A run fails when
 * its status is not the expected one (a `test.fail()` that passes fails too); skipped and
 * interrupted runs (the hunt was stopped) are no runs.
 */
export function summarizeHunt(report: JSONReport): HuntSummary {
  const tallies = new Map<string, TestTally>();
  let skipped = 0;
  for (const { projectName, file, titles, test } of reportedTests(report)) {
    const key = `${projectName}\n${file}\n${titles.join('\n')}`;
    const tally = tallies.get(key) ?? { project: projectName, title: [file, ...titles].join(' › '), runs: 0, failed: 0 };
    tallies.set(key, tally);
    for (const result of test.results) {
      if (result.status === 'skipped' || result.status === 'interrupted' || result.status === undefined) {
        if (result.status === 'skipped') skipped += 1;
        continue;
      }
      tally.runs += 1;
      if (result.status === test.expectedStatus) continue;
      tally.failed += 1;
      tally.firstError ??= errorOf(result) ?? `status ${result.status}, expected ${test.expectedStatus}`;
    }
  }
  const all = [...tallies.values()];
  return {
    tests: all.length,
    runs: all.reduce((sum, tally) => sum + tally.runs, 0),
    failedRuns: all.reduce((sum, tally) => sum + tally.failed, 0),
    skipped,
    failing: all.filter((tally) => tally.failed > 0).sort((a, b) => b.failed - a.failed || a.title.localeCompare(b.title)),
    globalErrors: report.errors.flatMap((error) => firstLine(error.message) ?? []),
  };
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

export function renderHunt(summary: HuntSummary, context: { command: string; seconds: number }): string {
  const verdict =
    summary.failing.length === 0
      ? `No failure: ${plural(summary.tests, 'test')}, ${plural(summary.runs, 'run')}, all passed.`
      : `${summary.failing.length} of ${plural(summary.tests, 'test')} failed at least once: ${summary.failedRuns} of ${plural(summary.runs, 'run')} failed.`;
  const lines = [
    '# Flake hunt',
    '',
    `\`${context.command}\` — ${(context.seconds / 60).toFixed(1)} min${summary.skipped > 0 ? `, ${plural(summary.skipped, 'skipped run')}` : ''}`,
    '',
    verdict,
  ];
  if (summary.failing.length > 0) {
    lines.push('', '| test | project | failed | verdict | first error |', '| --- | --- | --- | --- | --- |');
    for (const tally of summary.failing) {
      const kind = tally.failed === tally.runs ? 'fails every run' : 'flaky';
      lines.push(`| ${cell(tally.title)} | ${tally.project} | ${tally.failed} of ${tally.runs} | ${kind} | ${cell(tally.firstError ?? '')} |`);
    }
  }
  if (summary.globalErrors.length > 0) lines.push('', 'Errors outside any test:', ...summary.globalErrors.map((error) => `- ${error}`));
  return `${lines.join('\n')}\n`;
}

const hasOption = (args: readonly string[], ...names: string[]): boolean =>
  args.some((argument) => names.some((name) => argument === name || argument.startsWith(`${name}=`)));

function fail(message: string): never {
  console.error(`[flake-hunt] ${message}`);
  process.exit(CANNOT_JUDGE);
}

const readReport = (file: string): JSONReport => {
  if (!existsSync(file)) fail(`${file} was not written: the run stopped before reporting (see its output above)`);
  try {
    return parseJsonReport(readFileSync(file, 'utf8'), file);
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
  const setup = spawnSync(process.execPath, ['commands/setup.mjs'], { stdio: 'inherit' });
  if (setup.status !== 0) process.exit(setup.status ?? CANNOT_JUDGE);

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
    return CANNOT_JUDGE;
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exit(main(process.argv.slice(2)));
