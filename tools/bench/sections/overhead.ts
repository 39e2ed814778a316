/**
 * Section "overhead": the same chat flows (bench/chat-flow.spec.ts) with the tap on and off,
 * in rounds that alternate which goes first, one child `playwright test` per run, one worker;
 * each round once with the app's runs over its WebSocket and once over SSE (TRANSPORT).
 */
import { runPlaywright, type ChildRun } from '../lib/child.ts';
import { median, percent, ratio, seconds } from '../lib/stats.ts';
import type { Table } from '../lib/table.ts';
import type { SectionContext } from './context.ts';

const REPEAT_EACH = 2;

const TRANSPORTS = ['ws', 'sse'] as const;

export interface OverheadFigures {
  browser: string;
  transport: (typeof TRANSPORTS)[number];
  on: ChildRun[];
  off: ChildRun[];
}

export async function measureOverhead(context: SectionContext, rounds: number): Promise<OverheadFigures[]> {
  // One browser: this section is about the recorder's cost in the suite's main project; the
  // throughput section measures the tap in both browsers.
  const browser = context.browsers[0] ?? 'chromium';
  const figures = TRANSPORTS.map((transport): OverheadFigures => ({ browser, transport, on: [], off: [] }));
  for (let round = 1; round <= rounds; round += 1) {
    for (const transportFigures of figures) {
      const { transport } = transportFigures;
      for (const tap of round % 2 === 1 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
        const run = await runPlaywright({
          label: `overhead-${browser}-${transport}-${tap}-${round}`,
          // Each flow twice: a test's time moves in steps of up to 500 ms (Playwright checks a waiting
          // locator again after 0, 20, 50, 100, 100, then every 500 ms), so more tests average that out.
          args: ['--config', 'tools/bench/playwright.config.ts', 'tools/bench/chat-flow.spec.ts', '--project', browser, `--repeat-each=${String(REPEAT_EACH)}`],
          env: { EVENT_TAP: tap, TRANSPORT: transport },
        });
        transportFigures[tap].push(run);
        context.log(`  round ${round}, ${transport.padEnd(3)}, tap ${tap.padEnd(3)}: ${seconds(run.wallMs)} wall, ${seconds(run.testMs)} in tests, ${run.passed} passed, ${run.failed} failed`);
      }
    }
  }
  return figures;
}

export function overheadTable({ browser, transport, on, off }: OverheadFigures): Table {
  const wall = (runs: ChildRun[]) => median(runs.map((run) => run.wallMs));
  const tests = (runs: ChildRun[]) => median(runs.map((run) => run.testMs));
  const failures = (runs: ChildRun[]) => runs.reduce((sum, run) => sum + run.failed + run.flaky, 0);
  const row = (name: string, runs: ChildRun[]) => [
    name,
    String(runs.length),
    seconds(wall(runs)),
    seconds(tests(runs)),
    runs.map((run) => seconds(run.wallMs)).join(', '),
    `${runs.reduce((sum, run) => sum + run.passed, 0)} / ${failures(runs)}`,
  ];
  const first = on[0] ?? off[0];
  const testsPerRun = first ? first.passed + first.failed + first.flaky + first.skipped : 0;
  const wallRatio = wall(on) / wall(off);
  const testRatio = tests(on) / tests(off);
  const pairRatios = on.map((run, index) => run.wallMs / (off[index]?.wallMs ?? Number.NaN));
  return {
    title: `Tap overhead${transport === 'sse' ? ' over SSE' : ''}: bench/chat-flow.spec.ts (its chat flows, each ${String(REPEAT_EACH)}×, screen assertions only), ${browser}, TRANSPORT=${transport}, 1 worker, EVENT_TAP on and off interleaved`,
    columns: ['EVENT_TAP', 'runs', 'median wall', 'median time in tests', 'each run (wall)', 'passed / failed'],
    rows: [row('off', off), row('on', on)],
    notes: [
      `on/off: wall ${ratio(wallRatio)} (${percent(wallRatio - 1)}), time in tests ${ratio(testRatio)} (${percent(testRatio - 1)}); per-round wall ratios ${pairRatios.map(ratio).join(', ')}.`,
      `wall: the whole \`playwright test\` process (start of the app, the browser, the ${String(testsPerRun)} tests); time in tests: the sum of the tests' durations (fixtures included: with the tap on, recording, decoding and attaching).`,
      `goal: tapped at most 3 % slower: ${wallRatio <= 1.03 ? 'met' : 'MISSED'} on wall time, ${testRatio <= 1.03 ? 'met' : 'MISSED'} on time in tests.`,
    ],
  };
}
