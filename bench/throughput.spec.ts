/**
 * Recorder throughput (run by `npm run bench -- throughput`, never by the suite): one page
 * receives a burst of N small frames from the app in bench mode. In the same browser, against
 * the same app, rounds rotate an untapped context, a context whose WebSocket has a listener that
 * does nothing (the floor under any in-page tap) and a context tapped exactly as the suite taps
 * one (fixtures/tap.ts into an events/recorder.ts recorder, as fixtures/agentEvents.ts wires
 * them). The page counts what it receives itself, so every figure is the page's own receive rate.
 * This spec measures and writes its figures for bench/run.ts; it asserts only that the page got
 * the whole burst in order, never a speed.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { loadDecoder } from '../events/decoder-loader.ts';
import { FrameRecorder, type FrameOrigin } from '../events/recorder.ts';
import type { RecordedFrame } from '../events/types.ts';
import { tappedStreamUrls } from '../events/url-pattern.ts';
import { parseSuiteConfig } from '../fixtures/env.ts';
import { decodeTapBatch } from '../fixtures/page-tap.ts';
import { tapContext, type BatchSink } from '../fixtures/tap.ts';
import { AuthApi } from '../pages/AuthApi.ts';
import { BURST_VARIANTS, parseBurstPlan, type BurstRound, type BurstVariant, type PageCount, type ThroughputResult } from './lib/figures.ts';
import { treeCpu } from './lib/procs.ts';

/**
 * Runs in the page: opens a socket (the tapped WebSocket where the context is tapped), asks for
 * the burst and counts it. JSON.parse per frame, as any app reading its frames would.
 */
function burstInPage({ wsUrl, count }: { wsUrl: string; count: number }): Promise<PageCount> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl);
    let received = 0;
    let outOfOrder = 0;
    let last = 0;
    let first = 0;
    socket.addEventListener('open', () => {
      socket.send(JSON.stringify({ type: 'bench_burst', count }));
    });
    socket.addEventListener('message', (event: MessageEvent) => {
      const frame = JSON.parse(String(event.data)) as { type?: string; seq?: number };
      if (frame.type === 'bench') {
        if (received === 0) first = performance.now();
        received += 1;
        if (frame.seq !== last + 1) outOfOrder += 1;
        last = frame.seq ?? last;
      } else if (frame.type === 'bench_done') {
        const ms = performance.now() - first;
        socket.close(1000, 'bench done');
        resolve({ received, outOfOrder, ms });
      }
    });
    socket.addEventListener('close', (event: CloseEvent) => {
      if (event.code !== 1000) reject(new Error(`bench socket closed early: ${event.code} ${event.reason}`));
    });
  });
}

/**
 * The least any in-page tap costs: the page's WebSocket wrapped the way fixtures/page-tap.ts
 * wraps it, with a message listener that does nothing. Self-contained: it runs in the page.
 */
function installBareListener(): void {
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', () => undefined);
    }
  };
}

const gc = (globalThis as { gc?: () => void }).gc;
/** Live heap of this worker (the test process) after a full collection; run with --expose-gc. */
const heapUsed = (): number => {
  gc?.();
  return process.memoryUsage().heapUsed;
};

/** The sequence numbers of the bench frames the recorder holds, in recorded order. */
function benchSequence(frames: readonly RecordedFrame[]): number[] {
  const sequence: number[] = [];
  for (const frame of frames) {
    const decoded = frame.decoded;
    if (frame.kind === 'received' && decoded && 'control' in decoded && decoded.type === 'bench') sequence.push(Number(decoded.data.i));
  }
  return sequence;
}

/** One signed-in chat page, connected, for one variant; opened once and reused by every burst. */
async function openVariant(browser: Browser, baseURL: string, variant: BurstVariant, tap: BatchSink): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  await new AuthApi(context.request).register(`bench-${variant}-${Date.now().toString(36)}`, 'bench-password-1');
  if (variant === 'tapped') await tapContext(context, tap);
  if (variant === 'listener') await context.addInitScript(installBareListener);
  const page = await context.newPage();
  // The chat page itself, signed in and connected: the page the suite taps.
  await page.goto('/');
  await page.getByTestId('connection').filter({ hasText: /^Connected$/ }).waitFor();
  return page;
}

