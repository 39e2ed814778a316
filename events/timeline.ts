/**
 * Per user, per run: when the user's message went out, when each event reached the page, and how
 * long each tool call ran. Times are page-clock milliseconds (RecordedFrame.at), the clock the
 * user lives by, so they include the network and never mix the server's clock in.
 */
import { isJsonObject } from './decoders/common.ts';
import { originOf } from './format.ts';
import { isComplete, toolCallFailed } from './lifecycle.ts';
import { groupRuns, malformedFrames, runSteps, type Run, type RunStep } from './runs.ts';
import type { AgentEventType, RecordedFrame } from './types.ts';

export interface TimelineEvent {
  frame: number;
  type: AgentEventType;
  seq?: number;
  /** Ms after the run's message. */
  t: number;
  /** The event names another user than the lane's (known only where `userIds` was given). */
  foreign: boolean;
}

export interface ToolSpan {
  toolCallId: string;
  tool: string;
  /** Ms after the run's message. */
  start: number;
  /** Absent while the call is pending. */
  end?: number;
  outcome: 'output' | 'error' | 'pending';
}

export interface TimelineRun {
  runId: string;
  userId: string;
  conversationId?: string;
  /** Ms after the timeline's origin when the message went out, or when the run's first frame came. */
  messageOffset: number;
  /** The sent user_message frame; absent where none was found on the run's socket. */
  messageFrame?: number;
  events: TimelineEvent[];
  toolCalls: ToolSpan[];
  /** Still open at the end of the recording: not agent_started … agent_completed/agent_error. */
  incomplete: boolean;
  /** Ms from the message to agent_started / agent_completed; only where the message was found. */
  latency: { started?: number; completed?: number };
}

export interface MalformedMark {
  frame: number;
  /** Ms after the timeline's origin. */
  offset: number;
  reason: string;
}

export interface Lane {
  /** The user's name, or the browser context where the frames had no owner. */
  owner: string;
  runs: TimelineRun[];
  malformed: MalformedMark[];
}

export interface Timeline {
  /** Page time of the earliest frame: offset 0. */
  origin: number;
  /** Ms from the earliest frame to the latest. */
  duration: number;
  lanes: Lane[];
}

export interface TimelineOptions {
  /** User name → the userId the backend gives that user: marks events of any other user foreign. */
  userIds?: Readonly<Record<string, string>>;
}

const laneName = (frame: RecordedFrame): string => frame.owner ?? `(context ${frame.contextId})`;

/** The payload of a sent user_message, or undefined for any other frame. */
function sentUserMessage(frame: RecordedFrame): Record<string, unknown> | undefined {
  if (frame.kind !== 'sent' || frame.payload === undefined || frame.binary === true) return undefined;
  try {
    const parsed: unknown = JSON.parse(frame.payload);
    return isJsonObject(parsed) && parsed.type === 'user_message' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function toolSpans(steps: readonly RunStep[], messageAt: number): ToolSpan[] {
  const spans: ToolSpan[] = [];
  for (const started of steps.filter((step) => step.event.type === 'tool_executing')) {
    const { toolCallId, tool } = started.event.data;
    const finished = steps.find((step) => step.event.type === 'tool_completed' && step.event.data.toolCallId === toolCallId);
    const span: ToolSpan = {
      toolCallId: String(toolCallId),
      tool: String(tool),
      start: started.frame.at - messageAt,
      outcome: finished ? (toolCallFailed(finished.event) ? 'error' : 'output') : 'pending',
    };
    if (finished) span.end = finished.frame.at - messageAt;
    spans.push(span);
  }
  return spans;
}

/**
 * The message that started a run: the first user_message sent on the run's socket before its
 * agent_started (or first event), in the same conversation, that no earlier run has claimed.
 */
function findMessage(run: Run, laneFrames: readonly RecordedFrame[], claimed: Set<RecordedFrame>): RecordedFrame | undefined {
  const anchorPosition = Math.max(0, run.events.findIndex((event) => event.type === 'agent_started'));
  const anchor = run.frames[anchorPosition];
  if (!anchor) return undefined;
  return laneFrames.find((frame) => {
    if (claimed.has(frame) || frame.socketId !== anchor.socketId || frame.index > anchor.index) return false;
    const message = sentUserMessage(frame);
    if (!message) return false;
    return message.conversationId === undefined || run.conversationId === undefined || message.conversationId === run.conversationId;
  });
}

function timelineRun(run: Run, messageFrame: RecordedFrame | undefined, origin: number, ownerId: string | undefined): TimelineRun {
  const steps = runSteps(run);
  const messageAt = messageFrame?.at ?? steps[0]?.frame.at ?? origin;
  const events = steps.map(({ event, frame }): TimelineEvent => {
    const entry: TimelineEvent = { frame: frame.index, type: event.type, t: frame.at - messageAt, foreign: ownerId !== undefined && event.userId !== ownerId };
    if (event.seq !== undefined) entry.seq = event.seq;
    return entry;
  });
  const latency: TimelineRun['latency'] = {};
  if (messageFrame) {
    const started = events.find((event) => event.type === 'agent_started');
    const completed = events.find((event) => event.type === 'agent_completed');
    if (started) latency.started = started.t;
    if (completed) latency.completed = completed.t;
  }
  const entry: TimelineRun = {
    runId: run.runId,
    userId: run.userId,
    messageOffset: messageAt - origin,
    events,
    toolCalls: toolSpans(steps, messageAt),
    incomplete: !isComplete(run),
    latency,
  };
  if (run.conversationId !== undefined) entry.conversationId = run.conversationId;
  if (messageFrame) entry.messageFrame = messageFrame.index;
  return entry;
}

export function buildTimeline(frames: readonly RecordedFrame[], options: TimelineOptions = {}): Timeline {
  if (frames.length === 0) return { origin: 0, duration: 0, lanes: [] };
  const origin = originOf(frames);
  const latest = frames.reduce((max, frame) => Math.max(max, frame.at), origin);
  const framesByLane = new Map<string, RecordedFrame[]>();
  for (const frame of frames) {
    const name = laneName(frame);
    const laneFrames = framesByLane.get(name);
    if (laneFrames) laneFrames.push(frame);
    else framesByLane.set(name, [frame]);
  }
  const lanes = [...framesByLane].map(([owner, laneFrames]): Lane => {
    const claimed = new Set<RecordedFrame>();
    const runs = groupRuns(laneFrames).map((run) => {
      const message = findMessage(run, laneFrames, claimed);
      if (message) claimed.add(message);
      return timelineRun(run, message, origin, options.userIds?.[owner]);
    });
    const malformed = malformedFrames(laneFrames).map((frame) => ({ frame: frame.index, offset: frame.at - origin, reason: frame.decoded.reason }));
    return { owner, runs, malformed };
  });
  return { origin, duration: latest - origin, lanes };
}

export interface RunLatency {
  owner: string;
  runId: string;
  /** Ms from the user's message to agent_started; absent where either is missing. */
  toStarted?: number;
  /** Ms from the user's message to agent_completed; absent where either is missing. */
  toCompleted?: number;
}

/** The latency figures of every run, flat: what the release gate summarizes. */
export const runLatencies = (timeline: Timeline): RunLatency[] =>
  timeline.lanes.flatMap((lane) =>
    lane.runs.map((run) => ({
      owner: lane.owner,
      runId: run.runId,
      ...(run.latency.started === undefined ? {} : { toStarted: run.latency.started }),
      ...(run.latency.completed === undefined ? {} : { toCompleted: run.latency.completed }),
    })),
  );
