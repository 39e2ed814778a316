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
      // A page cannot cut its own network, only close a socket with a code of 1000 or 3000-4999,
      // which an agent SDK may take as the server's final word (4000-4999: do not reconnect). So a
      // socket the tap drops closes for everyone as a lost network does: an error, then a close
      // 1006 that was not clean. This listener is the first: the close the tap asked for stops here.
      let dropping = false;
      const drop = () => {
        dropping = true;
        this.close(4000, 'dropped by chat-e2e');
      };
      this.addEventListener('close', (event: CloseEvent) => {
        if (!dropping || !event.isTrusted) return;
        event.stopImmediatePropagation();
        this.dispatchEvent(new Event('error'));
        this.dispatchEvent(new CloseEvent('close', { code: 1006, reason: '', wasClean: false }));
      });
      // Listeners added here run before any the page adds, so the first frame is never missed.
      this.addEventListener('open', () => {
        drops.openSockets.add(drop);
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
        drops.openSockets.delete(drop);
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
