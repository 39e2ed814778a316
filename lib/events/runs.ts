/**
 * From recorded frames to runs: the unit the lifecycle rules judge.
 */
import { isAgentEvent, isMalformed, type AgentEvent, type MalformedFrame, type RecordedFrame } from './types.ts';

/** One agent run as the pages received it. */
export interface Run {
  runId: string;
  /** The userId of the run's first event, where the wire names the user. */
  userId?: string;
  /** The conversationId of the run's first event, where the wire has one. */
  conversationId?: string;
  /** In arrival order: `events[i]` is `frames[i].decoded`. */
  events: AgentEvent[];
  frames: RecordedFrame[];
}

/** One event of a run with the frame that carried it and its position in the run. */
export interface RunStep {
  event: AgentEvent;
  frame: RecordedFrame;
  position: number;
}

/** The run's events paired with their frames; a run built by hand must keep the two aligned. */
export function runSteps(run: Run): RunStep[] {
  if (run.events.length !== run.frames.length) {
    throw new Error(`run ${run.runId}: ${run.events.length} events but ${run.frames.length} frames; each event needs the frame that carried it`);
  }
  return run.frames.map((frame, position) => ({ frame, position, event: run.events[position] as AgentEvent }));
}

export type AgentEventFrame = RecordedFrame & { decoded: AgentEvent };
export type MalformedRecordedFrame = RecordedFrame & { decoded: MalformedFrame };

export const agentEventFrames = (frames: readonly RecordedFrame[]): AgentEventFrame[] =>
  frames.filter((frame): frame is AgentEventFrame => isAgentEvent(frame.decoded));

export const agentEvents = (frames: readonly RecordedFrame[]): AgentEvent[] =>
  agentEventFrames(frames).map((frame) => frame.decoded);

export const malformedFrames = (frames: readonly RecordedFrame[]): MalformedRecordedFrame[] =>
  frames.filter((frame): frame is MalformedRecordedFrame => isMalformed(frame.decoded));

/**
 * Runs in order of first appearance. A run is keyed by runId alone, across sockets and pages:
 * a run resumed on a new socket stays one run, and a run delivered to two pages shows its
 * events twice, which the lifecycle rules then report.
 */
export function groupRuns(frames: readonly RecordedFrame[]): Run[] {
  const runs = new Map<string, Run>();
  for (const frame of agentEventFrames(frames)) {
    const event = frame.decoded;
    let run = runs.get(event.runId);
    if (!run) {
      run = { runId: event.runId, events: [], frames: [] };
      if (event.userId !== undefined) run.userId = event.userId;
      if (event.conversationId !== undefined) run.conversationId = event.conversationId;
      runs.set(event.runId, run);
    }
    run.events.push(event);
    run.frames.push(frame);
  }
  return [...runs.values()];
}
