/**
 * The "known agent backend" of docs/wire-contract.md, adapted by a decoder alone: no seq; `run_id`,
 * `thread_id` (the conversation) and `user_id` at the top level; time as float epoch seconds or
 * an ISO string in `timestamp` or `ts`; event data nested under `data` or flat beside the
 * envelope; aliases `tool_call`, `tool_result`, `agent_finished` for three of the five events.
 * The data fields themselves carry the canonical names (`toolCallId`, `tool`, `answer`...).
 */
import type { AgentEvent, AgentEventType, CreateDecoder, DecodeFn, Decoded } from '../types.ts';
import {
  describeJsonType,
  eventDataProblem,
  isAgentEventType,
  isJsonObject,
  malformed,
  parseEnvelope,
  printValue,
  statelessDecoder,
  stringFieldProblem,
  type JsonObject,
} from './common.ts';
import { decodeSent } from './reference.ts';

const ALIASES: Readonly<Record<string, AgentEventType>> = {
  tool_call: 'tool_executing',
  tool_result: 'tool_completed',
  agent_finished: 'agent_completed',
};

const ENVELOPE_FIELDS = new Set(['type', 'run_id', 'thread_id', 'user_id', 'timestamp', 'ts', 'data']);

/** Epoch milliseconds, or NaN when the value is no time. */
function toEpochMs(time: unknown): number {
  if (typeof time === 'number' && Number.isFinite(time)) return Math.round(time * 1000);
  if (typeof time === 'string') return Date.parse(time);
  return Number.NaN;
}

export const decode: DecodeFn = (frame): Decoded => {
  const parsed = parseEnvelope(frame);
  if (parsed.rejection) return parsed.rejection;
  const { object: envelope, type: wireType } = parsed;
  const bad = (reason: string): Decoded => malformed(frame.payload, reason);
  const type = ALIASES[wireType] ?? wireType;
  if (!isAgentEventType(type)) return bad(`unknown event type '${wireType}'`);

  for (const field of ['run_id', 'user_id']) {
    const problem = stringFieldProblem(envelope, field);
    if (problem) return bad(problem);
  }
  const threadId = envelope.thread_id;
  if (threadId !== undefined && typeof threadId !== 'string') {
    return bad(`ill-typed field 'thread_id': expected a string, got ${describeJsonType(threadId)}`);
  }
  const time = envelope.timestamp ?? envelope.ts;
  const at = toEpochMs(time);
  if (Number.isNaN(at)) return bad(`bad timestamp: expected epoch seconds or an ISO time in 'timestamp' or 'ts', got ${printValue(time)}`);

  let data: JsonObject;
  if (envelope.data === undefined) {
    data = Object.fromEntries(Object.entries(envelope).filter(([key]) => !ENVELOPE_FIELDS.has(key)));
  } else if (isJsonObject(envelope.data)) {
    data = envelope.data;
  } else {
    return bad(`data not an object: got ${describeJsonType(envelope.data)}`);
  }
  const dataProblem = eventDataProblem(type, data);
  if (dataProblem) return bad(dataProblem);

  const event: AgentEvent = { type, runId: envelope.run_id as string, userId: envelope.user_id as string, at, data };
  if (threadId !== undefined) event.conversationId = threadId;
  return event;
};

/** Such backends take the user's message as the reference wire does. */
export const createDecoder: CreateDecoder = statelessDecoder(decode, decodeSent);
