/**
 * A client of the reference app's wire without a browser: HTTP sign-up and sign-in, history, and a
 * WebSocket that records every frame and lets its caller wait for the frame it needs (every wait
 * is on a real event). The reference app's own tests drive its wire with it (helpers.ts).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { RunningApp } from '../../targets/app/server.ts';
import { isAgentEventType } from '../../lib/events/decoders/common.ts';
import type { Envelope as UiEnvelope } from '../../targets/app/ui/api.ts';

export interface Frame {
  raw: string;
  /** The parsed frame; undefined when it is not JSON. */
  json: Envelope | undefined;
}

/** Any frame the app sends, as its own UI reads it; `resumed` also carries lastSeq. */
export interface Envelope extends UiEnvelope {
  lastSeq?: number;
}

export function uniqueName(prefix = 'user'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

export interface TestUser {
  id: string;
  name: string;
  password: string;
  cookie: string;
}

/** `sid=...` from a Set-Cookie header. */
export function cookieFrom(response: Response): string {
  const header = response.headers.get('set-cookie') ?? '';
  return header.split(';')[0] ?? '';
}

export async function post(app: RunningApp, path: string, body: unknown, cookie = ''): Promise<Response> {
  return fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export async function get(app: RunningApp, path: string, cookie = ''): Promise<Response> {
  return fetch(`${app.url}${path}`, { headers: { cookie } });
}

export async function register(app: RunningApp, name = uniqueName(), password = 'correct horse'): Promise<TestUser> {
  const response = await post(app, '/api/register', { name, password });
  if (response.status !== 201) throw new Error(`register ${name}: ${String(response.status)} ${await response.text()}`);
  const user = (await response.json()) as { id: string; name: string };
  return { ...user, password, cookie: cookieFrom(response) };
}

export async function login(app: RunningApp, name: string, password: string): Promise<TestUser> {
  const response = await post(app, '/api/login', { name, password });
  if (response.status !== 200) throw new Error(`login ${name}: ${String(response.status)}`);
  const user = (await response.json()) as { id: string; name: string };
  return { ...user, password, cookie: cookieFrom(response) };
}

export async function history(app: RunningApp, user: TestUser, conversationId: string): Promise<{ conversation: Record<string, unknown>; events: Envelope[] }> {
  const response = await get(app, `/api/conversations/${conversationId}`, user.cookie);
  if (response.status !== 200) throw new Error(`history: ${String(response.status)}`);
  return (await response.json()) as { conversation: Record<string, unknown>; events: Envelope[] };
}

interface Waiter {
  from: number;
  predicate: (frame: Frame) => boolean;
  resolve: (frame: Frame) => void;
}

/** A WebSocket client that records everything it receives. */
export class AppSocket {
  readonly frames: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly waiters: Waiter[] = [];
  private syncCount = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const raw = isBinary ? data.toString('base64') : data.toString('utf8');
      let json: Envelope | undefined;
      try {
        json = JSON.parse(raw) as Envelope;
      } catch {
        json = undefined;
      }
      const frame = { raw, json };
      this.frames.push(frame);
      for (const waiter of [...this.waiters]) {
        if (waiter.predicate(frame)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(frame);
        }
      }
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
      });
    });
  }

  /** Opens /ws with the cookie; resolves once the socket is open (it may still be closed right after). */
  static async open(app: RunningApp, cookie = ''): Promise<AppSocket> {
    const ws = new WebSocket(`${app.url.replace(/^http/, 'ws')}/ws`, { headers: cookie === '' ? {} : { cookie } });
    const socket = new AppSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => {
        resolve();
      });
      ws.once('error', reject);
    });
    return socket;
  }

  /** Opens and waits for the hello frame. */
  static async connect(app: RunningApp, user: TestUser): Promise<AppSocket> {
    const socket = await AppSocket.open(app, user.cookie);
    await socket.waitFor((f) => f.json?.type === 'hello');
    return socket;
  }

  get received(): Envelope[] {
    return this.frames.flatMap((f) => (f.json ? [f.json] : []));
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The first frame (from index `from` on) that matches, now or when it arrives. */
  waitFor(predicate: (frame: Frame) => boolean, from = 0): Promise<Frame> {
    const found = this.frames.slice(from).find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => {
      this.waiters.push({ from, predicate, resolve });
    });
  }

  /**
   * A barrier: the server answers frames in order on this socket, so once the reply to this
   * probe is here, everything the server sent to this socket before it is here too.
   */
  async sync(): Promise<void> {
    const probe = `__sync_${String(++this.syncCount)}`;
    const from = this.frames.length;
    this.send({ type: probe });
    await this.waitFor((f) => f.json?.type === 'error' && String(f.json.data?.message).includes(probe), from);
  }

  /** Sends a user message; resolves with its ack. */
  async sendMessage(text: string, conversationId?: string): Promise<Envelope & { runId: string; conversationId: string }> {
    const clientId = randomUUID();
    const from = this.frames.length;
    this.send({ type: 'user_message', clientId, text, ...(conversationId === undefined ? {} : { conversationId }) });
    const frame = await this.waitFor((f) => f.json?.type === 'ack' && f.json.data?.clientId === clientId, from);
    return frame.json as Envelope & { runId: string; conversationId: string };
  }

  /** Waits until the run ends (agent_completed or agent_error); returns its events in arrival order. */
  async runEvents(runId: string): Promise<Envelope[]> {
    await this.waitFor((f) => f.json?.runId === runId && (f.json.type === 'agent_completed' || f.json.type === 'agent_error'));
    return this.eventsOf(runId);
  }

  eventsOf(runId: string): Envelope[] {
    return this.received.filter((e) => e.runId === runId && isAgentEventType(e.type));
  }

  /** Sends a message and waits for its whole run. */
  async ask(text: string, conversationId?: string): Promise<{ ack: Envelope & { runId: string; conversationId: string }; events: Envelope[] }> {
    const ack = await this.sendMessage(text, conversationId);
    return { ack, events: await this.runEvents(ack.runId) };
  }

  close(): Promise<{ code: number; reason: string }> {
    this.ws.close();
    return this.closed;
  }
}
