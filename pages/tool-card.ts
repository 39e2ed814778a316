import type { Locator } from '@playwright/test';
import type { ScreenSnapshot, ToolCardStatus } from '../lib/events/types.ts';

/** One tool call's card in an answer, scoped to its container: what it ran and what it shows. */
export class ToolCard {
  readonly output: Locator;

  constructor(readonly container: Locator) {
    this.output = container.getByTestId('tool-output');
  }

  /** The card as the screen shows it now, in the shape lifecycle rule 6 compares. */
  async snapshot(): Promise<ScreenSnapshot['toolCards'][number]> {
    const toolCallId = await this.container.getAttribute('data-tool-call-id');
    return {
      tool: (await this.container.getAttribute('data-tool')) ?? '',
      status: ((await this.container.getAttribute('data-status')) ?? 'running') as ToolCardStatus,
      output: await this.output.innerText(),
      ...(toolCallId ? { toolCallId } : {}),
    };
  }
}
