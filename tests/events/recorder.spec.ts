import { expect, test } from '@playwright/test';
import { packDecoders } from '../../lib/events/decoder-guard.ts';
import { FrameRecorder, type FrameOrigin } from '../../lib/events/recorder.ts';
import type { TappedFrame } from '../../lib/events/types.ts';
import { wireRun } from '../support/frames.ts';

const APP_SOCKET = 'ws://127.0.0.1:4321/ws';
const alicePage: FrameOrigin = { pageId: 'page-1', contextId: 'context-1', owner: 'alice' };
const received = (payload: object, url = APP_SOCKET): TappedFrame => ({ kind: 'received', at: 1, socketId: 'socket-1', url, payload: JSON.stringify(payload), binary: false });
/** The packing under test is the tap's; here a batch is the frames as JSON. */
const pack = (frames: TappedFrame[]) => JSON.stringify(frames);
const unpack = (batch: string) => JSON.parse(batch) as TappedFrame[];
const newRecorder = () => new FrameRecorder(packDecoders('reference'), (url) => url === APP_SOCKET);

test.describe('frame recorder', { tag: '@unit' }, () => {
  test('a batch belongs to the test that was running when it arrived, however late it is read', () => {
    const recorder = newRecorder();
    const [started, thinking] = wireRun();
    recorder.beginTest('first');
    recorder.receive(pack([received(started ?? {})]), unpack, alicePage);
    recorder.beginTest('second');
    recorder.receive(pack([received(thinking ?? {})]), unpack, alicePage);

    expect(recorder.framesOf('first').map((frame) => [frame.testId, frame.owner, frame.decoded && 'type' in frame.decoded ? frame.decoded.type : undefined])).toEqual([['first', 'alice', 'agent_started']]);
    expect(recorder.framesOf('second')).toHaveLength(1);
  });

  test('frames keep their arrival order across packed batches and frames recorded directly', () => {
    const recorder = newRecorder();
    const [started, thinking, executing] = wireRun();
    recorder.beginTest('ordered');
    recorder.receive(pack([received(started ?? {})]), unpack, alicePage);
    recorder.record(received(thinking ?? {}), alicePage);
    recorder.receive(pack([received(executing ?? {})]), unpack, alicePage);

    const frames = recorder.framesOf('ordered');
    expect(frames.map((frame) => frame.index)).toEqual([0, 1, 2]);
    expect(frames.map((frame) => JSON.parse(frame.payload ?? '{}') as object)).toEqual([started, thinking, executing]);
  });

  test('keeps only sockets the suite taps', () => {
    const recorder = newRecorder();
    recorder.beginTest('filtered');
    recorder.receive(pack([received({ type: 'ping' }, 'ws://127.0.0.1:4321/hmr'), received({ type: 'ping' })]), unpack, alicePage);
    expect(recorder.framesOf('filtered').map((frame) => frame.url)).toEqual([APP_SOCKET]);
  });

  test('a batch it cannot read is kept as a malformed frame that names the page, not dropped', () => {
    const recorder = newRecorder();
    recorder.beginTest('broken tap');
    recorder.receive('[1, 2, "not a batch"', unpack, alicePage);
    const [frame, ...rest] = recorder.framesOf('broken tap');
    expect(rest).toEqual([]);
    expect(frame).toMatchObject({ testId: 'broken tap', owner: 'alice', decoded: { malformed: true, raw: '[1, 2, "not a batch"' } });
    expect(frame?.decoded && 'reason' in frame.decoded ? frame.decoded.reason : '').toMatch(/^the tap's batch from page-1 could not be read \(.*JSON/);
  });

  test('ending a test hands back its frames and those that came between tests, and empties the store', () => {
    const recorder = newRecorder();
    const [started, thinking] = wireRun();
    recorder.receive(pack([received(started ?? {})]), unpack, alicePage);
    recorder.beginTest('after a straggler');
    recorder.receive(pack([received(thinking ?? {})]), unpack, alicePage);

    expect(recorder.endTest().map((frame) => frame.testId)).toEqual(['(between tests)', 'after a straggler']);
    expect(recorder.endTest()).toEqual([]);
  });
});
