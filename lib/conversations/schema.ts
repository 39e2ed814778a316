/**
 * What a target's conversations file says: the messages the product specs send to that product,
 * and what its right answers, tool cards and refusals look like. Pure: zod, no Playwright.
 *
 * A behaviour the product lacks is declared `{ absent: <why> }`; its specs are then reported
 * "not covered" with that reason, never passed.
 */
import { z } from 'zod';
import { AGENT_EVENT_TYPES } from '../events/types.ts';

/** What a text must show: a substring, or `/pattern/flags`. */
export type TextMatch = string | RegExp;

const REGEX_LITERAL = /^\/(.+)\/([dgimsuvy]*)$/s;

/** A string, or `/pattern/flags` compiled to a RegExp; a pattern that does not compile says why. */
const textMatch = z.string().min(1, 'expected a text, or a /pattern/').transform((text, ctx): TextMatch => {
  const literal = REGEX_LITERAL.exec(text);
  if (!literal) return text;
  try {
    return new RegExp(literal[1] ?? '', literal[2]);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `the pattern does not compile: ${(error as Error).message}` });
    return z.NEVER;
  }
});

/** Where the file says nothing of an answer or a refusal: some text must show. */
const SOME_TEXT = /\S/;
const shown = textMatch.default(SOME_TEXT);

const message = z.string().min(1, 'expected the message a user types');
const toolName = z.string().trim().min(1, "expected a tool's name as the product's events and cards give it");

/** `{ absent: "why" }`: the product has no such behaviour, and says why. */
const absent = z.strictObject({ absent: z.string().trim().min(1, 'expected the reason the product has no such behaviour') });
export type Absent = z.output<typeof absent>;

/** A behaviour, or `{ absent: why }`. */
const declared = <Shape extends z.ZodType>(shape: Shape) => z.union([absent, shape]);

const plain = z.strictObject({
  message,
  /** What a right answer to it contains. */
  answer: textMatch,
});

const thinking = z.strictObject({
  /** A message whose run shows live thinking (agent_thinking) before its answer. */
  message,
});

const tool = z.strictObject({
  name: toolName,
  /** A message that makes the agent call this tool (and no other first). */
  message,
  /** What the tool's card shows when the call is done. */
  card: textMatch,
  /** What the answer then contains. */
  answer: shown,
});

const toolError = z.strictObject({
  /** A message that makes a tool call fail. */
  message,
  tool: toolName,
  /** What the failed card shows. */
  card: textMatch,
  /**
   * How the answer goes on after the failure: `answered` (the agent answers anyway, the default),
   * or `failed` (the failure ends the answer as failed, as ai@4's streamText does with a tool that throws).
   */
  ends: z.enum(['answered', 'failed'], { error: 'expected answered (the agent answers anyway) or failed (the failure ends the answer)' }).default('answered'),
  /** What the answer after the failure contains; with `ends: failed`, what the failed answer shows. */
  answer: shown,
});

const severalTools = z.strictObject({
  message,
  /** The tools the message calls, in order. */
  tools: z.array(toolName).min(2, 'expected at least two tools, in the order they are called'),
  answer: shown,
});

const perUser = z.strictObject({
  /** One per parallel user, each with an answer no other has, so a crossed answer shows on screen (cycled past the last). */
  messages: z.array(z.strictObject({ message, answer: textMatch })).min(2, 'expected at least two users\' messages'),
});

const lengthLimit = z.strictObject({
  /** The longest message the product accepts, in characters. */
  characters: z.number().int().positive(),
  /** What the product shows when a message is longer. */
  refusal: textMatch,
});

const toolInputHtml = z.strictObject({
  /** A message whose tool input carries HTML, e.g. `search the docs for <img src=x onerror=alert(1)>`. */
  message,
  tool: toolName,
});

const signIn = z.strictObject({
  /** What the sign-in screen says to a wrong password. */
  refusal: shown,
  /** What it says when the server ended the session. */
  sessionEnded: shown,
});

const stop = z.strictObject({
  /** A message whose run thinks long enough to be stopped once its thinking shows. */
  whileThinking: declared(z.strictObject({ message })),
  /** A message whose run calls `tool`, which runs long enough to be stopped once its card shows. */
  whileTool: declared(z.strictObject({ message, tool: toolName })),
});

const turn = z.strictObject({
  message,
  /** The tools called, in order; absent: not checked, `[]`: none. */
  tools: z.array(toolName).optional(),
  answer: shown,
  /** The run's events in order (agent_thinking ignored). */
  events: z
    .array(z.enum(AGENT_EVENT_TYPES).refine((type) => type !== 'agent_thinking', 'agent_thinking is left out of a turn\'s events: how often a product thinks is its own'))
    .min(2, 'expected the run\'s events from agent_started to its end')
    .optional(),
  /** Milliseconds from the user's message to agent_completed, as the page saw it. */
  latencyMs: z.number().int().positive().optional(),
});

const conversation = z.strictObject({
  name: z.string().trim().min(1, 'expected the test title'),
  tags: z.array(z.string().regex(/^@[\w-]+$/, 'expected a tag such as @tools')).default([]),
  /** An approved event trace of the conversation's runs (toMatchEventTrace), kept beside the spec. */
  trace: z.string().regex(/^[\w-]+$/, 'expected a name of letters, digits, - and _').optional(),
  turns: z.array(turn).min(1, 'expected at least one turn'),
});

export const conversationsSchema = z
  .strictObject({
    plain,
    thinking: declared(thinking),
    /** Does the answer repeat what the user typed (so unicode and HTML come back in it)? */
    echo: declared(z.literal(true)),
    tools: declared(z.array(tool).min(1, 'expected at least one tool, or { absent: why }')),
    toolError: declared(toolError),
    severalTools: declared(severalTools),
    perUser: declared(perUser),
    lengthLimit: declared(lengthLimit),
    toolInputHtml: declared(toolInputHtml),
    /** Can a user stop an answer while it streams (a Stop control)? */
    stop: declared(stop),
    signIn: signIn.default({ refusal: SOME_TEXT, sessionEnded: SOME_TEXT }),
    conversations: z.array(conversation).default([]),
  })
  .superRefine((data, ctx) => {
    const seen = new Set<string>();
    (Array.isArray(data.tools) ? data.tools : []).forEach((each, index) => {
      if (seen.has(each.name)) ctx.addIssue({ code: 'custom', path: ['tools', index, 'name'], message: `the tool ${each.name} is named twice` });
      seen.add(each.name);
    });
    const names = new Set<string>(data.conversations.map((each) => each.name));
    if (names.size < data.conversations.length) {
      const twice = data.conversations.findIndex((each, index) => data.conversations.findIndex((other) => other.name === each.name) !== index);
      ctx.addIssue({ code: 'custom', path: ['conversations', twice, 'name'], message: 'a conversation of this name comes earlier: each is a test, and needs its own title' });
    }
  });

export type TargetConversations = z.output<typeof conversationsSchema>;
export type Conversation = TargetConversations['conversations'][number];
export type Turn = Conversation['turns'][number];

/** Is the behaviour declared absent? */
export const isAbsent = (behaviour: unknown): behaviour is Absent =>
  typeof behaviour === 'object' && behaviour !== null && !Array.isArray(behaviour) && 'absent' in behaviour;
