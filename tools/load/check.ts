/**
 * The pure half of `npm run load`: what each user says (its options: options.ts), and the judgement of a
 * recorded load (the properties, throughput and latency) with its table. No sockets, no files:
 * tools/commands/load.ts drives the app and hands over what it recorded; tests/load/ checks both.
 * The rules themselves are not written again here: runs come from events/runs.ts, the lifecycle
 * rules from events/lifecycle.ts, latencies from events/timeline.ts and events/latency.ts.
 */
import { isDeepStrictEqual } from 'node:util';
import { formatFrame, formatViolations, originOf, plural } from '../../lib/events/format.ts';
import { summarize, type LatencySummary } from '../../lib/events/latency.ts';
import { checkRun, isComplete } from '../../lib/events/lifecycle.ts';
import { agentEventFrames, groupRuns, malformedFrames, type AgentEventFrame } from '../../lib/events/runs.ts';
import { buildTimeline, runLatencies } from '../../lib/events/timeline.ts';
import { isAgentEvent, type RecordedFrame } from '../../lib/events/types.ts';

// ---------------------------------------------------------------------------------------------
// What the users say

export interface PlannedMessage {
  text: string;
  /** The tools the message asks for, in order: proof that the load exercised them. */
  tools: string[];
}

const TOPICS = ['reconnect', 'history', 'limits', 'keyboard shortcuts', 'sessions', 'privacy', 'streaming', 'troubleshooting'];

/**
 * Message `index` of user `user` (both from 0). Templates rotate by user and message and their
 * numbers come from both, so no two users send the same sequence; one template is a tool error
 * (km → kg) so the error path of tool_completed is under load too.
 */
export function plannedMessage(user: number, index: number): PlannedMessage {
  const a = 2 + user;
  const b = 3 + index;
  const topic = TOPICS[(user + index) % TOPICS.length] ?? 'history';
  const templates: PlannedMessage[] = [
    { text: `What is ${a} * ${b} + ${user + index}?`, tools: ['calculator'] },
    { text: `Convert ${a * 10 + index} km to miles`, tools: ['unit_convert'] },
    { text: `Search the docs for ${topic}`, tools: ['search_docs'] },
    { text: `Calculate (${a} + ${b}) / 2 and then convert ${a + b} kg to lb`, tools: ['calculator', 'unit_convert'] },
    { text: `Convert ${a} km to kg`, tools: ['unit_convert'] },
    { text: `Search the docs for ${topic}; what is ${a} ^ 2?`, tools: ['search_docs', 'calculator'] },
    { text: `Convert ${a + index} celsius to fahrenheit`, tools: ['unit_convert'] },
  ];
  return templates[(user + index) % templates.length] as PlannedMessage;
}

// ---------------------------------------------------------------------------------------------
// What a load recorded, and its judgement

export interface LoadUser {
  name: string;
  id: string;
}

export interface SentMessage {
  /** The user's name. */
  user: string;
  clientId: string;
  text: string;
  tools: string[];
  /** From the ack; absent where no ack came. */
  runId?: string;
  conversationId?: string;
}

export interface ConversationHistory {
  user: string;
  conversationId: string;
  /** `GET /api/conversations/:id` events; absent where the read failed (see `error`). */
  events?: unknown[];
  error?: string;
}

export interface LoadRecording {
  users: LoadUser[];
  /** Every message a user sent, in sending order. */
  messages: SentMessage[];
  /** Every frame of every user's socket (owner = the user's name), in recorded order. */
  frames: RecordedFrame[];
  histories: ConversationHistory[];
  /** What the driver could not do: a run that did not end in time, a socket closed early... */
  problems: string[];
  /** From the first message sent to the last run's end. */
  chatMs: number;
}

export interface PropertyResult {
  name: string;
  holds: boolean;
  /** What was checked, as counted. */
  checked: string;
  /** One line per finding (a violation with its frames may span lines). */
  findings: string[];
}

