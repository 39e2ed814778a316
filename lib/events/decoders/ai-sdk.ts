/**
 * The Vercel AI SDK's UI message stream (what `useChat` reads): one JSON chunk per SSE event or
 * socket frame, `[DONE]` at the end. A run is `start` … `finish` / `error` / `abort`; its id is
 * the message id on `start`, or the stream's own count where the server sends none. The answer is
 * the sum of its text deltas; a tool output names only its call, joined to the tool by
 * toolCallId. No chunk names the user: isolation comes from the request the page sent on the
 * same stream (docs/decoders.md). The page's request (`{id, messages, trigger}`) is its user's
 * message; `id` is the conversation.
 */
import type { AgentEvent, AgentEventType, CreateDecoder, Decoded, StreamFrame, UserMessage } from '../types.ts';
import { answerSoFar, isJsonObject, malformed, parseEnvelope, printValue, sentUserMessage, STOPPED_BY_PAGE, StreamedParts, streamEndedMidRun, type JsonObject } from './common.ts';

interface ToolCall {
  tool: string;
  /** The streamed input so far, before `tool-input-available`. */
  inputText: string;
  announced: boolean;
  /** Its input was rejected (`tool-input-error`): ai@6 then also sends a `tool-output-error` for it, the same ending told twice. */
  inputRejected?: boolean;
}

interface OpenRun {
  runId: string;
  conversationId?: string;
  /** Text parts in the order they started, tagged by step; the answer is their text joined. */
  texts: StreamedParts;
  reasoning: StreamedParts;
  tools: Map<string, ToolCall>;
  step: number;
  /** An `error` chunk ended the run; the SDK still sends `finish` after it. */
  failed: boolean;
}

/** The chunks the five events are made of. */
const RUN_CHUNKS = new Set([
  'start',
  'text-start',
  'text-delta',
  'text-end',
  'reasoning-start',
  'reasoning-delta',
  'reasoning-end',
  'reset-step',
  'tool-input-start',
  'tool-input-delta',
  'tool-input-available',
  'tool-input-error',
  'tool-output-available',
  'tool-output-error',
  'tool-output-denied',
  'finish',
  'error',
  'abort',
]);

/** Chunks that carry nothing the five events need; kept as control frames. */
const PASSIVE = new Set(['start-step', 'finish-step', 'message-metadata', 'source-url', 'source-document', 'file', 'reasoning-file', 'custom', 'steering-message', 'tool-approval-request', 'tool-approval-response']);

/** The text of a UI message's text parts. */
function messageText(message: JsonObject): string {
  const parts = Array.isArray(message.parts) ? message.parts : [];
  return parts.flatMap((part) => (isJsonObject(part) && part.type === 'text' && typeof part.text === 'string' ? [part.text] : [])).join('');
}

/** The page's request: its last user message is what the run answers (its text parts, or its `content` as ai@4 also sends it). */
export function userMessageOf(request: JsonObject): UserMessage | undefined {
  // `messages` as useChat posts them; or the new `message` alone, as products that keep the chat
  // on the server post it (the AI SDK docs' prepareSendMessagesRequest).
  const messages = Array.isArray(request.messages) ? request.messages : isJsonObject(request.message) ? [request.message] : [];
  const last = messages.filter((message): message is JsonObject => isJsonObject(message) && message.role === 'user').at(-1);
  if (!last) return undefined;
  const mark: UserMessage = { userMessage: true, text: typeof last.content === 'string' && !Array.isArray(last.parts) ? last.content : messageText(last) };
  if (typeof last.id === 'string') mark.messageKey = last.id;
  if (typeof request.id === 'string') mark.conversationId = request.id;
  return mark;
}

/** What the part of a run a chunk belongs to needs: the run, the chunk, and how to answer. */
interface InRun {
  run: OpenRun;
  type: string;
  chunk: JsonObject;
  bad: (reason: string) => Decoded;
  event: (type: AgentEventType, data: JsonObject) => AgentEvent;
}

