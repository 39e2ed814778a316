import type { Locator, Page } from '@playwright/test';
import type { ConversationsScreen } from './contract.ts';

/** The navigation of past conversations and `New chat`. */
export class ConversationList implements ConversationsScreen {
  readonly root: Locator;
  readonly newChatButton: Locator;
  readonly links: Locator;
  /** The conversation that is open now. */
  readonly current: Locator;

  constructor(page: Page) {
    this.root = page.getByRole('navigation', { name: 'Conversations' });
    this.newChatButton = this.root.getByRole('button', { name: 'New chat' });
    this.links = this.root.getByRole('link');
    this.current = this.root.locator('[aria-current="page"]');
  }

  conversation(title: string | RegExp): Locator {
    return this.root.getByRole('link', { name: title });
  }

  async startNew(): Promise<void> {
    await this.newChatButton.click();
  }

  async open(title: string | RegExp): Promise<void> {
    await this.conversation(title).click();
  }
}
