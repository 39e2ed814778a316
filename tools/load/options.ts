/**
 * The options of `npm run load`: the target, the arrival phases (from the command line or a file),
 * the messages each user sends, and the parsing that names a bad one. Pure: tools/commands/load.ts
 * reads argv and files and hands them over; tools/load/artillery-script.ts turns phases into
 * Artillery's.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DEFAULT_MESSAGES } from './virtual-user-result.ts';

/** How users arrive during a phase: Artillery's arrivalRate (with rampTo) or arrivalCount. */
export type Arrivals = { kind: 'rate'; perSecond: number; rampTo?: number } | { kind: 'count'; users: number };

export interface LoadPhase {
  name: string;
  durationSeconds: number;
  arrivals: Arrivals;
}

export interface LoadOptions {
  /** `--target <name|folder>`; undefined: the run's own .env (else the reference app). */
  target: string | undefined;
  phases: LoadPhase[];
  /** Messages each virtual user sends, one after another, each once the answer before it finished. */
  messages: number;
  /** Where the load's reports go; undefined: reports/load/<product>. */
  out: string | undefined;
}

export const LOAD_DEFAULTS = { messages: DEFAULT_MESSAGES, phases: ['warm-up:10s:2', 'steady:20s:1/s', 'spike:5s:1-3/s'] } as const;

export const LOAD_USAGE = `npm run load -- [options]
  --target NAME|DIR     the target to load (an example's name or a folder with a .env); default: .env
  --phase NAME:DURATION:ARRIVALS
                        an arrival phase, repeatable, run in order. DURATION: 30s, 2m or seconds.
                        ARRIVALS: N (N users over the phase), N/s (N new users a second) or
                        A-B/s (from A to B a second). Default: ${LOAD_DEFAULTS.phases.join(' ')}
  --phases-file FILE    the phases as Artillery writes them (YAML or JSON: a list of
                        { name, duration, arrivalRate | arrivalCount, rampTo }), instead of --phase
  --messages N          messages each user sends from the target's conversations, 1-20 (default ${LOAD_DEFAULTS.messages})
  --out DIR             where the reports go (default reports/load/<target>)
FAULTS=... in the environment is passed to the target the load starts (the reference app's faults).`;

/** A bad option or phase: its message names it and says what was expected. */
export class LoadUsageError extends Error {
  override name = 'LoadUsageError';
}

const MAX_RATE = 100;
const MAX_USERS = 10_000;
const MAX_SECONDS = 24 * 3600;

function count(raw: string, what: string, min: number, max: number): number {
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new LoadUsageError(`${what} "${raw}": expected a whole number from ${min} to ${max}`);
  return value;
}

function seconds(raw: string, phase: string): number {
  const match = /^(\d+)(s|m)?$/.exec(raw.trim());
  if (!match) throw new LoadUsageError(`phase "${phase}": duration "${raw}" is not one: write 30s, 2m or a number of seconds`);
  const value = Number(match[1]) * (match[2] === 'm' ? 60 : 1);
  if (value < 1 || value > MAX_SECONDS) throw new LoadUsageError(`phase "${phase}": a duration of ${raw} is out of range (1 s to 24 h)`);
  return value;
}

/** The users a phase brings in all: none is a phase that loads nothing. */
export function usersOf(phase: LoadPhase): number {
  const { arrivals } = phase;
  if (arrivals.kind === 'count') return arrivals.users;
  return Math.round(((arrivals.perSecond + (arrivals.rampTo ?? arrivals.perSecond)) / 2) * phase.durationSeconds);
}

function checked(phase: LoadPhase): LoadPhase {
  if (usersOf(phase) === 0) throw new LoadUsageError(`phase "${phase.name}" brings no user in ${phase.durationSeconds} s: give it arrivals (N users, N/s or A-B/s with B > 0)`);
  return phase;
}

function arrivals(raw: string, phase: string): Arrivals {
  const rate = /^(\d+)(?:-(\d+))?\/s$/.exec(raw);
  if (rate) {
    const perSecond = count(rate[1] ?? '', `phase "${phase}": arrival rate`, 0, MAX_RATE);
    return rate[2] === undefined ? { kind: 'rate', perSecond } : { kind: 'rate', perSecond, rampTo: count(rate[2], `phase "${phase}": rate ramped to`, 0, MAX_RATE) };
  }
  if (/^\d+$/.test(raw)) return { kind: 'count', users: count(raw, `phase "${phase}": users`, 0, MAX_USERS) };
  throw new LoadUsageError(`phase "${phase}": arrivals "${raw}" is none of N (users over the phase), N/s or A-B/s`);
}

