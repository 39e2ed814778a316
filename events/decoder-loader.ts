/**
 * Loads EVENT_DECODER (a built-in pack or a module) and guards every call into it: a decoder is
 * deployment code the suite does not control, so whatever it does becomes Decoded items, and a
 * fault becomes a report naming the decoder and the frame (docs/decoders.md).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describeJsonType, isAgentEventType, isJsonObject, malformed, printValue, statelessDecoder } from './decoders/common.ts';
import { decodeSent } from './decoders/reference.ts';
import { PACKS } from './decoders/packs.ts';
import { payloadPrefix } from './format.ts';
import {
  DECODER_PACKS,
  type CreateDecoder,
  type DecodeFn,
  type Decoded,
  type DecoderKit,
  type DecoderPack,
  type StreamDecoder,
  type StreamEnd,
  type StreamFrame,
  type StreamInfo,
} from './types.ts';

/** One stream's decoder behind the guard: never throws, always a list. */
export interface GuardedStream {
  decode(frame: StreamFrame): Decoded[];
  end(end: StreamEnd): Decoded[];
}

/** The loaded EVENT_DECODER: makes one guarded decoder per stream. */
export interface Decoders {
  /** How reports name it: the pack, or the module's path. */
  readonly name: string;
  open(stream: StreamInfo): GuardedStream;
}

export const isDecoderPack = (value: string): value is DecoderPack => (DECODER_PACKS as readonly string[]).includes(value);

const kitFor = (stream: StreamInfo): DecoderKit => {
  const kit: DecoderKit = { pack: (name) => PACKS[name](stream, kit) };
  return kit;
};

/** The factory a module exports: `createDecoder`, or a stateless `decode` (read like the reference wire's sent frames). */
function factoryOf(loaded: unknown): CreateDecoder | undefined {
  const exports = isJsonObject(loaded) ? loaded : {};
  for (const candidate of [exports, exports.default]) {
    if (!isJsonObject(candidate)) continue;
    if (typeof candidate.createDecoder === 'function') return candidate.createDecoder as CreateDecoder;
    if (typeof candidate.decode === 'function') return statelessDecoder(candidate.decode as DecodeFn, decodeSent);
  }
  return undefined;
}

/** Node read an ES module as CommonJS: the file has no package.json with "type": "module" above it. */
const READ_AS_COMMONJS = /Unexpected token 'export'|Cannot use import statement outside a module/;

/**
 * The module's exports. A decoder in a folder of its own (its own repository, a file beside no
 * package.json) is read by Node as CommonJS, which its import/export syntax is not: such a
 * module is bundled with what it imports (esbuild, resolving from its own folder) and loaded
 * from memory, as the ES module it is written as.
 */
async function importModule(absolutePath: string): Promise<unknown> {
  try {
    return (await import(pathToFileURL(absolutePath).href)) as unknown;
  } catch (error) {
    if (!(error instanceof SyntaxError) || !READ_AS_COMMONJS.test(error.message)) throw error;
  }
  const bundled = await build({ entryPoints: [absolutePath], bundle: true, format: 'esm', platform: 'node', target: 'node20', write: false, logLevel: 'silent' }).catch((error: unknown) => {
    const unresolved = isJsonObject(error) && Array.isArray(error.errors) ? error.errors.map((problem) => (isJsonObject(problem) ? String(problem.text) : '')).join('; ') : String(error);
    throw Object.assign(new Error(unresolved), { code: /Could not resolve/.test(unresolved) ? 'ERR_MODULE_NOT_FOUND' : undefined });
  });
  const code = bundled.outputFiles[0]?.text ?? '';
  return (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as unknown;
}

/** Why a module did not import, with what to do where the cause is a package it cannot find. */
function importFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = isJsonObject(error) ? error.code : undefined;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return message;
  return (
    `${message}. A decoder module resolves packages from its own folder: install them beside it ` +
    `(npm install <package> there), or build on a built-in pack through createDecoder's second argument, kit.pack('ai-sdk')`
  );
}

