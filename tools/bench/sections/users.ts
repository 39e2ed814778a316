/**
 * Section "users": bench/parallel-users.spec.ts with 1, 5, 10, 20, 40 users in one worker, one
 * child run per count (a fresh worker and browser each, so each peak is that count's own), the
 * child's process tree sampled for memory. Every count records its trace as the suite's many-user
 * spec does (config/trace.ts: no screencast). The goal's count (20) is run in several rounds,
 * interleaved with rounds whose trace has the suite's default screencast, to show what it costs
 * when many pages repaint at once.
 */
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { summarize } from '../../../lib/events/latency.ts';
import { runPlaywright, type ChildRun } from '../lib/child.ts';
import type { UsersResult } from '../lib/figures.ts';
import { ms } from '../../../lib/reporting/text.ts';
import { mb, median, ratio, seconds } from '../lib/stats.ts';
import type { Table } from '../lib/table.ts';
import type { SectionContext } from './context.ts';

/** suite: the trace the suite's many-user spec records (no screencast); screenshots: the suite's default trace, with a screencast of every page. */
export type TraceVariant = 'suite' | 'screenshots';

export interface UsersRun {
  users: number;
  trace: TraceVariant;
  run: ChildRun;
  result?: UsersResult;
}

export interface UsersFigures {
  browser: string;
  goalUsers: number;
  runs: UsersRun[];
}

export interface UsersPlan {
  counts: number[];
  /** The user count the goal is about, run `goalRounds` times with each trace variant, interleaved. */
  goalUsers: number;
  goalRounds: number;
}

async function runUsers(context: SectionContext, browser: string, users: number, trace: TraceVariant, round: number): Promise<UsersRun> {
  const resultFile = path.join(context.resultDir, `users-${browser}-${users}.json`);
  // The spec writes one file per count; a run that fails must not leave the previous run's figures behind.
  rmSync(resultFile, { force: true });
  const run = await runPlaywright({
    label: `users-${browser}-${users}-${trace}-${round}`,
    args: ['--config', 'tools/bench/playwright.config.ts', 'tools/bench/parallel-users.spec.ts', '--project', browser],
    env: { BENCH_USERS: String(users), BENCH_RESULT_DIR: context.resultDir, ...(trace === 'screenshots' ? { BENCH_TRACE_SCREENSHOTS: 'on' } : {}) },
    sampleMemory: true,
  });
  let result: UsersResult | undefined;
  try {
    result = JSON.parse(readFileSync(resultFile, 'utf8')) as UsersResult;
    context.log(
      `  ${String(users).padStart(2)} users, trace ${trace.padEnd(14)}: messages ${ms(result.messagesMs)}, wire p95 ${ms(summarize(result.wireMs).p95)}, seen p95 ${ms(summarize(result.observedMs).p95)}, browser peak ${mb(run.peaks?.browser)}`,
    );
  } catch {
    context.log(`  ${users} users: no figures (${run.failed} failed; see ${run.log})`);
  }
  return { users, trace, run, ...(result ? { result } : {}) };
}

export async function measureUsers(context: SectionContext, { counts, goalUsers, goalRounds }: UsersPlan): Promise<UsersFigures> {
  const browser = context.browsers[0] ?? 'chromium';
  const figures: UsersFigures = { browser, goalUsers, runs: [] };
  for (const users of counts.filter((count) => count !== goalUsers)) figures.runs.push(await runUsers(context, browser, users, 'suite', 1));
  for (let round = 1; round <= goalRounds; round += 1) {
    // Alternate which variant goes first, so that drift in the machine's load favours neither.
    const order: TraceVariant[] = round % 2 === 1 ? ['suite', 'screenshots'] : ['screenshots', 'suite'];
    for (const trace of order) figures.runs.push(await runUsers(context, browser, goalUsers, trace, round));
  }
  return figures;
}

const wireP95 = (run: UsersRun): number | undefined => (run.result ? summarize(run.result.wireMs).p95 : undefined);

