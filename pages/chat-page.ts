import type { Locator, Page } from '@playwright/test';
import { payloadPrefix } from '../lib/events/format.ts';
import type { ScreenSnapshot } from '../lib/events/types.ts';
import { UNWATCHED, waitForAgent, type AgentWatch } from './agent-watch.ts';
import type { AnswerOutcome, ChatScreen, ShownTexts } from './contract.ts';
import { ConversationList } from './conversation-list.ts';
import { step } from './step.ts';
import { enterText } from './text-field.ts';
import { ToolCard } from './tool-card.ts';
import { watchTexts } from './watch-texts.ts';

/** A message as a failure quotes it: whole when short, else its start and its length. */
export const quoted = (message: string): string => (message.length <= 80 ? `"${message}"` : `"${payloadPrefix(message, 60)}" (${message.length} characters)`);

const ASSISTANT = 'article[data-role="assistant"]';

/** The chat screen of the UI contract (docs/ui-contract.md). Intentions and locators only: specs assert. */
export class ChatPage implements ChatScreen {
  readonly transcript: Locator;
  readonly messageBox: Locator;
  readonly sendButton: Locator;
  /** Shown while an answer streams. */
  readonly stopButton: Locator;
  readonly connection: Locator;
  readonly alert: Locator;
  readonly signOutButton: Locator;
  readonly conversations: ConversationList;
  readonly userMessages: Locator;
  readonly assistantMessages: Locator;
  /** The newest assistant message, streaming or finished. */
  readonly lastAssistantMessage: Locator;
  readonly lastAnswer: Locator;
  readonly thinking: Locator;
  readonly toolCards: Locator;
  /** Which answer (by position) and which message the last send awaits. */
  private awaited = { answer: 0, message: '' };

  constructor(
    readonly page: Page,
    private readonly watch: AgentWatch = UNWATCHED,
  ) {
    this.transcript = page.getByRole('log', { name: 'Conversation' });
    this.messageBox = page.getByRole('textbox', { name: 'Message' });
    this.sendButton = page.getByRole('button', { name: 'Send' });
    this.stopButton = page.getByRole('button', { name: 'Stop' });
    this.connection = page.getByTestId('connection');
    this.alert = page.getByRole('alert');
    this.signOutButton = page.getByRole('button', { name: 'Sign out' });
    this.conversations = new ConversationList(page);
    this.userMessages = this.transcript.locator('article[data-role="user"]');
    this.assistantMessages = this.transcript.locator(ASSISTANT);
    this.lastAssistantMessage = this.assistantMessages.last();
    this.lastAnswer = this.lastAssistantMessage.getByTestId('answer');
    this.thinking = this.lastAssistantMessage.getByTestId('thinking');
    this.toolCards = this.lastAssistantMessage.getByTestId('tool-card');
  }

  /** The newest answer's card of `tool`. */
  toolCard(tool: string): ToolCard {
    return new ToolCard(this.toolCards.and(this.page.locator(`[data-tool="${tool}"]`)), this.watch, `the ${tool} card`);
  }

  /** The tools the newest answer's cards show, in order. */
  async toolNames(): Promise<string[]> {
    const cards = await this.toolCards.all();
    return Promise.all(cards.map(async (card) => (await card.getAttribute('data-tool')) ?? ''));
  }

  @step('open the chat')
  async open(path = '/'): Promise<void> {
    await this.page.goto(path);
    await this.messageBox.waitFor();
  }

  /** Types into the message box without sending, as a user writing a draft. */
  @step('type a message')
  async draft(text: string): Promise<void> {
    await enterText(this.messageBox, text);
  }

  @step('send a message')
  async send(text: string): Promise<void> {
    await this.draft(text);
    this.awaited = { answer: await this.assistantMessages.count(), message: text };
    await this.sendButton.click();
  }

  /** Waits until the answer to the last message sent has finished; resolves with how it ended (a stuck run is named). */
  @step('wait for the answer')
  async answerOutcome(): Promise<AnswerOutcome> {
    const answer = this.assistantMessages.nth(this.awaited.answer);
    await waitForAgent(answer.and(this.page.locator('[data-status="done"], [data-status="error"], [data-status="stopped"]')), this.watch, `the answer to ${quoted(this.awaited.message)}`);
    const status = await answer.getAttribute('data-status');
    return status === 'error' ? 'failed' : status === 'stopped' ? 'stopped' : 'done';
  }

  /** Waits until the answer being written shows its live thinking (the agent at work, no answer yet). */
  @step('wait for the live thinking')
  async thinkingShown(): Promise<void> {
    await waitForAgent(this.assistantMessages.nth(this.awaited.answer).getByTestId('thinking'), this.watch, `the live thinking of the answer to ${quoted(this.awaited.message)}`);
  }

  /** Stops the answer being written; resolves with when, on the page's clock (the one the event tap stamps frames with). */
  @step('stop the answer')
  async stop(): Promise<number> {
    const at = await this.page.evaluate(() => performance.timeOrigin + performance.now());
    await this.stopButton.click();
    return at;
  }

  /** What the answer being written shows now: its text so far ('' before any) and its cards' tools. */
  @step('read what the answer shows so far')
  async answerSoFar(): Promise<{ text: string; tools: string[] }> {
    const answer = this.assistantMessages.nth(this.awaited.answer);
    const text = (await answer.getByTestId('answer').count()) > 0 ? await answer.getByTestId('answer').innerText() : '';
    const tools = await answer.getByTestId('tool-card').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-tool') ?? ''));
    return { text, tools };
  }

  /** Sends and waits until the agent's answer to this message has finished; resolves with how it ended. */
  @step('ask and wait for the answer')
  async ask(text: string): Promise<AnswerOutcome> {
    await this.send(text);
    return this.answerOutcome();
  }

  /**
   * The address of the open conversation (its path, `/c/<id>` here), once the page shows one: a
   * new conversation gets its address when its first message is answered. A product whose
   * addresses differ says so in its own page objects.
   */
  @step('read the conversation\'s address')
  async conversationAddress(): Promise<string> {
    await this.page.waitForURL(/\/c\/[^/]+$/, { timeout: this.watch.timeoutMs });
    return new URL(this.page.url()).pathname;
  }

  @step('reload the page')
  async reload(): Promise<void> {
    await this.page.reload();
    await this.messageBox.waitFor();
  }

  /** Every text the connection indicator shows from now on, a state too brief to poll for (a fast reconnect) included. */
  @step('watch the connection indicator')
  async watchConnection(): Promise<ShownTexts> {
    return watchTexts(this.connection);
  }

  /** Every live-thinking text the newest answer shows: each lasts only an agent step, too brief to poll for. */
  @step('watch the live thinking')
  async watchThinking(): Promise<ShownTexts> {
    return watchTexts(this.transcript, { item: ASSISTANT, text: '[data-testid="thinking"]' });
  }

  /** Every text the newest answer shows as it streams in (an answer that appears whole has one). */
  @step('watch the answer as it streams')
  async watchAnswer(): Promise<ShownTexts> {
    return watchTexts(this.transcript, { item: ASSISTANT, text: '[data-testid="answer"]', perItem: true });
  }

  @step('sign out')
  async signOut(): Promise<void> {
    await this.signOutButton.click();
  }

  /** Reads the last answer and its tool cards off the screen. */
  @step('read the answer off the screen')
  async screenSnapshot(): Promise<ScreenSnapshot> {
    const cards = await this.toolCards.all();
    return {
      answer: await this.lastAnswer.innerText(),
      toolCards: await Promise.all(cards.map((card) => new ToolCard(card).snapshot())),
    };
  }
}
