import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { freePort } from '../../lib/process/free-port.ts';
import { runChildSuite, type ChildRunResult } from '../support/child-run.ts';

/**
 * A run whose test account cannot sign in stops in the sign-in set-up project, before any test:
 * a child `playwright test` against the embedded reference app, which knows no such account.
 */
const runWithAccount = async (auth: 'api' | 'ui'): Promise<ChildRunResult> =>
  runChildSuite(`sign-in-${auth}`, ['--project=chromium', '--grep', '@smoke'], {
    AUTH: auth,
    USER_SOURCE: 'env',
    TEST_USERS: 'ghost:not-the-password',
    BASE_URL: '',
    CHAT_E2E_APP_PORT: String(await freePort()),
  });

test.describe('a test account that cannot sign in', () => {
  test.describe.configure({ mode: 'parallel' });
  test.setTimeout(120_000);

  const expectStoppedBeforeAnyTest = ({ report, exitCode }: ChildRunResult) => {
    expect(exitCode, 'the run fails').toBe(1);
    expect(report.stats.unexpected, 'only the set-up failed').toBe(1);
    expect(report.stats.expected, 'no test passed').toBe(0);
    expect(report.stats.skipped, 'the product specs did not run').toBeGreaterThan(0);
  };

  test('through the API (AUTH=api): the run stops naming the account and quoting the product\'s answer', async () => {
    const run = await runWithAccount('api');
    expectStoppedBeforeAnyTest(run);
    expect(run.output).toContain('No test ran: 1 of 1 test accounts could not sign in (AUTH=api');
    expect(run.output).toContain('ghost could not sign in: POST /api/login answered 401: {"error":"Wrong username or password"}. Check the account in TEST_USERS');
  });

  test('through page objects that do not find its screens: the run stops in SIGN_IN_TIMEOUT_MS, naming the account and what the page shows', async () => {
    const run = await runChildSuite('sign-in-unfound', ['--project=chromium', '--grep', '@smoke'], {
      AUTH: 'ui',
      USER_SOURCE: 'env',
      TEST_USERS: 'qa-01:a-password',
      BASE_URL: '',
      CHAT_E2E_APP_PORT: String(await freePort()),
      PAGE_OBJECTS: fileURLToPath(new URL('../support/page-objects/unfound-sign-in.ts', import.meta.url)),
      SIGN_IN_TIMEOUT_MS: '3000',
    });
    expectStoppedBeforeAnyTest(run);
    expect(run.output).toMatch(
      /qa-01: did not sign in within 3000 ms \(SIGN_IN_TIMEOUT_MS; 4 accounts at once, SIGN_IN_AT_ONCE\); the page shows neither the chat nor the sign-in screen at http:\/\/127\.0\.0\.1:\d+\/: do the page objects \(PAGE_OBJECTS, else pages\/\) find this product's screens\?/,
    );
  });

  test('through the sign-in screen (AUTH=ui): the run stops naming the account and what the screen said', async () => {
    const run = await runWithAccount('ui');
    expectStoppedBeforeAnyTest(run);
    expect(run.output).toContain('No test ran: 1 of 1 test accounts could not sign in (AUTH=ui');
    expect(run.output).toMatch(/ghost could not sign in through the sign-in screen, which said: "Wrong username or password\.?"/);
  });
});
