/**
 * Which transport a streamed HTTP response is, by its content type: one rule for the worker's
 * reading of the tap's batches (lib/tap/tap-batch.ts) and its check that a response is an event
 * stream of that transport (tapped-stream.ts).
 */
import type { Transport } from './types.ts';

/** NDJSON by any of its registered or customary names, with or without parameters (`; charset=utf-8`). */
const NDJSON = /^\s*application\/(?:x-)?(?:ndjson|jsonl|jsonlines)\s*(?:;|$)/i;
const EVENT_STREAM = /^\s*text\/event-stream\s*(?:;|$)/i;
/** Line-framed text that is neither: each line a frame (the AI SDK 4.x data stream is `text/plain`). */
const PLAIN_TEXT = /^\s*text\/plain\s*(?:;|$)/i;

/** Whether `contentType` (a Content-Type header's value) names newline-delimited JSON. */
export function isNdjsonContentType(contentType: string | undefined): boolean {
  return NDJSON.test(contentType ?? '');
}

/** How a tapped HTTP response is read: by line where its content type is NDJSON's or plain text's, else as SSE (and refused there if it is no event stream). */
export function transportOfContentType(contentType: string | undefined): 'ndjson' | 'lines' | 'sse' {
  return isNdjsonContentType(contentType) ? 'ndjson' : PLAIN_TEXT.test(contentType ?? '') ? 'lines' : 'sse';
}

/** Whether `contentType` is what a response read as `transport` must carry: NDJSON's, plain text's, or else an SSE stream's. */
export function contentTypeFits(transport: Transport, contentType: string | undefined): boolean {
  if (transport === 'ndjson') return isNdjsonContentType(contentType);
  return transport === 'lines' ? PLAIN_TEXT.test(contentType ?? '') : EVENT_STREAM.test(contentType ?? '');
}
