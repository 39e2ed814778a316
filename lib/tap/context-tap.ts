/**
 * Installs the in-page socket tap into a browser context, before any of its pages exist, and
 * hands every reported frame to a sink together with the page it came from.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { ENTRY_KINDS, installPageTap, type EntryCodes, type PageTapControl } from './page-tap.ts';

const BINDING = '__chatE2eReportFrames';
/**
 * The longest a frame waits in a busy page (one handling a burst of frames) before it is reported;
 * an idle page reports at once. Event assertions poll for seconds, so a second's delay under a
 * burst costs a test nothing, while carrying frames out during a burst would slow the page.
 */
const MAX_WAIT_MS = 1000;
/** A batch leaves once no frame has come for this long: a burst's frames come far closer together. */
const QUIET_MS = 10;
const CODES = Object.fromEntries(ENTRY_KINDS.map((kind, code) => [kind, code])) as EntryCodes;

/** Takes each batch as the page packed it (unpack with decodeTapBatch), with the page it came from. */
export type BatchSink = (batch: string, page: Page) => void;

/** `streams`: STREAM_URL_PATTERN as a RegExp's source and flags, for the page to pick the responses it taps (none where absent). */
export async function tapContext(context: BrowserContext, sink: BatchSink, streams?: { source: string; flags: string }): Promise<void> {
  // One string per batch (tap/page-tap.ts, TapHeader), unpacked later, off the page's thread.
  await context.exposeBinding(BINDING, ({ page }, batch: string) => {
    sink(batch, page);
  });
  await context.addInitScript(installPageTap, { binding: BINDING, maxWaitMs: MAX_WAIT_MS, quietMs: QUIET_MS, codes: CODES, ...(streams ? { streams } : {}) });
}

/**
 * Makes every context the browser creates from now on tapped before the caller gets it:
 * the `context` and `page` fixtures, `browser.newPage()` and a spec's own `browser.newContext()`.
 */
export function tapEveryNewContext(browser: Browser, onContext: (context: BrowserContext) => Promise<void>): void {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    await onContext(context);
    return context;
  };
}

/** Closes the page's sockets from inside the page, as a dropped connection would. */
export async function dropConnections(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __chatE2eTap: PageTapControl }).__chatE2eTap.dropAll());
}

/** Arms the page to drop its connections once `frames` more frames have come in: at a known point of a run, however fast it runs. */
export async function dropConnectionsAfter(page: Page, frames: number): Promise<void> {
  await page.evaluate((count) => {
    (window as unknown as { __chatE2eTap: PageTapControl }).__chatE2eTap.dropAfter(count);
  }, frames);
}
