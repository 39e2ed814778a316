/**
 * The reference chat UI: plain TypeScript and the DOM, no framework.
 * Screens: sign-in, and chat (conversation list, transcript, message box).
 */
import { api, ApiError, Unauthorized, type ConversationSummary, type Envelope, type User } from './api.ts';
import { Connection, type ConnectionState } from './connection.ts';
import { StreamConnection } from './stream-connection.ts';
import { el, setAlert } from './dom.ts';
import { Transcript } from './transcript.ts';

const EXPIRED = 'Your session has expired. Please sign in again.';
const MAX_TEXT = 8192;
const AGENT_EVENTS = new Set(['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed', 'agent_error']);

interface PageConfig {
  faults: string[];
  transport: 'ws' | 'sse';
  /** Who the page was served to; undefined when the page did not say (then ask /api/me). */
  user: User | null | undefined;
  session: 'ok' | 'none' | 'expired' | undefined;
}

function readConfig(): PageConfig {
  try {
    const node = document.getElementById('app-config');
    const parsed = JSON.parse(node?.textContent ?? '{}') as { faults?: unknown; transport?: unknown; user?: unknown; session?: unknown };
    const user = parsed.user as { id?: unknown; name?: unknown } | null | undefined;
    return {
      faults: Array.isArray(parsed.faults) ? parsed.faults.filter((f): f is string => typeof f === 'string') : [],
      transport: parsed.transport === 'sse' ? 'sse' : 'ws',
      user: user === null ? null : typeof user?.id === 'string' && typeof user.name === 'string' ? { id: user.id, name: user.name } : undefined,
      session: parsed.session === 'ok' || parsed.session === 'none' || parsed.session === 'expired' ? parsed.session : undefined,
    };
  } catch {
    return { faults: [], transport: 'ws', user: undefined, session: undefined };
  }
}

const config = readConfig();
const faults = new Set(config.faults);
const root = document.getElementById('app') ?? document.body;

function conversationIdFromPath(): string | null {
  const match = /^\/c\/([A-Za-z0-9_-]+)\/?$/.exec(location.pathname);
  return match?.[1] ?? null;
}

function randomId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

// Sign-in screen

