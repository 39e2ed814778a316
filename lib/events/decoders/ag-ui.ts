/**
 * AG-UI events (the agent-to-UI protocol of CopilotKit, LangGraph, Mastra, CrewAI and others):
 * one JSON event per SSE event or socket frame, as `@ag-ui/encoder` writes them. A run is
 * `RUN_STARTED` … `RUN_FINISHED` / `RUN_ERROR`; content events carry no runId and belong to the
 * run open on the stream. The answer is the run's assistant text; tool names are joined to
 * results by toolCallId; `REASONING_*` (and the older `THINKING_*`) is the thinking. The page's
 * request (`RunAgentInput`: threadId, runId, messages) is its user's message (docs/decoders.md).
 */
import type { AgentEvent, AgentEventType, CreateDecoder, Decoded, StreamFrame, UserMessage } from '../types.ts';
import { isJsonObject, malformed, parseEnvelope, parseJsonObject, printValue, StreamedParts, streamEndedMidRun, type JsonObject } from './common.ts';

interface OpenRun {
  runId: string;
  threadId?: string;
  answers?: string;
  /** Assistant text messages in the order they started. */
  texts: StreamedParts;
  reasoning: StreamedParts;
  tools: Map<string, { tool: string; args: string; ended: boolean }>;
  /** The message a chunk without messageId continues. */
  lastText?: string;
  lastTool?: string;
}

/** Events that carry nothing the five events need; kept as control frames. */
const PASSIVE = new Set([
  'STEP_STARTED',
  'STEP_FINISHED',
  'STATE_SNAPSHOT',
  'STATE_DELTA',
  'MESSAGES_SNAPSHOT',
  'ACTIVITY_SNAPSHOT',
  'ACTIVITY_DELTA',
  'RAW',
  'CUSTOM',
  'REASONING_START',
  'REASONING_END',
  'REASONING_ENCRYPTED_VALUE',
  'THINKING_START',
  'THINKING_END',
  'SUBAGENT_STARTED',
  'SUBAGENT_FINISHED',
  'SUBAGENT_ERROR',
]);

/** The events the five events are made of. */
const RUN_EVENTS = new Set([
  'RUN_STARTED',
  'TEXT_MESSAGE_START',
  'TEXT_MESSAGE_CONTENT',
  'TEXT_MESSAGE_END',
  'TEXT_MESSAGE_CHUNK',
  'REASONING_MESSAGE_START',
  'REASONING_MESSAGE_CONTENT',
  'REASONING_MESSAGE_END',
  'REASONING_MESSAGE_CHUNK',
  'TOOL_CALL_START',
  'TOOL_CALL_ARGS',
  'TOOL_CALL_END',
  'TOOL_CALL_CHUNK',
  'TOOL_CALL_RESULT',
  'RUN_FINISHED',
  'RUN_ERROR',
]);

/** The older THINKING_* names of the reasoning messages. */
const REASONING_ALIASES: Readonly<Record<string, string>> = {
  THINKING_TEXT_MESSAGE_START: 'REASONING_MESSAGE_START',
  THINKING_TEXT_MESSAGE_CONTENT: 'REASONING_MESSAGE_CONTENT',
  THINKING_TEXT_MESSAGE_END: 'REASONING_MESSAGE_END',
};

