import { expect, test } from '@playwright/test';
import { packDecoders } from '../../lib/events/decoder-guard.ts';
import { FrameRecorder, type FrameOrigin } from '../../lib/events/recorder.ts';
import { isMalformed, type TappedFrame } from '../../lib/events/types.ts';
import { wireRun } from '../support/frames.ts';

const APP_SOCKET = 'ws://127.0.0.1:4321/ws';
const SSE_URL = 'http://127.0.0.1:4321/api/sse';
const pageOf = (index: number): FrameOrigin => ({ pageId: `page-${String(index)}`, contextId: `context-${String(index)}`, owner: 'alice' });
const newRecorder = () => new FrameRecorder(packDecoders('reference'), (url) => url === APP_SOCKET || url === SSE_URL);

const sseOpen = (socketId: string): TappedFrame => ({ kind: 'open', at: 1, socketId, url: SSE_URL, transport: 'sse', http: { via: 'fetch', method: 'POST', status: 200, contentType: 'text/event-stream' } });
const sseChunk = (socketId: string, payload: string): TappedFrame => ({ kind: 'received', at: 2, socketId, url: SSE_URL, payload, binary: false });
const sseClose = (socketId: string): TappedFrame => ({ kind: 'close', at: 3, socketId, url: SSE_URL, code: 0, reason: 'ended' });
const socketFrames = (socketId: string): TappedFrame[] => [
  { kind: 'open', at: 1, socketId, url: APP_SOCKET },
  { kind: 'received', at: 2, socketId, url: APP_SOCKET, payload: JSON.stringify(wireRun()[0]), binary: false },
];

test.describe("the recorder's streams", { tag: '@unit' }, () => {
  test('a streamed response leaves no state behind once it closes, however many a test has', () => {
    const recorder = newRecorder();
    recorder.beginTest('many responses');
    for (let stream = 1; stream <= 50; stream += 1) {
      const socketId = `socket-${String(stream)}`;
      for (const frame of [sseOpen(socketId), sseChunk(socketId, `data: ${JSON.stringify(wireRun()[0])}\n\n`), sseClose(socketId)]) recorder.record(frame, pageOf(1));
    }
    expect(recorder.framesOf('many responses').filter((frame) => isMalformed(frame.decoded))).toEqual([]);
    expect(recorder.streamsHeld, 'streams held after 50 closed responses').toBe(0);
  });

  test('what is held does not grow across tests whose pages closed without a close frame', () => {
    const recorder = newRecorder();
    for (let test = 1; test <= 20; test += 1) {
      recorder.beginTest(`test ${String(test)}`);
      // A page's socket, never closed: the page went with its test's context.
      for (const frame of socketFrames('socket-1')) recorder.record(frame, pageOf(test));
      recorder.endTest();
      expect(recorder.streamsHeld, `streams held after test ${String(test)}`).toBeLessThanOrEqual(1);
    }
    recorder.beginTest('quiet');
    recorder.endTest();
    expect(recorder.streamsHeld, 'streams held after a test that saw no frame').toBe(0);
  });

  test('a stream with frames in the test that ended keeps its state: an SSE event cut across the end is still read whole', () => {
    const recorder = newRecorder();
    const event = `data: ${JSON.stringify(wireRun()[0])}\n\n`;
    recorder.beginTest('first');
    recorder.record(sseOpen('socket-1'), pageOf(1));
    recorder.record(sseChunk('socket-1', event.slice(0, 10)), pageOf(1));
    recorder.endTest();
    recorder.beginTest('second');
    recorder.record(sseChunk('socket-1', event.slice(10)), pageOf(1));
    const [frame] = recorder.framesOf('second');
    expect(frame).toMatchObject({ transport: 'sse', decoded: { type: 'agent_started' } });
  });
});
