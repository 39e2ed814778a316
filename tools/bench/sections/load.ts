/**
 * Section "load": `npm run load` (tools/commands/load.ts) against the reference app it starts
 * itself, one child per run, each with a temporary --out directory, its process tree metered for
 * CPU. Two measures:
 *   - browser users per core: 1, 4, 8, 16, 24 users arriving within 2 s, 3 messages each; the
 *     largest count whose p95 from message to agent_completed stays within 2x of one user's,
 *     over the machine's cores;
 *   - the tap's cost under load: the same burst of 6 users with EVENT_TAP=on and off, rounds
 *     interleaved (order alternating), CPU-seconds of the child's tree per user.
 * With EVENT_TAP=off the load's verdict fails on purpose (the tap saw no runs: exit 1); those runs
 * count when every user finished its conversation without an error.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startChild } from '../../../lib/process/child-process.ts';
import { ms } from '../../../lib/reporting/text.ts';
import { PROPERTY_NAMES, type LoadVerdict, type PhaseFigures, type PropertyKey } from '../../load/verdict.ts';
import { ROOT } from '../lib/paths.ts';
import { TreeCpuMeter } from '../lib/procs.ts';
import { median, percent, ratio, seconds } from '../lib/stats.ts';
import type { Table } from '../lib/table.ts';
import type { SectionContext } from './context.ts';

const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
/** Messages each user sends, one after another. */
const MESSAGES = 3;
/** The users of a run arrive within this many seconds. */
const ARRIVAL_SECONDS = 2;
/** A count qualifies while its p95 to agent_completed stays within this factor of one user's. */
const WITHIN = 2;
/** The tap's goal: at most this much more CPU per user with it on. */
const TAP_GOAL = 1.05;
/**
 * What a load of the scan may fail and still be measured: an overloaded machine misses budgets
 * and leaves users whose answers never finished (the table counts them). Isolation, malformed
 * frames, lifecycle rules and wrong answers failing are bugs, not load: they stop the section.
 */
const OVERLOAD_PROPERTIES = new Set<PropertyKey>(['heldToTheEnd', 'complete']);

type Tap = 'on' | 'off';

export interface LoadRun {
  label: string;
  users: number;
  tap: Tap;
  round: number;
  /** The run's --out: load-report.md, verdict.json, Artillery's report and log, load.log (the child's output). */
  dir: string;
  exitCode: number | null;
  wallMs: number;
  /** CPU time of the child's whole tree (the load command, the app, Artillery and its Chromium), ms. */
  cpuMs: number;
  overall: PhaseFigures;
  /** The properties that did not hold. */
  failing: PropertyKey[];
}

export interface LoadFigures {
  cores: number;
  messages: number;
  scan: LoadRun[];
  tapUsers: number;
  tapRuns: LoadRun[];
}

export interface LoadPlan {
  /** User counts of the scan; the first one 1, the base of the comparison. */
  users: number[];
  tapUsers: number;
  rounds: number;
}

/** A load that did not run as it must: the section stops, naming the run and where to look. */
export class LoadRunError extends Error {
  override name = 'LoadRunError';
}

