import { expect, test } from '@playwright/test';
import { classifyError, detectorFor, judgeClean, judgeFault, testCatch, type ChildRun } from '../../tools/faults/matrix.ts';
import { buildReport, type TestSpec } from '../reporting/build-report.ts';

const budgets = { startedMs: 1000, completedMs: 5000 };
const noFile = (): undefined => undefined;

// Failure messages as Playwright and our matchers word them (colours included, as in a JSON report).
const INCOMPLETE_RUN = [
  '\u001b[2mexpect(\u001b[22m\u001b[31mreceived\u001b[39m\u001b[2m).\u001b[22mtoHaveCompleteRun\u001b[2m(\u001b[22m\u001b[32moptions\u001b[39m\u001b[2m)\u001b[22m',
  '',
  'Expected: 1 run, each complete (agent_started … agent_completed/agent_error) and following rules 1-5',
  'Received: 1 run: 0 incomplete runs, 1 violation',
  'Violations:',
  '  rule 4 (seq strictly increases with no gap), run r_1: expected seq 2 after seq 1, got a gap: seq 2..3 never came',
  '      #5 received agent_completed seq=4 at=+138ms {"data":{"answer":"rule 9 (made up) in the text"}}',
  '',
  'Call Log:',
  '- Timeout 5000ms exceeded while waiting on the predicate',
].join('\n');
const STILL_STREAMING = [
  'Error: expect(locator).toHaveAttribute(expected) failed',
  '',
  "Locator:  getByRole('log', { name: 'Conversation' }).locator('article[data-role=\"assistant\"]').last()",
  'Expected: "done"',
  'Received: "streaming"',
  'Timeout:  5000ms',
].join('\n');
const TEST_TIMEOUT = 'Test timeout of 35000ms exceeded.';
const WAIT_FOR = "Error: locator.waitFor: Timeout 5000ms exceeded.\nCall log:\n  - waiting for getByRole('log')";
const TAP = 'Error: The event tap saw what no test may see (opt out with test.use({ allowMalformedFrames / allowForeignEvents })):\nmalformed frame on ws://127.0.0.1/ws: #6 received at=+40ms [alice] {"type":"agent_thin — Unexpected end of JSON input';
const REGISTER = 'Error: POST /api/register answered 500: internal error';
const TYPO = "TypeError: Cannot read properties of undefined (reading 'events')";

const failing = (project: string, ...errors: string[]): TestSpec => ({
  title: `answer ${errors.length}`,
  project,
  describe: 'asking the agent',
  status: 'unexpected',
  attempts: [{ error: errors[0] ?? 'failed' }],
});
const passing = (project: string): TestSpec => ({ title: 'answer', project, describe: 'asking the agent' });
// buildReport keeps one error per attempt; a test with several errors (timeout + teardown) is set by hand.
function withErrors(spec: TestSpec, errors: string[]): ReturnType<typeof buildReport> {
  const report = buildReport([spec]);
  const result = report.suites[0]?.suites?.[0]?.specs[0]?.tests[0]?.results[0];
  if (!result) throw new Error('buildReport changed shape');
  result.errors = errors.map((message) => ({ message }));
  return report;
}

const runOf = (fault: string | undefined, projects = ['chromium', 'firefox']): ChildRun => ({
  fault,
  detector: fault === undefined ? undefined : detectorFor(fault),
  selection: fault === undefined ? [{ tags: ['@chat', '@smoke'] }] : detectorFor(fault)?.select,
  projects,
  startedAt: Date.parse('2025-01-01T00:00:00Z'),
  seconds: 12,
});

