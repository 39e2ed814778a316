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
  /**
   * A delivery (deliveriesOf) that stopped before the run's end, after which the run reached the
   * same page again from its start: the page reloaded and resumed it, so what this one missed came there.
   */
  resumedFromStartOnItsPage?: true;
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
 * a run resumed on a new socket stays one run, and a run delivered again from its start (to a
 * reloaded page, a second tab) holds every delivery, which the lifecycle rules judge one by one
 * (deliveriesOf).
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

/**
 * A run as each page received it. A product may deliver a run again from its start on a new stream:
 * to a page that reloaded mid-run and resumed it (ai@4's `experimental_resume` replays the whole
 * answer), or to a second page of the same user. Each such delivery is a run of its own to the
 * lifecycle rules, so a replay is no second agent_started; an agent_started again on a stream the
 * delivery already has is (rule 1). A new stream that picks the run up mid-way, with no
 * agent_started (a resume after a lost connection), continues the latest delivery.
 */
export function deliveriesOf(run: Run): Run[] {
  const deliveries: { run: Run; streams: Set<string> }[] = [];
  for (const { event, frame } of runSteps(run)) {
    const stream = `${frame.pageId}/${frame.socketId}`;
    let delivery = deliveries.find((each) => each.streams.has(stream));
    if (!delivery && (event.type === 'agent_started' || deliveries.length === 0)) {
      delivery = { run: { runId: run.runId, events: [], frames: [], ...(run.userId === undefined ? {} : { userId: run.userId }), ...(run.conversationId === undefined ? {} : { conversationId: run.conversationId }) }, streams: new Set() };
      deliveries.push(delivery);
    }
    delivery ??= deliveries.at(-1) as (typeof deliveries)[number];
    delivery.streams.add(stream);
    delivery.run.events.push(event);
    delivery.run.frames.push(frame);
  }
  const ends = (delivery: Run) => delivery.events.some((event) => event.type === 'agent_completed' || event.type === 'agent_error');
  deliveries.forEach(({ run: delivery }, at) => {
    const page = delivery.frames[0]?.pageId;
    if (!ends(delivery) && deliveries.slice(at + 1).some((later) => later.run.frames[0]?.pageId === page)) delivery.resumedFromStartOnItsPage = true;
  });
  return deliveries.map((each) => each.run);
}

/** The delivery of the run its page shows now: the latest. */
export const latestDelivery = (run: Run): Run => deliveriesOf(run).at(-1) ?? run;
