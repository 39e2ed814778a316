/**
 * The scripted agent: the events of one run, in order, computed from the message text.
 * The same text always gives the same event types and data (ids and times aside).
 * Tools really run, when their step is reached.
 */
import { newId } from '../ids.ts';
import { runTool, type ToolCall } from '../tools/index.ts';
import type { SearchHit } from '../tools/search-docs.ts';
import { intention, plan } from './planner.ts';

export type AgentStep =
  | { type: 'agent_started'; data: { messageId: string } }
  | { type: 'agent_thinking'; data: { text: string } }
  | { type: 'tool_executing'; data: { toolCallId: string; tool: string; input: unknown } }
  | { type: 'tool_completed'; data: { toolCallId: string; tool: string; output: unknown } | { toolCallId: string; tool: string; error: string } }
  | { type: 'agent_completed'; data: { answer: string } }
  /** Not an event: the running tool takes this long before its result. */
  | { type: 'tool_working'; ms: number };

/** Thinking steps of a deliberate run, and how long a thorough tool takes: long enough to stop either by hand. */
export const DELIBERATE_STEPS = 80;
export const THOROUGH_TOOL_MS = 4000;

export class SimulatedAgentFailure extends Error {
  override name = 'SimulatedAgentFailure';
}

type Outcome = { call: ToolCall; output: unknown } | { call: ToolCall; error: string };

const TOOL_LABEL: Record<ToolCall['tool'], string> = {
  calculator: 'The calculator',
  unit_convert: 'The unit converter',
  search_docs: 'The docs search',
};

function quote(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 199)}…` : oneLine;
}

function describeOutcome(outcome: Outcome): string {
  if ('error' in outcome) {
    return `${TOOL_LABEL[outcome.call.tool]} failed: ${outcome.error.replace(/\.$/, '')}.`;
  }
  const { call, output } = outcome;
  switch (call.tool) {
    case 'calculator':
      return `${call.input.expression} = ${String(output)}.`;
    case 'unit_convert':
      return `${String(output)}.`;
    case 'search_docs': {
      const hits = output as SearchHit[];
      const [top] = hits;
      if (!top) return `I found nothing in the docs about "${call.input.query}".`;
      const titles = hits.map((h) => h.title).join('; ');
      return `The docs about "${call.input.query}" (${titles}) say: ${top.snippet}`;
    }
  }
}

export function composeAnswer(text: string, outcomes: readonly Outcome[]): string {
  if (outcomes.length === 0) {
    return `You said: "${quote(text)}". I can calculate, convert units and search the docs.`;
  }
  return outcomes.map(describeOutcome).join(' ');
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The steps of a run. Throws (an internal failure → `agent_error`) when asked to simulate one. */
export function* agentScript(text: string, messageId: string): Generator<AgentStep, void, undefined> {
  const { calls, crash, deliberate, thorough } = plan(text);
  yield { type: 'agent_started', data: { messageId } };
  yield { type: 'agent_thinking', data: { text: 'Reading the question…' } };
  if (deliberate) {
    for (let step = 1; step <= DELIBERATE_STEPS; step += 1) yield { type: 'agent_thinking', data: { text: `Weighing it over (${step} of ${DELIBERATE_STEPS})…` } };
  }
  if (crash) throw new SimulatedAgentFailure('Simulated failure: the agent crashed while thinking');
  if (calls.length === 0) {
    yield { type: 'agent_thinking', data: { text: 'No tool needed for this one.' } };
    yield { type: 'agent_completed', data: { answer: composeAnswer(text, []) } };
    return;
  }
  const outcomes: Outcome[] = [];
  for (const call of calls) {
    yield { type: 'agent_thinking', data: { text: intention(call) } };
    const toolCallId = newId('t');
    yield { type: 'tool_executing', data: { toolCallId, tool: call.tool, input: call.input } };
    if (thorough) yield { type: 'tool_working', ms: THOROUGH_TOOL_MS };
    try {
      const output = runTool(call);
      outcomes.push({ call, output });
      yield { type: 'tool_completed', data: { toolCallId, tool: call.tool, output } };
    } catch (error) {
      outcomes.push({ call, error: errorMessage(error) });
      yield { type: 'tool_completed', data: { toolCallId, tool: call.tool, error: errorMessage(error) } };
    }
  }
  yield { type: 'agent_thinking', data: { text: 'Putting the answer together…' } };
  yield { type: 'agent_completed', data: { answer: composeAnswer(text, outcomes) } };
}
