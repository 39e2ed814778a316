import { expect, test } from '@playwright/test';
import { decodeTapBatch } from '../../lib/tap/tap-batch.ts';

const TIME_ORIGIN = 1_800_000_000_000;
/** The document's tag in its socket ids: its time origin in base 36. */
const DOCUMENT = 'mywpiww0';
const header = `${JSON.stringify([TIME_ORIGIN, { 1: 'ws://127.0.0.1:4321/ws' }])}\n`;

test.describe('the tap batch, as the worker reads it', { tag: '@unit' }, () => {
  test('reads every entry kind back, times in microseconds, strings taken by length, not by what they contain', () => {
    const text = '{"type":"note","text":"a;b,c:d\\n"}';
    const reason = 'bye; see you';
    const batch =
      header +
      '0,1500,1;' +
      `1,2250,1,${String(text.length)}:${text};` +
      '2,3000,1,b3,4:AAEC;' +
      '2,4000,1,0:;' +
      '4,5000,1;' +
      `3,6000,1,4000,${String(reason.length)}:${reason};`;

    expect(decodeTapBatch(batch)).toEqual([
      { kind: 'open', at: TIME_ORIGIN + 1.5, socketId: `socket-1@${DOCUMENT}`, url: 'ws://127.0.0.1:4321/ws' },
      { kind: 'sent', at: TIME_ORIGIN + 2.25, socketId: `socket-1@${DOCUMENT}`, url: 'ws://127.0.0.1:4321/ws', payload: text, binary: false, bytes: text.length },
      { kind: 'received', at: TIME_ORIGIN + 3, socketId: `socket-1@${DOCUMENT}`, url: 'ws://127.0.0.1:4321/ws', payload: 'AAEC', binary: true, bytes: 3 },
      { kind: 'received', at: TIME_ORIGIN + 4, socketId: `socket-1@${DOCUMENT}`, url: 'ws://127.0.0.1:4321/ws', payload: '', binary: false, bytes: 0 },
      { kind: 'error', at: TIME_ORIGIN + 5, socketId: `socket-1@${DOCUMENT}`, url: 'ws://127.0.0.1:4321/ws' },
      { kind: 'close', at: TIME_ORIGIN + 6, socketId: `socket-1@${DOCUMENT}`, url: 'ws://127.0.0.1:4321/ws', code: 4000, reason },
    ]);
  });

  test("an HTTP stream's open carries its meta: how the page read it and what the server answered", () => {
    const meta = JSON.stringify({ via: 'fetch', method: 'POST', status: 200, contentType: 'text/event-stream' });
    const streams = `${JSON.stringify([TIME_ORIGIN, { 2: 'http://127.0.0.1:4321/api/sse' }])}\n`;
    const chunk = 'data: {"type":"ack"}\n\n';
    expect(decodeTapBatch(`${streams}0,1000,2,${String(meta.length)}:${meta};2,2000,2,${String(chunk.length)}:${chunk};3,3000,2,0,5:ended;`)).toEqual([
      { kind: 'open', at: TIME_ORIGIN + 1, socketId: `socket-2@${DOCUMENT}`, url: 'http://127.0.0.1:4321/api/sse', transport: 'sse', http: JSON.parse(meta) as unknown },
      { kind: 'received', at: TIME_ORIGIN + 2, socketId: `socket-2@${DOCUMENT}`, url: 'http://127.0.0.1:4321/api/sse', payload: chunk, binary: false, bytes: chunk.length },
      { kind: 'close', at: TIME_ORIGIN + 3, socketId: `socket-2@${DOCUMENT}`, url: 'http://127.0.0.1:4321/api/sse', code: 0, reason: 'ended' },
    ]);
    const ndjson = JSON.stringify({ via: 'xhr', status: 200, contentType: 'application/x-ndjson' });
    expect(decodeTapBatch(`${streams}0,1000,2,${String(ndjson.length)}:${ndjson};`)[0]).toMatchObject({ transport: 'ndjson' });
  });

  test('counts bytes of a text frame as UTF-8, as the socket carried them', () => {
    const [frame] = decodeTapBatch(`${header}2,1,1,2:é€;`);
    expect(frame).toMatchObject({ payload: 'é€', bytes: 5 });
  });

  test('refuses a batch it cannot read, saying where', () => {
    expect(() => decodeTapBatch('0,1,1;')).toThrow('chat-e2e tap: a batch without its header line');
    expect(() => decodeTapBatch(`${header}9,1,1;`)).toThrow(/unknown entry kind 9 at character/);
    expect(() => decodeTapBatch(`${header}2,1,1,10:short;`)).toThrow(/10 characters and ";" expected at character \d+ of a \d+-character batch/);
    expect(() => decodeTapBatch(`${header}2,x,1,0:;`)).toThrow(/a number ending in "," expected/);
  });
});
