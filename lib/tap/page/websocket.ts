/**
 * The page's WebSocket, wrapped: every socket's open, sent and received frames, error and close,
 * in order. Every socket is reported; the worker keeps those of WS_URL_PATTERN.
 */
import { ENTRY_CODES } from '../tap-batch.ts';
import type { TapCore } from './core.ts';
import type { Drops } from './drops.ts';

export function tapWebSockets(tap: TapCore, drops: Drops): void {
  const NativeWebSocket = window.WebSocket;

  class TappedWebSocket extends NativeWebSocket {
    private readonly tapSocket: number;

    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      const socket = (this.tapSocket = tap.newStream(this.url));
      // Listeners added here run before any the page adds, so the first frame is never missed.
      this.addEventListener('open', () => {
        drops.openSockets.add(this);
        tap.push([ENTRY_CODES.open, performance.now(), socket]);
      });
      this.addEventListener('message', (event: MessageEvent) => {
        // The event's own time: the same clock as performance.now(), and no call per frame.
        tap.pushPayload(ENTRY_CODES.received, socket, event.data, event.timeStamp);
      });
      this.addEventListener('error', () => {
        tap.push([ENTRY_CODES.error, performance.now(), socket]);
      });
      this.addEventListener('close', (event: CloseEvent) => {
        drops.openSockets.delete(this);
        tap.push([ENTRY_CODES.close, performance.now(), socket, event.code, event.reason]);
        tap.flush();
      });
    }

    override send(data: string | Blob | BufferSource): void {
      super.send(data);
      tap.pushPayload(ENTRY_CODES.sent, this.tapSocket, data, performance.now());
    }
  }

  window.WebSocket = TappedWebSocket;
}
