/**
 * `npm run faults`: the fault-detection matrix. Proves that the suite catches every fault the
 * reference app can switch on, in every browser present, and raises no false alarm without one.
 *
 * For each fault of the app's catalogue (`targets/app/main.ts --list-faults`, so a new fault is in the
 * matrix the moment the app has it) and once with no fault:
 *   1. start the app on a free port with its own data directory and `FAULTS=<fault>`;
 *   2. run the specs expected to catch it (faults/matrix.ts: DETECTORS; a fault with no
 *      entry runs the whole suite) as a child `playwright test` with BASE_URL set, its own output
 *      directory and a JSON reporter to a file of its own, so the children never touch the main
 *      run's reports;
 *   3. judge its report: caught when, in every browser, a test fails by an assertion naming the
 *      problem (a test timeout is a weak catch); `slow:<ms>` by the release gate's latency budget;
 *      the clean run when every test passes and the gate holds.
 * Prints the table, writes reports/faults.md, reports/faults.json and the rows into
 * reports/allure-results. Exit 0 only if every fault is caught and the clean run is green.
 *
 *   npm run faults                          everything
 *   npm run faults -- --only leak,xss       those faults and the clean run (a partial matrix)
 *   npm run faults -- --jobs 1 --keep       one child at a time; keep the children's output
 *   npm run faults -- --transport sse       the app streams its runs over SSE (TRANSPORT=sse)
 *   npm run faults -- --browsers chromium   those browsers only (the rest are listed as left out)
 *   npm run faults -- --target ai-sdk-chat  an example product (or a folder with a .env): its own
 *                                           faults (`<WEB_SERVER_COMMAND> --list-faults`), each row
 *                                           started by its WEB_SERVER_COMMAND with PORT and FAULTS
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, firefox, webkit } from '@playwright/test';
import { exitOf, startAppProcess, type AppProcess } from '../../targets/app/child-process.ts';
import { failing, type Fail } from '../commands/fail.ts';
import { loadSuiteConfig } from '../../lib/config/load.ts';
import { runPlaywrightChild } from '../../lib/process/playwright-child.ts';
import { chooseBrowsers } from '../../lib/config/browsers.mjs';
import { resolveTarget, selectTarget } from '../../lib/config/target.mjs';
import { freePort } from '../../lib/process/free-port.ts';
import { startTargetProcess } from './target-process.ts';
import {
  describeSelection,
  detectorFor,
  errorRow,
  expandCatalogue,
  grepOf,
  judgeClean,
  judgeFault,
  longestFirst,
  parseCatalogue,
  rowSettings,
  slowFaultMs,
  unionOf,
  withVariants,
  type ChildRun,
  type Job,
  type MatrixRow,
} from './matrix.ts';
import { ALLURE_FILE_PREFIX, allureFiles, faultName, matrixHolds, renderJson, renderMarkdown, renderTable, summaryLine, type MatrixRun } from './matrix-report.ts';
import { readAttachmentFile, readJsonReportFile } from '../../lib/reporting/report-files.ts';
import { REPORT_PATHS } from '../../lib/reporting/paths.ts';
import type { Budgets } from '../gate/verdict.ts';

/** A run that finds a stall fails within this, by the assertion that waited, instead of the default 15 s. */
const CHILD_EVENT_TIMEOUT_MS = 5_000;
/** How long the app may take to print its ready line (it bundles its UI at start). */
const APP_READY_TIMEOUT_MS = 60_000;
const OUTPUTS = { ws: { markdown: 'reports/faults.md', json: 'reports/faults.json' }, sse: { markdown: 'reports/faults-sse.md', json: 'reports/faults-sse.json' } } as const;

