/**
 * The one rendering path of a conversation: it turns envelopes into the transcript, and is used
 * both for history (GET /api/conversations/:id) and for live frames, so a reload shows the same.
 * Agent events are deduplicated by seq. Text is always set with textContent, except under the
 * `xss` fault, which renders message text as HTML on purpose.
 */
import type { Envelope } from './api.ts';
import { el } from './dom.ts';

export interface UiFaults {
  wrongAnswer: boolean;
  uiStale: boolean;
  xss: boolean;
}

interface RunView {
  article: HTMLElement;
  thinking: HTMLElement;
  tools: HTMLElement;
  cards: Map<string, HTMLElement>;
}

/** Strings as they are; anything else as JSON, indented when long (parse it back to compare). */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  const compact = JSON.stringify(value);
  return compact.length <= 80 ? compact : JSON.stringify(value, null, 2);
}

/** The `wrong-answer` fault: the screen shows a plausible but different answer. */
export function wrongAnswer(answer: string): string {
  const bumped = answer.replace(/\d+(?=\D*$)/, (n) => String(Number(n) + 1));
  if (bumped !== answer) return bumped;
  const reversed = answer.split(' ').reverse().join(' ');
  return reversed !== answer ? reversed : `${answer} (maybe)`;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export class Transcript {
  private readonly seen = new Set<number>();
  private readonly runs = new Map<string, RunView>();
  private highest = 0;

  constructor(
    readonly log: HTMLElement,
    private readonly faults: UiFaults,
    private readonly onChange: () => void,
  ) {}

  /** The highest seq shown: what a `resume` asks to continue after. */
  get lastSeq(): number {
    return this.highest;
  }

  get isEmpty(): boolean {
    return this.log.childElementCount === 0;
  }

  /** The run whose answer is still streaming, newest first: what Stop stops. */
  get streamingRunId(): string | undefined {
    const streaming = [...this.runs.values()].filter((view) => view.article.dataset.status === 'streaming');
    return streaming.at(-1)?.article.dataset.runId;
  }

  clear(): void {
    this.seen.clear();
    this.runs.clear();
    this.highest = 0;
    this.log.replaceChildren();
    this.onChange();
  }

  /** A message the user just sent (before the server acknowledged it). */
  addPendingUserMessage(clientId: string, text: string): void {
    this.log.append(this.userArticle(text, { 'data-client-id': clientId, 'data-pending': 'true' }));
    this.onChange();
  }

  acknowledge(clientId: string, runId: string, messageId: string): void {
    const article = this.userByClientId(clientId);
    if (!article) return;
    article.dataset.runId = runId;
    article.dataset.messageId = messageId;
    delete article.dataset.pending;
  }

  removePendingUserMessage(clientId: string): void {
    this.userByClientId(clientId)?.remove();
    this.onChange();
  }

  /** Applies one envelope (history or live). Returns false for a duplicate or a foreign frame. */
  apply(envelope: Envelope): boolean {
    const data = envelope.data ?? {};
    const runId = envelope.runId ?? '';
    if (envelope.type === 'user_message') {
      const clientId = str(data.clientId);
      const existing = this.userByClientId(clientId);
      if (existing) {
        this.acknowledge(clientId, runId, str(data.messageId));
        return false;
      }
      this.log.append(this.userArticle(str(data.text), { 'data-client-id': clientId, 'data-run-id': runId, 'data-message-id': str(data.messageId) }));
      this.onChange();
      return true;
    }
    if (typeof envelope.seq === 'number') {
      if (this.seen.has(envelope.seq)) return false;
      this.seen.add(envelope.seq);
      this.highest = Math.max(this.highest, envelope.seq);
    }
    switch (envelope.type) {
      case 'agent_started':
        this.run(runId);
        break;
      case 'agent_thinking': {
        const view = this.run(runId);
        view.thinking.textContent = str(data.text);
        view.thinking.hidden = view.article.dataset.status !== 'streaming';
        break;
      }
      case 'tool_executing': {
        const card = this.card(this.run(runId), data);
        this.fill(card.querySelector('[data-testid="tool-input"]'), formatValue(data.input));
        break;
      }
      case 'tool_completed': {
        const card = this.card(this.run(runId), data);
        const failed = 'error' in data;
        card.dataset.status = failed ? 'error' : 'done';
        const state = card.querySelector('.tool-state');
        if (state) state.textContent = failed ? 'Failed' : 'Done';
        const label = card.querySelector('.output-label');
        if (label) label.textContent = failed ? 'Error' : 'Output';
        this.fill(card.querySelector('[data-testid="tool-output"]'), failed ? str(data.error) : formatValue(data.output));
        break;
      }
      case 'agent_completed': {
        if (this.faults.uiStale) return true; // the `ui-stale` fault: the answer never lands
        const view = this.run(runId);
        const answerText = str(data.answer);
        const answer = el('p', { class: 'answer', 'data-testid': 'answer' });
        this.setText(answer, this.faults.wrongAnswer ? wrongAnswer(answerText) : answerText);
        view.article.querySelector('[data-testid="answer"]')?.remove();
        view.article.append(answer);
        this.finish(view, 'done');
        break;
      }
      case 'agent_error': {
        const view = this.run(runId);
        view.article.querySelector('[data-testid="agent-error"]')?.remove();
        // A run its user stopped is no failure: what it showed stays, marked as stopped.
        const stopped = data.aborted === true;
        view.article.append(el('p', { class: 'agent-error', 'data-testid': 'agent-error' }, stopped ? 'Stopped.' : `The agent could not answer: ${str(data.message)}`));
        for (const card of view.cards.values()) {
          const state = card.dataset.status === 'running' ? card.querySelector('.tool-state') : null;
          if (state) state.textContent = 'Stopped';
        }
        this.finish(view, stopped ? 'stopped' : 'error');
        break;
      }
      default:
        return false;
    }
    this.onChange();
    return true;
  }

  private userByClientId(clientId: string): HTMLElement | undefined {
    if (clientId === '') return undefined;
    for (const article of this.log.querySelectorAll<HTMLElement>('article[data-role="user"]')) {
      if (article.dataset.clientId === clientId) return article;
    }
    return undefined;
  }

  private userArticle(text: string, attrs: Record<string, string>): HTMLElement {
    const body = el('div', { class: 'message-text', 'data-testid': 'message-text' });
    this.setText(body, text);
    return el('article', { 'data-role': 'user', class: 'message user', 'aria-label': 'You', ...attrs }, body);
  }

  /** The assistant article of a run, created after its user message when first needed. */
  private run(runId: string): RunView {
    const existing = this.runs.get(runId);
    if (existing) return existing;
    const thinking = el('p', { class: 'thinking', 'data-testid': 'thinking', hidden: true });
    const tools = el('div', { class: 'tools' });
    const article = el(
      'article',
      { 'data-role': 'assistant', 'data-status': 'streaming', 'data-run-id': runId, class: 'message assistant', 'aria-label': 'Assistant' },
      el('div', { class: 'who', 'aria-hidden': 'true' }, 'Assistant'),
      thinking,
      tools,
    );
    const view: RunView = { article, thinking, tools, cards: new Map() };
    this.runs.set(runId, view);
    const users = [...this.log.querySelectorAll<HTMLElement>('article[data-role="user"]')];
    const question = users.find((u) => u.dataset.runId === runId);
    if (question) question.after(article);
    else this.log.append(article);
    return view;
  }

  private card(view: RunView, data: Record<string, unknown>): HTMLElement {
    const id = str(data.toolCallId);
    const existing = view.cards.get(id);
    if (existing) return existing;
    const tool = str(data.tool);
    const card = el(
      'section',
      { class: 'tool-card', 'data-testid': 'tool-card', 'data-tool': tool, 'data-status': 'running', 'data-tool-call-id': id, 'aria-label': `Tool ${tool}` },
      el('div', { class: 'tool-head' }, el('span', { class: 'tool-name' }, tool), el('span', { class: 'tool-state' }, 'Running…')),
      el('div', { class: 'tool-io' }, el('span', { class: 'io-label' }, 'Input'), el('pre', { 'data-testid': 'tool-input' })),
      el('div', { class: 'tool-io' }, el('span', { class: 'io-label output-label' }, 'Output'), el('pre', { 'data-testid': 'tool-output' })),
    );
    view.cards.set(id, card);
    view.tools.append(card);
    return card;
  }

  private finish(view: RunView, status: 'done' | 'error' | 'stopped'): void {
    view.article.dataset.status = status;
    view.thinking.hidden = true;
  }

  private fill(target: Element | null, text: string): void {
    if (target) target.textContent = text;
  }

  private setText(target: HTMLElement, text: string): void {
    if (this.faults.xss) target.innerHTML = text; // the `xss` fault, on purpose
    else target.textContent = text;
  }
}
