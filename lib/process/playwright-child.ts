/**
 * `playwright test` as a child process with its output captured, for the commands that run the
 * suite whole and read its JSON report (the fault matrix, the bench): Playwright's CLI run by
 * this Node (no npx) in the repository, the JSON reporter writing to `jsonFile`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
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
  /** The child once spawned: to stop it on an interrupt, or to sample its memory. */
  onSpawn?: (child: ChildProcess) => void;
}

export interface PlaywrightChildExit {
  exitCode: number | null;
  /** From spawn to exit. */
  wallMs: number;
}

export async function runPlaywrightChild({ args, env = {}, reporters = [], jsonFile, outputDir, onOutput, onSpawn }: PlaywrightChildOptions): Promise<PlaywrightChildExit> {
  const started = performance.now();
  const child = spawn(process.execPath, [PLAYWRIGHT_CLI, 'test', ...args, `--reporter=${[...reporters, 'json'].join(',')}`, `--output=${outputDir}`], {
    cwd: REPO,
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_FILE: jsonFile, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onSpawn?.(child);
  const take = (chunk: Buffer): void => onOutput?.(chunk.toString());
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const [exitCode] = (await once(child, 'close')) as [number | null];
  return { exitCode, wallMs: performance.now() - started };
}
