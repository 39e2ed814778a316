import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadEnvFile } from '../../lib/config/load.ts';

const NAMES = ['EVENT_DECODER', 'CONVERSATIONS', 'STORAGE_STATE_DIR'] as const;

/** Puts the variables back as they were (an unset one unset). */
function restore(saved: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = value;
  }
}

test.describe("a target's .env", { tag: '@unit' }, () => {
  test('paths it gives as ./ or ../ are from its own folder; other relative paths from the project root; the environment wins', () => {
    const saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));
    const folder = mkdtempSync(path.join(tmpdir(), 'chat-e2e-target-'));
    const file = path.join(folder, '.env');
    writeFileSync(file, 'EVENT_DECODER=./decoder.ts\nCONVERSATIONS=../shared/conversations.yaml\nSTORAGE_STATE_DIR=.auth\n');
    try {
      for (const name of NAMES) Reflect.deleteProperty(process.env, name);
      loadEnvFile(file);
      expect(process.env.EVENT_DECODER).toBe(path.join(folder, 'decoder.ts'));
      expect(process.env.CONVERSATIONS).toBe(path.join(path.dirname(folder), 'shared', 'conversations.yaml'));
      expect(process.env.STORAGE_STATE_DIR).toBe('.auth');
      process.env.EVENT_DECODER = 'ai-sdk';
      loadEnvFile(file);
      expect(process.env.EVENT_DECODER, 'a variable set in the environment keeps its value').toBe('ai-sdk');
    } finally {
      restore(saved);
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
