/**
 * Loads the EVENT_DECODER module and guards every call to it: a decoder is deployment code the
 * suite does not control, so whatever it does becomes a Decoded, and a fault becomes a report.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeJsonType, isAgentEventType, isJsonObject, malformed, printValue } from './decoders/common.ts';
import type { DecodeFn, Decoded, RawFrame } from './types.ts';

/** The decoder exported by the module at `modulePath` (absolute, or relative to process.cwd()). */
export async function loadDecoder(modulePath: string): Promise<DecodeFn> {
  const absolutePath = path.resolve(modulePath);
  const where = `EVENT_DECODER=${modulePath} (${absolutePath})`;
  let loaded: unknown;
  try {
    loaded = await import(pathToFileURL(absolutePath).href);
  } catch (error) {
    throw new Error(`${where}: cannot import the module: ${(error as Error).message}`, { cause: error });
  }
  const exports = isJsonObject(loaded) ? loaded : {};
  if (typeof exports.decode === 'function') return exports.decode as DecodeFn;
  const fallback = exports.default;
  if (isJsonObject(fallback) && typeof fallback.decode === 'function') return fallback.decode as DecodeFn;
  const exported = Object.keys(exports).join(', ') || 'nothing';
  throw new Error(`${where}: the module must export a function 'decode' (or a default export with a function 'decode'); it exports ${exported}`);
}

/** Why `value` is not a Decoded, or undefined when it is one. */
function notDecodedBecause(value: unknown): string | undefined {
  if (!isJsonObject(value)) return `${describeJsonType(value)}, not an object`;
  if ('malformed' in value) {
    return value.malformed === true && typeof value.raw === 'string' && typeof value.reason === 'string'
      ? undefined
      : 'a malformed frame without malformed: true, a string raw and a string reason';
  }
  if ('control' in value) {
    return value.control === true && typeof value.type === 'string' && isJsonObject(value.data)
      ? undefined
      : 'a control frame without control: true, a string type and an object data';
  }
  if (typeof value.type !== 'string' || !isAgentEventType(value.type)) return `an event of unknown type ${printValue(value.type)}`;
  if (typeof value.runId !== 'string' || typeof value.userId !== 'string') return 'an event without a string runId and userId';
  if (value.conversationId !== undefined && typeof value.conversationId !== 'string') return 'an event whose conversationId is not a string';
  if (value.seq !== undefined && !Number.isFinite(value.seq)) return 'an event whose seq is not a number';
  if (!Number.isFinite(value.at)) return `an event whose at is not epoch milliseconds: ${printValue(value.at)}`;
  if (!isJsonObject(value.data)) return 'an event whose data is not an object';
  return undefined;
}

/** Never throws: a decoder that throws or returns something else yields a MalformedFrame. */
export function safeDecode(decode: DecodeFn, frame: RawFrame): Decoded {
  let decoded: unknown;
  try {
    decoded = decode(frame);
  } catch (error) {
    return malformed(frame.payload, `decoder threw: ${error instanceof Error ? error.message : String(error)}`);
  }
  const problem = notDecodedBecause(decoded);
  return problem === undefined ? (decoded as Decoded) : malformed(frame.payload, `decoder returned ${problem}`);
}
