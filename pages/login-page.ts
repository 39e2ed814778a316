import type { Locator, Page } from '@playwright/test';
import type { SignInScreen } from './contract.ts';
import { enterText } from './text-field.ts';

/** The names a sign-in screen gives its fields and buttons: the UI contract's, or a product's own. */
export interface SignInNames {
  username: string;
  password: string;
  signIn: string;
  createAccount: string;
}

const CONTRACT_NAMES: SignInNames = { username: 'Username', password: 'Password', signIn: 'Sign in', createAccount: 'Create account' };

/**
 * The sign-in screen: what a signed-out user sees. A product whose form names its fields
 * otherwise ("Email", "Log in") passes its own names; one whose screen differs more brings a
 * SignInScreen of its own.
 */
export class LoginPage implements SignInScreen {
  readonly username: Locator;
  readonly password: Locator;
  readonly signInButton: Locator;
  readonly createAccountButton: Locator;
  /** Why sign-in failed, or why the user was signed out. */
  readonly alert: Locator;

  constructor(
    readonly page: Page,
    names: Partial<SignInNames> = {},
  ) {
    const named = { ...CONTRACT_NAMES, ...names };
    this.username = page.getByLabel(named.username);
    this.password = page.getByLabel(named.password);
    this.signInButton = page.getByRole('button', { name: named.signIn });
    this.createAccountButton = page.getByRole('button', { name: named.createAccount });
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
