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
  /**
   * Where the wire names the user: rule 5 holds it to the page's user. Absent where it does not
   * (AI SDK, AG-UI); isolation is then proven by pairing each run with its user's message.
   */
  userId?: string;
  /** The `messageKey` of the user's message this run answers, where the protocol links the two. */
  answers?: string;
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

/**
 * A frame the page sent that carries its user's message: what latency is measured from and what
 * a run must answer (docs/decoders.md, "Isolation").
 */
export interface UserMessage {
  userMessage: true;
  /** What the answering run names in `AgentEvent.answers`, where the protocol has such a key. */
  messageKey?: string;
  conversationId?: string;
  text?: string;
}

export type Decoded = AgentEvent | ControlFrame | MalformedFrame | UserMessage;

/** What the tap hands to a decoder: the payload as the page received it. */
export interface RawFrame {
  /** Text payload, or base64 of a binary payload. */
  payload: string;
  binary: boolean;
}

/** The stateless form of a decoder module: one received frame in, one item out. */
export type DecodeFn = (frame: RawFrame) => Decoded;

/**
 * How a tapped stream's frames were cut: a WebSocket's messages; a streamed response's SSE events;
 * its lines, where it is NDJSON (`ndjson`) or another line-framed text (`lines`: `text/plain`, such
 * as the AI SDK 4.x data stream's `0:"delta"` lines).
 */
export type Transport = 'websocket' | 'sse' | 'ndjson' | 'lines';

/** What the open of a streamed HTTP response says of it: how the page read it and what the server answered. */
export interface HttpStreamMeta {
  via: 'fetch' | 'xhr' | 'eventsource';
  method?: string;
  /** Absent where no response came (a network error). */
  status?: number;
  contentType?: string;
  /** An EventSource connecting again after a drop, with the Last-Event-ID it sent. */
  reconnect?: boolean;
  lastEventId?: string;
}

/** The fields of the SSE event a received frame was, beside its data (the payload). */
export interface SseFields {
  event: string;
  id: string;
  retry?: number;
}

/** What is known of a tapped stream (a socket, a streamed response) when its decoder is made. */
export interface StreamInfo {
  /** Unique in the worker: page and socket. */
  streamId: string;
  url: string;
  transport: Transport;
  pageId: string;
  contextId: string;
  /** The name of the user who owns the page, where one was assigned. */
  owner?: string;
}

/** One frame of a stream, as its decoder is handed it. */
export interface StreamFrame extends RawFrame {
  direction: 'sent' | 'received';
  /** Page clock, epoch milliseconds: the time for events whose wire carries none. */
  at: number;
}

/** How a stream ended, as its decoder is told. */
export interface StreamEnd {
  kind: 'close' | 'error';
  /** Page clock, epoch milliseconds; absent in recordings made before it was kept. */
  at?: number;
  code?: number;
  /** Why a streamed response ended: `ended`, `aborted` (the page stopped reading it), `network error: …`. */
  reason?: string;
}

/**
 * A decoder with state, one per stream: every frame of the stream in order, sent and received,
 * then its end. Each call returns zero or more items.
 */
export interface StreamDecoder {
  decode(frame: StreamFrame): Decoded | readonly Decoded[];
  /** The stream ended: report what was left open. */
  end?(end: StreamEnd): readonly Decoded[];
}

export const DECODER_PACKS = ['reference', 'flat', 'ai-sdk', 'ai-sdk-4', 'ag-ui'] as const;
/** A built-in decoder: EVENT_DECODER names one, and a module can build on one. */
export type DecoderPack = (typeof DECODER_PACKS)[number];

/** What the suite hands a decoder module besides the stream: the built-in packs, so a module can unwrap and delegate. */
export interface DecoderKit {
  /** A new decoder of the pack for this stream; its state is its own. */
  pack(name: DecoderPack): StreamDecoder;
}

/** The stateful form of a decoder module (`createDecoder`): called once per tapped stream. */
export type CreateDecoder = (stream: StreamInfo, kit: DecoderKit) => StreamDecoder;

export const FRAME_KINDS = ['open', 'sent', 'received', 'close', 'error'] as const;
export type FrameKind = (typeof FRAME_KINDS)[number];

/** What the in-page tap reports for one socket happening. */
export interface TappedFrame {
  kind: FrameKind;
  at: number;
  socketId: string;
  url: string;
  /** On an open: how the stream comes (absent: a WebSocket). */
  transport?: Transport;
  /** On the open of a streamed HTTP response. */
  http?: HttpStreamMeta;
  /** On an open: the stream's frames are events already (a replayed recording), not network chunks to parse. */
  framed?: boolean;
  payload?: string;
  binary?: boolean;
  bytes?: number;
  code?: number;
  reason?: string;
}

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
  /** Absent in recordings made before streamed responses were tapped: a WebSocket. */
  transport?: Transport;
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
  /** For the open of a streamed HTTP response. */
  http?: HttpStreamMeta;
  /** For a received SSE event: its event name and id (its data is the payload). */
  sse?: SseFields;
  /**
   * What the decoder made of the frame: one item per recorded entry. A frame (a socket's message,
   * or one event of a stream, however many a network chunk held) that decodes to several items is
   * recorded once per item (the later ones with `part` 1, 2…); one that decodes to none is recorded
   * without `decoded`.
   */
  decoded?: Decoded;
  /** The item's position among several decoded from one frame, from the second on. */
  part?: number;
}

/** A tool card's state on screen: running until its result, then done or error. */
export type ToolCardStatus = 'running' | 'done' | 'error';

/** What the screen shows of one answer, as the page objects read it and lifecycle rule 6 compares it. */
export interface ScreenSnapshot {
  answer: string;
  toolCards: { tool: string; status: ToolCardStatus; output: string; toolCallId?: string }[];
}

export type RuleNumber = 1 | 2 | 3 | 4 | 5 | 6;

/** One broken lifecycle rule (docs/lifecycle.md): which, in which run, what was expected and what came. */
export interface Violation {
  rule: RuleNumber;
  ruleName: string;
  runId: string;
  message: string;
  /** `RecordedFrame.index` of the frames involved. */
  frames: number[];
}

/** A user of the system under test as the suite knows them. */
export interface TestUser {
  name: string;
  /** Empty for an account signed in only by a state a person saved (AUTH=storage-state). */
  password: string;
  /** The id the backend puts in `userId`, where its sign-in API answers one (the reference app's). */
  id?: string;
  /** The file of the state the sign-in set-up saved for this account, reused instead of signing in again. */
  storageState?: string;
}

export const isAgentEvent = (decoded: Decoded | undefined): decoded is AgentEvent =>
  decoded !== undefined && !('malformed' in decoded) && !('control' in decoded) && !('userMessage' in decoded);

export const isUserMessage = (decoded: Decoded | undefined): decoded is UserMessage =>
  decoded !== undefined && 'userMessage' in decoded;

export const isMalformed = (decoded: Decoded | undefined): decoded is MalformedFrame =>
  decoded !== undefined && 'malformed' in decoded;
