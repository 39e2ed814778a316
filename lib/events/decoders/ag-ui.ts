/**
 * AG-UI events (the agent-to-UI protocol of CopilotKit, LangGraph, Mastra, CrewAI and others):
 * one JSON event per SSE event or socket frame, as `@ag-ui/encoder` writes them. A run is
 * `RUN_STARTED` … `RUN_FINISHED` / `RUN_ERROR`; content events carry no runId and belong to the
 * run open on the stream. The answer is the run's assistant text; tool names are joined to
 * results by toolCallId; `REASONING_*` (and the older `THINKING_*`) is the thinking. The page's
 * request (`RunAgentInput`: threadId, runId, messages) is its user's message (docs/decoders.md).
 */
import type { AgentEvent, AgentEventType, CreateDecoder, Decoded, StreamFrame, UserMessage } from '../types.ts';
import { answerSoFar, isJsonObject, malformed, parseEnvelope, parseJsonObject, printValue, StreamedParts, streamEndedMidRun, type JsonObject } from './common.ts';

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

/** What the part of a run an event belongs to needs: the run, the event, and how to answer. */
interface InRun {
  run: OpenRun;
  type: string;
  wire: JsonObject;
  bad: (reason: string) => Decoded;
  event: (type: AgentEventType, data: JsonObject) => AgentEvent;
}

/** TEXT_MESSAGE_* and REASONING_MESSAGE_*: the answer's text and the thinking; undefined for another event. */
function messagePart({ run, type, wire, bad, event }: InRun): Decoded | Decoded[] | undefined {
  const messageId = text(wire.messageId);
  switch (type) {
    case 'TEXT_MESSAGE_START':
      if (messageId === undefined) return bad('missing messageId');
      run.texts.start(messageId);
      run.lastText = messageId;
      return [];
    case 'TEXT_MESSAGE_CHUNK':
    case 'TEXT_MESSAGE_CONTENT': {
      // A chunk starts its message, or goes on with the last one where it names none.
      const id = messageId ?? (type === 'TEXT_MESSAGE_CHUNK' ? run.lastText : undefined);
      if (type === 'TEXT_MESSAGE_CHUNK' && id !== undefined && !run.texts.has(id)) run.texts.start(id);
      const problem = run.texts.append(id, wire.delta);
      if (problem !== undefined) return bad(problem);
      run.lastText = id;
      return answerSoFar(run.runId, run.texts.joined());
    }
    case 'TEXT_MESSAGE_END': {
      const { problem } = run.texts.end(messageId);
      return problem === undefined ? [] : bad(problem);
    }
    case 'REASONING_MESSAGE_START':
      if (messageId === undefined) return bad('missing messageId');
      run.reasoning.start(messageId);
      return [];
    case 'REASONING_MESSAGE_CHUNK':
    case 'REASONING_MESSAGE_CONTENT': {
      if (type === 'REASONING_MESSAGE_CHUNK' && messageId !== undefined && !run.reasoning.has(messageId)) run.reasoning.start(messageId);
      const problem = run.reasoning.append(messageId, wire.delta);
      return problem === undefined ? [] : bad(problem);
    }
    case 'REASONING_MESSAGE_END': {
      const { text: thought, problem } = run.reasoning.end(messageId);
      return problem === undefined ? event('agent_thinking', { text: thought }) : bad(problem);
    }
    default:
      return undefined;
  }
}

