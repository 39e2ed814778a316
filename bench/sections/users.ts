/**
 * Section "users": bench/parallel-users.spec.ts with 1, 5, 10, 20, 40 users in one worker, one
 * child run per count (a fresh worker and browser each, so each peak is that count's own), the
 * child's process tree sampled for memory.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { summarize } from '../../events/latency.ts';
import { runPlaywright, type ChildRun } from '../lib/child.ts';
import type { UsersResult } from '../lib/figures.ts';
import { mb, ms, ratio, seconds } from '../lib/stats.ts';
import type { Table } from '../lib/table.ts';
import type { SectionContext } from './context.ts';

export interface UsersFigures {
  browser: string;
  runs: { users: number; traceOff: boolean; run: ChildRun; result?: UsersResult }[];
}

/**
 * @param counts user counts, each run as the suite runs (its trace setting: retain-on-first-failure,
 *   which records a trace with a screencast of every page while the test runs)
 * @param traceOffCounts user counts run once more with --trace off, to show what the screencast costs
 */
export async function measureUsers(context: SectionContext, counts: number[], traceOffCounts: number[]): Promise<UsersFigures> {
  const browser = context.browsers[0] ?? 'chromium';
  const figures: UsersFigures = { browser, runs: [] };
  const plan = [...counts.map((users) => ({ users, traceOff: false })), ...traceOffCounts.map((users) => ({ users, traceOff: true }))];
  for (const { users, traceOff } of plan) {
    const run = await runPlaywright({
      label: `users-${browser}-${users}${traceOff ? '-trace-off' : ''}`,
      args: ['--config', 'bench/playwright.config.ts', 'bench/parallel-users.spec.ts', '--project', browser, ...(traceOff ? ['--trace', 'off'] : [])],
      env: { BENCH_USERS: String(users), BENCH_RESULT_DIR: context.resultDir },
      sampleMemory: true,
    });
    let result: UsersResult | undefined;
    try {
      result = JSON.parse(readFileSync(path.join(context.resultDir, `users-${browser}-${users}.json`), 'utf8')) as UsersResult;
    } catch {
      context.log(`  ${users} users: no figures (${run.failed} failed; see ${run.log})`);
    }
    figures.runs.push({ users, traceOff, run, ...(result ? { result } : {}) });
    if (result) {
      context.log(
        `  ${String(users).padStart(2)} users${traceOff ? ' (trace off)' : ''}: messages ${ms(result.messagesMs)}, p95 wire ${ms(summarize(result.wireMs).p95)}, p95 seen ${ms(summarize(result.observedMs).p95)}, browser peak ${mb(run.peaks?.browser)}`,
      );
    }
  }
  return figures;
}

/** CPU time over wall time of the message phase: how many of the machine's cores the run kept busy. */
function busyCores({ messagesCpuMs: { browser, worker, app, browserParts }, messagesMs }: UsersResult): string {
  const cores = (cpu: number) => (cpu / messagesMs).toFixed(2);
  const parts = Object.entries(browserParts)
    .filter(([, cpu]) => cpu > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([part, cpu]) => `${part} ${cores(cpu)}`)
    .join(', ');
  return `${cores(browser + worker + app)} = browser ${cores(browser)} (${parts}) + test ${cores(worker)} + app ${cores(app)}`;
}

export function usersTable({ browser, runs }: UsersFigures): Table {
  const single = runs.find(({ users, traceOff }) => users === 1 && !traceOff)?.result;
  const baseWire = single ? summarize(single.wireMs).p95 : undefined;
  const baseSeen = single ? summarize(single.observedMs).p95 : undefined;
  const versus = (value: number | undefined, base: number | undefined) => (value === undefined || !base ? '-' : `${ratio(value / base)}×`);
  const rows = runs.map(({ users, traceOff, run, result }) => {
    const label = traceOff ? `${String(users)}, trace off` : String(users);
    if (!result) return [label, seconds(run.wallMs), '-', '-', '-', '-', '-', '-', '-', mb(run.peaks?.browser), '-', '-', `failed (${run.log})`];
    const wire = summarize(result.wireMs);
    const seen = summarize(result.observedMs);
    const send = summarize(result.sendMs);
    return [
      label,
      seconds(run.wallMs),
      ms(result.openMs),
      ms(result.messagesMs),
      `${ms(send.p50)} / ${ms(send.p95)}`,
      `${ms(wire.p50)} / ${ms(wire.p95)}`,
      versus(wire.p95, baseWire),
      `${ms(seen.p50)} / ${ms(seen.p95)}`,
      versus(seen.p95, baseSeen),
      mb(run.peaks?.browser),
      `${mb(result.workerPeakRssBytes)} RSS / ${mb(run.peaks?.worker)} PSS`,
      mb(run.peaks?.app),
      busyCores(result),
    ];
  });
  const twenty = runs.find(({ users, traceOff }) => users === 20 && !traceOff)?.result;
  const goal = (p95: number | undefined, base: number | undefined) => (p95 === undefined || base === undefined ? 'not measured' : p95 < 2 * base ? 'met' : 'MISSED');
  return {
    title: `Parallel users in one worker (${browser}): each in a context of their own, one message each, all sent at once`,
    columns: [
      'users',
      'run wall',
      'sign in + open',
      'messages → all answered',
      'ask → message sent p50 / p95',
      'wire p50 / p95',
      'wire p95 vs 1 user',
      'seen p50 / p95',
      'seen p95 vs 1 user',
      'browser peak (PSS)',
      'test process peak',
      'app peak (PSS)',
      'cores busy while answering',
    ],
    rows,
    notes: [
      "wire: the page's clock, from the tapped user_message frame to the agent_completed frame (the release gate's figure). seen: the test process's clock, from calling ChatPage.ask to the answer shown done. ask → message sent: from the test calling ask to the user_message frame leaving the page (the worker's and the page's epoch clocks): the time one worker takes to type and click in every page. seen also holds Playwright's own lag in noticing the answer: locator.waitFor checks again after 0, 20, 50, 100, 100, then every 500 ms.",
      'browser peak: the largest sum of PSS over the browser\'s processes, sampled every 250 ms by bench/run.ts; test process: the worker\'s kernel high-water mark (VmHWM) and its sampled PSS.',
      "trace off: the same run with --trace off: the suite's trace (retain-on-first-failure) records a screencast of every page, which costs the browser's main and GPU processes CPU for each page that repaints.",
      `cores busy: CPU time of the browser's processes, the worker and the app while the messages were answered, over that wall time (${String(os.cpus().length)} cores here; other work on the machine is not counted).`,
      `goal: 20 users with p95 under twice the single-user figure: ${goal(twenty ? summarize(twenty.wireMs).p95 : undefined, baseWire)} on the wire, ${goal(twenty ? summarize(twenty.observedMs).p95 : undefined, baseSeen)} as seen by the test.`,
    ],
  };
}
