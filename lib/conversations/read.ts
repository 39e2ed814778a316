/**
 * Reads a target's conversations file (YAML, or JSON, which is YAML): every problem names the
 * file, the line and the field, and the run stops before any test. Pure Node.
 */
import { readFileSync } from 'node:fs';
import { isMap, isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { conversationsSchema, type TargetConversations } from './schema.ts';

/** One thing wrong with the file, where it is. */
export interface ConversationsProblem {
  line: number;
  /** `tools[1].name`; empty for the file as a whole. */
  field: string;
  message: string;
}

export class ConversationsFileError extends Error {
  override name = 'ConversationsFileError';
  constructor(
    readonly file: string,
    readonly problems: readonly ConversationsProblem[],
  ) {
    super(
      `The conversations file ${file} cannot be used:\n${problems.map((problem) => `  - ${file}:${problem.line}${problem.field ? ` ${problem.field}` : ''}: ${problem.message}`).join('\n')}\nSee README.md, "Pointing it at your own product", for what it holds.`,
    );
  }
}

type Path = readonly PropertyKey[];

const fieldOf = (path: Path): string =>
  path.map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`)).join('');

/** The line of `key` in `node`, where `node` is a map holding it. */
function keyLine(node: unknown, key: PropertyKey, lines: LineCounter): number | undefined {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((item) => isNode(item.key) && String((item.key as { value?: unknown }).value) === String(key));
  const range = pair && isNode(pair.key) ? pair.key.range : undefined;
  return range ? lines.linePos(range[0]).line : undefined;
}

/**
 * The line of the deepest node of `path` the document has: an unknown `key`'s own line, and for
 * a field that is missing, the line of the key it is missing under.
 */
function lineOf(document: Document, lines: LineCounter, path: Path, key?: string): number {
  const nodeAt = (depth: number): unknown => (depth === 0 ? document.contents : document.getIn(path.slice(0, depth) as unknown[], true));
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = nodeAt(depth);
    if (!isNode(node)) continue;
    const line = key !== undefined && depth === path.length ? keyLine(node, key, lines) : depth < path.length && depth > 0 ? keyLine(nodeAt(depth - 1), path[depth - 1] ?? '', lines) : undefined;
    return line ?? lines.linePos((node.range ?? [0])[0]).line;
  }
  return 1;
}

/**
 * A union of a behaviour and `{ absent }` fails with both branches' issues: keep the branch the
 * author meant (the one with `absent`, or the behaviour), so the message is about that.
 */
function flatten(issues: readonly z.core.$ZodIssue[], document: Document): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union' || issue.errors.length !== 2) return [issue];
    const value: unknown = document.getIn(issue.path as unknown[]);
    const meantAbsent = typeof value === 'object' && value !== null && 'absent' in value;
    const branch = (meantAbsent ? issue.errors[0] : issue.errors[1]) ?? [];
    return flatten(branch.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })), document);
  });
}

/** The file's text as the target's conversations, or a ConversationsFileError naming every problem. */
export function parseConversations(text: string, file: string): TargetConversations {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => ({ line: lines.linePos(error.pos[0]).line, field: '', message: `not YAML: ${error.message.split('\n')[0] ?? error.code}` }));
    // The parser may report one mistake twice (at the key and at its value): once per line and message.
    throw new ConversationsFileError(file, problems.filter((problem, index) => problems.findIndex((other) => other.line === problem.line && other.message === problem.message) === index));
  }
  const parsed = conversationsSchema.safeParse(document.toJS());
  if (parsed.success) return parsed.data;
  const problems = flatten(parsed.error.issues, document).flatMap((issue): ConversationsProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ line: lineOf(document, lines, issue.path, key), field: fieldOf([...issue.path, key]), message: 'unknown key (a typo, or a field this version does not know)' }));
    }
    const missing = issue.code === 'invalid_type' && !document.hasIn(issue.path as unknown[]);
    return [{ line: lineOf(document, lines, issue.path), field: fieldOf(issue.path), message: missing ? `missing (${issue.expected} expected)` : issue.message }];
  });
  throw new ConversationsFileError(file, problems);
}

export function readConversations(file: string): TargetConversations {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConversationsFileError(file, [{ line: 1, field: '', message: `cannot be read: ${(error as Error).message}` }]);
  }
  return parseConversations(text, file);
}