export interface LoadVerdict {
  ok: boolean;
  properties: PropertyResult[];
  throughput: { users: number; messages: number; runs: number; completeRuns: number; events: number; seconds: number; messagesPerSecond: number; eventsPerSecond: number };
  latency: { started: LatencySummary; completed: LatencySummary };
}

export const PROPERTY_NAMES = {
  complete: 'every message acked, its run complete, lifecycle rules 1-5',
  tools: 'every run called the tools its message asked for',
  isolation: 'no event to the wrong user',
  history: 'history has every delivered event (same seqs) and every message',
} as const;

const own = (recording: LoadRecording) => {
  const runsOf = new Map<string, Set<string>>();
  for (const message of recording.messages) {
    if (message.runId === undefined) continue;
    const set = runsOf.get(message.user) ?? new Set<string>();
    set.add(message.runId);
    runsOf.set(message.user, set);
  }
  /** The user's own frames: all but the agent events of runs that are not theirs. */
  const framesOf = (user: LoadUser): RecordedFrame[] => {
    const runs = runsOf.get(user.name) ?? new Set<string>();
    return recording.frames.filter((frame) => {
      if (frame.owner !== user.name) return false;
      const decoded = frame.decoded;
      return !isAgentEvent(decoded) || (decoded.userId === user.id && runs.has(decoded.runId));
    });
  };
  return { runsOf, framesOf };
};

const runTools = (frames: readonly AgentEventFrame[]): string[] =>
  frames.filter((frame) => frame.decoded.type === 'tool_executing').map((frame) => String(frame.decoded.data.tool));

function checkCompleteness(recording: LoadRecording, framesOf: (user: LoadUser) => RecordedFrame[]): PropertyResult {
  const findings = [...recording.problems];
  let runCount = 0;
  for (const message of recording.messages.filter((candidate) => candidate.runId === undefined)) {
    findings.push(`${message.user}: message ${JSON.stringify(message.text)} was never acked`);
  }
  for (const user of recording.users) {
    const frames = framesOf(user);
    const runs = new Map(groupRuns(frames).map((run) => [run.runId, run]));
    for (const message of recording.messages.filter((candidate) => candidate.user === user.name && candidate.runId !== undefined)) {
      const run = runs.get(message.runId ?? '');
      if (!run) {
        findings.push(`${user.name}: run ${message.runId ?? '?'} of ${JSON.stringify(message.text)} sent no event to its socket`);
        continue;
      }
      runCount += 1;
      const violations = checkRun(run, { ownerId: user.id });
      if (violations.length > 0) findings.push(`${user.name}, message ${JSON.stringify(message.text)}:\n${formatViolations(violations, frames)}`);
    }
    for (const frame of malformedFrames(frames)) findings.push(`${user.name}: malformed frame ${formatFrame(frame, originOf(frames))}: ${frame.decoded.reason}`);
  }
  return {
    name: PROPERTY_NAMES.complete,
    holds: findings.length === 0,
    checked: `${plural(recording.messages.length, 'message')}, ${plural(runCount, 'run')} checked`,
    findings,
  };
}

function checkTools(recording: LoadRecording, framesOf: (user: LoadUser) => RecordedFrame[]): PropertyResult {
  const findings: string[] = [];
  const calls = new Map<string, number>();
  for (const user of recording.users) {
    const byRun = new Map(groupRuns(framesOf(user)).map((run) => [run.runId, agentEventFrames(run.frames)]));
    for (const message of recording.messages.filter((candidate) => candidate.user === user.name)) {
      const frames = byRun.get(message.runId ?? '');
      if (!frames) continue; // no run at all: the completeness property reports it
      const tools = runTools(frames);
      for (const tool of tools) calls.set(tool, (calls.get(tool) ?? 0) + 1);
      if (!isDeepStrictEqual(tools, message.tools)) {
        findings.push(`${user.name}: ${JSON.stringify(message.text)} asked for ${message.tools.join(', ')}, the run called ${tools.join(', ') || 'no tool'}`);
      }
    }
  }
  const counted = [...calls].map(([tool, count]) => `${tool} ×${count}`).join(', ');
  return { name: PROPERTY_NAMES.tools, holds: findings.length === 0, checked: counted || 'no tool call', findings };
}

