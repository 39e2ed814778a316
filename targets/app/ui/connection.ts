/**
 * The page's WebSocket: opened once signed in, reopened with backoff (200 ms doubling to 3 s,
 * with jitter) after any close the page did not ask for — a server drop, or someone calling
 * close() on the socket object. A 4401 close means the session is gone: no reconnect.
 */

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ConnectionHandlers {
  onOpen(): void;
  onFrame(text: string): void;
  onState(state: ConnectionState): void;
  onUnauthorized(): void;
}

export const CLOSE_UNAUTHORIZED = 4401;
const FIRST_DELAY_MS = 200;
const MAX_DELAY_MS = 3000;

export class Connection {
  private socket: WebSocket | undefined;
  private wanted = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly url: string,
    private readonly handlers: ConnectionHandlers,
    /** The `no-reconnect` fault: after a drop, the page never reconnects. */
    private readonly reconnects: boolean,
  ) {}

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  start(): void {
    if (this.wanted) return;
    this.wanted = true;
    this.attempt = 0;
    this.connect();
  }

  /** Closes on purpose (sign out, leaving): no reconnect. */
  stop(): void {
    this.wanted = false;
    clearTimeout(this.timer);
    const socket = this.socket;
    this.socket = undefined;
    if (socket && socket.readyState !== WebSocket.CLOSED) socket.close(1000, 'bye');
    this.handlers.onState('closed');
  }

  /** The network came back: try at once instead of waiting out the backoff. */
  retryNow(): void {
    if (!this.wanted || this.socket || !this.reconnects) return;
    clearTimeout(this.timer);
    this.attempt = 0;
    this.connect();
  }

  send(message: unknown): boolean {
    const socket = this.socket;
    if (socket?.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(message));
    return true;
  }

  private connect(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    this.handlers.onState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    socket.addEventListener('open', () => {
      if (socket !== this.socket) return;
      this.attempt = 0;
      this.handlers.onState('open');
      this.handlers.onOpen();
    });
    socket.addEventListener('message', (event: MessageEvent) => {
      if (socket !== this.socket) return;
      if (typeof event.data === 'string') this.handlers.onFrame(event.data);
    });
    socket.addEventListener('close', (event: CloseEvent) => {
      if (socket !== this.socket) return; // a socket we closed ourselves
      this.socket = undefined;
      if (event.code === CLOSE_UNAUTHORIZED) {
        this.wanted = false;
        this.handlers.onState('closed');
        this.handlers.onUnauthorized();
        return;
      }
      if (!this.wanted) return;
      this.handlers.onState('reconnecting');
      if (this.reconnects) this.schedule();
    });
  }

  private schedule(): void {
    const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** this.attempt);
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.attempt += 1;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.wanted && !this.socket) this.connect();
    }, delay);
  }
}
