/**
 * Signed-in states saved once and reused by the tests, as the Playwright docs' authentication
 * guide does: the context's storage state (cookies, localStorage, IndexedDB), and beside it what
 * that leaves out: the page's sessionStorage (kept per tab, so a product that holds its session
 * there would be signed out) and the account id the sign-in API answered.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import type { SuiteConfig } from '../config/env.ts';

interface Extras {
  id?: string;
  origin: string;
  sessionStorage: Record<string, string>;
}

/** Where an account's state is: a file a person saved (AUTH=storage-state), else one the set-up writes in this run's output. */
export function stateFileOf(config: SuiteConfig, outputDir: string, name: string): string {
  return config.AUTH === 'storage-state' ? path.resolve(config.STORAGE_STATE_DIR, `${name}.json`) : path.join(outputDir, '.auth', `${name}.json`);
}

const extrasFileOf = (stateFile: string): string => stateFile.replace(/\.json$/, '.extras.json');

/** Saves the signed-in state of `page`'s context, with its sessionStorage and the account id. */
export async function saveState(context: BrowserContext, page: Page, stateFile: string, id: string | undefined): Promise<void> {
  mkdirSync(path.dirname(stateFile), { recursive: true });
  await context.storageState({ path: stateFile });
  const sessionStorage = await page.evaluate(() => Object.fromEntries(Object.entries(window.sessionStorage)));
  const extras: Extras = { ...(id === undefined ? {} : { id }), origin: new URL(page.url()).origin, sessionStorage };
  writeFileSync(extrasFileOf(stateFile), JSON.stringify(extras, null, 2));
}

/** Puts a saved state into a context before its pages load; resolves with the account id it saved, if any. */
export async function applyState(context: BrowserContext, stateFile: string): Promise<string | undefined> {
  await context.setStorageState(stateFile);
  const extrasFile = extrasFileOf(stateFile);
  if (!existsSync(extrasFile)) return undefined;
  const extras = JSON.parse(readFileSync(extrasFile, 'utf8')) as Extras;
  if (Object.keys(extras.sessionStorage).length > 0) {
    await context.addInitScript(({ origin, items }) => {
      if (window.location.origin !== origin) return;
      for (const [key, value] of Object.entries(items)) if (window.sessionStorage.getItem(key) === null) window.sessionStorage.setItem(key, value);
    }, { origin: extras.origin, items: extras.sessionStorage });
  }
  return extras.id;
}

/** Why a state a person saved cannot sign in any more, or undefined: a missing file, unreadable JSON, or a session cookie past its expiry. */
export function staleStateReason(stateFile: string, now = Date.now()): string | undefined {
  if (!existsSync(stateFile)) return `there is no saved state at ${stateFile}`;
  let state: { cookies?: { name: string; expires: number }[] };
  try {
    state = JSON.parse(readFileSync(stateFile, 'utf8')) as typeof state;
  } catch (error) {
    return `${stateFile} is not a storage state (${(error as Error).message})`;
  }
  const expired = (state.cookies ?? []).filter((cookie) => cookie.expires > 0 && cookie.expires * 1000 < now);
  if (expired.length > 0) return `its cookie ${expired.map((cookie) => cookie.name).join(', ')} expired on ${new Date(Math.min(...expired.map((cookie) => cookie.expires)) * 1000).toISOString()}`;
  return undefined;
}