function checkIsolation(recording: LoadRecording, runsOf: Map<string, Set<string>>): PropertyResult {
  const findings: string[] = [];
  const received = agentEventFrames(recording.frames);
  const origin = originOf(recording.frames);
  for (const user of recording.users) {
    const runs = runsOf.get(user.name) ?? new Set<string>();
    const foreign = received.filter((frame) => frame.owner === user.name && (frame.decoded.userId !== user.id || !runs.has(frame.decoded.runId)));
    const first = foreign[0];
    if (!first) continue;
    const others = new Set(foreign.map((frame) => frame.decoded.userId));
    findings.push(
      `${user.name} (${user.id}) received ${plural(foreign.length, 'event')} of ${plural(others.size, 'other user')}, first: ${formatFrame(first, origin)}`,
    );
  }
  return {
    name: PROPERTY_NAMES.isolation,
    holds: findings.length === 0,
    checked: `${plural(received.length, 'agent event')} on ${plural(recording.users.length, 'socket')}`,
    findings,
  };
}

interface StoredEnvelope {
  type?: unknown;
  seq?: unknown;
  data?: { clientId?: unknown };
}

const parsePayload = (frame: RecordedFrame): unknown => {
  try {
    return JSON.parse(frame.payload ?? '') as unknown;
  } catch {
    return undefined;
  }
};

function checkHistory(recording: LoadRecording, framesOf: (user: LoadUser) => RecordedFrame[]): PropertyResult {
  const findings: string[] = [];
  let compared = 0;
  const conversations = new Set(recording.messages.flatMap((message) => (message.conversationId === undefined ? [] : [`${message.user}\n${message.conversationId}`])));
  for (const key of conversations) {
    const [userName = '', conversationId = ''] = key.split('\n');
    const where = `${userName}, conversation ${conversationId}`;
    const history = recording.histories.find((candidate) => candidate.user === userName && candidate.conversationId === conversationId);
    if (!history?.events) {
      findings.push(`${where}: history not read: ${history?.error ?? 'no read was made'}`);
      continue;
    }
    const stored = history.events as StoredEnvelope[];
    const storedBySeq = new Map(stored.filter((event) => typeof event.seq === 'number').map((event) => [event.seq as number, event]));
    const user = recording.users.find((candidate) => candidate.name === userName);
    const delivered = user ? agentEventFrames(framesOf(user)).filter((frame) => frame.decoded.conversationId === conversationId) : [];
    const deliveredSeqs = new Set<number>();
    for (const frame of delivered) {
      const seq = frame.decoded.seq ?? Number.NaN;
      deliveredSeqs.add(seq);
      const match = storedBySeq.get(seq);
      if (!match) findings.push(`${where}: lost: the socket received ${frame.decoded.type} seq ${seq}, the history has no seq ${seq}`);
      else if (!isDeepStrictEqual(match, parsePayload(frame))) findings.push(`${where}: seq ${seq} differs: the socket received ${frame.payload ?? ''}, the history has ${JSON.stringify(match)}`);
    }
    for (const [seq, event] of storedBySeq) {
      if (!deliveredSeqs.has(seq)) findings.push(`${where}: the history has ${String(event.type)} seq ${seq}, the socket never received it`);
    }
    const storedClientIds = new Set(stored.filter((event) => event.type === 'user_message').map((event) => event.data?.clientId));
    for (const message of recording.messages.filter((candidate) => candidate.user === userName && candidate.conversationId === conversationId)) {
      if (!storedClientIds.has(message.clientId)) findings.push(`${where}: the history lacks the message ${JSON.stringify(message.text)} (clientId ${message.clientId})`);
    }
    compared += delivered.length;
  }
  return {
    name: PROPERTY_NAMES.history,
    holds: findings.length === 0,
    checked: `${plural(compared, 'event')} in ${plural(conversations.size, 'conversation')}`,
    findings,
  };
}

