/**
 * ai-sdk-chat ("Shop assistant"): a chat product built on the Vercel AI SDK as its docs build one.
 * `POST /api/chat` takes what `useChat`'s DefaultChatTransport sends, runs `streamText` over a
 * scripted mock model with three tools of its own (stock, orders, prices), and answers with
 * the UI message stream over SSE. Sign-in is its own: a form post (`login`, `secret`), an
 * in-memory session behind an HttpOnly cookie; there is no sign-out and no length limit.
 *
 *   node --import tsx targets/examples/ai-sdk-chat/server.ts   (PORT, HOST, TEST_USERS, FAULTS)
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  convertToModelMessages,
  createIdGenerator,
  createUIMessageStreamResponse,
  safeValidateUIMessages,
  type Tool,
  stepCountIs,
  streamText,
  type UIMessage,
  type UIMessageChunk,
} from 'ai';
import { z } from 'zod';
import { scriptedModel } from './agent.ts';
import { dropToolResults, FAULT_NAMES, parseFaults, replay, RunCache, withholdFinish, type Fault } from './faults.ts';
import { chatPage, signInPage } from './html.ts';
import { tools } from './tools.ts';

const NAME = 'ai-sdk-chat';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.join(HERE, 'dist');
/** The pause between two chunks the model streams: a model that takes its time, a little. */
const CHUNK_DELAY_MS = 18;
const MAX_BODY_BYTES = 2_000_000;

function stop(message: string): never {
  console.error(`${NAME}: ${message}`);
  process.exit(1);
}

if (process.argv.includes('--list-faults')) {
  console.log(JSON.stringify({ faults: FAULT_NAMES }));
  process.exit(0);
}

/** TEST_USERS: `name:password` pairs, comma-separated (the variable the suite reads too). */
function parseUsers(value: string | undefined): Map<string, string> {
  if (!value?.trim()) stop('TEST_USERS is required: a comma-separated list of name:password pairs, e.g. alice:secret1,bob:secret2');
  const users = new Map<string, string>();
  for (const entry of value.split(',').map((item) => item.trim()).filter(Boolean)) {
    const separator = entry.indexOf(':');
    if (separator <= 0 || separator === entry.length - 1) stop(`TEST_USERS: "${entry}" is not a name:password pair (expected e.g. alice:secret1,bob:secret2)`);
    users.set(entry.slice(0, separator), entry.slice(separator + 1));
  }
  return users;
}

let faults: Fault[];
try {
  faults = parseFaults(process.env.FAULTS);
} catch (error) {
  stop((error as Error).message);
}
const users = parseUsers(process.env.TEST_USERS);
const port = Number(process.env.PORT ?? 4301);
const host = process.env.HOST ?? '127.0.0.1';
if (!Number.isInteger(port) || port < 0 || port > 65535) stop(`PORT must be a port number, got ${process.env.PORT ?? ''}`);

if (!existsSync(path.join(DIST, 'main.js'))) stop(`${path.relative(process.cwd(), DIST) || DIST} has no bundle: run \`npm run setup\` (it builds examples/${NAME}/dist)`);
const ASSET_TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json' };
const assets = new Map(
  readdirSync(DIST)
    .filter((file) => path.extname(file) in ASSET_TYPES)
    .map((file) => [file, { body: readFileSync(path.join(DIST, file)), type: ASSET_TYPES[path.extname(file)] ?? 'application/octet-stream' }] as const),
);

// ---- sessions: in memory, so a restart signs everyone out ----

const sessions = new Map<string, string>();
const SESSION_COOKIE = 'sid';

function cookiesOf(request: IncomingMessage): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator > 0) cookies.set(pair.slice(0, separator).trim(), decodeURIComponent(pair.slice(separator + 1).trim()));
  }
  return cookies;
}

/** The signed-in user, or why there is none: no cookie at all, or one the server no longer knows. */
function sessionOf(request: IncomingMessage): { user: string; sid: string } | { user?: undefined; stale: boolean } {
  const sid = cookiesOf(request).get(SESSION_COOKIE);
  if (sid === undefined) return { stale: false };
  const user = sessions.get(sid);
  return user === undefined ? { stale: true } : { user, sid };
}

const sessionCookie = (sid: string) => `${SESSION_COOKIE}=${sid}; HttpOnly; SameSite=Lax; Path=/`;
const clearedCookie = `${SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0`;

function passwordMatches(user: string, password: string): boolean {
  const expected = Buffer.from(users.get(user) ?? '');
  const given = Buffer.from(password);
  return users.has(user) && expected.length === given.length && timingSafeEqual(expected, given);
}

// ---- HTTP helpers ----

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

function send(response: ServerResponse, status: number, body: string | Buffer, type: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...SECURITY_HEADERS, ...headers });
  response.end(body);
}
const sendHtml = (response: ServerResponse, status: number, html: string, headers: Record<string, string> = {}) => {
  send(response, status, html, 'text/html; charset=utf-8', headers);
};
const sendJson = (response: ServerResponse, status: number, value: unknown) => {
  send(response, status, JSON.stringify(value), 'application/json; charset=utf-8');
};
const redirect = (response: ServerResponse, location: string, headers: Record<string, string> = {}) => {
  response.writeHead(303, { location, 'cache-control': 'no-store', ...headers });
  response.end();
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  let size = 0;
  const parts: Buffer[] = [];
  for await (const part of request as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request body too large');
    parts.push(part);
  }
  return Buffer.concat(parts).toString('utf8');
}

