/**
 * The fault-detection matrix (`npm run faults`, tools/commands/faults.ts; docs/fault-matrix.md).
 * Proves that the suite catches every fault the reference app (or a target, --target) can switch
 * on, in every browser present, and raises no false alarm without one.
 *
 * For each fault of the catalogue (`targets/app/main.ts --list-faults`, or the target's
 * `<WEB_SERVER_COMMAND> --list-faults`, so a new fault is in the matrix the moment the app has it)
 * and once with no fault, one row (row.ts):
 *   1. start the app with `FAULTS=<fault>` on a free port, with its own data directory (a target:
 *      by its WEB_SERVER_COMMAND, with PORT and FAULTS);
 *   2. run the specs expected to catch it (detectors.ts: DETECTORS; a fault with no entry runs the
 *      whole suite) as a child `playwright test` with BASE_URL set, its own output directory and
 *      a JSON reporter to a file of its own, so the children never touch the main run's reports;
 *   3. judge its report (judge.ts, catches.ts): caught when, in every browser, a failed test
 *      attached a finding naming a problem of the product (a timeout alone is a weak catch); `slow:<ms>` by the release gate's
 *      latency budget; the clean run when every test passes and the gate holds.
 * Then the table, reports/faults.md and .json, and the rows into reports/allure-results
 * (outputs.ts). Every app and child is a lib/process/ child: an interrupted matrix leaves none.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Fail } from '../commands/fail.ts';
import { describeSelection, detectorFor, unionOf } from './detectors.ts';
import type { MatrixRow } from './judge.ts';
import { longestFirst, type Job } from './schedule.ts';
import { faultName, matrixHolds, renderTable, summaryLine } from './matrix-report.ts';
import { lastSeconds, matrixRun, writeOutputs } from './outputs.ts';
import { proveRow } from './row.ts';
import { prepareMatrix, type FaultsArguments, type MatrixSetup } from './setup.ts';

const log = (message: string): void => {
  console.log(`[faults] ${message}`);
};

/** The whole matrix; resolves with the exit code (0 every row holds, 1 one does not; `fail` exits 2). */
export async function runFaultMatrix(args: FaultsArguments, fail: Fail): Promise<number> {
  const setup = prepareMatrix(args, fail, log);
  const plan = planRows(setup);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'chat-e2e-faults-'));
  log(describeMatrix(setup, workDir));

  const startedAt = Date.now();
  const rows = await inParallel(plan, setup.jobs, async (job) => {
    log(`${faultName(job)}: running ${describeSelection(job.selection)}`);
    const row = await proveRow(job, setup, workDir);
    log(describeRow(row));
    return row;
  });

  const matrix = matrixRun(rows, setup, startedAt);
  const written = writeOutputs(matrix, setup);
  const holds = matrixHolds(matrix);
  if (args.keep || !holds) log(`children's output kept in ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
  console.log(`\n${renderTable(matrix.rows)}\n`);
  log(summaryLine(matrix));
  log(`written: ${written.join(', ')}`);
  return holds ? 0 : 1;
}

/** Every row, the longest (by the last matrix) first; the clean run checks every test the matrix relies on. */
function planRows({ faults, args, outputs }: MatrixSetup): Job[] {
  const detectors = faults.map((fault) => detectorFor(fault, args.transport));
  const jobs: Job[] = [{ fault: undefined, selection: unionOf(detectors) }, ...faults.map((fault, index) => ({ fault, selection: detectors[index]?.select }))];
  return longestFirst(jobs, lastSeconds(outputs.json));
}

/** Runs `work` over `items`, at most `limit` at once; resolves with the results in the order they finished. */
async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let item = items[next++]; item !== undefined; item = items[next++]) results.push(await work(item));
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

function describeMatrix({ faults, catalogue, args, projects, jobs, targetName }: MatrixSetup, workDir: string): string {
  const chosen = args.only ? catalogue.filter((fault) => args.only?.includes(fault)).length : catalogue.length;
  const variants = faults.length - chosen;
  const against = targetName === undefined ? `over ${args.transport === 'sse' ? 'SSE' : 'a WebSocket'}` : `against ${targetName}`;
  return `${chosen} faults from the ${targetName === undefined ? 'app' : 'target'}${args.only ? ` (--only, of ${catalogue.length})` : ''}, ${variants} read through another decoder too, and a clean run, in ${projects.join(' and ')}, ${against}, ${jobs} at a time; work dir ${workDir}`;
}

const describeRow = (row: MatrixRow): string =>
  `${faultName(row)}: ${row.verdict} in ${row.seconds.toFixed(0)} s${row.caughtBy.length ? ` — ${row.caughtBy.join('; ')}` : ''}${row.reasons.length ? `\n    ${row.reasons.join('\n    ')}` : ''}`;
