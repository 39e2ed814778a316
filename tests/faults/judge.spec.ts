import { expect, test } from '@playwright/test';
import type { Finding } from '../../lib/contract/index.ts';
import { findingLabel, testCatch } from '../../tools/faults/catches.ts';
import { detectorFor } from '../../tools/faults/detectors.ts';
import { judgeClean, judgeFault, type ChildRun } from '../../tools/faults/judge.ts';
import { buildReport, type TestSpec } from '../reporting/build-report.ts';

const budgets = { startedMs: 1000, completedMs: 5000 };
const noFile = (): undefined => undefined;

// Findings as the suite's checks record them (lib/contract/findings.ts); the messages are never read.
const RULE_4: Finding = { kind: 'lifecycle', check: 'toHaveCompleteRun', rules: [4], runs: [{ runId: 'r_1', user: 'alice' }], summary: '1 run: 0 incomplete runs, 1 violation' };
const STUCK: Finding = { kind: 'stuck-run', check: 'wait for the answer to "Hello"', rules: [1], runs: [{ runId: 'r_2', user: 'alice' }], summary: "alice's run r_2 stuck after agent_thinking" };
const TAP: Finding = { kind: 'malformed-frames', check: 'event tap', summary: '1 malformed frame' };
const TIMEOUT: Finding = { kind: 'timeout', check: 'test timeout', summary: 'the test ran out of its 35000 ms' };
const SET_UP: Finding = { kind: 'set-up', check: 'test users', summary: 'AuthApiError: POST /api/register answered 500: internal error' };
const UNOWNED: Finding = { kind: 'unowned', check: 'the spec', summary: 'Error: expect(locator).toHaveText(expected) failed' };

const failing = (project: string, findings: Finding[] | undefined, error = 'Error: whatever the message says'): TestSpec => ({
  title: 'answer',
  project,
  describe: 'asking the agent',
  status: 'unexpected',
  attempts: [findings === undefined ? { error } : { error, findings }],
});
const passing = (project: string): TestSpec => ({ title: 'answer', project, describe: 'asking the agent' });

const runOf = (fault: string | undefined, projects = ['chromium', 'firefox']): ChildRun => ({
  fault,
  detector: fault === undefined ? undefined : detectorFor(fault),
  selection: fault === undefined ? [{ tags: ['@chat', '@smoke'] }] : detectorFor(fault)?.select,
  projects,
  startedAt: Date.parse('2025-01-01T00:00:00Z'),
  seconds: 12,
});

test.describe('what counts as a catch', () => {
  test('a finding of the product is a named catch, labelled by kind, check and rules (no run id: the same in every browser)', () => {
    expect(findingLabel(RULE_4)).toBe('lifecycle: toHaveCompleteRun (rule 4)');
    expect(findingLabel({ ...RULE_4, rules: [1, 4] })).toBe('lifecycle: toHaveCompleteRun (rules 1, 4)');
    expect(testCatch({ findings: [RULE_4] })).toEqual({ named: true, labels: ['lifecycle: toHaveCompleteRun (rule 4)'] });
    expect(testCatch({ findings: [TAP] })).toEqual({ named: true, labels: ['malformed-frames: event tap'] });
  });

  test('a product finding names the problem even where the clock stopped the test', () => {
    expect(testCatch({ findings: [TIMEOUT, STUCK] })).toEqual({ named: true, labels: ['timeout: test timeout', 'stuck-run: wait for the answer to "Hello" (rule 1)'] });
  });

  test('timeout, set-up and unowned findings, none attached, or an unreadable attachment are weak', () => {
    expect(testCatch({ findings: [TIMEOUT] }).named).toBe(false);
    expect(testCatch({ findings: [SET_UP] }).named).toBe(false);
    expect(testCatch({ findings: [UNOWNED] })).toEqual({ named: false, labels: ['unowned: the spec'] });
    expect(testCatch({ missing: true })).toEqual({ named: false, labels: ['no findings attached'] });
    expect(testCatch({ problem: 'not JSON' })).toEqual({ named: false, labels: ['findings unreadable: not JSON'] });
  });
});

