/**
 * Importing a module a target names in its .env (EVENT_DECODER, PAGE_OBJECTS), from wherever
 * it lives: I/O, so it lives in config/ and not in the pure rooms.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { isJsonObject } from '../events/decoders/common.ts';

/** Does the package.json nearest above `file` say "type": "module"? (None above it: no.) */
function inModulePackage(file: string): boolean {
  for (let folder = path.dirname(file); ; folder = path.dirname(folder)) {
    const manifest = path.join(folder, 'package.json');
    if (existsSync(manifest)) {
      const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
      return isJsonObject(parsed) && parsed.type === 'module';
    }
    if (path.dirname(folder) === folder) return false;
  }
}

/**
 * The module's exports. A module Node would read as CommonJS (a .ts or .js file in a folder of
 * its own, its own repository, beside no package.json with "type": "module"), which its
 * import/export syntax is not, is bundled with what it imports (esbuild, resolving from its own
 * folder) and loaded from memory as the ES module it is written as: imported as it is, Node would
 * reparse it with a "set type: module" warning in every worker.
 */
export async function importModule(absolutePath: string): Promise<unknown> {
  if (/\.m[jt]s$/.test(absolutePath) || inModulePackage(absolutePath)) return (await import(pathToFileURL(absolutePath).href)) as unknown;
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

