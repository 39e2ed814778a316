/**
 * The options of `npm run load`: their defaults, their usage text, and the parsing that names a bad
 * one. Pure: tools/commands/load.ts reads argv and the environment and hands them over.
 */

export interface LoadOptions {
  users: number;
  messages: number;
  /** AGENT_STEP_MS of the app this script starts; undefined with `url` (the app is already running). */
  stepMs: number | undefined;
  /** An app that is already running; undefined: start one. */
  url: string | undefined;
  /** How long one run may take from its message to its last event. */
  runTimeoutMs: number;
  /** The bound on the whole load, set-up to the last history read. */
  timeoutMs: number;
}

export const LOAD_DEFAULTS = { users: 50, messages: 4, stepMs: 60, runTimeoutMs: 15_000, timeoutSeconds: 180 } as const;

export const LOAD_USAGE = `npm run load -- [options]
  --users N            concurrent users, 1-200 (default ${LOAD_DEFAULTS.users})
  --messages N         messages per user, sent one after another, 1-50 (default ${LOAD_DEFAULTS.messages})
  --step-ms N          AGENT_STEP_MS of the app started for the load, 0-60000
                       (default: $AGENT_STEP_MS, else ${LOAD_DEFAULTS.stepMs})
  --url URL            load an app that is already running (loopback only); then no --step-ms
  --run-timeout-ms N   longest a run may take, message to last event (default ${LOAD_DEFAULTS.runTimeoutMs})
  --timeout-s N        bound on the whole load (default ${LOAD_DEFAULTS.timeoutSeconds})
FAULTS=... in the environment is passed to the app started for the load.`;

export class LoadUsageError extends Error {
  override name = 'LoadUsageError';
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function integerOption(name: string, raw: string, min: number, max: number): number {
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new LoadUsageError(`${name} "${raw}": expected an integer from ${min} to ${max}`);
  }
  return value;
}

/** A load generator aimed elsewhere would be an attack, not a test: loopback only. */
export function loopbackUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new LoadUsageError(`--url "${raw}": not a URL, e.g. http://127.0.0.1:3000`);
  }
  if (url.protocol !== 'http:') throw new LoadUsageError(`--url "${raw}": expected http:// (the socket is then ws://)`);
  if (!LOOPBACK_HOSTS.has(url.hostname)) throw new LoadUsageError(`--url "${raw}": the load runs over loopback only (127.0.0.1, localhost, [::1])`);
  return url.origin;
}

/** `--name value` or `--name=value`; throws LoadUsageError naming the bad option. */
export function parseLoadArguments(argv: readonly string[], env: NodeJS.ProcessEnv = {}): LoadOptions {
  const given = new Map<string, string>();
  const known = ['--users', '--messages', '--step-ms', '--url', '--run-timeout-ms', '--timeout-s'];
  for (let i = 0; i < argv.length; i += 1) {
    const argument = argv[i] ?? '';
    const [name = '', inline] = argument.split(/=(.*)/s, 2);
    if (!known.includes(name)) throw new LoadUsageError(`unknown option "${argument}"\n${LOAD_USAGE}`);
    const value = inline ?? argv[(i += 1)];
    if (value === undefined || value === '') throw new LoadUsageError(`${name} needs a value`);
    given.set(name, value);
  }
  const url = given.get('--url');
  const stepRaw = given.get('--step-ms') ?? env.AGENT_STEP_MS;
  if (url !== undefined && stepRaw !== undefined && stepRaw.trim() !== '') {
    throw new LoadUsageError('--step-ms / AGENT_STEP_MS set the step of the app the load starts; with --url the running app has its own');
  }
  const number = (name: string, fallback: number, min: number, max: number): number => {
    const raw = given.get(name);
    return raw === undefined ? fallback : integerOption(name, raw, min, max);
  };
  return {
    users: number('--users', LOAD_DEFAULTS.users, 1, 200),
    messages: number('--messages', LOAD_DEFAULTS.messages, 1, 50),
    stepMs: url !== undefined ? undefined : stepRaw === undefined || stepRaw.trim() === '' ? LOAD_DEFAULTS.stepMs : integerOption('--step-ms', stepRaw, 0, 60_000),
    url: url === undefined ? undefined : loopbackUrl(url),
    runTimeoutMs: number('--run-timeout-ms', LOAD_DEFAULTS.runTimeoutMs, 100, 600_000),
    timeoutMs: number('--timeout-s', LOAD_DEFAULTS.timeoutSeconds, 1, 3600) * 1000,
  };
}

