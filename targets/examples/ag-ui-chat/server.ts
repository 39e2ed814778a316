/**
 * ag-ui-chat: an AG-UI agent server and the page that talks to it.
 *
 *   node --import tsx targets/examples/ag-ui-chat/server.ts        (PORT 4302, HOST 127.0.0.1)
 *
 * POST /api/agent takes a RunAgentInput (checked with @ag-ui/core's schema) and answers with the
 * run's AG-UI events as Server-Sent Events, encoded by @ag-ui/encoder's EventEncoder for the
 * request's Accept header. Sign-in is by a bearer token kept in memory (POST /api/token,
 * POST /api/logout, GET /api/me). POST /api/agent/stop {runId} stops a run of the user's: its stream
 * ends with RUN_FINISHED and a cancelled outcome. The page is the prebuilt bundle in dist/ (build.ts).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { contentToText, EventType, type AGUIEvent } from '@ag-ui/core';
import { EventSchemas, RunAgentInputSchema } from '@ag-ui/core/schemas';
import { EventEncoder } from '@ag-ui/encoder';
import { cancelledEnding, scriptRun, SLOW_TOOL_MS } from './agent.ts';
import type { ToolName } from './tools.ts';

const NAME = 'ag-ui-chat';
const FAULT_NAMES = ['never-finishes', 'lose-tool-result', 'cross-deliver', 'rewrite-text', 'ignore-stop'] as const;
type Fault = (typeof FAULT_NAMES)[number];
const MAX_BODY = 1_000_000;
/** The pace of a streaming agent: one event every STEP_MS, give or take JITTER_MS. */
const STEP_MS = 20;
const JITTER_MS = 5;

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');

function fail(message: string): never {
  process.stderr.write(`${NAME}: ${message}\n`);
  process.exit(1);
}

if (process.argv.includes('--list-faults')) {
  process.stdout.write(`${JSON.stringify({ faults: FAULT_NAMES })}\n`);
  process.exit(0);
}

// ---- configuration ----

function parseUsers(list: string | undefined): Map<string, string> {
  if (list === undefined || list.trim() === '') fail('TEST_USERS is required: a comma-separated list of name:password pairs, e.g. alice:secret1,bob:secret2');
  const users = new Map<string, string>();
  for (const entry of list.split(',').map((item) => item.trim()).filter(Boolean)) {
    const separator = entry.indexOf(':');
    const password = entry.slice(separator + 1);
    if (separator <= 0 || password === '') fail(`TEST_USERS: expected name:password, got ${JSON.stringify(entry)}`);
    users.set(entry.slice(0, separator), password);
  }
  if (users.size === 0) fail('TEST_USERS holds no name:password pair');
  return users;
}

function parseFaults(list: string | undefined): Set<Fault> {
  const names = (list ?? '').split(',').map((item) => item.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(FAULT_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) fail(`unknown fault ${unknown.join(', ')} in FAULTS; known faults: ${FAULT_NAMES.join(', ')}`);
  return new Set(names as Fault[]);
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 4302;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT: expected a port number, got ${JSON.stringify(value)}`);
  return port;
}

function parseTokenStore(value: string | undefined): 'local' | 'session' {
  if (value === undefined || value === '' || value === 'local') return 'local';
  if (value === 'session') return 'session';
  fail(`TOKEN_STORE: expected local or session, got ${JSON.stringify(value)}`);
}

const users = parseUsers(process.env.TEST_USERS);
const faults = parseFaults(process.env.FAULTS);
const port = parsePort(process.env.PORT);
const host = process.env.HOST || '127.0.0.1';
const tokenStore = parseTokenStore(process.env.TOKEN_STORE);

function readBundle(file: string): Buffer {
  const full = path.join(dist, file);
  if (!existsSync(full)) fail(`${path.relative(process.cwd(), full)} is missing: run \`npm run setup\` (it builds examples/${NAME}/dist)`);
  return readFileSync(full);
}

const page = readBundle('index.html')
  .toString('utf8')
  .replace('__CONFIG__', JSON.stringify({ tokenStore }).replace(/</g, '\\u003c'));
const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
readBundle('main.js');
readBundle('main.css');
/** Everything the build wrote (the entry, its chunks, the styles, their source maps), by URL. */
const assets = new Map<string, { body: Buffer; type: string }>(
  readdirSync(dist)
    .filter((file) => TYPES[path.extname(file)] !== undefined)
    .map((file) => [`/assets/${file}`, { body: readFileSync(path.join(dist, file)), type: TYPES[path.extname(file)] ?? '' }]),
);

