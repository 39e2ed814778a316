/**
 * The in-page tap: runs inside every page (an init script, bundled from these modules by
 * ../page-script.ts) before the page's own scripts, and reports every frame of the page's
 * WebSockets and of its streamed HTTP responses (fetch, XHR, EventSource), in order, to the test
 * process through a binding. One mechanism for every browser: Playwright's `page.on('websocket')`
 * sees nothing in Firefox over WebDriver BiDi.
 *
 * The page does as little as it can per frame, because the page's own receive rate is what a tap
 * must not slow: it queues a small array per frame and, per batch, hands the binding one string
 * (TapHeader in ../tap-batch.ts). tools/bench/RESULTS.md has the measurements behind each choice.
 */
import { createTapCore } from './core.ts';
import { CONTROL_GLOBAL, createDrops, type PageTapControl } from './drops.ts';
import { tapEventSource } from './event-source.ts';
import { tapFetch } from './fetch.ts';
import { createHttpTap } from './http.ts';
import type { ReporterOptions } from './reporter.ts';
import { tapWebSockets } from './websocket.ts';
import { tapXhr } from './xhr.ts';

export type { PageTapControl } from './drops.ts';

export interface PageTapOptions extends ReporterOptions {
  /** STREAM_URL_PATTERN as a RegExp's source and flags: the HTTP responses to tap; none when absent. */
  streams?: { source: string; flags: string };
}

export function installPageTap(options: PageTapOptions): void {
  const scope = window as unknown as Record<string, unknown>;
  if (scope[CONTROL_GLOBAL]) return;
  const drops = createDrops();
  const tap = createTapCore(options, drops.received);
  tapWebSockets(tap, drops);
  const http = createHttpTap(tap, options.streams);
  tapFetch(tap, http, drops);
  tapXhr(tap, http, drops);
  tapEventSource(tap, http);
  scope[CONTROL_GLOBAL] = drops.control satisfies PageTapControl;
  // Before the document goes away (reload, navigation, close): its open streams end, as left by
  // the page, and everything queued is reported.
  window.addEventListener('pagehide', () => {
    http.pageLeft();
    tap.drain();
  });
}
