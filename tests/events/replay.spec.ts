import { test } from '@playwright/test';
import { expect } from '../../lib/matchers/index.ts';
import { packDecoders } from '../../lib/events/decoder-guard.ts';
import { FrameRecorder } from '../../lib/events/recorder.ts';
import { replayRecording } from '../../lib/events/replay.ts';
import type { RecordedFrame } from '../../lib/events/types.ts';
import { record, userMessage, wireRun } from '../support/frames.ts';

const jsonl = (frames: readonly RecordedFrame[]) => frames.map((frame) => JSON.stringify(frame)).join('\n');
const decodedOf = (frames: readonly RecordedFrame[]) => frames.map((frame) => [frame.kind, frame.decoded]);

test.describe('replaying a recording through a decoder', { tag: '@unit' }, () => {
  test('a socket recording decodes again to the same items, in the same order', () => {
    const recording = record([userMessage('What is 6*7?'), ...wireRun(), { kind: 'close' }]);
    const { frames, unreadable } = replayRecording(jsonl(recording), packDecoders('reference'));
    expect(unreadable).toEqual([]);
    expect(decodedOf(frames)).toEqual(decodedOf(recording));
  });

  test('a streamed response is replayed as the events it was recorded as, not parsed as SSE again', () => {
    const recorder = new FrameRecorder(packDecoders('reference'), () => true);
    recorder.beginTest('t');
    const origin = { pageId: 'page-1', contextId: 'context-1', owner: 'alice' };
    const base = { at: 1, socketId: 'socket-1', url: 'http://app/api/sse' };
    recorder.record({ ...base, kind: 'open', transport: 'sse', http: { via: 'fetch', status: 200, contentType: 'text/event-stream' } }, origin);
    const [started] = wireRun();
    recorder.record({ ...base, kind: 'received', payload: `id: 1\ndata: ${JSON.stringify(started)}\n\n` }, origin);
    recorder.record({ ...base, kind: 'close', code: 0, reason: 'ended' }, origin);
    const recording = recorder.endTest();
    const { frames } = replayRecording(jsonl(recording), packDecoders('reference'));
    expect(decodedOf(frames)).toEqual(decodedOf(recording));
    expect(frames[1]?.decoded).toMatchObject({ type: 'agent_started' });
  });

  test('a network chunk that held a whole run of SSE events replays every event, as a complete run', () => {
    const recorder = new FrameRecorder(packDecoders('reference'), () => true);
    recorder.beginTest('t');
    const origin = { pageId: 'page-1', contextId: 'context-1', owner: 'alice' };
    const base = { at: 1, socketId: 'socket-1', url: 'http://app/api/sse' };
    recorder.record({ ...base, kind: 'open', transport: 'sse', http: { via: 'fetch', status: 200, contentType: 'text/event-stream' } }, origin);
    const run = wireRun();
    recorder.record({ ...base, kind: 'received', payload: run.map((envelope) => `id: ${String(envelope.seq)}\ndata: ${JSON.stringify(envelope)}\n\n`).join('') }, origin);
    recorder.record({ ...base, kind: 'close', code: 0, reason: 'ended' }, origin);
    const recording = recorder.endTest();
    expect(recording.filter((frame) => frame.part !== undefined), 'each event of the chunk is a frame of its own, not a part of one').toEqual([]);
    const { frames } = replayRecording(jsonl(recording), packDecoders('reference'));
    expect(decodedOf(frames)).toEqual(decodedOf(recording));
    expect(frames).toHaveCompleteRun({ count: 1 });
  });

  test('a line that holds no recorded frame is reported with its number, and the rest still replays', () => {
    const recording = record(wireRun());
    const lines = jsonl(recording).split('\n');
    const { frames, unreadable } = replayRecording([lines[0], '{"kind":"sent"', '[1,2]', ...lines.slice(1)].join('\n'), packDecoders('reference'));
    expect(unreadable).toEqual([
      { line: 2, reason: expect.stringMatching(/^not JSON: /) as unknown },
      { line: 3, reason: 'array, not a recorded frame' },
    ]);
    expect(frames).toHaveLength(recording.length);
  });
});
