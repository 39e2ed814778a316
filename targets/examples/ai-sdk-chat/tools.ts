/**
 * The agent's three tools as AI SDK `tool()`s: the SDK validates their input against the zod
 * schema and runs `execute`; a throw becomes the SDK's tool error (a `tool-output-error` chunk).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { tool } from 'ai';
import { z } from 'zod';

/** Arithmetic with + - * / ^ and parentheses, by a small recursive-descent parser (no eval). */
export function evaluate(expression: string): number {
  const tokens = expression.match(/\d+(?:\.\d+)?|\.\d+|[-+*/^()]|\S/g) ?? [];
  let at = 0;
  const peek = (): string | undefined => tokens[at];
  const fail = (why: string): never => {
    throw new Error(`Cannot calculate "${expression}": ${why}`);
  };

  const primary = (): number => {
    const token = tokens[at++];
    if (token === undefined) return fail('it ends too early');
    if (token === '(') {
      const value = sum();
      if (tokens[at++] !== ')') fail('a parenthesis is not closed');
      return value;
    }
    if (token === '-') return -primary();
    if (token === '+') return primary();
    if (/^(?:\d|\.\d)/.test(token)) return Number(token);
    return fail(`unexpected "${token}"`);
  };
  const power = (): number => {
    const base = primary();
    if (peek() !== '^') return base;
    at += 1;
    return base ** power();
  };
  const product = (): number => {
    let value = power();
    for (let op = peek(); op === '*' || op === '/'; op = peek()) {
      at += 1;
      const right = power();
      if (op === '/' && right === 0) throw new Error('Division by zero');
      value = op === '*' ? value * right : value / right;
    }
    return value;
  };
  const sum = (): number => {
    let value = product();
    for (let op = peek(); op === '+' || op === '-'; op = peek()) {
      at += 1;
      const right = product();
      value = op === '+' ? value + right : value - right;
    }
    return value;
  };

  if (tokens.length === 0) fail('there is nothing to calculate');
  const value = sum();
  if (at < tokens.length) fail(`unexpected "${tokens[at] ?? ''}"`);
  return value;
}

/** A number as a person writes it: at most three decimals, no trailing zeros. */
export const formatNumber = (value: number): string => String(Math.round(value * 1000) / 1000);

const UNIT_NAMES: Record<string, string> = {
  km: 'km', kilometer: 'km', kilometers: 'km', kilometre: 'km', kilometres: 'km',
  mi: 'mi', mile: 'mi', miles: 'mi',
  kg: 'kg', kilogram: 'kg', kilograms: 'kg', kilo: 'kg', kilos: 'kg',
  lb: 'lb', lbs: 'lb', pound: 'lb', pounds: 'lb',
  c: 'C', '°c': 'C', celsius: 'C',
  f: 'F', '°f': 'F', fahrenheit: 'F',
};

/** The unit's short name, or the word as given when it is no unit the converter knows. */
export const unitOf = (word: string): string => UNIT_NAMES[word.toLowerCase()] ?? word;

const CONVERSIONS: Record<string, (value: number) => number> = {
  'km>mi': (value) => value / 1.609344,
  'mi>km': (value) => value * 1.609344,
  'kg>lb': (value) => value / 0.45359237,
  'lb>kg': (value) => value * 0.45359237,
  'C>F': (value) => (value * 9) / 5 + 32,
  'F>C': (value) => ((value - 32) * 5) / 9,
};

export function convert(value: number, from: string, to: string): string {
  const conversion = CONVERSIONS[`${unitOf(from)}>${unitOf(to)}`];
  if (!conversion) throw new Error(`Cannot convert ${from} to ${to}`);
  return `${formatNumber(conversion(value))} ${unitOf(to)}`;
}

const DOCS: Record<string, string> = {
  reconnect: 'Reconnect: the chat resumes a dropped run.',
  tools: 'Tools: the agent can calculate, convert units and search these docs.',
  'sign in': 'Sign in: use the account you were given; a restart of the server signs everyone out.',
};

export function searchDocs(query: string): string {
  const page = Object.entries(DOCS).find(([topic]) => query.toLowerCase().includes(topic));
  return page ? page[1] : `No page mentions ${query}.`;
}

/** How long `research` reads: a slow tool, long enough for a user to stop the answer while it runs. */
export const RESEARCH_MS = 4000;

export const tools = {
  calculator: tool({
    description: 'Evaluates an arithmetic expression with + - * / ^ and parentheses.',
    inputSchema: z.object({ expression: z.string().min(1) }),
    execute: ({ expression }) => formatNumber(evaluate(expression)),
  }),
  unit_convert: tool({
    description: 'Converts a value between km and mi, kg and lb, C and F.',
    inputSchema: z.object({ value: z.number(), from: z.string(), to: z.string() }),
    execute: ({ value, from, to }) => convert(value, from, to),
  }),
  search_docs: tool({
    description: "Searches the product's documentation.",
    inputSchema: z.object({ query: z.string().min(1) }),
    execute: ({ query }) => searchDocs(query),
  }),
  research: tool({
    description: 'Reads every page of the documentation on a topic and sums it up (slow).',
    inputSchema: z.object({ topic: z.string().min(1) }),
    // The SDK aborts the tool with the request: a stopped answer stops its research too.
    execute: async ({ topic }, { abortSignal }) => {
      await sleep(RESEARCH_MS, undefined, { signal: abortSignal });
      return `Every page on ${topic}: ${searchDocs(topic)}`;
    },
  }),
};

export type ToolName = keyof typeof tools;
