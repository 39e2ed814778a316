/**
 * Hand-built frame sequences for the unit tests: valid reference-wire runs, the mutations that
 * break them, and a recorder that stamps frames the way the tap does.
 */
import { guardDecoder, packDecoders, type Decoders } from '../../lib/events/decoder-guard.ts';
import { statelessDecoder } from '../../lib/events/decoders/common.ts';
import { decodeSent } from '../../lib/events/decoders/reference.ts';
import { FrameRecorder } from '../../lib/events/recorder.ts';
import { parseSse } from '../../lib/events/sse.ts';
import { groupRuns, type Run } from '../../lib/events/runs.ts';
import { isAgentEvent, type DecodeFn, type FrameKind, type RecordedFrame, type TappedFrame } from '../../lib/events/types.ts';

/** Page and server time of every run's first frame. */
export const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const STEP_MS = 10;

export const ALICE = { name: 'alice', id: 'user-alice' } as const;
export const BOB = { name: 'bob', id: 'user-bob' } as const;

/** One reference-wire frame, kept a plain object so that tests can break it. */
export type Envelope = Record<string, unknown> & { type: string };

interface ToolScript {
  tool: string;
  input?: unknown;
  output?: unknown;
  error?: unknown;
}

export interface RunScript {
  runId?: string;
  userId?: string;
  conversationId?: string;
  firstSeq?: number;
  thinking?: string[];
  tools?: ToolScript[];
  answer?: string;
}

/** agent_started, the thinking, each tool call (executing then completed), agent_completed. */
export function wireRun(script: RunScript = {}): Envelope[] {
  const runId = script.runId ?? 'run-1';
  const identity = { runId, userId: script.userId ?? ALICE.id, conversationId: script.conversationId ?? 'conv-1' };
  const tools = script.tools ?? [{ tool: 'calculator', input: { expression: '6*7' }, output: '42' }];
  const steps: [string, Record<string, unknown>][] = [
    ['agent_started', { messageId: `${runId}-message` }],
    ...(script.thinking ?? ['Let me work that out.']).map((text): [string, Record<string, unknown>] => ['agent_thinking', { text }]),
    ...tools.flatMap(({ tool, input = {}, ...outcome }, i): [string, Record<string, unknown>][] => {
      const toolCallId = `${runId}-call-${i + 1}`;
      return [
        ['tool_executing', { toolCallId, tool, input }],
        ['tool_completed', { toolCallId, tool, ...('error' in outcome ? { error: outcome.error } : { output: outcome.output }) }],
      ];
    }),
    ['agent_completed', { answer: script.answer ?? 'The answer is 42.' }],
  ];
  const firstSeq = script.firstSeq ?? 1;
  return steps.map(([type, data], i) => ({
    type,
    ...identity,
    seq: firstSeq + i,
    ts: new Date(T0 + i * STEP_MS).toISOString(),
    data,
  }));
}

// Mutations: each returns a new list and leaves its input alone.

const positionOf = (envelopes: readonly Envelope[], type: string): number => {
  const position = envelopes.findIndex((envelope) => envelope.type === type);
  if (position === -1) throw new Error(`no ${type} in the run`);
  return position;
};

export const dropFirst = (envelopes: readonly Envelope[], type: string): Envelope[] =>
  envelopes.filter((_, i) => i !== positionOf(envelopes, type));

export const duplicateFirst = (envelopes: readonly Envelope[], type: string): Envelope[] => {
  const position = positionOf(envelopes, type);
  return [...envelopes.slice(0, position + 1), { ...envelopes[position] } as Envelope, ...envelopes.slice(position + 1)];
};

export const swap = (envelopes: readonly Envelope[], first: number, second: number): Envelope[] =>
  envelopes.map((envelope, i) => (i === first ? envelopes[second] : i === second ? envelopes[first] : envelope) ?? envelope);

/** Sets fields on every envelope (or on those at `positions`). */
export const withFields = (envelopes: readonly Envelope[], fields: Record<string, unknown>, positions?: readonly number[]): Envelope[] =>
  envelopes.map((envelope, i) => (positions && !positions.includes(i) ? envelope : { ...envelope, ...fields }));


