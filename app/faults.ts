/**
 * Named faults, switched on at start (`FAULTS=drop:tool_completed,leak`), so the suite can
 * prove it catches them. Each one is real: it changes what the server sends or what the UI does.
 */

/** The five agent event types that `drop:` and `duplicate:` accept. */
export const FAULT_EVENTS = ['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed'] as const;
export type FaultEvent = (typeof FAULT_EVENTS)[number];

const SIMPLE = ['reorder', 'leak', 'malformed', 'stall', 'wrong-answer', 'ui-stale', 'no-reconnect', 'history-loss', 'xss'] as const;
type SimpleFault = (typeof SIMPLE)[number];

/** The faults that live in the browser: the server hands them to the page. */
export const UI_FAULTS: readonly SimpleFault[] = ['wrong-answer', 'ui-stale', 'no-reconnect', 'xss'];

export const ALLOWED_FAULTS = `drop:<event>, duplicate:<event>, ${SIMPLE.join(', ')}, slow:<ms> (event is one of ${FAULT_EVENTS.join(', ')}; ms is an integer 1-60000)`;

export class FaultError extends Error {
  override name = 'FaultError';
}

export interface Faults {
  /** The faults as given, normalised (e.g. `["drop:tool_completed","leak"]`). */
  names: string[];
  drop: Set<FaultEvent>;
  duplicate: Set<FaultEvent>;
  slowMs: number;
  has(name: SimpleFault): boolean;
}

function isFaultEvent(value: string): value is FaultEvent {
  return (FAULT_EVENTS as readonly string[]).includes(value);
}

function isSimple(value: string): value is SimpleFault {
  return (SIMPLE as readonly string[]).includes(value);
}

/** Parses fault names; throws FaultError naming the bad one and listing the allowed ones. */
export function parseFaults(input: readonly string[]): Faults {
  const simple = new Set<SimpleFault>();
  const drop = new Set<FaultEvent>();
  const duplicate = new Set<FaultEvent>();
  const names: string[] = [];
  let slowMs = 0;
  for (const rawName of input) {
    const name = rawName.trim();
    if (name === '') continue;
    const [kind = '', arg, ...extra] = name.split(':');
    if (extra.length > 0) throw new FaultError(`Bad fault "${name}": too many ":" parts. Allowed: ${ALLOWED_FAULTS}`);
    if (kind === 'drop' || kind === 'duplicate') {
      if (arg === undefined || !isFaultEvent(arg)) {
        throw new FaultError(`Bad fault "${name}": ${kind} needs an agent event (${FAULT_EVENTS.join(', ')}). Allowed: ${ALLOWED_FAULTS}`);
      }
      (kind === 'drop' ? drop : duplicate).add(arg);
    } else if (kind === 'slow') {
      const ms = arg !== undefined && /^\d+$/.test(arg) ? Number(arg) : NaN;
      if (!Number.isInteger(ms) || ms < 1 || ms > 60_000) {
        throw new FaultError(`Bad fault "${name}": slow needs milliseconds, an integer from 1 to 60000. Allowed: ${ALLOWED_FAULTS}`);
      }
      slowMs += ms;
    } else if (isSimple(kind)) {
      if (arg !== undefined) throw new FaultError(`Bad fault "${name}": ${kind} takes no argument. Allowed: ${ALLOWED_FAULTS}`);
      simple.add(kind);
    } else {
      throw new FaultError(`Unknown fault "${name}". Allowed: ${ALLOWED_FAULTS}`);
    }
    if (!names.includes(name)) names.push(name);
  }
  return { names, drop, duplicate, slowMs, has: (fault) => simple.has(fault) };
}

/** The names of the faults the browser has to know about. */
export function uiFaults(faults: Faults): string[] {
  return UI_FAULTS.filter((f) => faults.has(f));
}
