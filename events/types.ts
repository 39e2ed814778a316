/**
 * The canonical vocabulary of the suite. Pure data: no Playwright, no app imports.
 * A deployment adapts to it through a decoder (events/decoders/*).
 */

/** The five agent events of the lifecycle, plus the run's failure ending. */
export const AGENT_EVENT_TYPES = [
  'agent_started',
  'agent_thinking',
  'tool_executing',
  'tool_completed',
  'agent_completed',
  'agent_error',
] as const;
export type AgentEventType = (typeof AGENT_EVENT_TYPES)[number];

/** One agent event as the suite understands it, whatever the wire looked like. */
export interface AgentEvent {
  type: AgentEventType;
  runId: string;
  userId: string;
  /** Absent where the backend does not send one. */
  conversationId?: string;
  /** Absent where the backend does not number its events; rule 4 then checks arrival order. */
  seq?: number;
  /** Server time of the event, epoch milliseconds. */
  at: number;
  data: Record<string, unknown>;
}

/** A frame the decoder understood that is not an agent event (e.g. `ack`, an error reply). */
export interface ControlFrame {
  control: true;
  type: string;
  data: Record<string, unknown>;
}

/** A frame the decoder could not turn into an event: kept and reported, never dropped. */
export interface MalformedFrame {
  malformed: true;
  raw: string;
  reason: string;
}

export type Decoded = AgentEvent | ControlFrame | MalformedFrame;

/** What the tap hands to a decoder: the payload as the page received it. */
export interface RawFrame {
  /** Text payload, or base64 of a binary payload. */
  payload: string;
  binary: boolean;
}

/** A decoder module (EVENT_DECODER) exports `decode` with this signature. */
export type DecodeFn = (frame: RawFrame) => Decoded;

export type FrameKind = 'open' | 'sent' | 'received' | 'close' | 'error';

/** Everything the tap saw on a socket, in the order the page saw it. */
export interface RecordedFrame {
  /** Position in the worker's recorder: the order frames were recorded in. */
  index: number;
  /** The test the frame belongs to (the test that was running when it arrived). */
  testId: string;
  kind: FrameKind;
  /** Page clock, epoch milliseconds, when the page saw it. */
  at: number;
  socketId: string;
  url: string;
  pageId: string;
  contextId: string;
  /** The name of the user who owns the browser context, when one was assigned. */
  owner?: string;
  /** For sent/received frames. */
  payload?: string;
  binary?: boolean;
  bytes?: number;
  /** For close frames. */
  code?: number;
  reason?: string;
  /** For received frames: what the decoder made of it. */
  decoded?: Decoded;
}

/** A user of the system under test as the suite knows them. */
export interface TestUser {
  name: string;
  password: string;
  /** The id the backend puts in `userId`; known after sign-in. */
  id: string;
}

export const isAgentEvent = (decoded: Decoded | undefined): decoded is AgentEvent =>
  decoded !== undefined && !('malformed' in decoded) && !('control' in decoded);

export const isMalformed = (decoded: Decoded | undefined): decoded is MalformedFrame =>
  decoded !== undefined && 'malformed' in decoded;
