import type { Locator } from '@playwright/test';
import type { ScreenSnapshot, ToolCardStatus } from '../lib/events/types.ts';
import { UNWATCHED, waitForAgent, type AgentWatch } from './agent-watch.ts';
import type { ToolCardScreen, ToolOutcome } from './contract.ts';

/** One tool call's card in an answer, scoped to its container: what it ran and what it shows. */
export class ToolCard implements ToolCardScreen {
  readonly output: Locator;

  constructor(
    readonly container: Locator,
    private readonly watch: AgentWatch = UNWATCHED,
    /** The card in a person's words, for a wait that runs out: `the calculator card`. */
    private readonly label = 'the tool card',
  ) {
    this.output = container.getByTestId('tool-output');
  }

  /** Waits until the card shows: the tool is running (or has run). */
  async shown(): Promise<void> {
    await waitForAgent(this.container, this.watch, `${this.label} to show`);
  }

  /** Waits until the tool call has ended; resolves with how (a stuck call's run is named). */
  async outcome(): Promise<ToolOutcome> {
    await waitForAgent(this.container.and(this.container.page().locator('[data-status="done"], [data-status="error"]')), this.watch, this.label);
    return (await this.container.getAttribute('data-status')) === 'error' ? 'error' : 'done';
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
