/**
 * The "model": the AI SDK's own mock language model (`MockLanguageModelV3` from `ai/test`),
 * scripted from the prompt the SDK gives it. Each call looks at the last user message and at the
 * tool results already in the prompt after it, and streams two reasoning parts, then either the
 * next tool call (finish reason `tool-calls`: the SDK runs the tool and calls again) or the answer
 * in text deltas (`stop`). The tool loop is the SDK's (`stopWhen`), not this file's.
 */
import { randomUUID } from 'node:crypto';
import { simulateReadableStream } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import type { ToolName } from './tools.ts';

type CallOptions = Parameters<MockLanguageModelV3['doStream']>[0];
type Prompt = CallOptions['prompt'];
type StreamPart = Awaited<ReturnType<MockLanguageModelV3['doStream']>>['stream'] extends ReadableStream<infer Part> ? Part : never;

/** A tool call the message asks for. */
export interface PlannedCall {
  tool: ToolName;
  input: Record<string, string>;
}

/** The most tool calls one answer makes: stopWhen allows this many steps plus the answer. */
export const MAX_TOOL_CALLS = 5;

/** "Think step by step": the model reasons in many parts before it answers (an answer long enough to stop while it thinks). */
const STEP_BY_STEP = /\bstep\s+by\s+step\b/i;
export const REASONING_STEPS = 30;
/** What the model says to anything it has no tool for: one sentence, as many products' first models do. */
export const GREETING = "Hi! I'm the shop assistant: I can check what is in stock, track your order, or compare prices.";

/** What asks for which tool, and the tool's input from the match. */
const REQUESTS: { tool: ToolName; pattern: RegExp; input: (match: RegExpExecArray) => Record<string, string> }[] = [
  { tool: 'check_stock', pattern: /\bis\s+(?:the\s+|a\s+)?(.+?)\s+in\s+stock\b/gi, input: (match) => ({ product: match[1]?.trim() ?? '' }) },
  { tool: 'track_order', pattern: /\border\s+([A-Za-z]-\d{4})\b/gi, input: (match) => ({ order: match[1] ?? '' }) },
  { tool: 'compare_prices', pattern: /\bcompare\s+(?:the\s+)?prices?\s+(?:of|for)\s+(?:the\s+|a\s+)?(.+?)(?=\s+and\s|[?!.,;]|$)/gi, input: (match) => ({ product: match[1]?.trim() ?? '' }) },
];

/** The tool calls a message asks for, in the order it asks. */
export function planCalls(message: string): PlannedCall[] {
  const found = REQUESTS.flatMap(({ tool, pattern, input }) => [...message.matchAll(pattern)].map((match) => ({ at: match.index, call: { tool, input: input(match) } })));
  return found.sort((one, other) => one.at - other.at).map(({ call }) => call).slice(0, MAX_TOOL_CALLS);
}

/** What a tool returned, as the prompt carries it back to the model. */
interface ToolOutcome {
  text: string;
  failed: boolean;
}

/** The text of the last user message, and the outcomes of the tool calls made since, in order. */
function readPrompt(prompt: Prompt): { message: string; outcomes: ToolOutcome[] } {
  const lastUser = prompt.findLastIndex((message) => message.role === 'user');
  const user = prompt[lastUser];
  const message = user?.role === 'user' ? user.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('') : '';
  const outcomes: ToolOutcome[] = [];
  for (const entry of prompt.slice(lastUser + 1)) {
    if (entry.role !== 'tool') continue;
    for (const part of entry.content) {
      if (part.type !== 'tool-result') continue;
      const { output } = part;
      if (output.type === 'text' || output.type === 'error-text') outcomes.push({ text: output.value, failed: output.type === 'error-text' });
      else if (output.type === 'json' || output.type === 'error-json') outcomes.push({ text: JSON.stringify(output.value), failed: output.type === 'error-json' });
      else outcomes.push({ text: output.type, failed: true });
    }
  }
  return { message, outcomes };
}

