import { spawnSync } from 'node:child_process';
import { expect, test } from '@playwright/test';

test('a wrong .env value stops `playwright test` before any test, naming the variable', () => {
  const run = spawnSync('npx', ['playwright', 'test', '--list'], {
    encoding: 'utf8',
    env: { ...process.env, PARALLEL_USERS: 'ten', CHAT_E2E_APP_PORT: '1' },
  });
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('PARALLEL_USERS="ten": expected a whole number of users from 1 to 100');
  expect(run.stdout).not.toContain('Total:');
});
