/**
 * `npm run load`: many real browser users of the target chatting at once, through Artillery and
 * its Playwright engine (tools/load/artillery/chat.yml), each user signed in, tapped and judged as
 * the suite's e2e specs are (tools/load/virtual-user.ts).
 *
 *   npm run load                                          the reference app (or .env's target), default phases
 *   npm run load -- --target ai-sdk-chat --phase steady:30s:1/s
 *   npm run load -- --phases-file my-phases.yml --messages 5
 *   FAULTS=leak npm run load                              proves the checks catch a leak (exit 1)
 *
 * It starts the target as its e2e run does, runs Artillery, and judges every user's result and
 * Artillery's count of users per phase and overall: runs complete, foreign events, malformed
 * frames, lifecycle rules, answers, and p50/p95/p99 latency against the budgets. Reports go to
 * reports/load/<target>/ (load-report.md, verdict.json, Artillery's JSON report and log, each
 * user's result). Exit 0: every property holds and every budget is met; 1: one is not; 2: the load
 * could not run (a bad option or file, a target that does not start, or every user refused).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, firefox, webkit } from '@playwright/test';
import { chooseBrowsers, launchOptionsFor } from '../../lib/config/browsers.mjs';
import { conversationsFile, loadSuiteConfig, productKey } from '../../lib/config/load.ts';
import { resolveTarget, selectTarget } from '../../lib/config/target.mjs';
import { ConversationsFileError, readConversations } from '../../lib/conversations/read.ts';
import { LOAD_USAGE, LoadUsageError, parseLoadArguments, parsePhasesFile, type LoadOptions } from '../load/options.ts';
import { LoadSetupError, runArtillery, startTarget } from '../load/run.ts';
import { judgeLoad, renderLoadReport } from '../load/verdict.ts';
import { failing, NO_VERDICT, runCommand, type Fail } from './fail.ts';

const fail: Fail = failing('load');
const log = (line: string): void => {
  console.log(`[load] ${line}`);
};

/** Kinds of failure that mean the load could not run at all when every user met one. */
const CANNOT_RUN = new Set(['configuration', 'sign-in refused']);

function options(argv: string[]): LoadOptions {
  try {
    const parsed = parseLoadArguments(argv);
    if (parsed.phasesFile === undefined) return parsed;
    if (!existsSync(parsed.phasesFile)) fail(`--phases-file ${parsed.phasesFile}: no such file`);
    return { ...parsed, phases: parsePhasesFile(readFileSync(parsed.phasesFile, 'utf8'), parsed.phasesFile) };
  } catch (error) {
    if (error instanceof LoadUsageError) fail(error.message);
    throw error;
  }
}

/** The target's settings, and its example built when it is one (as npm run e2e does). */
function selectedTarget(name: string | undefined): void {
  if (name === undefined) return;
  let target;
  try {
    target = resolveTarget(name);
  } catch (error) {
    fail((error as Error).message);
  }
  selectTarget(target);
  if (target.example !== undefined) {
    const setup = spawnSync(process.execPath, ['tools/commands/setup.mjs', `--examples=${target.example}`, '--load'], { stdio: 'inherit' });
    if (setup.status !== 0) fail(`setting up the example ${target.example} failed: see above`);
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log(LOAD_USAGE);
    return 0;
  }
  const given = options(argv);
  selectedTarget(given.target);
  const config = loadSuiteConfig({ fail });
  try {
    readConversations(conversationsFile(config));
  } catch (error) {
    if (error instanceof ConversationsFileError) fail(`the users would have nothing to say: ${error.message}`);
    throw error;
  }
  const browser = chooseBrowsers({ chromium, firefox, webkit }).chromium;
  if (!browser.available) fail(`no Chromium for Artillery's engine: ${browser.reason}`);
  const product = productKey();
  const out = given.out ?? path.join('reports', 'load', product);
  const phases = given.phases.map(({ name, durationSeconds }) => `${name} ${durationSeconds} s`).join(', ');
  log(`${product}: phases ${phases}; ${given.messages} messages a user; Chromium ${browser.executablePath}${config.FAULTS ? `; FAULTS=${config.FAULTS}` : ''}`);
  let app;
  try {
    app = await startTarget(config);
  } catch (error) {
    fail(`the target did not start: ${(error as Error).message}`);
  }
  try {
    const url = app?.url ?? config.BASE_URL ?? '';
    const budgets = { startedMs: config.LATENCY_BUDGET_STARTED_MS, completedMs: config.LATENCY_BUDGET_COMPLETED_MS, minRuns: config.LATENCY_MIN_RUNS };
    const seconds = given.phases.reduce((total, phase) => total + phase.durationSeconds, 0);
    const outcome = await runArtillery({
      url,
      phases: given.phases,
      messages: given.messages,
      budgets,
      launchOptions: launchOptionsFor('chromium', browser),
      out,
      // The phases, then the last users' conversations (each answer within EVENT_TIMEOUT_MS), then Artillery's start and end.
      timeoutMs: (seconds + 60) * 1000 + given.messages * config.EVENT_TIMEOUT_MS,
      progress: (line) => {
        log(`artillery: ${line}`);
      },
    });
    const verdict = judgeLoad(outcome.results, outcome.counts, given.phases.map(({ name }) => name), budgets);
    const report = renderLoadReport(verdict);
    writeFileSync(path.join(out, 'verdict.json'), JSON.stringify(verdict, null, 2));
    writeFileSync(path.join(out, 'load-report.md'), `# Load of ${product}\n\n${report}\n`);
    console.log(`\n${report}\n`);
    const refused = outcome.results.filter((result) => result.error !== undefined && CANNOT_RUN.has(result.error.kind));
    const first = refused[0]?.error;
    if (first && refused.length === outcome.results.length) {
      console.error(`[load] could not run: every user met "${first.kind}": ${first.message.split('\n')[0] ?? ''}`);
      return NO_VERDICT;
    }
    // Artillery's own checks judge what npm run load judges; where they disagree, say so and fail.
    if (verdict.ok && outcome.exitCode !== 0) {
      log(`Artillery exited ${outcome.exitCode}${outcome.failedChecks.length > 0 ? `, its checks failing: ${outcome.failedChecks.join('; ')}` : ''} (its log: ${path.join(out, 'artillery.log')})`);
      return 1;
    }
    log(`${verdict.ok ? 'every property holds and every budget judged is met' : 'a property FAILS or a budget is missed'}; reports in ${out}`);
    return verdict.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof LoadSetupError) {
      console.error(`[load] could not run: ${error.message}`);
      return NO_VERDICT;
    }
    throw error;
  } finally {
    await app?.stop();
  }
}

await runCommand(import.meta.url, 'load', main);
