/**
 * What every decoder shares: reading a JSON object off a frame, the checks on a canonical event's
 * data, and building a MalformedFrame. Not a decoder itself (it exports no `decode`).
 */
import {
  AGENT_EVENT_TYPES,
  type AgentEventType,
  type ControlFrame,
  type CreateDecoder,
  type DecodeFn,
  type Decoded,
  type MalformedFrame,
  type RawFrame,
  type StreamFrame,
  type UserMessage,
} from '../types.ts';

/** Beyond this, `raw` is cut: a report must stay readable and a runaway frame must not fill memory. */
export const MAX_RAW_CHARS = 64 * 1024;
const TEXT_PREFIX_CHARS = 80;

export type JsonObject = Record<string, unknown>;

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `null`, `array`, `string`...: what a person calls the value in a message. */
export const describeJsonType = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
};

export function malformed(raw: string, reason: string): MalformedFrame {
  if (raw.length <= MAX_RAW_CHARS) return { malformed: true, raw, reason };
  return {
    malformed: true,
    raw: raw.slice(0, MAX_RAW_CHARS),
    reason: `${reason} (raw truncated to ${MAX_RAW_CHARS} of ${raw.length} characters)`,
  };
}

export type ParsedFrame = { object: JsonObject; type: string; rejection?: never } | { object?: never; type?: never; rejection: MalformedFrame };

/** The frame's JSON object and its `type`, or the MalformedFrame that says why there is none. */
export function parseEnvelope(frame: RawFrame): ParsedFrame {
  const reject = (reason: string): ParsedFrame => ({ rejection: malformed(frame.payload, reason) });
  if (frame.binary) return reject(`binary frame (${frame.payload.length} base64 characters): expected a JSON text frame`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame.payload);
  } catch (error) {
    const prefix = JSON.stringify(frame.payload.slice(0, TEXT_PREFIX_CHARS));
    return reject(`not JSON (${(error as Error).message}); text starts ${prefix}`);
  }
  if (!isJsonObject(parsed)) return reject(`not an object: got ${describeJsonType(parsed)}`);
  const typeProblem = stringFieldProblem(parsed, 'type');
  return typeProblem ? reject(typeProblem) : { object: parsed, type: parsed.type as string };
}

/** The JSON object in `text`, or undefined where it holds none (for frames that may be anything, such as what a page sends). */
export function parseJsonObject(text: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A value as it stood on the wire, for a message: `"3"`, `0`, or `nothing` when absent. */
export const printValue = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));

export const isAgentEventType = (type: string): type is AgentEventType => (AGENT_EVENT_TYPES as readonly string[]).includes(type);

/** Why `object[field]` is not a non-empty string, or undefined when it is one. */
export function stringFieldProblem(object: JsonObject, field: string, where = 'field'): string | undefined {
  const value = object[field];
  if (value === undefined) return `missing ${where} '${field}'`;
  if (typeof value !== 'string' || value === '') {
    return `ill-typed ${where} '${field}': expected a non-empty string, got ${value === '' ? 'an empty string' : describeJsonType(value)}`;
  }
  return undefined;
}

/** Why a canonical event's data does not fit its type, or undefined when it fits. */
export function eventDataProblem(type: AgentEventType, data: JsonObject): string | undefined {
  const required = (...fields: string[]): string | undefined => {
    for (const field of fields) {
      const problem = stringFieldProblem(data, field, 'data field');
      if (problem) return `${type}: ${problem}`;
    }
    return undefined;
  };
  switch (type) {
    case 'agent_started':
      return required('messageId');
    case 'agent_thinking':
      return typeof data.text === 'string' ? undefined : `${type}: data.text must be a string, got ${describeJsonType(data.text)}`;
    case 'tool_executing':
      return required('toolCallId', 'tool');
    case 'tool_completed': {
      const missing = required('toolCallId', 'tool');
      if (missing) return missing;
      const outcomes = ['output', 'error'].filter((field) => Object.hasOwn(data, field));
      return outcomes.length === 1
        ? undefined
        : `${type}: expected exactly one of data.output / data.error, got ${outcomes.length === 0 ? 'neither' : 'both'}`;
    }
    case 'agent_completed':
      return typeof data.answer === 'string' ? undefined : `${type}: data.answer must be a string, got ${describeJsonType(data.answer)}`;
    case 'agent_error':
      return typeof data.message === 'string' ? undefined : `${type}: data.message must be a string, got ${describeJsonType(data.message)}`;
  }
}

