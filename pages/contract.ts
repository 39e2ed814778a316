/**
 * The page objects' interface: what the product specs ask of a product's screens. pages/ is its
 * implementation for the UI contract (docs/ui-contract.md); a product whose markup differs brings
 * its own module implementing it, named by PAGE_OBJECTS in its .env (docs/page-objects.md), and the
 * specs run on it unchanged. Every state a spec checks is a question asked here, never an
 * attribute read in a spec. A member for a feature the product lacks (TARGET_FEATURES) may throw
 * saying so: no spec of that feature runs against it.
 */
import type { Locator, Page } from '@playwright/test';
import type { ScreenSnapshot } from '../lib/events/types.ts';
import type { AgentWatch } from './agent-watch.ts';

/** How the agent's answer ended, as the screen shows it. */
export type AnswerOutcome = 'done' | 'failed' | 'stopped';

/** How a tool call ended, as its card shows it. */
export type ToolOutcome = 'done' | 'error';

/** Reads, at any later time, every text a watched part of the page has shown since the watch began, in order. */
export type ShownTexts = () => Promise<string[]>;

/** What a connection indicator says, in the suite's words (each product's page objects translate its own). */
export type ConnectionState = 'connected' | 'reconnecting' | 'offline';

/** One tool call's card in the newest answer. */
export interface ToolCardScreen {
  /** The whole card. */
  readonly container: Locator;
  /** What the card shows of the tool's output (or its error). */
  readonly output: Locator;
  /** Waits until the card shows: the tool is running (or has run). */
  shown(): Promise<void>;
  /** Waits until the tool call has ended; resolves with how. */
  outcome(): Promise<ToolOutcome>;
  /** The card as the screen shows it now, in the shape lifecycle rule 6 compares. */
  snapshot(): Promise<ScreenSnapshot['toolCards'][number]>;
}

/** The navigation of past conversations (TARGET_FEATURES `conversations`). */
export interface ConversationsScreen {
  readonly links: Locator;
  /** The conversation that is open now. */
  readonly current: Locator;
  conversation(title: string | RegExp): Locator;
  startNew(): Promise<void>;
  open(title: string | RegExp): Promise<void>;
}

/** The chat screen of a signed-in user. */
export interface ChatScreen {
  readonly page: Page;
  /** The conversation as shown: every message, mine and the agent's. */
  readonly transcript: Locator;
  readonly messageBox: Locator;
  readonly sendButton: Locator;
  /** Shown while an answer streams, where the product has one (`stop` in its conversations file). */
  readonly stopButton: Locator;
  /** The connection indicator (TARGET_FEATURES `reconnect`). */
  readonly connection: Locator;
  /** The connection indicator while it says the chat is connected. */
  readonly connected: Locator;
  /** What the chat tells the user outside the transcript: a refused message, a lost session. */
  readonly alert: Locator;
  readonly conversations: ConversationsScreen;
  readonly userMessages: Locator;
  readonly assistantMessages: Locator;
  /** The text of the newest answer. */
  readonly lastAnswer: Locator;
  /** The newest answer's live thinking. */
  readonly thinking: Locator;
  /** The newest answer's tool cards. */
  readonly toolCards: Locator;
  toolCard(tool: string): ToolCardScreen;
  /** The tools the newest answer's cards show, in order. */
  toolNames(): Promise<string[]>;
  open(path?: string): Promise<void>;
  /** Types into the message box without sending. */
  draft(text: string): Promise<void>;
  send(text: string): Promise<void>;
  /** Waits until the answer to the last message sent has finished (bounded by the watch); resolves with how it ended. */
  answerOutcome(): Promise<AnswerOutcome>;
  /** Sends and waits for the answer's outcome. */
  ask(text: string): Promise<AnswerOutcome>;
  /** Waits until the answer being written shows live thinking. */
  thinkingShown(): Promise<void>;
  /** Stops the answer being written; resolves with when, on the page's clock (`performance.timeOrigin + performance.now()`). */
  stop(): Promise<number>;
  /** What the answer being written shows now: its text so far and its cards' tools. */
  answerSoFar(): Promise<{ text: string; tools: string[] }>;
  /** The open conversation's address (its path), once the page shows one (TARGET_FEATURES `history`). */
  conversationAddress(): Promise<string>;
  reload(): Promise<void>;
  /** Every state the connection indicator shows from now on, a state too brief to poll for (a fast reconnect) included. */
  watchConnection(): Promise<() => Promise<ConnectionState[]>>;
  /** Every live-thinking text the newest answer shows from now on. */
  watchThinking(): Promise<ShownTexts>;
  /** Every text the newest answer shows as it streams in, watched as the page changes. */
  watchAnswer(): Promise<ShownTexts>;
  signOut(): Promise<void>;
  /** The newest answer and its tool cards, as lifecycle rule 6 compares them with the events. */
  screenSnapshot(): Promise<ScreenSnapshot>;
}

