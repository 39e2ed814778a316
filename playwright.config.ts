import { defineConfig, type PlaywrightTestConfig, type Project, type ReporterDescription } from '@playwright/test';
import { chromium, firefox, webkit } from '@playwright/test';
import { browserProjectNames, chooseBrowsers, launchOptionsFor } from './lib/config/browsers.mjs';
import { conversationsFile, envFile, loadEnvFile, loadSuiteConfig } from './lib/config/load.ts';
import { ConversationsFileError, readConversations } from './lib/conversations/read.ts';
import { SUITE_TRACE_MODE } from './lib/config/trace.ts';
import type { AllureEnvironmentOptions } from './lib/reporting/allure-environment.ts';
import type MergeSafeAllureReporter from './lib/reporting/allure-reporter.ts';
import { PRODUCT_SPECS } from './lib/contract/index.ts';
import { REPORT_PATHS, RUN_LABEL, runOfAllureResults, runReportPaths } from './lib/reporting/paths.ts';
import { freePort } from './lib/process/free-port.ts';
import { runNeedsApp } from './lib/config/project-selection.ts';

loadEnvFile();

// A wrong .env value stops the run here, before any test, with the message and nothing else.
const config = loadSuiteConfig();
/** What the reports and the gate call the system under test. */
const target = process.env.CHAT_E2E_TARGET ?? (config.BASE_URL === undefined ? 'reference app' : new URL(config.BASE_URL).host);
const isCI = Boolean(process.env.CI);
const isMainProcess = process.env.TEST_WORKER_INDEX === undefined;

// The embedded app's port, chosen once by the runner and inherited by its workers.
const appPort = (process.env.CHAT_E2E_APP_PORT ??= String(await freePort()));
const embeddedAppUrl = `http://127.0.0.1:${appPort}`;
const baseURL = config.BASE_URL ?? embeddedAppUrl;
process.env.CHAT_E2E_BASE_URL = baseURL;

const ENGINES = ['chromium', 'firefox', 'webkit'] as const;
const browsers = chooseBrowsers({ chromium, firefox, webkit });
const embeddedApp = config.BASE_URL === undefined;
if (isMainProcess) {
  for (const name of ENGINES) {
    const browser = browsers[name];
    if (!browser.available) console.log(`[chat-e2e] project "${name}" left out: ${browser.reason}`);
  }
  if (!(browsers.chromium.available && browsers.firefox.available)) console.log('[chat-e2e] project "cross-browser" left out: it needs both Chromium and Firefox');
  if (!embeddedApp) console.log(`[chat-e2e] the tap's self-tests (self-tests/) left out: they check the tap against the embedded reference app's own wire, and BASE_URL points at ${String(config.BASE_URL)}`);
}

const engineOf = (project: string): (typeof ENGINES)[number] => ENGINES.find((engine) => project.startsWith(engine)) ?? 'chromium';
const useOf = (engine: (typeof ENGINES)[number]): Project['use'] => {
  const browser = browsers[engine];
  return browser.available ? { browserName: engine, launchOptions: launchOptionsFor(engine, browser) } : {};
};
// Accounts of TEST_USERS sign in once, in a set-up project every browser project waits for.
const signInProject: Project[] = config.USER_SOURCE === 'env' ? [{ name: 'sign-in', testDir: 'lib/sign-in', testMatch: '*.setup.ts', use: useOf('chromium') }] : [];
const dependencies = config.USER_SOURCE === 'env' ? ['sign-in'] : [];
// Approved event traces (toMatchEventTrace): one per product and name, beside the spec, the same for every browser.
const APPROVED_TRACES = '{testDir}/{testFileDir}/{testFileName}-traces/{arg}{ext}';
const e2eProjects: Project[] = browserProjectNames(browsers, { embeddedApp }).map((name): Project => {
  // Specs that launch both engines themselves run once, in a project of their own.
  if (name === 'cross-browser') return { name, dependencies, metadata: PRODUCT_SPECS, testDir: 'e2e/cross-browser', use: useOf('chromium') };
  // The tap's self-tests: not product specs, so the gate leaves them out (no PRODUCT_SPECS).
  if (name.endsWith('-self-tests')) return { name, dependencies, testDir: 'self-tests', use: useOf(engineOf(name)) };
  return { name, dependencies, metadata: PRODUCT_SPECS, testDir: 'e2e', testIgnore: 'cross-browser/**', snapshotPathTemplate: APPROVED_TRACES, use: useOf(engineOf(name)) };
});

