/**
 * Reading Playwright's JSON report (the `json` reporter, also what merge-reports writes): the
 * tests in it, one per project, with the describe titles that lead to them. Pure: no file access.
 */
import type { JSONReport, JSONReportSuite, JSONReportTest } from '@playwright/test/reporter';

export interface ReportedTest {
  projectName: string;
  /** The spec file, relative to its project's test directory. */
  file: string;
  /** Describe titles, outermost first, then the test's own title. */
  titles: string[];
  test: JSONReportTest;
}

/** One line naming a test: `chromium › chat.spec.ts › story › test`. */
export const testName = ({ projectName, file, titles }: ReportedTest): string => [projectName, file, ...titles].join(' › ');

/** Parses the text of a JSON report, or says which file is not one. */
export function parseJsonReport(text: string, source: string): JSONReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  const candidate = parsed as Partial<JSONReport> | null;
  if (typeof candidate !== 'object' || candidate === null || !Array.isArray(candidate.suites) || typeof candidate.stats !== 'object') {
    throw new Error(`${source} is not a Playwright JSON report (no suites and stats): was it written by the json reporter?`);
  }
  return candidate as JSONReport;
}

function collect(suite: JSONReportSuite, describes: string[], out: ReportedTest[]): void {
  for (const spec of suite.specs) {
    for (const test of spec.tests) out.push({ projectName: test.projectName, file: spec.file, titles: [...describes, spec.title], test });
  }
  for (const child of suite.suites ?? []) collect(child, [...describes, child.title], out);
}

/** Every test of the report (a spec run in two projects is two tests), in report order. */
export function reportedTests(report: JSONReport): ReportedTest[] {
  const out: ReportedTest[] = [];
  // The top-level suites are the spec files: their title is the file, not a describe.
  for (const fileSuite of report.suites) collect(fileSuite, [], out);
  return out;
}
