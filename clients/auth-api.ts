import type { APIRequestContext } from '@playwright/test';

export interface Account {
  id: string;
  name: string;
}

/**
 * The product's account API, used by fixtures to create and sign in users without the UI
 * (the sign-in screen has its own spec). Signing in through a browser context's `request`
 * stores the session cookie in that context.
 */
export class AuthApi {
  constructor(private readonly request: APIRequestContext) {}

  async register(name: string, password: string): Promise<Account> {
    return this.post('/api/register', { name, password });
  }

  async signIn(name: string, password: string): Promise<Account> {
    return this.post('/api/login', { name, password });
  }

  async signOut(): Promise<void> {
    const response = await this.request.post('/api/logout');
    if (!response.ok()) throw new Error(`POST /api/logout answered ${response.status()}: ${await response.text()}`);
  }

  private async post(path: string, body: object): Promise<Account> {
    const response = await this.request.post(path, { data: body });
    if (!response.ok()) throw new Error(`POST ${path} answered ${response.status()}: ${await response.text()}`);
    return (await response.json()) as Account;
  }
}