/** `NAME:DURATION:ARRIVALS`, e.g. `steady:30s:2/s`. */
export function parsePhase(spec: string): LoadPhase {
  const parts = spec.split(':');
  const [name = '', duration, given] = parts;
  if (parts.length !== 3 || name === '' || duration === undefined || duration === '' || given === undefined || given === '') {
    throw new LoadUsageError(`--phase "${spec}": expected NAME:DURATION:ARRIVALS, e.g. steady:30s:2/s (a duration and arrivals are both needed)`);
  }
  if (!/^[\w-]+$/.test(name)) throw new LoadUsageError(`--phase "${spec}": the name "${name}" may hold letters, digits, _ and - only (it names Artillery metrics)`);
  return checked({ name, durationSeconds: seconds(duration, name), arrivals: arrivals(given, name) });
}

const fileEntry = z
  .object({
    name: z.string().regex(/^[\w-]+$/, 'letters, digits, _ and - only (it names Artillery metrics)'),
    duration: z.union([z.number().int().min(1).max(MAX_SECONDS), z.string().regex(/^\d+(s|m)?$/, 'write 30s, 2m or a number of seconds')]),
    arrivalRate: z.number().int().min(0).max(MAX_RATE).optional(),
    rampTo: z.number().int().min(0).max(MAX_RATE).optional(),
    arrivalCount: z.number().int().min(0).max(MAX_USERS).optional(),
  })
  .strict()
  .refine((entry) => (entry.arrivalRate === undefined) !== (entry.arrivalCount === undefined), 'give either arrivalRate (with rampTo, if any) or arrivalCount')
  .refine((entry) => entry.rampTo === undefined || entry.arrivalRate !== undefined, 'rampTo needs an arrivalRate to ramp from');

/** A phases file (YAML or JSON): a list of Artillery phases, or an object whose `phases` is one. */
export function parsePhasesFile(text: string, file: string): LoadPhase[] {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new LoadUsageError(`${file}: not YAML or JSON (${(error as Error).message.split('\n')[0] ?? ''})`);
  }
  const list = Array.isArray(data) ? data : (data as { phases?: unknown } | null)?.phases;
  if (!Array.isArray(list) || list.length === 0) throw new LoadUsageError(`${file}: expected a list of phases ({ name, duration, arrivalRate | arrivalCount }), found none`);
  return list.map((entry, index) => {
    const parsed = fileEntry.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || '(the entry)';
      throw new LoadUsageError(`${file}: phase ${index + 1}, ${field}: ${issue?.message ?? 'invalid'}`);
    }
    const { name, duration, arrivalRate, rampTo, arrivalCount } = parsed.data;
    const durationSeconds = typeof duration === 'number' ? duration : seconds(duration, name);
    const given: Arrivals = arrivalCount !== undefined ? { kind: 'count', users: arrivalCount } : { kind: 'rate', perSecond: arrivalRate ?? 0, ...(rampTo === undefined ? {} : { rampTo }) };
    try {
      return checked({ name, durationSeconds, arrivals: given });
    } catch (error) {
      throw new LoadUsageError(`${file}: phase ${index + 1}: ${(error as Error).message}`);
    }
  });
}

/** Everything but the phases file's text: the command reads the file (`phasesFile`) and hands its text to parsePhasesFile. */
export function parseLoadArguments(argv: readonly string[]): LoadOptions & { phasesFile: string | undefined } {
  const phases: string[] = [];
  const given = new Map<string, string>();
  const known = ['--target', '--phase', '--phases-file', '--messages', '--out'];
  for (let i = 0; i < argv.length; i += 1) {
    const argument = argv[i] ?? '';
    const [name = '', inline] = argument.split(/=(.*)/s, 2);
    if (!known.includes(name)) throw new LoadUsageError(`unknown option "${argument}"\n${LOAD_USAGE}`);
    const value = inline ?? argv[(i += 1)];
    if (value === undefined || value === '') throw new LoadUsageError(`${name} needs a value`);
    if (name === '--phase') phases.push(value);
    else given.set(name, value);
  }
  const phasesFile = given.get('--phases-file');
  if (phasesFile !== undefined && phases.length > 0) throw new LoadUsageError('--phase and --phases-file both give the phases: use one');
  const messages = given.get('--messages');
  return {
    target: given.get('--target'),
    phases: (phasesFile !== undefined ? [] : phases.length > 0 ? phases : LOAD_DEFAULTS.phases).map(parsePhase),
    phasesFile,
    messages: messages === undefined ? LOAD_DEFAULTS.messages : count(messages, '--messages', 1, 20),
    out: given.get('--out'),
  };
}
