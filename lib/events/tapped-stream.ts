/**
 * One tapped stream in the worker: what each frame the page reported becomes. A WebSocket's frames
 * go to its decoder as they are. A streamed HTTP response comes as text chunks cut wherever the
 * network cut them: they are parsed here (SSE as the WHATWG standard says, NDJSON by line), and
 * each event or line is one received frame for the decoder. A response that is no event stream
 * (an error status, an HTML page) and a stream cut mid-event are reported, not lost.
 */
import { contentTypeFits } from './content-type.ts';
import type { GuardedStream } from './decoder-guard.ts';
import { malformed } from './decoders/common.ts';
import { SseParser } from './sse.ts';
import type { Decoded, HttpStreamMeta, SseFields, StreamFrame, TappedFrame, Transport } from './types.ts';

/** One entry to record for a tapped frame: a payload of its own where the frame held several events, and its decoded item. */
export interface Reading {
  payload?: string;
  sse?: SseFields;
  decoded?: Decoded;
  /** The item's position among several decoded from one frame (a socket's message, a stream's event), from the second on. */
  part?: number;
}

/** How much of a body that is no event stream a report quotes. */
const QUOTED_BODY_CHARS = 2000;

/**
 * A response the product refused with a 4xx status (a message too long, a chat not yours): its
 * answer to the page, which the page shows, and no event stream. Recorded as a control frame with
 * the status and the body; a 5xx, a 2xx that is no stream, or no response at all is malformed.
 */
const isRefusal = (http: HttpStreamMeta | undefined): http is HttpStreamMeta & { status: number } =>
  http?.status !== undefined && http.status >= 400 && http.status < 500;

/** Why a response is no event stream of its transport, or undefined when it is one. */
function notAnEventStream(transport: Transport, http: HttpStreamMeta | undefined): string | undefined {
  if (!http) return undefined;
  if (http.status === undefined) return 'no response came (a network error)';
  if (isRefusal(http)) return `refused: HTTP ${http.status}`;
  const type = http.contentType ?? '';
  const problems = [
    ...(http.status >= 200 && http.status < 300 ? [] : [`HTTP ${http.status}`]),
    ...(contentTypeFits(transport, type) ? [] : [`content type ${type === '' ? '(none)' : JSON.stringify(type)}`]),
  ];
  return problems.length === 0 ? undefined : `not an event stream: ${problems.join(', ')}`;
}

/** Newline-delimited JSON: one frame per non-empty line; a last line with no newline still counts. */
class LineSplitter {
  private pending = '';

  feed(chunk: string): string[] {
    const text = this.pending + chunk;
    const lines = text.split('\n');
    this.pending = lines.pop() ?? '';
    return lines.map((line) => line.replace(/\r$/, '')).filter((line) => line.trim() !== '');
  }

  end(): string[] {
    const last = this.pending.replace(/\r$/, '');
    this.pending = '';
    return last.trim() === '' ? [] : [last];
  }
}

/** A frame that decoded to nothing is still recorded, once. */
const NOTHING: Reading = {};

/** One reading per item (the frame once where there is none); no spreading: this runs once per frame of a burst. */
function readingsOf(items: readonly Decoded[], event?: { payload: string; sse?: SseFields }): Reading[] {
  if (items.length === 0) return [event ?? NOTHING];
  return items.map((decoded, part): Reading => {
    const reading: Reading = event ? { payload: event.payload, decoded } : { decoded };
    if (event?.sse) reading.sse = event.sse;
    if (part > 0) reading.part = part;
    return reading;
  });
}

export class TappedStream {
  private readonly sse: SseParser | undefined;
  private readonly lines: LineSplitter | undefined;
  /** Why this response is no event stream, and its body so far. */
  private readonly refused: string | undefined;
  /** The 4xx status the product refused the request with, if it did. */
  private readonly refusedWith: number | undefined;
  private body = '';
  private ended = false;
  /** An open came: a second one on the same id is another stream (a reloaded page numbers its streams afresh; an EventSource reconnects). */
  opened = false;

  /** `framed`: the frames are events already (a replayed recording): nothing to parse or refuse. */
  constructor(
    private readonly decoder: GuardedStream,
    readonly transport: Transport,
    http: HttpStreamMeta | undefined,
    framed = false,
  ) {
    this.refused = framed ? undefined : notAnEventStream(transport, http);
    this.refusedWith = !framed && isRefusal(http) ? http.status : undefined;
    if (!framed && this.refused === undefined && transport === 'sse') this.sse = new SseParser();
    if (!framed && this.refused === undefined && (transport === 'ndjson' || transport === 'lines')) this.lines = new LineSplitter();
  }

  /** The entries to record for `tapped`: none for a chunk that completed no event. */
  read(tapped: TappedFrame): Reading[] {
    switch (tapped.kind) {
      case 'open':
        this.opened = true;
        return [NOTHING];
      case 'sent':
        return readingsOf(this.decoder.decode(this.frame('sent', tapped.payload ?? '', tapped)));
      case 'received':
        return this.received(tapped);
      case 'close':
      case 'error':
        return this.end(tapped);
    }
  }

  private frame(direction: StreamFrame['direction'], payload: string, tapped: TappedFrame): StreamFrame {
    return { direction, payload, binary: tapped.binary ?? false, at: tapped.at };
  }

  private received(tapped: TappedFrame): Reading[] {
    const chunk = tapped.payload ?? '';
    if (this.refused !== undefined) {
      this.body += chunk;
      return [NOTHING];
    }
    if (this.sse) {
      return this.sse.feed(chunk).flatMap((event) => {
        const fields: SseFields = { event: event.event, id: event.id, ...(event.retry === undefined ? {} : { retry: event.retry }) };
        return readingsOf(this.decoder.decode(this.frame('received', event.data, tapped)), { payload: event.data, sse: fields });
      });
    }
    if (this.lines) return this.lines.feed(chunk).flatMap((line) => readingsOf(this.decoder.decode(this.frame('received', line, tapped)), { payload: line }));
    return readingsOf(this.decoder.decode(this.frame('received', chunk, tapped)));
  }

  /** The stream ended (a socket's error is followed by its close: the end is read once). */
  private end(tapped: TappedFrame): Reading[] {
    if (this.ended) return [NOTHING];
    this.ended = true;
    const left: Decoded[] = [];
    if (this.refusedWith !== undefined) {
      left.push({ control: true, type: 'refused', data: { status: this.refusedWith, body: this.body.slice(0, QUOTED_BODY_CHARS) } });
    } else if (this.refused !== undefined) {
      const quoted = this.body === '' ? '' : `; the body${this.body.length > QUOTED_BODY_CHARS ? `'s first ${QUOTED_BODY_CHARS} characters` : ''} is quoted as raw`;
      left.push(malformed(this.body.slice(0, QUOTED_BODY_CHARS), `${this.refused}${quoted}`));
    }
    const lastLines = this.lines?.end() ?? [];
    const items = lastLines.flatMap((line) => this.decoder.decode(this.frame('received', line, tapped)));
    const cut = this.sse?.end().unterminated;
    if (cut !== undefined) left.push(malformed(cut, 'the stream ended in the middle of an SSE event (no blank line after it): the event was never dispatched'));
    const end = { kind: tapped.kind === 'error' ? ('error' as const) : ('close' as const), at: tapped.at, ...(tapped.code === undefined ? {} : { code: tapped.code }), ...(tapped.reason === undefined ? {} : { reason: tapped.reason }) };
    return readingsOf([...items, ...left, ...this.decoder.end(end)]);
  }
}
