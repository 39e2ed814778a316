/** Page objects whose sign-in screen names its fields as some other product does: they find none of the reference app's. */
import type { Page } from '@playwright/test';
import type { SignInScreen } from '../../../pages/contract.ts';
import { LoginPage } from '../../../pages/login-page.ts';

export { chatScreen } from '../../../pages/index.ts';
export const signInScreen = (page: Page): SignInScreen => new LoginPage(page, { username: 'Email', signIn: 'Log in' });
