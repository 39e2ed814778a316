/**
 * The findings of a running test, as its checks record them: the matchers (through test.info()),
 * the event tap at teardown, the set-up fixtures, the page objects' waits on the agent. The
 * findings fixture (fixtures/findings.ts) reads them when the test ends.
 */
import type { TestInfo } from '@playwright/test';
import type { Finding } from './findings.ts';

/** Per test attempt (a retry has a TestInfo of its own): its findings by key. */
const logs = new WeakMap<TestInfo, Map<string, Finding>>();
let unkeyed = 0;

/**
 * Records a finding for the test. A check that is retried (a matcher in `expect.poll`) records
 * under its own key, so that its latest try replaces the earlier ones; without a key every
 * finding stays.
 */
export function recordFinding(testInfo: TestInfo, finding: Finding, key = `finding ${String(++unkeyed)}`): void {
  let log = logs.get(testInfo);
  if (log === undefined) logs.set(testInfo, (log = new Map<string, Finding>()));
  log.set(key, finding);
}

/** Takes back what a check recorded under `key`: its latest try passed. */
export function withdrawFinding(testInfo: TestInfo, key: string): void {
  logs.get(testInfo)?.delete(key);
}

/** The test's findings so far, in the order first recorded. */
export const recordedFindings = (testInfo: TestInfo): Finding[] => [...(logs.get(testInfo)?.values() ?? [])];

export interface TestEnd {
  /** The test's own clock stopped it. */
  timedOut: boolean;
  timeoutMs: number;
  /** The first line of the test's first error, for people. */
  firstError?: string;
}

/**
 * What a test that did not end as expected attaches: its recorded findings, a `timeout` finding
 * when its clock stopped it, and an `unowned` one when no check of the suite said anything (a
 * Playwright assertion or action of the spec failed).
 */
export function findingsAtEnd(recorded: readonly Finding[], end: TestEnd): Finding[] {
  const findings = [...recorded];
  if (end.timedOut) findings.push({ kind: 'timeout', check: 'test timeout', summary: `the test ran out of its ${String(end.timeoutMs)} ms` });
  if (findings.length === 0) findings.push({ kind: 'unowned', check: 'the spec', summary: end.firstError ?? 'failed with no error' });
  return findings;
}
