/**
 * What a fault matrix runs with, settled before any row starts: the target and its configuration,
 * the browsers, the catalogue of faults (read from the app or the target itself) and where the
 * tables go. Every bad input stops here with a message naming it (`fail`, exit 2).
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { chromium, firefox, webkit } from '@playwright/test';
import { chooseBrowsers } from '../../lib/config/browsers.mjs';
import type { SuiteConfig } from '../../lib/config/env.ts';
import { loadSuiteConfig } from '../../lib/config/load.ts';
import { resolveTarget, selectTarget } from '../../lib/config/target.mjs';
import type { Fail } from '../commands/fail.ts';
import type { Budgets } from '../gate/verdict.ts';
import { expandCatalogue, parseCatalogue, slowFaultMs, withVariants } from './catalogue.ts';

export type Transport = 'ws' | 'sse';

/** `npm run faults`'s options, as tools/commands/faults.ts read them. */
export interface FaultsArguments {
  /** --only: these faults (and the clean run). */
  only: string[] | undefined;
  /** --jobs: children at once (default: one per core). */
  jobs: number | undefined;
  /** --keep: keep the children's output and traces. */
  keep: boolean;
  transport: Transport;
  /** --target: an example's name or a folder with a .env. */
  target: string | undefined;
  /** --browsers: these browsers only. */
  browsers: string[] | undefined;
}

export interface MatrixSetup {
  args: FaultsArguments;
  config: SuiteConfig;
  /** The target's start command, or none for the reference app. */
  targetCommand: string | undefined;
  /** What the reports call the target (under --target). */
  targetName: string | undefined;
  budgets: Budgets;
  outputs: { markdown: string; json: string };
  jobs: number;
  /** The browser projects every row runs in, and those left out with why. */
  projects: string[];
  leftOut: string[];
  /** The whole catalogue, and the faults this matrix proves (--only applied, decoder variants added). */
  catalogue: string[];
  faults: string[];
}

const OUTPUTS = { ws: { markdown: 'reports/faults.md', json: 'reports/faults.json' }, sse: { markdown: 'reports/faults-sse.md', json: 'reports/faults-sse.json' } } as const;

export function prepareMatrix(args: FaultsArguments, fail: Fail, log: (message: string) => void): MatrixSetup {
  if (args.target !== undefined) {
    let target: ReturnType<typeof resolveTarget> | undefined;
    try {
      target = resolveTarget(args.target);
    } catch (error) {
      fail((error as Error).message);
    }
    selectTarget(target);
    // An example's bundle is built again where its sources changed: a stale one tests old code.
    if (target.example !== undefined && spawnSync(process.execPath, ['tools/commands/setup.mjs', `--examples=${target.example}`], { stdio: 'inherit' }).status !== 0) fail(`--target ${args.target}: its set-up failed (see above)`);
  }
  const config = loadSuiteConfig({ fail });
  const targetCommand = config.WEB_SERVER_COMMAND;
  if (args.target !== undefined && targetCommand === undefined) fail(`--target ${args.target}: its .env sets no WEB_SERVER_COMMAND, so the matrix cannot start it with a fault`);
  const targetName = args.target === undefined ? undefined : (process.env.CHAT_E2E_TARGET ?? args.target);
  const budgets: Budgets = { startedMs: config.LATENCY_BUDGET_STARTED_MS, completedMs: config.LATENCY_BUDGET_COMPLETED_MS };
  const { projects, leftOut } = chooseProjects(args.browsers, fail);
  for (const line of leftOut) log(`left out: ${line}`);
  const catalogue = readCatalogue(targetCommand, budgets, fail);
  const unknown = (args.only ?? []).filter((name) => !catalogue.includes(name));
  if (unknown.length > 0) fail(`--only: the app has no fault ${unknown.join(', ')}; it has ${catalogue.join(', ')}`);
  const only = args.only;
  return {
    args,
    config,
    targetCommand,
    targetName,
    budgets,
    outputs: targetName === undefined ? OUTPUTS[args.transport] : { markdown: `reports/faults-${targetName}.md`, json: `reports/faults-${targetName}.json` },
    // Each child runs one worker, so `jobs` children at once means `jobs` browsers at once: as many
    // as there are cores, since a browser under test keeps a core busy.
    jobs: args.jobs ?? Math.max(1, os.availableParallelism()),
    projects,
    leftOut,
    catalogue,
    faults: withVariants(only ? catalogue.filter((fault) => only.includes(fault)) : catalogue),
  };
}

/** The browser projects present and asked for, and a line for each left out. */
function chooseProjects(chosen: string[] | undefined, fail: Fail): { projects: string[]; leftOut: string[] } {
  const browsers = chooseBrowsers({ chromium, firefox, webkit });
  const unknown = (chosen ?? []).filter((name) => !(name in browsers));
  if (unknown.length > 0) fail(`--browsers: no browser ${unknown.join(', ')}; the matrix knows ${Object.keys(browsers).join(', ')}`);
  const projects = Object.entries(browsers).flatMap(([name, browser]) => (browser.available && (chosen === undefined || chosen.includes(name)) ? [name] : []));
  const leftOut = Object.entries(browsers).flatMap(([name, browser]) =>
    !browser.available ? [`${name}: ${browser.reason}`] : chosen !== undefined && !chosen.includes(name) ? [`${name}: not asked for (--browsers ${chosen.join(',')})`] : [],
  );
  if (projects.length === 0) fail('no browser is installed: nothing can be proved (see the lines above)');
  return { projects, leftOut };
}

/** The app's (or target's) own list of faults: the matrix covers what it has, not what this script knows. */
function readCatalogue(targetCommand: string | undefined, budgets: Budgets, fail: Fail): string[] {
  const lister = targetCommand === undefined ? 'targets/app/main.ts --list-faults' : `${targetCommand} --list-faults`;
  // Run to its end, synchronously: it prints one line and exits, and the matrix cannot start without it.
  const listed =
    targetCommand === undefined
      ? spawnSync(process.execPath, ['--import', 'tsx', 'targets/app/main.ts', '--list-faults'], { encoding: 'utf8' })
      : spawnSync(`${targetCommand} --list-faults`, { shell: true, encoding: 'utf8' });
  if (listed.status !== 0) fail(`${lister} exited ${listed.status ?? listed.signal ?? '?'}: ${listed.stderr.trim()}`);
  try {
    const catalogue = parseCatalogue(listed.stdout);
    return expandCatalogue(catalogue, slowFaultMs(budgets, catalogue.slowMs));
  } catch (error) {
    fail((error as Error).message);
  }
}
