/**
 * Exchanges made by the real AI SDK (`ai`, pinned): the request `useChat`'s transport sends and the
 * UI message stream `streamText(...).toUIMessageStreamResponse()` answers with, over a scripted
 * mock model (`ai/test`) and real tools. What the pack's tests decode is what the SDK wrote.
 */
import { DefaultChatTransport, simulateReadableStream, stepCountIs, streamText, tool, type UIMessage } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { z } from 'zod';

/** One model call's stream parts, as a provider would send them. */
type ModelStep = Parameters<typeof simulateReadableStream>[0]['chunks'];

const usage = { inputTokens: { total: 3, noCache: 3, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 5, text: 5, reasoning: 0 } };
const finish = (unified: 'stop' | 'tool-calls') => ({ type: 'finish', usage, finishReason: { unified, raw: unified } });

/** A model step that says `text` in deltas of a few words. */
export const says = (text: string, id = 'text-1'): unknown[] => [
  { type: 'text-start', id },
  ...(text.match(/\S+\s*/g) ?? []).map((delta) => ({ type: 'text-delta', id, delta })),
  { type: 'text-end', id },
];
export const thinks = (text: string, id = 'reasoning-1'): unknown[] => [
  { type: 'reasoning-start', id },
  { type: 'reasoning-delta', id, delta: text },
  { type: 'reasoning-end', id },
];
export const calls = (toolCallId: string, toolName: string, input: object): unknown => ({ type: 'tool-call', toolCallId, toolName, input: JSON.stringify(input) });
export const step = (...parts: unknown[]): ModelStep => [...parts.flat(), finish(parts.flat().some((part) => (part as { type: string }).type === 'tool-call') ? 'tool-calls' : 'stop')] as ModelStep;

const tools = {
  calculator: tool({
    description: 'Evaluates arithmetic',
    inputSchema: z.object({ expression: z.string() }),
    execute: ({ expression }) => {
      if (/\/\s*0\b/.test(expression)) throw new Error('division by zero');
      return { expression, value: expression.split('*').reduce((product, factor) => product * Number(factor), 1) };
    },
  }),
  unit_convert: tool({
    description: 'Converts km to miles',
    inputSchema: z.object({ value: z.number(), from: z.literal('km'), to: z.literal('mi') }),
    execute: ({ value }) => ({ value: Math.round(value * 0.621371 * 100) / 100, unit: 'mi' }),
  }),
};

export interface Exchange {
  /** The body `useChat`'s transport posted. */
  request: string;
  /** The SSE body the route answered with. */
  response: string;
}

export interface ExchangeOptions {
  chatId?: string;
  messageId?: string;
  /** Abort the model after this many parts have streamed: the stream ends with `abort`. */
  abortAfterParts?: number;
  /** Post the new message alone, as products that keep the chat on the server do (`prepareSendMessagesRequest`). */
  onlyNewMessage?: boolean;
}

/** One turn: the user says `text`, the scripted model answers with `steps`, tools run for real. */
export async function aiSdkExchange(text: string, steps: readonly ModelStep[], options: ExchangeOptions = {}): Promise<Exchange> {
  let call = 0;
  const abort = new AbortController();
  const model = new MockLanguageModelV3({
    doStream: () => {
      const chunks = steps[call++] ?? [];
      const limited = options.abortAfterParts === undefined ? chunks : chunks.slice(0, options.abortAfterParts);
      const stream = simulateReadableStream({ chunks: limited }).pipeThrough(
        new TransformStream({
          flush: () => {
            if (options.abortAfterParts !== undefined) abort.abort();
          },
        }),
      );
      return Promise.resolve({ stream });
    },
  });
  let request = '';
  let response = '';
  const transport = new DefaultChatTransport<UIMessage>({
    api: 'http://chat.test/api/chat',
    ...(options.onlyNewMessage ? { prepareSendMessagesRequest: ({ id, messages }) => ({ body: { id, message: messages.at(-1) } }) } : {}),
    fetch: async (_url, init) => {
      request = typeof init?.body === 'string' ? init.body : '';
      const result = streamText({ model, prompt: text, tools, stopWhen: stepCountIs(5), abortSignal: abort.signal });
      const ids = options.messageId === undefined ? {} : { generateMessageId: () => options.messageId ?? '', originalMessages: [] };
      // As products do (the SDK masks errors by default): the tool's own error text reaches the page.
      const answer = result.toUIMessageStreamResponse({ sendReasoning: true, onError: String, ...ids });
      response = await answer.text();
      return new Response(response, { headers: answer.headers });
    },
  });
  const user: UIMessage = { id: `user-${text.length}`, role: 'user', parts: [{ type: 'text', text }] };
  const chunks = await transport.sendMessages({ chatId: options.chatId ?? 'chat-1', messageId: undefined, messages: [user], trigger: 'submit-message', abortSignal: undefined });
  // Read the client's side to its end, as useChat would: the exchange is then complete.
  await chunks.pipeTo(new WritableStream());
  return { request, response };
}
