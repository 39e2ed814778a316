/**
 * `npm run app`: the reference chat app as a process.
 * Env: PORT (3000; 0 = a free port), HOST, DATA_DIR, AGENT_STEP_MS, FAULTS, SESSION_TTL_MS, BENCH_MODE=1,
 * STOP_WITH_PARENT=1 (stop when the starting process is gone; start the app with `exec` under a shell).
 * Prints exactly one line when ready: `chat app listening on http://HOST:PORT`.
 * `--list-faults`: prints the fault catalogue as JSON and exits, starting nothing (GET /api/health
 * names only the faults that are on; the fault matrix, tools/commands/faults.ts, needs all of them).
 */
import { FAULT_CATALOGUE, FAULT_EVENTS, FaultError, SLOW_MS } from './faults.ts';
import { optionsFromEnv, OptionsError } from './options.ts';
import { startApp } from './server.ts';

/** How often STOP_WITH_PARENT looks for the parent. */
const PARENT_CHECK_MS = 500;
/**
 * The process that started the app, read before anything else: read once the app listens, it may
 * already be the adopter of a parent killed in between (a runner that stops as soon as it sees the
 * ready line), and then no change would ever be seen.
 */
const parent = process.ppid;

function fail(message: string): never {
  process.stderr.write(`chat app: ${message}\n`);
  process.exit(1);
}

if (process.argv.includes('--list-faults')) {
  process.stdout.write(`${JSON.stringify({ faults: FAULT_CATALOGUE, events: FAULT_EVENTS, slowMs: SLOW_MS })}\n`);
  process.exit(0);
}

let options;
try {
  options = optionsFromEnv(process.env);
} catch (error) {
  if (error instanceof OptionsError) fail(error.message);
  throw error;
}

const app = await startApp(options).catch((error: unknown) => {
  if (error instanceof FaultError) fail(`Invalid FAULTS: ${error.message}`);
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code === 'EADDRINUSE') fail(`PORT ${String(options.port)} is already in use on ${options.host}; choose another PORT (0 = any free port).`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') fail(`HOST "${options.host}" is not an address of this machine.`);
  fail(error instanceof Error ? error.message : String(error));
});

process.stdout.write(`chat app listening on ${app.url}\n`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  app.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`chat app: shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

if (options.stopWithParent) {
  // A test runner killed outright (SIGKILL, a CI job cancelled) sends no SIGTERM; its children are
  // then adopted by another process, which is the one sign of it Node can see.
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, PARENT_CHECK_MS).unref();
}