export function judgeLoad(recording: LoadRecording): LoadVerdict {
  const { runsOf, framesOf } = own(recording);
  const properties = [
    checkCompleteness(recording, framesOf),
    checkTools(recording, framesOf),
    checkIsolation(recording, runsOf),
    checkHistory(recording, framesOf),
  ];
  // Latency as the gate measures it (page clock, message sent → event received), over each
  // user's own runs only: another user's leaked run must not claim this user's message.
  const ownFrames = recording.users.flatMap(framesOf).sort((a, b) => a.index - b.index);
  const latencies = runLatencies(buildTimeline(ownFrames, { userIds: Object.fromEntries(recording.users.map((user) => [user.name, user.id])) }));
  const values = (pick: 'toStarted' | 'toCompleted'): number[] => latencies.flatMap((latency) => (latency[pick] === undefined ? [] : [latency[pick]]));
  const runs = recording.users.flatMap((user) => groupRuns(framesOf(user)));
  const events = agentEventFrames(recording.frames).length;
  const seconds = recording.chatMs / 1000;
  const acked = recording.messages.filter((message) => message.runId !== undefined).length;
  return {
    ok: properties.every((property) => property.holds),
    properties,
    throughput: {
      users: recording.users.length,
      messages: acked,
      runs: runs.length,
      completeRuns: runs.filter(isComplete).length,
      events,
      seconds,
      messagesPerSecond: seconds > 0 ? acked / seconds : 0,
      eventsPerSecond: seconds > 0 ? events / seconds : 0,
    },
    latency: { started: summarize(values('toStarted')), completed: summarize(values('toCompleted')) },
  };
}

// ---------------------------------------------------------------------------------------------
// The table

const ms = (value: number | undefined): string => (value === undefined ? '-' : value < 10 ? value.toFixed(1) : String(Math.round(value)));
const rate = (value: number): string => (value < 10 ? value.toFixed(2) : value.toFixed(1));
/** A failing load can find thousands of things; the first ones say what broke. */
const MAX_FINDINGS = 10;

export function renderLoadReport(verdict: LoadVerdict): string {
  const { throughput: t, latency } = verdict;
  const lines = [
    '| load | value |',
    '| --- | --- |',
    `| users (concurrent sockets) | ${t.users} |`,
    `| messages acked | ${t.messages} |`,
    `| runs (complete) | ${t.runs} (${t.completeRuns}) |`,
    `| agent events received | ${t.events} |`,
    `| chat time | ${t.seconds.toFixed(2)} s |`,
    `| throughput | ${rate(t.messagesPerSecond)} messages/s, ${rate(t.eventsPerSecond)} events/s |`,
    '',
    '| latency (ms, message sent → event received) | n | p50 | p95 | max |',
    '| --- | --- | --- | --- | --- |',
    `| message → agent_started | ${latency.started.count} | ${ms(latency.started.p50)} | ${ms(latency.started.p95)} | ${ms(latency.started.max)} |`,
    `| message → agent_completed | ${latency.completed.count} | ${ms(latency.completed.p50)} | ${ms(latency.completed.p95)} | ${ms(latency.completed.max)} |`,
    '',
    '| property | result | checked |',
    '| --- | --- | --- |',
    ...verdict.properties.map((property) => `| ${property.name} | ${property.holds ? 'holds' : `FAILS (${plural(property.findings.length, 'finding')})`} | ${property.checked} |`),
  ];
  for (const property of verdict.properties.filter((candidate) => !candidate.holds)) {
    lines.push('', `FAILS: ${property.name}`);
    lines.push(...property.findings.slice(0, MAX_FINDINGS).map((finding) => `  - ${finding.replace(/\n/g, '\n    ')}`));
    if (property.findings.length > MAX_FINDINGS) lines.push(`  … and ${property.findings.length - MAX_FINDINGS} more`);
  }
  return lines.join('\n');
}
