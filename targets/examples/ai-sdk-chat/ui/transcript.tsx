/**
 * The transcript: each message of `useChat` rendered from its `parts`. Text parts make the
 * answer, finished reasoning parts the live thinking, `tool-<name>` parts the tool cards. Every
 * text is a React child (text), never HTML.
 */
import { getToolName, isReasoningUIPart, isTextUIPart, isToolUIPart, type UIMessage } from 'ai';

export type AnswerStatus = 'streaming' | 'done' | 'error' | 'stopped';
type ToolPart = Extract<UIMessage['parts'][number], { toolCallId: string }>;

/** A tool's input or output as its card shows it: a string as it is, anything else as JSON. */
const shown = (value: unknown): string => (typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value, null, 2));

const textOf = (message: UIMessage): string => message.parts.filter(isTextUIPart).map((part) => part.text).join('');

function cardStatus(part: ToolPart): 'done' | 'error' | 'running' {
  switch (part.state) {
    case 'output-available':
      return 'done';
    case 'output-error':
    case 'output-denied':
      return 'error';
    default:
      return 'running';
  }
}

function ToolCard({ part }: { part: ToolPart }) {
  const tool = getToolName(part);
  const status = cardStatus(part);
  const output = part.state === 'output-available' ? shown(part.output) : part.state === 'output-error' ? part.errorText : part.state === 'output-denied' ? 'denied' : '';
  return (
    <section className="tool-card" data-testid="tool-card" data-tool={tool} data-status={status} data-tool-call-id={part.toolCallId} aria-label={`Tool ${tool}`}>
      <h2>
        {tool} <span className="label">({status})</span>
      </h2>
      <p className="label">Input</p>
      <pre data-testid="tool-input">{shown(part.input)}</pre>
      <p className="label">{status === 'error' ? 'Error' : 'Output'}</p>
      <pre data-testid="tool-output">{output}</pre>
    </section>
  );
}

export function UserMessage({ message }: { message: UIMessage }) {
  return (
    <article className="message" data-role="user" data-message-id={message.id} aria-label="You">
      <p className="message-text" data-testid="message-text">
        {textOf(message)}
      </p>
    </article>
  );
}

/** An answer; `message` is absent while the request waits for its first chunk, or when it failed before one. */
export function AssistantMessage({ message, status, error }: { message?: UIMessage; status: AnswerStatus; error?: string }) {
  const parts = message?.parts ?? [];
  const thought = parts.filter(isReasoningUIPart).filter((part) => part.state === 'done').at(-1)?.text;
  return (
    <article className="message" data-role="assistant" data-status={status} data-message-id={message?.id} aria-label="Assistant" aria-busy={status === 'streaming'}>
      {status === 'streaming' && thought ? (
        <p className="thinking" data-testid="thinking">
          {thought}
        </p>
      ) : null}
      {parts.filter(isToolUIPart).map((part) => (
        <ToolCard key={part.toolCallId} part={part} />
      ))}
      <p className="answer" data-testid="answer">
        {message ? textOf(message) : ''}
      </p>
      {status === 'error' ? (
        <p className="agent-error" data-testid="agent-error">
          {error ?? 'The answer failed.'}
        </p>
      ) : null}
      {status === 'stopped' ? <p className="stopped">You stopped this answer.</p> : null}
    </article>
  );
}
