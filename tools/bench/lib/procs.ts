/**
 * CPU time and memory of a process tree, read from /proc (Linux). The kernel keeps a memory
 * high-water mark per process but none for a set of processes that come and go (a browser's
 * renderers), so the peak of a tree is sampled. PSS (proportional set size) is used: pages shared
 * between Chromium's processes are divided among them instead of counted once per process.
 */
import { readdirSync, readFileSync } from 'node:fs';

export type ProcessRole = 'browser' | 'worker' | 'app' | 'runner';

interface ProcessEntry {
  pid: number;
  ppid: number;
  command: string;
  /** User plus system CPU time so far, ms. */
  cpuMs: number;
}

/** /proc/stat and /proc/<pid>/stat count CPU time in clock ticks of USER_HZ, which Linux fixes at 100 per second. */
const MS_PER_TICK = 10;

/** CPU time, ms, the whole machine has been busy so far: every field of /proc/stat's cpu line but idle and iowait. */
export function machineBusyMs(): number {
  const ticks = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  return ticks.reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + value), 0) * MS_PER_TICK;
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined; // the process ended between listing and reading: it holds no memory
  }
}

function processes(): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    if (stat === undefined) continue;
    // The command name in parentheses may hold spaces; the fields after it do not (state is the first).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    entries.push({
      pid: Number(name),
      ppid: Number(fields[1]),
      command: (read(`/proc/${name}/cmdline`) ?? '').replace(/\0/g, ' '),
      cpuMs: (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK,
    });
  }
  return entries;
}

function descendants(rootPid: number, all = processes()): ProcessEntry[] {
  const children = new Map<number, ProcessEntry[]>();
  for (const entry of all) children.set(entry.ppid, [...(children.get(entry.ppid) ?? []), entry]);
  const found: ProcessEntry[] = [];
  const pending = [rootPid];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      pending.push(child.pid);
    }
  }
  return found;
}

export function roleOf(command: string): ProcessRole {
  if (/chromium|chrome|firefox/.test(command)) return 'browser';
  if (command.includes('workerProcessEntry') || command.includes('workerMain')) return 'worker';
  if (command.includes('targets/app/main.ts')) return 'app';
  return 'runner';
}

/** PSS in bytes, or RSS where smaps_rollup cannot be read. */
function memoryOf(pid: number): number {
  const rollup = read(`/proc/${pid}/smaps_rollup`);
  const pss = rollup === undefined ? undefined : /^Pss:\s+(\d+) kB/m.exec(rollup);
  if (pss?.[1]) return Number(pss[1]) * 1024;
  const statm = read(`/proc/${pid}/statm`);
  return statm === undefined ? 0 : Number(statm.split(' ')[1]) * 4096;
}

export type MemoryByRole = Record<ProcessRole, number>;

/**
 * Which part of a browser a process is: Chromium names it in --type (renderer, gpu-process,
 * utility: the network service among others), Firefox's content processes carry -contentproc or
 * -isForBrowser; the process without either is the browser's main (UI) process.
 */
export function browserPartOf(command: string): string {
  const type = /--type=([a-z-]+)/.exec(command)?.[1];
  if (type) return type === 'gpu-process' ? 'gpu' : type;
  return /-contentproc|-isForBrowser/.test(command) ? 'content' : 'main';
}

export interface TreeCpu extends Record<ProcessRole, number> {
  /** The browser's share, by part (browserPartOf). */
  browserParts: Record<string, number>;
}

/** CPU time used so far by the live processes under rootPid, per role and per browser part, ms. */
export function treeCpu(rootPid: number): TreeCpu {
  const total: TreeCpu = { browser: 0, worker: 0, app: 0, runner: 0, browserParts: {} };
  for (const entry of descendants(rootPid)) {
    const role = roleOf(entry.command);
    total[role] += entry.cpuMs;
    if (role === 'browser') {
      const part = browserPartOf(entry.command);
      total.browserParts[part] = (total.browserParts[part] ?? 0) + entry.cpuMs;
    }
  }
  return total;
}

/** What was spent between two readings (processes that ended in between are not counted). */
export function cpuSpent(before: TreeCpu, after: TreeCpu): TreeCpu {
  const parts = new Set([...Object.keys(before.browserParts), ...Object.keys(after.browserParts)]);
  return {
    browser: after.browser - before.browser,
    worker: after.worker - before.worker,
    app: after.app - before.app,
    runner: after.runner - before.runner,
    browserParts: Object.fromEntries([...parts].map((part) => [part, (after.browserParts[part] ?? 0) - (before.browserParts[part] ?? 0)])),
  };
}

/** One reading: the summed memory of each role in the tree under rootPid. */
export function treeMemory(rootPid: number): MemoryByRole {
  const total: MemoryByRole = { browser: 0, worker: 0, app: 0, runner: 0 };
  for (const entry of descendants(rootPid)) total[roleOf(entry.command)] += memoryOf(entry.pid);
  return total;
}

/**
 * Samples a tree at a fixed interval and keeps each role's peak. The interval is a sampling
 * period, not a wait for anything: stop() returns as soon as it is called.
 */
export class PeakSampler {
  private readonly peaks: MemoryByRole = { browser: 0, worker: 0, app: 0, runner: 0 };
  private readonly timer: NodeJS.Timeout;
  samples = 0;

  constructor(
    private readonly rootPid: number,
    intervalMs = 250,
  ) {
    this.timer = setInterval(() => {
      this.sample();
    }, intervalMs);
  }

  private sample(): void {
    const reading = treeMemory(this.rootPid);
    this.samples += 1;
    for (const role of Object.keys(reading) as ProcessRole[]) this.peaks[role] = Math.max(this.peaks[role], reading[role]);
  }

  stop(): MemoryByRole {
    clearInterval(this.timer);
    return { ...this.peaks };
  }
}

/**
 * CPU time of a process tree over a span, processes that came and went in it included. The
 * kernel adds a child's time to its parent's only when the parent waits for it, and a runner
 * that kills its web server or exits before its browser's last process leaves that time
 * uncounted; so every process seen in the tree is read at an interval and its last reading kept.
 * A process loses at most its last interval's CPU.
 */
export class TreeCpuMeter {
  /** CPU ms of each process when first seen: 0 for those that started after the meter. */
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly rootPid: number,
    intervalMs = 1000,
  ) {
    this.sample(true);
    this.timer = setInterval(() => {
      this.sample(false);
    }, intervalMs);
  }

  private sample(atStart: boolean): void {
    const all = processes();
    const root = all.filter((entry) => entry.pid === this.rootPid);
    for (const { pid, cpuMs } of [...root, ...descendants(this.rootPid, all)]) {
      if (!this.first.has(pid)) this.first.set(pid, atStart ? cpuMs : 0);
      this.last.set(pid, cpuMs);
    }
  }

  /** CPU ms the tree spent since the meter started. */
  stop(): number {
    clearInterval(this.timer);
    this.sample(false);
    let total = 0;
    for (const [pid, cpuMs] of this.last) total += cpuMs - (this.first.get(pid) ?? 0);
    return total;
  }
}
