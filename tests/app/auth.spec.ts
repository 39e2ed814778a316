import { expect } from '@playwright/test';
import { cookieFrom, get, post, register, AppSocket, test, uniqueName } from './helpers.ts';

test.describe('accounts: register', () => {
  test('creates the user, answers 201 {id, name} and signs in', async ({ app }) => {
    const name = uniqueName('alice');
    const response = await post(app, '/api/register', { name, password: 'password1' });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: string; name: string };
    expect(body).toEqual({ id: expect.stringMatching(/^u_[A-Za-z0-9_-]+$/) as unknown, name });
    const me = await get(app, '/api/me', cookieFrom(response));
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual(body);
  });

  test('the session cookie is sid, random, HttpOnly, SameSite=Lax, Path=/', async ({ app }) => {
    const response = await post(app, '/api/register', { name: uniqueName(), password: 'password1' });
    const header = response.headers.get('set-cookie') ?? '';
    const [pair = '', ...attributes] = header.split(';').map((p) => p.trim());
    expect(pair).toMatch(/^sid=[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(attributes).toContain('HttpOnly');
    expect(attributes).toContain('SameSite=Lax');
    expect(attributes).toContain('Path=/');
    expect(attributes).toContain('Max-Age=3600');
  });

  const invalid: [string, unknown][] = [
    ['a name that is too short', { name: 'ab', password: 'password1' }],
    ['a name that is too long', { name: 'a'.repeat(65), password: 'password1' }],
    ['a name with a space', { name: 'bad name', password: 'password1' }],
    ['a name with markup', { name: '<b>x</b>', password: 'password1' }],
    ['a password under 8 characters', { name: 'valid_name', password: 'short' }],
    ['a missing password', { name: 'valid_name' }],
    ['a name that is not a string', { name: 42, password: 'password1' }],
    ['a body that is not an object', 'null'],
  ];
  for (const [what, body] of invalid) {
    test(`refuses ${what} with 400 {error}`, async ({ app }) => {
      const response = await post(app, '/api/register', body);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: expect.any(String) as unknown });
      expect(response.headers.get('set-cookie')).toBeNull();
    });
  }

  test('accepts the edges: 3 and 64 characters of [A-Za-z0-9._-], an 8 character password', async ({ app }) => {
    expect((await post(app, '/api/register', { name: 'a.b', password: '12345678' })).status).toBe(201);
    expect((await post(app, '/api/register', { name: `${'x'.repeat(60)}_-.9`, password: '12345678' })).status).toBe(201);
  });

  test('a taken name is 409, whatever its case', async ({ app }) => {
    const name = uniqueName('Bob');
    expect((await post(app, '/api/register', { name, password: 'password1' })).status).toBe(201);
    const again = await post(app, '/api/register', { name, password: 'another-password' });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ error: 'That username is taken' });
    expect((await post(app, '/api/register', { name: name.toUpperCase(), password: 'password1' })).status).toBe(409);
  });
});

test.describe('accounts: login, me, logout', () => {
  test('login with the right password answers 200 {id, name} and a new session', async ({ app }) => {
    const user = await register(app);
    const response = await post(app, '/api/login', { name: user.name, password: user.password });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: user.id, name: user.name });
    const cookie = cookieFrom(response);
    expect(cookie).not.toBe(user.cookie);
    expect((await get(app, '/api/me', cookie)).status).toBe(200);
  });

  test('a wrong password or an unknown user is 401 with the same message', async ({ app }) => {
    const user = await register(app);
    for (const body of [{ name: user.name, password: 'wrong password' }, { name: uniqueName('nobody'), password: user.password }]) {
      const response = await post(app, '/api/login', body);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'Wrong username or password' });
      expect(response.headers.get('set-cookie')).toBeNull();
    }
  });

  test('passwords are stored as salted scrypt hashes, never as text', async ({ app }) => {
    const a = await register(app, uniqueName(), 'same password');
    const b = await register(app, uniqueName(), 'same password');
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(`${app.dataDir}/chat.sqlite3`, { readonly: true });
    const rows = db.prepare('SELECT salt, hash FROM users WHERE id IN (?, ?)').all(a.id, b.id) as { salt: Buffer; hash: Buffer }[];
    db.close();
    expect(rows).toHaveLength(2);
    const [first, second] = rows;
    expect(first?.hash.length).toBe(64);
    expect(first?.salt.equals(second?.salt ?? Buffer.alloc(0))).toBe(false);
    expect(first?.hash.equals(second?.hash ?? Buffer.alloc(0))).toBe(false);
    expect(first?.hash.toString('utf8')).not.toContain('same password');
  });

  test('me without a cookie, or with a made-up one, is 401', async ({ app }) => {
    const none = await get(app, '/api/me');
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ code: 'unauthenticated' });
    const forged = await get(app, '/api/me', 'sid=forged-session-id');
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ code: 'session_expired' });
  });

  test('logout is 204, deletes the session server-side and clears the cookie', async ({ app }) => {
    const user = await register(app);
    const response = await post(app, '/api/logout', {}, user.cookie);
    expect(response.status).toBe(204);
    expect(response.headers.get('set-cookie')).toMatch(/^sid=; .*Max-Age=0/);
    // The old cookie no longer works even if a client keeps it.
    expect((await get(app, '/api/me', user.cookie)).status).toBe(401);
    expect((await get(app, '/api/conversations', user.cookie)).status).toBe(401);
  });

  test("logout closes that session's sockets with 4401, not the user's other sessions", async ({ app }) => {
    const user = await register(app);
    const other = await post(app, '/api/login', { name: user.name, password: user.password });
    const mine = await AppSocket.connect(app, user);
    const theirs = await AppSocket.connect(app, { ...user, cookie: cookieFrom(other) });
    await post(app, '/api/logout', {}, user.cookie);
    expect((await mine.closed).code).toBe(4401);
    await theirs.sync(); // still served
    expect(theirs.ws.readyState).toBe(theirs.ws.OPEN);
    await theirs.close();
  });
});

test.describe('accounts: session expiry', () => {
  test.use({ appOptions: { stepMs: 0, sessionTtlMs: 1500 } });

  test('an expired session gets 401 and its socket is closed with 4401', async ({ app }) => {
    const user = await register(app);
    const socket = await AppSocket.connect(app, user);
    const closed = await socket.closed; // the server closes it when the session runs out
    expect(closed.code).toBe(4401);
    const me = await get(app, '/api/me', user.cookie);
    expect(me.status).toBe(401);
    expect(await me.json()).toEqual({ error: 'Your session has expired. Please sign in again.', code: 'session_expired' });
    const late = await AppSocket.open(app, user.cookie);
    expect((await late.closed).code).toBe(4401);
  });
});
