/**
 * ai-sdk-4-chat ("Trip planner"): a chat product on the AI SDK 4.x, as many still run. Every
 * visitor is a guest: the first visit sets an HttpOnly guest cookie, and there is no sign-in at
 * all. Each guest has one chat, kept on the server: the page loads it from `GET /api/session`
 * and, when an answer is still streaming (the traveller reloaded), resumes it with ai@4's
 * `experimental_resume` (`GET /api/chat?chatId=`), which replays that answer from its start.
 * `POST /api/chat` takes what ai@4's `useChat` posts (`{id, messages}`), runs `streamText` over a
 * scripted model with three tools of its own, and answers with the data stream (`text/plain`,
 * one `<code>:<JSON>` line per part). A message over 800 characters is refused.
 *
 *   node --import tsx targets/examples/ai-sdk-4-chat/server.ts   (PORT, HOST, STEP_MS, FAULTS; --list-faults)
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appendResponseMessages, convertToCoreMessages, streamText, type Message } from 'ai';
import { travelModel } from './agent.ts';
import { FAULTS, faultsOf, SentAnswers, withoutLines, type Fault } from './faults.ts';
import { LiveRuns, type Listener } from './live-runs.ts';
import { tools } from './tools.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BUNDLE = path.join(HERE, 'dist');
const MAX_CHARACTERS = 800;
const TOO_LONG = `Please keep messages under ${MAX_CHARACTERS} characters.`;
const GUEST_COOKIE = 'travel_guest';

if (process.argv.includes('--list-faults')) {
  console.log(JSON.stringify({ faults: Object.keys(FAULTS) }));
  process.exit(0);
}
let faults: Set<Fault>;
try {
  faults = faultsOf(process.env.FAULTS);
} catch (error) {
  console.error(`ai-sdk-4-chat: ${(error as Error).message}`);
  process.exit(1);
}
const port = Number(process.env.PORT ?? 4303);
const host = process.env.HOST ?? '127.0.0.1';
/** The model's pace: the pause between two parts it streams. */
const stepMs = Number(process.env.STEP_MS ?? 25);
if (!Number.isInteger(port) || !Number.isInteger(stepMs) || stepMs < 0) {
  console.error(`ai-sdk-4-chat: PORT and STEP_MS must be whole numbers, got PORT=${String(process.env.PORT)} STEP_MS=${String(process.env.STEP_MS)}`);
  process.exit(1);
}
if (!existsSync(path.join(BUNDLE, 'main.js'))) {
  console.error(`ai-sdk-4-chat: ${BUNDLE} has no bundle: run \`npm run setup\` (it builds the examples)`);
  process.exit(1);
}

/** A guest (the id its cookie holds) and its one chat: the chat's id (useChat's) and its messages as useChat keeps them. */
interface Guest {
  id: string;
  chatId: string;
  messages: Message[];
}
const guests = new Map<string, Guest>();
const live = new LiveRuns();
const sentAnswers = new SentAnswers();

function guestOf(request: IncomingMessage): Guest | undefined {
  const cookie = request.headers.cookie?.split(';').map((pair) => pair.trim().split('=')).find(([name]) => name === GUEST_COOKIE);
  return cookie?.[1] === undefined ? undefined : guests.get(cookie[1]);
}

function newGuest(response: ServerResponse): Guest {
  const id = randomUUID();
  const guest: Guest = { id, chatId: randomUUID(), messages: [] };
  guests.set(id, guest);
  response.setHeader('set-cookie', `${GUEST_COOKIE}=${id}; HttpOnly; SameSite=Lax; Path=/`);
  return guest;
}

const reply = (response: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8') => {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
};

async function bodyOf(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return JSON.parse(text);
}

/** The data stream's headers, as ai@4's `toDataStreamResponse()` sets them. */
const DATA_STREAM_HEADERS = { 'content-type': 'text/plain; charset=utf-8', 'x-vercel-ai-data-stream': 'v1', 'cache-control': 'no-store' };

/** A listener that writes to the page's response, and ends it when the answer ends. */
const writerTo = (response: ServerResponse): Listener => (chunk) => {
  // A page that went away (a reload, a Stop) is written nothing more; its answer goes on for a resume.
  if (response.writableEnded || response.destroyed) return;
  if (chunk === null) response.end();
  else response.write(chunk);
};

/**
 * An answer stopped while a tool ran keeps the call with no result, which ai@4's
 * `convertToCoreMessages` refuses: the call is left out, as ai@4 products sanitize their messages.
 */
function withoutUnansweredCalls(message: Message): Message {
  if (message.role !== 'assistant') return message;
  const answered = (part: NonNullable<Message['parts']>[number]) => part.type !== 'tool-invocation' || part.toolInvocation.state === 'result';
  // Its parts are what ai@4 converts, where a message has them (useChat's always do).
  return { ...message, parts: message.parts?.filter(answered) };
}