/** EVENT_DECODER: a pack name (`reference`, `flat`, `ai-sdk`, `ag-ui`) or a module path (absolute, or relative to process.cwd()). */
export async function loadDecoder(spec: string): Promise<Decoders> {
  if (isDecoderPack(spec)) return packDecoders(spec);
  const absolutePath = path.resolve(spec);
  const where = `EVENT_DECODER=${spec} (${absolutePath})`;
  let loaded: unknown;
  try {
    loaded = await importModule(absolutePath);
  } catch (error) {
    throw new Error(`${where}: cannot import the module: ${importFailure(error)}`, { cause: error });
  }
  const create = factoryOf(loaded);
  if (create) return guardDecoder(spec, create);
  const exported = Object.keys(isJsonObject(loaded) ? loaded : {}).join(', ') || 'nothing';
  throw new Error(
    `${where}: the module must export a function 'createDecoder' (a decoder per stream) or 'decode' (one frame at a time), ` +
      `by name or on its default export; it exports ${exported}. Or name a built-in pack: ${DECODER_PACKS.join(', ')}`,
  );
}

/** A built-in pack, guarded like any module. */
export const packDecoders = (pack: DecoderPack): Decoders => guardDecoder(pack, PACKS[pack]);

/** Why `value` is not a Decoded, or undefined when it is one. */
export function notDecodedBecause(value: unknown): string | undefined {
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
  if ('userMessage' in value) {
    const strings = ['messageKey', 'conversationId', 'text'].every((field) => value[field] === undefined || typeof value[field] === 'string');
    return value.userMessage === true && strings ? undefined : 'a user message without userMessage: true, or with a messageKey, conversationId or text that is not a string';
  }
  if (typeof value.type !== 'string' || !isAgentEventType(value.type)) return `an event of unknown type ${printValue(value.type)}`;
  if (typeof value.runId !== 'string') return 'an event without a string runId';
  for (const field of ['userId', 'conversationId', 'answers']) {
    if (value[field] !== undefined && typeof value[field] !== 'string') return `an event whose ${field} is not a string`;
  }
  if (value.seq !== undefined && !Number.isFinite(value.seq)) return 'an event whose seq is not a number';
  if (!Number.isFinite(value.at)) return `an event whose at is not epoch milliseconds: ${printValue(value.at)}`;
  if (!isJsonObject(value.data)) return 'an event whose data is not an object';
  return undefined;
}

const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** `create` behind the guard; `name` is how reports name it. */
export function guardDecoder(name: string, create: CreateDecoder): Decoders {
  const label = isDecoderPack(name) ? `pack ${name}` : `decoder ${name}`;
  const frameName = (frame: StreamFrame) => `the ${frame.direction} frame ${JSON.stringify(payloadPrefix(frame.payload, 80))}`;
  /** Each item checked: one that is no Decoded becomes a malformed frame quoting the frame it came from. */
  const checkedItem = (item: unknown, raw: string, what: () => string): Decoded => {
    const problem = notDecodedBecause(item);
    return problem === undefined ? (item as Decoded) : malformed(raw, `${label} returned ${problem} for ${what()}`);
  };
  const checked = (output: unknown, raw: string, what: () => string): Decoded[] =>
    Array.isArray(output) ? output.map((item: unknown) => checkedItem(item, raw, what)) : [checkedItem(output, raw, what)];
  return {
    name,
    open(stream) {
      let decoder: StreamDecoder | undefined;
      let broken: string | undefined;
      try {
        const made: unknown = create(stream, kitFor(stream));
        if (isJsonObject(made) && typeof made.decode === 'function') decoder = made as unknown as StreamDecoder;
        else broken = `its createDecoder returned ${describeJsonType(made)}, not an object with a function decode`;
      } catch (error) {
        broken = `its createDecoder threw: ${describeError(error)}`;
      }
      const where = `for the stream ${stream.url} (${stream.transport}, page ${stream.pageId})`;
      return {
        decode(frame) {
          if (!decoder) return [malformed(frame.payload, `${label} has no decoder ${where}: ${broken ?? ''}`)];
          try {
            return checked(decoder.decode(frame), frame.payload, () => frameName(frame));
          } catch (error) {
            return [malformed(frame.payload, `${label} threw on ${frameName(frame)}: ${describeError(error)}`)];
          }
        },
        end(end) {
          if (!decoder?.end) return [];
          const what = `the stream's ${end.kind}`;
          try {
            const left: unknown = decoder.end(end);
            return left === undefined ? [] : checked(left, '', () => what);
          } catch (error) {
            return [malformed('', `${label} threw on ${what} ${where}: ${describeError(error)}`)];
          }
        },
      };
    },
  };
}
