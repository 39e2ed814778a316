/**
 * The AG-UI side of the page, loaded once the chat shows (it is most of the bundle): one
 * @ag-ui/client HttpAgent per thread, and a subscriber that renders a run into its answer view.
 */
import { HttpAgent, randomUUID, type AgentSubscriber } from '@ag-ui/client';
import { contentToText } from '@ag-ui/core';
import type { AnswerView } from './transcript.ts';

export interface Thread {
  /** Adds the user's message to the thread and runs the agent on it, rendering into `view`. */
  ask(text: string, view: AnswerView): Promise<void>;
  /** Asks the server to stop the run that streams now: it ends with a cancelled outcome. */
  stop(): void;
  abort(): void;
}

/** The subscriber that renders one run into `view`. */
function renderInto(view: AnswerView, onUnauthorized: () => void): AgentSubscriber {
  return {
    onRunStartedEvent: ({ event }) => {
      view.started(event.runId);
    },
    onReasoningMessageEndEvent: ({ reasoningMessageBuffer }) => {
      view.thought(reasoningMessageBuffer);
    },
    onToolCallStartEvent: ({ event }) => {
      view.toolStarted(event.toolCallId, event.toolCallName);
    },
    onToolCallArgsEvent: ({ event, toolCallBuffer }) => {
      view.toolInput(event.toolCallId, toolCallBuffer);
    },
    onToolCallEndEvent: ({ event, toolCallArgs }) => {
      view.toolInput(event.toolCallId, JSON.stringify(toolCallArgs));
    },
    onToolCallResultEvent: ({ event }) => {
      view.toolResult(event.toolCallId, typeof event.content === 'string' ? event.content : contentToText(event.content));
    },
    onTextMessageContentEvent: ({ event }) => {
      view.appendText(event.delta);
    },
    // The server's word on the thread: the answer shows the snapshot's text of this run's message.
    onMessagesSnapshotEvent: ({ event }) => {
      const answer = event.messages.findLast((message) => message.role === 'assistant');
      if (answer && typeof answer.content === 'string') view.replaceText(answer.content);
    },
    onRunFinishedEvent: ({ event }) => {
      if (event.outcome?.type === 'cancelled') view.stopped();
      else view.finish();
    },
    onRunErrorEvent: ({ event }) => {
      view.fail(event.message);
    },
    onRunFailed: ({ error }) => {
      view.fail(error.message);
      if ((error as Error & { status?: number }).status === 401) onUnauthorized();
    },
  };
}

/** One thread (one per page load) on /api/agent, authorised by `token`. */
export function openThread(token: string, onUnauthorized: () => void): Thread {
  const agent = new HttpAgent({ url: '/api/agent', headers: { Authorization: `Bearer ${token}` }, threadId: randomUUID() });
  let current: string | undefined;
  return {
    async ask(text, view) {
      agent.addMessage({ id: randomUUID(), role: 'user', content: text });
      current = randomUUID();
      await agent.runAgent({ runId: current }, renderInto(view, onUnauthorized));
      // A stream that closed without RUN_FINISHED or RUN_ERROR.
      view.fail('The answer ended before it finished.');
    },
    stop() {
      if (current === undefined) return;
      // The stream stays open until the server says the run is over: what it showed stays.
      void fetch('/api/agent/stop', { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ runId: current }) }).catch(() => undefined);
    },
    abort() {
      agent.abortRun();
    },
  };
}
