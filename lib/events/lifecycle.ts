/**
 * The lifecycle rules of docs/lifecycle.md, one small function each. Every check returns every
 * violation it finds, naming the rule, the run and the frames involved: a report, not a verdict.
 */
import { plural } from './format.ts';
import { deliveriesOf, latestDelivery, runSteps, type Run, type RunStep } from './runs.ts';
import { isCancelled } from './stop.ts';
import type { AgentEvent, AgentEventType, RuleNumber, ScreenSnapshot, Violation } from './types.ts';
import { cardShowsValue, quotedValue } from './shown-value.ts';

export const RULE_NAMES: Readonly<Record<RuleNumber, string>> = {
  1: 'one agent_started first, one agent_completed or agent_error last',
  2: 'agent_thinking only between start and end',
  3: 'each tool_executing has one tool_completed after it',
  4: 'seq strictly increases with no gap',
  5: 'every event carries the run, conversation and user',
  6: 'the screen matches the events',
};

export interface RunContext {
  /** The userId of the page's user: rule 5 then holds every event to it. */
  ownerId?: string;
}

const ENDINGS: ReadonlySet<AgentEventType> = new Set(['agent_completed', 'agent_error']);
const isEnding = (step: RunStep): boolean => ENDINGS.has(step.event.type);
const ofType = (type: AgentEventType) => (step: RunStep): boolean => step.event.type === type;

const violation = (rule: RuleNumber, run: Run, message: string, steps: readonly RunStep[]): Violation => ({
  rule,
  ruleName: RULE_NAMES[rule],
  runId: run.runId,
  message,
  frames: steps.map((step) => step.frame.index),
});

const typesOf = (steps: readonly RunStep[]): string => steps.map((step) => step.event.type).join(', ');

/** A string field of an event's data, or undefined where the decoder left something else. */
const dataText = (event: AgentEvent, field: string): string | undefined => {
  const value = event.data[field];
  return typeof value === 'string' ? value : undefined;
};

/** A tool_completed reports a failure by carrying `error` instead of `output`. */
export const toolCallFailed = (completed: AgentEvent): boolean => Object.hasOwn(completed.data, 'error');

/** Complete as its page shows it now: the latest delivery starts with agent_started and ends. */
export function isComplete(run: Run): boolean {
  const { events } = latestDelivery(run);
  const last = events.at(-1);
  return events[0]?.type === 'agent_started' && last !== undefined && ENDINGS.has(last.type);
}

/** False where no event carries seq: rule 4 then has only the arrival order, which is its own. */
export const seqChecked = (run: Run): boolean => run.events.some((event) => event.seq !== undefined);

/** Rule 1: exactly one agent_started, first; exactly one agent_completed or agent_error, last. */
export function checkStartAndEnd(run: Run): Violation[] {
  const steps = runSteps(run);
  const first = steps[0];
  const last = steps.at(-1);
  if (!first || !last) return [violation(1, run, 'expected agent_started first, got no event', [])];
  const found: Violation[] = [];
  const starts = steps.filter(ofType('agent_started'));
  const endings = steps.filter(isEnding);
  const firstStart = starts[0];
  if (!firstStart) {
    found.push(violation(1, run, `expected agent_started first, got none: the run starts with ${first.event.type}`, [first]));
  } else if (firstStart !== first) {
    const before = steps.slice(0, firstStart.position);
    found.push(violation(1, run, `expected agent_started first, got ${typesOf(before)} before it`, [...before, firstStart]));
  }
  if (starts.length > 1) found.push(violation(1, run, `expected one agent_started, got ${starts.length}`, starts));
  const lastEnding = endings.at(-1);
  if (!lastEnding) {
    // Where a reload cut it short and the page got the run again from its start, the replay is judged.
    if (!run.resumedFromStartOnItsPage) {
      found.push(violation(1, run, `expected agent_completed or agent_error last, got none: the run is incomplete, its last event is ${last.event.type}`, [last]));
    }
  } else if (lastEnding !== last) {
    const after = steps.slice(lastEnding.position + 1);
    found.push(violation(1, run, `expected ${lastEnding.event.type} last, got ${typesOf(after)} after it`, [lastEnding, ...after]));
  }
  if (endings.length > 1) found.push(violation(1, run, `expected one agent_completed or agent_error, got ${endings.length}: ${typesOf(endings)}`, endings));
  return found;
}

/** Rule 2: agent_thinking only after agent_started and before the run's end. */
export function checkThinking(run: Run): Violation[] {
  const steps = runSteps(run);
  const start = steps.find(ofType('agent_started'));
  const end = steps.find(isEnding);
  const thinking = steps.filter(ofType('agent_thinking'));
  const early = thinking.filter((step) => !start || step.position < start.position);
  const late = end ? thinking.filter((step) => step.position > end.position) : [];
  const found: Violation[] = [];
  if (early.length > 0) {
    const message = start
      ? `expected agent_thinking after agent_started, got ${plural(early.length, 'agent_thinking')} before it`
      : `expected agent_thinking after agent_started, got ${plural(early.length, 'agent_thinking')} and no agent_started`;
    found.push(violation(2, run, message, start ? [...early, start] : early));
  }
  if (end && late.length > 0) {
    found.push(violation(2, run, `expected agent_thinking before ${end.event.type}, got ${plural(late.length, 'agent_thinking')} after it`, [end, ...late]));
  }
  return found;
}

