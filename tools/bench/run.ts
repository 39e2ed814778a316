/**
 * `npm run bench`: measures the suite and prints tables (Markdown, so they paste into
 * bench/RESULTS.md). Every browser run is a child `playwright test` of a bench spec (bench/*.spec.ts,
 * bench/playwright.config.ts) or of the suite itself, with a command-line reporter and its output
 * in a temporary directory; tables and raw figures go to bench/out/ (git-ignored).
 *
 *   npm run bench                              every section (about 45 minutes on 2 cores, and a few more for load: overhead and throughput run over both transports)
 *   npm run bench -- throughput                one section: overhead, throughput, users, suite, load
 *   npm run bench -- overhead users --rounds=3 options: see USAGE
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_BURSTS, parseBurstPlan } from './lib/figures.ts';
import { availableBrowsers, BROWSER_NAMES, describeMachine, loadAverage, otherWorkCores, type BrowserName } from './lib/machine.ts';
import { machineBusyMs, TreeCpuMeter } from './lib/procs.ts';
import { OUT_DIR } from './lib/paths.ts';
import { seconds } from './lib/stats.ts';
import { renderTable, type Table } from './lib/table.ts';
import type { SectionContext } from './sections/context.ts';
import { decodingTable, measureDecoding } from './sections/decoding.ts';
import { loadTables, LoadRunError, measureLoad } from './sections/load.ts';
import { measureOverhead, overheadTable } from './sections/overhead.ts';
import { measureSuite, suiteTable } from './sections/suite.ts';
import { measureThroughput, throughputTable } from './sections/throughput.ts';
import { measureUsers, usersTables } from './sections/users.ts';

const SECTIONS = ['overhead', 'throughput', 'decoding', 'users', 'suite', 'load'] as const;
type Section = (typeof SECTIONS)[number];

const USAGE = `npm run bench -- [section ...] [options]
sections (default: all, in this order): ${SECTIONS.join(', ')}
  overhead    bench/chat-flow.spec.ts with EVENT_TAP=on and off, interleaved rounds, over TRANSPORT=ws and sse
  throughput  a burst of small frames into one page over WebSocket and SSE: untapped, bare and keeping listener, tapped; each browser
  decoding    each decoder pack decodes 100 000 frames in a Playwright worker (no page)
  users       1 to 40 users in one worker, one message each
  suite       playwright test --project=chromium at 1 and 2 workers
  load        npm run load on the reference app: browser users per core, and the tap's CPU per user (EVENT_TAP on and off, interleaved)
options:
  --rounds=N           overhead rounds, each one run with the tap off and one with it on (default 5)
  --bursts=LIST        throughput bursts as FRAMESxROUNDS (default ${DEFAULT_BURSTS})
  --users=LIST         user counts (default 1,5,10,20,40)
  --goal-users=N       the user count the goal is about, run in rounds without and with the trace's
                       screenshots, interleaved (default 20)
  --goal-rounds=N      those rounds (default 5)
  --workers=LIST       suite worker counts (default 1,2)
  --browsers=LIST      chromium,firefox (default: both where installed; overhead and users use the first)
  --load-users=LIST    load user counts, each arriving within 2 s, 3 messages each (default 1,4,8,16,24: on 2 cores the limit lies between the last two)
  --load-tap-users=N   users of the load run with the tap on and off (default 6)
  --load-rounds=N      those rounds, each one run with the tap off and one with it on (default 3)`;

interface Options {
  sections: Section[];
  rounds: number;
  bursts: string;
  users: number[];
  goalUsers: number;
  goalRounds: number;
  workers: number[];
  browsers: BrowserName[];
  loadUsers: number[];
  loadTapUsers: number;
  loadRounds: number;
}

class UsageError extends Error {}

const numbers = (name: string, text: string): number[] => {
  const values = text.split(',').map(Number);
  if (values.some((value) => !Number.isInteger(value) || value < 1)) throw new UsageError(`--${name}: expected whole numbers separated by commas, got "${text}"`);
  return values;
};

function parseArguments(argv: readonly string[]): Options {
  const options: Options = { sections: [], rounds: 5, bursts: DEFAULT_BURSTS, users: [1, 5, 10, 20, 40], goalUsers: 20, goalRounds: 5, workers: [1, 2], browsers: availableBrowsers(), loadUsers: [1, 4, 8, 16, 24], loadTapUsers: 6, loadRounds: 3 };
  for (const argument of argv) {
    const [name, value] = argument.startsWith('--') ? [argument.slice(2, argument.includes('=') ? argument.indexOf('=') : undefined), argument.split('=')[1] ?? ''] : [undefined, argument];
    if (name === undefined) {
      if (!(SECTIONS as readonly string[]).includes(argument)) throw new UsageError(`unknown section "${argument}"`);
      options.sections.push(argument as Section);
    } else if (name === 'rounds') options.rounds = numbers(name, value)[0] ?? options.rounds;
    else if (name === 'bursts') {
      parseBurstPlan(value);
      options.bursts = value;
    } else if (name === 'users') options.users = numbers(name, value);
    else if (name === 'goal-users') options.goalUsers = numbers(name, value)[0] ?? options.goalUsers;
    else if (name === 'goal-rounds') options.goalRounds = numbers(name, value)[0] ?? options.goalRounds;
    else if (name === 'workers') options.workers = numbers(name, value);
    else if (name === 'load-users') options.loadUsers = numbers(name, value);
    else if (name === 'load-tap-users') options.loadTapUsers = numbers(name, value)[0] ?? options.loadTapUsers;
    else if (name === 'load-rounds') options.loadRounds = numbers(name, value)[0] ?? options.loadRounds;
    else if (name === 'browsers') {
      const names = value.split(',');
      const unknown = names.filter((browser) => !(BROWSER_NAMES as readonly string[]).includes(browser));
      if (unknown.length > 0 || names.length === 0) throw new UsageError(`--browsers: expected ${BROWSER_NAMES.join(' and/or ')}, got "${value}"`);
      options.browsers = names as BrowserName[];
    } else if (name === 'help') throw new UsageError('');
    else throw new UsageError(`unknown option --${name}`);
  }
  if (options.sections.length === 0) options.sections = [...SECTIONS];
  // Sections in their fixed order, whatever order they were named in.
  options.sections = SECTIONS.filter((section) => options.sections.includes(section));
  return options;
}

async function main(argv: readonly string[]): Promise<number> {
  let options: Options;
  try {
    options = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) console.error(`bench: ${error.message}`);
    console.error(USAGE);
    return 2;
  }
  mkdirSync(OUT_DIR, { recursive: true });
  const context: SectionContext = {
    browsers: options.browsers,
    resultDir: mkdtempSync(path.join(os.tmpdir(), 'chat-e2e-bench-figures-')),
    log: (line) => {
      console.log(line);
    },
  };
  const started = performance.now();
  const machine = describeMachine();
  const output: string[] = [
    `## Benchmark run ${new Date().toISOString()}`,
    '',
    renderTable({ title: 'Machine', columns: ['', ''], rows: machine.map(([key, value]) => [key, value]) }),
  ];
  console.log(output.join('\n'));
  const raw: Record<string, unknown> = { machine: Object.fromEntries(machine), options };
  const loads: string[][] = [];

  for (const section of options.sections) {
    const loadBefore = loadAverage();
    const machineBefore = machineBusyMs();
    const ownCpu = new TreeCpuMeter(process.pid);
    const sectionStarted = performance.now();
    console.log(`\n[bench] ${section} (load average 1/5/15 min: ${loadBefore})`);
    let tables: Table[];
    if (section === 'overhead') {
      const figures = await measureOverhead(context, options.rounds);
      raw.overhead = figures;
      tables = figures.map(overheadTable);
    } else if (section === 'throughput') {
      const figures = await measureThroughput(context, options.bursts);
      raw.throughput = figures;
      tables = [throughputTable(figures)];
    } else if (section === 'decoding') {
      const figures = await measureDecoding(context, options.browsers[0] ?? 'chromium');
      raw.decoding = figures;
      tables = [decodingTable(figures)];
    } else if (section === 'users') {
      const figures = await measureUsers(context, { counts: options.users, goalUsers: options.goalUsers, goalRounds: options.goalRounds });
      raw.users = figures;
      tables = usersTables(figures);
    } else if (section === 'load') {
      const figures = await measureLoad(context, { users: options.loadUsers, tapUsers: options.loadTapUsers, rounds: options.loadRounds });
      raw.load = figures;
      tables = loadTables(figures);
    } else {
      const runs = await measureSuite(context, options.workers);
      raw.suite = runs;
      tables = [suiteTable(runs)];
    }
    const rendered = tables.map(renderTable).join('\n');
    console.log(`\n${rendered}`);
    output.push(rendered);
    const sectionMs = performance.now() - sectionStarted;
    const ownMs = ownCpu.stop();
    loads.push([section, seconds(sectionMs), otherWorkCores(machineBusyMs() - machineBefore, ownMs, sectionMs).toFixed(2), loadBefore, loadAverage()]);
  }

  const loadTable = renderTable({
    title: 'Run',
    columns: ['section', 'took', 'other work on the machine (cores, average)', 'load average before (1/5/15 min)', 'after'],
    rows: loads,
    notes: [
      `other work: CPU time the machine spent outside this bench's process tree (read from /proc every second, its browsers and app included), over the section's wall time, of ${String(os.cpus().length)} cores. Above a few tenths, other work shared the machine and the figures are noisier (ratios of interleaved rounds hold up best). The load average counts this bench's own browsers too.`,
      `total: ${seconds(performance.now() - started)}`,
    ],
  });
  console.log(`\n${loadTable}`);
  output.push(loadTable);
  raw.loads = loads;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  writeFileSync(path.join(OUT_DIR, `bench-${stamp}.md`), output.join('\n'));
  writeFileSync(path.join(OUT_DIR, 'latest.md'), output.join('\n'));
  writeFileSync(path.join(OUT_DIR, `bench-${stamp}.json`), JSON.stringify(raw, null, 2));
  console.log(`[bench] tables in ${path.join(OUT_DIR, 'latest.md')}, raw figures in ${path.join(OUT_DIR, `bench-${stamp}.json`)}`);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof LoadRunError)) throw error;
  // A load that did not run as it must names itself and where its reports are: no stack trace needed;
  // exit now, as an uncaught error would (the section's CPU meter is still sampling).
  console.error(`[bench] ${error.message}`);
  process.exit(1);
}
