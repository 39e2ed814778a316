// A target is a folder with a .env: an example product (targets/examples/<name>/.env) or a folder of the
// user's own. Plain JavaScript: `npm run e2e` reads it before dependencies may exist.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The .env file `--target <value>` names, and the target's name (its folder's), or an error that
 * says where it looked.
 * @param {string} value
 * @returns {{ envFile: string, name: string, example?: string }} `example`: the example product's name, where the target is one
 */
export function resolveTarget(value) {
  const candidates = [path.join('targets', 'examples', value, '.env'), path.join(value, '.env'), value];
  const envFile = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
  if (!envFile) throw new Error(`--target ${value}: no .env found (looked for ${candidates.join(', ')}). Name an example (targets/examples/<name>/.env) or a folder holding a .env.`);
  const folder = path.dirname(path.resolve(envFile));
  const name = path.basename(folder);
  const isExample = path.dirname(folder) === path.resolve('targets', 'examples');
  return isExample ? { envFile, name, example: name } : { envFile, name };
}

/**
 * Sets the environment a run against the target reads: its .env (CHAT_E2E_ENV_FILE) and its name
 * for the reports (CHAT_E2E_TARGET).
 * @param {{ envFile: string, name: string }} target
 */
export function selectTarget(target) {
  process.env.CHAT_E2E_ENV_FILE = target.envFile;
  process.env.CHAT_E2E_TARGET = target.name;
}