/**
 * Rule 3: each tool_executing has exactly one tool_completed with its toolCallId, after it, for
 * the same tool. A call still open is judged only once the run has ended: until then it runs;
 * and a run its user stopped (a cancelled ending) may leave a call open: the Stop ended it.
 */
export function checkToolCalls(run: Run): Violation[] {
  const steps = runSteps(run);
  const end = steps.find(isEnding);
  const found: Violation[] = [];
  const calls = new Map<string, { executing: RunStep[]; completed: RunStep[] }>();
  for (const step of steps.filter((candidate) => candidate.event.type === 'tool_executing' || candidate.event.type === 'tool_completed')) {
    const toolCallId = dataText(step.event, 'toolCallId');
    if (toolCallId === undefined) {
      found.push(violation(3, run, `expected ${step.event.type} to carry a toolCallId, got none: it cannot be paired`, [step]));
      continue;
    }
    const call = calls.get(toolCallId) ?? { executing: [], completed: [] };
    (step.event.type === 'tool_executing' ? call.executing : call.completed).push(step);
    calls.set(toolCallId, call);
  }
  for (const [toolCallId, { executing, completed }] of calls) {
    const started = executing[0];
    const finished = completed[0];
    const tool = [...executing, ...completed].map((step) => dataText(step.event, 'tool')).find((name) => name !== undefined);
    const name = `tool call ${toolCallId} (${tool ?? '?'})`;
    if (!started) {
      found.push(violation(3, run, `expected a tool_executing before the tool_completed of ${name}, got none`, completed));
      continue;
    }
    if (executing.length > 1) found.push(violation(3, run, `expected one tool_executing for ${name}, got ${executing.length}`, executing));
    if (!finished) {
      if (end && !isCancelled(end.event)) found.push(violation(3, run, `expected a tool_completed for ${name} before ${end.event.type}, got none`, [started, end]));
      continue;
    }
    if (completed.length > 1) found.push(violation(3, run, `expected one tool_completed for ${name}, got ${completed.length}`, completed));
    if (finished.position < started.position) {
      found.push(violation(3, run, `expected the tool_completed of ${name} after its tool_executing, got it before`, [finished, started]));
    }
    const startedTool = dataText(started.event, 'tool');
    const finishedTool = dataText(finished.event, 'tool');
    if (startedTool !== finishedTool) {
      found.push(violation(3, run, `expected the tool_completed of ${name} to name tool ${startedTool ?? '?'}, got ${finishedTool ?? 'none'}`, [started, finished]));
    }
  }
  return found;
}

/**
 * Rule 4: seq strictly increases within the run, with no gap. Where no event carries seq there is
 * nothing to check (see `seqChecked`); where only some do, that is itself a violation.
 */
export function checkSeq(run: Run): Violation[] {
  const steps = runSteps(run);
  const numbered = steps.flatMap((step) => (step.event.seq === undefined ? [] : [{ step, seq: step.event.seq }]));
  if (numbered.length === 0) return [];
  const found: Violation[] = [];
  const unnumbered = steps.filter((step) => step.event.seq === undefined);
  if (unnumbered.length > 0) {
    found.push(violation(4, run, `expected every event to carry seq, got ${plural(unnumbered.length, 'event')} without: ${typesOf(unnumbered)}`, unnumbered));
  }
  const firstWithSeq = new Map<number, (typeof numbered)[number]>();
  let highest: (typeof numbered)[number] | undefined;
  for (const current of numbered) {
    const earlier = firstWithSeq.get(current.seq);
    if (earlier) {
      found.push(violation(4, run, `expected each seq once, got a duplicate seq ${current.seq}`, [earlier.step, current.step]));
    } else if (highest && current.seq < highest.seq) {
      found.push(violation(4, run, `expected seq to increase, got a decrease: seq ${current.seq} after seq ${highest.seq}`, [highest.step, current.step]));
    }
    if (!earlier) firstWithSeq.set(current.seq, current);
    if (!highest || current.seq > highest.seq) highest = current;
  }
  // Gaps are judged on the numbers that came, whatever their order: a reordering is no gap.
  const ascending = [...firstWithSeq.values()].sort((a, b) => a.seq - b.seq);
  ascending.forEach((current, i) => {
    const next = ascending[i + 1];
    if (!next || next.seq === current.seq + 1) return;
    const missing = next.seq - current.seq === 2 ? `${current.seq + 1}` : `${current.seq + 1}..${next.seq - 1}`;
    found.push(violation(4, run, `expected seq ${current.seq + 1} after seq ${current.seq}, got a gap: seq ${missing} never came`, [current.step, next.step]));
  });
  return found;
}