test.describe('what counts as a catch', () => {
  test('a matcher that names the broken rule is a named catch, labelled with the matcher and the rule', () => {
    expect(classifyError(INCOMPLETE_RUN)).toEqual({ kind: 'assertion', label: 'toHaveCompleteRun: rule 4 (seq strictly increases with no gap)', testTimeout: false });
  });

  test('a web-first assertion that timed out still names expected and received', () => {
    expect(classifyError(STILL_STREAMING)).toEqual({ kind: 'assertion', label: 'toHaveAttribute: expected "done", received "streaming"', testTimeout: false });
  });

  test('a long expectation is left out, and a diff is labelled with the line that asserted', () => {
    const countMismatch = 'Error: expect(received).toHaveCompleteRun(options)\n\nExpected: 1 run, each complete (agent_started … agent_completed/agent_error) and following rules 1-5\nReceived: 2 runs: 0 incomplete runs, 0 violations';
    expect(classifyError(countMismatch).label).toBe('toHaveCompleteRun: received 2 runs: 0 incomplete runs, 0 violations');
    const diff = "Error: expect(received).toEqual(expected) // deep equality\n\n- Expected  - 1\n+ Received  + 0\n\n  11 |\n> 12 |     await expect.poll(connectionStates).toEqual(['Connected', 'Reconnecting…', 'Connected']);\n     |   ^";
    expect(classifyError(diff).label).toBe("toEqual: expect.poll(connectionStates).toEqual(['Connected', 'Reconnecting…', 'Connected'])");
  });

  test('the event tap at teardown names the frame', () => {
    expect(classifyError(TAP)).toMatchObject({ kind: 'assertion', label: 'event tap: malformed frame' });
  });

  test('the test clock and a waiting action are timeouts; a refused set-up and a script error are no catch', () => {
    expect(classifyError(TEST_TIMEOUT)).toEqual({ kind: 'timeout', label: 'test timeout (35000 ms)', testTimeout: true });
    expect(classifyError(WAIT_FOR)).toEqual({ kind: 'timeout', label: 'locator.waitFor: Timeout 5000ms exceeded.', testTimeout: false });
    expect(classifyError(REGISTER)).toMatchObject({ kind: 'set-up' });
    expect(classifyError(TYPO)).toMatchObject({ kind: 'other', label: "TypeError: Cannot read properties of undefined (reading 'events')" });
  });

  test('a test that hit its own timeout is weak, whatever else it reported; otherwise its strongest error counts', () => {
    expect(testCatch([TEST_TIMEOUT, TAP])).toEqual({ kind: 'timeout', labels: ['test timeout (35000 ms)', 'event tap: malformed frame'] });
    expect(testCatch([WAIT_FOR, TAP]).kind).toBe('assertion');
    expect(testCatch([TYPO, REGISTER]).kind).toBe('set-up');
    expect(testCatch([]).kind).toBe('other');
  });
});