/** Reads the frames a page sends: its user's message, or nothing the suite needs. */
export type DecodeSentFn = (frame: RawFrame) => Decoded | undefined;

/** A stream decoder for a wire whose every frame stands alone: received frames by `decode`, sent ones by `decodeSent`. */
export const statelessDecoder =
  (decode: DecodeFn, decodeSent: DecodeSentFn): CreateDecoder =>
  () => ({
    decode: (frame: StreamFrame) => {
      if (frame.direction === 'received') return decode(frame);
      return decodeSent(frame) ?? [];
    },
  });

/**
 * The parts of a run that stream in pieces (an answer's text parts, a thought), by id, in the order
 * they started: what the AI SDK and AG-UI packs both keep. Each call that cannot be taken says why.
 */
export class StreamedParts {
  private readonly parts = new Map<string, { text: string; open: boolean; tag: number }>();

  /** `noun` names a part in a reason: "text part", "reasoning message". */
  constructor(private readonly noun: string) {}

  has(id: string): boolean {
    return this.parts.has(id);
  }

  /** `tag`: a mark to drop parts by later (the AI SDK's step). */
  start(id: string, tag = 0): void {
    this.parts.set(id, { text: '', open: true, tag });
  }

  /** Why the delta cannot be taken, or undefined once it is. */
  append(id: string | undefined, delta: unknown): string | undefined {
    const part = id === undefined ? undefined : this.parts.get(id);
    if (!part?.open) return `a delta for ${this.noun} ${printValue(id)}, which never started or has ended`;
    if (typeof delta === 'string') part.text += delta;
    return undefined;
  }

  /** The part's text once it ends, or why it cannot end. */
  end(id: string | undefined): { text: string; problem?: never } | { text?: never; problem: string } {
    const part = id === undefined ? undefined : this.parts.get(id);
    if (!part?.open) return { problem: `${this.noun} ${printValue(id)} ends without having started` };
    part.open = false;
    return { text: part.text };
  }

  drop(tag: number): void {
    for (const [id, part] of this.parts) if (part.tag === tag) this.parts.delete(id);
  }

  /** Every part's text, joined in the order they started. */
  joined(): string {
    return [...this.parts.values()].map((part) => part.text).join('');
  }

  /** The parts still open, named for a report: "text part t1". */
  stillOpen(): string[] {
    return [...this.parts].filter(([, part]) => part.open).map(([id]) => `${this.noun} ${id}`);
  }
}

/** The user's message in a request the page sent (`read` finds it), or nothing: what the AI SDK packs do with every sent frame. */
export function sentUserMessage(frame: RawFrame, read: (request: JsonObject) => UserMessage | undefined): UserMessage | undefined {
  const request = frame.binary ? undefined : parseJsonObject(frame.payload);
  return request ? read(request) : undefined;
}

/** The ending of a run whose stream the page stopped reading (useChat's stop()): the user's cancel, with the answer so far. */
export const STOPPED_BY_PAGE = { message: 'aborted: the page stopped reading the stream', aborted: true } as const;

/** The control frame that tells the answer so far, after each text delta: the states `toStreamAnAnswerThatOnlyGrows` judges. */
export const ANSWER_SO_FAR = 'answer-so-far';

export function answerSoFar(runId: string, text: string): ControlFrame {
  return { control: true, type: ANSWER_SO_FAR, data: { runId, text } };
}

/**
 * What a stream left open when it ended mid-run: the run, its parts still streaming, the tool calls
 * never announced, and the answer so far. The run itself is then incomplete (rule 1).
 */
export function streamEndedMidRun(runId: string, texts: StreamedParts, reasoning: StreamedParts, openCalls: readonly string[]): ControlFrame {
  return { control: true, type: 'stream-ended-mid-run', data: { runId, open: [...texts.stillOpen(), ...reasoning.stillOpen(), ...openCalls], answerSoFar: texts.joined() } };
}
