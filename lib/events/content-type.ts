/**
 * Which transport a streamed HTTP response is, by its content type: one rule for the worker's
 * reading of the tap's batches (lib/tap/tap-batch.ts) and its check that a response is an event
 * stream of that transport (tapped-stream.ts).
 */
import type { Transport } from './types.ts';

/** NDJSON by any of its registered or customary names, with or without parameters (`; charset=utf-8`). */
const NDJSON = /^\s*application\/(?:x-)?(?:ndjson|jsonl|jsonlines)\s*(?:;|$)/i;
const EVENT_STREAM = /^\s*text\/event-stream\s*(?:;|$)/i;

/** Whether `contentType` (a Content-Type header's value) names newline-delimited JSON. */
export function isNdjsonContentType(contentType: string | undefined): boolean {
  return NDJSON.test(contentType ?? '');
}

/** How a tapped HTTP response is read: NDJSON where its content type says so, else as SSE (and refused there if it is no event stream). */
export function transportOfContentType(contentType: string | undefined): 'ndjson' | 'sse' {
  return isNdjsonContentType(contentType) ? 'ndjson' : 'sse';
}

/** Whether `contentType` is what a response read as `transport` must carry: NDJSON's, or else an SSE stream's. */
export function contentTypeFits(transport: Transport, contentType: string | undefined): boolean {
  return transport === 'ndjson' ? isNdjsonContentType(contentType) : EVENT_STREAM.test(contentType ?? '');
}
