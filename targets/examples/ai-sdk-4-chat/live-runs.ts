/**
 * The answers streaming now, one per chat, kept whole while they stream so that a page opened in
 * the middle (a reload) can resume one: it gets every byte so far, then the rest as it comes, as
 * the `resumable-stream` package does for ai@4's `experimental_resume`. An answer goes on when the
 * page that asked goes away (a reload, or Stop, which only aborts the page's fetch); a new message
 * in the same chat ends it.
 */
export type Listener = (chunk: Uint8Array | null) => void;

interface LiveRun {
  chunks: Uint8Array[];
  listeners: Set<Listener>;
  abort: AbortController;
}

export class LiveRuns {
  private readonly runs = new Map<string, LiveRun>();

  isStreaming(chatId: string): boolean {
    return this.runs.has(chatId);
  }

  /** Ends the answer streaming for `chatId`, if any, and gives the signal of the next one. */
  next(chatId: string): AbortController {
    this.runs.get(chatId)?.abort.abort();
    return new AbortController();
  }

  /** Streams `body` for `chatId` to `listener`, keeping it for resumers until it ends; resolves with all it streamed. */
  async stream(chatId: string, body: ReadableStream<Uint8Array>, abort: AbortController, listener: Listener): Promise<Uint8Array[]> {
    const run: LiveRun = { chunks: [], listeners: new Set([listener]), abort };
    this.runs.set(chatId, run);
    try {
      for await (const chunk of body) {
        run.chunks.push(chunk);
        for (const each of run.listeners) each(chunk);
      }
    } finally {
      if (this.runs.get(chatId) === run) this.runs.delete(chatId);
      for (const each of run.listeners) each(null);
    }
    return run.chunks;
  }

  /** Joins the answer streaming for `chatId` from its first byte; false when none streams. */
  resume(chatId: string, listener: Listener): boolean {
    const run = this.runs.get(chatId);
    if (!run) return false;
    for (const chunk of run.chunks) listener(chunk);
    run.listeners.add(listener);
    return true;
  }

  /** Stops following the answer for `listener` (the page went away); the answer itself goes on. */
  leave(chatId: string, listener: Listener): void {
    this.runs.get(chatId)?.listeners.delete(listener);
  }
}
