/**
 * What a fault matrix leaves: its table (reports/faults.md and .json, or the target's or the SSE
 * matrix's own), its rows in the Allure results of the last run, and the previous matrix's
 * durations read back to start the longest rows first.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPORT_PATHS } from '../../lib/reporting/paths.ts';
import { ALLURE_FILE_PREFIX, allureFiles, renderJson, renderMarkdown, type MatrixRun } from './matrix-report.ts';
import type { MatrixRow } from './judge.ts';
import { CHILD_EVENT_TIMEOUT_MS } from './row.ts';
import type { MatrixSetup } from './setup.ts';

/** How long each row took in the last matrix (its JSON table), to start the longest first; none when there is no readable one. */
export function lastSeconds(jsonFile: string): Map<string | undefined, number> {
  try {
    const last = JSON.parse(readFileSync(jsonFile, 'utf8')) as { rows?: { fault?: string | null; seconds?: number }[] };
    return new Map((last.rows ?? []).flatMap((row) => (typeof row.seconds === 'number' ? [[row.fault ?? undefined, row.seconds] as const] : [])));
  } catch {
    return new Map();
  }
}

/** The matrix as its reports show it: rows in reading order (the clean run, then the catalogue's), whatever order they ran in. */
export function matrixRun(rows: readonly MatrixRow[], setup: MatrixSetup, startedAt: number): MatrixRun {
  const { args, config, budgets, faults, catalogue, jobs, targetName } = setup;
  return {
    rows: [undefined, ...faults].flatMap((fault) => rows.filter((row) => row.fault === fault)),
    projects: setup.projects,
    leftOut: setup.leftOut,
    settings: {
      ...(targetName === undefined ? {} : { target: `${targetName} (${process.env.CHAT_E2E_ENV_FILE ?? ''})` }),
      'children': `playwright test --workers=1 --retries=0${args.keep ? '' : ' --trace=off'}, ${jobs} at a time, EVENT_TIMEOUT_MS=${CHILD_EVENT_TIMEOUT_MS} (slow: ${config.EVENT_TIMEOUT_MS})`,
      'latency budgets (p95)': `agent_started ≤ ${budgets.startedMs} ms, agent_completed ≤ ${budgets.completedMs} ms`,
      'faults': args.only ? `PARTIAL (--only): ${faults.length} of ${catalogue.length}` : `all ${catalogue.length} of the app's catalogue`,
    },
    startedAt,
    seconds: (Date.now() - startedAt) / 1000,
  };
}

/** Writes the tables and, for the reference app's WebSocket matrix, its Allure rows; returns what it wrote. */
export function writeOutputs(matrix: MatrixRun, { outputs, args }: MatrixSetup): string[] {
  const markdown = renderMarkdown(matrix);
  mkdirSync(path.dirname(outputs.markdown), { recursive: true });
  writeFileSync(outputs.markdown, markdown);
  writeFileSync(outputs.json, renderJson(matrix));
  // Into the Allure results of the last run (npm test runs the matrix after the suite), replacing
  // only the previous matrix's files. The SSE matrix and a target's are runs of their own: tables only.
  if (args.transport !== 'ws' || args.target !== undefined) return [outputs.markdown, outputs.json];
  mkdirSync(REPORT_PATHS.allureResults, { recursive: true });
  for (const file of readdirSync(REPORT_PATHS.allureResults).filter((name) => name.startsWith(ALLURE_FILE_PREFIX))) {
    rmSync(path.join(REPORT_PATHS.allureResults, file));
  }
  for (const file of allureFiles(matrix, markdown)) writeFileSync(path.join(REPORT_PATHS.allureResults, file.name), file.content);
  return [outputs.markdown, outputs.json, `${REPORT_PATHS.allureResults}/${ALLURE_FILE_PREFIX}*`];
}