/** Rounds of each burst, one burst per variant, rotating which goes first. */
async function measureBursts(browser: Browser, baseURL: string, project: string): Promise<ThroughputResult> {
  const config = parseSuiteConfig(process.env);
  const recorder = new FrameRecorder(await loadDecoder(config.EVENT_DECODER), tappedStreamUrls(config.WS_URL_PATTERN, config.STREAM_URL_PATTERN));
  const origin: FrameOrigin = { pageId: 'page-tapped', contextId: 'context-tapped', owner: undefined };
  let recorderHasDone = (): void => undefined;
  let batches = 0;
  // As fixtures/agentEvents.ts wires it: every reported frame into the worker's recorder.
  const sink: BatchSink = (batch) => {
    batches += 1;
    recorder.receive(batch, decodeTapBatch, origin);
    // The last frame of a burst; the recorder unpacks and decodes the batches when they are read.
    if (batch.includes('bench_done')) recorderHasDone();
  };
  const pages = new Map<BurstVariant, Page>();
  for (const variant of BURST_VARIANTS) pages.set(variant, await openVariant(browser, baseURL, variant, sink));
  const wsUrl = `${baseURL.replace(/^http/, 'ws')}/ws`;
  const result: ThroughputResult = { browser: project, version: browser.version(), gc: gc !== undefined, bursts: [] };

  for (const { frames, rounds: roundCount } of parseBurstPlan(process.env.BENCH_BURSTS)) {
    const rounds: BurstRound[] = [];
    for (let round = 0; round < roundCount; round += 1) {
      // Rotate which variant goes first, so that drift in the machine's load favours none.
      for (const variant of BURST_VARIANTS.map((_, index) => BURST_VARIANTS[(index + round) % BURST_VARIANTS.length] ?? 'untapped')) {
        const page = pages.get(variant);
        if (!page) throw new Error(`no page for ${variant}`);
        const done = new Promise<void>((resolve) => {
          recorderHasDone = resolve;
        });
        recorder.beginTest(`${variant}-${frames}-${round}`);
        const heapBefore = heapUsed();
        // The runner's tree: this worker, its browser, and the app that webServer started.
        const cpuBefore = treeCpu(process.ppid);
        const workerCpuBefore = process.cpuUsage();
        const windowStart = performance.now();
        batches = 0;
        const counted = await page.evaluate(burstInPage, { wsUrl, count: frames });
        const batchesBeforePageCount = batches;
        if (variant === 'tapped') await done;
        // CPU time is what the tap costs whatever else runs on the machine; frames/s is what it costs the page.
        const windowMs = performance.now() - windowStart;
        const cpuAfter = treeCpu(process.ppid);
        // The worker's CPU includes unpacking and decoding the burst, which reading the frames does.
        const held = recorder.endTest();
        const workerCpu = process.cpuUsage(workerCpuBefore);
        const entry: BurstRound = {
          variant,
          page: counted,
          framesPerSecond: counted.received / (counted.ms / 1000),
          windowMs,
          browserCpuMs: cpuAfter.browser - cpuBefore.browser,
          workerCpuMs: (workerCpu.user + workerCpu.system) / 1000,
          appCpuMs: cpuAfter.app - cpuBefore.app,
        };
        if (variant === 'tapped') {
          entry.heapDelta = heapUsed() - heapBefore;
          const sequence = benchSequence(held);
          entry.recorded = sequence.length;
          entry.lost = frames - new Set(sequence).size;
          entry.recorderOutOfOrder = sequence.filter((seq, index) => seq !== index + 1).length;
          entry.batches = { total: batches, beforePageCount: batchesBeforePageCount };
        }
        rounds.push(entry);
        console.log(
          `${project} ${frames} frames, round ${round + 1}, ${variant.padEnd(8)}: ${Math.round(entry.framesPerSecond)} frames/s` +
            (variant === 'tapped' ? `, recorded ${String(entry.recorded)}, heap ${((entry.heapDelta ?? 0) / 2 ** 20).toFixed(1)} MB` : ''),
        );
      }
    }
    result.bursts.push({ frames, rounds });
  }
  return result;
}

const resultDir = process.env.BENCH_RESULT_DIR ?? '';
test.skip(resultDir === '', 'run by npm run bench, which says where the figures go');
// The suite records a trace of every test (kept on failure); its screencast and snapshots would
// take CPU from both kinds of round and memory from the worker's heap, blurring the tap's figures.
test.use({ trace: 'off' });

test('recorder throughput: untapped, bare-listener and tapped bursts, interleaved', async ({ browser, baseURL }, testInfo) => {
  // A measurement, not a timed test: 100 000 frames take ~10 s per burst in Chromium on 2 cores.
  test.setTimeout(0);
  const result = await measureBursts(browser, baseURL ?? '', testInfo.project.name);
  writeFileSync(path.join(resultDir, `throughput-${testInfo.project.name}.json`), JSON.stringify(result, null, 2));

  const counts = result.bursts.flatMap(({ frames, rounds }) => rounds.map(({ page }) => ({ frames, received: page.received, outOfOrder: page.outOfOrder })));
  expect(counts, "the page's own count of each burst: all of it, in order").toEqual(counts.map(({ frames }) => ({ frames, received: frames, outOfOrder: 0 })));
});
