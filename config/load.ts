/**
 * The suite's configuration as every entry point reads it: .env, then the environment, then the
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

export function loadSuiteConfig({ overrides = {}, fail = stop }: LoadOptions = {}): SuiteConfig {
  dotenv.config({ quiet: true });
  try {
    return parseSuiteConfig({ ...process.env, ...overrides });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}
