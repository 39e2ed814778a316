import { expect, test } from '@playwright/test';
import { PRODUCT_SPECS, type Finding } from '../../lib/contract/index.ts';
import { budgetsOf, judge, renderMarkdown, targetOf, type GateLine, type Verdict } from '../../tools/gate/verdict.ts';
import { notCoveredBecause, type TargetFeature } from '../../lib/config/features.ts';
import { buildReport, cleanSummary, type TestSpec } from '../reporting/build-report.ts';

const budgets = { startedMs: 1000, completedMs: 5000 };

const line = (verdict: Verdict, check: string): GateLine => {
  const found = verdict.lines.find((entry) => entry.check === check);
  if (!found) throw new Error(`no gate line "${check}" among: ${verdict.lines.map((entry) => entry.check).join(', ')}`);
  return found;
};

const failingChecks = (verdict: Verdict): string[] => verdict.lines.filter((entry) => !entry.holds).map((entry) => entry.check);

const passing = (title: string, project = 'chromium'): TestSpec => ({ title, project, describe: 'asking the agent' });

const RULE_3: Finding = { kind: 'lifecycle', check: 'toHaveCompleteRun', rules: [3], runs: [{ runId: 'r-9', user: 'alice' }], summary: '1 run: 0 incomplete runs, 1 violation' };
const TIMEOUT: Finding = { kind: 'timeout', check: 'test timeout', summary: 'the test ran out of its 45000 ms' };
const STUCK: Finding = { kind: 'stuck-run', check: 'wait for the answer to "Hello"', rules: [1], runs: [{ runId: 'r-2', user: 'alice' }], summary: "alice's run r-2 stuck after agent_thinking" };
const failed = (title: string, attempt: TestSpec['attempts'] extends (infer A)[] | undefined ? A : never): TestSpec => ({ title, status: 'unexpected', attempts: [attempt] });