async function runLoad(context: SectionContext, users: number, tap: Tap, round: number, accept: (run: LoadRun) => string | undefined): Promise<LoadRun> {
  const label = `load-${String(users)}-users-tap-${tap}${round > 0 ? `-round-${String(round)}` : ''}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), `chat-e2e-bench-${label}-`));
  let output = '';
  const started = performance.now();
  const child = startChild({
    name: `npm run load (${label})`,
    command: TSX,
    args: ['tools/commands/load.ts', '--phase', `burst:${String(ARRIVAL_SECONDS)}s:${String(users)}`, '--messages', String(MESSAGES), '--out', dir],
    env: { FAULTS: '', EVENT_TAP: tap, FORCE_COLOR: '0' },
    stopSignal: 'SIGINT',
    onOutput: (text) => {
      output += text;
    },
  });
  const meter = new TreeCpuMeter(child.pid, 250);
  const { code } = await child.closed;
  const cpuMs = meter.stop();
  const wallMs = performance.now() - started;
  // The load empties its --out when Artillery starts: its output goes there once it has ended.
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'load.log'), output);
  let verdict: LoadVerdict;
  try {
    verdict = JSON.parse(readFileSync(path.join(dir, 'verdict.json'), 'utf8')) as LoadVerdict;
  } catch {
    const last = output.trim().split('\n').slice(-3).join(' / ');
    throw new LoadRunError(`load: run ${label} exited ${String(code)} without a verdict (${last}); see ${path.join(dir, 'load.log')} (the command's output)`);
  }
  const where = `see ${path.join(dir, 'load-report.md')} (and load.log there: the command's output)`;
  const run: LoadRun = {
    label,
    users,
    tap,
    round,
    dir,
    exitCode: code,
    wallMs,
    cpuMs,
    overall: verdict.overall,
    failing: verdict.properties.filter((property) => !property.holds).map((property) => property.key),
  };
  const problem = accept(run);
  if (problem !== undefined) throw new LoadRunError(`load: run ${label} (exit ${String(code)}) ${problem}; ${where}`);
  const { overall } = verdict;
  context.log(
    `  ${String(users).padStart(2)} users, tap ${tap.padEnd(3)}${round > 0 ? `, round ${String(round)}` : ''}: exit ${String(code)}, ${seconds(wallMs)} wall, ${seconds(cpuMs)} CPU ` +
      `(${(cpuMs / wallMs).toFixed(2)} cores), p95 → agent_completed ${ms(overall.toCompleted.p95)}, ${String(overall.usersFailed)} of ${String(overall.users)} users failed`,
  );
  return run;
}

const failedUsers = (run: LoadRun): number => run.overall.usersFailed + Math.max(0, run.users - run.overall.users);

/** The scan: a verdict with at most what overload causes. */
function scanProblem(run: LoadRun): string | undefined {
  if (run.exitCode !== 0 && run.exitCode !== 1) return 'could not run';
  const bugs = run.failing.filter((key) => !OVERLOAD_PROPERTIES.has(key));
  if (bugs.length > 0) return `failed more than overload explains: ${bugs.map((key) => PROPERTY_NAMES[key]).join('; ')}`;
  return undefined;
}

/** The tap's runs: every user to the end without an error; with the tap on, a passing verdict too. */
function tapProblem(run: LoadRun): string | undefined {
  const { users, usersFailed, messages } = run.overall;
  const finished = users === run.users && usersFailed === 0 && messages === run.users * MESSAGES;
  if (run.tap === 'on' && run.exitCode !== 0) return `failed with the tap on (must pass)${run.failing.length > 0 ? `: ${run.failing.map((key) => PROPERTY_NAMES[key]).join('; ')}` : ''}`;
  if (run.tap === 'off' && run.exitCode !== 0 && run.exitCode !== 1) return 'could not run';
  if (!finished) return `did not see every user finish without an error: ${String(users)} of ${String(run.users)} users reported, ${String(usersFailed)} failed, ${String(messages)} of ${String(run.users * MESSAGES)} messages sent`;
  return undefined;
}

export async function measureLoad(context: SectionContext, { users, tapUsers, rounds }: LoadPlan): Promise<LoadFigures> {
  const figures: LoadFigures = { cores: os.availableParallelism(), messages: MESSAGES, scan: [], tapUsers, tapRuns: [] };
  const counts = [...new Set([1, ...users])].sort((a, b) => a - b);
  context.log(`  browser users per core: ${counts.join(', ')} users arriving within ${String(ARRIVAL_SECONDS)} s, ${String(MESSAGES)} messages each`);
  for (const count of counts) figures.scan.push(await runLoad(context, count, 'on', 0, scanProblem));
  context.log(`  the tap's cost: ${String(tapUsers)} users, EVENT_TAP on and off, ${String(rounds)} rounds`);
  for (let round = 1; round <= rounds; round += 1) {
    // Alternate which goes first, so that drift in the machine's load favours neither.
    for (const tap of round % 2 === 1 ? (['off', 'on'] as const) : (['on', 'off'] as const)) figures.tapRuns.push(await runLoad(context, tapUsers, tap, round, tapProblem));
  }
  return figures;
}

