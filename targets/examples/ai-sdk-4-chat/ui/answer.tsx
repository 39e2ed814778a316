/**
 * One answer of the trip planner: its reasoning while it works (told once the model moves on from
 * it, and gone when the answer ends), a card per tool call with its arguments and result, and the
 * reply's text as it streams.
 */
import type { Message } from '@ai-sdk/react';

export type Outcome = 'streaming' | 'done' | 'error' | 'stopped';

type Part = NonNullable<Message['parts']>[number];
type Invocation = Extract<Part, { type: 'tool-invocation' }>['toolInvocation'];

const shown = (value: unknown): string => JSON.stringify(value, null, 1);

function ToolCard({ call, failure }: { call: Invocation; failure: string | undefined }) {
  const status = call.state === 'result' ? 'done' : failure === undefined ? 'running' : 'error';
  return (
    <section className={`tool-card ${status}`} data-testid="tool-card" data-tool={call.toolName} data-status={status} data-tool-call-id={call.toolCallId} aria-label={`Tool ${call.toolName}`}>
      <p className="tool-head">
        <span className="tool-name">{call.toolName}</span> <span className="tool-status">{status === 'running' ? 'working…' : status}</span>
      </p>
      <pre data-testid="tool-input">{shown(call.args)}</pre>
      <pre data-testid="tool-output">{call.state === 'result' ? shown(call.result) : (failure ?? '')}</pre>
    </section>
  );
}

export function Answer({ message, outcome, error }: { message: Message; outcome: Outcome; error: string | undefined }) {
  const parts = message.parts ?? [];
  // A thought is told once something follows it, as the model moves on to act or answer.
  const thought = outcome === 'streaming' ? parts.findLast((part, at) => part.type === 'reasoning' && at < parts.length - 1) : undefined;
  const failure = outcome === 'error' ? (error ?? 'The answer failed.') : undefined;
  const text = parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
  return (
    <article className={`message assistant ${outcome}`} data-role="assistant" data-status={outcome} aria-label="Trip planner">
      <p className="thinking" data-testid="thinking" hidden={thought === undefined}>
        {thought?.type === 'reasoning' ? thought.reasoning : ''}
      </p>
      {parts.map((part) => (part.type === 'tool-invocation' ? <ToolCard key={part.toolInvocation.toolCallId} call={part.toolInvocation} failure={failure} /> : null))}
      <div className="answer" data-testid="answer">
        {text}
      </div>
      {failure === undefined ? null : <p className="agent-error">{failure}</p>}
    </article>
  );
}