/** The whole matrix, from the command line's arguments; resolves with the exit code (0 every row holds, 1 one does not; 2 is `fail`). */
export async function runFaultMatrix(argv: string[]): Promise<number> {
  const log = (message: string): void => {
    console.log(`[faults] ${message}`);
  };

  const fail: Fail = failing('faults');

  const { values: args } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      jobs: { type: 'string' },
      keep: { type: 'boolean', default: false },
      transport: { type: 'string', default: 'ws' },
      target: { type: 'string' },
      browsers: { type: 'string' },
    },
  });

  if (args.target !== undefined) {
    try {
      selectTarget(resolveTarget(args.target));
    } catch (error) {
      fail((error as Error).message);
    }
  }
  const config = loadSuiteConfig({ fail });
  const targetCommand = config.WEB_SERVER_COMMAND;
  if (args.target !== undefined && targetCommand === undefined) fail(`--target ${args.target}: its .env sets no WEB_SERVER_COMMAND, so the matrix cannot start it with a fault`);
  const budgets: Budgets = { startedMs: config.LATENCY_BUDGET_STARTED_MS, completedMs: config.LATENCY_BUDGET_COMPLETED_MS };

  // Each child runs one worker, so `jobs` children at once means `jobs` browsers at once: as many as
  // there are cores, since a browser under test keeps a core busy.
  if (args.transport !== 'ws' && args.transport !== 'sse') fail(`--transport must be ws or sse, got "${args.transport}"`);
  const transport = args.transport;
  const OUTPUT = args.target === undefined ? OUTPUTS[transport] : { markdown: `reports/faults-${process.env.CHAT_E2E_TARGET ?? args.target}.md`, json: `reports/faults-${process.env.CHAT_E2E_TARGET ?? args.target}.json` };
  const jobs = args.jobs === undefined ? Math.max(1, os.availableParallelism()) : Number(args.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) fail(`--jobs needs a whole number of children at once, got "${args.jobs ?? ''}"`);

  const browsers = chooseBrowsers({ chromium, firefox, webkit });
  const chosen = args.browsers?.split(',').map((name) => name.trim()).filter(Boolean);
  const unknownBrowser = (chosen ?? []).filter((name) => !(name in browsers));
  if (unknownBrowser.length > 0) fail(`--browsers: no browser ${unknownBrowser.join(', ')}; the matrix knows ${Object.keys(browsers).join(', ')}`);
  const projects = Object.entries(browsers).flatMap(([name, browser]) => (browser.available && (chosen === undefined || chosen.includes(name)) ? [name] : []));
  const leftOut = Object.entries(browsers).flatMap(([name, browser]) =>
    !browser.available ? [`${name}: ${browser.reason}`] : chosen !== undefined && !chosen.includes(name) ? [`${name}: not asked for (--browsers ${chosen.join(',')})`] : [],
  );
  for (const line of leftOut) log(`left out: ${line}`);
  if (projects.length === 0) fail('no browser is installed: nothing can be proved (see the lines above)');

  /** The app's own list of faults: the matrix covers what the app has, not what this script knows. */
  function readCatalogue(): string[] {
    const lister = targetCommand === undefined ? 'targets/app/main.ts --list-faults' : `${targetCommand} --list-faults`;
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

  const allFaults = readCatalogue();
  const only = args.only?.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = (only ?? []).filter((name) => !allFaults.includes(name));
  if (unknown.length > 0) fail(`--only: the app has no fault ${unknown.join(', ')}; it has ${allFaults.join(', ')}`);
  const faults = withVariants(only ? allFaults.filter((fault) => only.includes(fault)) : allFaults);

  const workDir = mkdtempSync(path.join(os.tmpdir(), 'chat-e2e-faults-'));
  const running = new Set<ChildProcess>();

  // An interrupted matrix takes its apps and children with it.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      for (const child of running) child.kill('SIGTERM');
      process.exit(130);
    });
  }