function usersPerCoreTable({ cores, messages, scan }: LoadFigures): Table {
  const base = scan.find((run) => run.users === 1 && failedUsers(run) === 0)?.overall.toCompleted.p95;
  const within = (run: LoadRun): boolean | undefined => {
    const p95 = run.overall.toCompleted.p95;
    if (base === undefined || p95 === undefined) return undefined;
    return failedUsers(run) === 0 && p95 <= WITHIN * base;
  };
  const rows = scan.map((run) => {
    const { toStarted, toCompleted } = run.overall;
    const holds = within(run);
    return [
      String(run.users),
      ms(toStarted.p95),
      ms(toCompleted.p95),
      base === undefined || toCompleted.p95 === undefined ? '-' : `${ratio(toCompleted.p95 / base)}×`,
      String(failedUsers(run)),
      (run.cpuMs / run.wallMs).toFixed(2),
      holds === undefined ? 'not measured' : holds ? 'yes' : 'NO',
    ];
  });
  const largest = Math.max(0, ...scan.filter((run) => within(run) === true).map((run) => run.users));
  const bound = largest === Math.max(...scan.map((run) => run.users)) ? ': the largest count tried, so at least that' : '';
  const figure = base === undefined ? 'not measured (the 1-user run has no p95)' : `${(largest / cores).toFixed(1)} (${String(largest)} users within ${String(WITHIN)}x of 1 user's p95, on ${String(cores)} cores${bound})`;
  return {
    title: `Browser users per core: npm run load against the reference app, users arriving within ${String(ARRIVAL_SECONDS)} s, ${String(messages)} messages each, EVENT_TAP=on`,
    columns: ['users', 'p95 → agent_started', 'p95 → agent_completed', 'vs 1 user', 'users failed', 'cores busy', `within ${String(WITHIN)}x?`],
    rows,
    notes: [
      `browser users per core: ${figure}`,
      "p95: of every message of every user (the load's verdict.json, overall), from the user's message to the event, as each page saw them. A count with a user that failed does not qualify.",
      `cores busy: CPU time of the load's whole process tree (the command, the app, Artillery and its Chromium) over its wall time, start-up and shut-down included, of ${String(cores)} cores.`,
      `each run's reports: ${scan.map((run) => `${String(run.users)} → ${run.dir}`).join(', ')}`,
    ],
  };
}

function tapTable({ tapUsers, messages, tapRuns }: LoadFigures): Table {
  const perUser = (run: LoadRun): number => run.cpuMs / run.users;
  const of = (tap: Tap) => tapRuns.filter((run) => run.tap === tap);
  const row = (tap: Tap) => {
    const runs = of(tap);
    return [
      tap,
      String(runs.length),
      runs.map((run) => seconds(perUser(run))).join(', '),
      seconds(median(runs.map(perUser))),
      seconds(median(runs.map((run) => run.wallMs))),
      runs.map((run) => String(run.exitCode)).join(', '),
    ];
  };
  const cpuRatio = median(of('on').map(perUser)) / median(of('off').map(perUser));
  const pairRatios = of('on').flatMap((run) => of('off').flatMap((off) => (off.round === run.round ? [perUser(run) / perUser(off)] : [])));
  return {
    title: `The tap's cost under load: ${String(tapUsers)} users arriving within ${String(ARRIVAL_SECONDS)} s, ${String(messages)} messages each, EVENT_TAP on and off interleaved`,
    columns: ['EVENT_TAP', 'runs', 'CPU per user, each run', 'median CPU per user', 'median wall', 'exit codes'],
    rows: [row('off'), row('on')],
    notes: [
      `on/off: CPU per user ${ratio(cpuRatio)} (${percent(cpuRatio - 1)}); per-round ratios ${pairRatios.map(ratio).join(', ')}.`,
      "CPU per user: CPU-seconds of the load's whole process tree (the command, the app, Artillery and its Chromium) over the users it ran. With EVENT_TAP=off the load exits 1 on purpose (the tap saw no runs); those runs count when every user finished every message without an error.",
      `goal: the tap costs at most ${percent(TAP_GOAL - 1)} CPU per user: ${cpuRatio <= TAP_GOAL ? 'met' : 'MISSED'}.`,
    ],
  };
}

export const loadTables = (figures: LoadFigures): Table[] => [usersPerCoreTable(figures), tapTable(figures)];
