/**
 * An example decoder module for a product that wraps a standard protocol in its own envelope:
 * its socket carries `{"channel": "chat", "chunk": <AI SDK UI message chunk>}` from the server and
 * `{"channel": "chat", "request": <useChat request body>}` from the page, beside frames of other
 * channels (presence, typing). It unwraps the chat channel and hands the inner payload to the
 * suite's built-in `ai-sdk` pack; it imports nothing at run time, so it loads from anywhere:
 *
 *   EVENT_DECODER=/path/to/enveloped-ai-sdk.ts
 *
 * (README, "Pointing the suite at your product"; docs/decoders.md.)
 */
import type { CreateDecoder, Decoded, StreamFrame } from '../../../lib/events/types.ts';

export const createDecoder: CreateDecoder = (_stream, kit) => {
  const aiSdk = kit.pack('ai-sdk');
  return {
    decode(frame: StreamFrame): Decoded | readonly Decoded[] {
      let envelope: unknown;
      try {
        envelope = JSON.parse(frame.payload);
      } catch {
        return { malformed: true, raw: frame.payload, reason: 'not a JSON envelope' };
      }
      if (typeof envelope !== 'object' || envelope === null) return { malformed: true, raw: frame.payload, reason: 'the envelope is not an object' };
      const { channel, chunk, request } = envelope as { channel?: unknown; chunk?: unknown; request?: unknown };
      if (channel !== 'chat') return { control: true, type: `channel:${typeof channel === 'string' ? channel : 'none'}`, data: {} };
      const inner = frame.direction === 'received' ? chunk : request;
      if (inner === undefined) return { malformed: true, raw: frame.payload, reason: `a chat frame without its ${frame.direction === 'received' ? 'chunk' : 'request'}` };
      return aiSdk.decode({ ...frame, payload: JSON.stringify(inner) });
    },
    end: (end) => aiSdk.end?.(end) ?? [],
  };
};