test.describe('the release verdict', () => {
  test('a clean run in two browsers holds on every line, with latency per browser', () => {
    const verdict = judge(buildReport([passing('one'), passing('two'), passing('one', 'firefox'), { title: 'webkit only', status: 'skipped' }]), budgets);
    expect(failingChecks(verdict)).toEqual([]);
    expect(verdict.holds).toBe(true);
    expect(line(verdict, 'tests passed').measured).toBe('3 of 4');
    expect(line(verdict, 'tests skipped')).toMatchObject({ measured: '1', holds: true });
    expect(line(verdict, 'agent runs complete').measured).toBe('3 of 3');
    expect(line(verdict, 'chromium: message → agent_started (p95)')).toMatchObject({
      measured: 'p50 120 ms, p95 of 2 runs = max 120 ms: not enough runs to judge (2 < 20)',
      target: '≤ 1000 ms, over ≥ 20 runs',
      holds: true,
    });
    expect(line(verdict, 'firefox: message → agent_completed (p95)')).toMatchObject({ measured: 'p50 900 ms, p95 of 1 run = max 900 ms: not enough runs to judge (1 < 20)', target: '≤ 5000 ms, over ≥ 20 runs' });
  });

  test('a failed test fails the gate and is listed with the category and words of its main finding', () => {
    const verdict = judge(buildReport([passing('fine'), failed('tool card', { error: 'Error: expect(received).toHaveCompleteRun(options)', findings: [RULE_3] })]), budgets);
    expect(failingChecks(verdict)).toEqual(['tests failed']);
    expect(line(verdict, 'tests failed').details).toEqual(['chromium › chat.spec.ts › tool card [Product bug: lifecycle broken]: toHaveCompleteRun: 1 run: 0 incomplete runs, 1 violation']);
  });

  test('the category comes from the findings, never from the message: the product finding before the timeout', () => {
    const verdict = judge(
      buildReport([
        // The message speaks of a foreign event; the findings say the clock stopped a stuck run.
        failed('stuck', { error: 'Test timeout of 45000ms exceeded. foreign event rule 4', findings: [TIMEOUT, STUCK] }),
        failed('spec check', { error: 'Error: expect(locator).toHaveText(expected) failed', findings: [{ kind: 'unowned', check: 'the spec', summary: 'Error: expect(locator).toHaveText(expected) failed' }] }),
        failed('no findings', { error: 'Error: rule 3 (…) leaked' }),
        failed('broken findings', { error: 'Error: x', rawFindings: '[{"kind":"gremlin"}]' }),
      ]),
      budgets,
    );
    expect(line(verdict, 'tests failed').details).toEqual([
      `chromium › chat.spec.ts › stuck [Product bug: run never finished]: wait for the answer to "Hello": alice's run r-2 stuck after agent_thinking`,
      'chromium › chat.spec.ts › spec check [Test infrastructure: a spec check outside the suite]: the spec: Error: expect(locator).toHaveText(expected) failed',
      'chromium › chat.spec.ts › no findings [uncategorized: no chat-e2e-findings.json]: Error: rule 3 (…) leaked',
      expect.stringMatching(/^chromium › chat\.spec\.ts › broken findings \[uncategorized: chat-e2e-findings\.json: unexpected shape: 0\.kind .*\]: Error: x$/),
    ]);
  });

  test('a flaky test fails the gate, and the events of its failed attempt still count', () => {
    const verdict = judge(
      buildReport([
        passing('fine'),
        {
          title: 'reconnect',
          status: 'flaky',
          attempts: [
            { error: 'Test timeout of 45000ms exceeded.', status: 'timedOut', summary: { runs: 1, completeRuns: 0, incompleteRuns: ['run-7 (alice)'], latencies: [{ runId: 'run-7', owner: 'alice', toStarted: 80 }] } },
            {},
          ],
        },
      ]),
      budgets,
    );
    expect(failingChecks(verdict)).toEqual(['tests flaky', 'agent runs complete']);
    expect(line(verdict, 'agent runs complete')).toMatchObject({ measured: '2 of 3', details: ['chromium › chat.spec.ts › reconnect: incomplete run run-7 (alice)'] });
  });

  test('foreign events, malformed frames and lifecycle violations are summed over tests and named', () => {
    const verdict = judge(
      buildReport([
        { title: 'alice', attempts: [{ summary: { foreignEvents: 2 } }] },
        { title: 'bob', attempts: [{ summary: { foreignEvents: 1, malformedFrames: 3, lifecycleViolations: 1 } }] },
      ]),
      budgets,
    );
    expect(failingChecks(verdict)).toEqual(['lifecycle violations', 'foreign events', 'malformed frames']);
    expect(line(verdict, 'foreign events')).toMatchObject({ measured: '3', details: ['chromium › chat.spec.ts › alice: 2', 'chromium › chat.spec.ts › bob: 1'] });
    expect(line(verdict, 'malformed frames').measured).toBe('3');
  });

  test('frames a spec provokes on purpose (it opted in) are shown but not counted against the release', () => {
    const none = { malformedFrames: false, foreignEvents: false, lifecycleViolations: false };
    const verdict = judge(
      buildReport([
        { title: 'tap robustness', attempts: [{ summary: { malformedFrames: 4, optedIn: { ...none, malformedFrames: true } } }] },
        { title: 'leak probe', attempts: [{ summary: { foreignEvents: 2, optedIn: { ...none, foreignEvents: true } } }] },
        { title: 'real leak', attempts: [{ summary: { foreignEvents: 1 } }] },
        { title: 'two streams of a run', attempts: [{ summary: { lifecycleViolations: 6, optedIn: { ...none, lifecycleViolations: true } } }] },
      ]),
      budgets,
    );
    expect(line(verdict, 'lifecycle violations')).toMatchObject({ measured: '0 (and 6 provoked on purpose by 1 opted-in test, not counted)', holds: true });
    expect(line(verdict, 'malformed frames')).toMatchObject({ measured: '0 (and 4 provoked on purpose by 1 opted-in test, not counted)', holds: true, details: [] });
    expect(line(verdict, 'foreign events')).toMatchObject({
      measured: '1 (and 2 provoked on purpose by 1 opted-in test, not counted)',
      holds: false,
      details: ['chromium › chat.spec.ts › real leak: 1'],
    });
  });

});

