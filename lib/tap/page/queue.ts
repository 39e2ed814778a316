/**
 * The entries waiting in the page to be reported, oldest first. Pure (no DOM): unit tested in
 * Node (tests/tap/page-queue.spec.ts). An entry leaves only once its batch was handed over
 * (`remove`), so a batch that could not be sent is offered again, not lost.
 */
import type { TapEntry } from '../tap-batch.ts';

/** Past this many sent entries at its head, the array is cut down, so a long burst's memory is freed as it is reported. */
const COMPACT_AFTER = 4096;

export class TapQueue {
  private entries: TapEntry[] = [];
  /** The index of the oldest entry not yet handed over: removing from the head is then O(1). */
  private head = 0;
  /** Binary entries whose Blob is still being read: they and every entry after them wait. */
  private readonly unread = new Set<TapEntry>();

  get size(): number {
    return this.entries.length - this.head;
  }

  /** The oldest entry waiting, if any. */
  get oldest(): TapEntry | undefined {
    return this.entries[this.head];
  }

  /** Queues `entry`; `unread`: its payload is still being read (see `read`). */
  push(entry: TapEntry, unread = false): void {
    if (unread) this.unread.add(entry);
    this.entries.push(entry);
  }

  /** The payload of an entry pushed as unread is in place: it, and what follows it, may leave. */
  read(entry: TapEntry): void {
    this.unread.delete(entry);
  }

  /** Up to `limit` entries that may leave now, oldest first: none from the first one still being read. */
  ready(limit: number): TapEntry[] {
    const end = Math.min(this.entries.length, this.head + limit);
    if (this.unread.size === 0) return this.entries.slice(this.head, end);
    let last = this.head;
    while (last < end && !this.unread.has(this.entries[last] as TapEntry)) last++;
    return this.entries.slice(this.head, last);
  }

  /** The oldest `count` entries were handed over: they leave the queue. */
  remove(count: number): void {
    if (count > this.size) throw new Error(`chat-e2e tap: ${String(count)} entries cannot leave a queue of ${String(this.size)}`);
    this.head += count;
    if (this.head === this.entries.length) {
      this.entries = [];
      this.head = 0;
    } else if (this.head >= COMPACT_AFTER && this.head * 2 >= this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }
}

/** How a flush ended: nothing ready is left, the time budget ran out with some left, or the binding refused a batch (it stays queued). */
export type FlushOutcome = 'done' | 'budget spent' | 'refused';

export interface FlushSteps {
  /** Packs the next batch from entries ready now (oldest first); how many it took is in `entries`. */
  pack: (ready: TapEntry[]) => { text: string; entries: number } | undefined;
  /** Hands one batch to the binding; false where it could not take it. */
  handOver: (batch: string) => boolean;
  /** At most this many entries are offered to one batch. */
  maxEntries: number;
  now: () => number;
  budgetMs: number;
}

/**
 * One flush: batch after batch from the head of `queue`, each removed only once handed over, until
 * none is ready, the budget is spent (one batch always goes) or a batch is refused.
 */
export function flushQueue(queue: TapQueue, { pack, handOver, maxEntries, now, budgetMs }: FlushSteps): FlushOutcome {
  const started = now();
  for (;;) {
    const batch = pack(queue.ready(maxEntries));
    if (!batch) return 'done';
    if (!handOver(batch.text)) return 'refused';
    queue.remove(batch.entries);
    if (now() - started >= budgetMs) return queue.ready(1).length > 0 ? 'budget spent' : 'done';
  }
}
