/** Where the bench reads and writes: never reports/, which the suite's own runs own. */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Git-ignored (bench/.gitignore): each run's tables and raw figures. */
export const OUT_DIR = path.join(ROOT, 'tools', 'bench', 'out');
/** Child Playwright runs write their test output (traces of failures) here, never to reports/. */
export const CHILD_OUTPUT_ROOT = path.join(os.tmpdir(), 'chat-e2e-bench');
