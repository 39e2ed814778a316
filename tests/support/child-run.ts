/**
 * A child `playwright test` of this suite, for tests of what a whole run does (it stops, it signs
 * in): in a temp folder of its own, its output captured, its JSON report read back.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JSONReport } from '@playwright/test/reporter';
import { runPlaywrightChild } from '../../lib/process/playwright-child.ts';

export interface ChildRunResult {
  output: string;
  report: JSONReport;
  exitCode: number | null;
}

export async function runChildSuite(name: string, args: readonly string[], env: Record<string, string>): Promise<ChildRunResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `chat-e2e-${name}-`));
  let output = '';
  const jsonFile = path.join(dir, 'results.json');
  const { exitCode } = await runPlaywrightChild({
    args,
    reporters: ['line'],
    jsonFile,
    outputDir: path.join(dir, 'test-results'),
    env,
    onOutput: (text) => (output += text),
  });
  return { output, report: JSON.parse(readFileSync(jsonFile, 'utf8')) as JSONReport, exitCode };
}