/** text-*, reasoning-* and reset-step: the answer's text and the thinking; undefined for another chunk. */
function textPart({ run, type, chunk, bad, event }: InRun): Decoded | Decoded[] | undefined {
  const id = typeof chunk.id === 'string' ? chunk.id : undefined;
  switch (type) {
    case 'text-start':
      if (id === undefined) return bad('missing id');
      run.texts.start(id, run.step);
      return [];
    case 'text-delta': {
      if (typeof chunk.delta !== 'string') return bad(`delta must be a string, got ${printValue(chunk.delta)}`);
      const problem = run.texts.append(id, chunk.delta);
      return problem === undefined ? answerSoFar(run.runId, run.texts.joined()) : bad(problem);
    }
    case 'text-end': {
      const { problem } = run.texts.end(id);
      return problem === undefined ? [] : bad(problem);
    }
    case 'reasoning-start':
      if (id === undefined) return bad('missing id');
      run.reasoning.start(id);
      return [];
    case 'reasoning-delta': {
      const problem = run.reasoning.append(id, chunk.delta);
      return problem === undefined ? [] : bad(problem);
    }
    case 'reasoning-end': {
      const { text, problem } = run.reasoning.end(id);
      return problem === undefined ? event('agent_thinking', { text }) : bad(problem);
    }
    case 'reset-step':
      // The SDK drops the parts of the current step; so does the answer.
      run.texts.drop(run.step);
      return { control: true, type, data: {} };
    default:
      return undefined;
  }
}

/** tool-input-* and tool-output-*: a call's input as it streams, its execution and its result; undefined for another chunk. */
function toolPart({ run, type, chunk, bad, event }: InRun): Decoded | Decoded[] | undefined {
  const toolCallId = typeof chunk.toolCallId === 'string' ? chunk.toolCallId : undefined;
  switch (type) {
    case 'tool-input-start':
      if (toolCallId === undefined || typeof chunk.toolName !== 'string') return bad('missing toolCallId or toolName');
      run.tools.set(toolCallId, { tool: chunk.toolName, inputText: '', announced: false });
      return [];
    case 'tool-input-delta': {
      const call = toolCallId === undefined ? undefined : run.tools.get(toolCallId);
      if (!call) return bad(`a delta for tool call ${printValue(toolCallId)}, which never started`);
      call.inputText += typeof chunk.inputTextDelta === 'string' ? chunk.inputTextDelta : '';
      return [];
    }
    case 'tool-input-available':
    case 'tool-input-error': {
      if (toolCallId === undefined || typeof chunk.toolName !== 'string') return bad('missing toolCallId or toolName');
      const call = run.tools.get(toolCallId) ?? { tool: chunk.toolName, inputText: '', announced: false };
      if (call.announced) return bad(`tool call ${toolCallId} announced twice`);
      call.announced = true;
      run.tools.set(toolCallId, call);
      const executing = event('tool_executing', { toolCallId, tool: chunk.toolName, input: chunk.input });
      if (type === 'tool-input-available') return executing;
      call.inputRejected = true;
      return [executing, event('tool_completed', { toolCallId, tool: chunk.toolName, error: chunk.errorText })];
    }
    case 'tool-output-available':
    case 'tool-output-error':
    case 'tool-output-denied': {
      const call = toolCallId === undefined ? undefined : run.tools.get(toolCallId);
      if (!call?.announced) return bad(`a result for tool call ${printValue(toolCallId)}, which this run never made`);
      if (chunk.preliminary === true) return { control: true, type: 'tool-output-preliminary', data: chunk };
      if (call.inputRejected === true && type === 'tool-output-error') {
        // The SDK's second word on a call it already ended with tool-input-error: not a second result.
        call.inputRejected = false;
        return { control: true, type: 'tool-output-error-after-input-error', data: chunk };
      }
      const outcome = type === 'tool-output-available' ? { output: chunk.output } : { error: type === 'tool-output-error' ? chunk.errorText : 'denied' };
      return event('tool_completed', { toolCallId: toolCallId, tool: call.tool, ...outcome });
    }
    default:
      return undefined;
  }
}

