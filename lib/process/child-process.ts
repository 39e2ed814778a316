/**
 * The one way this repository runs a child process that lives a while (the reference app, a
 * target's own start command, `playwright test`, a test's script): in a process group of its own,
 * its output captured, ready by a line it prints or a URL that answers, stopped with its whole
 * group, and never left behind by the process that started it (docs/README.md, `lib/process/`):
 *   - stop(): the stop signal (SIGTERM, or SIGINT for a runner that treats it as Ctrl-C) to the
 *     group, then SIGKILL to the group after a timeout;
 *   - the parent interrupted (SIGINT, SIGTERM) while a child lives: every live child is stopped so,
 *     then the parent exits 128 + the signal's number (a second signal kills them outright);
 *   - the parent exiting (process.exit) with children still live: SIGKILL to their groups;
 *   - the parent killed outright (SIGKILL, nothing of it runs): a watcher (reaper.mjs) holding a
 *     pipe from the parent sees it close and stops every group still registered.
 * POSIX only (process groups), as the rest of the suite's tooling.
 */
import { spawn, type ChildProcess, type SpawnOptionsWithStdioTuple } from 'node:child_process';
import type { Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const REAPER = fileURLToPath(new URL('./reaper.mjs', import.meta.url));
const DEFAULT_STOP_TIMEOUT_MS = 10_000;
/** How often a group whose leader has exited is looked for. */
const GROUP_POLL_MS = 50;
/** How often a URL is asked whether it answers yet. */
const URL_POLL_MS = 100;
/** The most of each stream kept in memory (its end): a server that logs every request must not grow without bound. */
const KEPT_OUTPUT_CHARS = 1_000_000;
const SIGNAL_NUMBERS = { SIGINT: 2, SIGTERM: 15 } as const;

export type StopSignal = 'SIGTERM' | 'SIGINT';
export type OutputStream = 'stdout' | 'stderr';

export interface ChildSpec {
  /** What messages call it, e.g. "the reference app". */
  name: string;
  /** The executable, or the whole command line when `shell` is set. */
  command: string;
  args?: readonly string[];
  shell?: boolean;
  /** The repository unless told. */
  cwd?: string;
  /** On top of this process's environment (or alone, with `cleanEnv`). */
  env?: Record<string, string | undefined>;
  cleanEnv?: boolean;
  /** What stop() sends first: SIGTERM unless the child treats SIGINT as its graceful stop. */
  stopSignal?: StopSignal;
  /** How long stop() waits before SIGKILL. */
  stopTimeoutMs?: number;
  /** Each chunk of output as it comes (a log file, progress). */
  onOutput?: (text: string, stream: OutputStream) => void;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The child could not get ready: it exited first, or did not within the time given. */
export class ChildStartError extends Error {
  override name = 'ChildStartError';
}

const describeExit = ({ code, signal }: ChildExit): string => (signal === null ? `exited ${String(code)}` : `was killed by ${signal}`);

/** A child started by startChild. */
export class RunningChild {
  readonly pid: number;
  readonly exited: Promise<ChildExit>;
  /** Once it has exited and its output is read to the end (what a log needs whole). */
  readonly closed: Promise<ChildExit>;
  private exit: ChildExit | undefined;
  private readonly text: Record<OutputStream, string> = { stdout: '', stderr: '' };
  private readonly outputWaiters = new Set<() => void>();

  constructor(
    readonly spec: ChildSpec,
    spawned: ChildProcess,
  ) {
    // A command that cannot be spawned (no such executable) has no pid, and says why only later, in 'error'.
    spawned.once('error', () => undefined);
    if (spawned.pid === undefined) throw new ChildStartError(`${spec.name}: \`${spec.command}\` could not be started (no such executable, or not executable)`);
    this.pid = spawned.pid;
    this.exited = new Promise((resolve) => {
      spawned.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
    this.closed = new Promise((resolve) => {
      spawned.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
        resolve({ code, signal });
      });
    });
    for (const stream of ['stdout', 'stderr'] as const) {
      spawned[stream]?.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        this.text[stream] = (this.text[stream] + text).slice(-KEPT_OUTPUT_CHARS);
        spec.onOutput?.(text, stream);
        for (const wake of this.outputWaiters) wake();
        this.outputWaiters.clear();
      });
    }
  }

  /** What the child printed so far (the last megabyte of each stream). */
  output(stream: OutputStream): string {
    return this.text[stream];
  }

  /** The last lines of stderr, for a message. */
  stderrTail(lines = 3): string {
    return this.text.stderr.trim().split('\n').slice(-lines).join(' / ');
  }

  /** Sends `signal` to the child's whole group; a group already gone is no error. */
  signal(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, signal);
    } catch {
      // The group has ended already.
    }
  }

  /** Resolves with the first match of `pattern` in what the child printed on `stream`. */
  async waitForOutput(pattern: RegExp, timeoutMs: number, stream: OutputStream = 'stdout'): Promise<RegExpExecArray> {
    const changed = (): Promise<void> => new Promise((resolve) => this.outputWaiters.add(resolve));
    return this.untilReady(`printed nothing matching ${String(pattern)} on ${stream}`, timeoutMs, async (alive) => {
      for (;;) {
        const match = pattern.exec(this.text[stream]);
        if (match) return match;
        if (!(await alive(changed()))) return undefined;
      }
    });
  }

  /** Resolves once `url` answers with a 2xx status. */
  async waitForUrl(url: string, timeoutMs: number): Promise<void> {
    const answers = (): Promise<boolean> => fetch(url, { signal: AbortSignal.timeout(timeoutMs) }).then((response) => response.ok, () => false);
    await this.untilReady(`${url} did not answer`, timeoutMs, async (alive) => {
      for (;;) {
        const answered = answers();
        if (!(await alive(answered))) return undefined;
        if (await answered) return true;
        if (!(await alive(delay(URL_POLL_MS)))) return undefined;
      }
    });
  }

  /**
   * Runs `check` until it resolves with a value; `alive(step)` resolves false once the child has
   * exited or the time is up, so the check ends. Rejects with a ChildStartError naming which.
   */
  private async untilReady<T>(notReady: string, timeoutMs: number, check: (alive: (step: Promise<unknown>) => Promise<boolean>) => Promise<T | undefined>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        resolve('timeout');
      }, timeoutMs);
    });
    let ended: 'timeout' | 'exit' | undefined;
    const alive = async (step: Promise<unknown>): Promise<boolean> => {
      const first = await Promise.race([step.then(() => 'step' as const), timedOut, this.exited.then(() => 'exit' as const)]);
      if (first !== 'step') ended = first;
      return first === 'step';
    };
    try {
      const result = await check(alive);
      if (result !== undefined) return result;
    } finally {
      clearTimeout(timer);
    }
    const what = `${this.spec.name} (\`${this.spec.command}\`)`;
    if (ended === 'exit' && this.exit) throw new ChildStartError(`${what} ${describeExit(this.exit)} before it was ready: ${this.stderrTail() || 'no output on stderr'}`);
    throw new ChildStartError(`${what}: ${notReady} within ${String(timeoutMs)} ms`);
  }

  /** Whether anything of the child's group is still there (its leader may have exited before its own children). */
  get groupExists(): boolean {
    try {
      process.kill(-this.pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Resolves once nothing of the group is left (polled: the kernel tells no one when a group
   * empties). The poll alone does not keep this process alive: if it ends first, its exit kills the group.
   */
  async groupEnded(): Promise<void> {
    while (this.groupExists) await delay(GROUP_POLL_MS, undefined, { ref: false });
  }

  /**
   * The stop signal to the group, then SIGKILL to the group once the stop timeout passes; resolves
   * with the child's exit once nothing of its group is left (its leader may be gone already).
   */
  async stop(): Promise<ChildExit> {
    this.signal(this.spec.stopSignal ?? 'SIGTERM');
    const killer = setTimeout(() => {
      this.signal('SIGKILL');
    }, this.spec.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS);
    try {
      const exit = await this.exited;
      await this.groupEnded();
      return exit;
    } finally {
      clearTimeout(killer);
    }
  }
}

/** Starts `spec` in a group of its own, registered so that its parent's end ends it too. */
export function startChild(spec: ChildSpec): RunningChild {
  const env = { ...(spec.cleanEnv ? {} : process.env), ...spec.env };
  const options: SpawnOptionsWithStdioTuple<'ignore', 'pipe', 'pipe'> = { cwd: spec.cwd ?? REPO, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] };
  const spawned = spec.shell ? spawn(spec.command, { ...options, shell: true }) : spawn(spec.command, spec.args ?? [], options);
  const child = new RunningChild(spec, spawned);
  register(child);
  // Live until nothing of its group is left, whoever stops it.
  void child.exited.then(() => child.groupEnded()).then(() => {
    unregister(child);
  });
  return child;
}

// The registry of live children, and what ends them when the parent ends.

const live = new Set<RunningChild>();
let interrupted = false;
let reaper: ChildProcess | undefined;

function register(child: RunningChild): void {
  if (live.size === 0) {
    process.on('SIGINT', onInterrupt);
    process.on('SIGTERM', onInterrupt);
    process.on('exit', onExit);
  }
  live.add(child);
  tellReaper(`+${String(child.pid)}`);
}

function unregister(child: RunningChild): void {
  if (!live.delete(child)) return;
  tellReaper(`-${String(child.pid)}`);
  if (live.size === 0) {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
    process.off('exit', onExit);
  }
}

function onInterrupt(signal: NodeJS.Signals): void {
  const code = 128 + (signal === 'SIGINT' ? SIGNAL_NUMBERS.SIGINT : SIGNAL_NUMBERS.SIGTERM);
  if (interrupted) {
    // Asked twice: no more waiting for graceful stops.
    for (const child of live) child.signal('SIGKILL');
    process.exit(code);
  }
  interrupted = true;
  void Promise.allSettled([...live].map((child) => child.stop())).then(() => process.exit(code));
}

function onExit(): void {
  // Nothing asynchronous runs any more: the children that were not stopped are killed.
  for (const child of live) child.signal('SIGKILL');
}

/** Tells the watcher (started with the first child) that a group started (+pgid) or ended (-pgid). */
function tellReaper(line: string): void {
  if (reaper === undefined) {
    reaper = spawn(process.execPath, [REAPER], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    // Neither the watcher nor its pipe may keep this process alive.
    reaper.unref();
    (reaper.stdin as Socket | null)?.unref();
    reaper.stdin?.on('error', () => undefined);
  }
  reaper.stdin?.write(`${line}\n`);
}
