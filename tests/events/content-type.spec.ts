import { expect, test } from '@playwright/test';
import { isNdjsonContentType, transportOfContentType } from '../../lib/events/content-type.ts';
import { packDecoders } from '../../lib/events/decoder-guard.ts';
import { FrameRecorder } from '../../lib/events/recorder.ts';
import { isMalformed } from '../../lib/events/types.ts';
import { decodeTapBatch } from '../../lib/tap/tap-batch.ts';
import { wireRun } from '../support/frames.ts';

const URL = 'http://127.0.0.1:4321/api/stream';
const NDJSON_TYPES = ['application/ndjson', 'application/x-ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/x-ndjson; charset=utf-8', 'Application/NDJSON'];
const NOT_NDJSON = ['application/json', 'text/plain', 'text/ndjson', 'application/ndjson-seq', ''];

/** A tapped response of `contentType` carrying one NDJSON line, as the page packs it, read by the worker. */
function recordedAs(contentType: string) {
  const meta = JSON.stringify({ via: 'fetch', method: 'POST', status: 200, contentType });
  const line = `${JSON.stringify(wireRun()[0])}\n`;
  const batch = `${JSON.stringify([0, { 1: URL }])}\n0,1000,1,${String(meta.length)}:${meta};2,2000,1,${String(line.length)}:${line};3,3000,1,0,5:ended;`;
  const recorder = new FrameRecorder(packDecoders('reference'), (url) => url === URL);
  recorder.beginTest('stream');
  recorder.receive(batch, decodeTapBatch, { pageId: 'page-1', contextId: 'context-1', owner: undefined });
  return recorder.endTest();
}

test.describe('NDJSON by content type: one rule for the tap batch and the stream check', { tag: '@unit' }, () => {
  test('names NDJSON by its registered and customary names, with parameters, in any case', () => {
    for (const type of NDJSON_TYPES) expect(isNdjsonContentType(type), type).toBe(true);
    for (const type of NOT_NDJSON) expect(isNdjsonContentType(type), JSON.stringify(type)).toBe(false);
    expect(transportOfContentType('text/event-stream')).toBe('sse');
    expect(transportOfContentType('text/plain; charset=utf-8')).toBe('lines');
    expect(transportOfContentType(undefined)).toBe('sse');
  });

  for (const type of ['application/ndjson', 'application/x-ndjson', 'application/jsonl', 'application/x-jsonlines']) {
    test(`a response of ${type} is read as NDJSON, line by line, and not refused`, () => {
      const frames = recordedAs(type);
      expect(frames.filter((frame) => isMalformed(frame.decoded)).map((frame) => frame.decoded)).toEqual([]);
      expect(frames.find((frame) => frame.kind === 'received')).toMatchObject({ transport: 'ndjson', decoded: { type: 'agent_started' } });
    });
  }

  test('a plain-text response (the AI SDK 4.x data stream) is handed to the decoder line by line, and not refused', () => {
    const frames = recordedAs('text/plain; charset=utf-8');
    expect(frames.filter((frame) => isMalformed(frame.decoded)).map((frame) => frame.decoded)).toEqual([]);
    expect(frames.find((frame) => frame.kind === 'received')).toMatchObject({ transport: 'lines', decoded: { type: 'agent_started' } });
  });

  test('a response of another content type is refused as no event stream, naming its type', () => {
    const refusal = recordedAs('application/json').find((frame) => isMalformed(frame.decoded))?.decoded;
    expect(refusal).toMatchObject({ reason: expect.stringContaining('not an event stream: content type "application/json"') });
  });
});