/** Unit tests need no browser and no system under test (tests/app/ start their own app, in the test's process). */
const unitProject: Project = { name: 'unit', testDir: 'tests' };
const projects = [unitProject, ...signInProject, ...e2eProjects];
// Playwright's webServer belongs to the whole run, not to a project: a run of the unit tests alone starts none.
const needsApp = runNeedsApp(process.argv, projects.map((project) => project.name ?? ''), [unitProject.name ?? '']);
// The product specs' data: a wrong conversations file stops the run here, naming file, line and
// field (once, in the runner: each worker reads it again when it collects the specs).
if (needsApp && isMainProcess) {
  try {
    readConversations(conversationsFile(config));
  } catch (error) {
    if (!(error instanceof ConversationsFileError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}

/** The embedded reference app, or the command that starts the target (WEB_SERVER_COMMAND), as Playwright's webServer; none when the run needs no app, or the target runs already. */
function webServerOf(): PlaywrightTestConfig['webServer'] {
  if (!needsApp) return undefined;
  if (config.BASE_URL === undefined) {
    return {
      // exec: the app is the runner's own child, so STOP_WITH_PARENT sees a killed runner.
      command: 'exec node --import tsx targets/app/main.ts',
      url: `${embeddedAppUrl}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
      env: {
        PORT: appPort,
        HOST: '127.0.0.1',
        // The app's own fresh database, in a temporary directory it removes when it stops.
        DATA_DIR: '',
        STOP_WITH_PARENT: '1',
        AGENT_STEP_MS: String(config.AGENT_STEP_MS),
        FAULTS: config.FAULTS,
        TRANSPORT: config.TRANSPORT,
      },
    };
  }
  if (config.WEB_SERVER_COMMAND === undefined) return undefined;
  return {
    // The target's own start command, with this run's environment (its .env included).
    command: config.WEB_SERVER_COMMAND,
    url: config.WEB_SERVER_URL ?? config.BASE_URL,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
  };
}

// A shard writes only its blob (and progress): its HTML, JSON, JUnit and Allure output would be a
// fraction of the run. `npx playwright merge-reports --config playwright.config.ts reports/blob`
// then runs the reporters below over every shard's tests at once.
const sharded = process.argv.some((argument) => argument.startsWith('--shard'));
const progressReporter: ReporterDescription = [isCI ? 'dot' : 'list'];
const runPaths = runReportPaths(process.env);
const reporters: ReporterDescription[] = sharded
  ? [progressReporter, ['blob', { outputDir: REPORT_PATHS.blob }]]
  : [
      progressReporter,
      ['html', { open: 'never', outputFolder: runPaths.html }],
      ['junit', { outputFile: runPaths.junit }],
      ['json', { outputFile: runPaths.resultsJson }],
      // Before allure-playwright: it empties the results directory at the start of the run.
      [
        './lib/reporting/allure-environment.ts',
        {
          resultsDir: runPaths.allureResults,
          target: config.BASE_URL === undefined ? 'embedded reference app (app/, started by webServer on a free port)' : `${target}: ${config.BASE_URL}`,
          decoder: config.EVENT_DECODER,
          remoteBrowsers: process.env.PW_TEST_CONNECT_WS_ENDPOINT,
        } satisfies AllureEnvironmentOptions,
      ],
      // allure-playwright, fixed for merge-reports. Labels come from fixtures/allure.ts, categories
      // from allurerc.ts (Allure 3 reads them there), the environment from the reporter above.
      // Each result names its run (RUN_LABEL): allurerc.ts makes every run of one reports/ an Allure environment.
      [
        './lib/reporting/allure-reporter.ts',
        {
          resultsDir: runPaths.allureResults,
          detail: true,
          suiteTitle: true,
          globalLabels: [{ name: RUN_LABEL, value: runOfAllureResults(runPaths.allureResults) }],
        } satisfies ConstructorParameters<typeof MergeSafeAllureReporter>[0],
      ],
    ];

const playwrightConfig: PlaywrightTestConfig = {
  outputDir: 'reports/test-results',
  fullyParallel: true,
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  workers: 2,
  timeout: 30_000 + config.EVENT_TIMEOUT_MS,
  expect: { timeout: config.EVENT_TIMEOUT_MS },
  reporter: reporters,
  use: {
    baseURL,
    trace: SUITE_TRACE_MODE,
    screenshot: 'only-on-failure',
    // Video needs Playwright's own ffmpeg build, which cannot be downloaded here; the trace's
    // screencast shows the same. Set PW_VIDEO=on where that build is installed.
    video: process.env.PW_VIDEO === 'on' ? 'retain-on-failure' : 'off',
    // Remote browsers: `PW_TEST_CONNECT_WS_ENDPOINT=ws://host:3000/` of `npx playwright run-server`.
    // The server launches the browser and drops a client's executablePath and args unless started
    // with --unsafe (then Debian's browsers work too). Playwright reads these variables itself, but
    // a value here replaces its own, so it keeps PW_TEST_CONNECT_HEADERS and adds a default:
    // '<loopback>' lets the remote browser reach the embedded app on this machine's 127.0.0.1.
    connectOptions: process.env.PW_TEST_CONNECT_WS_ENDPOINT
      ? {
          wsEndpoint: process.env.PW_TEST_CONNECT_WS_ENDPOINT,
          exposeNetwork: process.env.PW_TEST_CONNECT_EXPOSE_NETWORK ?? '<loopback>',
          headers: process.env.PW_TEST_CONNECT_HEADERS ? (JSON.parse(process.env.PW_TEST_CONNECT_HEADERS) as Record<string, string>) : undefined,
        }
      : undefined,
  },
  projects,
  // The JSON report carries them: the gate judges each target by its own budgets, in a table of its own.
  metadata: { target, envFile: envFile(), budgets: { startedMs: config.LATENCY_BUDGET_STARTED_MS, completedMs: config.LATENCY_BUDGET_COMPLETED_MS } },
  webServer: webServerOf(),
};

export default defineConfig(playwrightConfig);
