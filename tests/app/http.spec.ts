import { expect } from '@playwright/test';
import WebSocket from 'ws';
import { uiAssets } from '../../targets/app/assets.ts';
import { get, post, register, AppSocket, test } from './helpers.ts';

function pageConfig(html: string): unknown {
  const match = /<script type="application\/json" id="app-config">(.*?)<\/script>/s.exec(html);
  return JSON.parse(match?.[1] ?? 'null');
}

test.describe('http: health, config and pages', () => {
  test.use({ appOptions: { stepMs: 0, faults: ['leak', 'wrong-answer'] } });

  test('GET /api/health reports ok, the package version and the faults', async ({ app }) => {
    const response = await get(app, '/api/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, version: '0.1.0', faults: ['leak', 'wrong-answer'], transport: 'ws' });
  });

  test('GET /api/config gives the page its faults', async ({ app }) => {
    expect(await (await get(app, '/api/config')).json()).toEqual({ faults: ['leak', 'wrong-answer'] });
  });

  test('the UI is served at / and /c/<id>, with its config, a bundle and CSS', async ({ app }) => {
    for (const path of ['/', '/c/c_anything']) {
      const page = await get(app, path);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      const html = await page.text();
      expect(pageConfig(html)).toEqual({ faults: ['leak', 'wrong-answer'], transport: 'ws', user: null, session: 'none' });
      expect(html).toContain('src="/assets/app.js"');
    }
    const js = await get(app, '/assets/app.js');
    expect(js.headers.get('content-type')).toContain('javascript');
    const bundle = await js.text();
    expect(bundle).toContain('Your session has expired. Please sign in again.');
    expect(bundle).not.toContain('from "./'); // bundled, not raw modules
    expect((await get(app, '/assets/app.css')).status).toBe(200);
  });

  test('the page tells the UI who is signed in, or that the session expired', async ({ app }) => {
    const user = await register(app);
    expect(pageConfig(await (await get(app, '/', user.cookie)).text())).toMatchObject({ user: { id: user.id, name: user.name }, session: 'ok' });
    await post(app, '/api/logout', {}, user.cookie);
    expect(pageConfig(await (await get(app, '/', user.cookie)).text())).toMatchObject({ user: null, session: 'expired' });
  });

  test('markup in the config cannot break out of its block', async () => {
    const html = (await uiAssets()).html({ evil: '</script><script>alert(1)</script>' });
    expect(html.match(/<\/script>/g)).toHaveLength(2); // the config block's and the bundle's
    expect(pageConfig(html)).toEqual({ evil: '</script><script>alert(1)</script>' });
  });

  test('pages carry a Content-Security-Policy without inline scripts', async ({ app }) => {
    const csp = (await get(app, '/')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });
});

test.describe('http: errors and limits', () => {
  test('a body over 64 KiB is 413', async ({ app }) => {
    const big = JSON.stringify({ name: 'x'.repeat(70 * 1024), password: 'password1' });
    const response = await post(app, '/api/register', big);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: 'The request body is larger than 64 KiB' });
    // The server is fine afterwards.
    expect((await get(app, '/api/health')).status).toBe(200);
  });

  test('a body just under 64 KiB is read (and judged on its content)', async ({ app }) => {
    const body = JSON.stringify({ name: 'valid_name', password: 'p'.repeat(60 * 1024) });
    expect((await post(app, '/api/register', body)).status).toBe(400);
  });

  test('a wrong method is 405 with Allow', async ({ app }) => {
    const response = await get(app, '/api/register');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    const del = await fetch(`${app.url}/api/conversations`, { method: 'DELETE' });
    expect(del.status).toBe(405);
  });

  test('an unknown /api path is 404 JSON; an unknown page is 404', async ({ app }) => {
    const response = await get(app, '/api/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'Not found' });
    expect((await get(app, '/nope')).status).toBe(404);
  });

  test('bad JSON is 400', async ({ app }) => {
    const response = await post(app, '/api/login', '{"name": ');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'The request body is not valid JSON' });
  });

  test('a socket on another path is refused', async ({ app }) => {
    const ws = new WebSocket(`${app.url.replace(/^http/, 'ws')}/other`);
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
      });
      ws.on('open', () => {
        resolve(101);
      });
    });
    expect(status).toBe(404);
  });
});

test.describe('http: conversations', () => {
  test('needs a session', async ({ app }) => {
    expect((await get(app, '/api/conversations')).status).toBe(401);
    expect((await post(app, '/api/conversations', {})).status).toBe(401);
    expect((await get(app, '/api/conversations/c_x')).status).toBe(401);
  });

  test('POST creates an empty one; the list is newest first', async ({ app }) => {
    const user = await register(app);
    expect(await (await get(app, '/api/conversations', user.cookie)).json()).toEqual([]);
    const first = await post(app, '/api/conversations', {}, user.cookie);
    expect(first.status).toBe(201);
    const a = (await first.json()) as { id: string; title: string; createdAt: string; updatedAt: string };
    expect(a).toEqual({ id: expect.stringMatching(/^c_/) as unknown, title: 'New chat', createdAt: expect.any(String) as unknown, updatedAt: a.createdAt });
    const socket = await AppSocket.connect(app, user);
    const { ack } = await socket.ask('hello from the second one');
    const list = (await (await get(app, '/api/conversations', user.cookie)).json()) as { id: string; title: string }[];
    expect(list.map((c) => c.id)).toEqual([ack.conversationId, a.id]);
    expect(list[0]?.title).toBe('hello from the second one');
    // A message into the empty one gives it its title and moves it to the top.
    await socket.ask('now this one', a.id);
    const after = (await (await get(app, '/api/conversations', user.cookie)).json()) as { id: string; title: string }[];
    expect(after.map((c) => [c.id, c.title])).toEqual([
      [a.id, 'now this one'],
      [ack.conversationId, 'hello from the second one'],
    ]);
    await socket.close();
  });

  test('GET /api/conversations/:id gives the conversation and its events in order', async ({ app }) => {
    const user = await register(app);
    const socket = await AppSocket.connect(app, user);
    const { ack, events } = await socket.ask('calculate 6*7');
    const { conversation, events: stored } = (await (await get(app, `/api/conversations/${ack.conversationId}`, user.cookie)).json()) as {
      conversation: { id: string; title: string };
      events: { type: string; seq?: number; data: Record<string, unknown> }[];
    };
    expect(conversation).toMatchObject({ id: ack.conversationId, title: 'calculate 6*7' });
    expect(stored[0]).toMatchObject({ type: 'user_message', runId: ack.runId, data: { text: 'calculate 6*7', messageId: ack.data?.messageId } });
    expect(stored.slice(1)).toEqual(events); // exactly the envelopes that were sent
    await socket.close();
  });
});
