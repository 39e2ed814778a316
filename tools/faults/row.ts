/**
 * One row of the fault matrix: its app started with the fault on (the reference app, or the target
 * by its own command, on a port of the row's), the specs expected to catch it run against that app
 * as a child `playwright test`, its report judged (judge.ts), the app stopped whatever happened.
 * Both children are lib/process/ children: an interrupted matrix leaves neither behind.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseJson } from '../../lib/contract/parse-json.ts';
import { PRODUCT_KEY_VARIABLE, REFERENCE_CONVERSATIONS } from '../../lib/config/load.ts';
import { startReferenceApp, startTargetCommand, type AppProcess } from '../../lib/process/app-process.ts';
import { freePort } from '../../lib/process/free-port.ts';
import { runPlaywrightChild } from '../../lib/process/playwright-child.ts';
import { readAttachmentFile, readJsonReportFile } from '../../lib/reporting/report-files.ts';
import { rowSettings } from './catalogue.ts';
import { detectorFor, grepOf } from './detectors.ts';
import { errorRow, judgeClean, judgeFault, type ChildRun, type MatrixRow } from './judge.ts';
import type { Job } from './schedule.ts';
import type { MatrixSetup } from './setup.ts';

/** What a health answer says of the faults on, where it says anything. */
const FAULT_LIST = z.object({ faults: z.array(z.string()) });

/** A run that finds a stall fails within this, by the assertion that waited, instead of the default 15 s. */
export const CHILD_EVENT_TIMEOUT_MS = 5_000;
/** How long the app may take to be ready (the reference app bundles its UI at start). */
const APP_READY_TIMEOUT_MS = 60_000;

/** Proves one row in `workDir/<row>`: resolves with its verdict, an error row when it could not run. */
export async function proveRow({ fault, selection }: Job, setup: MatrixSetup, workDir: string): Promise<MatrixRow> {
  const detector = fault === undefined ? undefined : detectorFor(fault, setup.args.transport);
  const dir = path.join(workDir, (fault ?? 'clean-run').replace(/[^a-z0-9]+/gi, '-'));
  const startedAt = Date.now();
  const run = (): ChildRun => ({ fault, detector, selection, projects: setup.projects, startedAt, seconds: (Date.now() - startedAt) / 1000 });
  let app: AppProcess | undefined;
  try {
    app = await startRowApp(fault, dir, setup);
    const reportFile = await runRowSuite(run(), app, dir, setup);
    if (!existsSync(reportFile)) {
      const tail = readFileSync(path.join(dir, 'playwright.log'), 'utf8').trim().split('\n').slice(-5).join(' / ');
      return errorRow(run(), `playwright wrote no JSON report: ${tail}`);
    }
    const report = readJsonReportFile(reportFile);
    return fault === undefined ? judgeClean(run(), report, setup.budgets, readAttachmentFile) : judgeFault(run(), report, setup.budgets, readAttachmentFile);
  } catch (error) {
    return errorRow(run(), (error as Error).message);
  } finally {
    await app?.stop();
  }
}

/** Starts the row's app with its fault; resolves once it is ready and says that fault, and no other, is on. */
async function startRowApp(row: string | undefined, dir: string, { config, targetCommand, args }: MatrixSetup): Promise<AppProcess> {
  const fault = row === undefined ? undefined : rowSettings(row).fault;
  const dataDir = path.join(dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  let app: AppProcess;
  let healthUrl: string;
  if (targetCommand === undefined) {
    app = await startReferenceApp({ DATA_DIR: dataDir, AGENT_STEP_MS: String(config.AGENT_STEP_MS), FAULTS: fault ?? '', TRANSPORT: args.transport, BENCH_MODE: '0' }, APP_READY_TIMEOUT_MS);
    healthUrl = `${app.url}/api/health`;
  } else {
    // The target's own address, on a port of this row's.
    const port = await freePort();
    const ready = new URL(config.WEB_SERVER_URL ?? config.BASE_URL ?? 'http://127.0.0.1/');
    ready.hostname = '127.0.0.1';
    ready.port = String(port);
    app = await startTargetCommand(targetCommand, { PORT: String(port), HOST: '127.0.0.1', FAULTS: fault ?? '' }, ready.href, APP_READY_TIMEOUT_MS);
    healthUrl = ready.href;
  }
  try {
    // The fault must really be on, and nothing else: else the row would prove something else. The
    // reference app's health lists its faults; a target's may say nothing of them (plain "ok"): then its FAULTS is trusted.
    const health = parseJson(await (await fetch(healthUrl)).text(), FAULT_LIST);
    const expected = fault === undefined ? [] : [fault];
    if ('problem' in health && targetCommand === undefined) throw new Error(`GET ${new URL(healthUrl).pathname} lists no faults: ${health.problem}`);
    if ('value' in health && JSON.stringify(health.value.faults) !== JSON.stringify(expected)) {
      throw new Error(`GET ${new URL(healthUrl).pathname} lists faults ${JSON.stringify(health.value.faults)}, expected ${JSON.stringify(expected)}`);
    }
    return app;
  } catch (error) {
    await app.stop();
    throw error;
  }
}

/** Runs `playwright test` against the row's app; resolves with its JSON report's path once it exited. Its output goes to a log file. */
async function runRowSuite(run: ChildRun, app: AppProcess, dir: string, { config, targetCommand, args, projects }: MatrixSetup): Promise<string> {
  const reportFile = path.join(dir, 'results.json');
  const grep = run.selection === undefined ? [] : ['--grep', grepOf(run.selection)];
  const output = createWriteStream(path.join(dir, 'playwright.log'));
  await runPlaywrightChild({
    // No trace unless kept: the row is judged from the JSON report, and recording costs a sixth of its CPU.
    args: [...projects.map((project) => `--project=${project}`), ...grep, '--retries=0', '--workers=1', ...(args.keep ? [] : ['--trace=off'])],
    jsonFile: reportFile,
    outputDir: path.join(dir, 'test-results'),
    env: {
      BASE_URL: app.url,
      // `slow` is judged by the latency budget, not by tests: they get the usual time to finish.
      EVENT_TIMEOUT_MS: String(run.detector?.by === 'latency budget' ? config.EVENT_TIMEOUT_MS : CHILD_EVENT_TIMEOUT_MS),
      FAULTS: '',
      ...(targetCommand === undefined
        ? {
            // The matrix is about the reference app, whatever .env points the suite at.
            [PRODUCT_KEY_VARIABLE]: 'reference-app',
            USER_SOURCE: 'register',
            AUTH: 'api',
            EVENT_DECODER: run.fault === undefined ? 'reference' : rowSettings(run.fault).decoder,
            WS_URL_PATTERN: '**/ws',
            STREAM_URL_PATTERN: '**/api/sse',
            TRANSPORT: args.transport,
            TARGET_FEATURES: '',
            CONVERSATIONS: REFERENCE_CONVERSATIONS,
          }
        : // The target's .env says the rest; the row started the target, so the child starts none.
          { WEB_SERVER_COMMAND: '' }),
    },
    onOutput: (text) => output.write(text),
  });
  await new Promise((resolve) => output.end(resolve));
  return reportFile;
}
