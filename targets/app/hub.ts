/**
 * The WebSocket side: who is connected, what each socket may see, and the client messages.
 *
 * Which live agent events a socket gets (of its own user only, unless the `leak` fault is on):
 *  - every event of a run that started while the socket was open (so a second tab sees it all);
 *  - every event of a conversation it has sent `resume` for (replay first, then live).
 * A socket that opens in the middle of a run gets nothing of that run until it resumes its
 * conversation: it never sees a run without its beginning. Each socket remembers the seqs it
 * was sent, per conversation, so a replay never sends an event twice; replay and live sends
 * happen synchronously (better-sqlite3), so nothing can slip in between them.
 */
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { WebSocket, RawData } from 'ws';
import type { AgentRunner, RunSpec } from './agent/runner.ts';
import type { Store } from './db.ts';
import type { Faults } from './faults.ts';
import { replayItems, type WireItem } from './wire.ts';

export const MAX_TEXT_LENGTH = 8192;
export const MAX_BENCH_COUNT = 200_000;

const benchFrame = (i: number): string => `{"type":"bench","seq":${String(i)},"data":{"i":${String(i)}}}`;
export const CLOSE_UNAUTHORIZED = 4401;

export interface SocketSession {
  userId: string;
  sessionHash: string;
  expiresAt: number;
}

/**
 * A client over SSE (TRANSPORT=sse): one POST of a client message, answered with the frames a
 * socket would get, as SSE events (`id:` the event's seq), until the runs it follows have ended.
 */
interface EventStream {
  res: ServerResponse;
  /** The runs whose end ends the response: the one its message started, or those its resume joined. */
  until: Set<string>;
}

interface Client {
  /** Exactly one of ws and stream. */
  ws?: WebSocket;
  stream?: EventStream;
  userId: string;
  sessionHash: string;
  /** Runs that started while this socket was open. */
  runs: Set<string>;
  /** Conversations this socket resumed: it follows their live events. */
  resumed: Set<string>;
  /** Per conversation, the seqs this socket was sent. */
  sent: Map<string, Set<number>>;
  expiry: NodeJS.Timeout | undefined;
  alive: boolean;
}

