/**
 * EVENT_DECODER: a built-in pack or a module, loaded and put behind the guard
 * (events/decoder-guard.ts). Importing a module (and bundling one that Node would read as
 * CommonJS) is I/O, so it lives here and not in the pure events/ room.
 */
import path from 'node:path';
import { guardDecoder, isDecoderPack, packDecoders, type Decoders } from '../events/decoder-guard.ts';
import { isJsonObject, statelessDecoder } from '../events/decoders/common.ts';
import { decodeSent } from '../events/decoders/reference.ts';
import { DECODER_PACKS, type CreateDecoder, type DecodeFn } from '../events/types.ts';
import { importFailure, importModule } from './import-module.ts';

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

const DECODER_HINT = "or build on a built-in pack through createDecoder's second argument, kit.pack('ai-sdk')";

/** EVENT_DECODER: a pack name (`reference`, `flat`, `ai-sdk`, `ag-ui`) or a module path (absolute, or relative to process.cwd()). */
export async function loadDecoder(spec: string): Promise<Decoders> {
  if (isDecoderPack(spec)) return packDecoders(spec);
  const absolutePath = path.resolve(spec);
  const where = `EVENT_DECODER=${spec} (${absolutePath})`;
  let loaded: unknown;
  try {
    loaded = await importModule(absolutePath);
  } catch (error) {
    throw new Error(`${where}: cannot import the module: ${importFailure(error, DECODER_HINT)}`, { cause: error });
  }
  const create = factoryOf(loaded);
  if (create) return guardDecoder(spec, create);
  const exported = Object.keys(isJsonObject(loaded) ? loaded : {}).join(', ') || 'nothing';
  throw new Error(
    `${where}: the module must export a function 'createDecoder' (a decoder per stream) or 'decode' (one frame at a time), ` +
      `by name or on its default export; it exports ${exported}. Or name a built-in pack: ${DECODER_PACKS.join(', ')}`,
  );
}
