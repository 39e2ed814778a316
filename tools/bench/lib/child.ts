/**
 * Runs `playwright test` as a child process (lib/process/playwright-child.ts), as a person would, and times it from spawn to exit.
 * Output goes to a command-line reporter (kept in a log under bench/out) plus Playwright's JSON
 * reporter written to a temporary file, read back for the counts and each test's duration;
 * --output points at a temporary directory. Nothing is written to reports/.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { JSONReport } from '@playwright/test/reporter';
import { parseJsonReport, reportedTests } from '../../../lib/reporting/json-report.ts';
import { runPlaywrightChild } from '../../../lib/process/playwright-child.ts';
import { CHILD_OUTPUT_ROOT, OUT_DIR } from './paths.ts';
import { PeakSampler, type MemoryByRole } from './procs.ts';

export interface ChildRun {
  label: string;
  wallMs: number;
  exitCode: number;
  passed: number;
  failed: number;
  flaky: number;
  skipped: number;
  /** Sum of every test's duration (setup and teardown of its fixtures included). */
  testMs: number;
  /** Peak memory per role of the child's process tree, when sampled. */
  peaks?: MemoryByRole;
  log: string;
}

/** The report the child's JSON reporter wrote, or an error that says where to look. */
function readReport(file: string, failure: string): JSONReport {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(failure, { cause: error });
  }
  return parseJsonReport(text, file);
}

export interface ChildOptions {
  label: string;
  /** Arguments after `playwright test`. */
  args: string[];
  env?: Record<string, string>;
  /** Sample the child tree's memory while it runs. */
  sampleMemory?: boolean;
  /** Echo the child's output as it comes (progress for long runs). */
  echo?: (line: string) => void;
}

export async function runPlaywright({ label, args, env = {}, sampleMemory = false, echo }: ChildOptions): Promise<ChildRun> {
  const safe = label.replace(/[^A-Za-z0-9_.-]+/g, '-');
  const outputDir = path.join(CHILD_OUTPUT_ROOT, safe);
  const jsonFile = path.join(CHILD_OUTPUT_ROOT, `${safe}.json`);
  rmSync(outputDir, { recursive: true, force: true });
  rmSync(jsonFile, { force: true });
  mkdirSync(CHILD_OUTPUT_ROOT, { recursive: true });
  mkdirSync(OUT_DIR, { recursive: true });

  let sampler: PeakSampler | undefined;
  let log = '';
  const { exitCode: code, wallMs } = await runPlaywrightChild({
    args,
    reporters: ['line'],
    jsonFile,
    outputDir,
    env: { FORCE_COLOR: '0', ...env },
    onOutput: (text) => {
      log += text;
      if (echo) for (const line of text.split('\n')) if (line.trim() !== '') echo(line);
    },
    onStart: (child) => {
      if (sampleMemory) sampler = new PeakSampler(child.pid);
    },
  });
  const peaks = sampler?.stop();

  const logFile = path.join(OUT_DIR, `${safe}.log`);
  writeFileSync(logFile, log);
  const report = readReport(jsonFile, `${label}: playwright test wrote no JSON report (exit ${String(code)}); see ${logFile}`);
  const { stats } = report;
  return {
    label,
    wallMs,
    exitCode: code ?? 1,
    passed: stats.expected,
    failed: stats.unexpected,
    flaky: stats.flaky,
    skipped: stats.skipped,
    testMs: reportedTests(report).reduce((sum, { test }) => sum + test.results.reduce((testSum, result) => testSum + result.duration, 0), 0),
    ...(peaks ? { peaks } : {}),
    log: logFile,
  };
}
