import { expect, test } from '@playwright/test';
import { packBatch, packEntry } from '../../lib/tap/page/pack.ts';
import { flushQueue, TapQueue, type FlushSteps } from '../../lib/tap/page/queue.ts';
import { decodeTapBatch, ENTRY_CODES, type TapEntry } from '../../lib/tap/tap-batch.ts';

const TIME_ORIGIN = 1_800_000_000_000;
/** The document's tag in its socket ids: its time origin in base 36. */
const DOCUMENT = 'mywpiww0';
const URLS = new Map([
  [1, 'ws://127.0.0.1:4321/ws'],
  [2, 'ws://127.0.0.1:4321/other'],
]);
const LIMITS = { maxEntries: 100, maxChars: 4096 };
const received = (index: number, socket = 1): TapEntry => [ENTRY_CODES.received, index, socket, `frame ${String(index)}`];

/** A queue of `count` received frames, numbered in their text. */
function queueOf(count: number): TapQueue {
  const queue = new TapQueue();
  for (let index = 0; index < count; index += 1) queue.push(received(index));
  return queue;
}

/** The steps of a flush in the page, with a clock that advances `msPerBatch` per batch packed and a binding that keeps what it takes. */
function steps(handed: string[], options: { msPerBatch?: number; budgetMs?: number; refuse?: (call: number) => boolean } = {}): FlushSteps {
  let clock = 0;
  let calls = 0;
  return {
    pack: (ready) => {
      clock += options.msPerBatch ?? 0;
      return packBatch(ready, URLS, TIME_ORIGIN, LIMITS);
    },
    handOver: (batch) => {
      if (options.refuse?.(++calls)) return false;
      handed.push(batch);
      return true;
    },
    maxEntries: LIMITS.maxEntries,
    now: () => clock,
    budgetMs: options.budgetMs ?? Infinity,
  };
}

const payloadsOf = (batches: string[]) => batches.flatMap((batch) => decodeTapBatch(batch).map((frame) => frame.payload));
const numbered = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => `frame ${String(from + index)}`);

test.describe('the page tap queue, without a browser', { tag: '@unit' }, () => {
  test('a batch carries at most maxEntries entries, and no more characters than maxChars unless one entry alone is longer', () => {
    const entries = Array.from({ length: 250 }, (_, index) => received(index));
    expect(packBatch(entries, URLS, TIME_ORIGIN, LIMITS)?.entries).toBe(100);
    const long: TapEntry[] = [[ENTRY_CODES.received, 1, 1, 'x'.repeat(3000)], [ENTRY_CODES.received, 2, 1, 'y'.repeat(3000)]];
    expect(packBatch(long, URLS, TIME_ORIGIN, LIMITS)?.entries).toBe(1);
    const huge: TapEntry[] = [[ENTRY_CODES.received, 1, 1, 'z'.repeat(10_000)]];
    expect(packBatch(huge, URLS, TIME_ORIGIN, LIMITS)?.entries).toBe(1);
    expect(packBatch([], URLS, TIME_ORIGIN, LIMITS)).toBeUndefined();
  });

  test('a batch names only the sockets its entries mention, and the worker reads it back as packed', () => {
    const entries: TapEntry[] = [[ENTRY_CODES.open, 1.5, 2], received(2, 2), [ENTRY_CODES.close, 3, 2, 1000, 'bye; done']];
    const batch = packBatch(entries, URLS, TIME_ORIGIN, LIMITS);
    expect(batch?.text.split('\n')[0]).toBe(JSON.stringify([TIME_ORIGIN, { 2: 'ws://127.0.0.1:4321/other' }]));
    expect(decodeTapBatch(batch?.text ?? '')).toEqual([
      { kind: 'open', at: TIME_ORIGIN + 1.5, socketId: `socket-2@${DOCUMENT}`, url: 'ws://127.0.0.1:4321/other' },
      { kind: 'received', at: TIME_ORIGIN + 2, socketId: `socket-2@${DOCUMENT}`, url: 'ws://127.0.0.1:4321/other', payload: 'frame 2', binary: false, bytes: 7 },
      { kind: 'close', at: TIME_ORIGIN + 3, socketId: `socket-2@${DOCUMENT}`, url: 'ws://127.0.0.1:4321/other', code: 1000, reason: 'bye; done' },
    ]);
    expect(packEntry([ENTRY_CODES.received, 1, 1, 'AAEC', 3])).toBe('2,1000,1,b3,4:AAEC;');
  });

  test('entries after one whose Blob is still being read wait for it, then leave in order', () => {
    const queue = queueOf(2);
    const blob: TapEntry = [ENTRY_CODES.received, 2, 1, null, 3];
    queue.push(blob, true);
    queue.push(received(3));
    expect(queue.ready(100).map((entry) => entry[3])).toEqual(['frame 0', 'frame 1']);
    queue.remove(2);
    expect(queue.ready(100)).toEqual([]);
    blob[3] = 'AAEC';
    queue.read(blob);
    expect(queue.ready(100).map((entry) => entry[3])).toEqual(['AAEC', 'frame 3']);
  });

  test('a flush sends everything ready, batch by batch, in order', () => {
    const queue = queueOf(1050);
    const handed: string[] = [];
    expect(flushQueue(queue, steps(handed))).toBe('done');
    expect(handed).toHaveLength(11);
    expect(payloadsOf(handed)).toEqual(numbered(0, 1050));
    expect(queue.size).toBe(0);
  });

  test('a flush stops once its time budget is spent, one batch at least, and the next takes up where it stopped', () => {
    const queue = queueOf(1000);
    const handed: string[] = [];
    expect(flushQueue(queue, steps(handed, { msPerBatch: 3, budgetMs: 8 }))).toBe('budget spent');
    expect(payloadsOf(handed)).toEqual(numbered(0, 300));
    expect(queue.size).toBe(700);
    expect(flushQueue(queue, steps(handed, { msPerBatch: 20, budgetMs: 8 }))).toBe('budget spent');
    expect(queue.size).toBe(600);
    while (flushQueue(queue, steps(handed, { msPerBatch: 3, budgetMs: 8 })) === 'budget spent');
    expect(payloadsOf(handed)).toEqual(numbered(0, 1000));
  });

  test('a batch the binding refused stays queued and goes, in its place, at the next flush', () => {
    const queue = queueOf(500);
    const handed: string[] = [];
    expect(flushQueue(queue, steps(handed, { refuse: (call) => call === 3 }))).toBe('refused');
    expect(queue.size).toBe(300);
    expect(flushQueue(queue, steps(handed))).toBe('done');
    expect(payloadsOf(handed)).toEqual(numbered(0, 500));
  });

  test('removing more entries than are queued is refused, saying so', () => {
    expect(() => {
      queueOf(2).remove(3);
    }).toThrow('chat-e2e tap: 3 entries cannot leave a queue of 2');
  });

  test('a long queue is compacted as it empties, without losing its place', () => {
    const queue = queueOf(10_000);
    const handed: string[] = [];
    for (let round = 0; round < 60; round += 1) flushQueue(queue, steps(handed, { msPerBatch: 10, budgetMs: 1 }));
    expect(queue.size).toBe(4000);
    expect(queue.oldest?.[3]).toBe('frame 6000');
    flushQueue(queue, steps(handed));
    expect(payloadsOf(handed)).toEqual(numbered(0, 10_000));
  });
});