// ---- sign-in: bearer tokens in memory ----

const tokens = new Map<string, string>();

function bearer(req: IncomingMessage): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

function signedIn(req: IncomingMessage): string | undefined {
  const token = bearer(req);
  return token === undefined ? undefined : tokens.get(token);
}

// ---- HTTP helpers ----

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, 'The request is too large.');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'The body is not JSON.');
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

// ---- the agent endpoint ----

/** Per user, the events of the last run streamed to them: what `cross-deliver` serves to someone else. */
const lastRuns = new Map<string, { events: AGUIEvent[]; at: number }>();

function anotherUsersLastRun(user: string): AGUIEvent[] | undefined {
  let latest: { events: AGUIEvent[]; at: number } | undefined;
  for (const [owner, run] of lastRuns) if (owner !== user && (!latest || run.at > latest.at)) latest = run;
  return latest?.events;
}

/**
 * rewrite-text: halfway through the answer, a messages snapshot with a draft of it, longer than
 * what has streamed, then one with what has streamed: the page shows the draft, then takes it back.
 */
function withRewrite(events: AGUIEvent[]): AGUIEvent[] {
  const texts = events.flatMap((event, index) => (event.type === EventType.TEXT_MESSAGE_CONTENT ? [{ event, index }] : []));
  const half = texts[Math.floor(texts.length / 2)];
  if (half === undefined) return events;
  const streamed = texts.filter(({ index }) => index <= half.index).map(({ event }) => event.delta).join('');
  const snapshot = (content: string): AGUIEvent => ({ type: EventType.MESSAGES_SNAPSHOT, messages: [{ id: half.event.messageId, role: 'assistant', content }] });
  return [...events.slice(0, half.index + 1), snapshot(`${streamed} (a draft the server takes back)`), snapshot(streamed), ...events.slice(half.index + 1)];
}

/** The run's events with the faults applied: what this server actually streams. */
function withFaults(events: AGUIEvent[]): AGUIEvent[] {
  let out = faults.has('rewrite-text') ? withRewrite(events) : events;
  if (faults.has('lose-tool-result')) out = out.filter((event) => event.type !== EventType.TOOL_CALL_RESULT);
  if (faults.has('never-finishes')) {
    const lastText = out.findLastIndex((event) => event.type === EventType.TEXT_MESSAGE_CONTENT);
    out = out.slice(0, lastText + 1);
  }
  return out;
}

/** The runs streaming now, by runId: whose, and their Stop. */
const streaming = new Map<string, { user: string; stop: AbortController }>();

/** The user's Stop: true when the run is theirs and still streams (`ignore-stop`: accepted, and it goes on). */
function stopRun(runId: string, user: string): boolean {
  const run = streaming.get(runId);
  if (run?.user !== user) return false;
  if (!faults.has('ignore-stop')) run.stop.abort();
  return true;
}

/** The pause before `event`: a step, and before a slow tool's result, the time the tool takes. */
function pauseBefore(event: AGUIEvent, tools: Map<string, ToolName>): number {
  if (event.type === EventType.TOOL_CALL_START) tools.set(event.toolCallId, event.toolCallName as ToolName);
  const tool = event.type === EventType.TOOL_CALL_RESULT ? tools.get(event.toolCallId) : undefined;
  return STEP_MS - JITTER_MS + Math.round(Math.random() * 2 * JITTER_MS) + (tool === undefined ? 0 : (SLOW_TOOL_MS[tool] ?? 0));
}

