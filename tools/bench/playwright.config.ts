/**
 * The bench specs' config: the suite's own config (same browsers, fixtures' settings, embedded app
 * through webServer, trace and screenshot settings), with the bench specs as the only tests. Run
 * only by `npm run bench` (bench/run.ts), which passes --reporter and --output on the command
 * line so that nothing lands in reports/.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import suite from '../../playwright.config.ts';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..', '..');
const webServer = suite.webServer && !Array.isArray(suite.webServer) ? suite.webServer : undefined;

const config: PlaywrightTestConfig = {
  ...suite,
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