test.describe('the release verdict: latency', () => {
  test('p95 over budget fails only the latency line of that browser and event', () => {
    const slow = Array.from({ length: 20 }, (_, n) => ({ runId: `run-${n}`, owner: 'alice', toStarted: n < 18 ? 100 : 2500, toCompleted: 1000 }));
    const verdict = judge(
      buildReport([
        { title: 'many runs', attempts: [{ summary: cleanSummary({ runs: 20, completeRuns: 20, latencies: slow }) }] },
        { title: 'fast', project: 'firefox' },
      ]),
      budgets,
    );
    // Nearest rank: the 95th percentile of 20 values is the 19th smallest, one of the two slow ones.
    expect(failingChecks(verdict)).toEqual(['chromium: message → agent_started (p95)']);
    expect(line(verdict, 'chromium: message → agent_started (p95)').measured).toBe('p50 100 ms, p95 of 20 runs 2500 ms');
  });

  test('fewer runs than the minimum: the slowest is shown, says it is the max, and holds until enough runs judge it', () => {
    const latencies = [100, 120, 2500].map((toStarted, n) => ({ runId: `run-${n}`, owner: 'alice', toStarted, toCompleted: 1000 }));
    const report = buildReport([{ title: 'three runs', attempts: [{ summary: cleanSummary({ runs: 3, completeRuns: 3, latencies }) }] }]);
    expect(line(judge(report, budgets), 'chromium: message → agent_started (p95)')).toMatchObject({
      measured: 'p50 120 ms, p95 of 3 runs = max 2500 ms: not enough runs to judge (3 < 20)',
      holds: true,
    });
    expect(line(judge(report, { ...budgets, minRuns: 3 }), 'chromium: message → agent_started (p95)')).toMatchObject({
      measured: 'p50 120 ms, p95 of 3 runs = max 2500 ms',
      target: '≤ 1000 ms, over ≥ 3 runs',
      holds: false,
    });
  });

  test('a browser whose runs have no measured latency fails its latency lines instead of passing empty', () => {
    const verdict = judge(buildReport([{ title: 'no message frame', attempts: [{ summary: { latencies: [{ runId: 'r', owner: 'alice' }] } }] }]), budgets);
    expect(line(verdict, 'chromium: message → agent_started (p95)')).toMatchObject({ measured: 'no run measured', holds: false });
    expect(line(verdict, 'chromium: message → agent_started (p95)').details).toEqual([
      'none of the 1 runs in chromium reached agent_started after a user message found on its socket, so the time to agent_started is unknown',
    ]);
    const noRuns = judge(buildReport([{ title: 'no run', attempts: [{ summary: { runs: 0, completeRuns: 0, latencies: [] } }] }]), budgets);
    expect(line(noRuns, 'chromium: message → agent_completed (p95)').details).toEqual(['no agent run was seen in chromium, so the time to agent_completed is unknown']);
  });

});

