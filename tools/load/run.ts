/**
 * The load itself, for tools/commands/load.ts: starts the target as its e2e run would (the
 * reference app, or WEB_SERVER_COMMAND), runs Artillery on artillery/chat.yml with the phases,
 * the browser and the budgets as overrides, and reads back what every virtual user and Artillery
 * reported. The users' own work is in virtual-user.ts, in Artillery's workers.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SuiteConfig } from '../../lib/config/env.ts';
import { startReferenceApp, startTargetCommand, type AppProcess } from '../../lib/process/app-process.ts';
import { startChild } from '../../lib/process/child-process.ts';
import { byDeadline } from '../../lib/process/deadline.ts';
import type { LoadPhase } from './options.ts';
import { artilleryCounts, type ArtilleryCounts, type Budgets } from './verdict.ts';
import { MESSAGES_VARIABLE, RESULTS_VARIABLE, type VirtualUserResult } from './virtual-user-result.ts';

const ARTILLERY_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artillery');
export const LOAD_TEST = path.join(ARTILLERY_FOLDER, 'chat.yml');
const ARTILLERY_BIN = path.join(ARTILLERY_FOLDER, 'node_modules', '.bin', 'artillery');

/** The load could not run (as opposed to a property that broke): exit 2, named. */
export class LoadSetupError extends Error {
  override name = 'LoadSetupError';
}

const APP_READY_MS = 60_000;

/** The target as the e2e run starts it; none where BASE_URL runs already. */
export async function startTarget(config: SuiteConfig): Promise<AppProcess | undefined> {
  if (config.BASE_URL === undefined) {
    return startReferenceApp({ DATA_DIR: '', AGENT_STEP_MS: String(config.AGENT_STEP_MS), FAULTS: config.FAULTS, TRANSPORT: config.TRANSPORT }, APP_READY_MS);
  }
  if (config.WEB_SERVER_COMMAND === undefined) return undefined;
  return startTargetCommand(config.WEB_SERVER_COMMAND, {}, config.WEB_SERVER_URL ?? config.BASE_URL, APP_READY_MS);
}

/** The phases in Artillery's terms. */
export const artilleryPhases = (phases: readonly LoadPhase[]) =>
  phases.map(({ name, durationSeconds: duration, arrivals }) =>
    arrivals.kind === 'count'
      ? { name, duration, arrivalCount: arrivals.users }
      : { name, duration, arrivalRate: arrivals.perSecond, ...(arrivals.rampTo === undefined ? {} : { rampTo: arrivals.rampTo }) },
  );

export interface ArtilleryRun {
  url: string;
  phases: readonly LoadPhase[];
  messages: number;
  budgets: Budgets;
  /** Launch options of Debian's (or Playwright's) Chromium: Artillery's engine downloads none. */
  launchOptions: { executablePath: string; args?: string[] };
  /** Where its JSON report, its log and the users' results go. */
  out: string;
  /** Bound on the whole run; past it, Artillery is stopped and the load has no verdict. */
  timeoutMs: number;
  /** Each line of Artillery's that says where it is (phases, its checks). */
  progress: (line: string) => void;
}

export interface ArtilleryOutcome {
  exitCode: number;
  /** Artillery's own ensure checks that failed, as it printed them. */
  failedChecks: string[];
  counts: ArtilleryCounts;
  results: VirtualUserResult[];
}

const PROGRESS = /^(Phase (started|completed):.*|ok: .*|fail: .*)$/;

export async function runArtillery(run: ArtilleryRun): Promise<ArtilleryOutcome> {
  if (!existsSync(ARTILLERY_BIN)) throw new LoadSetupError(`Artillery is not installed in ${path.relative(process.cwd(), ARTILLERY_FOLDER)} (node tools/commands/setup.mjs --load installs it)`);
  const usersFolder = path.join(run.out, 'users');
  rmSync(run.out, { recursive: true, force: true });
  mkdirSync(usersFolder, { recursive: true });
  const report = path.join(run.out, 'artillery.json');
  const log = path.join(run.out, 'artillery.log');
  writeFileSync(log, '');
  const overrides = {
    config: {
      phases: artilleryPhases(run.phases),
      engines: { phased: {}, playwright: { launchOptions: run.launchOptions } },
      ensure: {
        maxErrorRate: 0,
        thresholds: [{ 'chat.to_agent_started_ms.p95': run.budgets.startedMs }, { 'chat.to_agent_completed_ms.p95': run.budgets.completedMs }],
      },
    },
  };
  const failedChecks: string[] = [];
  let pending = '';
  const child = startChild({
    name: 'Artillery',
    command: ARTILLERY_BIN,
    args: ['run', LOAD_TEST, '--target', run.url, '--overrides', JSON.stringify(overrides), '--output', report],
    env: { ARTILLERY_DISABLE_TELEMETRY: 'true', [RESULTS_VARIABLE]: path.resolve(usersFolder), [MESSAGES_VARIABLE]: String(run.messages) },
    onOutput: (text) => {
      appendFileSync(log, text);
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines.map((each) => each.trim()).filter((each) => PROGRESS.test(each))) {
        if (line.startsWith('fail: ')) failedChecks.push(line.slice('fail: '.length));
        run.progress(line);
      }
    },
  });
  const exit = await byDeadline(child.exited, run.timeoutMs, async () => {
    await child.stop();
    throw new LoadSetupError(`Artillery did not finish within ${Math.round(run.timeoutMs / 1000)} s (its log: ${log})`);
  });
  if (!existsSync(report)) throw new LoadSetupError(`Artillery ${exit.signal ?? `exited ${String(exit.code)}`} without its report; the last of its log (${log}):\n${child.stderrTail(10)}`);
  const results = readdirSync(usersFolder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(path.join(usersFolder, name), 'utf8')) as VirtualUserResult);
  return { exitCode: exit.code ?? 1, failedChecks, counts: artilleryCounts(JSON.parse(readFileSync(report, 'utf8')), report), results };
}
