/**
 * A run's events as an approved trace: the canonical events in order, with what differs by nature
 * between two runs of one conversation (generated ids, free text, the values a tool saw) turned
 * into placeholders, so that what is left is the protocol: which events, in which order, carrying
 * which fields. Times are left out. A trace is text, compared by Playwright's own snapshots.
 */
import type { Run } from './runs.ts';
import type { AgentEvent } from './types.ts';

export const TRACE_HEADER = '# chat-e2e event trace v1: canonical events; ids, free text and tool values as placeholders';

/** Event fields holding text a model writes: their value is never the protocol's. */
const FREE_TEXT = new Set(['answer', 'text', 'message', 'reason']);
/** Fields holding what a tool was given or gave back: their shape is kept, not their values. */
const TOOL_VALUES = new Set(['input', 'output', 'error', 'result', 'args']);

const ID_KINDS: Record<string, string> = { runId: 'run', toolCallId: 'call', messageId: 'message', conversationId: 'conversation', userId: 'user', threadId: 'thread' };

/** The shape of a value: strings and numbers as placeholders, structure and booleans kept. */
function shapeOf(value: unknown): unknown {
  if (typeof value === 'string') return '<string>';
  if (typeof value === 'number') return '<number>';
  if (Array.isArray(value)) return value.map(shapeOf);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([key, inner]) => [key, shapeOf(inner)]));
  return value;
}

/** Renders runs as trace text; ids are numbered per kind in order of first appearance. */
export function renderEventTrace(runs: readonly Run[]): string {
  const ids = new Map<string, string>();
  const counts = new Map<string, number>();
  const placeholder = (kind: string, value: unknown): string => {
    const key = JSON.stringify(value);
    let found = ids.get(key);
    if (found === undefined) {
      const n = (counts.get(kind) ?? 0) + 1;
      counts.set(kind, n);
      ids.set(key, (found = `<${kind}-${n}>`));
    }
    return found;
  };
  const dataOf = (event: AgentEvent): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(event.data)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, value]) => {
          if (/Id$/.test(key) && value !== undefined && value !== null) return [key, placeholder(ID_KINDS[key] ?? 'id', value)];
          if (FREE_TEXT.has(key) && typeof value === 'string') return [key, '<text>'];
          if (TOOL_VALUES.has(key)) return [key, shapeOf(value)];
          return [key, value];
        }),
    );
  const lines = [TRACE_HEADER];
  for (const run of runs) {
    lines.push(`run ${placeholder('run', run.runId)}`);
    for (const event of run.events) lines.push(`  ${event.type} ${JSON.stringify(dataOf(event))}`);
  }
  return `${lines.join('\n')}\n`;
}

const LINE = /^(?:run <run-\d+>| {2}[a-z_]+ \{.*\})$/;

/** Why a stored text is not a trace the suite wrote (first problem, with its line), or undefined. */
export function traceProblem(text: string): string | undefined {
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines[0] !== TRACE_HEADER) return `its first line is not the suite's trace header (${JSON.stringify(TRACE_HEADER)}), got ${JSON.stringify(lines[0]?.slice(0, 80) ?? '')}`;
  for (const [at, line] of lines.entries()) {
    if (at === 0) continue;
    if (!LINE.test(line)) return `line ${at + 1} is neither "run <run-N>" nor an indented event with its JSON data: ${JSON.stringify(line.slice(0, 80))}`;
    const json = line.startsWith('  ') ? line.slice(line.indexOf('{')) : undefined;
    if (json !== undefined) {
      try {
        JSON.parse(json);
      } catch (error) {
        return `line ${at + 1}: the event's data is not JSON (${(error as Error).message})`;
      }
    }
  }
  return undefined;
}
