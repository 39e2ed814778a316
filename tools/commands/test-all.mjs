// `npm test`: everything a release is gated on, each step run even when an earlier one failed,
// then a summary; the exit code is non-zero when any step failed.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

// Each run writes reports/results*.json, which .ci/run counts, and its Allure results, which the
// report shows as one environment per run: none may be left from an earlier run.
for (const name of existsSync('reports') ? readdirSync('reports') : []) {
  if (/^results(-[\w-]+)?\.json$/.test(name) || /^allure-results-[\w-]+$/.test(name)) rmSync(`reports/${name}`, { recursive: true });
}

/** A run beside the main one writes every report of its own (JSON, HTML, JUnit, Allure), named by `name`: lib/reporting/paths.ts. */
const ownReports = (name) => ({
  PLAYWRIGHT_JSON_OUTPUT_FILE: `reports/results-${name}.json`,
  PLAYWRIGHT_HTML_OUTPUT_DIR: `reports/html-${name}`,
  PLAYWRIGHT_JUNIT_OUTPUT_FILE: `reports/junit-${name}.xml`,
  CHAT_E2E_ALLURE_RESULTS: `reports/allure-results-${name}`,
});

// The product specs again with the reference app streaming over SSE (TRANSPORT=sse), and against
// each example product (examples/<name>/.env): their own command-line and JSON reporters and
// output folder, so the main run's reports stay whole. Over SSE in Chromium only: the tap's
// streamed-response path in Firefox is what the examples stream through, and CI's 35 minutes hold
// four targets in two browsers only so (`npm run e2e` with TRANSPORT=sse runs every project).
// These runs record a trace only on a retry (CI retries once): in Firefox the trace of every action
// costs a fifth of a run, and the main run keeps one for every first failure.
const RETRY_TRACE = '--trace=on-first-retry';
const SSE_RUN = { TRANSPORT: 'sse', CHAT_E2E_TARGET: 'reference app over SSE', ...ownReports('sse') };
const TARGETS = readdirSync('targets/examples').filter((name) => existsSync(`targets/examples/${name}/.env`)).sort();
const targetRun = (name) => [
  `e2e: ${name}`,
  process.execPath,
  ['tools/commands/e2e.mjs', '--target', name, RETRY_TRACE, `--output=reports/test-results-${name}`],
  ownReports(name),
];
// Small loads through Artillery (npm run load), one at a time: the reference app, clean and with
// its leak fault, an example that signs in its own way, and bad input (tools/load/checks/).
const LOAD_RUN = ['load: small loads through Artillery', 'npx', ['playwright', 'test', '-c', 'tools/load/playwright.config.ts', '--output=reports/test-results-load'], ownReports('load')];
// A product that keeps its session in sessionStorage, which storageState() leaves out, still signs
// in: ag-ui-chat with TOKEN_STORE=session, the smoke specs in Chromium.
const SESSION_STORAGE_RUN = [
  'e2e: ag-ui-chat, token in sessionStorage',
  process.execPath,
  ['tools/commands/e2e.mjs', '--target', 'ag-ui-chat', '--project=chromium', '--grep', '@smoke', RETRY_TRACE, '--output=reports/test-results-session-storage'],
  { TOKEN_STORE: 'session', ...ownReports('session-storage') },
];

const steps = [
  ['lint', 'npx', ['eslint', '.', '--max-warnings=0']],
  // The suite, and the example on ai@4 with its own packages (tsconfig.json in its folder).
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['unit + e2e', 'npx', ['playwright', 'test']],
  ['e2e over SSE', process.execPath, ['tools/commands/e2e.mjs', '--project=chromium', RETRY_TRACE, '--output=reports/test-results-sse'], SSE_RUN],
  ...TARGETS.map(targetRun),
  ...(TARGETS.includes('ag-ui-chat') ? [SESSION_STORAGE_RUN] : []),
  LOAD_RUN,
  // In Chromium: with four targets in two browsers, both engines' rows would take CI past its 35
  // minutes. The rows judge the suite's own detection (tap, decoders, matchers: one code in both
  // engines); `npm run faults` with no option proves every row in every browser.
  ...(existsSync('tools/commands/faults.ts') ? [['fault-detection matrix', 'npx', ['tsx', 'tools/commands/faults.ts', '--browsers', 'chromium']]] : []),
];

const results = steps.map(([name, command, args, env = {}]) => {
  const settings = Object.entries(env).map(([key, value]) => `${key}=${value} `).join('');
  console.log(`\n=== ${name}: ${settings}${command} ${args.join(' ')}`);
  const started = Date.now();
  const { status } = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return { name, ok: status === 0, seconds: ((Date.now() - started) / 1000).toFixed(0) };
});

console.log('\n| step | result | seconds |\n| --- | --- | --- |');
for (const { name, ok, seconds } of results) console.log(`| ${name} | ${ok ? 'passed' : 'FAILED'} | ${seconds} |`);
process.exit(results.every(({ ok }) => ok) ? 0 : 1);
