/**
 * How a failed test counts for the matrix, from the findings it attached (lib/contract/findings.ts):
 * a named catch where a finding names a problem of the product (isNamedFinding: isolation, a
 * broken lifecycle, a stuck run, the screen, malformed frames); weak where it has only `timeout`,
 * `set-up` or `unowned` findings, or none. Pure: no message is read.
 */
import type { JSONReport } from '@playwright/test/reporter';
import { isNamedFinding, type Finding } from '../../lib/contract/index.ts';
import { reportedTests, testName } from '../../lib/reporting/json-report.ts';
import { findingsOfTest, type ReadAttachment, type TestFindings } from '../gate/attachments.ts';

export interface FailedTest {
  /** `chromium › chat.spec.ts › story › test`. */
  name: string;
  /** A finding of the product named the problem. */
  named: boolean;
  /** One per finding: `lifecycle: toHaveCompleteRun (rules 1, 4)`. */
  labels: string[];
}

export interface ProjectResult {
  project: string;
  tests: number;
  passed: number;
  failed: FailedTest[];
}

/** A finding in a table cell: its kind, what stated it, and the rules, never a run id (the same catch reads the same in every browser). */
export function findingLabel(finding: Finding): string {
  const rules = finding.rules ?? [];
  const ruleText = rules.length === 0 ? '' : ` (rule${rules.length === 1 ? '' : 's'} ${rules.join(', ')})`;
  return `${finding.kind}: ${finding.check}${ruleText}`;
}

/** A failed test as a catch: named when one of its findings names a problem of the product. */
export function testCatch(found: TestFindings): { named: boolean; labels: string[] } {
  if ('missing' in found) return { named: false, labels: ['no findings attached'] };
  if ('problem' in found) return { named: false, labels: [`findings unreadable: ${found.problem}`] };
  return { named: found.findings.some((finding) => isNamedFinding(finding.kind)), labels: [...new Set(found.findings.map(findingLabel))] };
}

/** Per browser project: how many tests ran, passed, and how each failure counts (by its last attempt). */
export function projectResults(report: JSONReport, projects: readonly string[], readAttachment: ReadAttachment): ProjectResult[] {
  const tests = reportedTests(report);
  return projects.map((project) => {
    const own = tests.filter((test) => test.projectName === project && test.test.status !== 'skipped');
    const failed = own.filter((test) => test.test.status !== 'expected').map((test) => ({ name: testName(test), ...testCatch(findingsOfTest(test, readAttachment)) }));
    return { project, tests: own.length, passed: own.length - failed.length, failed };
  });
}
