/**
 * What the taps of streamed HTTP responses (fetch, XHR, EventSource) share: which URLs they tap
 * (STREAM_URL_PATTERN), and a stream's open and end as entries in the one queue.
 */
import type { HttpStreamMeta } from '../../events/types.ts';
import { ENTRY_CODES } from '../tap-batch.ts';
import type { TapCore } from './core.ts';

export interface HttpTap {
  /** The absolute URL when `url` is one of STREAM_URL_PATTERN's, else undefined (not tapped). */
  tappedUrl(url: string | URL): string | undefined;
  opened(stream: number, meta: HttpStreamMeta): void;
  /** The stream ended (`ended`, `aborted`, `network error: …`): its entries are reported at once; a stream ends once. */
  ended(stream: number, reason: string): void;
  /** The document is going away (a reload, a navigation): every stream still open ends as `page-left`. */
  pageLeft(): void;
}

/** Why a stream ended when its document went away before it did: not the page's Stop, nor the server's end. */
const PAGE_LEFT = 'page-left';

/** `streams`: STREAM_URL_PATTERN as a RegExp's source and flags; nothing is tapped without it. */
export function createHttpTap(tap: TapCore, streams: { source: string; flags: string } | undefined): HttpTap {
  const streamPattern = streams ? new RegExp(streams.source, streams.flags) : undefined;
  const open = new Set<number>();
  const ended = (stream: number, reason: string) => {
    if (!open.delete(stream)) return;
    tap.push([ENTRY_CODES.close, performance.now(), stream, 0, reason]);
    tap.flush();
  };
  return {
    tappedUrl: (url) => {
      if (!streamPattern) return undefined;
      const absolute = new URL(url, location.href).href;
      return streamPattern.test(absolute) ? absolute : undefined;
    },
    opened: (stream, meta) => {
      open.add(stream);
      tap.push([ENTRY_CODES.open, performance.now(), stream, JSON.stringify(meta)]);
    },
    ended,
    pageLeft: () => {
      for (const stream of [...open]) ended(stream, PAGE_LEFT);
    },
  };
}

/** Why a read of a response ended, from the error it ended with. */
export function endReason(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  return name === 'AbortError' ? 'aborted' : `network error: ${error instanceof Error ? error.message : String(error)}`;
}

/** The text of a request body the page gave as text; anything else is named, not read. */
export function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  return `[${Object.prototype.toString.call(body).slice(8, -1)} body]`;
}
