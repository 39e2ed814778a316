/**
 * The sign-in set-up project: every account of TEST_USERS signs in once, before any test, and
 * its state is saved for the tests to reuse (each parallel worker takes its own accounts). A
 * refused account stops the run here, with every bad account named and what to do.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { PageObjects } from '../../pages/contract.ts';
import type { SuiteConfig } from '../config/env.ts';
import type { TestUser } from '../events/types.ts';
import { test as setup } from '../../fixtures/page-objects.ts';
import { byDeadline } from '../process/deadline.ts';
import { applyState, saveState, stateFileOf, staleStateReason } from './saved-state.ts';
import { notSignedIn, signIn, whatOpens, whatThePageShows } from './sign-in.ts';

/**
 * One account's sign-in, bounded by SIGN_IN_TIMEOUT_MS: a product whose page takes long to hydrate,
 * or whose screens the page objects do not find, is named with the account, the setting and what
 * its page shows then (`seen`), not met with a bare test timeout.
 */
async function withinTime(account: TestUser, config: SuiteConfig, work: Promise<void>, seen: () => Promise<string>): Promise<void> {
  try {
    await byDeadline(work, config.SIGN_IN_TIMEOUT_MS, async () => {
      throw new Error(`${account.name}: did not sign in within ${config.SIGN_IN_TIMEOUT_MS} ms (SIGN_IN_TIMEOUT_MS; ${config.SIGN_IN_AT_ONCE} accounts at once, SIGN_IN_AT_ONCE); the page shows ${await seen()}`);
    });
  } finally {
    // The abandoned sign-in fails once its context closes: nobody waits for it any more.
    work.catch(() => undefined);
  }
}

/** What signing an account in needs: the worker's browser, the suite's config, the target's screens. */
interface SignInNeeds {
  browser: Browser;
  config: SuiteConfig;
  screens: PageObjects;
  baseURL: string | undefined;
}

async function prepare(account: TestUser, { browser, config, screens, baseURL }: SignInNeeds, stateFile: string): Promise<void> {
  const context = await browser.newContext({ baseURL });
  try {
    const page = await context.newPage();
    await withinTime(account, config, signInAndSave(account, { context, page, config, screens }, stateFile), () => whatThePageShows(page, screens));
  } finally {
    await context.close();
  }
}

/** What one account's sign-in does in its own context: sign in as AUTH says (or check the saved state), then save the state. */
async function signInAndSave(account: TestUser, { context, page, config, screens }: { context: BrowserContext; page: Page; config: SuiteConfig; screens: PageObjects }, stateFile: string): Promise<void> {
  if (config.AUTH === 'storage-state') {
    const stale = staleStateReason(stateFile);
    if (stale) throw new Error(`${account.name}: ${stale}`);
    await applyState(context, stateFile);
    const opened = await whatOpens(page, screens);
    if (opened !== 'chat') throw new Error(`${account.name}: the state in ${stateFile} has expired: ${notSignedIn(opened, page)}`);
    return;
  }
  const id = await signIn(account, context, page, config, screens);
  // Where sign-in went through the API, the page opens the product so that its storage is saved too.
  if (config.AUTH === 'api') await page.goto('/');
  await saveState(context, page, stateFile, id);
}

setup('every test account signs in once and its state is saved', async ({ browser, suiteConfig, pageObjects, baseURL }, testInfo) => {
  const accounts = suiteConfig.TEST_USERS ?? [];
  const atOnce = suiteConfig.SIGN_IN_AT_ONCE;
  // Each batch ends by its accounts' own deadline; the test's is a backstop (closing what is left).
  setup.setTimeout(30_000 + Math.ceil(accounts.length / atOnce) * (suiteConfig.SIGN_IN_TIMEOUT_MS + 5_000));
  const problems: { at: number; problem: string }[] = [];
  for (let start = 0; start < accounts.length; start += atOnce) {
    await Promise.all(
      accounts.slice(start, start + atOnce).map((account, offset) =>
        setup.step(`sign in ${account.name}`, async () => {
          const work = prepare(account, { browser, config: suiteConfig, screens: pageObjects, baseURL }, stateFileOf(suiteConfig, testInfo.project.outputDir, account.name));
          await work.catch((error: unknown) => {
            problems.push({ at: start + offset, problem: (error as Error).message.split('\n')[0] ?? String(error) });
          });
        }),
      ),
    );
  }
  if (problems.length > 0) {
    const remedy =
      suiteConfig.AUTH === 'storage-state'
        ? `save each state again (npx playwright codegen --save-storage=${suiteConfig.STORAGE_STATE_DIR}/<name>.json ${baseURL ?? '<BASE_URL>'}) and run again`
        : 'fix the accounts in TEST_USERS (name:password) or create them in the product, and run again';
    throw new Error(`No test ran: ${problems.length} of ${accounts.length} test accounts could not sign in (AUTH=${suiteConfig.AUTH}, ${baseURL ?? ''}):\n  - ${problems.sort((a, b) => a.at - b.at).map(({ problem }) => problem).join('\n  - ')}\nTo do: ${remedy}.`);
  }
});