function showSignIn(message = ''): void {
  document.title = 'Sign in · Chat';
  const username = el('input', { id: 'username', name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = el('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const alert = el('div', { role: 'alert', class: 'alert', hidden: true });
  const signIn = el('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const create = el('button', { type: 'button', class: 'secondary' }, 'Create account');
  const form = el(
    'form',
    { class: 'signin-card', novalidate: true },
    el('h1', {}, 'Chat'),
    el('p', { class: 'lede' }, 'An agent that can calculate, convert units and search the docs.'),
    el('label', { for: 'username' }, 'Username'),
    username,
    el('label', { for: 'password' }, 'Password'),
    password,
    alert,
    el('div', { class: 'actions' }, signIn, create),
  );
  setAlert(alert, message);
  const submit = async (kind: 'login' | 'register'): Promise<void> => {
    setAlert(alert, '');
    if (username.value.trim() === '' || password.value === '') {
      setAlert(alert, 'Enter a username and a password.');
      return;
    }
    signIn.disabled = true;
    create.disabled = true;
    try {
      const user = kind === 'login' ? await api.login(username.value.trim(), password.value) : await api.register(username.value.trim(), password.value);
      startChat(user);
    } catch (error) {
      setAlert(alert, error instanceof ApiError ? error.message : 'The server cannot be reached. Try again.');
      signIn.disabled = false;
      create.disabled = false;
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit('login');
  });
  create.addEventListener('click', () => {
    void submit('register');
  });
  root.replaceChildren(el('main', { class: 'signin' }, form));
  username.focus();
}

// Chat screen

interface Pending {
  clientId: string;
  text: string;
  /** undefined while it starts a new conversation whose id the ack will tell. */
  conversationId: string | undefined;
  /** Groups the messages typed into the same new conversation before its id is known. */
  draft: number;
  sent: boolean;
}

function startChat(me: User): void {
  document.title = 'Chat';
  let current: string | null = null;
  let draft = 0;
  let loading: { token: number; buffer: Envelope[] } | undefined;
  let loadToken = 0;
  let conversations: ConversationSummary[] = [];
  let state: ConnectionState = 'connecting';
  let pending: Pending[] = [];
  let ended = false;

  const newChat = el('button', { type: 'button', class: 'new-chat' }, 'New chat');
  const list = el('ul', { class: 'conversation-list' });
  const nav = el('nav', { 'aria-label': 'Conversations', class: 'sidebar' }, el('div', { class: 'brand' }, 'Chat'), newChat, list);
  const title = el('h1', { class: 'chat-title' }, 'New chat');
  const status = el('div', { role: 'status', 'data-testid': 'connection', class: 'connection' }, 'Reconnecting…');
  const signOut = el('button', { type: 'button', class: 'secondary' }, 'Sign out');
  const header = el('header', { class: 'chat-header' }, title, status, el('span', { class: 'me' }, me.name), signOut);
  const alert = el('div', { role: 'alert', class: 'alert', hidden: true });
  const log = el('div', { role: 'log', 'aria-label': 'Conversation', class: 'transcript' });
  const empty = el(
    'div',
    { class: 'empty' },
    el('p', {}, 'Ask something. For example:'),
    el('p', { class: 'examples' }, 'convert 5 km to miles and calculate 12*7 · search the docs for reconnect · what is (3+4)^2'),
  );
  const box = el('textarea', { id: 'message', name: 'message', rows: '2', placeholder: 'Ask me to calculate, convert units or search the docs…', autocomplete: 'off' });
  const send = el('button', { type: 'submit', class: 'primary', disabled: true }, 'Send');
  // Shown while the newest answer streams: it asks the server to end that run.
  const stop = el('button', { type: 'button', class: 'secondary', hidden: true }, 'Stop');
  const composer = el('form', { class: 'composer' }, el('label', { for: 'message', class: 'visually-hidden' }, 'Message'), box, stop, send);
  const main = el('main', { class: 'chat' }, header, alert, el('div', { class: 'scroller' }, empty, log), composer);
  root.replaceChildren(el('div', { class: 'layout' }, nav, main));

  const transcript = new Transcript(log, { wrongAnswer: faults.has('wrong-answer'), uiStale: faults.has('ui-stale'), xss: faults.has('xss') }, () => {
    empty.hidden = !transcript.isEmpty || loading !== undefined;
    stop.hidden = transcript.streamingRunId === undefined;
    const scroller = log.parentElement;
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
  });

  const wsUrl = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
  const connection = new (config.transport === 'sse' ? StreamConnection : Connection)(
    config.transport === 'sse' ? '/api/sse' : wsUrl,
    {
      onOpen: () => {
        resume();
        for (const p of pending) p.sent = false;
        flush();
        void refreshList();
      },
      onFrame,
      onState: (next) => {
        state = next;
        renderStatus();
      },
      onUnauthorized: () => {
        expire();
      },
    },
    !faults.has('no-reconnect'),
  );

  function renderStatus(): void {
    status.textContent = !navigator.onLine ? 'Offline' : state === 'open' ? 'Connected' : 'Reconnecting…';
    status.dataset.state = !navigator.onLine ? 'offline' : state;
  }

  function end(): void {
    ended = true;
    connection.stop();
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', renderStatus);
    window.removeEventListener('popstate', onPopState);
  }

  function expire(): void {
    if (ended) return;
    end();
    showSignIn(EXPIRED);
  }

  function handleError(error: unknown): void {
    if (error instanceof Unauthorized) expire();
    else setAlert(alert, error instanceof ApiError ? error.message : 'The server cannot be reached.');
  }

  function renderList(): void {
    list.replaceChildren(
      ...conversations.map((c) => {
        const link = el('a', { href: `/c/${c.id}`, title: c.title }, c.title);
        if (c.id === current) link.setAttribute('aria-current', 'page');
        link.addEventListener('click', (event) => {
          if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
          event.preventDefault();
          navigate(c.id);
        });
        return el('li', {}, link);
      }),
    );
    title.textContent = current === null ? 'New chat' : (conversations.find((c) => c.id === current)?.title ?? 'Conversation');
  }

  async function refreshList(): Promise<void> {
    try {
      conversations = await api.conversations();
      if (!ended) renderList();
    } catch (error) {
      handleError(error);
    }
  }

  function resume(): void {
    if (current !== null && loading === undefined) {
      connection.send({ type: 'resume', conversationId: current, afterSeq: transcript.lastSeq });
    }
  }

  async function open(id: string | null): Promise<void> {
    setAlert(alert, '');
    current = id;
    const token = ++loadToken;
    loading = undefined;
    transcript.clear();
    renderList();
    if (id === null) {
      draft += 1;
      return;
    }
    loading = { token, buffer: [] };
    try {
      const { conversation, events } = await api.conversation(id);
      if (token !== loadToken || ended) return;
      if (!conversations.some((c) => c.id === conversation.id)) conversations = [conversation, ...conversations];
      const buffered = loading.buffer;
      loading = undefined;
      for (const envelope of [...events, ...buffered]) transcript.apply(envelope);
      renderList();
      resume();
    } catch (error) {
      if (token !== loadToken) return;
      loading = undefined;
      if (error instanceof ApiError && error.status === 404) {
        history.replaceState(null, '', '/');
        await open(null);
        setAlert(alert, 'That conversation does not exist, or it is not yours.');
        return;
      }
      handleError(error);
    }
  }

  function navigate(id: string | null): void {
    const path = id === null ? '/' : `/c/${id}`;
    if (location.pathname !== path) history.pushState(null, '', path);
    void open(id);
  }

  function onPopState(): void {
    void open(conversationIdFromPath());
  }

  function onOnline(): void {
    renderStatus();
    connection.retryNow();
  }

  /** Sends what can be sent: messages into a brand-new conversation wait for its id. */
  function flush(): void {
    const startedDrafts = new Set<number>();
    for (const p of pending) {
      if (p.conversationId === undefined) {
        if (startedDrafts.has(p.draft)) continue;
        startedDrafts.add(p.draft);
      }
      if (p.sent) continue;
      const message: Record<string, string> = { type: 'user_message', clientId: p.clientId, text: p.text };
      if (p.conversationId !== undefined) message.conversationId = p.conversationId;
      p.sent = connection.send(message);
    }
  }

  function onAck(envelope: Envelope): void {
    const clientId = typeof envelope.data?.clientId === 'string' ? envelope.data.clientId : '';
    const item = pending.find((p) => p.clientId === clientId);
    const conversationId = envelope.conversationId ?? '';
    if (!item) return;
    pending = pending.filter((p) => p !== item);
    if (item.conversationId === undefined) {
      for (const p of pending) if (p.draft === item.draft && p.conversationId === undefined) p.conversationId = conversationId;
      if (current === null && draft === item.draft) {
        current = conversationId;
        history.pushState(null, '', `/c/${conversationId}`);
      }
    }
    if (current === conversationId) {
      transcript.acknowledge(clientId, envelope.runId ?? '', typeof envelope.data?.messageId === 'string' ? envelope.data.messageId : '');
    }
    void refreshList();
    flush();
  }

  function onServerError(envelope: Envelope): void {
    const data = envelope.data ?? {};
    // A Stop that came after its run ended: nothing to say.
    if (data.code === 'not_found' && typeof data.runId === 'string') return;
    setAlert(alert, typeof data.message === 'string' ? data.message : 'The server reported an error.');
    const clientId = typeof data.clientId === 'string' ? data.clientId : '';
    const item = pending.find((p) => p.clientId === clientId);
    if (!item) return;
    pending = pending.filter((p) => p !== item);
    transcript.removePendingUserMessage(clientId);
    if (box.value.trim() === '') {
      box.value = item.text;
      updateSend();
    }
    flush();
  }

  function onFrame(text: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch {
      console.warn('ignored a frame that is not JSON', text.slice(0, 200));
      return;
    }
    if (typeof envelope !== 'object' || typeof envelope.type !== 'string') return;
    if (envelope.type === 'ack') onAck(envelope);
    else if (envelope.type === 'error') onServerError(envelope);
    else if (AGENT_EVENTS.has(envelope.type)) {
      if (envelope.conversationId !== current) {
        if (envelope.type === 'agent_started' && !conversations.some((c) => c.id === envelope.conversationId)) void refreshList();
        return;
      }
      if (loading) loading.buffer.push(envelope);
      else transcript.apply(envelope);
    }
  }

  function updateSend(): void {
    send.disabled = box.value.trim() === '';
  }

  function submit(): void {
    const text = box.value;
    if (text.trim() === '') return;
    setAlert(alert, '');
    const tooLong = Array.from(text).length > MAX_TEXT;
    const clientId = randomId();
    if (tooLong && new TextEncoder().encode(JSON.stringify(text)).length > 60_000) {
      // Too big for one socket frame: refuse here with the server's words.
      setAlert(alert, `The message is longer than ${String(MAX_TEXT)} characters`);
      return;
    }
    const item: Pending = { clientId, text, conversationId: current ?? undefined, draft, sent: false };
    pending.push(item);
    if (!tooLong) transcript.addPendingUserMessage(clientId, text);
    box.value = '';
    updateSend();
    flush();
  }

  box.addEventListener('input', updateSend);
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });
  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  stop.addEventListener('click', () => {
    const runId = transcript.streamingRunId;
    if (runId !== undefined) connection.send({ type: 'stop', runId });
  });
  newChat.addEventListener('click', () => {
    navigate(null);
    box.focus();
  });
  signOut.addEventListener('click', () => {
    end();
    void api.logout().catch(() => undefined).then(() => {
      history.replaceState(null, '', '/');
      showSignIn();
    });
  });
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', renderStatus);
  window.addEventListener('popstate', onPopState);

  renderStatus();
  connection.start();
  void refreshList();
  void open(conversationIdFromPath());
  box.focus();
}

async function boot(): Promise<void> {
  if (config.user) {
    startChat(config.user);
    return;
  }
  if (config.user === null) {
    showSignIn(config.session === 'expired' ? EXPIRED : '');
    return;
  }
  try {
    startChat(await api.me());
  } catch (error) {
    showSignIn(error instanceof Unauthorized && error.expired ? EXPIRED : '');
  }
}

void boot();
