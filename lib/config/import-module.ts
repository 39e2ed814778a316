/**
 * Importing a module a target names in its .env (EVENT_DECODER, PAGE_OBJECTS), from wherever
 * it lives: I/O, so it lives in config/ and not in the pure rooms.
 */
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { isJsonObject } from '../events/decoders/common.ts';

/** Node read an ES module as CommonJS: the file has no package.json with "type": "module" above it. */
const READ_AS_COMMONJS = /Unexpected token 'export'|Cannot use import statement outside a module/;

/**
 * The module's exports. A module in a folder of its own (its own repository, a file beside no
 * package.json) is read by Node as CommonJS, which its import/export syntax is not: such a
 * module is bundled with what it imports (esbuild, resolving from its own folder) and loaded
 * from memory, as the ES module it is written as.
 */
export async function importModule(absolutePath: string): Promise<unknown> {
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

/** Why a module did not import, with what to do where the cause is a package it cannot find (`hint`: the other way out). */
export function importFailure(error: unknown, hint: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = isJsonObject(error) ? error.code : undefined;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return message;
  return (
    `${message}. A module of the target's resolves packages from its own folder: install them beside it ` +
    `(npm install <package> there), ${hint}`
  );
}

