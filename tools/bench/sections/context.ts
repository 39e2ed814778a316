/** What every section gets from bench/run.ts. */
import type { BrowserName } from '../lib/machine.ts';

export interface SectionContext {
  /** Browsers to measure in (the sections that run in both). */
  browsers: BrowserName[];
  /** Where the bench specs write their figures (a fresh directory per run). */
  resultDir: string;
  /** Progress, as it happens. */
  log: (line: string) => void;
}
