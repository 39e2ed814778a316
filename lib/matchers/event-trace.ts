/**
 * `expect(events.runsOf(user)).toMatchEventTrace('two-tools')`: the runs' trace (lib/events/event-trace.ts)
 * against the approved one, through Playwright's own text snapshots: stored beside the spec per
 * product (`<spec>-traces/<product>/<name>.trace.txt`, the product projects' snapshotPathTemplate),
 * approved with `--update-snapshots`, shown as a diff on failure (the frames are attached by the
 * event report at the test's end).
 */
import { existsSync, readFileSync } from 'node:fs';
import { expect as baseExpect, test, type ExpectMatcherState, type MatcherReturnType } from '@playwright/test';
import { productKey } from '../config/load.ts';
import { recordFinding, withdrawFinding, type Finding } from '../contract/index.ts';
import { renderEventTrace, traceProblem } from '../events/event-trace.ts';
import { groupRuns, type Run } from '../events/runs.ts';
import type { RecordedFrame } from '../events/types.ts';

const NAME = /^[\w-]+$/;

export const eventTraceMatchers = {
  toMatchEventTrace(this: ExpectMatcherState, received: readonly RecordedFrame[] | readonly Run[], name: string): MatcherReturnType {
    const testInfo = test.info();
    const key = 'matcher toMatchEventTrace';
    const fail = (message: string, finding?: Finding): MatcherReturnType => {
      if (finding !== undefined) recordFinding(testInfo, finding, key);
      return { pass: false, name: 'toMatchEventTrace', message: () => message };
    };
    if (!NAME.test(name)) return fail(`toMatchEventTrace: the trace's name must be letters, digits, _ or - (it names a file), got ${JSON.stringify(name)}`);
    if (this.isNot) return fail('toMatchEventTrace: .not is not supported (a trace either matches the approved one or shows its diff)');
    const runs = received.length > 0 && received.every((item) => 'events' in item) ? [...received] : groupRuns(received as readonly RecordedFrame[]);
    const segments = [productKey(), `${name}.trace.txt`];
    const stored = testInfo.snapshotPath(...segments);
    if (existsSync(stored)) {
      const problem = traceProblem(readFileSync(stored, 'utf8'));
      if (problem !== undefined) {
        const summary = `${stored} is not an event trace the suite wrote: ${problem}`;
        return fail(`toMatchEventTrace: ${summary}. Delete it and approve a new one with --update-snapshots.`, { kind: 'set-up', check: 'toMatchEventTrace', summary });
      }
    }
    try {
      baseExpect(renderEventTrace(runs), `the event trace "${name}" of ${segments[0] ?? ''}`).toMatchSnapshot(segments);
    } catch (error) {
      const finding: Finding = { kind: 'trace', check: 'toMatchEventTrace', runs: runs.map((run) => ({ runId: run.runId })), summary: `the runs differ from the approved trace "${name}"` };
      return fail(`toMatchEventTrace: the runs differ from the approved trace ${stored} (approve the change with --update-snapshots):\n${(error as Error).message}`, finding);
    }
    withdrawFinding(testInfo, key);
    return { pass: true, name: 'toMatchEventTrace', message: () => `the runs match the approved trace ${stored}` };
  },
};
