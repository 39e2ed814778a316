/** Text for the reports' tables and lists: one helper per job, shared by the gate, the fault matrix, the flake hunt and the bench. */
import { stripVTControlCharacters } from 'node:util';

/** A Playwright error message as a person reads it: without the terminal's colour codes. */
export const withoutAnsi = (message: string): string => stripVTControlCharacters(message);

/** Text cut to `length` characters, with an ellipsis where it was cut. */
export const shorten = (text: string, length: number): string => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

/** The first non-empty line of a message, without colour codes, at most `length` characters ('' when there is none). */
export function firstLine(text: string | undefined, length = 200): string {
  const line = withoutAnsi(text ?? '')
    .split('\n')
    .map((candidate) => candidate.trim())
    .find((candidate) => candidate !== '');
  return shorten(line ?? '', length);
}

/** Text that stays inside one cell of a Markdown table. */
export const markdownCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A duration for a table: whole milliseconds with the unit, or '-' where nothing was measured. */
export const ms = (value: number | undefined): string => (value === undefined ? '-' : `${Math.round(value)} ms`);

/** At most the first `count` non-empty lines of a text, each cut to `length` characters, joined by " / " (a product's whole error page stays readable). */
export function firstLines(text: string, count: number, length = 160): string {
  const lines = withoutAnsi(text).split('\n').map((line) => line.trim()).filter(Boolean);
  const shown = lines.slice(0, count).map((line) => shorten(line, length));
  return lines.length > count ? `${shown.join(' / ')} / … (${lines.length - count} more lines)` : shown.join(' / ');
}