/** TOOL_CALL_*: a call's name and arguments as they stream, its execution and its result; undefined for another event. */
function toolPart({ run, type, wire, bad, event }: InRun): Decoded | Decoded[] | undefined {
  const toolCallId = text(wire.toolCallId);
  const delta = typeof wire.delta === 'string' ? wire.delta : '';
  switch (type) {
    case 'TOOL_CALL_START':
    case 'TOOL_CALL_CHUNK': {
      const id = toolCallId ?? (type === 'TOOL_CALL_CHUNK' ? run.lastTool : undefined);
      if (id === undefined) return bad('missing toolCallId');
      const known = run.tools.get(id);
      if (type === 'TOOL_CALL_START' || !known) {
        const tool = text(wire.toolCallName);
        if (tool === undefined) return bad(`toolCallName must be a non-empty string, got ${printValue(wire.toolCallName)}`);
        if (known) return bad(`tool call ${id} started twice`);
        run.tools.set(id, { tool, args: delta, ended: false });
      } else {
        known.args += delta;
      }
      run.lastTool = id;
      return [];
    }
    case 'TOOL_CALL_ARGS': {
      const call = toolCallId === undefined ? undefined : run.tools.get(toolCallId);
      if (!call || call.ended) return bad(`arguments for tool call ${printValue(toolCallId)}, which never started or has ended`);
      call.args += delta;
      return [];
    }
    case 'TOOL_CALL_END': {
      const call = toolCallId === undefined ? undefined : run.tools.get(toolCallId);
      if (!call || call.ended) return bad(`tool call ${printValue(toolCallId)} ends without having started`);
      call.ended = true;
      return event('tool_executing', { toolCallId: toolCallId, tool: call.tool, input: parseJsonObject(call.args) ?? call.args });
    }
    case 'TOOL_CALL_RESULT': {
      const call = toolCallId === undefined ? undefined : run.tools.get(toolCallId);
      if (!call) return bad(`a result for tool call ${printValue(toolCallId)}, which this run never made`);
      // A call streamed by chunks ends where its result comes.
      const executing = call.ended ? [] : [event('tool_executing', { toolCallId: toolCallId, tool: call.tool, input: parseJsonObject(call.args) ?? call.args })];
      call.ended = true;
      return [...executing, event('tool_completed', { toolCallId: toolCallId, tool: call.tool, output: wire.content })];
    }
    default:
      return undefined;
  }
}

/** A messages snapshot that holds the run's answer message: the server's word on the answer so far (a page shows it in place of what streamed). */
function answerInSnapshot(run: OpenRun, wire: JsonObject): Decoded | undefined {
  const messages = Array.isArray(wire.messages) ? wire.messages : [];
  const answer = messages.filter(isJsonObject).findLast((message) => message.role === 'assistant' && typeof message.id === 'string' && run.texts.has(message.id));
  return typeof answer?.content === 'string' ? answerSoFar(run.runId, answer.content) : undefined;
}

/** RUN_FINISHED and RUN_ERROR: the run's ending (a cancelled outcome is an aborted run). */
const OUTCOMES = new Set(['success', 'interrupt', 'cancelled']);

function ending({ run, type, wire, event, bad }: InRun): Decoded {
  if (type === 'RUN_ERROR') return event('agent_error', { message: typeof wire.message === 'string' ? wire.message : '', ...(wire.code === undefined ? {} : { code: wire.code }) });
  const answer = run.texts.joined();
  const outcome = isJsonObject(wire.outcome) ? wire.outcome.type : undefined;
  // An ending this pack does not know is no success: the run is left without an ending (rule 1).
  if (wire.outcome !== undefined && !OUTCOMES.has(String(outcome))) return bad(`an outcome this pack does not know, ${printValue(wire.outcome)}: a run ends in success, interrupt or cancelled`);
  if (outcome === 'cancelled') return event('agent_error', { message: 'cancelled', aborted: true, answer });
  return event('agent_completed', { answer, ...(outcome === 'interrupt' ? { interrupted: true } : {}) });
}

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
    const eventOf = (of: OpenRun) => (eventType: AgentEventType, data: JsonObject): AgentEvent => {
      const made: AgentEvent = { type: eventType, runId: of.runId, at, data };
      if (of.threadId !== undefined) made.conversationId = of.threadId;
      if (of.answers !== undefined) made.answers = of.answers;
      return made;
    };
    const snapshotAnswer = type === 'MESSAGES_SNAPSHOT' && run ? answerInSnapshot(run, wire) : undefined;
    if (snapshotAnswer !== undefined) return snapshotAnswer;
    if (PASSIVE.has(type)) return { control: true, type, data: wire };
    if (!RUN_EVENTS.has(type)) return bad('unknown event type');
    if (type === 'RUN_STARTED') {
      const runId = text(wire.runId);
      if (runId === undefined) return bad(`runId must be a non-empty string, got ${printValue(wire.runId)}`);
      run = { runId, texts: new StreamedParts('text message'), reasoning: new StreamedParts('reasoning message'), tools: new Map() };
      if (text(wire.threadId) !== undefined) run.threadId = wire.threadId as string;
      if (requested.has(runId)) run.answers = runId;
      return eventOf(run)('agent_started', { messageId: runId });
    }
    if (!run) return bad('no run is open on this stream (no RUN_STARTED before it)');
    const inRun: InRun = { run, type, wire, bad, event: eventOf(run) };
    const decoded = messagePart(inRun) ?? toolPart(inRun);
    if (decoded !== undefined) return decoded;
    run = undefined;
    return ending(inRun);
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
