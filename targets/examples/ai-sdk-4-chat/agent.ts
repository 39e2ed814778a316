/**
 * The trip planner's "model": ai@4's own mock (`MockLanguageModelV1` from `ai/test`), told what to
 * stream by a script per turn. A turn reads the traveller's last message and the tool results the
 * prompt already carries after it: while tools are still to be called it streams the next call
 * (ai@4's `maxSteps` loop runs it and calls again), then the reply in word-sized deltas. Its first
 * step reasons a little first, as reasoning models do.
 */
import { simulateReadableStream } from 'ai';
import { MockLanguageModelV1 } from 'ai/test';

type Prompt = Parameters<MockLanguageModelV1['doStream']>[0]['prompt'];
type Part = Awaited<ReturnType<MockLanguageModelV1['doStream']>>['stream'] extends ReadableStream<infer P> ? P : never;

/** A tool the turn calls, with its arguments. */
export interface Call {
  tool: 'forecast' | 'exchange' | 'find_flights';
  args: Record<string, string | number>;
}

/** What the traveller asked for, in the order they asked it. */
const ASKS: { pattern: RegExp; call: (match: RegExpExecArray) => Call }[] = [
  { pattern: /\bweather\s+in\s+(.+?)(?=\s+and\b|[?!,;]|$)/g, call: ([, city = '']) => ({ tool: 'forecast', args: { city } }) },
  { pattern: /\b(\d+(?:\.\d+)?)\s*([A-Z]{3})\s+(?:in|to)\s+([A-Z]{3})\b/g, call: ([, amount = '0', from = '', to = '']) => ({ tool: 'exchange', args: { amount: Number(amount), from, to } }) },
  { pattern: /\bflights?\s+from\s+([A-Z][a-z]+)\s+to\s+([A-Z][a-z]+)/g, call: ([, from = '', to = '']) => ({ tool: 'find_flights', args: { from, to } }) },
];

export function callsAskedFor(message: string): Call[] {
  const asked = ASKS.flatMap(({ pattern, call }) => [...message.matchAll(pattern)].map((match) => ({ at: match.index, call: call(match) })));
  return asked.sort((a, b) => a.at - b.at).map(({ call }) => call);
}

/**
 * "Think it over": the thought, then a long considered reply that streams for seconds while the
 * thought stays on screen: long enough to stop the answer while it thinks.
 */
const THINK_IT_OVER = /\bthink\s+it\s+over\b/i;
const CONSIDERED = Array.from({ length: 12 }, (_, step) => `Option ${step + 1} has its merits, and its season.`).join(' ');
export const WELCOME = 'Happy to help with your trip: ask me for the weather in a city, to change money, or for flights.';

/** The reply once every result is in: each result in a sentence of its own. */
function reply(results: readonly unknown[]): string {
  if (results.length === 0) return WELCOME;
  return results
    .map((result) => {
      const value = (result ?? {}) as Record<string, unknown>;
      if ('sky' in value) return `${String(value.city)}: ${String(value.sky)}, up to ${String(value.highC)} °C.`;
      if ('converted' in value) return `${String(value.amount)} ${String(value.from)} is ${String(value.converted)} ${String(value.to)}.`;
      if ('flights' in value) return `${String(value.flights)} flights from ${String(value.from)} to ${String(value.to)}, the cheapest at ${String(value.cheapest)} €.`;
      return JSON.stringify(value);
    })
    .join(' ');
}

/** The last user message's text and the tool results after it, from ai@4's prompt. */
function turnSoFar(prompt: Prompt): { message: string; results: unknown[] } {
  const last = prompt.findLastIndex((entry) => entry.role === 'user');
  const user = prompt[last];
  const message = user?.role === 'user' ? user.content.map((part) => (part.type === 'text' ? part.text : '')).join('') : '';
  const results = prompt.slice(last + 1).flatMap((entry) => (entry.role === 'tool' ? entry.content.map((part) => part.result) : []));
  return { message, results };
}

const words = (text: string): Part[] => (text.match(/\S+\s*/g) ?? []).map((textDelta) => ({ type: 'text-delta', textDelta }));
const usage = { promptTokens: 10, completionTokens: 20 };

/** The parts of the model's next step in this turn. */
export function nextStep(prompt: Prompt): Part[] {
  const { message, results } = turnSoFar(prompt);
  const calls = callsAskedFor(message);
  const thoughts: Part[] = results.length > 0 ? [] : ['Reading the request. ', 'Picking the tools.'].map((textDelta) => ({ type: 'reasoning', textDelta }));
  const next = calls[results.length];
  if (next) {
    return [...thoughts, { type: 'tool-call', toolCallType: 'function', toolCallId: `call-${results.length + 1}`, toolName: next.tool, args: JSON.stringify(next.args) }, { type: 'finish', finishReason: 'tool-calls', usage }];
  }
  return [...thoughts, ...words(THINK_IT_OVER.test(message) ? CONSIDERED : reply(results)), { type: 'finish', finishReason: 'stop', usage }];
}

/** A model that streams each step's parts `delayMs` apart. */
export const travelModel = (delayMs: number): MockLanguageModelV1 =>
  new MockLanguageModelV1({
    doStream: ({ prompt }) => Promise.resolve({ stream: simulateReadableStream({ chunks: nextStep(prompt), chunkDelayInMs: delayMs }), rawCall: { rawPrompt: prompt, rawSettings: {} } }),
  });
