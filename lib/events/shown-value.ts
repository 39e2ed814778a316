/**
 * Whether a tool card shows a tool's output or error, compared as values rather than as one
 * formatting of ours: products print JSON pretty or compact, and `innerText` collapses whitespace.
 */
import { isDeepStrictEqual } from 'node:util';

const collapsed = (text: string): string => text.replace(/\s+/g, ' ').trim();
const withoutWhitespace = (text: string): string => text.replace(/\s+/g, '');

/**
 * A string shows when the card's text holds it, whitespace collapsed on both sides. Anything else
 * shows when the card's whole text parses as JSON to an equal value, or when the value's JSON is in
 * the card's text with all whitespace taken out (a label around it, any indentation).
 */
export function cardShowsValue(cardText: string, value: unknown): boolean {
  if (value === undefined) return true;
  if (typeof value === 'string') return collapsed(cardText).includes(collapsed(value));
  try {
    if (isDeepStrictEqual(JSON.parse(cardText), value)) return true;
  } catch {
    // Not JSON as a whole: look for the value inside the text below.
  }
  return withoutWhitespace(cardText).includes(withoutWhitespace(JSON.stringify(value)));
}

/** The value as a failure message quotes it. */
export const quotedValue = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));
