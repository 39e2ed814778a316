/**
 * The page's fetch, wrapped for URLs of STREAM_URL_PATTERN: the open with how the server answered,
 * the request body as the stream's sent frame, and the response body tee'd: the page reads its own
 * branch, untouched and at its own pace, and the tap reads the other as it comes.
 */
import { ENTRY_CODES } from '../tap-batch.ts';
import type { TapCore } from './core.ts';
import type { Drops } from './drops.ts';
import { bodyText, endReason, type HttpTap } from './http.ts';

/** Reads the tap's branch of a response to its end, each decoded text chunk one received entry. */
async function readTapBranch(tap: TapCore, http: HttpTap, stream: number, reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  const text = new TextDecoder();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      const chunk = text.decode(read.value, { stream: true });
      if (chunk !== '') tap.push([ENTRY_CODES.received, performance.now(), stream, chunk]);
    }
    const rest = text.decode();
    if (rest !== '') tap.push([ENTRY_CODES.received, performance.now(), stream, rest]);
    http.ended(stream, 'ended');
  } catch (error) {
    http.ended(stream, endReason(error));
  }
}

/** The page's branch as a response of its own, which `dropAll` can break as a lost network would. */
function pageResponse(response: Response, pageReader: ReadableStreamDefaultReader<Uint8Array>, tapReader: ReadableStreamDefaultReader<Uint8Array>, drops: Drops): Response {
  let pageStream: ReadableStreamDefaultController<Uint8Array> | undefined;
  const drop = () => {
    drops.openResponses.delete(drop);
    pageStream?.error(new TypeError('network error (dropped by chat-e2e)'));
    void pageReader.cancel();
    void tapReader.cancel();
  };
  drops.openResponses.add(drop);
  const body = new ReadableStream<Uint8Array>({
    start: (controller) => {
      pageStream = controller;
    },
    pull: async (controller) => {
      const read = await pageReader.read();
      if (read.done) {
        drops.openResponses.delete(drop);
        controller.close();
      } else controller.enqueue(read.value);
    },
    cancel: async (reason) => {
      drops.openResponses.delete(drop);
      await pageReader.cancel(reason);
    },
  });
  const tapped = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  // What the page may read off the response that a new one would not have.
  Object.defineProperties(tapped, { url: { value: response.url }, redirected: { value: response.redirected }, type: { value: response.type } });
  return tapped;
}

export function tapFetch(tap: TapCore, http: HttpTap, drops: Drops): void {
  const nativeFetch = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = http.tappedUrl(input instanceof Request ? input.url : input);
    if (url === undefined) return nativeFetch(input, init);
    const sentAt = performance.now();
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const requestBody = init?.body !== undefined ? bodyText(init.body) : input instanceof Request ? await input.clone().text() : '';
    const stream = tap.newStream(url);
    let response: Response;
    try {
      response = await nativeFetch(input, init);
    } catch (error) {
      http.opened(stream, { via: 'fetch', method });
      tap.push([ENTRY_CODES.sent, sentAt, stream, requestBody]);
      tap.push([ENTRY_CODES.error, performance.now(), stream]);
      http.ended(stream, endReason(error));
      throw error;
    }
    http.opened(stream, { via: 'fetch', method, status: response.status, contentType: response.headers.get('content-type') ?? '' });
    tap.push([ENTRY_CODES.sent, sentAt, stream, requestBody]);
    if (!response.body) {
      http.ended(stream, 'ended');
      return response;
    }
    // The page reads its own branch at its own pace; the tap reads the other as it comes.
    const [forPage, forTap] = response.body.tee();
    const tapReader = forTap.getReader();
    void readTapBranch(tap, http, stream, tapReader);
    return pageResponse(response, forPage.getReader(), tapReader, drops);
  };
}
