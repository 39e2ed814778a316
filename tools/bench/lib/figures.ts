/**
 * What the bench specs measure and hand to bench/run.ts (as JSON files in BENCH_RESULT_DIR),
 * and how the run tells a spec what to do (environment variables). Types and parsing only.
 */

/** The page's own count of one burst. */
export interface PageCount {
  received: number;
  outOfOrder: number;
  /** From the first bench frame to bench_done, page clock. */
  ms: number;
}

/**
 * untapped: the page alone. listener: a WebSocket wrapper whose message listener does nothing (over
 * SSE: the response teed, the second branch read and dropped), the least any in-page tap costs.
 * keeping: the listener keeping every frame it hears, as the tap's queue does until it reports,
 * and nothing more. tapped: the suite's tap and recorder.
 */
export const BURST_VARIANTS = ['untapped', 'listener', 'keeping', 'tapped'] as const;
export type BurstVariant = (typeof BURST_VARIANTS)[number];

/** ws: frames of the page's WebSocket. sse: events of a streamed fetch response (POST /api/sse). */
export const BURST_TRANSPORTS = ['ws', 'sse'] as const;
export type BurstTransport = (typeof BURST_TRANSPORTS)[number];

export interface BurstRound {
  variant: BurstVariant;
  page: PageCount;
  framesPerSecond: number;
  /** Wall time of the measuring window: from asking for the burst to the recorder holding all of it, ms. */
  windowMs: number;
  /** CPU time in that window of the browser's processes, the test process (the worker) and the app, ms. */
  browserCpuMs: number;
  workerCpuMs: number;
  appCpuMs: number;
  /** Tapped rounds only: what reached the recorder. */
  recorded?: number;
  lost?: number;
  recorderOutOfOrder?: number;
  /** Binding calls that carried the burst (from asking for it to its last frame), and how many of them reached the test before the page's count did. */
  batches?: { total: number; beforePageCount: number };
  /** Live heap of the test process after the burst minus before it (gc before each reading), bytes. */
  heapDelta?: number;
}

export interface ThroughputResult {
  browser: string;
  version: string;
  /** Whether the heap figures were taken after a forced gc. */
  gc: boolean;
  bursts: { transport: BurstTransport; frames: number; rounds: BurstRound[] }[];
}

export interface BurstPlan {
  frames: number;
  rounds: number;
}

/** Short bursts are noisy (under a second each), so they get more rounds. */
export const DEFAULT_BURSTS = '10000x15,100000x5';

/** BENCH_BURSTS="10000x9,100000x3": burst sizes, each with its number of interleaved rounds. */
export function parseBurstPlan(text = DEFAULT_BURSTS): BurstPlan[] {
  return text.split(',').map((item) => {
    const match = /^\s*(\d+)x(\d+)\s*$/.exec(item);
    if (!match) throw new Error(`BENCH_BURSTS: expected FRAMESxROUNDS items separated by commas, got "${item}"`);
    return { frames: Number(match[1]), rounds: Number(match[2]) };
  });
}

export interface UsersResult {
  browser: string;
  users: number;
  /** Sign-in and opening of every user's chat, each in its own context. */
  openMs: number;
  /** From the first message sent to the last answer on screen. */
  messagesMs: number;
  /** Per user: ms from calling send to the answer shown done (test-process clock). */
  observedMs: number[];
  /** Per user: ms from the test calling ask to the user_message frame leaving the page. */
  sendMs: number[];
  /** Per run: ms from the sent user_message frame to the agent_completed frame (page clock, the tap's figure). */
  wireMs: number[];
  /** Peak resident set of the test process (the worker), from the kernel's high-water mark. */
  workerPeakRssBytes: number;
  /** CPU time used while the messages were answered, ms: the browser (and its parts), this worker, the app. */
  messagesCpuMs: { browser: number; worker: number; app: number; browserParts: Record<string, number> };
}