test.describe('a fault row', () => {
  test('caught when every browser fails by a named finding', () => {
    const row = judgeFault(runOf('drop:agent_thinking'), buildReport([failing('chromium', [RULE_4]), failing('firefox', [RULE_4])]), budgets, noFile);
    expect(row).toMatchObject({ verdict: 'caught', reasons: [], caughtBy: ['lifecycle: toHaveCompleteRun (rule 4) ×2'] });
    expect(row.projects.map((result) => [result.project, result.tests, result.failed.length])).toEqual([['chromium', 1, 1], ['firefox', 1, 1]]);
  });

  test('the message does not count: a test whose error reads like a rule but whose findings say timeout is weak', () => {
    const report = buildReport([failing('chromium', [TIMEOUT], 'Error: expect(received).toHaveCompleteRun(options)\nrule 4 (seq strictly increases with no gap), run r_1')]);
    expect(judgeFault(runOf('stall', ['chromium']), report, budgets, noFile).verdict).toBe('weak');
  });

  test('not caught when one browser passes: the row says which', () => {
    const row = judgeFault(runOf('stall'), buildReport([failing('chromium', [STUCK]), passing('firefox')]), budgets, noFile);
    expect(row).toMatchObject({ verdict: 'missed', reasons: ['firefox: no test failed'] });
  });

  test('weak when a browser fails with no finding of the product, and the table marks those as weak', () => {
    const row = judgeFault(runOf('xss'), buildReport([failing('chromium', [STUCK]), failing('firefox', [UNOWNED])]), budgets, noFile);
    expect(row).toMatchObject({ verdict: 'weak', reasons: ['firefox: failed, but no finding names a problem of the product (unowned: the spec)'] });
    expect(row.caughtBy).toEqual(['stuck-run: wait for the answer to "Hello" (rule 1)', 'unowned: the spec (weak)']);
    expect(judgeFault(runOf('xss', ['chromium']), buildReport([failing('chromium', [SET_UP])]), budgets, noFile).verdict).toBe('weak');
    expect(judgeFault(runOf('xss', ['chromium']), buildReport([failing('chromium', undefined)]), budgets, noFile)).toMatchObject({
      verdict: 'weak',
      reasons: ['chromium: failed, but no finding names a problem of the product (no findings attached)'],
    });
  });

  test('an error when a browser ran no test, or the run broke outside the tests', () => {
    expect(judgeFault(runOf('leak'), buildReport([failing('chromium', [TAP])]), budgets, noFile)).toMatchObject({ verdict: 'error', reasons: ['firefox: no test ran (does the selection match any test?)'] });
    expect(judgeFault(runOf('leak', ['chromium']), buildReport([], ['Error: No tests found']), budgets, noFile).verdict).toBe('error');
  });

  test("slow is caught by the gate's latency budget in every browser, however few runs, not by the tests", () => {
    const slow = (project: string, toStarted: number): TestSpec => ({ ...passing(project), attempts: [{ summary: { latencies: [{ runId: 'r', owner: 'alice', toStarted, toCompleted: toStarted * 4 }] } }] });
    const caught = judgeFault(runOf('slow:1250'), buildReport([slow('chromium', 1320), slow('firefox', 1350)]), budgets, noFile);
    expect(caught.verdict).toBe('caught');
    expect(caught.caughtBy).toEqual([
      'gate: chromium: message → agent_started (p95) p50 1320 ms, p95 of 1 run = max 1320 ms > 1000 ms, over ≥ 1 runs',
      'gate: chromium: message → agent_completed (p95) p50 5280 ms, p95 of 1 run = max 5280 ms > 5000 ms, over ≥ 1 runs',
      'gate: firefox: message → agent_started (p95) p50 1350 ms, p95 of 1 run = max 1350 ms > 1000 ms, over ≥ 1 runs',
      'gate: firefox: message → agent_completed (p95) p50 5400 ms, p95 of 1 run = max 5400 ms > 5000 ms, over ≥ 1 runs',
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
    const failed = judgeClean(runOf(undefined), buildReport([passing('chromium'), failing('firefox', [STUCK])]), budgets, noFile);
    expect(failed.verdict).toBe('false alarm');
    expect(failed.reasons[0]).toBe('firefox › chat.spec.ts › asking the agent › answer: stuck-run: wait for the answer to "Hello" (rule 1)');

    const unfinished = { ...passing('firefox'), attempts: [{ summary: { completeRuns: 0, incompleteRuns: ['r (alice)'] } }] };
    const gate = judgeClean(runOf(undefined), buildReport([passing('chromium'), unfinished]), budgets, noFile);
    expect(gate.verdict).toBe('false alarm');
    expect(gate.caughtBy).toEqual(['gate: agent runs complete']);
  });

  test('one slow run of a few is shown, not a false alarm: too few runs to judge', () => {
    const late = { ...passing('firefox'), attempts: [{ summary: { latencies: [{ runId: 'r', owner: 'alice', toStarted: 1500, toCompleted: 2000 }] } }] };
    expect(judgeClean(runOf(undefined), buildReport([passing('chromium'), late]), budgets, noFile).verdict).toBe('green');
  });
});
