import type { Locator, Page } from '@playwright/test';
import type { ScreenSnapshot } from '../lib/events/types.ts';
import { waitForAgent, type AgentWatch } from './agent-watch.ts';
import { ChatScreenBase } from './chat-screen-base.ts';
import type { AnswerOutcome, ChatScreen, ConnectionState } from './contract.ts';
import { ConversationList } from './conversation-list.ts';
import { step } from './step.ts';
import { ToolCard } from './tool-card.ts';
import { watchTexts } from './watch-texts.ts';

const ASSISTANT = 'article[data-role="assistant"]';
/** The connection indicator's texts (docs/ui-contract.md) in the suite's words. */
const CONNECTION_STATES: Readonly<Record<string, ConnectionState>> = { Connected: 'connected', 'Reconnecting…': 'reconnecting', Offline: 'offline' };

/** The chat screen of the UI contract (docs/ui-contract.md). Intentions and locators only: specs assert. */
export class ChatPage extends ChatScreenBase implements ChatScreen {
  protected readonly watched = { answer: ASSISTANT, text: '[data-testid="answer"]', thinking: '[data-testid="thinking"]' };
  readonly transcript: Locator;
  readonly messageBox: Locator;
  readonly sendButton: Locator;
  /** Shown while an answer streams. */
  readonly stopButton: Locator;
  readonly connection: Locator;
  readonly connected: Locator;
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

  constructor(page: Page, watch?: AgentWatch) {
    super(page, watch);
    this.transcript = page.getByRole('log', { name: 'Conversation' });
    this.messageBox = page.getByRole('textbox', { name: 'Message' });
    this.sendButton = page.getByRole('button', { name: 'Send' });
    this.stopButton = page.getByRole('button', { name: 'Stop' });
    this.connection = page.getByTestId('connection');
    this.connected = this.connection.getByText('Connected', { exact: true });
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

  /** Waits until the answer to the last message sent has finished; resolves with how it ended (a stuck run is named). */
  @step('wait for the answer')
  async answerOutcome(): Promise<AnswerOutcome> {
    const answer = this.awaitedAnswer;
    await waitForAgent(answer.and(this.page.locator('[data-status="done"], [data-status="error"], [data-status="stopped"]')), this.watch, this.awaitedAnswerLabel);
    const status = await answer.getAttribute('data-status');
    return status === 'error' ? 'failed' : status === 'stopped' ? 'stopped' : 'done';
  }

  /** Waits until the answer being written shows its live thinking (the agent at work, no answer yet). */
  @step('wait for the live thinking')
  async thinkingShown(): Promise<void> {
    await waitForAgent(this.awaitedAnswer.getByTestId('thinking'), this.watch, `the live thinking of ${this.awaitedAnswerLabel}`);
  }

  /** What the answer being written shows now: its text so far ('' before any) and its cards' tools. */
  @step('read what the answer shows so far')
  async answerSoFar(): Promise<{ text: string; tools: string[] }> {
    const answer = this.awaitedAnswer;
    const text = (await answer.getByTestId('answer').count()) > 0 ? await answer.getByTestId('answer').innerText() : '';
    const tools = await answer.getByTestId('tool-card').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-tool') ?? ''));
    return { text, tools };
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

  /** Every state the connection indicator shows from now on, a state too brief to poll for (a fast reconnect) included. */
  @step('watch the connection indicator')
  async watchConnection(): Promise<() => Promise<ConnectionState[]>> {
    const texts = await watchTexts(this.connection);
    return async () =>
      (await texts()).map((text) => {
        const state = CONNECTION_STATES[text];
        if (!state) throw new Error(`the connection indicator shows "${text}", which is none of ${Object.keys(CONNECTION_STATES).join(', ')} (docs/ui-contract.md)`);
        return state;
      });
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