export const createDecoder: CreateDecoder = (stream) => {
  let run: OpenRun | undefined;
  let conversationId: string | undefined;
  let runsSeen = 0;

  const eventOf = (of: OpenRun, frame: StreamFrame) => (type: AgentEventType, data: JsonObject): AgentEvent => {
    const made: AgentEvent = { type, runId: of.runId, at: frame.at, data };
    if (of.conversationId !== undefined) made.conversationId = of.conversationId;
    return made;
  };

  function received(frame: StreamFrame): Decoded | Decoded[] {
    if (frame.payload.trim() === '[DONE]') return { control: true, type: 'done', data: {} };
    const parsed = parseEnvelope(frame);
    if (parsed.rejection) return parsed.rejection;
    const { object: chunk, type } = parsed;
    const bad = (reason: string): Decoded => malformed(frame.payload, `${type}: ${reason}`);
    if (type.startsWith('data-') || PASSIVE.has(type)) {
      if (type === 'start-step' && run) run.step += 1;
      return { control: true, type, data: chunk };
    }
    if (!RUN_CHUNKS.has(type)) return bad('unknown chunk type');
    if (type === 'start') {
      runsSeen += 1;
      const runId = typeof chunk.messageId === 'string' && chunk.messageId !== '' ? chunk.messageId : `${stream.pageId}/${stream.streamId}#${runsSeen}`;
      run = { runId, texts: new StreamedParts('text part'), reasoning: new StreamedParts('reasoning part'), tools: new Map(), step: 0, failed: false };
      if (conversationId !== undefined) run.conversationId = conversationId;
      return eventOf(run, frame)('agent_started', { messageId: runId });
    }
    if (!run) return bad('no run is open on this stream (no start chunk before it)');
    const current = run;
    const inRun: InRun = { run: current, type, chunk, bad, event: eventOf(current, frame) };
    const decoded = textPart(inRun) ?? toolPart(inRun);
    if (decoded !== undefined) return decoded;
    switch (type) {
      case 'finish':
        run = undefined;
        if (current.failed) return { control: true, type: 'finish-after-error', data: chunk };
        return inRun.event('agent_completed', { answer: current.texts.joined(), ...(chunk.finishReason === undefined ? {} : { finishReason: chunk.finishReason }) });
      case 'error':
        if (current.failed) return bad('a second error in a run that has failed already');
        current.failed = true;
        return inRun.event('agent_error', { message: typeof chunk.errorText === 'string' ? chunk.errorText : '' });
      case 'abort':
        // The user stopped the run (or the server did): an ending, with what was said so far.
        run = undefined;
        return inRun.event('agent_error', { message: `aborted${typeof chunk.reason === 'string' ? `: ${chunk.reason}` : ''}`, aborted: true, answer: current.texts.joined() });
      default:
        return bad('unknown chunk type');
    }
  }

  return {
    decode(frame) {
      if (frame.direction === 'received') return received(frame);
      const mark = sentUserMessage(frame, userMessageOf);
      if (mark?.conversationId !== undefined) conversationId = mark.conversationId;
      return mark ?? [];
    },
    end(end) {
      if (!run || run.failed) return [];
      if (end.reason === 'aborted' && end.at !== undefined) {
        // The page stopped reading (useChat's stop()): the SDK's server aborts the run with the request.
        const stopped = run;
        run = undefined;
        const at: StreamFrame = { direction: 'received', payload: '', binary: false, at: end.at };
        return [eventOf(stopped, at)('agent_error', { ...STOPPED_BY_PAGE, answer: stopped.texts.joined() })];
      }
      const calls = [...run.tools].filter(([, call]) => !call.announced).map(([id, call]) => `tool call ${id} (${call.tool})`);
      const left = streamEndedMidRun(run.runId, run.texts, run.reasoning, calls);
      run = undefined;
      return [left];
    },
  };
};