test.describe('the release verdict: what it judges and how it reads summaries', () => {
  test("judges the product specs only: the suite's self-tests (project unit) are left out, and the table says so", () => {
    // A passing self-test that provokes an incomplete run and foreign events on purpose, as tests/fixtures/ does.
    const selfTest: TestSpec = { title: 'a provoked incomplete run', project: 'unit', attempts: [{ summary: { completeRuns: 0, incompleteRuns: ['run-1 (alice)'], foreignEvents: 2 } }] };
    const projects = [{ name: 'unit' }, { name: 'chromium', metadata: PRODUCT_SPECS }];
    const verdict = judge(buildReport([passing('one'), selfTest], [], projects), budgets);
    expect(failingChecks(verdict)).toEqual([]);
    expect(line(verdict, 'projects judged').measured).toBe('chromium (left out, not product specs: unit)');
    expect(verdict.lines.map((entry) => entry.check)).not.toContain('unit: message → agent_started (p95)');
    // A config that marks no project: every project is judged, the self-test's provoked findings with it.
    const unmarked = judge(buildReport([passing('one'), selfTest], [], [{ name: 'unit' }, { name: 'chromium' }]), budgets);
    expect(failingChecks(unmarked)).toEqual(['agent runs complete', 'foreign events']);
    expect(line(unmarked, 'projects judged').target).toBe('every project (the config marks no project as product specs)');
  });

  test('specs of a feature the target lacks are counted as not covered, per reason, and gate nothing', () => {
    const notCovered = (title: string, features: TargetFeature[]): TestSpec => ({ title, status: 'skipped', annotations: [{ type: 'skip', description: notCoveredBecause(features) }] });
    const verdict = judge(
      buildReport([passing('one'), notCovered('reconnects', ['reconnect']), notCovered('reconnects idle', ['reconnect']), notCovered('history', ['history']), { title: 'webkit only', status: 'skipped' }]),
      budgets,
    );
    expect(failingChecks(verdict)).toEqual([]);
    expect(line(verdict, 'tests skipped').measured).toBe('4');
    expect(line(verdict, 'not covered (features the target lacks)').measured).toBe('the target declares no reconnect (TARGET_FEATURES): 2; the target declares no history (TARGET_FEATURES): 1');
    expect(line(judge(buildReport([passing('one')]), budgets), 'not covered (features the target lacks)').measured).toBe('none');
  });

  test('a report with no event summary at all cannot pass: nothing was measured', () => {
    const verdict = judge(buildReport([{ title: 'only skipped', status: 'skipped' }]), budgets);
    expect(failingChecks(verdict)).toEqual(['tests passed', 'event summaries (agent-events.json)', 'agent runs complete']);
    expect(line(verdict, 'event summaries (agent-events.json)').details).toEqual(['no test attached agent events: nothing below was measured']);
  });

  test('errors outside tests (a web server that did not start) fail the gate', () => {
    const verdict = judge(buildReport([passing('fine')], ['\u001b[31mError: Timed out waiting 60000ms from config.webServer.\u001b[39m\nmore']), budgets);
    expect(line(verdict, 'errors outside tests')).toMatchObject({ measured: '1', holds: false, details: ['Error: Timed out waiting 60000ms from config.webServer.'] });
  });

  test('a summary attached by path is read through the given reader; one that cannot be read is named', () => {
    const files = new Map([['/results/a/agent-events.json', Buffer.from(JSON.stringify(cleanSummary({ foreignEvents: 4 })))]]);
    const report = buildReport([
      { title: 'by path', attempts: [{ summaryPath: '/results/a/agent-events.json' }] },
      { title: 'gone', attempts: [{ summaryPath: '/results/b/agent-events.json' }] },
    ]);
    const verdict = judge(report, budgets, (file) => files.get(file));
    expect(line(verdict, 'foreign events').measured).toBe('4');
    expect(line(verdict, 'event summaries (agent-events.json)')).toMatchObject({
      measured: '1 read, 1 unreadable',
      holds: false,
      details: ['chromium › chat.spec.ts › gone (attempt 1): cannot read /results/b/agent-events.json'],
    });
    expect(judge(report, budgets).lines.find((entry) => entry.check.startsWith('event summaries'))?.measured).toBe('0 read, 2 unreadable');
  });

  test('a summary written before lifecycle opt-ins existed still reads, as not opted in', () => {
    const { optedIn, ...older } = cleanSummary({ lifecycleViolations: 2 });
    const verdict = judge(buildReport([{ title: 'old', attempts: [{ rawSummary: JSON.stringify({ ...older, optedIn: { malformedFrames: optedIn.malformedFrames, foreignEvents: optedIn.foreignEvents } }) }] }]), budgets);
    expect(line(verdict, 'event summaries (agent-events.json)').holds).toBe(true);
    expect(line(verdict, 'lifecycle violations')).toMatchObject({ measured: '2', holds: false });
  });

  test('a summary that is not JSON, or not the expected shape, is unreadable, not zero', () => {
    const verdict = judge(
      buildReport([
        { title: 'broken', attempts: [{ rawSummary: '{"runs": ' }] },
        { title: 'renamed', attempts: [{ rawSummary: JSON.stringify({ ...cleanSummary(), foreignEvents: undefined, foreign: 0 }) }] },
      ]),
      budgets,
    );
    const details = line(verdict, 'event summaries (agent-events.json)').details;
    expect(details[0]).toMatch(/broken \(attempt 1\): not JSON/);
    expect(details[1]).toMatch(/renamed \(attempt 1\): unexpected shape: foreignEvents/);
  });

});

