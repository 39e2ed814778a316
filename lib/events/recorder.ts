/**
 * The worker's store of every frame the tap saw. Pure: the Playwright side hands it plain
 * objects or the page's packed batches; it stamps each with the running test and decodes what
 * the page received.
 *
 * Batches are unpacked and decoded when frames are read, not when they arrive: during a burst
 * the page and the worker share the machine's cores, and the page's receive rate is what the tap
 * must not slow (bench/RESULTS.md). Test and owner are stamped on arrival, so reading later
 * changes no attribution, and batches are unpacked in arrival order, so no order either.
 */
import type { Decoders } from './decoder-guard.ts';
import { TappedStream } from './tapped-stream.ts';
import type { RecordedFrame, TappedFrame, Transport } from './types.ts';

/** Where a tapped frame came from: known to the Playwright side only. */
export interface FrameOrigin {
  pageId: string;
  contextId: string;
  owner: string | undefined;
}

/** Turns one packed batch from the page back into its frames; may throw on a batch it cannot read. */
export type UnpackBatch = (batch: string) => TappedFrame[];

interface PendingBatch {
  batch: string;
  unpack: UnpackBatch;
  origin: FrameOrigin;
  testId: string;
  arrivedAt: number;
}

const originFields = ({ pageId, contextId, owner }: FrameOrigin) => ({ pageId, contextId, ...(owner === undefined ? {} : { owner }) });

const BETWEEN_TESTS = '(between tests)';
/** How much of an unreadable batch a report quotes. */
const QUOTED_CHARS = 200;

export class FrameRecorder {
  private frames: RecordedFrame[] = [];
  private pending: PendingBatch[] = [];
  private nextIndex = 0;
  private currentTest = BETWEEN_TESTS;
  /**
   * One reader and decoder per stream, by page and socket number: it sees the stream's frames in
   * order, and its end once. A page numbers its streams afresh after a reload, so an open for a
   * number that has had one starts a new stream. A stream is dropped once it closes, and at the
   * end of a test if no frame came for it during that test (its page is gone: pages live within a
   * test, and a closed page's sockets send no close), so the map holds at most one test's streams.
   */
  private streams = new Map<string, TappedStream>();
  /** The tests ended so far: a stream remembers in which of them it last had a frame. */
  private testsEnded = 0;
  private readonly lastSeen = new WeakMap<TappedStream, number>();

  constructor(
    private readonly decoders: Decoders,
    private readonly isTappedUrl: (url: string) => boolean,
  ) {}

  beginTest(testId: string): void {
    this.currentTest = testId;
  }

  /**
   * Ends the test and hands back every frame held: the test's own, and any that arrived between
   * tests (stamped as such), so that nothing is dropped unseen. The store is then empty.
   */
  endTest(): RecordedFrame[] {
    this.settle();
    for (const [key, stream] of this.streams) if (this.lastSeen.get(stream) !== this.testsEnded) this.streams.delete(key);
    this.testsEnded += 1;
    this.currentTest = BETWEEN_TESTS;
    const held = this.frames;
    this.frames = [];
    return held;
  }

  /** Records one frame now. */
  record(tapped: TappedFrame, origin: FrameOrigin): void {
    this.settle();
    this.store(tapped, origin, this.currentTest);
  }

  /** Takes a packed batch as it arrives; its frames belong to the test running now. */
  receive(batch: string, unpack: UnpackBatch, origin: FrameOrigin): void {
    this.pending.push({ batch, unpack, origin, testId: this.currentTest, arrivedAt: Date.now() });
  }

  /** How many streams the recorder holds state for (open streams, and those of the last test). */
  get streamsHeld(): number {
    return this.streams.size;
  }

  /** The running test's frames so far, in recorded order. */
  framesOf(testId: string): RecordedFrame[] {
    this.settle();
    return this.frames.filter((frame) => frame.testId === testId);
  }

  private settle(): void {
    if (this.pending.length === 0) return;
    const pending = this.pending;
    this.pending = [];
    for (const { batch, unpack, origin, testId, arrivedAt } of pending) {
      let frames: TappedFrame[];
      try {
        frames = unpack(batch);
      } catch (error) {
        // A batch the worker cannot read is a broken tap: reported as a malformed frame, not lost.
        const reason = `the tap's batch from ${origin.pageId} could not be read (${error instanceof Error ? error.message : String(error)})`;
        this.frames.push({
          index: this.nextIndex++,
          testId,
          kind: 'received',
          at: arrivedAt,
          socketId: '(unreadable tap batch)',
          url: '',
          ...originFields(origin),
          decoded: { malformed: true, raw: batch.slice(0, QUOTED_CHARS), reason },
        });
        continue;
      }
      for (const frame of frames) this.store(frame, origin, testId);
    }
  }

  private store(tapped: TappedFrame, origin: FrameOrigin, testId: string): void {
    if (!this.isTappedUrl(tapped.url)) return;
    const stream = this.streamOf(tapped, origin);
    const readings = stream.read(tapped);
    // A close is a stream's last frame: its state goes (a frame after it would start a new stream).
    if (tapped.kind === 'close') this.streams.delete(this.streamKey(tapped, origin));
    else this.lastSeen.set(stream, this.testsEnded);
    // A network chunk of a stream holds several events, each a frame; `part` marks only the later items one frame decoded to.
    for (const reading of readings) {
      const frame = this.entry(tapped, stream.transport, origin, testId);
      if (reading.payload !== undefined) frame.payload = reading.payload;
      if (reading.sse !== undefined) frame.sse = reading.sse;
      if (reading.decoded !== undefined) frame.decoded = reading.decoded;
      if (reading.part !== undefined) frame.part = reading.part;
      this.frames.push(frame);
    }
  }

  private streamKey(tapped: TappedFrame, origin: FrameOrigin): string {
    return `${origin.pageId}/${tapped.socketId}`;
  }

  /** The stream's reader, made with its decoder on the stream's first frame. */
  private streamOf(tapped: TappedFrame, origin: FrameOrigin): TappedStream {
    const streamId = this.streamKey(tapped, origin);
    const known = this.streams.get(streamId);
    if (known && !(tapped.kind === 'open' && known.opened)) return known;
    const transport = tapped.transport ?? 'websocket';
    const info = { streamId, url: tapped.url, transport, pageId: origin.pageId, contextId: origin.contextId };
    const decoder = this.decoders.open(origin.owner === undefined ? info : { ...info, owner: origin.owner });
    const stream = new TappedStream(decoder, transport, tapped.framed === true ? undefined : tapped.http, tapped.framed === true);
    this.streams.set(streamId, stream);
    return stream;
  }

  /** One recorded entry, its fields set one by one: this runs once per frame of a burst, where spreading objects shows. */
  private entry(tapped: TappedFrame, transport: Transport, origin: FrameOrigin, testId: string): RecordedFrame {
    const frame: RecordedFrame = { index: this.nextIndex++, testId, kind: tapped.kind, at: tapped.at, socketId: tapped.socketId, url: tapped.url, transport, pageId: origin.pageId, contextId: origin.contextId };
    if (origin.owner !== undefined) frame.owner = origin.owner;
    if (tapped.payload !== undefined) frame.payload = tapped.payload;
    if (tapped.binary !== undefined) frame.binary = tapped.binary;
    if (tapped.bytes !== undefined) frame.bytes = tapped.bytes;
    if (tapped.code !== undefined) frame.code = tapped.code;
    if (tapped.reason !== undefined) frame.reason = tapped.reason;
    if (tapped.http !== undefined) frame.http = tapped.http;
    return frame;
  }
}