/** Numbers the envelopes again from `firstSeq`, so that a drop leaves no gap. */
export const renumber = (envelopes: readonly Envelope[], firstSeq = 1): Envelope[] =>
  envelopes.map((envelope, i) => ({ ...envelope, seq: firstSeq + i }));

/** One frame to record; `payload` objects are sent as JSON. */
export interface FrameSpec {
  kind: FrameKind;
  payload?: string | object;
  binary?: boolean;
  at?: number;
  socketId?: string;
  /** On a close: why the stream ended (`aborted`: the page stopped reading it). */
  reason?: string;
}

export const received = (payload: string | object, extra: Partial<FrameSpec> = {}): FrameSpec => ({ kind: 'received', payload, ...extra });
export const sent = (payload: string | object, extra: Partial<FrameSpec> = {}): FrameSpec => ({ kind: 'sent', payload, ...extra });
export const userMessage = (text: string, conversationId = 'conv-1', extra: Partial<FrameSpec> = {}): FrameSpec =>
  sent({ type: 'user_message', clientId: `client-${text}`, conversationId, text }, extra);

interface RecordOptions {
  owner?: string;
  socketId?: string;
  /** Page time of the first frame; frames follow STEP_MS apart unless they say otherwise. */
  startAt?: number;
  /** A stateless decoder; the reference pack where neither this nor `decoders` is given. */
  decode?: DecodeFn;
  decoders?: Decoders;
}

/** Frames as the tap's recorder records them: numbered in order, each stream through its own decoder. */
export function record(specs: readonly (FrameSpec | Envelope)[], options: RecordOptions = {}): RecordedFrame[] {
  const decoders = options.decoders ?? (options.decode ? guardDecoder('test decoder', statelessDecoder(options.decode, decodeSent)) : packDecoders('reference'));
  const recorder = new FrameRecorder(decoders, () => true);
  recorder.beginTest('unit');
  const owner = options.owner ?? ALICE.name;
  const origin = { pageId: `page-${owner}`, contextId: `context-${owner}`, owner };
  specs.forEach((item, position) => {
    const spec = 'type' in item ? received(item) : item;
    const payload = typeof spec.payload === 'string' || spec.payload === undefined ? spec.payload : JSON.stringify(spec.payload);
    const tapped: TappedFrame = {
      kind: spec.kind,
      at: spec.at ?? (options.startAt ?? T0) + position * STEP_MS,
      socketId: spec.socketId ?? options.socketId ?? `socket-${owner}`,
      url: 'ws://127.0.0.1:4321/ws',
    };
    if (payload !== undefined) tapped.payload = payload;
    if (spec.binary !== undefined) tapped.binary = spec.binary;
    if (spec.reason !== undefined) tapped.reason = spec.reason;
    recorder.record(tapped, origin);
  });
  return recorder.endTest();
}

/**
 * The frames with seq taken out of their decoded events (all, or those at `positions`): the
 * reference wire always numbers its events, so a backend without seq is imitated after decoding.
 */
export const withoutSeq = (frames: readonly RecordedFrame[], positions?: readonly number[]): RecordedFrame[] =>
  frames.map((frame, i) => {
    if (!isAgentEvent(frame.decoded) || (positions && !positions.includes(i))) return frame;
    const event = { ...frame.decoded };
    delete event.seq;
    return { ...frame, decoded: event };
  });

/** The one run the frames carry. */
export function onlyRun(frames: readonly RecordedFrame[]): Run {
  const [run, ...others] = groupRuns(frames);
  if (!run || others.length > 0) throw new Error(`expected the frames to carry one run, got ${others.length + (run ? 1 : 0)}`);
  return run;
}

/** Several recordings as one, numbered again in the order given (the recorder's order). */
export const concatFrames = (...recordings: readonly RecordedFrame[][]): RecordedFrame[] =>
  recordings.flat().map((frame, index) => ({ ...frame, index }));

/** The data of each SSE event of a response body: one received frame each, as the tap records them. */
export const sseData = (response: string): string[] => parseSse(response).map((event) => event.data);
