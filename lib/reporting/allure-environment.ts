/**
 * A Playwright reporter that looks after the Allure results of one run:
 * - at the start, it empties the results directory: allure-playwright only adds files, and the
 *   previous run's results would otherwise show up in this run's report as retries;
 * - at the end, it writes `environment.properties` (the report's "Environment"): where the suite
 *   pointed, which decoder read the frames, the browsers and the app version that actually ran.
 *
 * Browser and app versions come from the tests' annotations (fixtures/allure.ts), not from this
 * process: they are then right for remote browsers and survive blob reports and merge-reports.
 * List it before allure-playwright in the config's reporters, so that it empties the directory
 * before anything is written to it.
 */
import { rmSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { RUN_ANNOTATIONS } from './allure-labels.ts';

/** `playwright test --list` runs no test: it must leave the last run's results alone. */
const listing = process.argv.includes('--list');

export interface AllureEnvironmentOptions {
  /** The same directory allure-playwright writes to. */
  resultsDir: string;
  /** BASE_URL, or a description of the embedded app (its port changes every run). */
  target: string;
  decoder: string;
  /** PW_TEST_CONNECT_WS_ENDPOINT when browsers are remote. */
  remoteBrowsers?: string;
}

/** Java-properties text, the format Allure reads: `key=value` lines, with `\`, newlines and `=`/`:` in keys escaped. */
export function toProperties(entries: Readonly<Record<string, string>>): string {
  const escape = (text: string, isKey: boolean) => {
    const escaped = text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
    return isKey ? escaped.replace(/([=: ])/g, '\\$1') : escaped;
  };
  return Object.entries(entries).map(([key, value]) => `${escape(key, true)}=${escape(value, false)}\n`).join('');
}

export interface ObservedRun {
  /** Project name → the browser strings its tests reported. */
  browsers: ReadonlyMap<string, ReadonlySet<string>>;
  appVersions: ReadonlySet<string>;
}

/** The report's environment entries, in the order they are shown. */
export function environmentEntries(options: AllureEnvironmentOptions, observed: ObservedRun, playwrightVersion: string): Record<string, string> {
  const entries: Record<string, string> = {
    'target': options.target,
    'app.version': observed.appVersions.size > 0 ? [...observed.appVersions].sort().join(', ') : 'not reported (GET /api/health unreachable or without a version)',
    'event.decoder': options.decoder,
  };
  for (const [project, browsers] of [...observed.browsers].sort(([a], [b]) => a.localeCompare(b))) {
    entries[`browser.${project}`] = [...browsers].sort().join(', ');
  }
  if (options.remoteBrowsers) entries['browsers.remote'] = options.remoteBrowsers;
  entries.playwright = playwrightVersion;
  entries.node = process.version;
  return entries;
}

export default class AllureEnvironmentReporter implements Reporter {
  private readonly browsers = new Map<string, Set<string>>();
  private readonly appVersions = new Set<string>();
  private playwrightVersion = 'unknown';

  constructor(private readonly options: AllureEnvironmentOptions) {}

  onBegin(config: FullConfig): void {
    this.playwrightVersion = config.version;
    if (!listing) rmSync(this.options.resultsDir, { recursive: true, force: true });
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const project = test.parent.project()?.name ?? '';
    for (const { type, description } of result.annotations) {
      if (description === undefined) continue;
      if (type === RUN_ANNOTATIONS.browser) {
        const seen = this.browsers.get(project) ?? new Set<string>();
        seen.add(description);
        this.browsers.set(project, seen);
      } else if (type === RUN_ANNOTATIONS.appVersion) {
        this.appVersions.add(description);
      }
    }
  }

  onEnd(): void {
    if (listing) return;
    const entries = environmentEntries(this.options, { browsers: this.browsers, appVersions: this.appVersions }, this.playwrightVersion);
    mkdirSync(this.options.resultsDir, { recursive: true });
    writeFileSync(path.join(this.options.resultsDir, 'environment.properties'), toProperties(entries));
  }

  printsToStdio(): boolean {
    return false;
  }
}
