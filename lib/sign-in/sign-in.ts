/**
 * Signing a test account in, the way the target's users do (AUTH): through the product's account
 * API, or through its sign-in screen. One function for the set-up project and for the fixtures.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { AuthApi, AuthApiError, type AuthApiShape } from './auth-api.ts';
import type { SuiteConfig } from '../config/env.ts';
import type { TestUser } from '../events/types.ts';
import type { PageObjects } from '../../pages/contract.ts';
import { firstLines } from '../reporting/text.ts';

/** A sign-in the product refused, or one that never finished: says whom, what the product answered, and what to do. */
export class SignInError extends Error {
  override name = 'SignInError';
}

export const authApiOf = (config: SuiteConfig): AuthApiShape => ({
  signIn: config.AUTH_SIGN_IN_PATH,
  signUp: config.AUTH_SIGN_UP_PATH,
  signOut: config.AUTH_SIGN_OUT_PATH,
  nameField: config.AUTH_NAME_FIELD,
  passwordField: config.AUTH_PASSWORD_FIELD,
});

/** Signs `user` in within `context`, through the target's `screens` where AUTH=ui; resolves with the account id where the product's API answers one. */
export async function signIn(user: TestUser, context: BrowserContext, page: Page, config: SuiteConfig, screens: PageObjects): Promise<string | undefined> {
  if (config.AUTH === 'storage-state') throw new SignInError(`${user.name} has no saved state to sign in with (AUTH=storage-state needs ${config.STORAGE_STATE_DIR}/${user.name}.json)`);
  if (config.AUTH === 'api') {
    try {
      return (await new AuthApi(context.request, authApiOf(config)).signIn(user.name, user.password)).id;
    } catch (error) {
      if (error instanceof AuthApiError) throw new SignInError(`${user.name} could not sign in: ${error.message}. Check the account in TEST_USERS (name:password) and AUTH_SIGN_IN_PATH.`, { cause: error });
      throw error;
    }
  }
  const login = screens.signInScreen(page);
  const chat = screens.chatScreen(page);
  await login.open();
  await login.signIn(user.name, user.password);
  // Either the chat opens or the sign-in screen says why not.
  try {
    await chat.messageBox.or(login.alert).first().waitFor();
  } catch (error) {
    throw new SignInError(`${user.name} signed in through the sign-in screen, but neither the chat's message box nor an alert appeared at ${page.url()}: do the page objects (PAGE_OBJECTS, else pages/) find this product's screens?`, { cause: error });
  }
  if (await login.alert.isVisible()) {
    throw new SignInError(`${user.name} could not sign in through the sign-in screen, which said: "${firstLines(await login.alert.innerText(), 3)}". Check the account in TEST_USERS (name:password).`);
  }
  return undefined;
}

/** Opens the product and says whether it shows the chat (true) or its sign-in screen (false). */
export async function opensChat(page: Page, screens: PageObjects): Promise<boolean> {
  const chat = screens.chatScreen(page);
  await page.goto('/');
  await chat.messageBox.or(screens.signInScreen(page).signInButton).first().waitFor();
  return chat.messageBox.isVisible();
}
