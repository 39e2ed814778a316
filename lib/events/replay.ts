/**
 * A recording replayed through a decoder, without a browser: the `agent-frames.jsonl` a test
 * attached is read back into the tap's frames, each stream through a decoder of its own, as the
 * worker's recorder did it live. A decoder's author records once and iterates in seconds.
 */
import type { Decoders } from './decoder-guard.ts';
import { FrameRecorder } from './recorder.ts';
import { describeJsonType, isJsonObject } from './decoders/common.ts';
import { FRAME_KINDS, type RecordedFrame, type TappedFrame } from './types.ts';

export interface Replay {
  frames: RecordedFrame[];
  /** Lines that held no recorded frame: kept, with why, so that nothing is skipped unseen. */
  unreadable: { line: number; reason: string }[];
}

const REPLAY_TEST = 'replay';

/** Why `value` is no recorded frame, or undefined when it is one. */
function notAFrame(value: unknown): string | undefined {
  if (!isJsonObject(value)) return `${describeJsonType(value)}, not a recorded frame`;
  if (typeof value.kind !== 'string' || !(FRAME_KINDS as readonly string[]).includes(value.kind)) return `kind ${JSON.stringify(value.kind)} is none of ${FRAME_KINDS.join(', ')}`;
  for (const field of ['socketId', 'url', 'pageId', 'contextId']) if (typeof value[field] !== 'string') return `no string ${field}`;
  if (typeof value.at !== 'number') return 'no number at';
  return undefined;
}

/** The frames of `jsonl` (one recorded frame per line) decoded again by `decoders`. */
export function replayRecording(jsonl: string, decoders: Decoders): Replay {
  const recorder = new FrameRecorder(decoders, () => true);
  recorder.beginTest(REPLAY_TEST);
  const unreadable: Replay['unreadable'] = [];
  jsonl.split('\n').forEach((text, index) => {
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      unreadable.push({ line: index + 1, reason: `not JSON: ${(error as Error).message}` });
      return;
    }
    const problem = notAFrame(value);
    if (problem !== undefined) {
      unreadable.push({ line: index + 1, reason: problem });
      return;
    }
    const frame = value as RecordedFrame;
    // The later items of one wire frame repeat it: the frame is replayed once.
    if (frame.part !== undefined) return;
    // Recorded frames of a streamed response are its events already: replayed as they are.
    const tapped: TappedFrame = { kind: frame.kind, at: frame.at, socketId: frame.socketId, url: frame.url, framed: true };
    for (const field of ['transport', 'http', 'payload', 'binary', 'bytes', 'code', 'reason'] as const) {
      if (frame[field] !== undefined) Object.assign(tapped, { [field]: frame[field] });
    }
    recorder.record(tapped, { pageId: frame.pageId, contextId: frame.contextId, owner: frame.owner });
  });
  return { frames: recorder.endTest(), unreadable };
}
