/**
 * The built-in page objects, for products that follow the UI contract (docs/ui-contract.md): the
 * module the suite uses when a target's .env names no PAGE_OBJECTS, in the shape such a module has.
 */
import type { Page } from '@playwright/test';
import type { AgentWatch } from './agent-watch.ts';
import { ChatPage } from './chat-page.ts';
import type { ChatScreen, SignInScreen } from './contract.ts';
import { LoginPage } from './login-page.ts';

export const chatScreen = (page: Page, watch?: AgentWatch): ChatScreen => new ChatPage(page, watch);
export const signInScreen = (page: Page): SignInScreen => new LoginPage(page);
