/**
 * Per user, per run: when the user's message went out, when each event reached the page, and how
 * long each tool call ran. Times are page-clock milliseconds (RecordedFrame.at), the clock the
 * user lives by, so they include the network and never mix the server's clock in.
 */
import { originOf } from './format.ts';
import { foreignEvents, laneOf, pairRunsWithMessages, runKey, type UserMessageFrame } from './isolation.ts';
import { isComplete, toolCallFailed } from './lifecycle.ts';
import { groupRuns, malformedFrames, runSteps, type Run, type RunStep } from './runs.ts';
import type { AgentEventType, RecordedFrame } from './types.ts';

export interface TimelineEvent {
  frame: number;
  type: AgentEventType;
  seq?: number;
  /** Ms after the run's message. */
  t: number;
  /** The event is not the lane user's: it names another, or its run answers none of their messages. */
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
  /** Where the wire names the user. */
  userId?: string;
  conversationId?: string;
  /** Ms after the timeline's origin when the message went out, or when the run's first frame came. */
  messageOffset: number;
  /** The user's message the run answers (what the decoder marked as such); absent where none was found. */
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
  /** User name → the userId the backend gives that user, where the wire names users. */
  userIds?: Readonly<Record<string, string>>;
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

function timelineRun(run: Run, messageFrame: UserMessageFrame | undefined, origin: number, foreign: ReadonlySet<RecordedFrame>): TimelineRun {
  const steps = runSteps(run);
  const messageAt = messageFrame?.at ?? steps[0]?.frame.at ?? origin;
  const events = steps.map(({ event, frame }): TimelineEvent => {
    const entry: TimelineEvent = { frame: frame.index, type: event.type, t: frame.at - messageAt, foreign: foreign.has(frame) };
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
    messageOffset: messageAt - origin,
    events,
    toolCalls: toolSpans(steps, messageAt),
    incomplete: !isComplete(run),
    latency,
  };
  if (run.userId !== undefined) entry.userId = run.userId;
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
    const name = laneOf(frame);
    const laneFrames = framesByLane.get(name);
    if (laneFrames) laneFrames.push(frame);
    else framesByLane.set(name, [frame]);
  }
  const lanes = [...framesByLane].map(([owner, laneFrames]): Lane => {
    const messages = pairRunsWithMessages(laneFrames);
    const userId = options.userIds?.[owner];
    const foreign = new Set<RecordedFrame>(foreignEvents(laneFrames, { name: owner, ...(userId === undefined ? {} : { id: userId }) }).map(({ frame }) => frame));
    const runs = groupRuns(laneFrames).map((run) => timelineRun(run, messages.get(runKey(owner, run.runId)), origin, foreign));
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
