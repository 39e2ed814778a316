/**
 * Section "suite": the default e2e suite in Chromium (`playwright test --project=chromium`, the
 * suite's own config) at 1 and at 2 workers, timed from spawn to exit.
 */
import { runPlaywright, type ChildRun } from '../lib/child.ts';
import { seconds } from '../lib/stats.ts';
import type { Table } from '../lib/table.ts';
import type { SectionContext } from './context.ts';

export async function measureSuite(context: SectionContext, workerCounts: number[]): Promise<ChildRun[]> {
  const runs: ChildRun[] = [];
  for (const workers of workerCounts) {
    const run = await runPlaywright({ label: `suite-chromium-${workers}w`, args: ['--project=chromium', `--workers=${workers}`] });
    runs.push(run);
    context.log(`  ${workers} worker(s): ${seconds(run.wallMs)}, ${run.passed} passed, ${run.failed} failed, ${run.flaky} flaky`);
  }
  return runs;
}

export function suiteTable(runs: readonly ChildRun[]): Table {
  const atTwo = runs.find((run) => run.label.endsWith('-2w'));
  return {
    title: 'The default suite: `playwright test --project=chromium` (e2e specs, the suite\'s config)',
    columns: ['workers', 'wall', 'time in tests (sum)', 'passed', 'failed', 'flaky', 'skipped'],
    rows: runs.map((run) => [run.label.replace(/^suite-chromium-(\d+)w$/, '$1'), seconds(run.wallMs), seconds(run.testMs), String(run.passed), String(run.failed), String(run.flaky), String(run.skipped)]),
    notes: [
      'wall: from spawning `playwright test` to its exit (the app\'s start by webServer included); reporters: line and JSON (to a temporary file) instead of the config\'s, output in a temporary directory.',
      `goal: under 3 minutes at 2 workers: ${atTwo ? (atTwo.wallMs < 180_000 ? 'met' : 'MISSED') : 'not measured'}.`,
    ],
  };
}
