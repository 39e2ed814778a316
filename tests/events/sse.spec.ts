import { expect, test } from '@playwright/test';
import { parseSse, SseParser, type SseEvent } from '../../lib/events/sse.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

/** The events of `stream` fed as two chunks cut at `cut` (a byte offset), then ended. */
function cutAt(stream: Uint8Array, cut: number): { events: SseEvent[]; unterminated?: string } {
  const parser = new SseParser();
  const events = [...parser.feed(stream.subarray(0, cut)), ...parser.feed(stream.subarray(cut))];
  const end = parser.end();
  return { events: [...events, ...end.events], ...(end.unterminated === undefined ? {} : { unterminated: end.unterminated }) };
}

/** Every cut of the stream gives the same result as the whole stream at once. */
function expectEveryCut(text: string, expected: SseEvent[]): void {
  const stream = bytes(text);
  for (let cut = 0; cut <= stream.length; cut += 1) {
    expect(cutAt(stream, cut).events, `cut at byte ${cut} of ${stream.length}`).toEqual(expected);
  }
}

const message = (data: string, extra: Partial<SseEvent> = {}): SseEvent => ({ event: 'message', data, id: '', ...extra });

test.describe('SSE parsing (WHATWG HTML, "Interpreting an event stream")', { tag: '@unit' }, () => {
  test('data over several lines is joined by LF; event and id apply to their event', () => {
    expectEveryCut('event: delta\nid: 7\ndata: one\ndata: two\n\ndata: three\n\n', [
      { event: 'delta', data: 'one\ntwo', id: '7' },
      { event: 'message', data: 'three', id: '7' },
    ]);
  });

  test('CR, LF and CRLF line ends, mixed, even with CR and LF in different chunks', () => {
    expectEveryCut('data: a\r\n\r\ndata: b\r\rdata: c\n\ndata: d\r\n\n', [message('a'), message('b'), message('c'), message('d')]);
  });

  test('comment lines and unknown fields are ignored; a field with no colon has an empty value; one space after the colon is dropped', () => {
    expectEveryCut(': keep-alive\nfoo: bar\ndata\ndata:  two spaces\n\n', [message('\n two spaces')]);
  });

  test('retry: a number is taken, anything else ignored; an id with NUL is ignored', () => {
    expect(parseSse('retry: 1500\ndata: x\n\nretry: soon\nid: a\u0000b\ndata: y\n\n')).toEqual([message('x', { retry: 1500 }), message('y')]);
  });

  test('an event with no data is not dispatched, but its id still holds', () => {
    expect(parseSse('id: 3\n\ndata: after\n\n')).toEqual([message('after', { id: '3' })]);
  });

  test('a UTF-8 character split across chunks arrives whole, at every cut', () => {
    expectEveryCut('data: héllo wörld 👋 ✓\n\n', [message('héllo wörld 👋 ✓')]);
  });

  test('a byte-order mark at the start is dropped', () => {
    expectEveryCut('\ufeffdata: first\n\n', [message('first')]);
  });

  test('a last event with no blank line after it is not dispatched: end() hands it back as cut', () => {
    const stream = bytes('data: done\n\ndata: {"type":"text-del');
    for (let cut = 0; cut <= stream.length; cut += 1) {
      const result = cutAt(stream, cut);
      expect(result.events, `cut at ${cut}`).toEqual([message('done')]);
      expect(result.unterminated, `cut at ${cut}`).toBe('data: {"type":"text-del');
    }
    expect(new SseParser().end()).toEqual({ events: [] });
    const parser = new SseParser();
    parser.feed('data: whole line\n');
    expect(parser.end().unterminated).toBe('data: whole line');
  });

  test('the events the AI SDK and AG-UI write come out one per data line', () => {
    expectEveryCut('data: {"type":"start"}\n\ndata: {"type":"text-delta","id":"t","delta":"ü"}\n\ndata: [DONE]\n\n', [
      message('{"type":"start"}'),
      message('{"type":"text-delta","id":"t","delta":"ü"}'),
      message('[DONE]'),
    ]);
  });
});
