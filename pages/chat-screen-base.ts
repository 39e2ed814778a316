import type { Locator, Page } from '@playwright/test';
import { payloadPrefix } from '../lib/events/format.ts';
import { UNWATCHED, waitForAgent, type AgentWatch } from './agent-watch.ts';
import type { AnswerOutcome, ShownTexts } from './contract.ts';
import { step } from './step.ts';
import { enterText } from './text-field.ts';
import { watchTexts } from './watch-texts.ts';

/** CSS selectors for what the page itself watches as it changes: an answer within the transcript, and its text and live thinking within it. */
export interface WatchedMarkup {
  answer: string;
  text: string;
  thinking: string;
}

/** How long pressing a Stop control that shows may take: a busy browser delivers a click late, never this late. */
const STOP_CLICK_MS = 10_000;

/** A message as a failure quotes it: whole when short, else its start and its length. */
const quoted = (message: string): string => (message.length <= 80 ? `"${message}"` : `"${payloadPrefix(message, 60)}" (${message.length} characters)`);

/**
 * What every chat screen does the same way whatever its markup: the user's intentions (open, type,
 * send, stop, reload) over the locators a product's page objects give, which answer the last
 * message awaits, and the watches of the answer and the thinking over the selectors it gives. pages/chat-page.ts and a product's own page objects build on it and answer the
 * questions of their own markup (docs/page-objects.md).
 */
export abstract class ChatScreenBase {
  abstract readonly messageBox: Locator;
  abstract readonly sendButton: Locator;
  abstract readonly stopButton: Locator;
  abstract readonly assistantMessages: Locator;
  abstract readonly transcript: Locator;
  protected abstract readonly watched: WatchedMarkup;
  /** Which answer (by position) and which message the last send awaits. */
  #awaited = { answer: 0, message: '' };

  constructor(
    readonly page: Page,
    /** How long a wait on the agent may take, and the error that names the stuck run. */
    protected readonly watch: AgentWatch = UNWATCHED,
  ) {}

  /** The answer to the last message sent, streaming or finished. */
  protected get awaitedAnswer(): Locator {
    return this.assistantMessages.nth(this.#awaited.answer);
  }

  /** That answer in a person's words, for a wait that runs out. */
  protected get awaitedAnswerLabel(): string {
    return `the answer to ${quoted(this.#awaited.message)}`;
  }

  abstract answerOutcome(): Promise<AnswerOutcome>;

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
    this.#awaited = { answer: await this.assistantMessages.count(), message: text };
    await this.sendButton.click();
  }

  /** Sends and waits until the agent's answer to this message has finished; resolves with how it ended. */
  @step('ask and wait for the answer')
  async ask(text: string): Promise<AnswerOutcome> {
    await this.send(text);
    return this.answerOutcome();
  }

  /**
   * Stops the answer being written; resolves with when the page took the click, on the page's
   * clock (the one the event tap stamps frames with): a click that a busy browser delivers a second
   * late must not count the events before it as coming after the Stop.
   */
  @step('stop the answer')
  async stop(): Promise<number> {
    // A Stop that never shows (the answer finished first) is named, not left to the test's timeout.
    await waitForAgent(this.stopButton, this.watch, `the Stop control of ${this.awaitedAnswerLabel}`);
    const clicked = await this.stopButton.evaluateHandle((button) => ({
      at: new Promise<number>((resolve) => {
        const noteTheClick = () => {
          resolve(performance.timeOrigin + performance.now());
        };
        button.addEventListener('click', noteTheClick, { once: true, capture: true });
      }),
    }));
    try {
      await this.stopButton.click({ timeout: STOP_CLICK_MS });
    } catch (error) {
      if (!(await this.stopButton.isVisible())) {
        throw new Error(`${this.awaitedAnswerLabel} ended before its Stop control could be pressed: the message must keep the agent busy longer (stop in the target's conversations file)`, { cause: error });
      }
      throw error;
    }
    return clicked.evaluate((handle) => handle.at);
  }

  @step('reload the page')
  async reload(): Promise<void> {
    await this.page.reload();
    await this.messageBox.waitFor();
  }

  /** Every live-thinking text the newest answer shows: each lasts only an agent step, too brief to poll for. */
  @step('watch the live thinking')
  async watchThinking(): Promise<ShownTexts> {
    return watchTexts(this.transcript, { item: this.watched.answer, text: this.watched.thinking });
  }

  /** Every text the newest answer shows as it streams in (an answer that appears whole has one). */
  @step('watch the answer as it streams')
  async watchAnswer(): Promise<ShownTexts> {
    return watchTexts(this.transcript, { item: this.watched.answer, text: this.watched.text, perItem: true });
  }
}
