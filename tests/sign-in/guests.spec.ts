import { expect, test } from '@playwright/test';
import { freePort } from '../../lib/process/free-port.ts';
import { runChildSuite } from '../support/child-run.ts';

/**
 * USER_SOURCE=guests against a product that does not make visitors guests (the reference app
 * shows them its sign-in screen): a child `playwright test` whose chat test stops saying so,
 * rather than timing out or passing as somebody.
 */
test.describe('guests (USER_SOURCE=guests)', () => {
  test.setTimeout(120_000);

  test('a product that shows a new visitor its sign-in screen stops the test, naming the user source', async () => {
    const run = await runChildSuite('guests-refused', ['--project=chromium', '--grep', 'the answer streams in, finishes'], {
      USER_SOURCE: 'guests',
      BASE_URL: '',
      CHAT_E2E_APP_PORT: String(await freePort()),
    });
    expect(run.exitCode, 'the run fails').toBe(1);
    expect(run.report.stats.unexpected, 'the chat test failed').toBe(1);
    expect(run.output).toMatch(
      /guest-w0-1's chat did not open: the product did not make the new visitor a guest \(USER_SOURCE=guests\): a product that asks visitors to sign in needs USER_SOURCE=register or env; the product shows its sign-in screen at http:\/\/127\.0\.0\.1:\d+\//,
    );
  });
});
