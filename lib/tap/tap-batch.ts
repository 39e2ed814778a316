/**
 * The format of a batch the in-page tap (lib/tap/page/) hands the test process, and its reader in
 * the worker (`decodeTapBatch`). The page packs batches with lib/tap/page/pack.ts; both sides take
 * the entry kinds and their codes from here.
 */
import { FRAME_KINDS, type HttpStreamMeta, type TappedFrame } from '../events/types.ts';
import { transportOfContentType } from '../events/content-type.ts';

/**
 * The entry kinds as numbers on the wire. Every byte of a batch is copied out of the page and
 * JSON-escaped again by each layer it crosses (this format, Playwright's binding call, CDP or
 * BiDi), so a kind is one digit, not a quoted word.
 */
export const ENTRY_KINDS = FRAME_KINDS;
export type EntryCodes = Record<(typeof ENTRY_KINDS)[number], number>;
export const ENTRY_CODES = Object.fromEntries(ENTRY_KINDS.map((kind, code) => [kind, code])) as EntryCodes;

/**
 * One happening on a socket, as queued in the page; `t` is the page's time (performance.now()
 * or, for a received frame, the event's own timeStamp, on the same clock).
 *   open, error:     [kind, t, socket]
 *   open (HTTP):     [kind, t, stream, meta as JSON]
 *   sent, received:  [kind, t, socket, text]                 a text frame
 *                    [kind, t, socket, base64 | null, bytes] a binary frame (null while a Blob is read)
 *   close:           [kind, t, socket, code, reason]
 */
export type TapEntry = [number, number, number, ...(string | number | null)[]];

/**
 * What one binding call carries, as one string (Playwright's argument serializer walks every
 * value it is given; a string it passes as is):
 *
 *   header "\n" entry*
 *   header: JSON [timeOrigin, {socket: url}], so a URL crosses once per batch, not once per frame
 *   t:      the entry's page time in whole microseconds (an integer prints faster than a fraction,
 *           and no browser's clock is finer)
 *   entry:  kind "," t "," socket ";"                                open, error
 *           kind "," t "," stream "," length ":" meta ";"           open of an HTTP stream
 *           kind "," t "," socket "," length ":" text ";"           sent, received text
 *           kind "," t "," socket ",b" bytes "," length ":" base64 ";"   binary
 *           kind "," t "," socket "," code "," length ":" reason ";"     close
 *
 * Strings are length-prefixed (UTF-16 code units, on both sides), not JSON-escaped: Playwright's
 * binding call and CDP or BiDi each escape the batch again, so every escape added here would be
 * doubled twice on its way to the test process. Frames are mostly JSON, quotes and all.
 */
export type TapHeader = [timeOrigin: number, urls: Record<string, string>];

/** Whether the open entry whose socket number starts at `at` ends there (a socket) rather than carrying meta. */
function opensBare(batch: string, at: number): boolean {
  const semicolon = batch.indexOf(';', at);
  const comma = batch.indexOf(',', at);
  return comma < 0 || (semicolon >= 0 && semicolon < comma);
}

/** In the test process: one batch from the page, back into the frames the recorder takes. */
export function decodeTapBatch(batch: string): TappedFrame[] {
  const headerEnd = batch.indexOf('\n');
  if (headerEnd < 0) throw new Error('chat-e2e tap: a batch without its header line');
  const [timeOrigin, urls] = JSON.parse(batch.slice(0, headerEnd)) as TapHeader;
  let at = headerEnd + 1;
  const corrupt = (what: string) => new Error(`chat-e2e tap: ${what} at character ${String(at)} of a ${String(batch.length)}-character batch`);
  const number = (terminator: string): number => {
    const end = batch.indexOf(terminator, at);
    const digits = end < 0 ? '' : batch.slice(at, end);
    const value = Number(digits);
    if (digits === '' || !Number.isFinite(value)) throw corrupt(`a number ending in "${terminator}" expected`);
    at = end + 1;
    return value;
  };
  const text = (): string => {
    const length = number(':');
    const value = batch.slice(at, at + length);
    if (value.length !== length || batch[at + length] !== ';') throw corrupt(`${String(length)} characters and ";" expected`);
    at += length + 1;
    return value;
  };
  // One id string per socket and batch, shared by its frames: the recorder keeps every frame. A
  // reloaded page numbers its sockets from 1 again, so the id names the document too (its time origin).
  const socketIds = new Map<number, string>();
  const documentTag = Math.round(timeOrigin).toString(36);
  const frames: TappedFrame[] = [];
  while (at < batch.length) {
    const code = number(',');
    const kind = ENTRY_KINDS[code];
    if (kind === undefined) throw corrupt(`unknown entry kind ${String(code)}`);
    // The same sum the page would have made: performance.timeOrigin + performance.now(), in ms.
    const t = timeOrigin + number(',') / 1000;
    // An HTTP stream's open carries its meta as text after a ","; a socket's ends at ";".
    const socket = number(kind === 'error' || (kind === 'open' && opensBare(batch, at)) ? ';' : ',');
    let socketId = socketIds.get(socket);
    if (socketId === undefined) socketIds.set(socket, (socketId = `socket-${String(socket)}@${documentTag}`));
    const frame: TappedFrame = { kind, at: t, socketId, url: urls[socket] ?? '' };
    if (kind === 'open' && batch[at - 1] === ',') {
      frame.http = JSON.parse(text()) as HttpStreamMeta;
      frame.transport = transportOfContentType(frame.http.contentType);
    } else if (kind === 'close') {
      frame.code = number(',');
      frame.reason = text();
    } else if (kind === 'sent' || kind === 'received') {
      const binary = batch[at] === 'b';
      if (binary) at += 1;
      const bytes = binary ? number(',') : undefined;
      frame.payload = text();
      frame.binary = binary;
      // Text frames are valid UTF-8 on the wire, so Node's byte count equals what the socket carried.
      frame.bytes = bytes ?? Buffer.byteLength(frame.payload);
    }
    frames.push(frame);
  }
  return frames;
}
