/**
 * The suite's configuration as every entry point reads it: .env (or the target's), then the environment, then the
 * caller's own options; a wrong value stops the caller with the message that names the variable.
 */
import path from 'node:path';
import dotenv from 'dotenv';
import { ConfigError, parseSuiteConfig, type SuiteConfig } from './env.ts';

export interface LoadOptions {
  /** Values in place of the environment's (a command's own option). */
  overrides?: NodeJS.ProcessEnv;
  /** How a wrong value stops the caller; by default its message on stderr and exit code 2. */
  fail?: (message: string) => never;
}

const stop = (message: string): never => {
  console.error(message);
  process.exit(2);
};

/** The .env file a run reads: `.env`, or the target's (`npm run e2e -- --target <name>` sets CHAT_E2E_ENV_FILE). */
export const envFile = (): string => process.env.CHAT_E2E_ENV_FILE ?? '.env';

/** Variables that name a file or a folder: in a .env, `./x` and `../x` are from that file's folder. */
const PATH_VARIABLES = ['EVENT_DECODER', 'CONVERSATIONS', 'PAGE_OBJECTS', 'STORAGE_STATE_DIR'] as const;

/**
 * Loads the run's .env into process.env; variables already set keep their values. A path the
 * file gives as `./…` or `../…` is made absolute from the file's folder, so a target's folder
 * can hold its decoder and data wherever it lives; any other relative path is from the project root.
 */
export function loadEnvFile(file = envFile()): void {
  const before = new Set(Object.keys(process.env));
  const { parsed = {} } = dotenv.config({ path: file, quiet: true });
  for (const name of PATH_VARIABLES) {
    const value = parsed[name];
    if (value !== undefined && !before.has(name) && /^\.\.?[\\/]/.test(value)) process.env[name] = path.resolve(path.dirname(file), value);
  }
}

export function loadSuiteConfig({ overrides = {}, fail = stop }: LoadOptions = {}): SuiteConfig {
  loadEnvFile();
  try {
    return parseSuiteConfig({ ...process.env, ...overrides });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

/** The reference app's conversations file. */
export const REFERENCE_CONVERSATIONS = path.join('targets', 'app', 'conversations.yaml');

/**
 * The target's conversations file: CONVERSATIONS, else conversations.yaml beside the target's
 * .env, else the reference app's when the run starts it, else ./conversations.yaml.
 */
export function conversationsFile(config: SuiteConfig, env: NodeJS.ProcessEnv = process.env): string {
  if (config.CONVERSATIONS !== undefined) return config.CONVERSATIONS;
  const file = env.CHAT_E2E_ENV_FILE;
  if (file !== undefined) return path.join(path.dirname(file), 'conversations.yaml');
  return config.BASE_URL === undefined ? REFERENCE_CONVERSATIONS : 'conversations.yaml';
}

/** The product a run tests when a tool started it on a port of its own (the fault matrix's rows). */
export const PRODUCT_KEY_VARIABLE = 'CHAT_E2E_PRODUCT';

/**
 * The product a run tests, as a folder name: the one a tool names (PRODUCT_KEY_VARIABLE), a
 * target's folder (`--target`), the host name of BASE_URL set in .env (not its port), else the
 * reference app. Approved event traces are kept per product.
 */
export function productKey(): string {
  const named = process.env[PRODUCT_KEY_VARIABLE];
  if (named) return named;
  const file = process.env.CHAT_E2E_ENV_FILE;
  if (file !== undefined) return path.basename(path.dirname(path.resolve(file)));
  const baseUrl = process.env.BASE_URL;
  return baseUrl ? new URL(baseUrl).hostname.replace(/[^\w.-]/g, '-') : 'reference-app';
}
