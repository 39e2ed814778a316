/**
 * The trip planner's page: ai@4's `useChat` (@ai-sdk/react 1.x) over the guest's one chat, loaded
 * from `/api/session`, and resumed when an answer was still streaming as the page loaded. Its
 * markup follows chat-e2e's UI contract (the team adopted it), so the suite's own page objects read it.
 */
import { useChat, type Message } from '@ai-sdk/react';
import { StrictMode, useEffect, useRef, useState, type KeyboardEvent, type SyntheticEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { Answer, type Outcome } from './answer.tsx';

interface Session {
  chatId: string;
  messages: Message[];
  streaming: boolean;
}

function Chat({ session }: { session: Session }) {
  const { messages, input, setInput, append, status, stop, error, experimental_resume } = useChat({
    id: session.chatId,
    initialMessages: session.messages,
    sendExtraMessageFields: true,
  });
  const [stopped, setStopped] = useState<ReadonlySet<string>>(new Set());
  const resumed = useRef(false);
  useEffect(() => {
    // A reload while the answer streamed: pick it up where the server has it (from its start).
    if (session.streaming && !resumed.current) {
      resumed.current = true;
      experimental_resume();
    }
  }, [session.streaming, experimental_resume]);

  const busy = status === 'submitted' || status === 'streaming';
  const last = messages.at(-1);
  const send = (event?: SyntheticEvent) => {
    event?.preventDefault();
    if (busy || input.trim() === '') return;
    void append({ role: 'user', content: input });
    setInput('');
  };
  const onKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey) send(event);
  };
  const stopAnswer = () => {
    if (last?.role === 'assistant') setStopped((ids) => new Set(ids).add(last.id));
    stop();
  };
  const outcomeOf = (id: string, newest: boolean): Outcome => {
    if (stopped.has(id)) return 'stopped';
    if (!newest) return 'done';
    if (busy) return 'streaming';
    return status === 'error' ? 'error' : 'done';
  };
  // A refused message (too long) never got an answer: the error is the page's, in an alert.
  const refused = status === 'error' && last?.role === 'user' ? error?.message : undefined;

  return (
    <div className="planner">
      <header>
        <h1>Trip planner</h1>
        <p className="guest">You are chatting as a guest</p>
      </header>
      <main>
        <div className="transcript" role="log" aria-label="Conversation" tabIndex={0}>
          {messages.map((message) =>
            message.role === 'user' ? (
              <article key={message.id} className="message user" data-role="user" aria-label="You">
                <div data-testid="message-text">{message.content}</div>
              </article>
            ) : (
              <Answer key={message.id} message={message} outcome={outcomeOf(message.id, message === last)} error={message === last ? error?.message : undefined} />
            ),
          )}
        </div>
        {refused === undefined ? null : (
          <p className="alert" role="alert">
            {refused}
          </p>
        )}
        <form onSubmit={send}>
          <label htmlFor="message" className="visually-hidden">
            Message
          </label>
          <textarea id="message" value={input} onChange={(event) => { setInput(event.target.value); }} onKeyDown={onKey} rows={2} placeholder="Where to?" />
          {busy ? (
            <button type="button" onClick={stopAnswer}>
              Stop
            </button>
          ) : null}
          <button type="submit" className="primary" disabled={busy || input.trim() === ''}>
            Send
          </button>
        </form>
      </main>
    </div>
  );
}

const root = createRoot(document.getElementById('root') as HTMLElement);
const response = await fetch('/api/session');
if (response.ok) {
  const session = (await response.json()) as Session;
  root.render(
    <StrictMode>
      <Chat session={session} />
    </StrictMode>,
  );
} else {
  root.render(<p role="alert">{await response.text()}</p>);
}
