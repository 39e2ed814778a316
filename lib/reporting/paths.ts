/**
 * Where runs, reports and the gate write, in one place: playwright.config.ts, allurerc.ts and the
 * report, gate and shard scripts all read these (relative to the project root).
 */
import { existsSync, readdirSync } from 'node:fs';

export const REPORT_PATHS = {
  /** Playwright's JSON reporter: what the gate judges and the shard proof counts. */
  resultsJson: 'reports/results.json',
  /** allure-playwright writes here; every run starts it afresh. */
  allureResults: 'reports/allure-results',
  allureReport: 'reports/allure-report',
  /** Allure 3's history (one JSON line per report), kept inside the report so it travels with it. */
  allureHistory: 'reports/allure-report/history.jsonl',
  /** Blob reports of a sharded run, merged by `playwright merge-reports`. */
  blob: 'reports/blob',
  gateJson: 'reports/gate.json',
  gateMarkdown: 'reports/gate.md',
} as const;

/**
 * Where one run's reporters write. The main run (the .env's target, `npm run e2e` / `npm run gate`)
 * writes the paths above; another run in the same reports/ (npm test's SSE run and example
 * targets) names its own through Playwright's variables and CHAT_E2E_ALLURE_RESULTS, so that no
 * run empties or overwrites another's.
 */
export function runReportPaths(env: NodeJS.ProcessEnv): { resultsJson: string; html: string; junit: string; allureResults: string } {
  return {
    resultsJson: env.PLAYWRIGHT_JSON_OUTPUT_FILE ?? REPORT_PATHS.resultsJson,
    html: env.PLAYWRIGHT_HTML_OUTPUT_DIR ?? 'reports/html',
    junit: env.PLAYWRIGHT_JUNIT_OUTPUT_FILE ?? 'reports/junit.xml',
    allureResults: env.CHAT_E2E_ALLURE_RESULTS ?? REPORT_PATHS.allureResults,
  };
}

/** The Allure label that names a result's run; allurerc.ts makes each run an Allure environment by it. */
export const RUN_LABEL = 'chat-e2e-run';

/** A run's name in Allure, from its results directory: `main`, or what follows `allure-results-`. */
export function runOfAllureResults(dir: string): string {
  const name = dir.replace(/\/+$/, '').split('/').pop() ?? '';
  return name === REPORT_PATHS.allureResults.split('/').pop() ? 'main' : name.replace(/^allure-results-/, '');
}

/** Every run's Allure results directory under `reportsDir`: the main run's and each `allure-results-<run>`. */
export function allureResultsDirs(reportsDir = 'reports'): string[] {
  if (!existsSync(reportsDir)) return [];
  return readdirSync(reportsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^allure-results(-[\w-]+)?$/.test(entry.name))
    .map((entry) => `${reportsDir}/${entry.name}`)
    .sort();
}
