import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';

/** `playwright test --list` as a user runs it: not as a worker of this run (the config reads TEST_WORKER_INDEX to know it runs in a worker). */
function listTests(env: Record<string, string>) {
  const userEnv = { ...process.env };
  delete userEnv.TEST_WORKER_INDEX;
  delete userEnv.TEST_PARALLEL_INDEX;
  return spawnSync('npx', ['playwright', 'test', '--list'], { encoding: 'utf8', env: { ...userEnv, CHAT_E2E_APP_PORT: '1', ...env } });
}

test('a wrong .env value stops `playwright test` before any test, naming the variable', () => {
  const run = listTests({ PARALLEL_USERS: 'ten' });
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('PARALLEL_USERS="ten": expected a whole number of users from 1 to 100');
  expect(run.stdout).not.toContain('Total:');
});

test('a wrong conversations file stops `playwright test` before any test, naming file, line and field', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'chat-e2e-conversations-'));
  const file = path.join(dir, 'conversations.yaml');
  const reference = readFileSync('targets/app/conversations.yaml', 'utf8');
  writeFileSync(file, reference.replace('  answer: I can calculate', '  anwser: I can calculate'));
  try {
    const run = listTests({ CONVERSATIONS: file });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${file}:8 plain.anwser: unknown key`);
    expect(run.stderr).toContain(`${file}:6 plain.answer: missing`);
    expect(run.stdout).not.toContain('Total:');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
