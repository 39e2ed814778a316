/**
 * The page's XMLHttpRequest, wrapped for URLs of STREAM_URL_PATTERN: the open and sent frame once
 * headers arrive, a received entry for what `responseText` grew by (text response types only),
 * and the end on load, abort, error or timeout.
 */
import { ENTRY_CODES } from '../tap-batch.ts';
import type { TapCore } from './core.ts';
import type { Drops } from './drops.ts';
import { bodyText, type HttpTap } from './http.ts';

interface XhrTarget {
  url: string;
  method: string;
}

/** Follows one sent request's response into the queue. */
function follow(request: XMLHttpRequest, target: XhrTarget, payload: unknown, tap: TapCore, http: HttpTap, drops: Drops): void {
  const stream = tap.newStream(target.url);
  const sentAt = performance.now();
  const body = bodyText(payload);
  let seen = 0;
  let open = false;
  const readMore = () => {
    if (request.readyState < XMLHttpRequest.HEADERS_RECEIVED) return;
    if (!open) {
      open = true;
      http.opened(stream, { via: 'xhr', method: target.method, status: request.status, contentType: request.getResponseHeader('content-type') ?? '' });
      tap.push([ENTRY_CODES.sent, sentAt, stream, body]);
    }
    if (request.responseType !== '' && request.responseType !== 'text') return;
    const textSoFar = request.responseText;
    if (textSoFar.length > seen) {
      tap.push([ENTRY_CODES.received, performance.now(), stream, textSoFar.slice(seen)]);
      seen = textSoFar.length;
    }
  };
  const drop = () => {
    request.abort();
  };
  const finish = (reason: string) => () => {
    drops.openResponses.delete(drop);
    readMore();
    if (!open) {
      http.opened(stream, { via: 'xhr', method: target.method });
      tap.push([ENTRY_CODES.sent, sentAt, stream, body]);
    }
    if (reason !== 'ended') tap.push([ENTRY_CODES.error, performance.now(), stream]);
    http.ended(stream, reason);
  };
  request.addEventListener('readystatechange', readMore);
  request.addEventListener('progress', readMore);
  request.addEventListener('load', finish('ended'));
  request.addEventListener('abort', finish('aborted'));
  request.addEventListener('error', finish('network error'));
  request.addEventListener('timeout', finish('timed out'));
  drops.openResponses.add(drop);
}

export function tapXhr(tap: TapCore, http: HttpTap, drops: Drops): void {
  // Called with the request as `this`, as the page's own calls would be.
  const nativeOpen = Reflect.get(XMLHttpRequest.prototype, 'open') as (this: XMLHttpRequest, ...args: unknown[]) => void;
  const nativeSend: (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) => void = Reflect.get(XMLHttpRequest.prototype, 'send');
  const targets = new WeakMap<XMLHttpRequest, XhrTarget>();
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
    const tapped = http.tappedUrl(url);
    if (tapped === undefined) targets.delete(this);
    else targets.set(this, { url: tapped, method: method.toUpperCase() });
    nativeOpen.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, payload?: Document | XMLHttpRequestBodyInit | null) {
    const target = targets.get(this);
    if (target) follow(this, target, payload, tap, http, drops);
    nativeSend.call(this, payload);
  };
}
