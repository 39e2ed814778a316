/**
 * The page: a sign-in screen, then one chat thread on @ag-ui/client's HttpAgent (ui/run.ts,
 * loaded in the background once the chat shows, since it is most of the bundle). Each message is
 * added to the agent's messages and run with `runAgent({ runId }, subscriber)`; the subscriber's
 * callbacks render the run's reasoning, tool calls and text as they stream in.
 */
import { el, setAlert } from './dom.ts';
import type { Thread } from './run.ts';
import { Transcript } from './transcript.ts';

const TOKEN_KEY = 'ag-ui-chat.token';

interface PageConfig {
  tokenStore: 'local' | 'session';
}

function readConfig(): PageConfig {
  try {
    const parsed = JSON.parse(document.getElementById('config')?.textContent ?? '{}') as Partial<PageConfig>;
    return { tokenStore: parsed.tokenStore === 'session' ? 'session' : 'local' };
  } catch {
    return { tokenStore: 'local' };
  }
}

const config = readConfig();
const storage: Storage = config.tokenStore === 'session' ? sessionStorage : localStorage;
const root = document.getElementById('app') ?? document.body;

const authorization = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });

// ---- sign-in ----

function showSignIn(message = ''): void {
  const username = el('input', { id: 'username', name: 'username', autocomplete: 'username', required: true });
  const password = el('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const alert = el('div', { class: 'alert', role: 'alert', hidden: true });
  const submit = el('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = el(
    'form',
    { class: 'signin-card', 'aria-labelledby': 'signin-title' },
    el('h1', { id: 'signin-title' }, 'AG-UI chat'),
    el('p', { class: 'lede' }, 'Sign in to talk to the agent.'),
    el('label', { for: 'username' }, 'Username'),
    username,
    el('label', { for: 'password' }, 'Password'),
    password,
    alert,
    submit,
  );
  setAlert(alert, message);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    void signIn(username.value, password.value)
      .then((problem) => {
        if (problem !== undefined) setAlert(alert, problem);
      })
      .finally(() => {
        submit.disabled = false;
      });
  });
  root.replaceChildren(el('main', { class: 'signin' }, form));
  username.focus();
}

/** Signs in; undefined on success (the chat shows), else what to tell the user. */
async function signIn(name: string, password: string): Promise<string | undefined> {
  let response: Response;
  try {
    response = await fetch('/api/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name, password }) });
  } catch {
    return 'The server cannot be reached. Try again.';
  }
  const body = (await response.json().catch(() => ({}))) as { token?: unknown; error?: unknown };
  if (!response.ok || typeof body.token !== 'string') return typeof body.error === 'string' ? body.error : 'Wrong username or password.';
  storage.setItem(TOKEN_KEY, body.token);
  showChat(body.token, name);
  return undefined;
}

// ---- chat ----

function showChat(token: string, name: string): void {
  let streaming = false;
  let thread: Thread | undefined;
  const expired = (): void => {
    leave('Your session has expired. Please sign in again.');
  };
  // The AG-UI client loads once the chat has painted (or at the first message, if sooner).
  let opening: Promise<Thread> | undefined;
  const open = (): Promise<Thread> =>
    (opening ??= import('./run.ts').then(({ openThread }) => (thread = openThread(token, expired))));
  requestIdleCallback(() => {
    // A failed load shows on the first answer (ask awaits it again); it is no unhandled rejection here.
    open().catch(() => undefined);
  }, { timeout: 1000 });

  const log = el('div', { class: 'transcript', role: 'log', 'aria-label': 'Conversation', tabindex: '0' });
  const box = el('textarea', { id: 'message', name: 'message', rows: '2', placeholder: 'Ask the agent… (Enter sends, Shift+Enter for a new line)' });
  const send = el('button', { type: 'submit', class: 'primary', disabled: true }, 'Send');
  const stop = el('button', { type: 'button', class: 'secondary', hidden: true }, 'Stop');
  const signOut = el('button', { type: 'button', class: 'secondary' }, 'Sign out');
  const form = el('form', { class: 'composer' }, el('label', { for: 'message', class: 'visually-hidden' }, 'Message'), box, stop, send);

  const update = (): void => {
    send.disabled = streaming || box.value.trim() === '';
    stop.hidden = !streaming;
  };
  const transcript = new Transcript(log, () => {
    log.scrollTop = log.scrollHeight;
  });

  const leave = (message = ''): void => {
    thread?.abort();
    storage.removeItem(TOKEN_KEY);
    showSignIn(message);
  };

  async function ask(text: string): Promise<void> {
    streaming = true;
    update();
    transcript.addUserMessage(text);
    const view = transcript.addAnswer();
    try {
      await (await open()).ask(text, view);
    } catch (error) {
      view.fail(error instanceof Error ? error.message : String(error));
    } finally {
      streaming = false;
      update();
    }
  }

  const submit = (): void => {
    const text = box.value;
    if (streaming || text.trim() === '') return;
    box.value = '';
    void ask(text);
  };

  box.addEventListener('input', update);
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  stop.addEventListener('click', () => {
    thread?.stop();
  });
  signOut.addEventListener('click', () => {
    void fetch('/api/logout', { method: 'POST', headers: authorization(token) }).catch(() => undefined);
    leave();
  });

  root.replaceChildren(
    el(
      'div',
      { class: 'chat' },
      el('header', { class: 'bar' }, el('h1', {}, 'AG-UI chat'), el('span', { class: 'me' }, `Signed in as ${name}`), signOut),
      el('main', { class: 'main' }, log, form),
    ),
  );
  box.focus();
}

// ---- start ----

async function start(): Promise<void> {
  const token = storage.getItem(TOKEN_KEY);
  if (token === null) {
    showSignIn();
    return;
  }
  try {
    const response = await fetch('/api/me', { headers: authorization(token) });
    const body = (await response.json().catch(() => ({}))) as { name?: unknown };
    if (response.ok && typeof body.name === 'string') {
      showChat(token, body.name);
      return;
    }
    storage.removeItem(TOKEN_KEY);
    showSignIn();
  } catch {
    showSignIn('The server cannot be reached. Reload to try again.');
  }
}

void start();
