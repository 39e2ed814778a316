/**
 * The load itself (run by tools/commands/load.ts, and by tests/load/ against an app in the test's
 * process): users sign up, connect and chat; every frame is recorded as the suite's tap records a
 * page's (events/recorder.ts); the histories are read back. load/check.ts judges what it recorded.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { startReferenceApp, type AppProcess } from '../../lib/process/app-process.ts';
import { byDeadline } from '../../lib/process/deadline.ts';
import type { RunningApp } from '../../targets/app/server.ts';
import { loadDecoder } from '../../lib/config/decoder-module.ts';
import { FrameRecorder } from '../../lib/events/recorder.ts';
import type { TappedFrame } from '../../lib/events/types.ts';
import { history, login, register, AppSocket, uniqueName, type Envelope, type Frame, type TestUser } from './app-client.ts';
import { plannedMessage, type ConversationHistory, type LoadRecording, type SentMessage } from './check.ts';

/** The load could not run at all (as opposed to a property that broke). */
export class LoadSetupError extends Error {
  override name = 'LoadSetupError';
}

export class LoadTimeout extends Error {
  override name = 'LoadTimeout';
}

/** Sub-millisecond wall-clock time: latencies at AGENT_STEP_MS=0 are a few milliseconds. */
export const now = (): number => performance.timeOrigin + performance.now();

/** The one bound on the whole load: every wait is cut to what is left of it. */
class Deadline {
  private readonly at: number;
  constructor(ms: number) {
    this.at = Date.now() + ms;
  }
  left(): number {
    return Math.max(0, this.at - Date.now());
  }
}

/** `promise`, or a LoadTimeout after `ms`: a bound on a wait for a real event, not a sleep. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return byDeadline(promise, ms, () => Promise.reject(new LoadTimeout(`${what}: nothing within ${Math.round(ms)} ms`)));
}

export const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** One user: their account, their socket, and the tap that records it like the suite's page tap. */
class Participant {
  private readonly socketId: string;

  private constructor(
    readonly index: number,
    readonly user: TestUser,
    readonly socket: AppSocket,
    private readonly recorder: FrameRecorder,
    private readonly url: string,
  ) {
    this.socketId = `${user.name}-socket`;
    this.tap({ kind: 'open', at: now() });
    // Frames that came before the tap was on (the hello) are recorded now, in their order.
    for (const frame of socket.frames) this.tap({ kind: 'received', at: now(), payload: frame.raw, binary: false, bytes: Buffer.byteLength(frame.raw) });
    socket.ws.on('message', (data: Buffer, isBinary: boolean) => {
      const payload = isBinary ? data.toString('base64') : data.toString('utf8');
      this.tap({ kind: 'received', at: now(), payload, binary: isBinary, bytes: data.length });
    });
    void socket.closed.then(({ code, reason }) => {
      this.tap({ kind: 'close', at: now(), code, reason });
    });
  }

  /** Registers over HTTP, signs in (the socket uses the sign-in's cookie) and connects. */
  static async join(app: RunningApp, index: number, recorder: FrameRecorder, deadline: Deadline): Promise<Participant> {
    const name = uniqueName(`load${index}`);
    const password = `load-password-${randomUUID()}`;
    const bound = <T>(promise: Promise<T>, what: string): Promise<T> => within(promise, deadline.left(), `${name}: ${what}`);
    await bound(register(app, name, password), 'register');
    const user = await bound(login(app, name, password), 'sign in');
    const socket = await bound(AppSocket.connect(app, user), 'connect (hello)');
    return new Participant(index, user, socket, recorder, `${app.url.replace(/^http/, 'ws')}/ws`);
  }

  get name(): string {
    return this.user.name;
  }

  private tap(frame: Omit<TappedFrame, 'socketId' | 'url'>): void {
    this.recorder.record({ ...frame, socketId: this.socketId, url: this.url }, { pageId: this.socketId, contextId: this.name, owner: this.name });
  }

  send(payload: string): void {
    this.tap({ kind: 'sent', at: now(), payload, binary: false, bytes: Buffer.byteLength(payload) });
    this.socket.send(payload);
  }

  /** The first frame from `from` on that matches; fails on an error reply naming the clientId, a close, or the bound. */
  async wait(predicate: (envelope: Envelope) => boolean, from: number, ms: number, what: string, clientId?: string): Promise<Envelope> {
    const refused = this.socket.waitFor((frame: Frame) => frame.json?.type === 'error' && clientId !== undefined && frame.json.data?.clientId === clientId, from).then((frame) => {
      throw new Error(`${what}: the server answered ${frame.raw}`);
    });
    const closed = this.socket.closed.then(({ code, reason }) => {
      throw new Error(`${what}: the socket closed (${code} ${reason})`);
    });
    const found = this.socket.waitFor((frame) => frame.json !== undefined && predicate(frame.json), from);
    const frame = await within(Promise.race([found, refused, closed]), ms, what);
    return frame.json as Envelope;
  }
}

