/**
 * The agent's three tools, deterministic and offline: a calculator (a small recursive-descent
 * parser, never eval), a unit converter and a docs search over a few fixed pages. A tool that
 * cannot answer throws a ToolError; the agent reports its message as the call's error.
 */

export class ToolError extends Error {
  override name = 'ToolError';
}

export type ToolName = 'calculator' | 'unit_convert' | 'search_docs';

/** Numbers shown to people: at most 3 decimals, no trailing zeros, no "-0". */
export function formatNumber(value: number): string {
  const rounded = Number(value.toFixed(3));
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

// ---- calculator: + - * / ^ and parentheses ----

type Token = { kind: 'number'; value: number } | { kind: 'op'; value: string };

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\d+(?:\.\d+)?|\.\d+)|([-+*/^()]))/y;
  let at = 0;
  while (at < expression.length) {
    if (/^\s*$/.test(expression.slice(at))) break;
    pattern.lastIndex = at;
    const match = pattern.exec(expression);
    if (!match) throw new ToolError(`Unexpected character "${expression.slice(at).trim().charAt(0)}"`);
    if (match[1] !== undefined) tokens.push({ kind: 'number', value: Number(match[1]) });
    else tokens.push({ kind: 'op', value: match[2] ?? '' });
    at = pattern.lastIndex;
  }
  return tokens;
}

/** Evaluates an arithmetic expression; "Division by zero" and malformed input are ToolErrors. */
export function calculate(expression: string): number {
  const tokens = tokenize(expression);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const isOp = (value: string): boolean => {
    const token = peek();
    return token?.kind === 'op' && token.value === value;
  };

  function expr(): number {
    let value = term();
    while (isOp('+') || isOp('-')) {
      const op = tokens[position++];
      const right = term();
      value = op?.value === '+' ? value + right : value - right;
    }
    return value;
  }
  function term(): number {
    let value = unary();
    while (isOp('*') || isOp('/')) {
      const op = tokens[position++];
      const right = unary();
      if (op?.value === '/') {
        if (right === 0) throw new ToolError('Division by zero');
        value /= right;
      } else {
        value *= right;
      }
    }
    return value;
  }
  function unary(): number {
    if (isOp('-')) {
      position++;
      return -unary();
    }
    if (isOp('+')) {
      position++;
      return unary();
    }
    return power();
  }
  function power(): number {
    const base = primary();
    if (isOp('^')) {
      position++;
      return base ** unary();
    }
    return base;
  }
  function primary(): number {
    const token = tokens[position++];
    if (token?.kind === 'number') return token.value;
    if (token?.kind === 'op' && token.value === '(') {
      const value = expr();
      if (!isOp(')')) throw new ToolError('Missing closing parenthesis');
      position++;
      return value;
    }
    throw new ToolError(token ? `Unexpected "${token.value}"` : 'Incomplete expression');
  }

  if (tokens.length === 0) throw new ToolError('Empty expression');
  const value = expr();
  if (position < tokens.length) throw new ToolError(`Unexpected "${String(tokens[position]?.value)}"`);
  if (!Number.isFinite(value)) throw new ToolError('The result is not a finite number');
  return value;
}

// ---- unit_convert ----

const UNIT_NAMES: Readonly<Record<string, string>> = {
  km: 'km', kms: 'km', kilometer: 'km', kilometers: 'km', kilometre: 'km', kilometres: 'km',
  mi: 'mi', mile: 'mi', miles: 'mi',
  m: 'm', meter: 'm', meters: 'm', metre: 'm', metres: 'm',
  ft: 'ft', foot: 'ft', feet: 'ft',
  kg: 'kg', kgs: 'kg', kilogram: 'kg', kilograms: 'kg',
  lb: 'lb', lbs: 'lb', pound: 'lb', pounds: 'lb',
  c: 'C', '°c': 'C', celsius: 'C',
  f: 'F', '°f': 'F', fahrenheit: 'F',
};

const CONVERSIONS: Readonly<Record<string, (value: number) => number>> = {
  'km>mi': (v) => v / 1.609344,
  'mi>km': (v) => v * 1.609344,
  'm>ft': (v) => v / 0.3048,
  'ft>m': (v) => v * 0.3048,
  'kg>lb': (v) => v / 0.45359237,
  'lb>kg': (v) => v * 0.45359237,
  'C>F': (v) => (v * 9) / 5 + 32,
  'F>C': (v) => ((v - 32) * 5) / 9,
};

/** A unit as people write it, in its short form (km, mi, kg, lb, C, F, m, ft), or as written. */
export const unitName = (written: string): string => UNIT_NAMES[written.toLowerCase()] ?? written;

export function convert(value: number, from: string, to: string): string {
  const conversion = CONVERSIONS[`${unitName(from)}>${unitName(to)}`];
  if (!conversion) throw new ToolError(`Cannot convert ${from} to ${to}`);
  return `${formatNumber(conversion(value))} ${unitName(to)}`;
}

// ---- search_docs ----

const PAGES: readonly { topic: RegExp; text: string }[] = [
  { topic: /reconnect/i, text: 'Reconnect: the chat resumes a dropped run.' },
  { topic: /tool/i, text: 'Tools: the agent can calculate, convert units and search these docs.' },
  { topic: /sign[ -]?in|login|token/i, text: 'Sign-in: a token kept by the page authorises every run.' },
];

export function searchDocs(query: string): string {
  return PAGES.find((page) => page.topic.test(query))?.text ?? `No page mentions ${query}.`;
}
