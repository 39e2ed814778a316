/**
 * The scripted agent: from the last user message, the AG-UI events of one run, built and typed
 * with @ag-ui/core. Two reasoning messages, then one step per tool call the message asks for (in
 * the order it names them), then the answer as several text deltas. Deterministic: no model.
 */
import { randomUUID } from 'node:crypto';
import { EventType, type AGUIEvent } from '@ag-ui/core';
import { calculate, convert, formatNumber, searchDocs, ToolError, unitName, type ToolName } from './tools.ts';

export interface ToolRequest {
  tool: ToolName;
  input: Record<string, unknown>;
}

/** What a tool call came to: its output, or the error it failed with. */
export type ToolOutcome = { output: string } | { error: string };

/** The prefix a TOOL_CALL_RESULT's content carries when the tool failed (AG-UI 1.0.0 has no error field on it). */
export const TOOL_ERROR_PREFIX = 'Error: ';

const THOUGHTS = ['Reading the question.', 'Working out the answer.'] as const;
/** An answer is streamed in at most this many text deltas. */
const MAX_DELTAS = 12;

const CALCULATE = /\bcalculate:?\s*([-+*/^().\d\s]*[\d)])/gi;
const CONVERT = /\bconvert\s+(-?\d+(?:\.\d+)?)\s*(°?[a-z]+)\s+(?:to|into|in)\s+(°?[a-z]+)/gi;
const SEARCH = /\bsearch (?:the )?docs for\s+(.+?)(?=\s+and\s+(?:calculate|convert|search)\b|[\s?!.]*$)/gi;

/** The tool calls a message asks for, in the order it names them. */
export function toolRequests(message: string): ToolRequest[] {
  const found: { at: number; request: ToolRequest }[] = [];
  for (const match of message.matchAll(CALCULATE)) {
    found.push({ at: match.index, request: { tool: 'calculator', input: { expression: (match[1] ?? '').trim() } } });
  }
  for (const match of message.matchAll(CONVERT)) {
    found.push({ at: match.index, request: { tool: 'unit_convert', input: { value: Number(match[1]), from: unitName(match[2] ?? ''), to: unitName(match[3] ?? '') } } });
  }
  for (const match of message.matchAll(SEARCH)) {
    found.push({ at: match.index, request: { tool: 'search_docs', input: { query: match[1] ?? '' } } });
  }
  return found.sort((a, b) => a.at - b.at).map(({ request }) => request);
}

export function runTool({ tool, input }: ToolRequest): ToolOutcome {
  try {
    switch (tool) {
      case 'calculator':
        return { output: formatNumber(calculate(String(input.expression))) };
      case 'unit_convert':
        return { output: convert(Number(input.value), String(input.from), String(input.to)) };
      case 'search_docs':
        return { output: searchDocs(String(input.query)) };
    }
  } catch (error) {
    if (error instanceof ToolError) return { error: error.message };
    throw error;
  }
}

/** The sentence of the answer that reports one tool call. */
function sentence({ tool, input }: ToolRequest, outcome: ToolOutcome): string {
  if ('error' in outcome) {
    return tool === 'calculator' ? `I could not calculate that: ${outcome.error}.` : `The ${tool} tool failed: ${outcome.error}.`;
  }
  switch (tool) {
    case 'calculator':
      return `The result is ${outcome.output}.`;
    case 'unit_convert':
      return `${String(input.value)} ${String(input.from)} is ${outcome.output}.`;
    case 'search_docs':
      return `From the docs: ${outcome.output}`;
  }
}

/** `text` in at most `max` pieces cut where a word starts; joined back they are `text` exactly. */
export function deltas(text: string, max = MAX_DELTAS): string[] {
  const words = text.split(/(?<=\s)(?=\S)/);
  const size = Math.ceil(words.length / max);
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += size) pieces.push(words.slice(i, i + size).join(''));
  return pieces.filter((piece) => piece !== '');
}

const id = (prefix: string): string => `${prefix}-${randomUUID()}`;

/** The events of one run answering `message`, in order, RUN_STARTED to RUN_FINISHED. */
export function scriptRun(threadId: string, runId: string, message: string): AGUIEvent[] {
  const events: AGUIEvent[] = [{ type: EventType.RUN_STARTED, threadId, runId }];
  for (const thought of THOUGHTS) {
    const messageId = id('reasoning');
    events.push({ type: EventType.REASONING_START, messageId }, { type: EventType.REASONING_MESSAGE_START, messageId, role: 'reasoning' });
    for (const delta of deltas(thought, 2)) events.push({ type: EventType.REASONING_MESSAGE_CONTENT, messageId, delta });
    events.push({ type: EventType.REASONING_MESSAGE_END, messageId }, { type: EventType.REASONING_END, messageId });
  }

  const sentences: string[] = [];
  for (const request of toolRequests(message)) {
    const toolCallId = id('call');
    const args = JSON.stringify(request.input);
    const half = Math.ceil(args.length / 2);
    events.push(
      { type: EventType.TOOL_CALL_START, toolCallId, toolCallName: request.tool },
      { type: EventType.TOOL_CALL_ARGS, toolCallId, delta: args.slice(0, half) },
      { type: EventType.TOOL_CALL_ARGS, toolCallId, delta: args.slice(half) },
      { type: EventType.TOOL_CALL_END, toolCallId },
    );
    const outcome = runTool(request);
    const content = 'error' in outcome ? `${TOOL_ERROR_PREFIX}${outcome.error}` : outcome.output;
    events.push({ type: EventType.TOOL_CALL_RESULT, messageId: id('tool-msg'), toolCallId, content, role: 'tool' });
    sentences.push(sentence(request, outcome));
  }

  const answer = sentences.length > 0 ? sentences.join(' ') : `You said: ${message}`;
  const messageId = id('msg');
  events.push({ type: EventType.TEXT_MESSAGE_START, messageId, role: 'assistant' });
  for (const delta of deltas(answer)) events.push({ type: EventType.TEXT_MESSAGE_CONTENT, messageId, delta });
  events.push({ type: EventType.TEXT_MESSAGE_END, messageId }, { type: EventType.RUN_FINISHED, threadId, runId });
  return events;
}
