/**
 * Installs the in-page tap (./page/, bundled by ./page-script.ts) into a browser context, before
 * any of its pages exist, and hands every reported batch to a sink together with the page it came
 * from.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { CONTROL_GLOBAL, type PageTapControl } from './page/drops.ts';
import type { PageTapOptions } from './page/index.ts';
import { pageTapScript } from './page-script.ts';

const BINDING = '__chatE2eReportFrames';
/**
 * The longest a frame waits in a busy page (one handling a burst of frames) before it is reported;
 * an idle page reports at once. Event assertions poll for seconds, so a second's delay under a
 * burst costs a test nothing, while carrying frames out during a burst would slow the page.
 */
const MAX_WAIT_MS = 1000;
/** A batch leaves once no frame has come for this long: a burst's frames come far closer together. */
const QUIET_MS = 10;
/**
 * One batch's bounds: a binding call copies and escapes its string in the page, in one go, so a
 * batch's size bounds what one call costs there (~5-10 ms for 1000 chat-sized frames). Far above a
 * chat's usual batch (a few dozen frames), so batching is as it was; only a backlog (a long burst
 * in a busy page) is cut.
 */
export const BATCH_LIMITS = { maxEntries: 1000, maxChars: 128 * 1024 };
/** A flush hands over batches for this long at most, then yields to the page; the rest follows in a task of its own. */
const FLUSH_BUDGET_MS = 8;

/** Takes each batch as the page packed it (unpack with decodeTapBatch), with the page it came from. */
export type BatchSink = (batch: string, page: Page) => void;

/** `streams`: STREAM_URL_PATTERN as a RegExp's source and flags, for the page to pick the responses it taps (none where absent). */
export async function tapContext(context: BrowserContext, sink: BatchSink, streams?: { source: string; flags: string }): Promise<void> {
  // One string per batch (tap/tap-batch.ts, TapHeader), unpacked later, off the page's thread.
  await context.exposeBinding(BINDING, ({ page }, batch: string) => {
    sink(batch, page);
  });
  const options: PageTapOptions = { binding: BINDING, maxWaitMs: MAX_WAIT_MS, quietMs: QUIET_MS, batchLimits: BATCH_LIMITS, flushBudgetMs: FLUSH_BUDGET_MS, ...(streams ? { streams } : {}) };
  await context.addInitScript(await pageTapScript(options));
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
  return page.evaluate<number, typeof CONTROL_GLOBAL>((control) => (window as unknown as Record<typeof control, PageTapControl>)[control].dropAll(), CONTROL_GLOBAL);
}

/** Arms the page to drop its connections once `frames` more frames have come in: at a known point of a run, however fast it runs. */
export async function dropConnectionsAfter(page: Page, frames: number): Promise<void> {
  await page.evaluate(
    ([control, count]) => {
      (window as unknown as Record<typeof control, PageTapControl>)[control].dropAfter(count);
    },
    [CONTROL_GLOBAL, frames] as const,
  );
}
