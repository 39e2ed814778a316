/**
 * Recorder throughput (run by `npm run bench -- throughput`, never by the suite): one page
 * receives a burst of N small frames from the app in bench mode, over its WebSocket and as the
 * events of a streamed fetch response (SSE, POST /api/sse). In the same browser, against the same
 * app, rounds rotate an untapped context, a context with a bare listener (the floor under any
 * in-page tap), one whose listener keeps every frame (the tap's queue without its reporting) and a
 * context tapped exactly as the suite taps one (tap/context-tap.ts into an events/recorder.ts
 * recorder, as fixtures/agent-events.ts wires them). The page counts what it receives itself, so
 * every figure is the page's own receive rate. This spec measures and writes its figures for
 * bench/run.ts; it asserts only that the page got the whole burst in order, never a speed.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { loadDecoder } from '../../lib/config/decoder-module.ts';
import { FrameRecorder, type FrameOrigin } from '../../lib/events/recorder.ts';
import type { RecordedFrame } from '../../lib/events/types.ts';
import { parseUrlPattern, tappedStreamUrls } from '../../lib/events/url-pattern.ts';
import { parseSuiteConfig } from '../../lib/config/env.ts';
import { decodeTapBatch } from '../../lib/tap/tap-batch.ts';
import { tapContext, type BatchSink } from '../../lib/tap/context-tap.ts';
import { AuthApi } from '../../lib/sign-in/auth-api.ts';
import { BURST_TRANSPORTS, BURST_VARIANTS, parseBurstPlan, type BurstRound, type BurstTransport, type BurstVariant, type PageCount, type ThroughputResult } from './lib/figures.ts';
import { treeCpu } from './lib/procs.ts';

/**
 * Runs in the page: asks for the burst and counts it, JSON.parse per frame, as any app reading its
 * frames would. Over `ws` it opens a socket (the tapped WebSocket where the context is tapped);
 * over `sse` it posts the request and reads the event stream as an app on fetch does (a reader,
 * a TextDecoder, events split at blank lines). Self-contained: it runs in the page.
 */
async function burstInPage({ transport, wsUrl, count }: { transport: BurstTransport; wsUrl: string; count: number }): Promise<PageCount> {
  // What the keeping listener held of the last burst goes, as the tap's queue empties when it reports.
  (window as unknown as { benchKept?: unknown[] }).benchKept?.splice(0);
  let received = 0;
  let outOfOrder = 0;
  let last = 0;
  let first = 0;
  let ms: number | undefined;
  /** Counts one frame's text; true once it was bench_done. */
  const take = (data: string): boolean => {
    const frame = JSON.parse(data) as { type?: string; seq?: number };
    if (frame.type === 'bench') {
      if (received === 0) first = performance.now();
      received += 1;
      if (frame.seq !== last + 1) outOfOrder += 1;
      last = frame.seq ?? last;
    } else if (frame.type === 'bench_done') ms = performance.now() - first;
    return ms !== undefined;
  };
  const request = JSON.stringify({ type: 'bench_burst', count });
  if (transport === 'ws') {
    await new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(wsUrl);
      socket.addEventListener('open', () => {
        socket.send(request);
      });
      socket.addEventListener('message', (event: MessageEvent) => {
        if (!take(String(event.data))) return;
        socket.close(1000, 'bench done');
        resolve();
      });
      socket.addEventListener('close', (event: CloseEvent) => {
        if (event.code !== 1000) reject(new Error(`bench socket closed early: ${event.code} ${event.reason}`));
      });
    });
  } else {
    const response = await fetch('/api/sse', { method: 'POST', headers: { 'content-type': 'application/json' }, body: request });
    if (!response.ok || !response.body) throw new Error(`bench stream: HTTP ${String(response.status)}`);
    const reader = response.body.getReader();
    const text = new TextDecoder();
    let buffer = '';
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      buffer += text.decode(read.value, { stream: true });
      let start = 0;
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n', start)) {
        const event = buffer.slice(start, end);
        start = end + 2;
        take(event.slice(event.indexOf('data: ') + 6));
      }
      buffer = buffer.slice(start);
    }
  }
  if (ms === undefined) throw new Error(`bench ${transport} burst ended before bench_done, after ${String(received)} frames`);
  return { received, outOfOrder, ms };
}

/**
 * The least any in-page tap costs: the page's WebSocket wrapped the way lib/tap/page/websocket.ts
 * wraps it, with a message listener, and its fetch responses teed with the second branch read.
 * With `keep`, the listener keeps what it hears as the tap's queue does until it reports; without
 * it, it does nothing. Self-contained: it runs in the page.
 */
