/**
 * The decoding bench, run by `npm run bench -- decoding` (bench/sections/decoding.ts) in a
 * Playwright worker with its gc exposed, so that the code runs as the suite's worker runs it
 * (Playwright's own TypeScript transform): each pack decodes 100 000 frames of streams its
 * protocol's real library wrote, through the worker's recorder, in interleaved rounds. No browser.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { expect, test } from '@playwright/test';
import { notDecodedBecause, packDecoders } from '../../lib/events/decoder-guard.ts';
import { decode as referenceDecode } from '../../lib/events/decoders/reference.ts';
import { FrameRecorder } from '../../lib/events/recorder.ts';
import type { TappedFrame } from '../../lib/events/types.ts';
import { DECODER_PACKS, type DecoderPack } from '../../lib/events/types.ts';
import { dataStreams } from '../../tests/support/ai-sdk-4-streams.ts';
import { agUiExchange } from '../../tests/support/ag-ui-streams.ts';
import { aiSdkExchange, calls, says, step, thinks } from '../../tests/support/ai-sdk-streams.ts';
import { sseData, userMessage, wireRun, type Envelope } from '../../tests/support/frames.ts';

/** What decoded: a pack through the recorder, or the baseline of the recorder before streams. */
export type Decoding = DecoderPack | typeof BASELINE;
export const BASELINE = 'baseline: reference decode() per received frame, as before streams';

export interface DecodingRound {
  pack: Decoding;
  frames: number;
  /** Entries the recorder held afterwards: at least one per frame. */
  recorded: number;
  ms: number;
  /** Heap held by the recorded frames, after a full gc. */
  heapBytes: number;
}

const FRAMES = Number(process.env.BENCH_DECODE_FRAMES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_DECODE_ROUNDS ?? 5);
const gc = (globalThis as { gc?: () => void }).gc;

type Exchange = { sent: string; received: string[] };

/** The reference wire's run in the flat backend's shape (events/decoders/flat.ts). */
const flatOf = (envelope: Envelope): Envelope => ({ type: envelope.type, run_id: envelope.runId, thread_id: envelope.conversationId, user_id: envelope.userId, timestamp: envelope.ts, data: envelope.data });

/** One turn of each protocol, with a tool call and a thought, as its library writes it. */
async function exchanges(): Promise<Record<DecoderPack, Exchange>> {
  const run = wireRun({ thinking: ['Let me work that out.', 'A calculator will do.'] });
  const message = JSON.stringify(userMessage('What is 6*7?').payload);
  const aiSdk = await aiSdkExchange('What is 6*7?', [step(thinks('A calculator will do.'), calls('call-1', 'calculator', { expression: '6*7' })), step(says('6 times 7 is 42, as the calculator says.'))]);
  const agUi = agUiExchange('What is 6*7?', [{ think: 'A calculator will do.' }, { tool: 'calculator', args: { expression: '6*7' }, result: '42' }, { say: '6 times 7 is 42, as the calculator says.' }]);
  return {
    reference: { sent: message, received: run.map((envelope) => JSON.stringify(envelope)) },
    flat: { sent: message, received: run.map((envelope) => JSON.stringify(flatOf(envelope))) },
    'ai-sdk': { sent: aiSdk.request, received: sseData(aiSdk.response) },
    'ai-sdk-4': { sent: dataStreams.toolThenAnswer.request, received: dataStreams.toolThenAnswer.lines },
    'ag-ui': { sent: agUi.request, received: sseData(agUi.response) },
  };
}

/** Turns back to back on one stream until `FRAMES` frames: what a long-lived socket would carry. */
function stream(exchange: Exchange): TappedFrame[] {
  const frames: TappedFrame[] = [];
  const frame = (kind: 'sent' | 'received', payload: string): TappedFrame => ({ kind, at: frames.length, socketId: '1', url: 'ws://bench/ws', payload, binary: false });
  while (frames.length < FRAMES) {
    frames.push(frame('sent', exchange.sent));
    for (const payload of exchange.received) if (frames.length < FRAMES) frames.push(frame('received', payload));
  }
  return frames;
}

/**
 * The suite as it was before decoders kept state: the reference decode() on each received frame,
 * its result checked, the frame stored with it; and each sent frame parsed once to find the
 * user's message, as the timeline did then (now the decoder marks it).
 */
function baseline(frames: readonly TappedFrame[]): DecodingRound {
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const stored: object[] = [];
  const started = performance.now();
  for (const [index, frame] of frames.entries()) {
    const decoded = frame.kind === 'received' ? referenceDecode({ payload: frame.payload ?? '', binary: false }) : undefined;
    if (frame.kind === 'sent' && (JSON.parse(frame.payload ?? '') as { type?: unknown }).type !== 'user_message') throw new Error('no user message');
    if (decoded !== undefined && notDecodedBecause(decoded) !== undefined) throw new Error('the reference decoder returned no Decoded');
    stored.push({ index, testId: 'bench', ...frame, pageId: 'page-1', contextId: 'context-1', owner: 'alice', ...(decoded ? { decoded } : {}) });
  }
  const ms = performance.now() - started;
  gc?.();
  const heapBytes = process.memoryUsage().heapUsed - heapBefore;
  return { pack: BASELINE, frames: frames.length, recorded: stored.length, ms, heapBytes };
}

function round(pack: DecoderPack, frames: readonly TappedFrame[]): DecodingRound {
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const recorder = new FrameRecorder(packDecoders(pack), () => true);
  recorder.beginTest('bench');
  const origin = { pageId: 'page-1', contextId: 'context-1', owner: 'alice' };
  const started = performance.now();
  for (const frame of frames) recorder.record(frame, origin);
  const ms = performance.now() - started;
  gc?.();
  const heapBytes = process.memoryUsage().heapUsed - heapBefore;
  return { pack, frames: frames.length, recorded: new Set(recorder.framesOf('bench').filter((frame) => frame.part === undefined)).size, ms, heapBytes };
}

test('each decoder pack decodes 100 000 frames in the worker', async () => {
  test.setTimeout(10 * 60_000);
  const streams = Object.entries(await exchanges()).map(([pack, exchange]) => ({ pack: pack as DecoderPack, frames: stream(exchange) }));
  const rounds: DecodingRound[] = [];
  // Interleaved: each round decodes every pack once, so a slow moment of the machine hits all alike.
  const referenceFrames = streams.find((entry) => entry.pack === 'reference')?.frames ?? [];
  for (let index = 0; index < ROUNDS; index += 1) {
    rounds.push(baseline(referenceFrames));
    for (const { pack, frames } of streams) rounds.push(round(pack, frames));
  }
  expect(rounds.filter((entry) => entry.recorded !== entry.frames), 'rounds that lost or doubled frames').toEqual([]);
  writeFileSync(path.join(process.env.BENCH_RESULT_DIR ?? '', 'decoding.json'), JSON.stringify({ gc: gc !== undefined, decodings: [BASELINE, ...DECODER_PACKS], rounds }));
});
