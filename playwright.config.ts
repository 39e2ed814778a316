import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, type PlaywrightTestConfig, type Project, type ReporterDescription } from '@playwright/test';
import { chromium, firefox, webkit } from '@playwright/test';
import dotenv from 'dotenv';
import { CHROMIUM_CLOSED_NETWORK_ARGS, chooseBrowsers } from './scripts/browsers.mjs';
import { parseSuiteConfig } from './fixtures/env.ts';

dotenv.config({ quiet: true });
const config = parseSuiteConfig(process.env);
const isCI = Boolean(process.env.CI);
const isMainProcess = process.env.TEST_WORKER_INDEX === undefined;

/** The embedded app's port, chosen once by the runner and inherited by its workers. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => { resolve(typeof address === 'object' && address ? address.port : 0); });
    });
  });
}
process.env.CHAT_E2E_APP_PORT ??= String(await freePort());
const embeddedAppUrl = `http://127.0.0.1:${process.env.CHAT_E2E_APP_PORT}`;
const baseURL = config.BASE_URL ?? embeddedAppUrl;
process.env.CHAT_E2E_BASE_URL = baseURL;

const browsers = chooseBrowsers({ chromium, firefox, webkit });
const e2eProjects: Project[] = [];
for (const [name, browser] of Object.entries(browsers)) {
  if (!browser.available) {
    if (isMainProcess) console.log(`[chat-e2e] project "${name}" left out: ${browser.reason}`);
    continue;
  }
  e2eProjects.push({
    name,
    testDir: 'e2e',
    use: {
      browserName: name as 'chromium' | 'firefox' | 'webkit',
      ...(browser.channel ? { channel: browser.channel } : {}),
      launchOptions: {
        executablePath: browser.executablePath,
        ...(name === 'chromium' ? { args: CHROMIUM_CLOSED_NETWORK_ARGS } : {}),
      },
    },
  });
}

const shard = process.argv.some((argument) => argument.startsWith('--shard'));
const reporters: ReporterDescription[] = [
  [isCI ? 'dot' : 'list'],
  ['html', { open: 'never', outputFolder: 'reports/html' }],
  ['junit', { outputFile: 'reports/junit.xml' }],
  ['json', { outputFile: 'reports/results.json' }],
  ['allure-playwright', { resultsDir: 'reports/allure-results', detail: true, suiteTitle: true }],
  ...(shard ? [['blob', { outputDir: 'reports/blob' }] as ReporterDescription] : []),
];

const playwrightConfig: PlaywrightTestConfig = {
  outputDir: 'reports/test-results',
  fullyParallel: true,
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  workers: isCI ? 2 : undefined,
  timeout: 30_000 + config.EVENT_TIMEOUT_MS,
  expect: { timeout: config.EVENT_TIMEOUT_MS },
  reporter: reporters,
  use: {
    baseURL,
    trace: 'retain-on-first-failure',
    screenshot: 'only-on-failure',
    video: 'retain-on-failure',
  },
  projects: [{ name: 'unit', testDir: 'tests' }, ...e2eProjects],
  ...(config.BASE_URL
    ? {}
    : {
        webServer: {
          command: 'npx tsx app/main.ts',
          url: `${embeddedAppUrl}/api/health`,
          reuseExistingServer: false,
          timeout: 60_000,
          stdout: 'ignore',
          stderr: 'pipe',
          gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
          env: {
            PORT: String(process.env.CHAT_E2E_APP_PORT),
            HOST: '127.0.0.1',
            DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'chat-e2e-app-')),
            AGENT_STEP_MS: String(config.AGENT_STEP_MS),
            FAULTS: config.FAULTS,
          },
        },
      }),
};

export default defineConfig(playwrightConfig);
