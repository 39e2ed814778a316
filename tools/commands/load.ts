/**
 * `npm run load`: many users chatting with the reference app at once, over loopback only.
 *
 *   npm run load                                   50 users × 4 messages, AGENT_STEP_MS=60
 *   npm run load -- --users 20 --messages 2 --step-ms 0
 *   npm run load -- --url http://127.0.0.1:3000    an app that is already running
 *   FAULTS=leak npm run load                       proves the checks catch a broken app (exit 1)
 *
 * Each user registers over HTTP, signs in, opens its own socket with the session cookie and, once
 * every user is connected, sends its messages one after another (each waits for the previous
 * run's end, as a person waits for the answer). Every frame is recorded the way the suite's tap
 * records a page's frames (events/recorder.ts), so the judgement (load/check.ts) applies
 * the suite's own lifecycle rules, isolation and latency figures; then each conversation's
 * history is read back and compared with what its socket received.
 *
 * The app is started as a child process (`tsx targets/app/main.ts`, PORT=0, a fresh database) rather
 * than in this process: the load generator's own work (50 sockets, decoding, checking) then does
 * not share the server's event loop, so the latencies are the server's and not the client's, the
 * two can use both cores, and the app runs exactly as `npm run app` runs it.
 *
 * Bounded: at most 200 users × 50 messages, each run at most --run-timeout-ms, the whole load at
 * most --timeout-s; it stops by itself. Exit 0: every property holds; 1: one breaks; 2: the load
 * could not run (bad option, the app did not start, a user could not sign up or connect).
 */
import { judgeLoad, renderLoadReport } from '../load/check.ts';
import { LOAD_USAGE, LoadUsageError, parseLoadArguments } from '../load/options.ts';
import { message, now, runLoad, startLoadApp, within } from '../load/run.ts';
import { failing, NO_VERDICT, runCommand, type Fail } from './fail.ts';

const fail: Fail = failing('load');

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log(LOAD_USAGE);
    return 0;
  }
  let options;
  try {
    options = parseLoadArguments(argv, process.env);
  } catch (error) {
    if (!(error instanceof LoadUsageError)) throw error;
    fail(error.message);
  }
  const log = (line: string): void => {
    console.log(`[load] ${line}`);
  };
  const started = now();
  let child: Awaited<ReturnType<typeof startLoadApp>> | undefined;
  try {
    if (options.url === undefined) {
      const stepMs = options.stepMs ?? 0;
      log(`starting the app as a child process (tsx targets/app/main.ts, AGENT_STEP_MS=${stepMs}${process.env.FAULTS ? `, FAULTS=${process.env.FAULTS}` : ''})`);
      child = await startLoadApp(stepMs, Math.min(60_000, options.timeoutMs));
    }
    const url = options.url ?? child?.url ?? '';
    const health = await within(fetch(`${url}/api/health`), 10_000, `GET ${url}/api/health`);
    const { faults = [] } = (await health.json()) as { faults?: string[] };
    log(`${options.users} users × ${options.messages} messages against ${url}${faults.length > 0 ? ` (faults on: ${faults.join(', ')})` : ''}`);
    const recording = await runLoad({ ...options, url, log });
    const verdict = judgeLoad(recording);
    console.log(`\n${renderLoadReport(verdict)}\n`);
    log(`${verdict.ok ? 'every property holds' : 'a property FAILS'}; total ${((now() - started) / 1000).toFixed(1)} s`);
    return verdict.ok ? 0 : 1;
  } catch (error) {
    console.error(`[load] could not run: ${message(error)}`);
    return NO_VERDICT;
  } finally {
    await child?.stop();
  }
}

await runCommand(import.meta.url, 'load', main);
