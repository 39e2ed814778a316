/** The browser side of the JSON API. */

export class Unauthorized extends Error {
  override name = 'Unauthorized';
  constructor(readonly expired: boolean) {
    super(expired ? 'session expired' : 'not signed in');
  }
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface User {
  id: string;
  name: string;
}

export interface ConversationSummary {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}

export interface Envelope {
  type: string;
  runId?: string;
  userId?: string;
  conversationId?: string;
  seq?: number;
  ts?: string;
  data?: Record<string, unknown>;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
  }
  const response = await fetch(path, init);
  if (response.status === 204) return undefined as T;
  const payload = (await response.json().catch(() => ({}))) as { error?: unknown; code?: unknown };
  if (response.status === 401 && path !== '/api/login') throw new Unauthorized(payload.code === 'session_expired');
  if (!response.ok) {
    throw new ApiError(response.status, typeof payload.error === 'string' ? payload.error : `The server answered ${String(response.status)}`);
  }
  return payload as T;
}

export const api = {
  me: () => call<User>('GET', '/api/me'),
  login: (name: string, password: string) => call<User>('POST', '/api/login', { name, password }),
  register: (name: string, password: string) => call<User>('POST', '/api/register', { name, password }),
  logout: () => call<undefined>('POST', '/api/logout'),
  conversations: () => call<ConversationSummary[]>('GET', '/api/conversations'),
  conversation: (id: string) => call<{ conversation: ConversationSummary; events: Envelope[] }>('GET', `/api/conversations/${encodeURIComponent(id)}`),
};