/** Of several rounds, the one with the median wire p95: its row stands for them. */
function medianRound(rounds: readonly UsersRun[]): UsersRun | undefined {
  const measured = rounds.filter((run) => wireP95(run) !== undefined);
  if (measured.length === 0) return rounds[0];
  const middle = median(measured.map((run) => wireP95(run) ?? 0));
  return measured.find((run) => wireP95(run) === middle);
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

export function usersTables({ browser, goalUsers, runs }: UsersFigures): Table[] {
  const suiteRuns = runs.filter((run) => run.trace === 'suite');
  const counts = [...new Set(suiteRuns.map((run) => run.users))].sort((a, b) => a - b);
  const rowRuns = counts.flatMap((users) => medianRound(suiteRuns.filter((run) => run.users === users)) ?? []);
  const single = rowRuns.find((run) => run.users === 1)?.result;
  const baseWire = single ? summarize(single.wireMs).p95 : undefined;
  const baseSeen = single ? summarize(single.observedMs).p95 : undefined;
  const versus = (value: number | undefined, base: number | undefined) => (value === undefined || !base ? '-' : `${ratio(value / base)}×`);
  const goalRounds = suiteRuns.filter((run) => run.users === goalUsers).length;

  const rows = rowRuns.map(({ users, run, result }) => {
    const label = users === goalUsers && goalRounds > 1 ? `${String(users)} (median of ${String(goalRounds)})` : String(users);
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
  const goalRow = rowRuns.find((run) => run.users === goalUsers)?.result;
  const verdict = (p95: number | undefined, base: number | undefined) => (p95 === undefined || base === undefined ? 'not measured' : p95 < 2 * base ? 'met' : 'MISSED');
  const scaling: Table = {
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
      "browser peak: the largest sum of PSS over the browser's processes, sampled every 250 ms by bench/run.ts; test process: the worker's kernel high-water mark (VmHWM) and its sampled PSS.",
      `cores busy: CPU time of the browser's processes (by part), the worker and the app while the messages were answered, over that wall time (${String(os.cpus().length)} cores here; other work on the machine is not counted).`,
      `goal: ${String(goalUsers)} users with p95 under twice the single-user figure: ${verdict(goalRow ? summarize(goalRow.wireMs).p95 : undefined, baseWire)} on the wire, ${verdict(goalRow ? summarize(goalRow.observedMs).p95 : undefined, baseSeen)} as seen by the test.`,
    ],
  };

  const goalRuns = runs.filter((run) => run.users === goalUsers);
  const variantRow = (trace: TraceVariant) => {
    const rounds = goalRuns.filter((run) => run.trace === trace);
    const p95s = rounds.map(wireP95);
    const measured = p95s.filter((value) => value !== undefined);
    const middle = measured.length > 0 ? median(measured) : undefined;
    const representative = medianRound(rounds)?.result;
    const pooled = summarize(rounds.flatMap((run) => run.result?.wireMs ?? []));
    return [
      trace === 'suite' ? "the suite's for many pages (retain-on-first-failure, screenshots: false)" : "the suite's default for one page (screenshots on)",
      p95s.map(ms).join(', '),
      ms(middle),
      versus(middle, baseWire),
      `${ms(pooled.p95)} of ${String(pooled.count)}`,
      versus(pooled.p95, baseWire),
      representative ? busyCores(representative) : '-',
    ];
  };
  const trace: Table = {
    title: `${String(goalUsers)} users, what the trace's screencast costs: rounds interleaved`,
    columns: ['trace', 'wire p95 per round', 'median', 'vs 1 user', 'wire p95 of every message of every round', 'vs 1 user', 'cores busy while answering (median round)'],
    rows: [variantRow('suite'), variantRow('screenshots')],
    notes: [
      `A round's p95 of ${String(goalUsers)} messages is nearly its slowest message, so rounds scatter widely; the p95 of every message of every round is the steadier figure.`,
      "With screenshots, Playwright's trace records a screencast of every page: the browser's GPU process (software compositing here) and main process spend CPU on every repaint of every page.",
    ],
  };
  return [scaling, trace];
}
