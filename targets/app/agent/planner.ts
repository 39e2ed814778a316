/**
 * Decides which tools a message needs, in the order they appear in it.
 * Deterministic and tiny on purpose: a message is cut into clauses ("... and ...",
 * "...; ...", "...? ..."), and each clause is matched against a few phrasings.
 */
import type { ToolCall } from '../tools/index.ts';
import { findUnit } from '../tools/unit-convert.ts';

export interface Plan {
  calls: ToolCall[];
  /** The message asks the agent to fail (lets a suite exercise `agent_error`). */
  crash: boolean;
  /** "Think it over carefully": the agent reasons at length before answering (a run long enough to stop while it thinks). */
  deliberate: boolean;
  /** "… thoroughly": each tool takes its time (a run long enough to stop while a tool runs). */
  thorough: boolean;
}

const CLAUSE_SPLIT = /(?:[;?!]|\.(?=\s|$))\s*|\s+(?:and\s+then|and|then|also)\s+/i;
const SEARCH = [
  /\b(?:search|look\s+up|find|check)\s+(?:in\s+|through\s+)?(?:the\s+)?(?:docs?|documentation|help)\s+(?:thoroughly\s+)?(?:for|about|on)\s+(.+)/i,
  /\b(?:docs?|documentation|help)\s+(?:about|on|for)\s+(.+)/i,
  /\bsearch\s+(?:the\s+)?(?:docs?|documentation)\s*:\s*(.+)/i,
];
const NUMBER = String.raw`(-?\d+(?:\.\d+)?|-?\.\d+)`;
const UNIT = String.raw`(?:degrees?\s+)?(°?[a-z]+)`;
const CONVERT_EXPLICIT = new RegExp(String.raw`\bconvert\s+${NUMBER}\s*${UNIT}\s+(?:to|into|in)\s+${UNIT}`, 'i');
const CONVERT_IMPLICIT = new RegExp(String.raw`${NUMBER}\s*${UNIT}\s+(?:in|to|into)\s+${UNIT}`, 'i');
const CALCULATE = /\b(?:calculate|compute|evaluate|calc)\s*:?\s+(.+)/i;
const WHAT_IS = /\bwhat(?:'s|\s+is)\s+(.+)/i;
const MATH_ONLY = /^[\d\s.+\-*/^()×÷]+$/;
const HAS_OPERATOR = /[\d)]\s*[-+*/^×÷]\s*[-+(.\d]/;
const CRASH = /\bsimulate\s+(?:an\s+)?agent\s+error\b/i;
const DELIBERATE = /\bthink\s+(?:it\s+)?(?:over|through)\s+carefully\b/i;
const THOROUGH = /\bthoroughly\b/i;

function looksLikeMath(text: string): boolean {
  return MATH_ONLY.test(text) && /\d/.test(text) && HAS_OPERATOR.test(text);
}

function clean(text: string): string {
  return text.trim().replace(/\s*(?:please)?[.?!]*$/i, '').trim();
}

function matchClause(clause: string): ToolCall | undefined {
  for (const pattern of SEARCH) {
    const m = pattern.exec(clause);
    if (m?.[1]) return { tool: 'search_docs', input: { query: clean(m[1]) } };
  }
  const explicit = CONVERT_EXPLICIT.exec(clause);
  if (explicit?.[1] && explicit[2] && explicit[3]) {
    return { tool: 'unit_convert', input: { value: Number(explicit[1]), from: explicit[2], to: explicit[3] } };
  }
  const implicit = CONVERT_IMPLICIT.exec(clause);
  if (implicit?.[1] && implicit[2] && implicit[3] && findUnit(implicit[2])) {
    return { tool: 'unit_convert', input: { value: Number(implicit[1]), from: implicit[2], to: implicit[3] } };
  }
  const calc = CALCULATE.exec(clause);
  if (calc?.[1]) return { tool: 'calculator', input: { expression: clean(calc[1]) } };
  const what = WHAT_IS.exec(clause);
  if (what?.[1] && looksLikeMath(clean(what[1]))) {
    return { tool: 'calculator', input: { expression: clean(what[1]) } };
  }
  const bare = clean(clause);
  if (looksLikeMath(bare)) return { tool: 'calculator', input: { expression: bare } };
  return undefined;
}

export function plan(text: string): Plan {
  const calls: ToolCall[] = [];
  let lastSearch: { query: string } | undefined;
  for (const raw of text.split(CLAUSE_SPLIT)) {
    const clause = raw.trim();
    if (clause === '') continue;
    const call = matchClause(clause);
    if (call) {
      calls.push(call);
      lastSearch = call.tool === 'search_docs' ? call.input : undefined;
    } else if (lastSearch) {
      // "search the docs for reconnect and history": the query goes on.
      lastSearch.query = `${lastSearch.query} and ${clean(clause)}`;
    }
  }
  return { calls, crash: CRASH.test(text), deliberate: DELIBERATE.test(text), thorough: THOROUGH.test(text) };
}

/** One line of "thinking" announcing a tool call. */
export function intention(call: ToolCall): string {
  switch (call.tool) {
    case 'calculator':
      return `I need the calculator for ${call.input.expression}`;
    case 'unit_convert':
      return `I need unit_convert for ${String(call.input.value)} ${call.input.from} → ${call.input.to}`;
    case 'search_docs':
      return `I need to search the docs for "${call.input.query}"`;
  }
}
