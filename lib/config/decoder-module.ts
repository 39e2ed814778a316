/**
 * EVENT_DECODER: a built-in pack or a module, loaded and put behind the guard
 * (events/decoder-guard.ts). Importing a module (and bundling one that Node would read as
 * CommonJS) is I/O, so it lives here and not in the pure events/ room.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { guardDecoder, isDecoderPack, packDecoders, type Decoders } from '../events/decoder-guard.ts';
import { isJsonObject, statelessDecoder } from '../events/decoders/common.ts';
import { decodeSent } from '../events/decoders/reference.ts';
import { DECODER_PACKS, type CreateDecoder, type DecodeFn } from '../events/types.ts';

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