export interface RunLoadOptions {
  url: string;
  users: number;
  messages: number;
  runTimeoutMs: number;
  timeoutMs: number;
  log?: (line: string) => void;
}

const ENDINGS = new Set(['agent_completed', 'agent_error']);

/** One user's conversation: each message waits for the previous run's end. Stops at the first failure. */
async function chat(user: Participant, options: RunLoadOptions, deadline: Deadline, sent: SentMessage[], problems: string[]): Promise<void> {
  let conversationId: string | undefined;
  for (let i = 0; i < options.messages; i += 1) {
    const planned = plannedMessage(user.index, i);
    const clientId = randomUUID();
    const record: SentMessage = { user: user.name, clientId, text: planned.text, tools: planned.tools };
    sent.push(record);
    const from = user.socket.frames.length;
    user.send(JSON.stringify({ type: 'user_message', clientId, text: planned.text, ...(conversationId === undefined ? {} : { conversationId }) }));
    const bound = (): number => Math.min(options.runTimeoutMs, deadline.left());
    try {
      const ack = await user.wait((e) => e.type === 'ack' && e.data?.clientId === clientId, from, bound(), `the ack of ${JSON.stringify(planned.text)}`, clientId);
      const runId = String(ack.runId);
      conversationId = String(ack.conversationId);
      record.runId = runId;
      record.conversationId = conversationId;
      await user.wait((e) => e.runId === runId && ENDINGS.has(e.type), from, bound(), `the end (agent_completed or agent_error) of run ${runId}`);
    } catch (error) {
      const rest = options.messages - i - 1;
      problems.push(`${user.name}: ${message(error)}${rest > 0 ? `; its last ${rest} message(s) were not sent` : ''}`);
      return;
    }
  }
}

/**
 * Signs the users up, connects them all, lets them chat at once, reads every conversation back,
 * and returns what was recorded (judge it with judgeLoad). Throws LoadSetupError when the users
 * cannot all be signed up and connected.
 */
export async function runLoad(options: RunLoadOptions): Promise<LoadRecording & { setupMs: number }> {
  const log = options.log ?? (() => undefined);
  const deadline = new Deadline(options.timeoutMs);
  const app: RunningApp = { url: options.url, port: Number(new URL(options.url).port), dataDir: '', close: () => Promise.resolve() };
  const recorder = new FrameRecorder(await loadDecoder('reference'), () => true);
  recorder.beginTest('load');

  const setupStarted = now();
  const joined = await Promise.allSettled(Array.from({ length: options.users }, (_, index) => Participant.join(app, index, recorder, deadline)));
  const users = joined.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = joined.flatMap((result) => (result.status === 'rejected' ? [message(result.reason)] : []));
  if (failed.length > 0) {
    await Promise.all(users.map((user) => user.socket.close()));
    throw new LoadSetupError(`${failed.length} of ${options.users} users could not sign up and connect; first: ${failed[0] ?? ''}`);
  }
  const setupMs = now() - setupStarted;
  log(`set-up: ${users.length} users registered, signed in and connected in ${(setupMs / 1000).toFixed(1)} s`);

  // Every socket is open before anyone speaks: the load is concurrent from its first message.
  const sent: SentMessage[] = [];
  const problems: string[] = [];
  const chatStarted = now();
  await Promise.all(users.map((user) => chat(user, options, deadline, sent, problems)));
  const chatMs = now() - chatStarted;
  log(`chat: ${sent.length} messages in ${(chatMs / 1000).toFixed(1)} s`);

  // The server answers a socket in order: once each socket's probe is answered, every event
  // sent to it (a late duplicate, another user's leaked event) is recorded too.
  await Promise.all(
    users.map(async (user) => {
      try {
        await within(user.socket.sync(), deadline.left(), `${user.name}: the final sync`);
      } catch (error) {
        problems.push(message(error));
      }
    }),
  );

  const conversations = new Map<string, Participant>();
  for (const record of sent) {
    const user = users.find((candidate) => candidate.name === record.user);
    if (record.conversationId !== undefined && user) conversations.set(record.conversationId, user);
  }
  const histories = await Promise.all(
    [...conversations].map(async ([conversationId, user]): Promise<ConversationHistory> => {
      try {
        const { events } = await within(history(app, user.user, conversationId), deadline.left(), `${user.name}: GET /api/conversations/${conversationId}`);
        return { user: user.name, conversationId, events };
      } catch (error) {
        return { user: user.name, conversationId, error: message(error) };
      }
    }),
  );

  await Promise.all(users.map((user) => within(user.socket.close(), deadline.left() + 5_000, `${user.name}: close`).catch(() => undefined)));
  return {
    users: users.map((user) => ({ name: user.name, id: user.user.id })),
    messages: sent,
    frames: recorder.endTest(),
    histories,
    problems,
    chatMs,
    setupMs,
  };
}

/** The reference app as a child process with a fresh database, for a load given no --url. */
export const startLoadApp = (stepMs: number, timeoutMs: number): Promise<AppProcess> => startReferenceApp({ AGENT_STEP_MS: String(stepMs), DATA_DIR: '' }, timeoutMs);
