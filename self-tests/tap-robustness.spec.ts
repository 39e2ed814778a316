import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { expect, test } from '../fixtures/index.ts';
import { isMalformed, type RecordedFrame } from '../lib/events/types.ts';

/**
 * A socket server that misbehaves on purpose, beside a page that connects to it: what a broken
 * deployment could send. The reference app never sends these, so they are made here.
 */
async function startMisbehavingServer(serve: (socket: ServerSocket) => void): Promise<{ url: string; close: () => Promise<void> }> {
  const http: Server = createServer((_request, response) => {
    response.setHeader('content-type', 'text/html');
    response.end('<!doctype html><title>misbehaving</title><script>new WebSocket(`ws://${location.host}/ws`)</script>');
  });
  const sockets = new WebSocketServer({ server: http, path: '/ws' });
  sockets.on('connection', serve);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      await new Promise((resolve) => { sockets.close(resolve); });
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

const received = (frames: RecordedFrame[]) => frames.filter((frame) => frame.kind === 'received');
const reasons = (frames: RecordedFrame[]) => frames.flatMap((frame) => (isMalformed(frame.decoded) ? [frame.decoded.reason] : []));

test.describe('bad input to the tap is recorded and reported, never dropped', { tag: ['@tap', '@robustness'] }, () => {
  test.use({ allowMalformedFrames: true });

  test('broken JSON, binary, a 5 MiB frame and an unknown event type are each recorded as malformed, in order', async ({ page, events }) => {
    const huge = JSON.stringify({ type: 'agent_thinking', padding: 'x'.repeat(5 * 1024 * 1024) });
    const sent = [
      '{"type": "agent_started", "runId": ',
      Buffer.from([0xde, 0xad, 0xbe, 0xef]),
      huge,
      JSON.stringify({ type: 'telepathy', runId: 'r1' }),
      JSON.stringify({ type: 'hello', userId: 'u1', ts: new Date().toISOString() }),
    ];
    const server = await startMisbehavingServer((socket) => {
      for (const frame of sent) socket.send(frame);
    });
    try {
      await page.goto(server.url);
      await expect.poll(() => received(events.all()).length).toBe(5);
    } finally {
      await server.close();
    }

    const frames = received(events.all());
    expect(frames.map((frame) => frame.bytes)).toEqual(sent.map((frame) => Buffer.byteLength(frame)));
    expect(frames[1]?.binary).toBe(true);
    expect(frames[1]?.payload).toBe(Buffer.from([0xde, 0xad, 0xbe, 0xef]).toString('base64'));
    expect(frames[2]?.payload).toHaveLength(huge.length);
    expect(reasons(frames)).toEqual([
      expect.stringMatching(/not JSON/),
      expect.stringMatching(/binary frame/),
      expect.stringMatching(/runId/),
      expect.stringMatching(/unknown event type 'telepathy'/),
    ]);
    expect(() => { expect(events.all()).toHaveNoMalformedFrames(); }).toThrow(/unknown event type 'telepathy'/);
  });

  test('a page that never stops sending is still reported while it sends, not only once it stops', async ({ page, events }) => {
    // The page reports its frames once it is idle and no frame has come for a moment; a stream
    // that never leaves it such a moment must still be reported, at the latest every second.
    const server = await startMisbehavingServer(() => undefined);
    const sent = () => events.all().filter((frame) => frame.kind === 'sent').length;
    try {
      await page.goto(server.url);
      await page.evaluate(() => {
        const socket = new WebSocket(`ws://${location.host}/ws`);
        socket.addEventListener('open', () => {
          setInterval(() => {
            for (let frame = 0; frame < 5; frame += 1) socket.send('{"type":"ping"}');
          }, 1);
        });
      });
      await expect.poll(sent, 'frames reported while the page goes on sending').toBeGreaterThan(0);
      const reported = sent();
      await expect.poll(sent, 'more frames reported, the page still sending').toBeGreaterThan(reported);
    } finally {
      await server.close();
    }
  });

  test('a socket opened before signing in is refused, and the refusal is recorded', async ({ page, events }) => {
    await page.goto('/');
    await page.evaluate(() => { new WebSocket(`ws://${location.host}/ws`); });
    await expect.poll(() => events.all().find((frame) => frame.kind === 'close')?.code).toBe(4401);
    expect(received(events.all()).filter((frame) => frame.decoded && !('control' in frame.decoded))).toEqual([]);
  });
});
