/** The JSON API under /api and the pages. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clearedSessionCookie, dummyCredentials, hashPassword, hashSessionId, newSessionId, parseCookies, SESSION_COOKIE, sessionCookie, verifyPassword } from './auth.ts';
import { ConflictError, publicConversation, type Store } from './db.ts';
import type { Hub } from './hub.ts';
import { HttpError, readJson, sendEmpty, sendJson } from './http.ts';
import type { UiAssets } from './assets.ts';

export interface ApiContext {
  store: Store;
  hub: Hub;
  assets: UiAssets;
  version: string;
  faultNames: string[];
  transport: 'ws' | 'sse';
  sessionTtlMs: number;
  /** The `xss` fault also drops the Content-Security-Policy, so injected markup can run. */
  xss: boolean;
}

export type Auth =
  | { kind: 'ok'; userId: string; sessionHash: string; expiresAt: number }
  | { kind: 'none' }
  | { kind: 'expired'; sessionHash: string };

const NAME = /^[A-Za-z0-9._-]{3,64}$/;
export const EXPIRED_MESSAGE = 'Your session has expired. Please sign in again.';

/** Who sent the request: a live session, no cookie, or a cookie that no longer counts. */
export function authenticate(store: Store, cookieHeader: string | undefined): Auth {
  const sid = parseCookies(cookieHeader).get(SESSION_COOKIE);
  if (sid === undefined || sid === '') return { kind: 'none' };
  const sessionHash = hashSessionId(sid);
  const session = store.session(sessionHash);
  if (!session) return { kind: 'expired', sessionHash };
  if (session.expiresAt <= Date.now()) {
    store.deleteSession(sessionHash);
    return { kind: 'expired', sessionHash };
  }
  return { kind: 'ok', userId: session.userId, sessionHash, expiresAt: session.expiresAt };
}

function requireUser(ctx: ApiContext, req: IncomingMessage): { userId: string; sessionHash: string; expiresAt: number } {
  const auth = authenticate(ctx.store, req.headers.cookie);
  if (auth.kind === 'ok') return auth;
  if (auth.kind === 'expired') throw new HttpError(401, EXPIRED_MESSAGE, { 'set-cookie': clearedSessionCookie() }, 'session_expired');
  throw new HttpError(401, 'Please sign in', {}, 'unauthenticated');
}

function credentials(body: unknown): { name: string; password: string } {
  if (typeof body !== 'object' || body === null) throw new HttpError(400, 'Send {"name": "...", "password": "..."}');
  const { name, password } = body as Record<string, unknown>;
  if (typeof name !== 'string' || typeof password !== 'string') throw new HttpError(400, 'Send {"name": "...", "password": "..."}');
  return { name, password };
}

function startSession(ctx: ApiContext, userId: string): string {
  const sid = newSessionId();
  ctx.store.deleteExpiredSessions(Date.now());
  ctx.store.createSession(hashSessionId(sid), userId, Date.now() + ctx.sessionTtlMs);
  return sessionCookie(sid, ctx.sessionTtlMs);
}

async function register(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { name, password } = credentials(await readJson(req));
  if (!NAME.test(name)) throw new HttpError(400, 'The username must be 3 to 64 characters: letters, digits, dot, dash or underscore');
  if (password.length < 8) throw new HttpError(400, 'The password must be at least 8 characters long');
  if (password.length > 1024) throw new HttpError(400, 'The password must be at most 1024 characters long');
  if (ctx.store.userByName(name)) throw new HttpError(409, 'That username is taken');
  const { salt, hash } = await hashPassword(password);
  let user: { id: string; name: string };
  try {
    user = ctx.store.createUser(name, salt, hash);
  } catch (error) {
    if (error instanceof ConflictError) throw new HttpError(409, 'That username is taken');
    throw error;
  }
  sendJson(res, 201, user, { 'set-cookie': startSession(ctx, user.id) });
}

async function login(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { name, password } = credentials(await readJson(req));
  const user = NAME.test(name) ? ctx.store.userByName(name) : undefined;
  if (!user) {
    const dummy = await dummyCredentials();
    await verifyPassword(password, dummy.salt, dummy.hash);
    throw new HttpError(401, 'Wrong username or password');
  }
  if (!(await verifyPassword(password, user.salt, user.hash))) throw new HttpError(401, 'Wrong username or password');
  sendJson(res, 200, { id: user.id, name: user.name }, { 'set-cookie': startSession(ctx, user.id) });
}

function logout(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): void {
  const auth = authenticate(ctx.store, req.headers.cookie);
  if (auth.kind !== 'none') {
    ctx.store.deleteSession(auth.sessionHash);
    ctx.hub.closeSession(auth.sessionHash);
  }
  sendEmpty(res, 204, { 'set-cookie': clearedSessionCookie() });
}

function me(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): void {
  const { userId } = requireUser(ctx, req);
  const user = ctx.store.userById(userId);
  if (!user) throw new HttpError(401, 'Please sign in', {}, 'unauthenticated');
  sendJson(res, 200, user);
}

function listConversations(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): void {
  const { userId } = requireUser(ctx, req);
  sendJson(res, 200, ctx.store.conversations(userId).map(publicConversation));
}