test.describe('the release verdict: its tables', () => {
  test('the Markdown shows the table, the verdict and the details of failing lines', () => {
    const leak: Finding = { kind: 'isolation', check: 'event tap', runs: [{ runId: 'r-3', user: 'bob' }], summary: '1 foreign event' };
    const verdict = judge(buildReport([passing('fine'), failed('a | b', { error: 'Error: The event tap saw what no test may see', findings: [leak] })]), budgets);
    const markdown = renderMarkdown([{ target: 'reference app', source: 'reports/results.json', verdict }]);
    expect(markdown).toContain('# Release gate: FAILED');
    expect(markdown).toContain(`Judged from \`reports/results.json\`: ${verdict.lines.length - 1} of ${verdict.lines.length} lines hold.`);
    expect(markdown).toContain('| tests failed | 1 | 0 | **NO** |');
    expect(markdown).toContain('| chromium: message → agent_started (p95) | p50 120 ms, p95 of 2 runs = max 120 ms: not enough runs to judge (2 < 20) | ≤ 1000 ms, over ≥ 20 runs | yes |');
    expect(markdown).toContain('### reference app: tests failed (fails)\n\n- chromium › chat.spec.ts › a | b [Product bug: isolation leak]: event tap: 1 foreign event');
  });

  test('a table per target, and the release fails when one target fails', () => {
    const green = judge(buildReport([passing('fine')]), budgets);
    const red = judge(buildReport([{ title: 'lost', status: 'unexpected', attempts: [{ error: 'Error: expected "done"' }] }]), budgets);
    const markdown = renderMarkdown([
      { target: 'reference app', source: 'reports/results.json', verdict: green },
      { target: 'ai-sdk-chat', source: 'reports/results-ai-sdk-chat.json', verdict: red },
    ]);
    expect(markdown).toContain('# Release gate: FAILED');
    expect(markdown).toContain(`| reference app | \`reports/results.json\` | ${green.lines.length} of ${green.lines.length} | passed |`);
    expect(markdown).toMatch(/\| ai-sdk-chat \| `reports\/results-ai-sdk-chat\.json` \| \d+ of \d+ \| \*\*FAILED\*\* \|/);
    expect(markdown).toContain('## reference app: passed');
    expect(markdown).toContain('## ai-sdk-chat: FAILED');
  });

  test('a report names its target in the config metadata, else it is known by its file', () => {
    const report = buildReport([passing('fine')]);
    expect(targetOf(report, 'reports/results.json')).toBe('reports/results.json');
    expect(targetOf({ ...report, config: { ...report.config, metadata: { target: 'ag-ui-chat' } } }, 'reports/results.json')).toBe('ag-ui-chat');
  });

  test("a report's own budgets judge it; one that has none is judged by the configuration's", () => {
    const report = buildReport([passing('fine')]);
    expect(budgetsOf(report, budgets)).toEqual(budgets);
    expect(budgetsOf({ ...report, config: { ...report.config, metadata: { budgets: { startedMs: 200, completedMs: 900 } } } }, budgets)).toEqual({ startedMs: 200, completedMs: 900 });
    expect(budgetsOf(report, { ...budgets, minRuns: 5 })).toEqual({ ...budgets, minRuns: 5 });
    expect(budgetsOf({ ...report, config: { ...report.config, metadata: { budgets: { startedMs: 200, completedMs: 900 } } } }, { ...budgets, minRuns: 5 })).toEqual({ startedMs: 200, completedMs: 900, minRuns: 5 });
  });
});
