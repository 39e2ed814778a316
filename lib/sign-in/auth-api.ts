import type { APIRequestContext, APIResponse } from '@playwright/test';
import { firstLines } from '../reporting/text.ts';

export interface Account {
  /** What the backend puts in `userId`, where it answers one. */
  id?: string;
  name?: string;
}

/**
 * Where the product's account API lives (AUTH_SIGN_IN_PATH, AUTH_SIGN_UP_PATH, AUTH_SIGN_OUT_PATH)
 * and what its sign-in and sign-up bodies call the account's name and password
 * (AUTH_NAME_FIELD, AUTH_PASSWORD_FIELD: `{"email": …, "password": …}`).
 */
export interface AuthApiShape {
  signIn: string;
  signUp: string;
  signOut: string;
  nameField: string;
  passwordField: string;
}

export const REFERENCE_AUTH_API: AuthApiShape = { signIn: '/api/login', signUp: '/api/register', signOut: '/api/logout', nameField: 'name', passwordField: 'password' };

/** A refused call: the status and at most the first lines of the product's answer (an HTML error page stays short). */
export class AuthApiError extends Error {
  override name = 'AuthApiError';
  constructor(readonly request: string, readonly status: number, body: string) {
    super(`${request} answered ${status}: ${firstLines(body, 3) || '(empty body)'}`);
  }
}

/**
 * The product's account API (AUTH=api), used by fixtures to create and sign in users without the
 * UI (the sign-in screen has its own spec). Signing in through a browser context's `request`
 * stores the session cookie in that context.
 */
export class AuthApi {
  constructor(
    private readonly request: APIRequestContext,
    private readonly paths: AuthApiShape = REFERENCE_AUTH_API,
  ) {}

  async register(name: string, password: string): Promise<Account> {
    return this.post(this.paths.signUp, this.credentials(name, password));
  }

  async signIn(name: string, password: string): Promise<Account> {
    return this.post(this.paths.signIn, this.credentials(name, password));
  }

  /** The account as the product's API names its fields. */
  private credentials(name: string, password: string): Record<string, string> {
    return { [this.paths.nameField]: name, [this.paths.passwordField]: password };
  }

  async signOut(): Promise<void> {
    await this.checked(`POST ${this.paths.signOut}`, await this.request.post(this.paths.signOut));
  }

  private async post(path: string, body: object): Promise<Account> {
    const response = await this.checked(`POST ${path}`, await this.request.post(path, { data: body }));
    // An API that answers no JSON (a redirect, an empty 204) still signed the user in: no id to learn.
    const text = await response.text();
    try {
      const account = JSON.parse(text) as unknown;
      return typeof account === 'object' && account !== null ? account : {};
    } catch {
      return {};
    }
  }

  private async checked(request: string, response: APIResponse): Promise<APIResponse> {
    if (!response.ok()) throw new AuthApiError(request, response.status(), await response.text());
    return response;
  }
}
