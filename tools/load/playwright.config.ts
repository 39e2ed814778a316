/**
 * The load's own checks (tools/load/checks/), run by `npm test` as a step of its own: small loads
 * through `npm run load` against the reference app and an example, one at a time (a load measures,
 * and on 2 cores two loads would judge each other's noise). The suite's reporters, so that their
 * results count in CI's line and show in Allure; no webServer: each load starts its own target.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type ReporterDescription } from '@playwright/test';
import suite from '../../playwright.config.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const checks = path.join(here, 'checks');
// The suite's paths are from the repository's root, and this file is not there.
const fromRoot = (file: string): string => (file.startsWith('.') ? path.resolve(root, file) : file);
/** A reporter's output paths, which Playwright reads from the config's folder. */
const inRoot = (options: unknown): unknown =>
  typeof options === 'object' && options !== null
    ? Object.fromEntries(Object.entries(options).map(([key, value]) => [key, ['outputFile', 'outputFolder', 'resultsDir'].includes(key) && typeof value === 'string' ? path.resolve(root, value) : value]))
    : options;
const reporters: ReporterDescription[] = Array.isArray(suite.reporter) ? suite.reporter : [];

export default defineConfig({
  ...suite,
  testDir: checks,
  outputDir: path.resolve(root, suite.outputDir ?? 'reports/test-results'),
  reporter: reporters.map(([name, options]: ReporterDescription) => [fromRoot(name), inRoot(options)] as ReporterDescription),
  workers: 1,
  fullyParallel: false,
  // A load runs Artillery, a target and a browser per user, for its phases and its users' conversations.
  timeout: 240_000,
  webServer: undefined,
  projects: [{ name: 'load', testDir: checks }],
});
