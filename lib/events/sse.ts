/**
 * Server-Sent Events parsed as the WHATWG HTML standard says ("Interpreting an event stream"):
 * fed bytes in any cuts, it yields the events in order. Pure: no I/O, no Playwright.
 */

export interface SseEvent {
  /** The `event:` field; "message" where the stream names none. */
  event: string;
  /** The `data:` lines joined by LF. */
  data: string;
  /** The last event id in force when this event was dispatched. */
  id: string;
  /** A `retry:` field of this event, where one came. */
  retry?: number;
}

const LF = 0x0a;
const CR = 0x0d;

/** One stream's parser: feed it chunks as they come, then `end()`. */
export class SseParser {
  private readonly text = new TextDecoder('utf-8');
  /** Text decoded but not yet split into lines. */
  private pending = '';
  /** The previous chunk ended in CR: an LF that starts the next one belongs to it. */
  private afterCr = false;
  private data: string[] = [];
  private eventType = '';
  private lastEventId = '';
  private retry: number | undefined;
  private firstLine = true;

  /** The events completed by this chunk (bytes, or text already decoded). */
  feed(chunk: Uint8Array | string): SseEvent[] {
    // stream: true keeps a UTF-8 character cut across chunks for the next one.
    const decoded = typeof chunk === 'string' ? chunk : this.text.decode(chunk, { stream: true });
    return this.lines(decoded, false);
  }

  /**
   * The stream ended. An event whose blank line never came is not dispatched, as the standard
   * says; it is returned separately so that a report can say what was cut.
   */
  end(): { events: SseEvent[]; unterminated?: string } {
    const events = this.lines(this.text.decode(), true);
    const cut = this.pending !== '' || this.data.length > 0 || this.eventType !== '';
    const unterminated = cut ? [...this.data.map((line) => `data: ${line}`), this.pending].filter(Boolean).join('\n') : undefined;
    this.pending = '';
    this.data = [];
    this.eventType = '';
    return unterminated === undefined ? { events } : { events, unterminated };
  }

  private lines(text: string, final: boolean): SseEvent[] {
    let input = text;
    if (this.afterCr && input.charCodeAt(0) === LF) input = input.slice(1);
    if (input.length > 0) this.afterCr = input.charCodeAt(input.length - 1) === CR;
    const buffered = this.pending + input;
    const events: SseEvent[] = [];
    let start = 0;
    for (let i = 0; i < buffered.length; i += 1) {
      const code = buffered.charCodeAt(i);
      if (code !== LF && code !== CR) continue;
      const event = this.line(buffered.slice(start, i));
      if (event) events.push(event);
      if (code === CR && buffered.charCodeAt(i + 1) === LF) i += 1;
      start = i + 1;
    }
    this.pending = buffered.slice(start);
    if (final && this.pending !== '') {
      // A last line with no line end is still a field line; its event stays undispatched.
      this.line(this.pending);
      this.pending = '';
    }
    return events;
  }

  private line(raw: string): SseEvent | undefined {
    let line = raw;
    if (this.firstLine) {
      this.firstLine = false;
      if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    }
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data.push(value);
        break;
      case 'id':
        if (!value.includes('\u0000')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
        break;
    }
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    const hadData = this.data.length > 0;
    const event: SseEvent = { event: this.eventType || 'message', data: this.data.join('\n'), id: this.lastEventId };
    if (this.retry !== undefined) event.retry = this.retry;
    this.data = [];
    this.eventType = '';
    this.retry = undefined;
    return hadData ? event : undefined;
  }
}

/** Every event of a whole stream (for tests and replays). */
export function parseSse(stream: Uint8Array | string): SseEvent[] {
  const parser = new SseParser();
  return [...parser.feed(stream), ...parser.end().events];
}
