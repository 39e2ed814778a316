/**
 * `npm run flake-hunt`'s judgement of a repeated run's JSON report: which tests failed, in how
 * many of their runs, and with what first error line.
 */
import { expect, test } from '@playwright/test';
import { renderHunt, summarizeHunt } from '../../tools/flakes/hunt.ts';
import { buildReport } from '../reporting/build-report.ts';

const RED = '\u001b[31m';
const RESET = '\u001b[39m';

/** Three repeats of one chat test in Chromium (one failed) and in Firefox (all passed), two timed-out tools runs. */
const hunted = () => {
  const report = buildReport([
    { title: 'answers', describe: 'chat', project: 'chromium' },
    { title: 'answers', describe: 'chat', project: 'chromium', attempts: [{ error: `${RED}Error: expect(locator).toHaveText(expected) failed${RESET}\n\nLocator: getByTestId('answer')\nExpected: "42"` }] },
    { title: 'answers', describe: 'chat', project: 'chromium' },
    { title: 'answers', describe: 'chat', project: 'firefox' },
    { title: 'answers', describe: 'chat', project: 'firefox' },
    { title: 'answers', describe: 'chat', project: 'firefox' },
    { title: 'a | b', file: 'tools.spec.ts', attempts: [{ status: 'timedOut', error: '\n  Test timeout of 45000ms exceeded.' }] },
    { title: 'a | b', file: 'tools.spec.ts', attempts: [{ status: 'timedOut' }] },
    { title: 'later', file: 'tools.spec.ts', status: 'skipped' },
    { title: 'stopped', file: 'tools.spec.ts', attempts: [{ status: 'interrupted' }] },
    { title: 'known bug', file: 'tools.spec.ts' },
  ]);
  // `known bug` is marked test.fail(): its passing is the failure.
  const knownBug = report.suites.find((suite) => suite.title === 'tools.spec.ts')?.specs.find((spec) => spec.title === 'known bug')?.tests[0];
  if (knownBug) knownBug.expectedStatus = 'failed';
  return report;
};

test.describe('flake hunt', () => {
  test('counts the runs of each test over its repeats and lists those that ever failed', () => {
    const summary = summarizeHunt(hunted());

    expect(summary).toMatchObject({ tests: 6, runs: 9, failedRuns: 4, skipped: 1, globalErrors: [] });
    expect(summary.failing).toEqual([
      { project: 'chromium', title: 'tools.spec.ts › a | b', runs: 2, failed: 2, firstError: 'Test timeout of 45000ms exceeded.' },
      { project: 'chromium', title: 'chat.spec.ts › chat › answers', runs: 3, failed: 1, firstError: 'Error: expect(locator).toHaveText(expected) failed' },
      { project: 'chromium', title: 'tools.spec.ts › known bug', runs: 1, failed: 1, firstError: 'status passed, expected failed' },
    ]);
  });

  test('renders a table that tells a flaky test from a broken one', () => {
    const markdown = renderHunt(summarizeHunt(hunted()), { command: 'npx playwright test --repeat-each=3', seconds: 90 });

    expect(markdown).toContain('3 of 6 tests failed at least once: 4 of 9 runs failed.');
    expect(markdown).toContain('| chat.spec.ts › chat › answers | chromium | 1 of 3 | flaky | Error: expect(locator).toHaveText(expected) failed |');
    expect(markdown).toContain('| tools.spec.ts › a \\| b | chromium | 2 of 2 | fails every run | Test timeout of 45000ms exceeded. |');
    expect(markdown).toContain('1.5 min, 1 skipped run');
  });

  test('says so when nothing failed, and names errors outside any test', () => {
    const clean = summarizeHunt(buildReport([{ title: 'answers' }, { title: 'answers' }]));
    expect(renderHunt(clean, { command: 'x', seconds: 6 })).toContain('No failure: 1 test, 2 runs, all passed.');

    const broken = summarizeHunt(buildReport([], [`${RED}Error: Timed out waiting 60000ms from config.webServer.${RESET}`]));
    expect(broken.globalErrors).toEqual(['Error: Timed out waiting 60000ms from config.webServer.']);
    expect(renderHunt(broken, { command: 'x', seconds: 60 })).toContain('Errors outside any test:\n- Error: Timed out waiting 60000ms from config.webServer.');
  });
});
