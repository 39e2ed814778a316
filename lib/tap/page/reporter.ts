/**
 * Reports the queued entries to the test process: in batches, once the page is quiet and idle
 * (or at the latest `maxWaitMs` after the oldest entry), each batch bounded (BatchLimits) and each
 * flush bounded in time (`flushBudgetMs`), so that no flush runs long however many entries wait
 * (Firefox's slow-script watchdog stops a script that does). What a flush leaves is sent by the
 * next one, in a task of its own.
 */
import type { TapEntry } from '../tap-batch.ts';
import { packBatch, type BatchLimits } from './pack.ts';
import { flushQueue, TapQueue } from './queue.ts';

export interface ReporterOptions {
  /** Name of the binding exposed with context.exposeBinding. */
  binding: string;
  /** A batch leaves only after this long without a new entry (or once maxWaitMs is reached). */
  quietMs: number;
  /** The longest an entry waits in a busy page before it is reported. */
  maxWaitMs: number;
  batchLimits: BatchLimits;
  /** A flush hands over batches for this long at most, then leaves the rest to a task of its own. */
  flushBudgetMs: number;
}

export interface Reporter {
  /** Queues `entry`; `unread`: its payload is still being read (call `read` once it is in place). */
  push: (entry: TapEntry, unread?: boolean) => void;
  read: (entry: TapEntry) => void;
  /** Reports what is queued now (a close), within the flush budget. */
  flush: () => void;
  /** Reports everything that may leave, however long it takes: the document is going away. */
  drain: () => void;
}

type Report = (batch: string) => Promise<void>;

export function createReporter({ binding, quietMs, maxWaitMs, batchLimits, flushBudgetMs }: ReporterOptions, urls: ReadonlyMap<number, string>): Reporter {
  const scope = window as unknown as Record<string, unknown>;
  const queue = new TapQueue();
  /** The pending wait for a quiet, idle moment; a direct flush (close, pagehide) ends it. */
  let pendingFlush: object | undefined;
  /** A flush already due (what the last one left, or a retry), in a task of its own. */
  let dueFlush: ReturnType<typeof setTimeout> | undefined;
  let lastQueuedAt = 0;

  /** Hands `batch` to the binding; false where it could not take it (the batch stays queued). */
  const handOver = (batch: string): boolean => {
    try {
      const report = scope[binding] as Report | undefined;
      // The binding exists before any page script runs; a missing one is a broken set-up, kept loud.
      if (!report) throw new Error(`chat-e2e tap: binding ${binding} is missing`);
      void report(batch);
      return true;
    } catch (error) {
      // Reported as the page's own uncaught error, not thrown into the page's code path (a close listener, a fetch).
      setTimeout(() => {
        throw error;
      }, 0);
      return false;
    }
  };
  const flushIn = (ms: number) => {
    dueFlush ??= setTimeout(() => {
      dueFlush = undefined;
      flush();
    }, ms);
  };
  const flush = (budgetMs = flushBudgetMs) => {
    pendingFlush = undefined;
    const outcome = flushQueue(queue, {
      pack: (ready) => packBatch(ready, urls, performance.timeOrigin, batchLimits),
      handOver,
      maxEntries: batchLimits.maxEntries,
      now: () => performance.now(),
      budgetMs,
    });
    // What is left was due already: it goes in the next task, after whatever the page has queued meanwhile.
    if (outcome === 'budget spent') flushIn(0);
    // A refused batch is offered again later; its entries are still at the head of the queue.
    else if (outcome === 'refused') flushIn(maxWaitMs);
  };
  // Carrying a batch out costs CPU in the page, the browser and the test process; done once the
  // entries have stopped coming and the page is idle, it takes nothing from the page's own handling
  // of a burst (in which the page may idle between two of the network's deliveries).
  const whenIdle = (run: () => void, timeout: number) => {
    // WebKit has shipped requestIdleCallback only recently; a plain timer keeps the tap working there.
    if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(run, { timeout });
    else setTimeout(run, 0);
  };
  const scheduleFlush = () => {
    if (pendingFlush) return;
    const pending = {};
    pendingFlush = pending;
    const flushWhenQuiet = () => {
      if (pendingFlush !== pending) return;
      const now = performance.now();
      const waited = now - (queue.oldest?.[1] ?? now);
      const quietFor = now - lastQueuedAt;
      if (quietFor < quietMs && waited < maxWaitMs) {
        setTimeout(() => {
          whenIdle(flushWhenQuiet, maxWaitMs - waited);
        }, quietMs - quietFor);
      } else {
        flush();
      }
    };
    whenIdle(flushWhenQuiet, maxWaitMs);
  };

  return {
    push: (entry, unread = false) => {
      queue.push(entry, unread);
      lastQueuedAt = entry[1];
      scheduleFlush();
    },
    read: (entry) => {
      queue.read(entry);
      scheduleFlush();
    },
    flush: () => {
      flush();
    },
    drain: () => {
      flush(Infinity);
    },
  };
}
