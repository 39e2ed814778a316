/**
 * The sign-in set-up project: every account of TEST_USERS signs in once, before any test, and
 * its state is saved for the tests to reuse (each parallel worker takes its own accounts). A
 * refused account stops the run here, with every bad account named and what to do.
 */
import type { Browser } from '@playwright/test';
import type { SuiteConfig } from '../config/env.ts';
import type { TestUser } from '../events/types.ts';
import { test as setup } from '../../fixtures/config.ts';
import { applyState, saveState, stateFileOf, staleStateReason } from './saved-state.ts';
import { opensChat, signIn } from './sign-in.ts';

/** Accounts signed in at once: enough to be quick, few enough not to look like an attack. */
const AT_ONCE = 4;
/** Time for one batch of sign-ins through the screen on a busy 2-core machine (measured 11-13 s). */
const BATCH_TIMEOUT_MS = 20_000;

async function prepare(account: TestUser, browser: Browser, config: SuiteConfig, stateFile: string, baseURL: string | undefined): Promise<void> {
  const context = await browser.newContext({ baseURL });
  try {
    const page = await context.newPage();
    if (config.AUTH === 'storage-state') {
      const stale = staleStateReason(stateFile);
      if (stale) throw new Error(`${account.name}: ${stale}`);
      await applyState(context, stateFile);
      if (!(await opensChat(page))) throw new Error(`${account.name}: the state in ${stateFile} has expired: the product shows its sign-in screen`);
      return;
    }
    const id = await signIn(account, context, page, config);
    // Where sign-in went through the API, the page opens the product so that its storage is saved too.
    if (config.AUTH === 'api') await page.goto('/');
    await saveState(context, page, stateFile, id);
  } finally {
    await context.close();
  }
}

setup('every test account signs in once and its state is saved', async ({ browser, suiteConfig, baseURL }, testInfo) => {
  const accounts = suiteConfig.TEST_USERS ?? [];
  setup.setTimeout(30_000 + Math.ceil(accounts.length / AT_ONCE) * BATCH_TIMEOUT_MS);
  const problems: { at: number; problem: string }[] = [];
  for (let start = 0; start < accounts.length; start += AT_ONCE) {
    await Promise.all(
      accounts.slice(start, start + AT_ONCE).map((account, offset) =>
        setup.step(`sign in ${account.name}`, async () => {
          await prepare(account, browser, suiteConfig, stateFileOf(suiteConfig, testInfo.project.outputDir, account.name), baseURL).catch((error: unknown) => {
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
