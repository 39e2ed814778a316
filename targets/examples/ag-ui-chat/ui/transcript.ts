/**
 * The transcript: one article per user message and one per run, tool cards in call order inside
 * the run's article. Every text goes in with textContent, never as HTML.
 */
import { el } from './dom.ts';

/** A TOOL_CALL_RESULT whose content starts so is a failed call (AG-UI 1.0.0 has no error flag on the event). */
export const TOOL_ERROR_PREFIX = 'Error:';

export type RunStatus = 'streaming' | 'done' | 'error' | 'stopped';

interface CardView {
  card: HTMLElement;
  status: HTMLElement;
  input: HTMLElement;
  output: HTMLElement;
}

/** One assistant answer as it streams in. */
export class AnswerView {
  readonly article: HTMLElement;
  private readonly thinking: HTMLElement;
  private readonly tools: HTMLElement;
  private readonly answer: HTMLElement;
  private readonly error: HTMLElement;
  private readonly cards = new Map<string, CardView>();

  constructor(private readonly onChange: () => void) {
    this.thinking = el('p', { class: 'thinking', 'data-testid': 'thinking', hidden: true });
    this.tools = el('div', { class: 'tools' });
    this.answer = el('div', { class: 'answer', 'data-testid': 'answer' });
    this.error = el('p', { class: 'agent-error', 'data-testid': 'agent-error', hidden: true });
    this.article = el(
      'article',
      { class: 'message assistant', 'data-role': 'assistant', 'data-status': 'streaming', 'aria-label': 'Assistant' },
      this.thinking,
      this.tools,
      this.answer,
      this.error,
    );
  }

  get status(): RunStatus {
    return this.article.dataset.status as RunStatus;
  }

  started(runId: string): void {
    this.article.dataset.runId = runId;
  }

  /** A reasoning message has ended: show its text, never a partial one. */
  thought(text: string): void {
    if (this.status !== 'streaming' || text.trim() === '') return;
    this.thinking.textContent = text;
    this.thinking.hidden = false;
    this.onChange();
  }

  toolStarted(toolCallId: string, tool: string): void {
    if (this.cards.has(toolCallId)) return;
    const status = el('span', { class: 'tool-status' }, 'running');
    const input = el('pre', { class: 'tool-input', 'data-testid': 'tool-input' });
    const output = el('pre', { class: 'tool-output', 'data-testid': 'tool-output' });
    const card = el(
      'section',
      { class: 'tool-card', 'data-testid': 'tool-card', 'data-tool': tool, 'data-status': 'running', 'data-tool-call-id': toolCallId },
      el('p', { class: 'tool-head' }, el('span', { class: 'tool-name' }, tool), status),
      el('p', { class: 'tool-label' }, 'Input'),
      input,
      el('p', { class: 'tool-label' }, 'Output'),
      output,
    );
    this.cards.set(toolCallId, { card, status, input, output });
    this.tools.append(card);
    this.onChange();
  }

  toolInput(toolCallId: string, input: string): void {
    const view = this.cards.get(toolCallId);
    if (view) view.input.textContent = input;
  }

  toolResult(toolCallId: string, content: string): void {
    const view = this.cards.get(toolCallId);
    if (!view) return;
    const status = content.startsWith(TOOL_ERROR_PREFIX) ? 'error' : 'done';
    view.card.dataset.status = status;
    view.status.textContent = status;
    view.output.textContent = content;
    this.onChange();
  }

  appendText(delta: string): void {
    this.answer.append(delta);
    this.answer.normalize();
    this.onChange();
  }

  replaceText(text: string): void {
    this.answer.textContent = text;
    this.onChange();
  }

  finish(): void {
    if (this.status !== 'streaming') return;
    this.article.dataset.status = 'done';
    this.thinking.hidden = true;
    this.onChange();
  }

  /** The user stopped it: what it showed stays, and says so. */
  stopped(): void {
    if (this.status !== 'streaming') return;
    this.article.dataset.status = 'stopped';
    this.thinking.hidden = true;
    this.error.textContent = 'Stopped at your request.';
    this.error.hidden = false;
    this.onChange();
  }

  fail(message: string): void {
    if (this.status !== 'streaming') return;
    this.article.dataset.status = 'error';
    this.thinking.hidden = true;
    this.error.textContent = message;
    this.error.hidden = false;
    this.onChange();
  }
}

export class Transcript {
  constructor(
    readonly log: HTMLElement,
    private readonly onChange: () => void,
  ) {}

  addUserMessage(text: string): HTMLElement {
    const article = el(
      'article',
      { class: 'message user', 'data-role': 'user', 'aria-label': 'You' },
      el('div', { class: 'message-text', 'data-testid': 'message-text' }, text),
    );
    this.log.append(article);
    this.onChange();
    return article;
  }

  addAnswer(): AnswerView {
    const view = new AnswerView(this.onChange);
    this.log.append(view.article);
    this.onChange();
    return view;
  }
}
