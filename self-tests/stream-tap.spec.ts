import type { Page } from '@playwright/test';
import { isMalformed, type RecordedFrame } from '../lib/events/types.ts';
import { expect, test } from '../fixtures/index.ts';

/** The reference app's SSE endpoint: STREAM_URL_PATTERN's default taps it. */
const SSE = '/api/sse';

const overHttp = (frames: RecordedFrame[]) => frames.filter((frame) => frame.transport === 'sse' || frame.transport === 'ndjson');
const reasons = (frames: RecordedFrame[]) => frames.flatMap((frame) => (isMalformed(frame.decoded) ? [frame.decoded.reason] : []));

/** Serves GET /api/sse (the app answers only POST) with a fixed event stream, for the clients that can only GET. */
async function serveEventStream(page: Page, body: string): Promise<void> {
  await page.route(`**${SSE}`, async (route) => {
    if (route.request().method() !== 'GET') return route.fallback();
    return route.fulfill({ status: 200, contentType: 'text/event-stream', body });
  });
}

test.describe('the event tap records streamed HTTP responses', { tag: ['@tap', '@sse'] }, () => {
  // The page's own socket and the stream each spec opens carry the same run: the user's frames hold it twice (rules 1, 3, 4).
  test.use({ allowLifecycleViolations: true });

  test('a run answered over fetch: the request, each SSE event with its id, and the end, in order', async ({ chat, events, user, page }) => {
    await expect(chat.connected).toBeVisible();
    const read = await page.evaluate(async (url) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'user_message', clientId: 'over-fetch', text: 'calculate 2+2' }) });
      return (await response.text()).length;
    }, SSE);
    expect(read, 'the page read the whole answer itself').toBeGreaterThan(0);

    await expect.poll(() => overHttp(events.of(user)).at(-1)?.kind, 'the stream ends').toBe('close');
    const frames = overHttp(events.of(user));
    expect(frames[0]).toMatchObject({ kind: 'open', http: { via: 'fetch', method: 'POST', status: 200, contentType: 'text/event-stream; charset=utf-8' } });
    expect(frames[1]).toMatchObject({ kind: 'sent', decoded: { userMessage: true, messageKey: 'over-fetch', text: 'calculate 2+2' } });
    expect(frames.at(-1)).toMatchObject({ kind: 'close', reason: 'ended' });
    const received = frames.filter((frame) => frame.kind === 'received');
    expect(received[0]?.decoded).toMatchObject({ control: true, type: 'ack' });
    // Each agent event's SSE id is its seq: what a reconnecting client sends back as Last-Event-ID.
    for (const frame of received.slice(1)) expect(frame.sse?.id).toBe(String((frame.decoded as { seq?: number }).seq));
    expect(frames).toHaveCompleteRun({ count: 1 });
    expect(frames).toHaveNoMalformedFrames();
  });

  test('an XMLHttpRequest that reads the stream as it grows is recorded the same way', async ({ chat, events, user, page }) => {
    await expect(chat.connected).toBeVisible();
    await page.evaluate(
      (url) =>
        new Promise<void>((resolve, reject) => {
          const request = new XMLHttpRequest();
          request.open('POST', url);
          request.setRequestHeader('content-type', 'application/json');
          request.onload = () => { resolve(); };
          request.onerror = () => { reject(new Error('XHR failed')); };
          request.send(JSON.stringify({ type: 'user_message', clientId: 'over-xhr', text: 'calculate 3*3' }));
        }),
      SSE,
    );
    await expect.poll(() => overHttp(events.of(user)).at(-1)?.kind).toBe('close');
    const frames = overHttp(events.of(user));
    expect(frames[0]).toMatchObject({ kind: 'open', http: { via: 'xhr', method: 'POST', status: 200 } });
    expect(frames).toHaveCompleteRun({ count: 1 });
    expect(frames).toHaveNoMalformedFrames();
  });

  test('an EventSource: its named and unnamed events, and its reconnect with Last-Event-ID, are recorded as such', async ({ chat, events, user, page }) => {
    await expect(chat.connected).toBeVisible();
    await serveEventStream(page, 'retry: 50\nid: 1\ndata: {"type":"ack","data":{}}\n\nevent: progress\nid: 2\ndata: {"type":"hello"}\n\n');
    await page.evaluate(
      (url) =>
        new Promise<void>((resolve) => {
          const source = new EventSource(url);
          let opens = 0;
          source.addEventListener('progress', () => undefined);
          source.addEventListener('open', () => {
            opens += 1;
            if (opens === 2) {
              source.close();
              resolve();
            }
          });
        }),
      SSE,
    );
    const frames = overHttp(events.of(user));
    const opens = frames.filter((frame) => frame.kind === 'open');
    expect(opens.map((frame) => frame.http)).toEqual([
      { via: 'eventsource', method: 'GET', status: 200, contentType: 'text/event-stream' },
      { via: 'eventsource', method: 'GET', status: 200, contentType: 'text/event-stream', reconnect: true, lastEventId: '2' },
    ]);
    const received = frames.filter((frame) => frame.kind === 'received');
    expect(received.slice(0, 2).map((frame) => [frame.sse?.event, frame.sse?.id, frame.payload])).toEqual([
      ['message', '1', '{"type":"ack","data":{}}'],
      ['progress', '2', '{"type":"hello"}'],
    ]);
    expect(frames.at(-1)).toMatchObject({ kind: 'close', reason: 'closed by the page' });
  });

  test.describe('bad input is recorded and reported with the reason, never dropped', () => {
    test.use({ allowMalformedFrames: true });

    test('an "event stream" that is none: a server error with an HTML body is malformed, a refusal (4xx) the product\'s answer', async ({ chat, events, user, page }) => {
      await expect(chat.connected).toBeVisible();
      await page.evaluate((url) => fetch(url, { method: 'POST', body: 'not json' }).then((response) => response.text()), SSE);
      await expect.poll(() => overHttp(events.of(user)).flatMap((frame) => (frame.decoded && 'control' in frame.decoded && frame.decoded.type === 'refused' ? [frame.decoded.data] : []))).toEqual([
        { status: 400, body: expect.stringContaining('not valid JSON') as unknown },
      ]);
      expect(reasons(overHttp(events.of(user))), 'a refusal is no malformed frame').toEqual([]);

      await page.route(`**${SSE}`, (route) => route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body>Bad gateway</body></html>' }));
      await page.evaluate((url) => fetch(url, { method: 'POST', body: '{}' }).then((response) => response.text()), SSE);
      await expect.poll(() => reasons(overHttp(events.of(user)))).toEqual(['not an event stream: HTTP 502, content type "text/html"; the body is quoted as raw']);
      expect(overHttp(events.of(user)).find((frame) => isMalformed(frame.decoded))?.decoded).toMatchObject({ raw: '<html><body>Bad gateway</body></html>' });
    });

    test('a stream cut in the middle of an event', async ({ chat, events, user, page }) => {
      await expect(chat.connected).toBeVisible();
      await page.route(`**${SSE}`, (route) => route.fulfill({ status: 200, contentType: 'text/event-stream', body: 'id: 1\ndata: {"type":"ack","data":{}}\n\ndata: {"type":"agent_star' }));
      await page.evaluate((url) => fetch(url, { method: 'POST', body: '{}' }).then((response) => response.text()), SSE);
      await expect.poll(() => reasons(overHttp(events.of(user)))).toEqual(['the stream ended in the middle of an SSE event (no blank line after it): the event was never dispatched']);
      expect(overHttp(events.of(user)).filter((frame) => frame.kind === 'received').map((frame) => frame.payload)).toEqual(['{"type":"ack","data":{}}']);
    });
  });
});