function installBareListener({ keep }: { keep: boolean }): void {
  const kept: unknown[] = [];
  (window as unknown as { benchKept: unknown[] }).benchKept = kept;
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener(
        'message',
        keep
          ? (event: MessageEvent) => {
              kept.push([1, event.timeStamp, 1, event.data]);
            }
          : () => undefined,
      );
    }
  };
  const nativeFetch = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const response = await nativeFetch(input, init);
    if (!response.body) return response;
    const [forPage, forListener] = response.body.tee();
    const reader = forListener.getReader();
    const text = new TextDecoder();
    void (async () => {
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        if (keep) kept.push([1, performance.now(), 1, text.decode(read.value, { stream: true })]);
      }
    })();
    return new Response(forPage, { status: response.status, statusText: response.statusText, headers: response.headers });
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
async function openVariant(browser: Browser, baseURL: string, variant: BurstVariant, tap: BatchSink, streams: RegExp): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  await new AuthApi(context.request).register(`bench-${variant}-${Date.now().toString(36)}`, 'bench-password-1');
  if (variant === 'tapped') await tapContext(context, tap, { source: streams.source, flags: streams.flags });
  if (variant === 'listener' || variant === 'keeping') await context.addInitScript(installBareListener, { keep: variant === 'keeping' });
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
  // As fixtures/agent-events.ts wires it: every reported frame into the worker's recorder.
  const sink: BatchSink = (batch) => {
    batches += 1;
    recorder.receive(batch, decodeTapBatch, origin);
    // The last frame of a burst; the recorder unpacks and decodes the batches when they are read.
    if (batch.includes('bench_done')) recorderHasDone();
  };
  const pages = new Map<BurstVariant, Page>();
  for (const variant of BURST_VARIANTS) pages.set(variant, await openVariant(browser, baseURL, variant, sink, parseUrlPattern(config.STREAM_URL_PATTERN)));
  const wsUrl = `${baseURL.replace(/^http/, 'ws')}/ws`;
  const result: ThroughputResult = { browser: project, version: browser.version(), gc: gc !== undefined, bursts: [] };

  const plan = BURST_TRANSPORTS.flatMap((transport) => parseBurstPlan(process.env.BENCH_BURSTS).map((burst) => ({ transport, ...burst })));
  for (const { transport, frames, rounds: roundCount } of plan) {
    const rounds: BurstRound[] = [];
    for (let round = 0; round < roundCount; round += 1) {
      // Rotate which variant goes first, so that drift in the machine's load favours none.
      for (const variant of BURST_VARIANTS.map((_, index) => BURST_VARIANTS[(index + round) % BURST_VARIANTS.length] ?? 'untapped')) {
        const page = pages.get(variant);
        if (!page) throw new Error(`no page for ${variant}`);
        const done = new Promise<void>((resolve) => {
          recorderHasDone = resolve;
        });
        recorder.beginTest(`${transport}-${variant}-${frames}-${round}`);
        const heapBefore = heapUsed();
        // The runner's tree: this worker, its browser, and the app that webServer started.
        const cpuBefore = treeCpu(process.ppid);
        const workerCpuBefore = process.cpuUsage();
        const windowStart = performance.now();
        batches = 0;
        const counted = await page.evaluate(burstInPage, { transport, wsUrl, count: frames });
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
          `${project} ${transport} ${frames} frames, round ${round + 1}, ${variant.padEnd(8)}: ${Math.round(entry.framesPerSecond)} frames/s` +
            (variant === 'tapped' ? `, recorded ${String(entry.recorded)}, heap ${((entry.heapDelta ?? 0) / 2 ** 20).toFixed(1)} MB` : ''),
        );
      }
    }
    result.bursts.push({ transport, frames, rounds });
  }
  return result;
}

const resultDir = process.env.BENCH_RESULT_DIR ?? '';
test.skip(resultDir === '', 'run by npm run bench, which says where the figures go');
// The suite records a trace of every test (kept on failure); its screencast and snapshots would
// take CPU from both kinds of round and memory from the worker's heap, blurring the tap's figures.
test.use({ trace: 'off' });

test('recorder throughput: untapped, bare-listener, keeping and tapped bursts over WebSocket and SSE, interleaved', async ({ browser, baseURL }, testInfo) => {
  // A measurement, not a timed test: 100 000 frames take ~10 s per burst in Chromium on 2 cores.
  test.setTimeout(0);
  const result = await measureBursts(browser, baseURL ?? '', testInfo.project.name);
  writeFileSync(path.join(resultDir, `throughput-${testInfo.project.name}.json`), JSON.stringify(result, null, 2));

  const counts = result.bursts.flatMap(({ transport, frames, rounds }) => rounds.map(({ page }) => ({ transport, frames, received: page.received, outOfOrder: page.outOfOrder })));
  expect(counts, "the page's own count of each burst: all of it, in order").toEqual(counts.map(({ transport, frames }) => ({ transport, frames, received: frames, outOfOrder: 0 })));
});
