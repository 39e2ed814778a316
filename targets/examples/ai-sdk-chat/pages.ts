/** The server-rendered HTML: the sign-in page, and the shell the chat UI's bundle renders into. */

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);

const page = (title: string, body: string, head = ''): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/assets/style.css">
${head}
</head>
<body>
${body}
</body>
</html>
`;

export interface SignInOptions {
  /** Why the form is shown again: shown in a role=alert. */
  alert?: string;
  username?: string;
}

export const signInPage = ({ alert, username = '' }: SignInOptions = {}): string =>
  page(
    'Sign in · AI SDK chat',
    `<main class="sign-in">
<h1>AI SDK chat</h1>
<form method="post" action="/login" class="sign-in-form">
${alert ? `<p role="alert" class="alert">${escapeHtml(alert)}</p>` : ''}
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" required value="${escapeHtml(username)}"${alert ? '' : ' autofocus'}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${alert ? ' autofocus' : ''}>
<button type="submit">Sign in</button>
</form>
</main>`,
  );

export const chatPage = (username: string): string =>
  page('AI SDK chat', `<div id="root"></div>`, `<meta name="chat-user" content="${escapeHtml(username)}">\n<script type="module" src="/assets/main.js"></script>`);
