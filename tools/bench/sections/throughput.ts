/**
 * Section "throughput": bench/throughput.spec.ts in each browser, in one child run with the app
 * in bench mode and the worker's gc exposed; this side turns its figures into the table.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runPlaywright, type ChildRun } from '../lib/child.ts';
import type { BurstRound, BurstVariant, ThroughputResult } from '../lib/figures.ts';
import { mb, median, perSecond, ratio } from '../lib/stats.ts';
import type { Table } from '../lib/table.ts';
import type { SectionContext } from './context.ts';

export interface ThroughputFigures {
  run: ChildRun;
  results: ThroughputResult[];
}

export async function measureThroughput(context: SectionContext, bursts: string): Promise<ThroughputFigures> {
  const run = await runPlaywright({
    label: 'throughput',
    args: ['--config', 'tools/bench/playwright.config.ts', 'tools/bench/throughput.spec.ts', ...context.browsers.flatMap((name) => ['--project', name])],
    env: { BENCH_MODE: '1', BENCH_BURSTS: bursts, BENCH_RESULT_DIR: context.resultDir, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --expose-gc`.trim() },
    echo: (line) => {
      if (/frames, round/.test(line)) context.log(`  ${line.trim()}`);
    },
  });
  const results = context.browsers.flatMap((name) => {
    try {
      return [JSON.parse(readFileSync(path.join(context.resultDir, `throughput-${name}.json`), 'utf8')) as ThroughputResult];
    } catch {
      context.log(`  throughput: no figures from ${name} (see ${run.log})`);
      return [];
    }
  });
  return { run, results };
}

/** CPU time of the browser, the worker and the app over the window's wall time, median round. */
const busyCores = (rounds: BurstRound[]): string => median(rounds.map((round) => (round.browserCpuMs + round.workerCpuMs + round.appCpuMs) / round.windowMs)).toFixed(2);

export function throughputTable({ results }: ThroughputFigures): Table {
  const rows = results.flatMap(({ browser, version, gc, bursts }) =>
    bursts.map(({ transport, frames, rounds }) => {
      const of = (variant: BurstVariant) => rounds.filter((round) => round.variant === variant);
      const rate = (variant: BurstVariant) => median(of(variant).map((round) => round.framesPerSecond));
      const untapped = rate('untapped');
      const tappedRounds = of('tapped');
      const tapped = rate('tapped');
      const lost = tappedRounds.reduce((sum, round) => sum + (round.lost ?? 0), 0);
      const disorder = tappedRounds.reduce((sum, round) => sum + (round.recorderOutOfOrder ?? 0) + round.page.outOfOrder, 0);
      const heapPer10k = median(tappedRounds.map((round) => ((round.heapDelta ?? 0) * 10_000) / frames));
      const cpuPerFrame = (picked: BurstRound[], key: 'browserCpuMs' | 'workerCpuMs') => ((median(picked.map((round) => round[key])) * 1000) / frames).toFixed(1);
      const untappedRounds = of('untapped');
      return [
        `${browser} ${version}`,
        transport === 'ws' ? 'WebSocket' : 'SSE (fetch)',
        frames.toLocaleString('en-US'),
        String(tappedRounds.length),
        perSecond(untapped),
        perSecond(tapped),
        ratio(tapped / untapped),
        ratio(rate('listener') / untapped),
        ratio(rate('keeping') / untapped),
        `${String(lost)} of ${(frames * tappedRounds.length).toLocaleString('en-US')}`,
        String(disorder),
        `${median(tappedRounds.map((round) => round.batches?.total ?? 0)).toFixed(0)} (${median(tappedRounds.map((round) => round.batches?.beforePageCount ?? 0)).toFixed(0)})`,
        gc ? mb(heapPer10k) : `${mb(heapPer10k)} (no gc)`,
        `${cpuPerFrame(untappedRounds, 'browserCpuMs')} → ${cpuPerFrame(tappedRounds, 'browserCpuMs')}`,
        `${cpuPerFrame(untappedRounds, 'workerCpuMs')} → ${cpuPerFrame(tappedRounds, 'workerCpuMs')}`,
        `${busyCores(untappedRounds)} → ${busyCores(tappedRounds)}`,
      ];
    }),
  );
  return {
    title: 'Recorder throughput: one page, a burst of small frames over its WebSocket and over SSE; untapped, listener and tapped rounds interleaved in one run',
    columns: ['browser', 'transport', 'frames', 'rounds', 'untapped frames/s (median)', 'tapped frames/s (median)', 'tapped/untapped', 'bare listener/untapped', 'keeping listener/untapped', 'lost by the recorder', 'out of order', "batches per burst (before the page's count)", 'recorder heap per 10 000 frames', 'browser CPU µs/frame, untapped → tapped', 'test process CPU µs/frame, untapped → tapped', 'cores busy, untapped → tapped'],
    rows,
    notes: [
      "frames/s: the page's own count, first bench frame to bench_done, page clock. The browser sets the absolute pace.",
      'goal: tapped/untapped ≥ 0.97, and every frame the page received in the recorder, in order (0 lost).',
      "bare listener: a WebSocket wrapper whose message listener does nothing (over SSE: the page's fetch response teed, the second branch read and dropped), in rounds of its own: the floor under any in-page tap, whatever it does with a frame.",
      "keeping listener: the bare listener keeping each frame it hears (over SSE each chunk, decoded) in an array until the next burst, as the tap's queue holds frames until it reports: the tap's own per-frame work without its reporting.",
      'SSE: the page posts to /api/sse and reads the text/event-stream response with a reader, splitting events at blank lines; the tap tees that response (lib/tap/page/fetch.ts) and the recorder parses the SSE in the test process.',
      "batches: the tap's binding calls from asking for the burst to its last frame reaching the recorder, median tapped round; in brackets, those that reached the test before the page's own count of the burst did: sent while the page was still receiving it, or at its very end (the tap reports when the page is idle and no frame has come for 10 ms, or after a second).",
      'heap: live heap of the test process (the Playwright worker) after a forced gc, after the burst was read minus before it; the recorder keeps every frame, decoded.',
      "CPU: user + system time of the browser's processes during the burst and of the worker during the burst and its reading (the recorder unpacks and decodes batches when the frames are read), median round, per frame: what the tap costs whatever else shares the machine.",
      `cores busy: CPU time of the browser, the worker and the app over the burst's wall time (${String(os.cpus().length)} cores here): near the core count, the burst is CPU-bound, and every µs the tap spends anywhere on the machine comes out of the page's rate.`,
    ],
  };
}
