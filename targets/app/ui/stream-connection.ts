/**
 * The page's agent events over Server-Sent Events (TRANSPORT=sse), with the same face as the
 * WebSocket Connection: each client message is a POST to /api/sse whose answer streams back the
 * frames a socket would get. "Connected" means the server answered the last request; a stream
 * that breaks mid-run (a lost network) makes the page reconnect with backoff and resume the
 * conversation, sending the last seq it has as Last-Event-ID.
 */
import type { ConnectionHandlers, ConnectionState } from './connection.ts';

const FIRST_DELAY_MS = 200;
const MAX_DELAY_MS = 3000;

/** The data of each complete SSE event in `buffer`, and what is left of it. */
function takeEvents(buffer: string): { events: string[]; rest: string } {
  const events: string[] = [];
  const blocks = buffer.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    const data = block.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(line.startsWith('data: ') ? 6 : 5));
    if (data.length > 0) events.push(data.join('\n'));
  }
  return { events, rest };
}

export class StreamConnection {
  private state: ConnectionState = 'closed';
  private wanted = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly requests = new Set<AbortController>();

  constructor(
    private readonly url: string,
    private readonly handlers: ConnectionHandlers,
    /** The `no-reconnect` fault: after a drop, the page never reconnects. */
    private readonly reconnects: boolean,
  ) {}

  get isOpen(): boolean {
    return this.state === 'open';
  }

  start(): void {
    if (this.wanted) return;
    this.wanted = true;
    this.attempt = 0;
    void this.connect();
  }

  stop(): void {
    this.wanted = false;
    clearTimeout(this.timer);
    for (const request of this.requests) request.abort();
    this.requests.clear();
    this.setState('closed');
  }

  retryNow(): void {
    if (!this.wanted || this.state === 'open' || !this.reconnects) return;
    clearTimeout(this.timer);
    this.attempt = 0;
    void this.connect();
  }

  send(message: unknown): boolean {
    if (this.state !== 'open') return false;
    void this.stream(message);
    return true;
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    this.handlers.onState(state);
  }

  /** Connected: the server answers for this session. */
  private async connect(): Promise<void> {
    this.setState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    try {
      const response = await fetch('/api/me', { credentials: 'same-origin' });
      if (!this.wanted) return;
      if (response.status === 401) {
        this.unauthorized();
        return;
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      this.attempt = 0;
      this.setState('open');
      this.handlers.onOpen();
    } catch {
      this.lost();
    }
  }

  private unauthorized(): void {
    this.wanted = false;
    this.setState('closed');
    this.handlers.onUnauthorized();
  }

  /** The network is gone: reconnect with backoff, unless the fault says never. */
  private lost(): void {
    if (!this.wanted) return;
    this.setState('reconnecting');
    if (!this.reconnects) return;
    const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** this.attempt);
    this.attempt += 1;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.wanted && this.state !== 'open') void this.connect();
    }, Math.round(base * (0.8 + Math.random() * 0.4)));
  }

  private async stream(message: unknown): Promise<void> {
    const request = new AbortController();
    this.requests.add(request);
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
    let body = message;
    // A resume says where it stands as an SSE client does: the last event id it has.
    const { type, afterSeq, ...rest } = message as { type?: unknown; afterSeq?: unknown };
    if (type === 'resume' && typeof afterSeq === 'number') {
      headers['last-event-id'] = String(afterSeq);
      body = { type, ...rest };
    }
    try {
      const response = await fetch(this.url, { method: 'POST', headers, body: JSON.stringify(body), credentials: 'same-origin', signal: request.signal });
      if (response.status === 401) {
        this.unauthorized();
        return;
      }
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        const { events, rest: left } = takeEvents(buffer + read.value);
        buffer = left;
        for (const [index, data] of events.entries()) {
          // Events that came in one chunk are handled a task apart, as a socket's messages are,
          // so that each shows (a thinking line replaced within one task would never be seen).
          if (index > 0) await new Promise((resolve) => setTimeout(resolve, 0));
          this.handlers.onFrame(data);
        }
      }
    } catch {
      if (!request.signal.aborted && this.state === 'open') this.lost();
    } finally {
      this.requests.delete(request);
    }
  }
}
