/**
 * The flake hunt's judgement (run by tools/commands/flake-hunt.ts): per test, over its repeats, how
 * many runs failed and the first line of its first error, and the Markdown table of them.
 */
import type { JSONReport, JSONReportTestResult } from '@playwright/test/reporter';
import { plural } from '../../lib/events/format.ts';
import { reportedTests } from '../../lib/reporting/json-report.ts';
import { firstLine, markdownCell as cell } from '../../lib/reporting/text.ts';

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

const errorOf = (result: JSONReportTestResult): string | undefined => firstLine(result.errors[0]?.message ?? result.error?.message) || undefined;

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
    globalErrors: report.errors.flatMap((error) => firstLine(error.message) || []),
  };
}

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
