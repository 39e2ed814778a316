/**
 * What every mechanism of the in-page tap shares: stream numbers and their URLs, and the one
 * queue their entries go to, in order.
 */
import { ENTRY_CODES, type TapEntry } from '../tap-batch.ts';
import { createReporter, type ReporterOptions } from './reporter.ts';

export interface TapCore {
  /** A number for a new socket or stream, whose entries carry `url` to the worker. */
  newStream: (url: string) => number;
  push: (entry: TapEntry) => void;
  /** A sent or received payload: text as it is, binary as base64 (a Blob keeps its place in the order while it is read). */
  pushPayload: (kind: number, stream: number, data: unknown, t: number) => void;
  /** Reports what is queued now (a stream ended). */
  flush: () => void;
  /** Reports everything queued (the document is going away). */
  drain: () => void;
}

function base64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let text = '';
  for (let start = 0; start < bytes.length; start += 0x8000) text += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  return btoa(text);
}

/** `onReceived` runs after each received entry is queued (an armed drop counts them). */
export function createTapCore(options: ReporterOptions, onReceived: () => void): TapCore {
  const urls = new Map<number, string>();
  const reporter = createReporter(options, urls);
  let nextStream = 0;
  const push = (entry: TapEntry, unread = false) => {
    reporter.push(entry, unread);
    if (entry[0] === ENTRY_CODES.received) onReceived();
  };
  return {
    newStream: (url) => {
      const stream = ++nextStream;
      urls.set(stream, url);
      return stream;
    },
    push,
    pushPayload: (kind, stream, data, t) => {
      if (typeof data === 'string') {
        push([kind, t, stream, data]);
      } else if (data instanceof Blob) {
        const entry: TapEntry = [kind, t, stream, null, data.size];
        push(entry, true);
        void data.arrayBuffer().then((buffer) => {
          entry[3] = base64(buffer);
          reporter.read(entry);
        });
      } else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
        const buffer = data instanceof ArrayBuffer ? data : (data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
        push([kind, t, stream, base64(buffer), buffer.byteLength]);
      }
    },
    flush: reporter.flush,
    drain: reporter.drain,
  };
}
