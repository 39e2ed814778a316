/**
 * The worker's store of every frame the tap saw. Pure: the Playwright side hands it plain
 * objects; it stamps each with the running test and decodes what the page received.
 */
import { safeDecode } from './decoder-loader.ts';
import type { DecodeFn, FrameKind, RecordedFrame } from './types.ts';

/** What the in-page tap reports for one socket happening. */
export interface TappedFrame {
  kind: FrameKind;
  at: number;
  socketId: string;
  url: string;
  payload?: string;
  binary?: boolean;
  bytes?: number;
  code?: number;
  reason?: string;
}

/** Where a tapped frame came from: known to the Playwright side only. */
export interface FrameOrigin {
  pageId: string;
  contextId: string;
  owner: string | undefined;
}

const BETWEEN_TESTS = '(between tests)';

export class FrameRecorder {
  private frames: RecordedFrame[] = [];
  private nextIndex = 0;
  private currentTest = BETWEEN_TESTS;

  constructor(
    private readonly decode: DecodeFn,
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
    this.currentTest = BETWEEN_TESTS;
    const held = this.frames;
    this.frames = [];
    return held;
  }

  record(tapped: TappedFrame, origin: FrameOrigin): void {
    if (!this.isTappedUrl(tapped.url)) return;
    const frame: RecordedFrame = {
      index: this.nextIndex++,
      testId: this.currentTest,
      ...tapped,
      pageId: origin.pageId,
      contextId: origin.contextId,
      ...(origin.owner === undefined ? {} : { owner: origin.owner }),
    };
    if (tapped.kind === 'received') {
      frame.decoded = safeDecode(this.decode, { payload: tapped.payload ?? '', binary: tapped.binary ?? false });
    }
    this.frames.push(frame);
  }

  /** The running test's frames so far, in recorded order. */
  framesOf(testId: string): RecordedFrame[] {
    return this.frames.filter((frame) => frame.testId === testId);
  }
}
