/**
 * The transcript: each message of `useChat` rendered from its `parts`, in the shop assistant's own
 * markup (list items, figures, no test ids). Text parts make the answer, the newest finished
 * reasoning part the live thinking, `tool-<name>` parts the tool calls, whose input and output
 * show as compact JSON. Every text is a React child (text), never HTML.
 */
import { getToolName, isReasoningUIPart, isTextUIPart, isToolUIPart, type UIMessage } from 'ai';

export type AnswerStatus = 'streaming' | 'done' | 'error' | 'stopped';
type ToolPart = Extract<UIMessage['parts'][number], { toolCallId: string }>;

/** A tool's input or output as a call shows it: a string as it is, anything else as compact JSON. */
const shown = (value: unknown): string => (typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value));

const textOf = (message: UIMessage): string => message.parts.filter(isTextUIPart).map((part) => part.text).join('');

/** A call's state in the words its caption shows. */
function callState(part: ToolPart): 'working…' | 'finished' | 'failed' {
  switch (part.state) {
    case 'output-available':
      return 'finished';
    case 'output-error':
    case 'output-denied':
      return 'failed';
    default:
      return 'working…';
  }
}

function ToolCall({ part }: { part: ToolPart }) {
  const tool = getToolName(part);
  const state = callState(part);
  const result = part.state === 'output-available' ? shown(part.output) : part.state === 'output-error' ? part.errorText : part.state === 'output-denied' ? 'denied' : '';
  return (
    <figure className={`call call-${state === 'working…' ? 'working' : state}`} aria-label={`Tool call: ${tool}`}>
      <figcaption>
        <span className="call-name">{tool}</span> <small>{state}</small>
      </figcaption>
      <code className="call-input">{shown(part.input)}</code>
      <output className="call-result">{result}</output>
    </figure>
  );
}

export function UserMessage({ message }: { message: UIMessage }) {
  return (
    <li className="bubble from-me" aria-label="Your message">
      {textOf(message)}
    </li>
  );
}

/** A reply; `message` is absent while the request waits for its first chunk, or when it failed before one. */
export function Reply({ message, status, error }: { message?: UIMessage; status: AnswerStatus; error?: string }) {
  const parts = message?.parts ?? [];
  const thought = parts.filter(isReasoningUIPart).filter((part) => part.state === 'done').at(-1)?.text;
  const text = message ? textOf(message) : '';
  return (
    <li className="bubble from-bot" aria-label="Reply" aria-busy={status === 'streaming'}>
      {status === 'streaming' && thought ? (
        <aside className="reasoning" aria-label="Reasoning">
          {thought}
        </aside>
      ) : null}
      {parts.filter(isToolUIPart).map((part) => (
        <ToolCall key={part.toolCallId} part={part} />
      ))}
      {text ? (
        <section className="reply-text" aria-label="Answer">
          {text}
        </section>
      ) : null}
      {status === 'error' ? <p role="alert">Something went wrong: {error ?? 'the reply failed.'}</p> : null}
      {status === 'stopped' ? <p className="note">Stopped</p> : null}
    </li>
  );
}
