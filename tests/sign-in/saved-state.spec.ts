import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parseSuiteConfig } from '../../lib/config/env.ts';
import { stateFileOf, staleStateReason } from '../../lib/sign-in/saved-state.ts';

test.describe('saved sign-in states', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chat-e2e-states-'));
  const write = (name: string, content: string): string => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  };
  const now = Date.parse('2026-12-02T10:00:00Z');

  test('a state the set-up saves lives in the run\'s output; one a person saved in STORAGE_STATE_DIR', () => {
    const api = parseSuiteConfig({ USER_SOURCE: 'env', TEST_USERS: 'qa-01:secret' });
    expect(stateFileOf(api, '/runs/output', 'qa-01')).toBe(path.join('/runs/output', '.auth', 'qa-01.json'));
    const saved = parseSuiteConfig({ AUTH: 'storage-state', USER_SOURCE: 'env', TEST_USERS: 'alice', STORAGE_STATE_DIR: 'playwright/.auth' });
    expect(stateFileOf(saved, '/runs/output', 'alice')).toBe(path.resolve('playwright/.auth', 'alice.json'));
  });

  test('a usable state has no reason to be refused; session cookies (expires -1) never expire', () => {
    const file = write('fresh.json', JSON.stringify({ cookies: [{ name: 'sid', expires: -1 }, { name: 'pref', expires: now / 1000 + 3600 }], origins: [] }));
    expect(staleStateReason(file, now)).toBeUndefined();
  });

  test('a missing file, a file that is no state, and an expired cookie are each named', () => {
    expect(staleStateReason(path.join(dir, 'nobody.json'), now)).toBe(`there is no saved state at ${path.join(dir, 'nobody.json')}`);
    expect(staleStateReason(write('broken.json', '{"cookies": ['), now)).toMatch(/broken\.json is not a storage state \(/);
    const expired = write('expired.json', JSON.stringify({ cookies: [{ name: 'sid', expires: now / 1000 - 60 }], origins: [] }));
    expect(staleStateReason(expired, now)).toBe('its cookie sid expired on 2026-12-02T09:59:00.000Z');
  });
});
