/**
 * Which of a user's runs are theirs (docs/decoders.md, "Isolation"). Where the wire names the
 * user, an event is foreign when it names another. Where it does not, each run must answer a
 * message that the page's own user sent: the run is paired with the earliest such message before
 * it that no other run answers (same key where the run names one, same conversation where both
 * say, the same stream first); a run left without one is foreign. Whatever the wire says, a run
 * belongs to one user: the pages of a second user that receive the same run got someone else's
 * (a response cache keyed without the user). The same pairing gives the gate its latency: from the
 * user's message to the run's events.
 */
import { plural } from './format.ts';
import { agentEventFrames, type AgentEventFrame } from './runs.ts';
import { isAgentEvent, isUserMessage, type AgentEvent, type RecordedFrame, type UserMessage } from './types.ts';

export type UserMessageFrame = RecordedFrame & { decoded: UserMessage };

export const userMessageFrames = (frames: readonly RecordedFrame[]): UserMessageFrame[] =>
  frames.filter((frame): frame is UserMessageFrame => isUserMessage(frame.decoded));

/** The pages of one user are one lane; a page nobody owns is a lane of its own context. */
export const laneOf = (frame: RecordedFrame): string => frame.owner ?? `(context ${frame.contextId})`;

const streamOf = (frame: RecordedFrame): string => `${frame.pageId}/${frame.socketId}`;

function answers(message: UserMessage, event: AgentEvent): boolean {
  if (event.answers !== undefined && message.messageKey !== event.answers) return false;
  return message.conversationId === undefined || event.conversationId === undefined || message.conversationId === event.conversationId;
}

/** Per lane and run (`lane` + NUL + runId): the user's message the run answers, or undefined where none does. */
export function pairRunsWithMessages(frames: readonly RecordedFrame[]): Map<string, UserMessageFrame | undefined> {
  const pairs = new Map<string, UserMessageFrame | undefined>();
  const open = new Map<string, UserMessageFrame[]>();
  for (const frame of frames) {
    const lane = laneOf(frame);
    if (isUserMessage(frame.decoded)) {
      open.set(lane, [...(open.get(lane) ?? []), frame as UserMessageFrame]);
      continue;
    }
    const event = frame.decoded;
    if (!isAgentEvent(event)) continue;
    const key = runKey(lane, event.runId);
    if (pairs.has(key)) continue;
    const waiting = open.get(lane) ?? [];
    const candidates = waiting.filter((message) => answers(message.decoded, event));
    const message = candidates.find((candidate) => streamOf(candidate) === streamOf(frame)) ?? candidates[0];
    pairs.set(key, message);
    if (message) open.set(lane, waiting.filter((candidate) => candidate !== message));
  }
  return pairs;
}

export const runKey = (lane: string, runId: string): string => `${lane}\u0000${runId}`;

export interface ForeignEvent {
  frame: AgentEventFrame;
  /** Why the event is not the page user's, in a sentence's end: "names user u-2, not alice (u-1)". */
  reason: string;
}

/** The user the frames belong to: their name (the pages' owner) and, where known, the id the wire names them by. */
export interface PageUser {
  name?: string;
  id?: string;
}

/** The agent events among `frames` (one user's pages) that are not that user's, each with why. */
export function foreignEvents(frames: readonly RecordedFrame[], user: PageUser): ForeignEvent[] {
  const who = user.name === undefined ? user.id ?? 'the page user' : user.id === undefined ? user.name : `${user.name} (${user.id})`;
  const pairs = pairRunsWithMessages(frames);
  const messagesSent = userMessageFrames(frames).length;
  return agentEventFrames(frames).flatMap((frame): ForeignEvent[] => {
    const { userId, runId, conversationId } = frame.decoded;
    if (userId !== undefined && user.id !== undefined) return userId === user.id ? [] : [{ frame, reason: `names user ${userId}, not ${who}` }];
    if (pairs.get(runKey(laneOf(frame), runId)) !== undefined) return [];
    const conversation = conversationId === undefined ? '' : ` in conversation ${conversationId}`;
    const sent = messagesSent === 0 ? 'they sent none' : `none of their ${plural(messagesSent, 'message')} before it is left unanswered`;
    return [{ frame, reason: `run ${runId}${conversation} answers no message ${who} sent: ${sent}` }];
  });
}

/** Which user's pages each run reached first, by run id: kept by a worker across its tests. */
export type RunOwners = Map<string, string>;

/**
 * The agent events of runs that reached more than one user's pages: the first user to receive a run
 * keeps it; every event of it on another user's pages is foreign there. Catches a run delivered to
 * the wrong user even where it answers a message that user sent on the same stream. `earlier`
 * holds the runs of the worker's earlier tests, and gains this recording's: a run replayed to
 * another user in a later test is a leak too, while the same user's own run, shown again on a new
 * page of theirs (a reload, a second tab), is not.
 */
export function sharedRunEvents(frames: readonly RecordedFrame[], earlier: RunOwners = new Map()): ForeignEvent[] {
  const thisTest = new Set<string>();
  return agentEventFrames(frames).flatMap((frame): ForeignEvent[] => {
    const lane = laneOf(frame);
    const { runId } = frame.decoded;
    const first = earlier.get(runId);
    if (first === undefined) {
      earlier.set(runId, lane);
      thisTest.add(runId);
    }
    if (first === undefined || first === lane) return [];
    const when = thisTest.has(runId) ? '' : ' in an earlier test of this worker';
    return [{ frame, reason: `run ${runId} reached ${first} first${when}: a run belongs to one user` }];
  });
}
