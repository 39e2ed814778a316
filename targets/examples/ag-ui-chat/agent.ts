/**
 * The scripted agent: from the last user message, the AG-UI events of one run, built and typed
 * with @ag-ui/core. Two reasoning messages, then one step per tool call the message asks for (in
 * the order it names them: a city's weather, a flight's status), then the answer as several text
 * deltas. Deterministic: no model.
 */
import { randomUUID } from 'node:crypto';
import { EventType, type AGUIEvent } from '@ag-ui/core';
import { flightStatus, hotels, ToolError, weather, type ToolName } from './tools.ts';

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

const WEATHER = /\bweather (?:in|for)\s+(.+?)(?=,|\s+and\b|[\s?!.]*$)/gi;
const FLIGHT = /\bflight\s+([a-z]{2}\s?\d{1,4})\b/gi;
const HOTEL = /\bhotels? in\s+(.+?)(?=,|\s+and\b|[\s?!.]*$)/gi;
/** "Plan … carefully": the agent weighs the options at length before it answers (long enough to stop while it thinks). */
const CAREFULLY = /\bcarefully\b/i;
const OPTIONS_WEIGHED = 15;
/** Tools that take their time (a hotel search asks many sites): the pause before their result. */
export const SLOW_TOOL_MS: Readonly<Partial<Record<ToolName, number>>> = { find_hotels: 4000 };
/** What the agent answers a message that asks for neither tool. */
export const HELP = 'I am the travel desk: ask me for the weather in a city, or the status of a flight.';

/** The tool calls a message asks for, in the order it names them. */
export function toolRequests(message: string): ToolRequest[] {
  const found: { at: number; request: ToolRequest }[] = [];
  for (const match of message.matchAll(WEATHER)) {
    found.push({ at: match.index, request: { tool: 'get_weather', input: { city: (match[1] ?? '').trim() } } });
  }
  for (const match of message.matchAll(HOTEL)) {
    found.push({ at: match.index, request: { tool: 'find_hotels', input: { city: (match[1] ?? '').trim() } } });
  }
  for (const match of message.matchAll(FLIGHT)) {
    found.push({ at: match.index, request: { tool: 'flight_status', input: { flight: match[1] ?? '' } } });
  }
  return found.sort((a, b) => a.at - b.at).map(({ request }) => request);
}

export function runTool({ tool, input }: ToolRequest): ToolOutcome {
  try {
    switch (tool) {
      case 'get_weather':
        return { output: weather(String(input.city)) };
      case 'flight_status':
        return { output: flightStatus(String(input.flight)) };
      case 'find_hotels':
        return { output: hotels(String(input.city)) };
    }
  } catch (error) {
    if (error instanceof ToolError) return { error: error.message };
    throw error;
  }
}

/** The sentence of the answer that reports one tool call. */
function sentence({ tool }: ToolRequest, outcome: ToolOutcome): string {
  if ('error' in outcome) return `Sorry, I could not look that up (${outcome.error}).`;
  switch (tool) {
    case 'get_weather':
      return `Forecast for ${outcome.output}.`;
    case 'flight_status':
      return `Flight ${outcome.output}.`;
    case 'find_hotels':
      return `Hotels in ${outcome.output}.`;
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
  const weighed = CAREFULLY.test(message) ? Array.from({ length: OPTIONS_WEIGHED }, (_, n) => `Weighing option ${n + 1} of ${OPTIONS_WEIGHED}.`) : [];
  for (const thought of [THOUGHTS[0], ...weighed, THOUGHTS[1]]) {
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

  const answer = sentences.length > 0 ? sentences.join(' ') : HELP;
  const messageId = id('msg');
  events.push({ type: EventType.TEXT_MESSAGE_START, messageId, role: 'assistant' });
  for (const delta of deltas(answer)) events.push({ type: EventType.TEXT_MESSAGE_CONTENT, messageId, delta });
  events.push({ type: EventType.TEXT_MESSAGE_END, messageId }, { type: EventType.RUN_FINISHED, threadId, runId });
  return events;
}

/** The events that open a part of a run, each with the event that closes it and the field naming the part. */
const CLOSES = {
  [EventType.REASONING_START]: { end: EventType.REASONING_END, key: 'messageId' },
  [EventType.REASONING_MESSAGE_START]: { end: EventType.REASONING_MESSAGE_END, key: 'messageId' },
  [EventType.TEXT_MESSAGE_START]: { end: EventType.TEXT_MESSAGE_END, key: 'messageId' },
  [EventType.TOOL_CALL_START]: { end: EventType.TOOL_CALL_END, key: 'toolCallId' },
} as const;

/**
 * The user stopped the run after `sent`: what closes it, the parts still open ended (inner ones
 * first), then RUN_FINISHED with AG-UI's cancelled outcome. A tool call with no result keeps none.
 */
export function cancelledEnding(sent: readonly AGUIEvent[], threadId: string, runId: string): AGUIEvent[] {
  const open = new Map<string, AGUIEvent>();
  const idOf = (event: AGUIEvent, key: 'messageId' | 'toolCallId'): string => String((event as Record<string, unknown>)[key]);
  for (const event of sent) {
    const opened = (CLOSES as Partial<Record<string, { end: EventType; key: 'messageId' | 'toolCallId' }>>)[event.type];
    if (opened) open.set(`${opened.end}:${idOf(event, opened.key)}`, { type: opened.end, [opened.key]: idOf(event, opened.key) } as AGUIEvent);
    const closed = Object.values(CLOSES).find((part) => part.end === event.type);
    if (closed) open.delete(`${event.type}:${idOf(event, closed.key)}`);
  }
  return [...[...open.values()].reverse(), { type: EventType.RUN_FINISHED, threadId, runId, outcome: { type: 'cancelled' } }];
}
