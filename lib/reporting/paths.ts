/**
 * Where runs, reports and the gate write, in one place: playwright.config.ts, allurerc.ts and the
 * report, gate and shard scripts all read these (relative to the project root).
 */
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
