/**
 * Hand-built Playwright JSON reports for the unit tests of the gate and the shard proof: only the
 * fields those read are filled with meaning; the rest is the smallest valid value.
 */
import type { JSONReport, JSONReportSpec, JSONReportSuite, JSONReportTest, JSONReportTestResult } from '@playwright/test/reporter';
import { EVENT_SUMMARY_ATTACHMENT, FINDINGS_ATTACHMENT, type EventSummary, type Finding } from '../../lib/contract/index.ts';

export interface Attempt {
  status?: JSONReportTestResult['status'];
  error?: string;
  /** The agent-events.json this attempt attached, merged over a clean one-run summary. */
  summary?: Partial<EventSummary>;
  /** The findings this attempt attached (fixtures/findings.ts does for a failed test). */
  findings?: Finding[];
  /** Attach this text as the findings body, verbatim (for broken attachments). */
  rawFindings?: string;
  /** Attach the summary by path (as a path-only attachment) instead of inline. */
  summaryPath?: string;
  /** Attach this text as the summary body, verbatim (for broken summaries). */
  rawSummary?: string;
}

export interface TestSpec {
  title: string;
  project?: string;
  file?: string;
  describe?: string;
  status?: JSONReportTest['status'];
  tags?: string[];
  /** Default: one passing attempt with a clean summary. */
  attempts?: Attempt[];
  /** The test's annotations (a skip's reason is one: `{ type: 'skip', description }`). */
  annotations?: { type: string; description?: string }[];
}

export const cleanSummary = (overrides: Attempt['summary'] = {}): EventSummary => ({
  frames: 12,
  runs: 1,
  completeRuns: 1,
  incompleteRuns: [],
  lifecycleViolations: 0,
  foreignEvents: 0,
  malformedFrames: 0,
  framesWithoutOwner: 0,
  optedIn: { malformedFrames: false, foreignEvents: false, lifecycleViolations: false },
  latencies: [{ runId: 'run-1', owner: 'alice', toStarted: 120, toCompleted: 900 }],
  ...overrides,
});

const inline = (name: string, text: string): JSONReportTestResult['attachments'][number] => ({ name, contentType: 'application/json', body: Buffer.from(text).toString('base64') });

function attachmentsOf(attempt: Attempt): JSONReportTestResult['attachments'] {
  const findingsText = attempt.rawFindings ?? (attempt.findings === undefined ? undefined : JSON.stringify(attempt.findings));
  const findings = findingsText === undefined ? [] : [inline(FINDINGS_ATTACHMENT, findingsText)];
  if (attempt.summaryPath) return [{ name: EVENT_SUMMARY_ATTACHMENT, contentType: 'application/json', path: attempt.summaryPath }, ...findings];
  const text = attempt.rawSummary ?? JSON.stringify(cleanSummary(attempt.summary));
  return [{ name: 'agent-frames.jsonl', contentType: 'application/x-ndjson', body: Buffer.from('{}').toString('base64') }, inline(EVENT_SUMMARY_ATTACHMENT, text), ...findings];
}

function resultOf(attempt: Attempt, retry: number): JSONReportTestResult {
  const error = attempt.error === undefined ? undefined : { message: attempt.error };
  return {
    workerIndex: 0,
    parallelIndex: 0,
    status: attempt.status ?? (attempt.error === undefined ? 'passed' : 'failed'),
    duration: 1000,
    error,
    errors: error ? [error] : [],
    stdout: [],
    stderr: [],
    retry,
    startTime: '2025-01-01T00:00:00.000Z',
    // A skipped test never reaches the event fixture's teardown: nothing is attached.
    attachments: attempt.status === 'skipped' ? [] : attachmentsOf(attempt),
    annotations: [],
  };
}

function specOf(spec: TestSpec, file: string): JSONReportSpec {
  const attempts = spec.attempts ?? [spec.status === 'skipped' ? { status: 'skipped' as const } : {}];
  return {
    tags: spec.tags ?? [],
    title: spec.title,
    ok: spec.status !== 'unexpected',
    id: `${file}-${spec.title}`,
    file,
    line: 1,
    column: 1,
    tests: [
      {
        timeout: 30_000,
        annotations: spec.annotations ?? [],
        expectedStatus: 'passed',
        projectName: spec.project ?? 'chromium',
        projectId: spec.project ?? 'chromium',
        results: attempts.map(resultOf),
        status: spec.status ?? 'expected',
      },
    ],
  };
}

/** A report whose top-level suites are the files, with one nested suite per describe title. */
/** `projects`: the config's project list (name and metadata), as playwright.config.ts declares it; none by default. */
export function buildReport(tests: TestSpec[], errors: string[] = [], projects?: { name: string; metadata?: Record<string, unknown> }[]): JSONReport {
  const files = new Map<string, JSONReportSuite>();
  for (const spec of tests) {
    const file = spec.file ?? 'chat.spec.ts';
    let fileSuite = files.get(file);
    if (!fileSuite) files.set(file, (fileSuite = { title: file, file, line: 0, column: 0, specs: [], suites: [] }));
    if (spec.describe === undefined) {
      fileSuite.specs.push(specOf(spec, file));
      continue;
    }
    const suites = (fileSuite.suites ??= []);
    let describe = suites.find((suite) => suite.title === spec.describe);
    if (!describe) suites.push((describe = { title: spec.describe, file, line: 1, column: 1, specs: [] }));
    describe.specs.push(specOf(spec, file));
  }
  return {
    config: (projects === undefined ? {} : { projects }) as JSONReport['config'],
    suites: [...files.values()],
    errors: errors.map((message) => ({ message })),
    stats: { startTime: '2025-01-01T00:00:00.000Z', duration: 1000, expected: 0, unexpected: 0, flaky: 0, skipped: 0 },
  };
}
