/**
 * Section "decoding": bench/decoding.spec.ts in a Playwright worker with its gc exposed; each pack
 * decodes 100 000 frames through the worker's recorder. Goal: no pack slower per frame than the
 * reference decoder was before decoders kept state (the baseline row).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runPlaywright } from '../lib/child.ts';
import type { BrowserName } from '../lib/machine.ts';
import { mb, median, perSecond, ratio } from '../lib/stats.ts';
import type { Table } from '../lib/table.ts';
import type { DecodingRound } from '../decoding.spec.ts';
import type { SectionContext } from './context.ts';

export interface DecodingFigures {
  gc: boolean;
  decodings: string[];
  rounds: DecodingRound[];
}

export async function measureDecoding(context: SectionContext, browser: BrowserName): Promise<DecodingFigures> {
  context.log('  decoding: 100 000 frames per pack, 5 interleaved rounds');
  // A browser project only for its worker: the spec opens no page.
  const run = await runPlaywright({
    label: 'decoding',
    args: ['--config', 'tools/bench/playwright.config.ts', 'tools/bench/decoding.spec.ts', '--project', browser],
    env: { BENCH_RESULT_DIR: context.resultDir, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --expose-gc`.trim() },
  });
  try {
    return JSON.parse(readFileSync(path.join(context.resultDir, 'decoding.json'), 'utf8')) as DecodingFigures;
  } catch (error) {
    throw new Error(`decoding: no figures (see ${run.log})`, { cause: error });
  }
}

export function decodingTable({ gc, decodings, rounds }: DecodingFigures): Table {
  const perFrame = (name: string) => median(rounds.filter((round) => round.pack === name).map((round) => (round.ms * 1000) / round.frames));
  const baseline = perFrame(decodings[0] ?? '');
  const rows = decodings.map((name) => {
    const own = rounds.filter((round) => round.pack === name);
    const frames = own[0]?.frames ?? 0;
    const microseconds = perFrame(name);
    return [name, frames.toLocaleString('en-US'), String(own.length), perSecond(1e6 / microseconds), microseconds.toFixed(2), ratio(microseconds / baseline), mb(median(own.map((round) => (round.heapBytes * 10_000) / round.frames)))];
  });
  const slower = decodings.slice(1).filter((name) => perFrame(name) > baseline);
  return {
    title: 'Decoding in the worker (no browser)',
    columns: ['decoder', 'frames', 'rounds', 'frames/s (median)', 'µs per frame', 'per frame vs baseline', 'heap per 10 000 frames'],
    rows,
    notes: [
      `goal: no pack slower per frame than the baseline (the reference decoder as the recorder called it before decoders kept state): ${slower.length === 0 ? 'met' : `missed by ${slower.join(', ')}`}`,
      'each pack decodes streams its protocol\'s library wrote (one turn with a thought and a tool call, back to back on one stream) through FrameRecorder.record, its decoder made per stream and guarded; the AI SDK and AG-UI send an answer as many deltas that decode to no event until the end',
      `heap: what the recorded frames hold after a full gc${gc ? '' : ' (gc not exposed: figures include garbage)'}`,
    ],
  };
}