function createConversation(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): void {
  const { userId } = requireUser(ctx, req);
  sendJson(res, 201, publicConversation(ctx.store.createConversation(userId)));
}

function getConversation(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, id: string): void {
  const { userId } = requireUser(ctx, req);
  const conversation = ctx.store.conversation(id);
  // Another user's conversation is indistinguishable from one that does not exist.
  if (conversation?.userId !== userId) throw new HttpError(404, 'Conversation not found');
  const events = ctx.store.history(id).map((json) => JSON.parse(json) as unknown);
  sendJson(res, 200, { conversation: publicConversation(conversation), events });
}

/**
 * POST /api/sse (TRANSPORT=sse): a client message, the same JSON a socket takes, answered with
 * what a socket would get, as an SSE stream until the runs it follows end (app/hub.ts).
 */
async function eventStream(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const session = requireUser(ctx, req);
  const message = await readJson(req);
  const lastEventId = req.headers['last-event-id'];
  ctx.hub.attachStream(res, session, JSON.stringify(message), typeof lastEventId === 'string' ? lastEventId : undefined);
}

type Handler = (ctx: ApiContext, req: IncomingMessage, res: ServerResponse, ...params: string[]) => void | Promise<void>;

interface Route {
  pattern: RegExp;
  methods: Partial<Record<string, Handler>>;
}

const ROUTES: Route[] = [
  { pattern: /^\/api\/health$/, methods: { GET: (ctx, _req, res) => { sendJson(res, 200, { ok: true, version: ctx.version, faults: ctx.faultNames, transport: ctx.transport }); } } },
  { pattern: /^\/api\/config$/, methods: { GET: (ctx, _req, res) => { sendJson(res, 200, { faults: ctx.faultNames }); } } },
  { pattern: /^\/api\/register$/, methods: { POST: register } },
  { pattern: /^\/api\/login$/, methods: { POST: login } },
  { pattern: /^\/api\/logout$/, methods: { POST: logout } },
  { pattern: /^\/api\/me$/, methods: { GET: me } },
  { pattern: /^\/api\/conversations$/, methods: { GET: listConversations, POST: createConversation } },
  { pattern: /^\/api\/conversations\/([A-Za-z0-9_-]{1,100})$/, methods: { GET: getConversation } },
  { pattern: /^\/api\/sse$/, methods: { POST: eventStream } },
];

function securityHeaders(res: ServerResponse): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'same-origin');
  res.setHeader('x-frame-options', 'DENY');
}

function page(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): void {
  const host = req.headers.host ?? '';
  const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
  if (!ctx.xss) {
    headers['content-security-policy'] = [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      `connect-src 'self' ws://${host} wss://${host}`,
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; ');
  }
  // The page knows at once who is signed in (no 401 round trip at load), and whether a
  // session cookie was sent that no longer counts (then it says the session expired).
  const auth = authenticate(ctx.store, req.headers.cookie);
  const user = auth.kind === 'ok' ? (ctx.store.userById(auth.userId) ?? null) : null;
  const session = user ? 'ok' : auth.kind === 'expired' ? 'expired' : 'none';
  const body = ctx.assets.html({ faults: ctx.faultNames, transport: ctx.transport, user, session });
  res.writeHead(200, { ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const FAVICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#3056d3"/><path d="M8 10h16v10H14l-6 5z" fill="#fff"/></svg>';

function staticFile(res: ServerResponse, type: string, body: string): void {
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Routes one request; every error becomes a JSON (API) or text reply, never a crash. */
export async function handle(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  securityHeaders(res);
  const method = req.method ?? 'GET';
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  try {
    if (path.startsWith('/api/') || path === '/api') {
      for (const route of ROUTES) {
        const match = route.pattern.exec(path);
        if (!match) continue;
        const handler = route.methods[method] ?? (method === 'HEAD' ? route.methods.GET : undefined);
        if (!handler) {
          req.resume();
          const allow = Object.keys(route.methods).join(', ');
          throw new HttpError(405, `Method ${method} is not allowed here; use ${allow}`, { allow });
        }
        await handler(ctx, req, res, ...match.slice(1));
        return;
      }
      req.resume();
      throw new HttpError(404, 'Not found');
    }
    req.resume();
    if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, `Method ${method} is not allowed here; use GET`, { allow: 'GET, HEAD' });
    if (path === '/' || /^\/c\/[A-Za-z0-9_-]+\/?$/.test(path)) page(ctx, req, res);
    else if (path === '/assets/app.js') staticFile(res, 'text/javascript; charset=utf-8', ctx.assets.js);
    else if (path === '/assets/app.css') staticFile(res, 'text/css; charset=utf-8', ctx.assets.css);
    else if (path === '/favicon.svg' || path === '/favicon.ico') staticFile(res, 'image/svg+xml', FAVICON);
    else {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found');
    }
  } catch (error) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof HttpError) {
      const body: Record<string, string> = { error: error.message };
      if (error.code !== undefined) body.code = error.code;
      sendJson(res, error.status, body, error.headers);
      return;
    }
    sendJson(res, 500, { error: 'Internal server error' });
  }
}
