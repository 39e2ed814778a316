/**
 * Signing a test account in, the way the target's users do (AUTH): through the product's account
 * API, or through its sign-in screen. One function for the set-up project and for the fixtures.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { AuthApi, AuthApiError, type AuthApiShape } from './auth-api.ts';
import type { SuiteConfig } from '../config/env.ts';
import type { TestUser } from '../events/types.ts';
import type { PageObjects } from '../../pages/contract.ts';
import { byDeadline } from '../process/deadline.ts';
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

/**
 * What the product opens at `/`: its chat, its chat for a guest (the chat shows and the page
 * still offers to sign in: a product that makes every visitor a guest, where a saved state no
 * longer signs in), or its sign-in screen.
 */
export type OpenedScreen = 'chat' | 'guest chat' | 'sign-in screen';

export async function whatOpens(page: Page, screens: PageObjects): Promise<OpenedScreen> {
  const chat = screens.chatScreen(page);
  const signInButton = screens.signInScreen(page).signInButton;
  await page.goto('/');
  await chat.messageBox.or(signInButton).first().waitFor();
  if (!(await chat.messageBox.isVisible())) return 'sign-in screen';
  return (await signInButton.isVisible()) ? 'guest chat' : 'chat';
}

/** What a page that was to be signed in shows instead, in a person's words. */
export const notSignedIn = (opened: Exclude<OpenedScreen, 'chat'>, page: Page): string =>
  opened === 'guest chat' ? `the product opened its chat for a guest (it still offers to sign in) at ${page.url()}` : `the product shows its sign-in screen at ${page.url()}`;

/** How long reading the page may take when it is asked what it shows (a page mid-navigation answers late, or never). */
const LOOK_MS = 2_000;

/**
 * What the page shows now, in a person's words, for a sign-in that ran out of time: the chat, the
 * sign-in screen with its alert or without, a page still loading, or neither screen the page
 * objects know (their locators do not find this product's screens).
 */
export async function whatThePageShows(page: Page, screens: PageObjects): Promise<string> {
  const chat = screens.chatScreen(page);
  const login = screens.signInScreen(page);
  const look = async (): Promise<string> => {
    if (await chat.messageBox.isVisible()) return `the chat at ${page.url()} (signed in, but too late)`;
    if (await login.alert.isVisible()) return `the sign-in screen with an alert: "${firstLines(await login.alert.innerText(), 2)}"`;
    if (await login.signInButton.isVisible()) return `the sign-in screen at ${page.url()}, still`;
    const state = await page.evaluate(() => document.readyState);
    if (state !== 'complete') return `a page still loading at ${page.url()} (document ${state}): a product slow to show its screens needs more time`;
    return `neither the chat nor the sign-in screen at ${page.url()}: do the page objects (PAGE_OBJECTS, else pages/) find this product's screens?`;
  };
  const read = look().catch((error: unknown) => `nothing it could read (${(error as Error).message.split('\n')[0] ?? ''})`);
  return byDeadline(read, LOOK_MS, () => Promise.resolve(`a page that did not answer within ${LOOK_MS} ms at ${page.url()} (still loading?)`));
}
