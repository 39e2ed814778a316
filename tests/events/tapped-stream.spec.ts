import { expect, test } from '@playwright/test';
import { packDecoders } from '../../lib/events/decoder-guard.ts';
import { FrameRecorder } from '../../lib/events/recorder.ts';
import type { TappedFrame } from '../../lib/events/types.ts';
import type { HttpStreamMeta, RecordedFrame } from '../../lib/events/types.ts';

const URL_ = 'http://127.0.0.1:4321/api/sse';
const page = { pageId: 'page-1', contextId: 'context-1', owner: 'alice' };
const event = (envelope: object, id = '') => `${id ? `id: ${id}\n` : ''}data: ${JSON.stringify(envelope)}\n\n`;
const ack = { type: 'ack', runId: 'r', userId: 'u', conversationId: 'c', ts: '2030-01-01T00:00:00.000Z', data: { clientId: 'x' } };

/** One HTTP stream as the tap reports it: its open (with `http`), the response's chunks, its close. */
function recordStream(http: HttpStreamMeta, chunks: string[], transport: 'sse' | 'ndjson' = 'sse'): RecordedFrame[] {
  const recorder = new FrameRecorder(packDecoders('reference'), () => true);
  recorder.beginTest('t');
  const frame = (kind: TappedFrame['kind'], extra: Partial<TappedFrame> = {}): TappedFrame => ({ kind, at: 1, socketId: 'socket-1', url: URL_, ...extra });
  recorder.record(frame('open', { transport, http }), page);
  for (const chunk of chunks) recorder.record(frame('received', { payload: chunk }), page);
  recorder.record(frame('close', { code: 0, reason: 'ended' }), page);
  return recorder.endTest();
}

const received = (frames: RecordedFrame[]) => frames.filter((frame) => frame.kind === 'received' && frame.payload !== undefined && frame.decoded !== undefined);

test.describe('a streamed response in the worker', { tag: '@unit' }, () => {
  test('SSE chunks cut anywhere become one frame per event, with its id, all on the stream of the open', () => {
    const stream = event(ack) + event({ ...ack, type: 'agent_started', seq: 1, data: { messageId: 'm' } }, '1');
    const frames = recordStream({ via: 'fetch', status: 200, contentType: 'text/event-stream' }, [stream.slice(0, 30), stream.slice(30, 31), stream.slice(31)]);
    expect(received(frames).map((frame) => [frame.transport, frame.sse?.id, frame.decoded && 'type' in frame.decoded ? frame.decoded.type : undefined])).toEqual([
      ['sse', '', 'ack'],
      ['sse', '1', 'agent_started'],
    ]);
  });

  test('NDJSON: one frame per line, a last line with no newline too', () => {
    const frames = recordStream({ via: 'fetch', status: 200, contentType: 'application/x-ndjson' }, [`${JSON.stringify(ack)}\n${JSON.stringify(ack).slice(0, 10)}`, JSON.stringify(ack).slice(10)], 'ndjson');
    // The last line is known to be whole only at the end: it is decoded with the close.
    expect(frames.flatMap((frame) => (frame.decoded && 'type' in frame.decoded ? [[frame.kind, frame.decoded.type]] : []))).toEqual([
      ['received', 'ack'],
      ['close', 'ack'],
    ]);
  });

  test('a response that is no event stream is one malformed frame at its end, quoting the body', () => {
    const frames = recordStream({ via: 'fetch', status: 500, contentType: 'text/html' }, ['<html><body>Internal', ' error</body></html>']);
    const malformed = frames.filter((frame) => frame.decoded && 'malformed' in frame.decoded).map((frame) => frame.decoded);
    expect(malformed).toEqual([{ malformed: true, raw: '<html><body>Internal error</body></html>', reason: 'not an event stream: HTTP 500, content type "text/html"; the body is quoted as raw' }]);
    expect(frames.filter((frame) => frame.kind === 'received')).toHaveLength(2);
  });

  test('a request the product refused (4xx) is its answer, not a malformed stream: a control frame with the status and body', () => {
    const frames = recordStream({ via: 'fetch', status: 413, contentType: 'text/plain; charset=utf-8' }, ['Please keep messages ', 'under 800 characters.']);
    expect(frames.some((frame) => frame.decoded && 'malformed' in frame.decoded)).toBe(false);
    expect(frames.map((frame) => frame.decoded).find((decoded) => decoded && 'control' in decoded)).toEqual({ control: true, type: 'refused', data: { status: 413, body: 'Please keep messages under 800 characters.' } });
  });

  test('no response at all (a network error) is reported as such', () => {
    const frames = recordStream({ via: 'fetch', method: 'POST' }, []);
    expect(frames.find((frame) => frame.decoded && 'malformed' in frame.decoded)?.decoded).toMatchObject({ reason: 'no response came (a network error)' });
  });
});

test.describe('stream numbers after a reload', { tag: '@unit' }, () => {
  test('an open for a number that has had one starts a new stream with a decoder of its own', () => {
    const recorder = new FrameRecorder(packDecoders('ai-sdk'), () => true);
    recorder.beginTest('t');
    const frame = (kind: TappedFrame['kind'], extra: Partial<TappedFrame> = {}): TappedFrame => ({ kind, at: 1, socketId: 'socket-1', url: URL_, ...extra });
    // Before the reload: an error page, and the document goes away before the end is reported.
    recorder.record(frame('open', { transport: 'sse', http: { via: 'fetch', status: 502, contentType: 'text/html' } }), page);
    recorder.record(frame('received', { payload: '<html>Bad gateway' }), page);
    // After it, the new document's first stream is socket-1 again: an event stream of its own.
    recorder.record(frame('open', { transport: 'sse', http: { via: 'fetch', status: 200, contentType: 'text/event-stream' } }), page);
    recorder.record(frame('received', { payload: 'data: {"type":"start","messageId":"m-2"}\n\ndata: {"type":"finish"}\n\n' }), page);
    const events = recorder.endTest().flatMap((entry) => (entry.decoded && 'runId' in entry.decoded ? [[entry.decoded.type, entry.decoded.runId]] : []));
    expect(events).toEqual([
      ['agent_started', 'm-2'],
      ['agent_completed', 'm-2'],
    ]);
  });
});
