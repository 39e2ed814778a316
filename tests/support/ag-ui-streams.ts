/**
 * AG-UI runs made with the real libraries (`@ag-ui/core` and `@ag-ui/encoder`, pinned): a scripted
 * agent emits its events, each checked against the protocol's own schema and encoded for SSE by
 * the protocol's encoder; the page's request is a RunAgentInput the schema accepts. What the
 * pack's tests decode is what an AG-UI server writes.
 */
import { EventType, type BaseEvent, type RunAgentInput } from '@ag-ui/core';
import { EventSchemas, RunAgentInputSchema } from '@ag-ui/core/schemas';
import { EventEncoder } from '@ag-ui/encoder';

/** One thing the scripted agent does in a run. */
export type AgentStep =
  | { say: string }
  | { think: string }
  | { tool: string; args: object; result?: string; chunked?: boolean }
  | { fail: string };

export interface AgUiExchange {
  /** The RunAgentInput the page posted. */
  request: string;
  /** The SSE body the agent answered with. */
  response: string;
}

export interface RunOptions {
  threadId?: string;
  runId?: string;
  /** The runId the server puts on RUN_STARTED, where it is not the one asked for. */
  serverRunId?: string;
  /** Stop after this many events: a stream cut mid-run. */
  cutAfter?: number;
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}-${++counter}`;

/** The events of one run, in order, as the scripted agent emits them. */
function runEvents(threadId: string, runId: string, steps: readonly AgentStep[]): BaseEvent[] {
  const events: BaseEvent[] = [{ type: EventType.RUN_STARTED, threadId, runId }];
  for (const step of steps) {
    if ('say' in step) {
      const messageId = nextId('msg');
      events.push({ type: EventType.TEXT_MESSAGE_START, messageId, role: 'assistant' });
      for (const delta of step.say.match(/\S+\s*/g) ?? []) events.push({ type: EventType.TEXT_MESSAGE_CONTENT, messageId, delta });
      events.push({ type: EventType.TEXT_MESSAGE_END, messageId });
    } else if ('think' in step) {
      const messageId = nextId('reasoning');
      events.push(
        { type: EventType.REASONING_START, messageId },
        { type: EventType.REASONING_MESSAGE_START, messageId, role: 'reasoning' },
        { type: EventType.REASONING_MESSAGE_CONTENT, messageId, delta: step.think },
        { type: EventType.REASONING_MESSAGE_END, messageId },
        { type: EventType.REASONING_END, messageId },
      );
    } else if ('tool' in step) {
      const toolCallId = nextId('call');
      const args = JSON.stringify(step.args);
      const half = Math.ceil(args.length / 2);
      if (step.chunked) {
        events.push({ type: EventType.TOOL_CALL_CHUNK, toolCallId, toolCallName: step.tool, delta: args.slice(0, half) });
        events.push({ type: EventType.TOOL_CALL_CHUNK, toolCallId, delta: args.slice(half) });
      } else {
        events.push({ type: EventType.TOOL_CALL_START, toolCallId, toolCallName: step.tool });
        events.push({ type: EventType.TOOL_CALL_ARGS, toolCallId, delta: args.slice(0, half) });
        events.push({ type: EventType.TOOL_CALL_ARGS, toolCallId, delta: args.slice(half) });
        events.push({ type: EventType.TOOL_CALL_END, toolCallId });
      }
      if (step.result !== undefined) {
        events.push({ type: EventType.TOOL_CALL_RESULT, messageId: nextId('tool-msg'), toolCallId, content: step.result, role: 'tool' });
      }
    } else {
      events.push({ type: EventType.RUN_ERROR, message: step.fail, code: 'AGENT_FAILED' });
      return events;
    }
  }
  events.push({ type: EventType.RUN_FINISHED, threadId, runId });
  return events;
}

/** One turn: the page asks `text`, the agent runs `steps`. */
export function agUiExchange(text: string, steps: readonly AgentStep[], options: RunOptions = {}): AgUiExchange {
  const threadId = options.threadId ?? 'thread-1';
  const runId = options.runId ?? nextId('run');
  const input: RunAgentInput = RunAgentInputSchema.parse({
    threadId,
    runId,
    state: {},
    messages: [{ id: nextId('user-msg'), role: 'user', content: text }],
    tools: [],
    context: [],
    forwardedProps: {},
  });
  const encoder = new EventEncoder();
  const events = runEvents(threadId, options.serverRunId ?? runId, steps).slice(0, options.cutAfter);
  const response = events.map((event) => encoder.encodeSSE(EventSchemas.parse(event))).join('');
  return { request: JSON.stringify(input), response };
}