/** A request the planner turns down: the page shows its text (useChat's error is the response's text). */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function ask(request: IncomingMessage, response: ServerResponse, guest: Guest): Promise<void> {
  const body = await bodyOf(request).catch(() => undefined);
  const { id, messages } = (body ?? {}) as { id?: unknown; messages?: unknown };
  const last = Array.isArray(messages) ? (messages.at(-1) as Message | undefined) : undefined;
  if (typeof id !== 'string' || last?.role !== 'user' || typeof last.content !== 'string') throw new Refusal(400, 'Expected {id, messages} ending with your message.');
  if (id !== guest.chatId) throw new Refusal(403, 'This chat is not yours.');
  if (last.content.length > MAX_CHARACTERS) throw new Refusal(413, TOO_LONG);
  const asked = (messages as Message[]).map(withoutUnansweredCalls);
  guest.messages = asked;
  const abort = live.next(guest.chatId);
  const answer = (faults.has('cross-deliver') ? sentAnswers.anotherGuests(guest.id, stepMs) : undefined) ?? answerTo(asked, guest, abort.signal);
  response.writeHead(200, DATA_STREAM_HEADERS);
  const writer = writerTo(response);
  response.on('close', () => {
    live.leave(guest.chatId, writer);
  });
  const sent = await live.stream(guest.chatId, withFaults(answer), abort, writer);
  if (faults.has('cross-deliver')) sentAnswers.keep(guest.id, sent);
}

/** The answers' data stream with the faults switched on. */
function withFaults(answer: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  let stream = answer;
  if (faults.has('lose-tool-result')) stream = stream.pipeThrough(withoutLines((line) => line.startsWith('a:'), false));
  if (faults.has('never-finishes')) stream = stream.pipeThrough(withoutLines((line) => line.startsWith('d:'), true));
  return stream;
}

/** The model's answer to the chat so far, as ai@4's data stream; the chat keeps it once it is whole. */
function answerTo(asked: Message[], guest: Guest, signal: AbortSignal): ReadableStream<Uint8Array> {
  const result = streamText({
    model: travelModel(stepMs),
    tools,
    maxSteps: 5,
    messages: convertToCoreMessages(asked),
    abortSignal: signal,
    onFinish: ({ response: answered }) => {
      guest.messages = appendResponseMessages({ messages: asked, responseMessages: answered.messages });
    },
  });
  const answer = result.toDataStreamResponse({ sendReasoning: true, getErrorMessage: (error) => (error instanceof Error ? error.message : String(error)) });
  if (!answer.body) throw new Refusal(500, 'The model gave no answer.');
  return answer.body;
}

function resume(url: URL, response: ServerResponse, guest: Guest): void {
  if (url.searchParams.get('chatId') !== guest.chatId) throw new Refusal(403, 'This chat is not yours.');
  response.writeHead(200, DATA_STREAM_HEADERS);
  const writer = writerTo(response);
  if (live.resume(guest.chatId, writer)) {
    response.on('close', () => {
      live.leave(guest.chatId, writer);
    });
  } else {
    // Nothing streams: an empty data stream, which useChat reads as nothing to resume.
    response.end();
  }
}

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Trip planner</title>
    <link rel="stylesheet" href="/main.css" />
    <script type="module" src="/main.js"></script>
  </head>
  <body><div id="root"></div></body>
</html>`;
const ASSETS: Readonly<Record<string, string>> = { '/main.js': 'text/javascript; charset=utf-8', '/main.css': 'text/css; charset=utf-8' };

async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const asset = ASSETS[url.pathname];
  const guest = guestOf(request);
  const is = (method: string, pathname: string) => request.method === method && url.pathname === pathname;
  if (request.method === 'GET' && asset !== undefined) {
    reply(response, 200, readFileSync(path.join(BUNDLE, url.pathname)), asset);
  } else if (is('GET', '/health')) {
    reply(response, 200, 'ok');
  } else if (is('GET', '/')) {
    if (!guest) newGuest(response);
    reply(response, 200, PAGE, 'text/html; charset=utf-8');
  } else if (!guest) {
    throw new Refusal(401, 'Open the trip planner first: it makes you a guest.');
  } else if (is('GET', '/api/session')) {
    reply(response, 200, JSON.stringify({ chatId: guest.chatId, messages: guest.messages, streaming: live.isStreaming(guest.chatId) }), 'application/json');
  } else if (is('POST', '/api/chat')) {
    await ask(request, response, guest);
  } else if (is('GET', '/api/chat')) {
    resume(url, response, guest);
  } else {
    throw new Refusal(404, 'not found');
  }
}

const server = createServer((request, response) => {
  route(request, response).catch((error: unknown) => {
    if (!(error instanceof Refusal)) console.error('ai-sdk-4-chat:', error);
    if (response.headersSent) response.end();
    else if (error instanceof Refusal) reply(response, error.status, error.message);
    else reply(response, 500, 'Something went wrong.');
  });
});
server.listen(port, host, () => {
  console.log(`ai-sdk-4-chat listening on http://${host}:${port}`);
});
const shutdown = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
