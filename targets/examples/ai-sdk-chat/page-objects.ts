/**
 * The shop assistant's page objects: the suite's page-object interface (pages/contract.ts) over this
 * product's own markup, named in its .env (PAGE_OBJECTS=./page-objects.ts). Nothing here is the
 * suite's UI contract: messages are list items, a tool call is a figure whose caption says how it
 * is going, and an answer is finished when Send takes back the place of "Stop generating".
 */
import type { Locator, Page } from '@playwright/test';
import { waitForAgent, type AgentWatch } from '../../../pages/agent-watch.ts';
import { ChatScreenBase } from '../../../pages/chat-screen-base.ts';
import type { AnswerOutcome, ChatScreen, ConnectionState, ConversationsScreen, SignInScreen, ToolCardScreen, ToolOutcome } from '../../../pages/contract.ts';
import type { ScreenSnapshot, ToolCardStatus } from '../../../lib/events/types.ts';
import { LoginPage } from '../../../pages/login-page.ts';
import { step } from '../../../pages/step.ts';

const REPLY = 'li[aria-label="Reply"]';
const CALL_NAME = /^Tool call: (.+)$/;
/** A call's caption, in the words of the product, as the suite's card states. */
const CALL_STATES: Record<string, ToolCardStatus> = { 'working…': 'running', finished: 'done', failed: 'error' };

/** What the shop assistant does not have (its .env and conversations file leave it out, so no spec asks). */
const lacking = (what: string): Error => new Error(`the shop assistant has no ${what}`);

class ToolCall implements ToolCardScreen {
  readonly output: Locator;
  readonly #state: Locator;

  constructor(
    readonly container: Locator,
    private readonly watch: AgentWatch,
    private readonly label: string,
  ) {
    this.output = container.locator('output');
    this.#state = container.locator('figcaption small');
  }

  async shown(): Promise<void> {
    await waitForAgent(this.container, this.watch, `${this.label} to show`);
  }

  async outcome(): Promise<ToolOutcome> {
    await waitForAgent(this.#state.filter({ hasText: /^(finished|failed)$/ }), this.watch, this.label);
    return (await this.#state.innerText()) === 'failed' ? 'error' : 'done';
  }

  async snapshot(): Promise<ScreenSnapshot['toolCards'][number]> {
    const name = CALL_NAME.exec((await this.container.getAttribute('aria-label')) ?? '')?.[1] ?? '';
    return { tool: name, status: CALL_STATES[await this.#state.innerText()] ?? 'running', output: await this.output.innerText() };
  }
}

class ShopAssistantChat extends ChatScreenBase implements ChatScreen {
  protected readonly watched = { answer: REPLY, text: 'section[aria-label="Answer"]', thinking: 'aside[aria-label="Reasoning"]' };
  readonly transcript: Locator;
  readonly messageBox: Locator;
  readonly sendButton: Locator;
  readonly stopButton: Locator;
  readonly connection: Locator;
  readonly connected: Locator;
  readonly alert: Locator;
  readonly conversations: ConversationsScreen;
  readonly userMessages: Locator;
  readonly assistantMessages: Locator;
  readonly lastAnswer: Locator;
  readonly thinking: Locator;
  readonly toolCards: Locator;

  constructor(page: Page, watch?: AgentWatch) {
    super(page, watch);
    this.transcript = page.getByRole('list', { name: 'Messages' });
    const composer = page.getByRole('form', { name: 'Ask' });
    this.messageBox = composer.getByRole('textbox', { name: 'Ask anything' });
    this.sendButton = composer.getByRole('button', { name: 'Send', exact: true });
    this.stopButton = composer.getByRole('button', { name: 'Stop generating' });
    this.connection = page.getByRole('status', { name: 'Connection' });
    this.connected = this.connection;
    this.alert = composer.getByRole('alert');
    this.conversations = {
      links: page.getByRole('navigation', { name: 'Chats' }).getByRole('link'),
      current: page.getByRole('navigation', { name: 'Chats' }).locator('[aria-current="page"]'),
      conversation: () => {
        throw lacking('list of conversations');
      },
      startNew: () => Promise.reject(lacking('list of conversations')),
      open: () => Promise.reject(lacking('list of conversations')),
    };
    this.userMessages = this.transcript.getByRole('listitem', { name: 'Your message' });
    this.assistantMessages = this.transcript.getByRole('listitem', { name: 'Reply' });
    const newest = this.assistantMessages.last();
    this.lastAnswer = newest.getByRole('region', { name: 'Answer' });
    this.thinking = newest.getByRole('complementary', { name: 'Reasoning' });
    this.toolCards = newest.getByRole('figure', { name: CALL_NAME });
  }

  toolCard(tool: string): ToolCardScreen {
    return new ToolCall(this.assistantMessages.last().getByRole('figure', { name: `Tool call: ${tool}`, exact: true }), this.watch, `the ${tool} call`);
  }

  async toolNames(): Promise<string[]> {
    const labels = await this.toolCards.evaluateAll((calls) => calls.map((call) => call.getAttribute('aria-label') ?? ''));
    return labels.map((label) => CALL_NAME.exec(label)?.[1] ?? label);
  }

  /** The reply is there and Send is back: the answer has finished; an alert in it, it failed; "Stopped", the user stopped it. */
  @step('wait for the answer')
  async answerOutcome(): Promise<AnswerOutcome> {
    const reply = this.awaitedAnswer;
    await waitForAgent(reply, this.watch, this.awaitedAnswerLabel);
    await waitForAgent(this.sendButton, this.watch, this.awaitedAnswerLabel);
    if ((await reply.getByRole('alert').count()) > 0) return 'failed';
    return (await reply.getByText('Stopped', { exact: true }).count()) > 0 ? 'stopped' : 'done';
  }

  @step('wait for the live thinking')
  async thinkingShown(): Promise<void> {
    await waitForAgent(this.awaitedAnswer.getByRole('complementary', { name: 'Reasoning' }), this.watch, `the reasoning of ${this.awaitedAnswerLabel}`);
  }

  @step('read what the answer shows so far')
  async answerSoFar(): Promise<{ text: string; tools: string[] }> {
    const reply = this.awaitedAnswer;
    const answer = reply.getByRole('region', { name: 'Answer' });
    const text = (await answer.count()) > 0 ? await answer.innerText() : '';
    const labels = await reply.getByRole('figure', { name: CALL_NAME }).evaluateAll((calls) => calls.map((call) => call.getAttribute('aria-label') ?? ''));
    return { text, tools: labels.map((label) => CALL_NAME.exec(label)?.[1] ?? label) };
  }

  conversationAddress(): Promise<string> {
    return Promise.reject(lacking('address for a conversation'));
  }

  watchConnection(): Promise<() => Promise<ConnectionState[]>> {
    return Promise.reject(lacking('connection indicator'));
  }

  signOut(): Promise<void> {
    return Promise.reject(lacking('sign-out'));
  }

  @step('read the answer off the screen')
  async screenSnapshot(): Promise<ScreenSnapshot> {
    const calls = await this.toolCards.all();
    return {
      answer: (await this.lastAnswer.count()) > 0 ? await this.lastAnswer.innerText() : '',
      toolCards: await Promise.all(calls.map((call) => new ToolCall(call, this.watch, 'a tool call').snapshot())),
    };
  }
}

export const chatScreen = (page: Page, watch?: AgentWatch): ChatScreen => new ShopAssistantChat(page, watch);
/** Its sign-in form is the contract's but for its names; it has no sign-up (no spec of it runs). */
export const signInScreen = (page: Page): SignInScreen => new LoginPage(page, { username: 'Email or username', signIn: 'Log in' });
