import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startTargetCommand } from '../../lib/process/app-process.ts';
import { freePort } from '../../lib/process/free-port.ts';
import { runChildSuite, type ChildRunResult } from '../support/child-run.ts';

/**
 * AUTH=storage-state against a product that keeps its session as a token in localStorage
 * (examples/ag-ui-chat, started here on a port of its own): states written as a person's
 * `codegen --save-storage` would write them, one with a token the product issued, one with a token
 * it never did (an expired state).
 */
const TARGET = 'targets/examples/ag-ui-chat';
const ACCOUNTS = 'qa-01:qa-01-secret,qa-02:qa-02-secret';

test.describe('states a person saved (AUTH=storage-state)', () => {
  test.describe.configure({ mode: 'serial' });
  test.setTimeout(150_000);

  let product: Awaited<ReturnType<typeof startTargetCommand>> | undefined;

  test.beforeAll(async () => {
    const port = await freePort();
    product = await startTargetCommand(`node --import tsx ${TARGET}/server.ts`, { PORT: String(port), HOST: '127.0.0.1', TEST_USERS: ACCOUNTS, FAULTS: '' }, `http://127.0.0.1:${port}/health`, 30_000);
  });

  test.afterAll(async () => {
    await product?.stop();
  });

  async function runWithStates(tokens: Record<string, string>): Promise<ChildRunResult> {
    const url = product?.url ?? '';
    const dir = mkdtempSync(path.join(os.tmpdir(), 'chat-e2e-storage-state-'));
    const states = path.join(dir, 'states');
    mkdirSync(states);
    for (const [name, token] of Object.entries(tokens)) {
      writeFileSync(path.join(states, `${name}.json`), JSON.stringify({ cookies: [], origins: [{ origin: url, localStorage: [{ name: 'ag-ui-chat.token', value: token }] }] }));
    }
    return runChildSuite('storage-state', ['--project=chromium', '--grep', '@chat'], {
      CHAT_E2E_ENV_FILE: `${TARGET}/.env`,
      BASE_URL: url,
      WEB_SERVER_COMMAND: '',
      WEB_SERVER_URL: '',
      AUTH: 'storage-state',
      STORAGE_STATE_DIR: states,
      USER_SOURCE: 'env',
      TEST_USERS: Object.keys(tokens).join(','),
      TARGET_FEATURES: 'none',
    });
  }

  const tokenOf = async (name: string, password: string): Promise<string> => {
    const response = await fetch(`${product?.url ?? ''}/api/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) });
    expect(response.status, `the product issues ${name} a token`).toBe(200);
    return ((await response.json()) as { token: string }).token;
  };

  test('the tests run signed in with the saved states, no password typed', async () => {
    const run = await runWithStates({ 'qa-01': await tokenOf('qa-01', 'qa-01-secret'), 'qa-02': await tokenOf('qa-02', 'qa-02-secret') });
    expect(run.exitCode, run.output.slice(-2000)).toBe(0);
    expect(run.report.stats.expected, 'the set-up and the chat specs passed').toBeGreaterThan(1);
    expect(run.report.stats.unexpected).toBe(0);
  });

  test('a state whose token the product no longer knows stops the run before any test, naming the account', async () => {
    const run = await runWithStates({ 'qa-01': await tokenOf('qa-01', 'qa-01-secret'), 'qa-02': 'a-token-from-last-week' });
    expect(run.exitCode).toBe(1);
    expect(run.report.stats.expected, 'no test passed').toBe(0);
    expect(run.output).toContain('No test ran: 1 of 2 test accounts could not sign in (AUTH=storage-state');
    expect(run.output).toMatch(/qa-02: the state in \S+qa-02\.json has expired: the product shows its sign-in screen/);
    expect(run.output).toContain('To do: save each state again (npx playwright codegen --save-storage=');
  });
});
