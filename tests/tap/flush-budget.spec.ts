/**
 * The in-page tap under a backlog, in real browsers: frames queued faster than they can be
 * reported (a burst in a busy page) leave in bounded batches, every one of them, in order, over
 * many tasks, so that no flush runs long enough for a browser's slow-script watchdog (Firefox's
 * stopped a flush of a whole backlog under load).
 */
import { chromium, expect, firefox, test, webkit, type Page } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { chooseBrowsers, launchOptionsFor } from '../../lib/config/browsers.mjs';
import { BATCH_LIMITS, tapContext } from '../../lib/tap/context-tap.ts';
import { decodeTapBatch } from '../../lib/tap/tap-batch.ts';

const FRAMES = 100_000;
/** Each frame the size of a chat's streamed delta: its number, then this. */
const PADDING = ` {"type":"text-delta","delta":"${'lorem ipsum '.repeat(7)}"}`;
/**
 * The flush's time budget itself is proved with a clock of the test's own (tests/tap/page-queue.spec.ts);
 * here, in real browsers, the longest flush is measured and shown, never asserted (a timed test fails on
 * a busy machine, not on a broken tap). One flush of the whole backlog took 1.6 s in Chromium and
 * 0.43 s in Firefox on an idle machine; bounded flushes take ~10-20 ms.
 */
const ENGINES = { chromium, firefox } as const;
const browsers = chooseBrowsers({ chromium, firefox, webkit });

/**
 * Times every timer and idle callback of the page, where the tap's flushes run (the page of this
 * test schedules none of its own): the longest is kept in `window.__longestTapTaskMs`.
 */
function timeTapTasks(): void {
  const scope = window as unknown as { __longestTapTaskMs: number; __tapTasks: number };
  scope.__longestTapTaskMs = 0;
  scope.__tapTasks = 0;
  const timed = <Args extends unknown[]>(callback: (...args: Args) => void) => (...args: Args) => {
    const started = performance.now();
    try {
      callback(...args);
    } finally {
      scope.__tapTasks += 1;
      scope.__longestTapTaskMs = Math.max(scope.__longestTapTaskMs, performance.now() - started);
    }
  };
  const nativeSetTimeout = window.setTimeout.bind(window);
  window.setTimeout = ((handler: TimerHandler, ms?: number) => nativeSetTimeout(typeof handler === 'function' ? timed(handler as () => void) : handler, ms)) as typeof window.setTimeout;
  const nativeIdle = window.requestIdleCallback.bind(window);
  window.requestIdleCallback = (callback, options) => nativeIdle(timed(callback), options);
}

/** Queues FRAMES received frames on one open socket in a single task, as a burst the page was too busy to report would. */
async function queueBacklog(page: Page, socketUrl: string): Promise<void> {
  await page.evaluate(
    async ([url, frames, padding]) => {
      const socket = new WebSocket(url);
      await new Promise((opened) => {
        socket.addEventListener('open', opened, { once: true });
      });
      for (let index = 0; index < frames; index += 1) socket.dispatchEvent(new MessageEvent('message', { data: `${String(index)}${padding}` }));
    },
    [socketUrl, FRAMES, PADDING] as const,
  );
}

/** The launch options of `name`'s browser, or why it cannot run here. */
function launchOptionsOf(name: keyof typeof ENGINES): ReturnType<typeof launchOptionsFor> | string {
  const choice = browsers[name];
  return choice.available ? launchOptionsFor(name, choice) : choice.reason;
}

for (const name of ['chromium', 'firefox'] as const) {
  test(`${name}: ${String(FRAMES)} queued frames all arrive, in order, in bounded batches, over many tasks`, { tag: '@unit' }, async () => {
    const launchOptions = launchOptionsOf(name);
    test.skip(typeof launchOptions === 'string', `${name} cannot run here`);
    test.setTimeout(120_000);
    // A page served from the loopback itself: Chromium refuses a socket to a loopback address from a page that is not (local network access).
    const server = createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>tap backlog</title>');
    });
    const sockets = new WebSocketServer({ server });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const browser = await ENGINES[name].launch(launchOptions as Exclude<typeof launchOptions, string>);
    try {
      const context = await browser.newContext();
      await context.addInitScript(timeTapTasks);
      const batches: string[] = [];
      await tapContext(context, (batch) => {
        batches.push(batch);
      });
      const page = await context.newPage();
      const origin = `127.0.0.1:${String((server.address() as AddressInfo).port)}`;
      await page.goto(`http://${origin}/`);
      await queueBacklog(page, `ws://${origin}/`);

      const received = () => batches.flatMap((batch) => decodeTapBatch(batch)).filter((frame) => frame.kind === 'received');
      await expect.poll(() => received().length, { message: 'every queued frame reaches the test process', timeout: 90_000 }).toBe(FRAMES);
      const outOfOrder = received().findIndex((frame, index) => frame.payload !== `${String(index)}${PADDING}`);
      expect(outOfOrder, `frame ${String(outOfOrder)} arrived out of order`).toBe(-1);
      const largest = Math.max(...batches.map((batch) => decodeTapBatch(batch).length));
      expect(largest, 'the most entries one batch carried').toBeLessThanOrEqual(BATCH_LIMITS.maxEntries);
      const { longest, tasks } = await page.evaluate(() => {
        const scope = window as unknown as { __longestTapTaskMs: number; __tapTasks: number };
        return { longest: scope.__longestTapTaskMs, tasks: scope.__tapTasks };
      });
      test.info().annotations.push({ type: 'longest flush', description: `${longest.toFixed(1)} ms; ${String(batches.length)} batches over ${String(tasks)} tasks` });
      // A flush that handed over the whole backlog at once would have taken one task for all of it.
      expect(tasks, `the tasks the ${String(batches.length)} batches left in (a flush stops when its budget is spent)`).toBeGreaterThan(1);
    } finally {
      await browser.close();
      sockets.close();
      server.close();
    }
  });
}
