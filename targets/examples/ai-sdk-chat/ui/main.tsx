/**
 * The shop assistant's chat screen: `useChat` (@ai-sdk/react) over `DefaultChatTransport` (ai) posting
 * to /api/chat, which answers with the UI message stream. One conversation per page load. While
 * an answer streams, "Stop generating" takes the Send button's place; Send coming back is the
 * answer finished. No length limit, no sign-out.
 */
import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport, generateId, type UIMessage } from 'ai';
import { StrictMode, useEffect, useRef, useState, type KeyboardEvent, type ReactNode, type SyntheticEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { Reply, UserMessage, type AnswerStatus } from './transcript.tsx';

const transport = new DefaultChatTransport<UIMessage>({
  api: '/api/chat',
  fetch: async (input, init) => {
    const response = await fetch(input, init);
    // The session ended on the server: the sign-in page says so.
    if (response.status === 401) window.location.assign('/');
    return response;
  },
});

/** The transport's error carries the response body: show its `error` where it is JSON. */
function describe(error: Error): string {
  try {
    const body = JSON.parse(error.message) as { error?: unknown };
    if (typeof body.error === 'string') return body.error;
  } catch {
    // not JSON: the message as it is
  }
  return error.message || 'The answer failed.';
}

function Chat({ username }: { username: string }) {
  const [chatId] = useState(() => generateId());
  const { messages, sendMessage, status, error, stop } = useChat({ id: chatId, transport });
  const [draft, setDraft] = useState('');
  /** Why the answer after a message failed, by the id of the last message when it did. */
  const [failures, setFailures] = useState<Record<string, string>>({});
  /** The ids of the last message when the user pressed Stop: those answers show as stopped. */
  const [stopped, setStopped] = useState<ReadonlySet<string>>(new Set());
  const busy = status === 'submitted' || status === 'streaming';
  const lastId = messages.at(-1)?.id;

  const log = useRef<HTMLDivElement>(null);
  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [messages]);

  useEffect(() => {
    if (status === 'error' && error && lastId !== undefined) setFailures((known) => ({ ...known, [lastId]: describe(error) }));
  }, [status, error, lastId]);

  const submit = (event?: SyntheticEvent) => {
    event?.preventDefault();
    const text = draft.trim();
    if (!text || busy) return;
    setDraft('');
    void sendMessage({ text });
  };
  const stopAnswer = () => {
    if (lastId !== undefined) setStopped((known) => new Set(known).add(lastId));
    void stop();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  };

  const transcript: ReactNode[] = [];
  messages.forEach((message, index) => {
    const isLast = index === messages.length - 1;
    if (message.role === 'user') {
      transcript.push(<UserMessage key={message.id} message={message} />);
      if (messages[index + 1]?.role === 'assistant') return;
      // No answer (yet): one is on its way, or it failed before its first chunk.
      const pending = isLast && busy;
      const unanswered: AnswerStatus = pending ? 'streaming' : stopped.has(message.id) ? 'stopped' : 'error';
      transcript.push(<Reply key={`${message.id}-answer`} status={unanswered} error={failures[message.id] ?? 'No answer came.'} />);
      return;
    }
    if (message.role !== 'assistant') return;
    const failure = failures[message.id];
    const answerStatus: AnswerStatus = isLast && busy ? 'streaming' : stopped.has(message.id) ? 'stopped' : failure !== undefined ? 'error' : 'done';
    transcript.push(<Reply key={message.id} message={message} status={answerStatus} error={failure} />);
  });

  return (
    <div className="app">
      <header className="top-bar">
        <h1>Shop assistant</h1>
        <span className="greeting">Hi, {username}</span>
      </header>
      <main className="chat" aria-label="Chat">
        <div className="scroller" ref={log}>
          <ul className="messages" aria-label="Messages">
            {transcript}
          </ul>
        </div>
        <form className="ask" aria-label="Ask" onSubmit={submit}>
          <textarea aria-label="Ask anything" rows={2} value={draft} placeholder="Ask about a product or an order" onChange={(event) => { setDraft(event.target.value); }} onKeyDown={onKeyDown} />
          {busy ? (
            <button type="button" className="stop" onClick={stopAnswer}>
              Stop generating
            </button>
          ) : (
            <button type="submit" disabled={draft.trim() === ''}>
              Send
            </button>
          )}
        </form>
      </main>
    </div>
  );
}

const root = document.getElementById('root');
if (root) {
  const username = document.querySelector('meta[name="chat-user"]')?.getAttribute('content') ?? '';
  createRoot(root).render(
    <StrictMode>
      <Chat username={username} />
    </StrictMode>,
  );
}
