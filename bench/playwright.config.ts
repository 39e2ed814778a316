/**
 * The bench specs' config: the suite's own config (same browsers, fixtures' settings, embedded app
 * through webServer, trace and screenshot settings), with the bench specs as the only tests. Run
 * only by `npm run bench` (bench/run.ts), which passes --reporter and --output on the command
 * line so that nothing lands in reports/.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type PlaywrightTestConfig, type TraceMode } from '@playwright/test';
import suite from '../playwright.config.ts';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..');
const webServer = suite.webServer && !Array.isArray(suite.webServer) ? suite.webServer : undefined;

/**
 * BENCH_TRACE_SCREENSHOTS=off: the suite's trace mode without its screencast, to measure what the
 * screenshots cost (the users section); anything else leaves the suite's trace as it is.
 */
const suiteTrace = suite.use?.trace;
// 'retry-with-trace' is the old name of 'on-first-retry'; the object form takes only the new names.
const traceMode = (mode: TraceMode | 'retry-with-trace'): TraceMode => (mode === 'retry-with-trace' ? 'on-first-retry' : mode);
const trace =
  process.env.BENCH_TRACE_SCREENSHOTS === 'off' && suiteTrace !== undefined
    ? { ...(typeof suiteTrace === 'string' ? { mode: traceMode(suiteTrace) } : suiteTrace), screenshots: false }
    : suiteTrace;

const config: PlaywrightTestConfig = {
  ...suite,
  use: { ...suite.use, trace },
  testDir: benchDir,
  // One worker, one test at a time: a bench measures, and on 2 cores a second worker is noise.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: 'line',
  projects: (suite.projects ?? []).filter((project) => project.name !== 'unit').map((project) => ({ ...project, testDir: benchDir })),
  ...(webServer
    ? {
        webServer: {
          ...webServer,
          // The suite's command is relative to the repository root, not to this file.
          cwd: root,
          // The throughput section needs the app's bench_burst; every other section runs the app as the suite does.
          env: { ...webServer.env, BENCH_MODE: process.env.BENCH_MODE ?? '' },
        },
      }
    : {}),
};

export default defineConfig(config);