test.describe('a fault row', () => {
  test('caught when every browser fails by a named assertion', () => {
    const row = judgeFault(runOf('drop:agent_thinking'), buildReport([failing('chromium', INCOMPLETE_RUN), failing('firefox', INCOMPLETE_RUN)]), budgets, noFile);
    expect(row).toMatchObject({ verdict: 'caught', reasons: [], caughtBy: ['toHaveCompleteRun: rule 4 (seq strictly increases with no gap) ×2'] });
    expect(row.projects.map((result) => [result.project, result.tests, result.failed.length])).toEqual([['chromium', 1, 1], ['firefox', 1, 1]]);
  });

  test('not caught when one browser passes: the row says which', () => {
    const row = judgeFault(runOf('stall'), buildReport([failing('chromium', STILL_STREAMING), passing('firefox')]), budgets, noFile);
    expect(row).toMatchObject({ verdict: 'missed', reasons: ['firefox: no test failed'] });
  });

  test('weak when a browser fails only by a timeout, and the table marks the timeout as weak', () => {
    const report = buildReport([failing('chromium', STILL_STREAMING), failing('firefox', WAIT_FOR)]);
    const row = judgeFault(runOf('ui-stale'), report, budgets, noFile);
    expect(row).toMatchObject({ verdict: 'weak', reasons: ['firefox: caught only by a timeout (locator.waitFor: Timeout 5000ms exceeded.)'] });
    expect(row.caughtBy).toEqual(['toHaveAttribute: expected "done", received "streaming"', 'locator.waitFor: Timeout 5000ms exceeded. (weak)']);
    expect(judgeFault(runOf('ui-stale', ['chromium']), withErrors(failing('chromium'), [TEST_TIMEOUT, TAP]), budgets, noFile).verdict).toBe('weak');
  });

  test('not caught when the tests failed for a reason that is not the fault', () => {
    const row = judgeFault(runOf('xss', ['chromium']), buildReport([failing('chromium', REGISTER)]), budgets, noFile);
    expect(row.verdict).toBe('missed');
    expect(row.reasons[0]).toMatch(/^chromium: failed, but by no assertion naming the problem \(POST \/api\/register answered 500/);
  });

  test('an error when a browser ran no test, or the run broke outside the tests', () => {
    expect(judgeFault(runOf('leak'), buildReport([failing('chromium', TAP)]), budgets, noFile)).toMatchObject({ verdict: 'error', reasons: ['firefox: no test ran (does the selection match any test?)'] });
    expect(judgeFault(runOf('leak', ['chromium']), buildReport([], ['Error: No tests found']), budgets, noFile).verdict).toBe('error');
  });

  test('slow is caught by the gate\'s latency budget in every browser, not by the tests', () => {
    const slow = (project: string, toStarted: number): TestSpec => ({ ...passing(project), attempts: [{ summary: { latencies: [{ runId: 'r', owner: 'alice', toStarted, toCompleted: toStarted * 4 }] } }] });
    const caught = judgeFault(runOf('slow:1250'), buildReport([slow('chromium', 1320), slow('firefox', 1350)]), budgets, noFile);
    expect(caught.verdict).toBe('caught');
    expect(caught.caughtBy).toEqual([
      'gate: chromium: message → agent_started (p95) p50 1320 ms, p95 1320 ms (1 run) > 1000 ms',
      'gate: chromium: message → agent_completed (p95) p50 5280 ms, p95 5280 ms (1 run) > 5000 ms',
      'gate: firefox: message → agent_started (p95) p50 1350 ms, p95 1350 ms (1 run) > 1000 ms',
      'gate: firefox: message → agent_completed (p95) p50 5400 ms, p95 5400 ms (1 run) > 5000 ms',
    ]);
    const missed = judgeFault(runOf('slow:1250'), buildReport([slow('chromium', 1320), slow('firefox', 200)]), budgets, noFile);
    expect(missed).toMatchObject({ verdict: 'missed', reasons: ['firefox: every latency budget held'] });
  });
});

test.describe('the clean run', () => {
  test('green when every test passed in every browser and the release gate holds', () => {
    expect(judgeClean(runOf(undefined), buildReport([passing('chromium'), passing('firefox')]), budgets, noFile)).toMatchObject({ verdict: 'green', reasons: [], caughtBy: [] });
  });

  test('a false alarm names the failed test, or the gate line that failed', () => {
    const failed = judgeClean(runOf(undefined), buildReport([passing('chromium'), failing('firefox', STILL_STREAMING)]), budgets, noFile);
    expect(failed.verdict).toBe('false alarm');
    expect(failed.reasons[0]).toBe('firefox › chat.spec.ts › asking the agent › answer 1: toHaveAttribute: expected "done", received "streaming"');

    const late = { ...passing('firefox'), attempts: [{ summary: { latencies: [{ runId: 'r', owner: 'alice', toStarted: 1500, toCompleted: 2000 }] } }] };
    const slow = judgeClean(runOf(undefined), buildReport([passing('chromium'), late]), budgets, noFile);
    expect(slow.verdict).toBe('false alarm');
    expect(slow.caughtBy).toEqual(['gate: firefox: message → agent_started (p95)']);
  });
});