/** Rule 5: every event carries the run's runId, its conversationId (where present) and its user. */
export function checkIdentity(run: Run, context: RunContext = {}): Violation[] {
  const userSource = context.ownerId === undefined ? "the run's first event" : "the page's user";
  const expectations = [
    { field: 'runId', expected: run.runId, source: '' },
    { field: 'conversationId', expected: run.conversationId, source: '' },
    { field: 'userId', expected: context.ownerId ?? run.userId, source: ` (${userSource})` },
  ] as const;
  // One violation per wrong value, not per event: a leaked run reads as one finding.
  const mismatches = new Map<string, { message: string; steps: RunStep[] }>();
  for (const step of runSteps(run)) {
    for (const { field, expected, source } of expectations) {
      const value = step.event[field];
      if (value === undefined || expected === undefined || value === expected) continue;
      const message = `expected ${field} ${expected}${source}, got ${value}`;
      const mismatch = mismatches.get(message) ?? { message, steps: [] };
      mismatch.steps.push(step);
      mismatches.set(message, mismatch);
    }
  }
  return [...mismatches.values()].map(({ message, steps }) =>
    violation(5, run, `${message} on ${plural(steps.length, 'event')}: ${typesOf(steps)}`, steps),
  );
}

/** Rules 1-5 for one run, delivery by delivery (a replay to a reloaded page is judged on its own): every violation, in rule order. */
export function checkRun(run: Run, context: RunContext = {}): Violation[] {
  return deliveriesOf(run).flatMap((delivery) => [
    ...checkStartAndEnd(delivery),
    ...checkThinking(delivery),
    ...checkToolCalls(delivery),
    ...checkSeq(delivery),
    ...checkIdentity(delivery, context),
  ]);
}

type ToolCard = ScreenSnapshot['toolCards'][number];

/**
 * Rule 6: the answer shown equals agent_completed.data.answer (a run ended by agent_error has no
 * answer to compare); each tool call has a card with its tool, its status and its output or error.
 * Cards pair with calls by toolCallId where the UI exposes it, else by order among cards of a tool.
 */
export function checkUi(shown: Run, ui: ScreenSnapshot): Violation[] {
  // The page shows the latest delivery of the run (a reloaded page, the replay it resumed).
  const run = latestDelivery(shown);
  const steps = runSteps(run);
  const found: Violation[] = [];
  const completed = steps.find(ofType('agent_completed'));
  if (completed) {
    const answer = dataText(completed.event, 'answer');
    if (ui.answer !== answer) {
      found.push(violation(6, run, `expected the screen to show the answer ${JSON.stringify(answer)}, got ${JSON.stringify(ui.answer)}`, [completed]));
    }
  } else if (!steps.some(ofType('agent_error'))) {
    found.push(violation(6, run, `expected an agent_completed to hold the screen's answer ${JSON.stringify(ui.answer)} against, got none`, steps.slice(-1)));
  }

  const unmatched: ToolCard[] = [...ui.toolCards];
  const takeCard = (predicate: (card: ToolCard) => boolean): ToolCard | undefined => {
    const at = unmatched.findIndex(predicate);
    return at === -1 ? undefined : unmatched.splice(at, 1)[0];
  };
  for (const started of steps.filter(ofType('tool_executing'))) {
    const toolCallId = dataText(started.event, 'toolCallId');
    const tool = dataText(started.event, 'tool');
    const finished = steps.find((step) => step.event.type === 'tool_completed' && dataText(step.event, 'toolCallId') === toolCallId);
    const involved = finished ? [started, finished] : [started];
    const name = `the ${tool ?? '?'} card (call ${toolCallId ?? '?'})`;
    const card =
      takeCard((candidate) => candidate.toolCallId !== undefined && candidate.toolCallId === toolCallId) ??
      takeCard((candidate) => candidate.toolCallId === undefined && candidate.tool === tool);
    if (!card) {
      found.push(violation(6, run, `expected ${name} on the screen, got no such card`, involved));
      continue;
    }
    if (card.tool !== tool) found.push(violation(6, run, `expected ${name} to show tool ${tool ?? '?'}, got ${card.tool}`, involved));
    const failed = finished !== undefined && toolCallFailed(finished.event);
    const status = finished ? (failed ? 'error' : 'done') : 'running';
    if (card.status !== status) found.push(violation(6, run, `expected ${name} to be ${status}, got ${card.status}`, involved));
    if (finished) {
      const value = failed ? finished.event.data.error : finished.event.data.output;
      if (!cardShowsValue(card.output, value)) {
        found.push(violation(6, run, `expected ${name} to show the ${failed ? 'error' : 'output'} ${quotedValue(value)}, got ${JSON.stringify(card.output)}`, involved));
      }
    }
  }
  for (const card of unmatched) {
    found.push(violation(6, run, `expected no tool card without a tool_executing, got a ${card.tool} card (${card.status})`, []));
  }
  return found;
}