async function runAgent(req: IncomingMessage, res: ServerResponse, user: string): Promise<void> {
  const parsed = RunAgentInputSchema.safeParse(await readJson(req));
  if (!parsed.success) {
    sendJson(res, 400, { error: 'The body is not a RunAgentInput.', issues: parsed.error.issues });
    return;
  }
  const input = parsed.data;
  const last = input.messages.filter((message) => message.role === 'user').at(-1);
  if (!last) throw new HttpError(400, 'The RunAgentInput holds no user message.');
  const text = contentToText(last.content);
  if (text.trim() === '') throw new HttpError(400, 'The message is empty.');

  const replayed = faults.has('cross-deliver') ? anotherUsersLastRun(user) : undefined;
  const events = replayed ?? withFaults(scriptRun(input.threadId, input.runId, text));
  for (const event of events) EventSchemas.parse(event);

  const encoder = new EventEncoder(req.headers.accept === undefined ? {} : { accept: req.headers.accept });
  res.writeHead(200, { 'Content-Type': encoder.getContentType(), 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  res.flushHeaders();

  const gone = new AbortController();
  const stop = new AbortController();
  streaming.set(input.runId, { user, stop });
  res.on('close', () => {
    gone.abort();
  });
  const tools = new Map<string, ToolName>();
  const sent: AGUIEvent[] = [];
  try {
    for (const [index, event] of events.entries()) {
      const pause = pauseBefore(event, tools);
      if (index > 0) await sleep(pause, undefined, { signal: AbortSignal.any([gone.signal, stop.signal]) });
      res.write(encoder.encodeBinary(event));
      sent.push(event);
    }
  } catch (error) {
    if (gone.signal.aborted) return;
    if (!stop.signal.aborted) throw error;
    for (const event of cancelledEnding(sent, input.threadId, input.runId)) res.write(encoder.encodeBinary(event));
    res.end();
    return;
  } finally {
    streaming.delete(input.runId);
  }
  if (faults.has('cross-deliver') && !replayed) lastRuns.set(user, { events, at: Date.now() });
  // never-finishes: the response stays open, with no TEXT_MESSAGE_END and no RUN_FINISHED.
  if (!faults.has('never-finishes')) res.end();
}

// ---- routes ----

async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const key = `${req.method ?? 'GET'} ${url.pathname}`;

  if (key === 'GET /') {
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'",
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(page);
    return;
  }
  const asset = req.method === 'GET' ? assets.get(url.pathname) : undefined;
  if (asset) {
    res.writeHead(200, { 'Content-Type': asset.type, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
    res.end(asset.body);
    return;
  }
  switch (key) {
    case 'GET /favicon.ico':
      res.writeHead(204).end();
      return;
    case 'GET /health':
      sendJson(res, 200, { ok: true, faults: [...faults] });
      return;
    case 'POST /api/token': {
      const body = await readJson(req);
      const name = isRecord(body) && typeof body.name === 'string' ? body.name : '';
      const password = isRecord(body) && typeof body.password === 'string' ? body.password : undefined;
      if (password === undefined || users.get(name) !== password) {
        sendJson(res, 401, { error: 'Wrong username or password.' });
        return;
      }
      const token = randomBytes(24).toString('base64url');
      tokens.set(token, name);
      sendJson(res, 200, { token });
      return;
    }
    case 'POST /api/logout': {
      const token = bearer(req);
      if (token === undefined || !tokens.delete(token)) {
        sendJson(res, 401, { error: 'Not signed in.' });
        return;
      }
      res.writeHead(204).end();
      return;
    }
    case 'GET /api/me': {
      const name = signedIn(req);
      if (name === undefined) sendJson(res, 401, { error: 'Not signed in.' });
      else sendJson(res, 200, { name });
      return;
    }
    case 'POST /api/agent/stop': {
      const name = signedIn(req);
      if (name === undefined) {
        sendJson(res, 401, { error: 'Not signed in.' });
        return;
      }
      const body = await readJson(req);
      const runId = isRecord(body) && typeof body.runId === 'string' ? body.runId : '';
      if (stopRun(runId, name)) res.writeHead(204).end();
      else sendJson(res, 404, { error: 'No run of yours is streaming with that id.' });
      return;
    }
    case 'POST /api/agent': {
      const name = signedIn(req);
      if (name === undefined) {
        sendJson(res, 401, { error: 'Not signed in.' });
        return;
      }
      await runAgent(req, res, name);
      return;
    }
    default:
      sendJson(res, 404, { error: `No route ${key}` });
  }
}

const server = createServer((req, res) => {
  route(req, res).catch((error: unknown) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof HttpError) {
      sendJson(res, error.status, { error: error.message });
      return;
    }
    process.stderr.write(`${NAME}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    sendJson(res, 500, { error: 'Internal error.' });
  });
});

server.on('error', (error) => {
  fail(`cannot listen on ${host}:${port}: ${error.message}`);
});

server.listen(port, host, () => {
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(`${NAME} listening on http://${host}:${bound}\n`);
});

function shutDown(): void {
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