/** A user message's text: a string, or the text of its parts. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.flatMap((part) => (isJsonObject(part) && typeof part.text === 'string' ? [part.text] : [])).join('');
}

/** The page's RunAgentInput: its last user message is what the run answers, keyed by the runId it asks for. */
function userMessageOf(input: JsonObject): UserMessage | undefined {
  if (!Array.isArray(input.messages)) return undefined;
  const last = input.messages.filter((message): message is JsonObject => isJsonObject(message) && message.role === 'user').at(-1);
  if (!last) return undefined;
  const mark: UserMessage = { userMessage: true, text: contentText(last.content) };
  if (typeof input.runId === 'string') mark.messageKey = input.runId;
  if (typeof input.threadId === 'string') mark.conversationId = input.threadId;
  return mark;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export const createDecoder: CreateDecoder = () => {
  let run: OpenRun | undefined;
  /** The runIds the page asked for on this stream. */
  const requested = new Set<string>();

  function received(frame: StreamFrame): Decoded | Decoded[] {
    const parsed = parseEnvelope(frame);
    if (parsed.rejection) return parsed.rejection;
    const { object: wire } = parsed;
    const type = REASONING_ALIASES[parsed.type] ?? parsed.type;
    const bad = (reason: string): Decoded => malformed(frame.payload, `${parsed.type}: ${reason}`);
    const at = typeof wire.timestamp === 'number' && Number.isFinite(wire.timestamp) ? wire.timestamp : frame.at;
    const event = (eventType: AgentEventType, data: JsonObject, of = run as OpenRun): AgentEvent => {
      const current = of;
      const made: AgentEvent = { type: eventType, runId: current.runId, at, data };
      if (current.threadId !== undefined) made.conversationId = current.threadId;
      if (current.answers !== undefined) made.answers = current.answers;
      return made;
    };
    if (PASSIVE.has(type)) return { control: true, type, data: wire };
    if (!RUN_EVENTS.has(type)) return bad('unknown event type');
    if (type === 'RUN_STARTED') {
      const runId = text(wire.runId);
      if (runId === undefined) return bad(`runId must be a non-empty string, got ${printValue(wire.runId)}`);
      run = { runId, texts: new StreamedParts('text message'), reasoning: new StreamedParts('reasoning message'), tools: new Map() };
      if (text(wire.threadId) !== undefined) run.threadId = wire.threadId as string;
      if (requested.has(runId)) run.answers = runId;
      return event('agent_started', { messageId: runId });
    }
    if (!run) return bad('no run is open on this stream (no RUN_STARTED before it)');
    const current = run;
    const messageId = text(wire.messageId);
    const toolCallId = text(wire.toolCallId);
    const answer = (): string => current.texts.joined();
    switch (type) {
      case 'TEXT_MESSAGE_START':
        if (messageId === undefined) return bad('missing messageId');
        current.texts.start(messageId);
        current.lastText = messageId;
        return [];
      case 'TEXT_MESSAGE_CHUNK':
      case 'TEXT_MESSAGE_CONTENT': {
        // A chunk starts its message, or goes on with the last one where it names none.
        const id = messageId ?? (type === 'TEXT_MESSAGE_CHUNK' ? current.lastText : undefined);
        if (type === 'TEXT_MESSAGE_CHUNK' && id !== undefined && !current.texts.has(id)) current.texts.start(id);
        const problem = current.texts.append(id, wire.delta);
        if (problem !== undefined) return bad(problem);
        current.lastText = id;
        return [];
      }
      case 'TEXT_MESSAGE_END': {
        const { problem } = current.texts.end(messageId);
        return problem === undefined ? [] : bad(problem);
      }
      case 'REASONING_MESSAGE_START':
        if (messageId === undefined) return bad('missing messageId');
        current.reasoning.start(messageId);
        return [];
      case 'REASONING_MESSAGE_CHUNK':
      case 'REASONING_MESSAGE_CONTENT': {
        if (type === 'REASONING_MESSAGE_CHUNK' && messageId !== undefined && !current.reasoning.has(messageId)) current.reasoning.start(messageId);
        const problem = current.reasoning.append(messageId, wire.delta);
        return problem === undefined ? [] : bad(problem);
      }
      case 'REASONING_MESSAGE_END': {
        const { text: thought, problem } = current.reasoning.end(messageId);
        return problem === undefined ? event('agent_thinking', { text: thought }) : bad(problem);
      }
      case 'TOOL_CALL_START':
      case 'TOOL_CALL_CHUNK': {
        const id = toolCallId ?? (type === 'TOOL_CALL_CHUNK' ? current.lastTool : undefined);
        if (id === undefined) return bad('missing toolCallId');
        const known = current.tools.get(id);
        if (type === 'TOOL_CALL_START' || !known) {
          const tool = text(wire.toolCallName);
          if (tool === undefined) return bad(`toolCallName must be a non-empty string, got ${printValue(wire.toolCallName)}`);
          if (known) return bad(`tool call ${id} started twice`);
          current.tools.set(id, { tool, args: typeof wire.delta === 'string' ? wire.delta : '', ended: false });
        } else {
          known.args += typeof wire.delta === 'string' ? wire.delta : '';
        }
        current.lastTool = id;
        return [];
      }
      case 'TOOL_CALL_ARGS': {
        const call = toolCallId === undefined ? undefined : current.tools.get(toolCallId);
        if (!call || call.ended) return bad(`arguments for tool call ${printValue(toolCallId)}, which never started or has ended`);
        call.args += typeof wire.delta === 'string' ? wire.delta : '';
        return [];
      }
      case 'TOOL_CALL_END': {
        const call = toolCallId === undefined ? undefined : current.tools.get(toolCallId);
        if (!call || call.ended) return bad(`tool call ${printValue(toolCallId)} ends without having started`);
        call.ended = true;
        const input = parseJsonObject(call.args) ?? call.args;
        return event('tool_executing', { toolCallId: toolCallId, tool: call.tool, input });
      }
      case 'TOOL_CALL_RESULT': {
        const call = toolCallId === undefined ? undefined : current.tools.get(toolCallId);
        if (!call) return bad(`a result for tool call ${printValue(toolCallId)}, which this run never made`);
        // A call streamed by chunks ends where its result comes.
        const executing = call.ended ? [] : [event('tool_executing', { toolCallId: toolCallId, tool: call.tool, input: parseJsonObject(call.args) ?? call.args })];
        call.ended = true;
        return [...executing, event('tool_completed', { toolCallId: toolCallId, tool: call.tool, output: wire.content })];
      }
      case 'RUN_FINISHED': {
        run = undefined;
        const outcome = isJsonObject(wire.outcome) ? wire.outcome.type : undefined;
        if (outcome === 'cancelled') return event('agent_error', { message: 'cancelled', aborted: true, answer: answer() }, current);
        return event('agent_completed', { answer: answer(), ...(outcome === 'interrupt' ? { interrupted: true } : {}) }, current);
      }
      case 'RUN_ERROR':
        run = undefined;
        return event('agent_error', { message: typeof wire.message === 'string' ? wire.message : '', ...(wire.code === undefined ? {} : { code: wire.code }) }, current);
      default:
        return bad('unknown event type');
    }
  }

  return {
    decode(frame) {
      if (frame.direction === 'received') return received(frame);
      const input = frame.binary ? undefined : parseJsonObject(frame.payload);
      const mark = input ? userMessageOf(input) : undefined;
      if (mark?.messageKey !== undefined) requested.add(mark.messageKey);
      return mark ?? [];
    },
    end() {
      if (!run) return [];
      const calls = [...run.tools].filter(([, call]) => !call.ended).map(([id, call]) => `tool call ${id} (${call.tool})`);
      const left = streamEndedMidRun(run.runId, run.texts, run.reasoning, calls);
      run = undefined;
      return [left];
    },
  };
};
