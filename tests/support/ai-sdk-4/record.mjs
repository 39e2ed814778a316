// Writes streams.json: what ai@4's own streamText + toDataStreamResponse() answer for a few
// turns, over its mock model, for the ai-sdk-4 pack's tests (tests/events/ai-sdk-4-pack.spec.ts).
// ai@4 wants zod 3, the suite has zod 4: so it lives in this folder with its own package.json.
//   npm --prefix tests/support/ai-sdk-4 install && node tests/support/ai-sdk-4/record.mjs
import { writeFileSync } from 'node:fs';
import { simulateReadableStream, streamText, tool } from 'ai';
import { MockLanguageModelV1 } from 'ai/test';
import { z } from 'zod';

const usage = { promptTokens: 3, completionTokens: 5 };
const finish = (finishReason) => ({ type: 'finish', finishReason, usage });
const says = (text) => text.match(/\S+\s*/g).map((textDelta) => ({ type: 'text-delta', textDelta }));
const thinks = (text) => ({ type: 'reasoning', textDelta: text });
const calls = (toolCallId, toolName, args) => ({ type: 'tool-call', toolCallType: 'function', toolCallId, toolName, args: JSON.stringify(args) });

const tools = {
  calculator: tool({
    parameters: z.object({ expression: z.string() }),
    execute: async ({ expression }) => {
      if (expression.includes('/0')) throw new Error('division by zero');
      return { expression, value: 42 };
    },
  }),
};

/** One turn: the model's steps in order, streamed by ai@4 as the data stream a product answers with. */
async function turn(message, steps) {
  let step = 0;
  const model = new MockLanguageModelV1({
    doStream: async () => ({ stream: simulateReadableStream({ chunks: steps[step++] ?? [finish('stop')] }), rawCall: { rawPrompt: null, rawSettings: {} } }),
  });
  const result = streamText({ model, tools, maxSteps: 5, messages: [{ role: 'user', content: message }] });
  const response = result.toDataStreamResponse({ sendReasoning: true, getErrorMessage: (error) => (error instanceof Error ? error.message : String(error)) });
  // What ai@4's useChat posts (its default body): the chat id and the messages with their parts.
  const request = JSON.stringify({ id: 'chat-1', messages: [{ id: 'msg-user-1', createdAt: '2026-12-05T00:00:00.000Z', role: 'user', content: message, parts: [{ type: 'text', text: message }] }] });
  return { request, contentType: response.headers.get('content-type'), lines: (await response.text()).split('\n').filter((line) => line !== '') };
}

const streams = {
  plain: await turn('Hello, who are you?', [[thinks('Reading the question.'), ...says('I am a scripted agent.'), finish('stop')]]),
  toolThenAnswer: await turn('What is 6*7?', [[thinks('A calculator will do.'), calls('call-1', 'calculator', { expression: '6*7' }), finish('tool-calls')], [...says('6 times 7 is 42.'), finish('stop')]]),
  toolError: await turn('What is 1/0?', [[calls('call-1', 'calculator', { expression: '1/0' }), finish('tool-calls')]]),
};
writeFileSync(new URL('./streams.json', import.meta.url), `${JSON.stringify({ writtenBy: 'ai@4.3.19 streamText().toDataStreamResponse()', streams }, null, 2)}\n`);
console.log('wrote streams.json');