/** Starts the app with the fault; resolves once it is listening and says that fault, and no other, is on. */
  async function startApp(row: string | undefined, dir: string): Promise<AppProcess> {
    const appFault = row === undefined ? undefined : rowSettings(row).fault;
    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    let app: AppProcess;
    let healthUrl: string;
    if (targetCommand === undefined) {
      app = await startAppProcess({ DATA_DIR: dataDir, AGENT_STEP_MS: String(config.AGENT_STEP_MS), FAULTS: appFault ?? '', TRANSPORT: transport, BENCH_MODE: '0' }, APP_READY_TIMEOUT_MS);
      healthUrl = `${app.url}/api/health`;
    } else {
      // The target's own address, on a port of this row's.
      const port = await freePort();
      const ready = new URL(config.WEB_SERVER_URL ?? config.BASE_URL ?? 'http://127.0.0.1/');
      ready.hostname = '127.0.0.1';
      ready.port = String(port);
      app = await startTargetProcess(targetCommand, { PORT: String(port), HOST: '127.0.0.1', FAULTS: appFault ?? '' }, ready.href, APP_READY_TIMEOUT_MS);
      healthUrl = ready.href;
    }
    try {
      // The fault must really be on, and nothing else: else the row would prove something else.
      const health = (await (await fetch(healthUrl)).json()) as { faults?: unknown };
      const expected = appFault === undefined ? [] : [appFault];
      if (JSON.stringify(health.faults) !== JSON.stringify(expected)) {
        throw new Error(`GET /api/health lists faults ${JSON.stringify(health.faults)}, expected ${JSON.stringify(expected)}`);
      }
      return app;
    } catch (error) {
      await app.stop();
      throw error;
    }
  }

  /** Runs `playwright test` against the app; resolves when it exited. Its output goes to a log file. */
  async function runPlaywright(run: ChildRun, app: AppProcess, dir: string): Promise<string> {
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
              USER_SOURCE: 'register',
              AUTH: 'api',
              EVENT_DECODER: run.fault === undefined ? 'reference' : rowSettings(run.fault).decoder,
              WS_URL_PATTERN: '**/ws',
              STREAM_URL_PATTERN: '**/api/sse',
              TRANSPORT: transport,
              TARGET_FEATURES: '',
            }
          : // The target's .env says the rest; the row started the target, so the child starts none.
            { WEB_SERVER_COMMAND: '' }),
      },
      onOutput: (text) => output.write(text),
      onSpawn: (child) => {
        running.add(child);
        void exitOf(child).then(() => running.delete(child));
      },
    });
    output.end();
    return reportFile;
  }


  async function prove({ fault, selection }: Job): Promise<MatrixRow> {
    const detector = fault === undefined ? undefined : detectorFor(fault, transport);
    const dir = path.join(workDir, (fault ?? 'clean-run').replace(/[^a-z0-9]+/gi, '-'));
    const startedAt = Date.now();
    const run = (): ChildRun => ({ fault, detector, selection, projects, startedAt, seconds: (Date.now() - startedAt) / 1000 });
    let app: AppProcess | undefined;
    try {
      app = await startApp(fault, dir);
      const reportFile = await runPlaywright(run(), app, dir);
      if (!existsSync(reportFile)) {
        const tail = readFileSync(path.join(dir, 'playwright.log'), 'utf8').trim().split('\n').slice(-5).join(' / ');
        return errorRow(run(), `playwright wrote no JSON report: ${tail}`);
      }
      const report = readJsonReportFile(reportFile);
      return fault === undefined ? judgeClean(run(), report, budgets, readAttachmentFile) : judgeFault(run(), report, budgets, readAttachmentFile);
    } catch (error) {
      return errorRow(run(), (error as Error).message);
    } finally {
      await app?.stop();
    }
  }

  /** How long each row took in the last matrix (reports/faults.json), to start the longest first. */
  function lastSeconds(): Map<string | undefined, number> {
    try {
      const last = JSON.parse(readFileSync(OUTPUT.json, 'utf8')) as { rows?: { fault?: string | null; seconds?: number }[] };
      return new Map((last.rows ?? []).flatMap((row) => (typeof row.seconds === 'number' ? [[row.fault ?? undefined, row.seconds] as const] : [])));
    } catch {
      return new Map();
    }
  }

  // The clean run checks every test the matrix relies on.
  const detectors = faults.map((fault) => detectorFor(fault, transport));
  const plan: Job[] = longestFirst(
    [{ fault: undefined, selection: unionOf(detectors) }, ...faults.map((fault, index) => ({ fault, selection: detectors[index]?.select }))],
    lastSeconds(),
  );

  const variants = faults.length - (only ? allFaults.filter((fault) => only.includes(fault)).length : allFaults.length);
  log(`${faults.length - variants} faults from the ${args.target === undefined ? 'app' : 'target'}${only ? ` (--only, of ${allFaults.length})` : ''}, ${variants} read through another decoder too, and a clean run, in ${projects.join(' and ')}, ${args.target === undefined ? `over ${transport === 'sse' ? 'SSE' : 'a WebSocket'}` : `against ${process.env.CHAT_E2E_TARGET ?? args.target}`}, ${jobs} at a time; work dir ${workDir}`);
  const startedAt = Date.now();
  const rows: MatrixRow[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(jobs, plan.length) }, async () => {
      while (next < plan.length) {
        const index = next++;
        const job = plan[index];
        if (!job) break;
        log(`${faultName(job)}: running ${describeSelection(job.selection)}`);
        const row = await prove(job);
        rows.push(row);
        log(`${faultName(row)}: ${row.verdict} in ${row.seconds.toFixed(0)} s${row.caughtBy.length ? ` — ${row.caughtBy.join('; ')}` : ''}${row.reasons.length ? `\n    ${row.reasons.join('\n    ')}` : ''}`);
      }
    }),
  );

  const matrix: MatrixRun = {
    // In reading order, whatever order they ran in: the clean run, then the app's catalogue.
    rows: [undefined, ...faults].flatMap((fault) => rows.filter((row) => row.fault === fault)),
    projects,
    leftOut,
    settings: {
      ...(args.target === undefined ? {} : { target: `${process.env.CHAT_E2E_TARGET ?? args.target} (${process.env.CHAT_E2E_ENV_FILE ?? ''})` }),
      'children': `playwright test --workers=1 --retries=0${args.keep ? '' : ' --trace=off'}, ${jobs} at a time, EVENT_TIMEOUT_MS=${CHILD_EVENT_TIMEOUT_MS} (slow: ${config.EVENT_TIMEOUT_MS})`,
      'latency budgets (p95)': `agent_started ≤ ${budgets.startedMs} ms, agent_completed ≤ ${budgets.completedMs} ms`,
      'faults': only ? `PARTIAL (--only): ${faults.length} of ${allFaults.length}` : `all ${allFaults.length} of the app's catalogue`,
    },
    startedAt,
    seconds: (Date.now() - startedAt) / 1000,
  };
  const markdown = renderMarkdown(matrix);
  mkdirSync(path.dirname(OUTPUT.markdown), { recursive: true });
  writeFileSync(OUTPUT.markdown, markdown);
  writeFileSync(OUTPUT.json, renderJson(matrix));

  // Into the Allure results of the last run (npm test runs the matrix after the suite), replacing
  // only the previous matrix's files. The SSE matrix is a run of its own: its tables only.
  if (transport === 'ws' && args.target === undefined) {
    mkdirSync(REPORT_PATHS.allureResults, { recursive: true });
    for (const file of readdirSync(REPORT_PATHS.allureResults).filter((name) => name.startsWith(ALLURE_FILE_PREFIX))) {
      rmSync(path.join(REPORT_PATHS.allureResults, file));
    }
    for (const file of allureFiles(matrix, markdown)) writeFileSync(path.join(REPORT_PATHS.allureResults, file.name), file.content);
  }

  const holds = matrixHolds(matrix);
  if (args.keep || !holds) log(`children's output kept in ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
  console.log(`\n${renderTable(matrix.rows)}\n`);
  log(summaryLine(matrix));
  log(`written: ${OUTPUT.markdown}, ${OUTPUT.json}${transport === 'ws' && args.target === undefined ? `, ${REPORT_PATHS.allureResults}/${ALLURE_FILE_PREFIX}*` : ''}`);
  return holds ? 0 : 1;
}
