/** A run's report files on disk: Playwright's JSON report, and the attachments it names by path. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { JSONReport } from '@playwright/test/reporter';
import { parseJsonReport } from './json-report.ts';

/** The JSON report in `file`; an error naming the file when it cannot be read or is no report. */
export const readJsonReportFile = (file: string): JSONReport => parseJsonReport(readFileSync(file, 'utf8'), file);

/** An attachment's bytes, or undefined when its file is gone (the judges say which attachment is missing). */
export function readAttachmentFile(file: string): Buffer | undefined {
  try {
    return readFileSync(path.resolve(file));
  } catch {
    return undefined;
  }
}
