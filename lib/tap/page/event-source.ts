/**
 * The page's EventSource, wrapped for URLs of STREAM_URL_PATTERN: each open (from the second on
 * with `reconnect: true` and the last event id), each event rewritten as SSE text, error, and the
 * end when the source gives up or the page closes it.
 */
import { ENTRY_CODES } from '../tap-batch.ts';
import type { TapCore } from './core.ts';
import type { HttpTap } from './http.ts';

export function tapEventSource(tap: TapCore, http: HttpTap): void {
  const NativeEventSource = window.EventSource as typeof EventSource | undefined;
  if (!NativeEventSource) return;
  const CLOSED = NativeEventSource.CLOSED;

  class TappedEventSource extends NativeEventSource {
    private readonly tapStream: number | undefined;
    private readonly tapTypes = new Set<string>(['message']);
    private lastId = '';
    private opens = 0;
    private readonly forward = (event: Event) => {
      const message = event as MessageEvent;
      if (this.tapStream === undefined) return;
      this.lastId = message.lastEventId;
      // The page sees parsed events; the tap hands the worker the same event as SSE text.
      const data = String(message.data).split('\n').map((line) => `data: ${line}\n`).join('');
      tap.push([ENTRY_CODES.received, message.timeStamp, this.tapStream, `event: ${message.type}\nid: ${message.lastEventId}\n${data}\n`]);
    };

    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      const tapped = http.tappedUrl(url);
      this.tapStream = tapped === undefined ? undefined : tap.newStream(tapped);
      if (this.tapStream === undefined) return;
      const stream = this.tapStream;
      super.addEventListener('open', () => {
        this.opens += 1;
        http.opened(stream, { via: 'eventsource', method: 'GET', status: 200, contentType: 'text/event-stream', ...(this.opens > 1 ? { reconnect: true, lastEventId: this.lastId } : {}) });
      });
      super.addEventListener('message', this.forward);
      super.addEventListener('error', () => {
        tap.push([ENTRY_CODES.error, performance.now(), stream]);
        if (this.readyState === CLOSED) http.ended(stream, 'network error');
      });
      // Named events reach only their own listeners: the tap listens to each name the page does.
      const add = EventTarget.prototype.addEventListener.bind(this);
      Object.defineProperty(this, 'addEventListener', {
        value: (type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) => {
          if (!this.tapTypes.has(type) && type !== 'open' && type !== 'error') {
            this.tapTypes.add(type);
            add(type, this.forward);
          }
          add(type, listener, options);
        },
      });
    }

    override close(): void {
      super.close();
      if (this.tapStream !== undefined) http.ended(this.tapStream, 'closed by the page');
    }
  }
  window.EventSource = TappedEventSource;
}
