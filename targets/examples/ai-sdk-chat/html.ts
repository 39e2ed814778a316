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
    'Log in · Shop assistant',
    `<main class="log-in">
<h1>Shop assistant</h1>
<form method="post" action="/login" class="log-in-form">
${alert ? `<p role="alert" class="alert">${escapeHtml(alert)}</p>` : ''}
<label for="login">Email or username</label>
<input id="login" name="login" autocomplete="username" required value="${escapeHtml(username)}"${alert ? '' : ' autofocus'}>
<label for="secret">Password</label>
<input id="secret" name="secret" type="password" autocomplete="current-password" required${alert ? ' autofocus' : ''}>
<button type="submit">Log in</button>
</form>
</main>`,
  );

export const chatPage = (username: string): string =>
  page('Shop assistant', `<div id="root"></div>`, `<meta name="chat-user" content="${escapeHtml(username)}">\n<script type="module" src="/assets/main.js"></script>`);
