/**
 * Packs queued entries into one batch string (the format: TapHeader in ../tap-batch.ts). Pure (no
 * DOM): unit tested in Node against `decodeTapBatch`, the worker's reader.
 */
import { ENTRY_CODES, type TapEntry } from '../tap-batch.ts';

/** How large one batch may grow: each binding call copies and escapes its string in the page, so its cost is bounded here. */
export interface BatchLimits {
  /** At most this many entries per batch. */
  maxEntries: number;
  /** A batch takes no entry that would take its entries past this many characters (one longer than that still goes, alone). */
  maxChars: number;
}

export interface PackedBatch {
  text: string;
  /** How many of the offered entries, oldest first, the batch carries. */
  entries: number;
}

/** One entry as the batch carries it. */
export function packEntry(entry: TapEntry): string {
  const [code, t, socket, first, second] = entry;
  const head = `${String(code)},${String(Math.round(t * 1000))},${String(socket)}`;
  if (code === ENTRY_CODES.close) return `${head},${String(first)},${String(second).length}:${String(second)};`;
  if (code === ENTRY_CODES.open && typeof first === 'string') return `${head},${String(first.length)}:${first};`;
  if (code === ENTRY_CODES.open || code === ENTRY_CODES.error) return `${head};`;
  if (second === undefined) return `${head},${String(first).length}:${String(first)};`;
  return `${head},b${String(second)},${String(first).length}:${String(first)};`;
}

/**
 * The next batch: as many of `entries` (oldest first, at most `limits.maxEntries` of them are
 * offered) as fit `limits.maxChars`, at least one. `urls` names each socket the batch mentions.
 */
export function packBatch(entries: readonly TapEntry[], urls: ReadonlyMap<number, string>, timeOrigin: number, limits: BatchLimits): PackedBatch | undefined {
  const named: Record<string, string> = {};
  let body = '';
  let count = 0;
  for (const entry of entries) {
    if (count >= limits.maxEntries) break;
    const packed = packEntry(entry);
    if (count > 0 && body.length + packed.length > limits.maxChars) break;
    const socket = entry[2];
    if (named[socket] === undefined) named[socket] = urls.get(socket) ?? '';
    body += packed;
    count += 1;
  }
  return count === 0 ? undefined : { text: `${JSON.stringify([timeOrigin, named])}\n${body}`, entries: count };
}