/** A POST from another site's page is refused (SameSite=Lax keeps the cookie off it already). */
function isCrossSite(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (origin === undefined || origin === 'null') return origin === 'null';
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

// ---- the chat route ----

/** What DefaultChatTransport posts: the chat id, its messages, why it sends them. */
const chatRequest = z.object({
  id: z.string().min(1),
  messages: z.array(z.unknown()).min(1),
  trigger: z.enum(['submit-message', 'regenerate-message']),
  messageId: z.string().optional(),
});

const runCache = new RunCache();
const generateMessageId = createIdGenerator({ prefix: 'msg', size: 16 });

async function chat(request: IncomingMessage, response: ServerResponse, user: string): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse(await readBody(request));
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, 'the body is not JSON');
  }
  const parsed = chatRequest.safeParse(body);
  if (!parsed.success) throw new HttpError(400, `not a chat request: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`);
  // ai@6 types `tools` here as Tool<unknown>, which a typed tool does not widen to (its needsApproval is contravariant); the values are the same tools.
  const validated = await safeValidateUIMessages<UIMessage>({ messages: parsed.data.messages, tools: tools as Record<string, Tool<unknown, unknown>> });
  if (!validated.success) throw new HttpError(400, `invalid messages: ${validated.error.message}`);
  const messages = validated.data;
  const last = messages.at(-1);
  if (last?.role !== 'user') throw new HttpError(400, 'the last message must be the user\'s');

  const abort = new AbortController();
  response.on('close', () => {
    abort.abort();
  });

  let stream: ReadableStream<UIMessageChunk>;
  const cached = faults.includes('cross-deliver') ? runCache.otherThan(user) : undefined;
  if (cached) {
    stream = replay(cached, CHUNK_DELAY_MS);
  } else {
    const result = streamText({
      model: scriptedModel(CHUNK_DELAY_MS),
      tools,
      stopWhen: stepCountIs(6),
      messages: await convertToModelMessages(messages, { tools, ignoreIncompleteToolCalls: true }),
      abortSignal: abort.signal,
    });
    // The SDK masks errors by default; this product shows the tool's own error text.
    stream = result.toUIMessageStream({ sendReasoning: true, originalMessages: messages, generateMessageId, onError: String });
    if (faults.includes('lose-tool-result')) stream = stream.pipeThrough(dropToolResults());
    if (faults.includes('never-finishes')) stream = stream.pipeThrough(withholdFinish());
    if (faults.includes('cross-deliver')) stream = stream.pipeThrough(runCache.recorder(user));
  }

  const answer = createUIMessageStreamResponse({ stream });
  response.writeHead(answer.status, { ...Object.fromEntries(answer.headers), ...SECURITY_HEADERS });
  response.flushHeaders();
  if (!answer.body) {
    response.end();
    return;
  }
  const reader = answer.body.getReader();
  abort.signal.addEventListener('abort', () => {
    void reader.cancel().catch(() => undefined);
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      response.write(value);
    }
  } catch {
    // The page went away mid-answer: the model is aborted with it.
  } finally {
    response.end();
  }
}

// ---- routes ----

async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const method = request.method ?? 'GET';
  const session = sessionOf(request);

  if (method === 'GET' && url.pathname === '/health') {
    sendJson(response, 200, { ok: true, faults });
    return;
  }
  if (method === 'GET' && url.pathname === '/favicon.ico') {
    response.writeHead(204, { 'cache-control': 'max-age=86400' });
    response.end();
    return;
  }
  if (method === 'GET' && url.pathname.startsWith('/assets/')) {
    const asset = assets.get(url.pathname.slice('/assets/'.length));
    if (asset) send(response, 200, asset.body, asset.type, { 'cache-control': 'no-cache' });
    else send(response, 404, 'not found', 'text/plain; charset=utf-8');
    return;
  }
  if (method === 'GET' && url.pathname === '/') {
    if (session.user !== undefined) sendHtml(response, 200, chatPage(session.user));
    else if (session.stale) sendHtml(response, 200, signInPage({ alert: 'Your session has expired. Please sign in again.' }), { 'set-cookie': clearedCookie });
    else sendHtml(response, 200, signInPage());
    return;
  }
  if (method === 'POST' && isCrossSite(request)) {
    sendJson(response, 403, { error: 'cross-site request refused' });
    return;
  }
  if (method === 'POST' && url.pathname === '/login') {
    const form = new URLSearchParams(await readBody(request));
    const username = form.get('login') ?? '';
    if (!passwordMatches(username, form.get('secret') ?? '')) {
      sendHtml(response, 401, signInPage({ alert: 'Invalid login. Check your details and try again.', username }));
      return;
    }
    if (session.user !== undefined) sessions.delete(session.sid);
    const sid = randomBytes(32).toString('base64url');
    sessions.set(sid, username);
    redirect(response, '/', { 'set-cookie': sessionCookie(sid) });
    return;
  }
  if (method === 'POST' && url.pathname === '/api/chat') {
    if (session.user === undefined) {
      sendJson(response, 401, { error: session.stale ? 'Your session has expired. Please sign in again.' : 'Sign in first.' });
      return;
    }
    await chat(request, response, session.user);
    return;
  }
  const known = ['/', '/login', '/api/chat', '/health'].includes(url.pathname);
  send(response, known ? 405 : 404, known ? 'method not allowed' : 'not found', 'text/plain; charset=utf-8');
}

const server = createServer((request, response) => {
  route(request, response).catch((error: unknown) => {
    const status = error instanceof HttpError ? error.status : 500;
    if (status === 500) console.error(`${NAME}:`, error);
    if (response.headersSent) response.end();
    else sendJson(response, status, { error: error instanceof Error ? error.message : String(error) });
  });
});

server.listen(port, host, () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  console.log(`${NAME} listening on http://${host}:${actual}`);
});

const shutdown = () => {
  server.close(() => process.exit(0));
  // Streams that never finish (FAULTS=never-finishes) would hold close() forever.
  server.closeAllConnections();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
