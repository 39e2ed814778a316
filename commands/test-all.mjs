// `npm test`: everything a release is gated on, each step run even when an earlier one failed,
// then a summary; the exit code is non-zero when any step failed.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

// Each run writes reports/results*.json, which .ci/run counts: none may be left from an earlier run.
for (const name of existsSync('reports') ? readdirSync('reports') : []) if (/^results(-[\w-]+)?\.json$/.test(name)) rmSync(`reports/${name}`);

// The product specs again with the reference app streaming over SSE (TRANSPORT=sse), and against
// each example product (examples/<name>/.env): their own command-line and JSON reporters and
// output folder, so the main run's reports stay whole.
const SSE_RUN = { TRANSPORT: 'sse', PLAYWRIGHT_JSON_OUTPUT_FILE: 'reports/results-sse.json' };
const TARGETS = readdirSync('examples').filter((name) => existsSync(`examples/${name}/.env`)).sort();
const targetRun = (name) => [
  `e2e: ${name}`,
  process.execPath,
  ['commands/e2e.mjs', '--target', name, '--reporter=dot,json', `--output=reports/test-results-${name}`],
  { PLAYWRIGHT_JSON_OUTPUT_FILE: `reports/results-${name}.json` },
];

const steps = [
  ['lint', 'npx', ['eslint', '.', '--max-warnings=0']],
  ['typecheck', 'npx', ['tsc', '--noEmit']],
  ['unit + e2e', 'npx', ['playwright', 'test']],
  ['e2e over SSE', process.execPath, ['commands/e2e.mjs', '--reporter=dot,json', '--output=reports/test-results-sse'], SSE_RUN],
  ...TARGETS.map(targetRun),
  ...(existsSync('commands/faults.ts') ? [['fault-detection matrix', 'npx', ['tsx', 'commands/faults.ts']]] : []),
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
