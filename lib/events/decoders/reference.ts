/**
 * The reference app's wire (docs/wire-contract.md): JSON text frames in one envelope
 * `{type, runId, userId, conversationId, seq, ts, data}`; the page sends `user_message` and `resume`.
 */
import type { CreateDecoder, DecodeFn, Decoded, UserMessage } from '../types.ts';
import {
  type DecodeSentFn,
  describeJsonType,
  eventDataProblem,
  isAgentEventType,
  isJsonObject,
  malformed,
  parseEnvelope,
  printValue,
  statelessDecoder,
  stringFieldProblem,
} from './common.ts';

/** Replies that are not agent events; `ack` carries no seq. */
const CONTROL_TYPES = new Set(['ack', 'hello', 'resumed', 'error', 'bench', 'bench_done']);

export const decode: DecodeFn = (frame): Decoded => {
  const parsed = parseEnvelope(frame);
  if (parsed.rejection) return parsed.rejection;
  const { object: envelope, type } = parsed;
  const bad = (reason: string): Decoded => malformed(frame.payload, reason);

  if (CONTROL_TYPES.has(type)) {
    // Control replies differ in shape; keep their fields whether nested under data or not.
    const fields = Object.fromEntries(Object.entries(envelope).filter(([key]) => key !== 'type'));
    return { control: true, type, data: isJsonObject(envelope.data) ? envelope.data : fields };
  }
  if (!isAgentEventType(type)) return bad(`unknown event type '${type}'`);

  for (const field of ['runId', 'userId', 'conversationId']) {
    const problem = stringFieldProblem(envelope, field);
    if (problem) return bad(problem);
  }
  const { seq, ts, data } = envelope;
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1) {
    return bad(`seq not a positive integer: got ${printValue(seq)}`);
  }
  const at = typeof ts === 'string' ? Date.parse(ts) : Number.NaN;
  if (Number.isNaN(at)) return bad(`bad ts: expected an ISO time, got ${printValue(ts)}`);
  if (!isJsonObject(data)) return bad(`data not an object: got ${describeJsonType(data)}`);
  const dataProblem = eventDataProblem(type, data);
  if (dataProblem) return bad(dataProblem);

  return {
    type,
    runId: envelope.runId as string,
    userId: envelope.userId as string,
    conversationId: envelope.conversationId as string,
    seq,
    at,
    data,
  };
};

/**
 * The page's `user_message` is its user's message (keyed by its clientId), `resume` a control
 * frame; anything else the page sends is the page's own business and decodes to nothing.
 */
export const decodeSent: DecodeSentFn = (frame) => {
  const parsed = parseEnvelope(frame);
  if (parsed.rejection) return undefined;
  const { object: message, type } = parsed;
  if (type === 'resume') return { control: true, type, data: message };
  if (type !== 'user_message') return undefined;
  const mark: UserMessage = { userMessage: true };
  if (typeof message.clientId === 'string') mark.messageKey = message.clientId;
  if (typeof message.conversationId === 'string') mark.conversationId = message.conversationId;
  if (typeof message.text === 'string') mark.text = message.text;
  return mark;
};

export const createDecoder: CreateDecoder = statelessDecoder(decode, decodeSent);
