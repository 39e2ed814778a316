/**
 * `npm run shard -- <n> [playwright test arguments]` (default 2 shards): the suite split the way
 * CI splits it, on this machine; e.g. `npm run shard -- 3 --grep @smoke`.
 * Runs every browser project the config defines (config/browsers.mjs, browserProjectNames) as n shards (`--shard=i/n`), one after another,
 * each writing only its blob report; merges the blobs with `playwright merge-reports` into the
 * usual reports (reports/results.json, html, junit, Allure results); then proves nothing was lost
 * or run twice: the merged report's test count must equal what an unsharded `--list` counts.
 * Prints both counts and exits non-zero when they differ (or the merge fails). Failing tests do
 * not change the exit code: judge them with `npm run gate -- --from reports/results.json`.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium, firefox, webkit } from '@playwright/test';
import { browserProjectNames, chooseBrowsers } from '../../lib/config/browsers.mjs';
import { loadSuiteConfig } from '../../lib/config/load.ts';
import { reportedTests, testName } from '../../lib/reporting/json-report.ts';
import { readJsonReportFile } from '../../lib/reporting/report-files.ts';
import { REPORT_PATHS } from '../../lib/reporting/paths.ts';
import { failing, runCommand, type Fail } from './fail.ts';

const fail: Fail = failing('shard');

const SHARDS_DIR = 'reports/shards';
const LIST_FILE = path.join(SHARDS_DIR, 'list.json');

function parseArguments(argv: string[]): { shardCount: number; passThrough: string[] } {
  const [countArgument = '2', ...passThrough] = argv;
  const shardCount = Number(countArgument);
  if (!Number.isInteger(shardCount) || shardCount < 1 || shardCount > 32) fail(`expected a number of shards from 1 to 32 first, got ${JSON.stringify(countArgument)}`);
  return { shardCount, passThrough };
}

const run = (label: string, args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<Buffer> & { seconds: number } => {
  console.log(`\n[shard] ${label}: npx ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return { ...result, seconds: (Date.now() - started) / 1000 };
};

const testsIn = (file: string): string[] => reportedTests(readJsonReportFile(file)).map(testName);

interface ShardRun {
  shard: string;
  status: number | null;
  seconds: number;
  zips: number;
}

/** Shard i of n, one after another, each blob gathered into reports/blob. */
function runShard(index: number, shardCount: number, selection: string[]): ShardRun {
  const shard = `${index + 1}/${shardCount}`;
  // Each shard's blob reporter empties its own output directory when it finishes, so shards
  // that run one after another each get one, and their zips are gathered afterwards.
  const outputDir = path.join(SHARDS_DIR, `blob-${index + 1}`);
  const result = run(`shard ${shard}`, ['playwright', 'test', `--shard=${shard}`, ...selection], { PLAYWRIGHT_BLOB_OUTPUT_DIR: outputDir });
  const zips = existsSync(outputDir) ? readdirSync(outputDir).filter((file) => file.endsWith('.zip')) : [];
  for (const zip of zips) copyFileSync(path.join(outputDir, zip), path.join(REPORT_PATHS.blob, zip));
  return { shard, status: result.status, seconds: result.seconds, zips: zips.length };
}

/** Prints both counts and what differs; true when every listed test ran exactly once. */
function compare(listed: string[], merged: string[], shards: ShardRun[], merge: { status: number | null; seconds: number }): boolean {
  const missing = listed.filter((name) => !merged.includes(name));
  const extra = merged.filter((name) => !listed.includes(name));
  console.log('\n| shard | exit | blob zips | seconds |\n| --- | --- | --- | --- |');
  for (const { shard, status, zips, seconds } of shards) console.log(`| ${shard} | ${status ?? 'signal'} | ${zips} | ${seconds.toFixed(0)} |`);
  console.log(`| merge | ${merge.status} | - | ${merge.seconds.toFixed(0)} |`);
  console.log(`\n[shard] tests listed without sharding: ${listed.length}`);
  console.log(`[shard] tests in the merged report:     ${merged.length}`);
  for (const name of missing) console.log(`  missing from the merged report: ${name}`);
  for (const name of extra) console.log(`  in the merged report but not listed: ${name}`);
  const same = listed.length === merged.length && missing.length === 0 && extra.length === 0;
  console.log(same ? '[shard] counts match: every test ran exactly once across the shards.' : '[shard] MISMATCH: sharding lost or duplicated tests.');
  return same;
}

function main(argv: string[]): number {
  const { shardCount, passThrough } = parseArguments(argv);
  const setup = spawnSync(process.execPath, ['tools/commands/setup.mjs'], { stdio: 'inherit' });
  if (setup.status !== 0) return setup.status ?? 1;
  const selection = [
    ...browserProjectNames(chooseBrowsers({ chromium, firefox, webkit }), { embeddedApp: loadSuiteConfig().BASE_URL === undefined }).flatMap((name) => ['--project', name]),
    ...passThrough,
  ];

  rmSync(SHARDS_DIR, { recursive: true, force: true });
  rmSync(REPORT_PATHS.blob, { recursive: true, force: true });
  mkdirSync(REPORT_PATHS.blob, { recursive: true });

  // `--reporter=json` replaces the config's reporters, so listing leaves the last run's reports alone.
  const listing = run('unsharded list', ['playwright', 'test', '--list', '--reporter=json', ...selection], { PLAYWRIGHT_JSON_OUTPUT_FILE: LIST_FILE });
  if (listing.status !== 0 || !existsSync(LIST_FILE)) {
    console.error('[shard] playwright test --list failed: see its output above.');
    return 1;
  }
  const listed = testsIn(LIST_FILE);
  const shards = Array.from({ length: shardCount }, (_, index) => runShard(index, shardCount, selection));

  rmSync(REPORT_PATHS.resultsJson, { force: true });
  const merge = run('merge', ['playwright', 'merge-reports', '--config', 'playwright.config.ts', REPORT_PATHS.blob]);
  if (merge.status !== 0 || !existsSync(REPORT_PATHS.resultsJson)) {
    console.error(`[shard] merge-reports wrote no ${REPORT_PATHS.resultsJson}: see its output above.`);
    return 1;
  }
  const same = compare(listed, testsIn(REPORT_PATHS.resultsJson), shards, merge);
  console.log(`[shard] merged reports: ${REPORT_PATHS.resultsJson}, reports/html, reports/junit.xml, ${REPORT_PATHS.allureResults}
[shard] verdict: npm run gate -- --from ${REPORT_PATHS.resultsJson}   Allure: npm run report`);
  return same ? 0 : 1;
}

await runCommand(import.meta.url, 'shard', main);
