import { expect, test } from '@playwright/test';
import { groupRuns } from '../../lib/events/runs.ts';
import { explainUnfinished } from '../../lib/events/unfinished-run.ts';
import { record, T0, userMessage, wireRun, withFields } from '../support/frames.ts';

const WAIT = { waitedFor: 'the answer to "calculate 6*7"', waitedMs: 5000, user: 'alice' };

test.describe('a wait on the agent that ran out names the run behind it', { tag: '@unit' }, () => {
  test('a run that never ended: its id, its last event with the tool, how long ago, rule 1', () => {
    const run = wireRun({ runId: 'run-7' });
    const stuck = run.slice(0, run.findIndex((envelope) => envelope.type === 'tool_completed'));
    const runs = groupRuns(record([userMessage('calculate 6*7'), ...stuck], { startAt: T0 }));
    const lastAt = runs[0]?.frames.at(-1)?.at ?? T0;
    const { message, finding } = explainUnfinished({ ...WAIT, runs, now: lastAt + 12_300 });
    expect(message.split('\n')[0]).toBe(
      'alice\'s run run-7 is stuck: its last event, tool_executing (calculator), came 12.3 s ago, and no agent_completed or agent_error ended it (rule 1); the answer to "calculate 6*7" did not finish within 5000 ms',
    );
    expect(finding).toEqual({ kind: 'stuck-run', check: 'wait for the answer to "calculate 6*7"', rules: [1], runs: [{ runId: 'run-7', user: 'alice' }], summary: 'alice\'s run run-7 stuck after tool_executing (calculator)' });
  });

  test('no run at all: the agent never started', () => {
    const { message, finding } = explainUnfinished({ ...WAIT, runs: groupRuns(record([userMessage('calculate 6*7')])), now: T0 });
    expect(message).toMatch(/^alice's agent never started: .* no agent_started reached alice's page/);
    expect(finding.kind).toBe('stuck-run');
    expect(finding.runs).toEqual([]);
  });

  test('a run that ended while the screen never showed it: a screen finding (rule 6), not a stuck run', () => {
    const runs = groupRuns(record(wireRun({ runId: 'run-8' }), { startAt: T0 }));
    const { message, finding } = explainUnfinished({ ...WAIT, runs, now: T0 + 60_000 });
    expect(message).toMatch(/^alice's run run-8 completed \(agent_completed\) [\d.]+ s ago, but the screen did not show the answer/);
    expect(finding).toMatchObject({ kind: 'ui', rules: [6] });
  });

  test('a run that failed says so as a failed run', () => {
    const run = wireRun({ runId: 'run-9', tools: [] });
    const failed = [...run.slice(0, -1), ...withFields(run.slice(-1), { type: 'agent_error', data: { message: 'model overloaded' } })];
    const { message } = explainUnfinished({ ...WAIT, runs: groupRuns(record(failed)), now: T0 + 1000 });
    expect(message).toMatch(/^alice's run run-9 failed \(agent_error: "model overloaded"\)/);
  });
});
