import type { Locator, Page } from '@playwright/test';
import type { SignInScreen } from './contract.ts';
import { enterText } from './text-field.ts';

/** The sign-in screen: what a signed-out user sees. */
export class LoginPage implements SignInScreen {
  readonly username: Locator;
  readonly password: Locator;
  readonly signInButton: Locator;
  readonly createAccountButton: Locator;
  /** Why sign-in failed, or why the user was signed out. */
  readonly alert: Locator;

  constructor(readonly page: Page) {
    this.username = page.getByLabel('Username');
    this.password = page.getByLabel('Password');
    this.signInButton = page.getByRole('button', { name: 'Sign in' });
    this.createAccountButton = page.getByRole('button', { name: 'Create account' });
    this.alert = page.getByRole('alert');
  }

  async open(): Promise<void> {
    await this.page.goto('/');
  }

  async signIn(name: string, password: string): Promise<void> {
    await enterText(this.username, name);
    await enterText(this.password, password);
    await this.signInButton.click();
  }

  async createAccount(name: string, password: string): Promise<void> {
    await enterText(this.username, name);
    await enterText(this.password, password);
    await this.createAccountButton.click();
  }
}
