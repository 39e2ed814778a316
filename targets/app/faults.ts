/**
 * Named faults, switched on at start (`FAULTS=drop:tool_completed,leak`), so the suite can
 * prove it catches them. Each one is real: it changes what the server sends or what the UI does.
 */

/** The five agent event types that `drop:` and `duplicate:` accept. */
export const FAULT_EVENTS = ['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed'] as const;
export type FaultEvent = (typeof FAULT_EVENTS)[number];

const SIMPLE = ['reorder', 'leak', 'malformed', 'stall', 'wrong-answer', 'ui-stale', 'no-reconnect', 'history-loss', 'xss', 'ignore-stop'] as const;
type SimpleFault = (typeof SIMPLE)[number];

/** The faults that live in the browser: the server hands them to the page. */
export const UI_FAULTS: readonly SimpleFault[] = ['wrong-answer', 'ui-stale', 'no-reconnect', 'xss'];

/** The bounds of `slow:<ms>`, in milliseconds. */
export const SLOW_MS = { min: 1, max: 60_000 } as const;

/**
 * Every fault the app knows, as a pattern: `<event>` stands for one of FAULT_EVENTS, `<ms>` for
 * a whole number within SLOW_MS. `npm run app -- --list-faults` prints it, so that the fault matrix
 * (commands/faults.ts) proves a catch for each fault there is, a new one included.
 */
export const FAULT_CATALOGUE: readonly string[] = ['drop:<event>', 'duplicate:<event>', ...SIMPLE, 'slow:<ms>'];

export const ALLOWED_FAULTS = `${FAULT_CATALOGUE.join(', ')} (event is one of ${FAULT_EVENTS.join(', ')}; ms is an integer ${SLOW_MS.min}-${SLOW_MS.max})`;

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
      if (!Number.isInteger(ms) || ms < SLOW_MS.min || ms > SLOW_MS.max) {
        throw new FaultError(`Bad fault "${name}": slow needs milliseconds, an integer from ${SLOW_MS.min} to ${SLOW_MS.max}. Allowed: ${ALLOWED_FAULTS}`);
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
