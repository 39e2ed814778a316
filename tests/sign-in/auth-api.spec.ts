import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { AuthApi, AuthApiError, REFERENCE_AUTH_API } from '../../lib/sign-in/auth-api.ts';

/** A product's account API that notes each body it is sent and answers as `answer` says. */
async function accountApi(answer: (body: Record<string, unknown>) => { status: number; body: string }): Promise<{ server: Server; url: string; bodies: Record<string, unknown>[] }> {
  const bodies: Record<string, unknown>[] = [];
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const body = JSON.parse(text || '{}') as Record<string, unknown>;
      bodies.push(body);
      const { status, body: reply } = answer(body);
      response.writeHead(status, { 'content-type': 'application/json' }).end(reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

test.describe('the product\'s account API (AUTH=api)', { tag: '@unit' }, () => {
  test('signs in and registers with the field names the product uses, and quotes its refusal', async ({ playwright }) => {
    const api = await accountApi((body) => (body.email === 'qa-01@example.test' && body.secret === 'right' ? { status: 200, body: '{"id":"u-1"}' } : { status: 401, body: '{"error":"Invalid email or password"}' }));
    const request = await playwright.request.newContext({ baseURL: api.url });
    try {
      const shaped = new AuthApi(request, { ...REFERENCE_AUTH_API, signIn: '/auth/session', nameField: 'email', passwordField: 'secret' });
      expect(await shaped.signIn('qa-01@example.test', 'right')).toEqual({ id: 'u-1' });
      await expect(shaped.signIn('qa-01@example.test', 'wrong')).rejects.toThrow(new AuthApiError('POST /auth/session', 401, '{"error":"Invalid email or password"}'));
      await expect(new AuthApi(request, { ...REFERENCE_AUTH_API, signUp: '/auth/users', nameField: 'email', passwordField: 'secret' }).register('qa-02@example.test', 'new')).rejects.toThrow(AuthApiError);
      expect(api.bodies).toEqual([
        { email: 'qa-01@example.test', secret: 'right' },
        { email: 'qa-01@example.test', secret: 'wrong' },
        { email: 'qa-02@example.test', secret: 'new' },
      ]);
    } finally {
      await request.dispose();
      api.server.close();
    }
  });
});
