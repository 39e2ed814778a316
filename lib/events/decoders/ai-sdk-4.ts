/**
 * The Vercel AI SDK 4.x data stream (`toDataStreamResponse()`, what ai@4's `useChat` reads): a
 * `text/plain` response, one `<code>:<JSON>` line per part (the tap's `lines` transport). A run is
 * the whole response: its first `f:` (start step) names it by its message id, `d:` (finish message)
 * ends it; later `f:`/`e:` are its steps. `0:` text deltas make the answer, `g:` reasoning deltas
 * a thought (told once the reasoning is followed by anything else), `9:` a tool call, `a:` its
 * result, `3:` an error (a tool that threw: its open calls fail with it). No part names the user:
 * the page's request (`{id, messages}`, read as the ai-sdk pack reads it) is its user's message.
 */
import type { AgentEvent, AgentEventType, CreateDecoder, Decoded, StreamFrame } from '../types.ts';
import { userMessageOf } from './ai-sdk.ts';
import { answerSoFar, isJsonObject, malformed, printValue, sentUserMessage, STOPPED_BY_PAGE, StreamedParts, streamEndedMidRun, type JsonObject } from './common.ts';

/** Parts that carry nothing the five events need; kept as control frames. */
const PASSIVE: Readonly<Record<string, string>> = { '2': 'data', '8': 'message-annotations', b: 'tool-call-streaming-start', c: 'tool-call-delta', h: 'source', i: 'redacted-reasoning', j: 'reasoning-signature', k: 'file' };
const LINE = /^([0-9a-z]):(.*)$/s;

interface OpenRun {
  runId: string;
  conversationId?: string;
  texts: StreamedParts;
  /** The reasoning being streamed, told as one thought once something else follows it. */
  thought?: string;
  /** Tool calls made and not yet answered: id → tool. */
  calls: Map<string, string>;
  failed: boolean;
}

export const createDecoder: CreateDecoder = (stream) => {
  let run: OpenRun | undefined;
  let conversationId: string | undefined;
  let runsSeen = 0;

  const eventOf = (of: OpenRun, at: number) => (type: AgentEventType, data: JsonObject): AgentEvent => {
    const made: AgentEvent = { type, runId: of.runId, at, data };
    if (of.conversationId !== undefined) made.conversationId = of.conversationId;
    return made;
  };

  /** The thought streamed so far, told now that something else follows it. */
  const thoughtDone = (of: OpenRun, at: number): Decoded[] => {
    if (of.thought === undefined) return [];
    const text = of.thought;
    delete of.thought;
    return [eventOf(of, at)('agent_thinking', { text })];
  };

  function inRun(current: OpenRun, code: string, value: unknown, frame: StreamFrame, bad: (reason: string) => Decoded): Decoded | Decoded[] {
    const event = eventOf(current, frame.at);
    switch (code) {
      case 'f':
        return { control: true, type: 'start-step', data: isJsonObject(value) ? value : {} };
      case '0': {
        if (typeof value !== 'string') return bad(`a text delta must be a string, got ${printValue(value)}`);
        current.texts.append('answer', value);
        return answerSoFar(current.runId, current.texts.joined());
      }
      case '9': {
        if (!isJsonObject(value) || typeof value.toolCallId !== 'string' || typeof value.toolName !== 'string') return bad('a tool call needs toolCallId and toolName');
        if (current.calls.has(value.toolCallId)) return bad(`tool call ${value.toolCallId} made twice`);
        current.calls.set(value.toolCallId, value.toolName);
        return event('tool_executing', { toolCallId: value.toolCallId, tool: value.toolName, input: value.args });
      }
      case 'a': {
        const tool = isJsonObject(value) && typeof value.toolCallId === 'string' ? current.calls.get(value.toolCallId) : undefined;
        if (!isJsonObject(value) || tool === undefined) return bad(`a result for tool call ${printValue(isJsonObject(value) ? value.toolCallId : value)}, which this run never made`);
        current.calls.delete(String(value.toolCallId));
        return event('tool_completed', { toolCallId: String(value.toolCallId), tool, output: value.result });
      }
      case '3': {
        if (current.failed) return bad('a second error in a run that has failed already');
        current.failed = true;
        const message = typeof value === 'string' ? value : JSON.stringify(value);
        // A tool that threw: ai@4 tells it as the run's error, after the call it ends.
        const calls = [...current.calls].map(([toolCallId, tool]) => event('tool_completed', { toolCallId, tool, error: message }));
        current.calls.clear();
        return [...calls, event('agent_error', { message })];
      }
      case 'e':
        return { control: true, type: 'finish-step', data: isJsonObject(value) ? value : {} };
      case 'd': {
        run = undefined;
        if (current.failed) return { control: true, type: 'finish-after-error', data: isJsonObject(value) ? value : {} };
        const finishReason = isJsonObject(value) ? value.finishReason : undefined;
        return event('agent_completed', { answer: current.texts.joined(), ...(finishReason === undefined ? {} : { finishReason }) });
      }
      default:
        return bad('unknown part code');
    }
  }

  function received(frame: StreamFrame): Decoded | Decoded[] {
    if (frame.payload.trim() === '') return { control: true, type: 'blank-line', data: {} };
    const line = LINE.exec(frame.payload);
    if (!line) return malformed(frame.payload, 'not a data stream part: expected <code>:<JSON>');
    const [, code = '', json = ''] = line;
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      return malformed(frame.payload, `part ${code}: its value is not JSON`);
    }
    const bad = (reason: string): Decoded => malformed(frame.payload, `part ${code}: ${reason}`);
    const passive = PASSIVE[code];
    if (passive !== undefined) return { control: true, type: passive, data: { value } };
    if (code === 'g') {
      if (!run) return bad('no run is open on this stream (no f: part before it)');
      if (typeof value !== 'string') return bad(`a reasoning delta must be a string, got ${printValue(value)}`);
      run.thought = (run.thought ?? '') + value;
      return [];
    }
    if (!run && code === 'f') {
      runsSeen += 1;
      const messageId = isJsonObject(value) && typeof value.messageId === 'string' && value.messageId !== '' ? value.messageId : `${stream.pageId}/${stream.streamId}#${runsSeen}`;
      run = { runId: messageId, texts: new StreamedParts('text'), calls: new Map(), failed: false };
      run.texts.start('answer');
      if (conversationId !== undefined) run.conversationId = conversationId;
      return eventOf(run, frame.at)('agent_started', { messageId });
    }
    if (!run) return bad('no run is open on this stream (no f: part before it)');
    const current = run;
    const before = thoughtDone(current, frame.at);
    const decoded = inRun(current, code, value, frame, bad);
    return [...before, ...(Array.isArray(decoded) ? decoded : [decoded])];
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
      const left = run;
      run = undefined;
      if (end.reason === 'aborted' && end.at !== undefined) {
        // The page stopped reading (useChat's stop()): the run ends as the user's cancel.
        return [eventOf(left, end.at)('agent_error', { ...STOPPED_BY_PAGE, answer: left.texts.joined() })];
      }
      return [streamEndedMidRun(left.runId, left.texts, new StreamedParts('reasoning'), [...left.calls].map(([id, tool]) => `tool call ${id} (${tool})`))];
    },
  };
};