const parsed = (text: string): Record<string, unknown> => {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/** How the answer tells of one call's outcome. */
function sentence(call: PlannedCall, outcome: ToolOutcome): string {
  const result = parsed(outcome.text);
  switch (call.tool) {
    case 'check_stock':
      if (outcome.failed) return `Sorry, I could not check the stock of ${call.input.product ?? 'that'}.`;
      return Number(result.inStock) > 0 ? `${String(result.product)}: ${String(result.inStock)} in stock at ${String(result.price)} €.` : `The ${String(result.product)} is out of stock.`;
    case 'track_order':
      if (outcome.failed) return `Sorry, I couldn't find order ${call.input.order ?? ''}.`;
      return `Order ${String(result.order)} is ${String(result.status)}${typeof result.arrives === 'string' ? `; it arrives on ${result.arrives}` : ''}.`;
    case 'compare_prices':
      return outcome.failed ? 'Sorry, I could not compare prices.' : `Ours: ${String(result.ours)} €; elsewhere: ${String(result.elsewhere)} €.`;
  }
}

/** The answer once every planned call has its outcome. */
export function answerFor(calls: readonly PlannedCall[], outcomes: readonly ToolOutcome[]): string {
  if (calls.length === 0) return GREETING;
  return calls.map((call, n) => sentence(call, outcomes[n] ?? { text: 'no result', failed: true })).join(' ');
}

/** `text` in about `pieces` deltas of whole words (their spacing kept), so they join back exactly. */
export function inDeltas(text: string, pieces: number): string[] {
  const words = text.match(/^\s+|\S+\s*/g) ?? [];
  const size = Math.max(1, Math.ceil(words.length / pieces));
  const deltas: string[] = [];
  for (let at = 0; at < words.length; at += size) deltas.push(words.slice(at, at + size).join(''));
  return deltas;
}

const usage = { inputTokens: { total: 12, noCache: 12, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 24, text: 16, reasoning: 8 } };

function reasoning(id: string, text: string): StreamPart[] {
  return [{ type: 'reasoning-start', id }, ...inDeltas(text, 2).map((delta): StreamPart => ({ type: 'reasoning-delta', id, delta })), { type: 'reasoning-end', id }];
}

/** One model call: what the scripted model streams for this prompt. */
export function script(prompt: Prompt): StreamPart[] {
  const { message, outcomes } = readPrompt(prompt);
  const calls = planCalls(message);
  const done = outcomes.length;
  const next = calls[done];
  const previous = calls[done - 1];
  const step = `s${done}`;
  const parts: StreamPart[] = [
    { type: 'stream-start', warnings: [] },
    ...reasoning(`${step}-r0`, previous ? `Reading the ${previous.tool} result.` : 'Reading the question.'),
    ...(done === 0 && STEP_BY_STEP.test(message) ? Array.from({ length: REASONING_STEPS }, (_, n) => reasoning(`${step}-s${n + 1}`, `Step ${n + 1} of ${REASONING_STEPS}.`)).flat() : []),
    ...reasoning(`${step}-r1`, next ? `Using ${next.tool} ${done === 0 ? 'first' : 'next'}.` : 'Writing the answer.'),
  ];
  if (next) {
    const toolCallId = `call_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const input = JSON.stringify(next.input);
    parts.push(
      { type: 'tool-input-start', id: toolCallId, toolName: next.tool },
      { type: 'tool-input-delta', id: toolCallId, delta: input },
      { type: 'tool-input-end', id: toolCallId },
      { type: 'tool-call', toolCallId, toolName: next.tool, input },
      { type: 'finish', usage, finishReason: { unified: 'tool-calls', raw: 'tool_calls' } },
    );
    return parts;
  }
  const id = `${step}-t0`;
  parts.push(
    { type: 'text-start', id },
    ...inDeltas(answerFor(calls, outcomes), 12).map((delta): StreamPart => ({ type: 'text-delta', id, delta })),
    { type: 'text-end', id },
    { type: 'finish', usage, finishReason: { unified: 'stop', raw: 'stop' } },
  );
  return parts;
}

/** A fresh scripted model (one per request: the mock keeps every call it was given). */
export function scriptedModel(chunkDelayInMs: number): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    provider: 'ai-sdk-chat',
    modelId: 'scripted-agent',
    doStream: (options) => Promise.resolve({ stream: simulateReadableStream({ chunks: script(options.prompt), chunkDelayInMs }) }),
  });
}