/** The sign-in screen: what a signed-out user sees. */
export interface SignInScreen {
  readonly page: Page;
  readonly username: Locator;
  readonly password: Locator;
  readonly signInButton: Locator;
  /** TARGET_FEATURES `sign-up`. */
  readonly createAccountButton: Locator;
  /** Why sign-in failed, or why the user was signed out. */
  readonly alert: Locator;
  open(): Promise<void>;
  signIn(name: string, password: string): Promise<void>;
  createAccount(name: string, password: string): Promise<void>;
}

/** What a PAGE_OBJECTS module exports (by name, or on its default export). */
export interface PageObjects {
  /** The chat screen of `page`, whose waits on the agent are bounded and named by `watch`. */
  chatScreen(page: Page, watch?: AgentWatch): ChatScreen;
  signInScreen(page: Page): SignInScreen;
}

export type MemberKind = 'locator' | 'method' | 'object';
/** Each member a screen must have, and its kind, checked when a module's screen is made (lib/config/page-objects-module.ts). */
type Members<Screen> = { readonly [Name in keyof Screen]-?: Screen[Name] extends (...args: never[]) => unknown ? 'method' : Screen[Name] extends Locator ? 'locator' : 'object' };

export const TOOL_CARD_MEMBERS: Members<ToolCardScreen> = { container: 'locator', output: 'locator', shown: 'method', outcome: 'method', snapshot: 'method' };
export const CONVERSATIONS_MEMBERS: Members<ConversationsScreen> = { links: 'locator', current: 'locator', conversation: 'method', startNew: 'method', open: 'method' };
export const CHAT_SCREEN_MEMBERS: Members<ChatScreen> = {
  page: 'object',
  transcript: 'locator',
  messageBox: 'locator',
  sendButton: 'locator',
  stopButton: 'locator',
  connection: 'locator',
  connected: 'locator',
  alert: 'locator',
  conversations: 'object',
  userMessages: 'locator',
  assistantMessages: 'locator',
  lastAnswer: 'locator',
  thinking: 'locator',
  toolCards: 'locator',
  toolCard: 'method',
  toolNames: 'method',
  open: 'method',
  draft: 'method',
  send: 'method',
  answerOutcome: 'method',
  ask: 'method',
  thinkingShown: 'method',
  stop: 'method',
  answerSoFar: 'method',
  conversationAddress: 'method',
  reload: 'method',
  watchConnection: 'method',
  watchThinking: 'method',
  watchAnswer: 'method',
  signOut: 'method',
  screenSnapshot: 'method',
};
export const SIGN_IN_SCREEN_MEMBERS: Members<SignInScreen> = {
  page: 'object',
  username: 'locator',
  password: 'locator',
  signInButton: 'locator',
  createAccountButton: 'locator',
  alert: 'locator',
  open: 'method',
  signIn: 'method',
  createAccount: 'method',
};