export type ErrorCode = 'bad_json' | 'bad_request' | 'unknown_type' | 'empty' | 'too_long' | 'not_found' | 'internal';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class Hub {
  private readonly clients = new Set<Client>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly faults: Faults,
    private readonly options: { benchMode: boolean },
    private readonly runnerRef: { runner?: AgentRunner },
  ) {
    this.heartbeat = setInterval(() => {
      for (const client of this.clients) {
        if (!client.ws) continue;
        if (!client.alive) {
          client.ws.terminate();
          continue;
        }
        client.alive = false;
        client.ws.ping();
      }
    }, 30_000);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /** A socket with a valid session: greet it and listen. */
  attach(ws: WebSocket, session: SocketSession): void {
    const client: Client = {
      ws,
      userId: session.userId,
      sessionHash: session.sessionHash,
      runs: new Set(),
      resumed: new Set(),
      sent: new Map(),
      expiry: undefined,
      alive: true,
    };
    this.clients.add(client);
    const left = Math.max(0, session.expiresAt - Date.now());
    client.expiry = setTimeout(() => {
      ws.close(CLOSE_UNAUTHORIZED, 'Session expired');
    }, Math.min(left, 2_147_483_647));
    client.expiry.unref();
    ws.on('pong', () => {
      client.alive = true;
    });
    ws.on('message', (data, isBinary) => {
      this.onMessage(client, data, isBinary);
    });
    ws.on('close', () => {
      clearTimeout(client.expiry);
      this.clients.delete(client);
    });
    ws.on('error', () => {
      // A broken socket closes; nothing else to do.
    });
    this.send(client, JSON.stringify({ type: 'hello', userId: session.userId, ts: new Date().toISOString() }));
  }

  /**
   * One POST over SSE: the client message in `body` is handled as a socket's would be, and its
   * answer streams back until the runs it follows end. A resume's `afterSeq` may come as the
   * Last-Event-ID header, as a reconnecting SSE client sends it.
   */
  attachStream(res: ServerResponse, session: SocketSession, body: string, lastEventId: string | undefined): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
    const stream: EventStream = { res, until: new Set() };
    const client: Client = { stream, userId: session.userId, sessionHash: session.sessionHash, runs: new Set(), resumed: new Set(), sent: new Map(), expiry: undefined, alive: true };
    this.clients.add(client);
    res.on('close', () => {
      this.clients.delete(client);
    });
    let text = body;
    if (lastEventId !== undefined && /^\d+$/.test(lastEventId)) {
      try {
        const message: unknown = JSON.parse(body);
        if (isRecord(message) && message.type === 'resume' && message.afterSeq === undefined) text = JSON.stringify({ ...message, afterSeq: Number(lastEventId) });
      } catch {
        // Not JSON: onMessage says so.
      }
    }
    this.onMessage(client, Buffer.from(text), false);
    if (stream.until.size === 0) this.endStream(client);
  }

  private endStream(client: Client): void {
    this.clients.delete(client);
    if (client.stream && !client.stream.res.writableEnded) client.stream.res.end();
  }

  /** Logout: the session's sockets are closed with 4401, its streams end. */
  closeSession(sessionHash: string): void {
    for (const client of this.clients) {
      if (client.sessionHash !== sessionHash) continue;
      if (client.ws) client.ws.close(CLOSE_UNAUTHORIZED, 'Signed out');
      else this.endStream(client);
    }
  }

  closeAll(code: number, reason: string): void {
    clearInterval(this.heartbeat);
    for (const client of this.clients) {
      if (client.ws) client.ws.close(code, reason);
      else this.endStream(client);
    }
  }

  /** Every socket of the user that is open now follows the run from its first event. */
  runStarted(run: RunSpec): void {
    for (const client of this.clients) {
      if (client.userId === run.userId) client.runs.add(run.runId);
    }
  }

  deliver(run: RunSpec, items: WireItem[]): void {
    if (items.length === 0) return;
    const leak = this.faults.has('leak');
    for (const client of this.clients) {
      const own = client.userId === run.userId;
      const follows = own && (client.runs.has(run.runId) || client.resumed.has(run.conversationId));
      // The `leak` fault: every agent event also goes to every other user's sockets.
      if (!follows && !(leak && !own)) continue;
      for (const item of items) this.sendItem(client, item);
    }
  }

  private sendItem(client: Client, item: WireItem): void {
    let sent = client.sent.get(item.conversationId);
    if (!sent) {
      sent = new Set();
      client.sent.set(item.conversationId, sent);
    }
    if (item.duplicate) {
      if (sent.has(item.seq)) this.send(client, item.text);
      return;
    }
    if (sent.has(item.seq)) return;
    sent.add(item.seq);
    this.send(client, item.text);
  }

  private send(client: Client, text: string): void {
    if (client.ws) {
      if (client.ws.readyState === client.ws.OPEN) client.ws.send(text);
      return;
    }
    const stream = client.stream;
    if (!stream || stream.res.writableEnded) return;
    const envelope = JSON.parse(text) as { type?: string; runId?: string; seq?: number };
    stream.res.write(`${typeof envelope.seq === 'number' ? `id: ${envelope.seq}\n` : ''}data: ${text}\n\n`);
    if ((envelope.type === 'agent_completed' || envelope.type === 'agent_error') && envelope.runId !== undefined && stream.until.delete(envelope.runId) && stream.until.size === 0) {
      // Once the run's delivery is over: a fault may still flush held-back events in this tick.
      setImmediate(() => {
        this.endStream(client);
      });
    }
  }

  private error(client: Client, code: ErrorCode, message: string, extra: Record<string, unknown> = {}): void {
    this.send(client, JSON.stringify({ type: 'error', data: { message, code, ...extra } }));
  }

  private onMessage(client: Client, data: RawData, isBinary: boolean): void {
    try {
      if (isBinary) {
        this.error(client, 'bad_json', 'Binary frames are not supported: send JSON text');
        return;
      }
      let message: unknown;
      try {
        message = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8'));
      } catch {
        this.error(client, 'bad_json', 'The frame is not valid JSON');
        return;
      }
      if (!isRecord(message) || typeof message.type !== 'string') {
        this.error(client, 'bad_request', 'A message must be a JSON object with a string "type"');
        return;
      }
      switch (message.type) {
        case 'user_message':
          this.onUserMessage(client, message);
          return;
        case 'resume':
          this.onResume(client, message);
          return;
        case 'stop':
          this.onStop(client, message);
          return;
        case 'bench_burst':
          if (this.options.benchMode) {
            this.onBenchBurst(client, message);
            return;
          }
          break;
      }
      this.error(client, 'unknown_type', `Unknown message type "${message.type.slice(0, 64)}"`);
    } catch (error) {
      this.error(client, 'internal', `The server could not handle that message: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private onUserMessage(client: Client, message: Record<string, unknown>): void {
    const { clientId, conversationId, text } = message;
    if (typeof clientId !== 'string' || clientId === '' || clientId.length > 200) {
      this.error(client, 'bad_request', 'user_message needs a "clientId" string (1-200 characters)');
      return;
    }
    if (typeof text !== 'string') {
      this.error(client, 'bad_request', 'user_message needs a "text" string', { clientId });
      return;
    }
    if (conversationId !== undefined && conversationId !== null && typeof conversationId !== 'string') {
      this.error(client, 'bad_request', '"conversationId" must be a string when given', { clientId });
      return;
    }
    if (text.trim() === '') {
      this.error(client, 'empty', 'The message is empty', { clientId });
      return;
    }
    // Characters are code points, as a person counts them.
    if (text.length > MAX_TEXT_LENGTH && Array.from(text).length > MAX_TEXT_LENGTH) {
      this.error(client, 'too_long', `The message is longer than ${MAX_TEXT_LENGTH} characters`, { clientId });
      return;
    }
    const wanted = typeof conversationId === 'string' ? conversationId : undefined;
    if (wanted !== undefined) {
      const conversation = this.store.conversation(wanted);
      if (conversation?.userId !== client.userId) {
        this.error(client, 'not_found', 'Conversation not found', { clientId, conversationId: wanted });
        return;
      }
    }
    // The same clientId again (a resend after a reconnect): acknowledge, do not run twice.
    const existing = this.store.messageByClientId(client.userId, clientId);
    if (existing) {
      this.ack(client, existing.runId, existing.conversationId, clientId, existing.id, new Date().toISOString());
      return;
    }
    const { conversation, message: stored } = this.store.storeUserMessage({
      userId: client.userId,
      conversationId: wanted,
      clientId,
      text,
      envelope: (m, ts) =>
        JSON.stringify({ type: 'user_message', runId: m.runId, userId: client.userId, conversationId: m.conversationId, ts, data: { messageId: m.id, clientId, text } }),
    });
    this.ack(client, stored.runId, conversation.id, clientId, stored.id, new Date().toISOString());
    const runner = this.runnerRef.runner;
    if (!runner) throw new Error('the agent is not running');
    runner.enqueue({ runId: stored.runId, userId: client.userId, conversationId: conversation.id, messageId: stored.id, text });
  }

  /**
   * The ack is a control frame, not an agent event: it has runId/userId/conversationId/ts like
   * the envelope but deliberately NO seq (seq numbers only the stored agent events).
   */
  private ack(client: Client, runId: string, conversationId: string, clientId: string, messageId: string, ts: string): void {
    // A stream follows the run its message started, unless that run has ended already (a resend).
    if (client.stream && this.store.unfinishedRuns().some((run) => run.runId === runId)) client.stream.until.add(runId);
    this.send(client, JSON.stringify({ type: 'ack', runId, userId: client.userId, conversationId, ts, data: { clientId, messageId } }));
  }

  /** The user's Stop: their run, not yet ended, ends as stopped (its ending goes where its events go). */
  private onStop(client: Client, message: Record<string, unknown>): void {
    const { runId } = message;
    if (typeof runId !== 'string' || runId === '') {
      this.error(client, 'bad_request', 'stop needs a "runId" string');
      return;
    }
    const run = this.store.unfinishedRuns().find((unfinished) => unfinished.runId === runId && unfinished.userId === client.userId);
    if (!run || !this.runnerRef.runner?.stop(runId)) this.error(client, 'not_found', 'No run of yours to stop', { runId });
  }

  private onResume(client: Client, message: Record<string, unknown>): void {
    const { conversationId, afterSeq } = message;
    if (typeof conversationId !== 'string' || conversationId === '') {
      this.error(client, 'bad_request', 'resume needs a "conversationId" string');
      return;
    }
    if (typeof afterSeq !== 'number' || !Number.isSafeInteger(afterSeq) || afterSeq < 0) {
      this.error(client, 'bad_request', 'resume needs "afterSeq", an integer >= 0', { conversationId });
      return;
    }
    const conversation = this.store.conversation(conversationId);
    if (conversation?.userId !== client.userId) {
      this.error(client, 'not_found', 'Conversation not found', { conversationId });
      return;
    }
    // Synchronous from here to the `resumed` frame: no live event can interleave.
    for (const event of this.store.eventsAfter(conversationId, afterSeq)) {
      const type = (JSON.parse(event.json) as { type: string }).type;
      for (const item of replayItems(this.faults, type, conversationId, event.seq, event.json)) this.sendItem(client, item);
    }
    client.resumed.add(conversationId);
    // A resumed stream stays open while the conversation has a run going.
    if (client.stream) for (const run of this.store.unfinishedRuns()) if (run.conversationId === conversationId) client.stream.until.add(run.runId);
    this.send(client, JSON.stringify({ type: 'resumed', conversationId, lastSeq: conversation.lastSeq }));
  }

  private onBenchBurst(client: Client, message: Record<string, unknown>): void {
    const { count } = message;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_BENCH_COUNT) {
      this.error(client, 'bad_request', `bench_burst needs "count", an integer from 1 to ${MAX_BENCH_COUNT}`);
      return;
    }
    if (client.ws) void this.burst(client.ws, count);
    else if (client.stream) {
      // The stream is the burst's: it ends after bench_done, not with a run.
      client.stream.until.add('bench_burst');
      void this.streamBurst(client, client.stream.res, count);
    }
  }

  /** Sends as fast as the socket takes them: waits for the kernel buffer every 256 frames. */
  private async burst(ws: WebSocket, count: number): Promise<void> {
    const flushed = (text: string): Promise<void> =>
      new Promise((resolve) => {
        ws.send(text, () => {
          resolve();
        });
      });
    for (let i = 1; i <= count; i += 1) {
      if (ws.readyState !== ws.OPEN) return;
      const frame = benchFrame(i);
      if (i % 256 === 0 && ws.bufferedAmount > 1 << 20) await flushed(frame);
      else ws.send(frame);
    }
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'bench_done', data: { count } }));
  }

  /** The same burst as SSE events (each with its id, as the app's run events have), as fast as the response drains. */
  private async streamBurst(client: Client, res: ServerResponse, count: number): Promise<void> {
    for (let i = 1; i <= count; i += 1) {
      if (res.writableEnded || res.destroyed) return;
      if (!res.write(`id: ${String(i)}\ndata: ${benchFrame(i)}\n\n`)) await once(res, 'drain');
    }
    if (res.writableEnded || res.destroyed) return;
    res.write(`data: ${JSON.stringify({ type: 'bench_done', data: { count } })}\n\n`);
    this.endStream(client);
  }
}
