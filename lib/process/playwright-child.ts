/**
 * `playwright test` as a child process (child-process.ts) with its output captured, for the
 * commands and tests that run the suite whole and read its JSON report (the fault matrix, the
 * bench, tests of a whole run): Playwright's CLI run by this Node (no npx) in the repository, the
 * JSON reporter writing to `jsonFile`. Stopped as a person stops it, by SIGINT (Ctrl-C) to its group.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { startChild, type RunningChild } from './child-process.ts';

const PLAYWRIGHT_CLI = createRequire(import.meta.url).resolve('@playwright/test/cli');

export interface PlaywrightChildOptions {
  /** Arguments after `playwright test`. */
  args: readonly string[];
  env?: Record<string, string>;
  /** Command-line reporters besides the JSON one (e.g. line, for a log a person reads). */
  reporters?: readonly string[];
  jsonFile: string;
  outputDir: string;
  /** The child's stdout and stderr, as they come. */
  onOutput?: (text: string) => void;
  /** The child once started: to sample its process tree. */
  onStart?: (child: RunningChild) => void;
}

export interface PlaywrightChildExit {
  exitCode: number | null;
  /** From spawn to exit. */
  wallMs: number;
}

export async function runPlaywrightChild({ args, env = {}, reporters = [], jsonFile, outputDir, onOutput, onStart }: PlaywrightChildOptions): Promise<PlaywrightChildExit> {
  const started = performance.now();
  const child = startChild({
    name: 'playwright test',
    command: process.execPath,
    args: [PLAYWRIGHT_CLI, 'test', ...args, `--reporter=${[...reporters, 'json'].join(',')}`, `--output=${outputDir}`],
    env: { PLAYWRIGHT_JSON_OUTPUT_FILE: jsonFile, ...env },
    stopSignal: 'SIGINT',
    onOutput: (text) => {
      onOutput?.(text);
    },
  });
  onStart?.(child);
  const { code } = await child.closed;
  return { exitCode: code, wallMs: performance.now() - started };
}
