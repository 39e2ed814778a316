/**
 * The suite's configuration as every entry point reads it: .env (or the target's), then the environment, then the
 * caller's own options; a wrong value stops the caller with the message that names the variable.
 */
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

/** Loads the run's .env into process.env; variables already set keep their values. */
export function loadEnvFile(): void {
  dotenv.config({ path: envFile(), quiet: true });
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
