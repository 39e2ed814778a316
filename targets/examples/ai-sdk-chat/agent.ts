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
import { formatNumber, unitOf, type ToolName } from './tools.ts';

type CallOptions = Parameters<MockLanguageModelV3['doStream']>[0];
type Prompt = CallOptions['prompt'];
type StreamPart = Awaited<ReturnType<MockLanguageModelV3['doStream']>>['stream'] extends ReadableStream<infer Part> ? Part : never;

/** A tool call the message asks for. */
export interface PlannedCall {
  tool: ToolName;
  input: Record<string, string | number>;
}

/** The most tool calls one answer makes: stopWhen allows this many steps plus the answer. */
export const MAX_TOOL_CALLS = 5;

const TOOL_REQUEST = /\s+and\s+(?:then\s+)?(?=(?:please\s+)?(?:calculate|convert|search|research)\b)/i;
/** "Think step by step": the model reasons in many parts before it answers (an answer long enough to stop while it thinks). */
const STEP_BY_STEP = /\bstep\s+by\s+step\b/i;
export const REASONING_STEPS = 30;
const trailing = (text: string) => text.trim().replace(/[?!.]+$/, '').trim();

/** The tool calls a message asks for, in the order it names them. */
export function planCalls(message: string): PlannedCall[] {
  const calls: PlannedCall[] = [];
  for (const clause of message.split(TOOL_REQUEST)) {
    const calculate = /\bcalculate:?\s+(.+)$/is.exec(clause);
    const convert = /\bconvert\s+(-?\d+(?:\.\d+)?)\s*(°?[a-z]+)\s+(?:to|in|into)\s+(°?[a-z]+)/i.exec(clause);
    const search = /\bsearch\s+the\s+docs\s+for:?\s+(.+)$/is.exec(clause);
    const research = /\bresearch:?\s+(.+)$/is.exec(clause);
    if (convert?.[1] && convert[2] && convert[3]) {
      calls.push({ tool: 'unit_convert', input: { value: Number(convert[1]), from: unitOf(convert[2]), to: unitOf(convert[3]) } });
    } else if (research?.[1] && trailing(research[1])) {
      calls.push({ tool: 'research', input: { topic: trailing(research[1]) } });
    } else if (search?.[1] && trailing(search[1])) {
      calls.push({ tool: 'search_docs', input: { query: trailing(search[1]) } });
    } else if (calculate?.[1] && trailing(calculate[1])) {
      calls.push({ tool: 'calculator', input: { expression: trailing(calculate[1]) } });
    }
  }
  return calls.slice(0, MAX_TOOL_CALLS);
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

/** How the answer tells of one call's outcome. */
function sentence(call: PlannedCall, outcome: ToolOutcome): string {
  const why = outcome.text.replace(/^Error:\s*/, '').replace(/\.$/, '');
  switch (call.tool) {
    case 'calculator':
      return outcome.failed ? `I could not calculate that: ${why}.` : `The result of ${String(call.input.expression)} is ${outcome.text}.`;
    case 'unit_convert':
      return outcome.failed ? `I could not convert that: ${why}.` : `${formatNumber(Number(call.input.value))} ${String(call.input.from)} is ${outcome.text}.`;
    case 'search_docs':
      return outcome.failed ? `I could not search the docs: ${why}.` : `From the docs: ${outcome.text}`;
    case 'research':
      return outcome.failed ? `I could not research that: ${why}.` : `My research: ${outcome.text}`;
  }
}

/** The answer once every planned call has its outcome. */
export function answerFor(message: string, calls: readonly PlannedCall[], outcomes: readonly ToolOutcome[]): string {
  if (calls.length === 0) return `You said: ${message}`;
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
    ...inDeltas(answerFor(message, calls, outcomes), 12).map((delta): StreamPart => ({ type: 'text-delta', id, delta })),
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
