import { expect, test } from '@playwright/test';
import { budgetsOf, judge, PRODUCT_SPECS, renderMarkdown, targetOf, type GateLine, type Verdict } from '../../tools/gate/verdict.ts';
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

test.describe('the release verdict', () => {
  test('a clean run in two browsers holds on every line, with latency per browser', () => {
    const verdict = judge(buildReport([passing('one'), passing('two'), passing('one', 'firefox'), { title: 'webkit only', status: 'skipped' }]), budgets);
    expect(failingChecks(verdict)).toEqual([]);
    expect(verdict.holds).toBe(true);
    expect(line(verdict, 'tests passed').measured).toBe('3 of 4');
    expect(line(verdict, 'tests skipped')).toMatchObject({ measured: '1', holds: true });
    expect(line(verdict, 'agent runs complete').measured).toBe('3 of 3');
    expect(line(verdict, 'chromium: message → agent_started (p95)')).toMatchObject({ measured: 'p50 120 ms, p95 120 ms (2 runs)', target: '≤ 1000 ms', holds: true });
    expect(line(verdict, 'firefox: message → agent_completed (p95)')).toMatchObject({ measured: 'p50 900 ms, p95 900 ms (1 run)', target: '≤ 5000 ms' });
  });

  test('a failed test fails the gate and is listed with its category and first line', () => {
    const verdict = judge(
      buildReport([
        passing('fine'),
        {
          title: 'tool card',
          status: 'unexpected',
          attempts: [{ error: '\u001b[31mError: rule 3 (each tool_executing has one tool_completed after it), run r-9: no tool_completed\u001b[39m\n    #4 received tool_executing' }],
        },
      ]),
      budgets,
    );
    expect(failingChecks(verdict)).toEqual(['tests failed']);
    expect(line(verdict, 'tests failed').details).toEqual([
      'chromium › chat.spec.ts › tool card [Product bug: lifecycle broken]: Error: rule 3 (each tool_executing has one tool_completed after it), run r-9: no tool_completed',
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
    const verdict = judge(
      buildReport([
        { title: 'tap robustness', attempts: [{ summary: { malformedFrames: 4, optedIn: { malformedFrames: true, foreignEvents: false } } }] },
        { title: 'leak probe', attempts: [{ summary: { foreignEvents: 2, optedIn: { malformedFrames: false, foreignEvents: true } } }] },
        { title: 'real leak', attempts: [{ summary: { foreignEvents: 1 } }] },
      ]),
      budgets,
    );
    expect(line(verdict, 'malformed frames')).toMatchObject({ measured: '0 (and 4 provoked on purpose by 1 opted-in test, not counted)', holds: true, details: [] });
    expect(line(verdict, 'foreign events')).toMatchObject({
      measured: '1 (and 2 provoked on purpose by 1 opted-in test, not counted)',
      holds: false,
      details: ['chromium › chat.spec.ts › real leak: 1'],
    });
  });

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
    expect(line(verdict, 'chromium: message → agent_started (p95)').measured).toBe('p50 100 ms, p95 2500 ms (20 runs)');
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
      buildReport([passing('one'), notCovered('reconnects', ['reconnect']), notCovered('reconnects idle', ['reconnect']), notCovered('tool card', ['tools']), { title: 'webkit only', status: 'skipped' }]),
      budgets,
    );
    expect(failingChecks(verdict)).toEqual([]);
    expect(line(verdict, 'tests skipped').measured).toBe('4');
    expect(line(verdict, 'not covered (features the target lacks)').measured).toBe('the target declares no reconnect (TARGET_FEATURES): 2; the target declares no tools (TARGET_FEATURES): 1');
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

  test('the Markdown shows the table, the verdict and the details of failing lines', () => {
    const verdict = judge(buildReport([passing('fine'), { title: 'a | b', status: 'unexpected', attempts: [{ error: 'Error: foreign event #3 received agent_started' }] }]), budgets);
    const markdown = renderMarkdown([{ target: 'reference app', source: 'reports/results.json', verdict }]);
    expect(markdown).toContain('# Release gate: FAILED');
    expect(markdown).toContain(`Judged from \`reports/results.json\`: ${verdict.lines.length - 1} of ${verdict.lines.length} lines hold.`);
    expect(markdown).toContain('| tests failed | 1 | 0 | **NO** |');
    expect(markdown).toContain('| chromium: message → agent_started (p95) | p50 120 ms, p95 120 ms (2 runs) | ≤ 1000 ms | yes |');
    expect(markdown).toContain('### reference app: tests failed (fails)\n\n- chromium › chat.spec.ts › a | b [Product bug: isolation leak]: Error: foreign event #3 received agent_started');
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
  });
});
