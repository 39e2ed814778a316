// Installs what `npm run e2e` and `npm test` need and is missing: npm dependencies (npm ci; an
// example product with a package of its own gets its own when it is built) and the browsers. It never downloads a browser build: Playwright's own browser is used when it is
// installed, else Debian's package (installed with apt-get when running as root).
//
//   node tools/commands/setup.mjs                      dependencies, browsers, every example product's bundle
//   node tools/commands/setup.mjs --examples=ag-ui-chat   … only that example's bundle (none: --examples=)
//   node tools/commands/setup.mjs --load               … and Artillery, for npm run load (a package of its own)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const say = (line) => console.log(`[setup] ${line}`);

function run(command, args) {
  say(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } });
  return result.status === 0;
}

/** Are the dependencies of the package in `folder` (the suite's, or an example's own) installed as its lock file says? */
function dependenciesAreCurrent(folder) {
  const installed = path.join(folder, 'node_modules', '.package-lock.json');
  const lock = path.join(folder, 'package-lock.json');
  return existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs;
}

function installDependencies(folder) {
  if (dependenciesAreCurrent(folder)) return;
  const prefix = folder === root ? [] : ['--prefix', path.relative(root, folder)];
  if (!run('npm', ['ci', ...prefix, '--no-audit', '--no-fund'])) {
    console.error(`[setup] npm ci${prefix.length > 0 ? ` in ${prefix[1]}` : ''} failed: see its output above.`);
    process.exit(1);
  }
}

installDependencies(root);
// Artillery brings its own Playwright and some 450 MB: only for the load (tools/load/artillery).
if (process.argv.includes('--load')) installDependencies(path.join(root, 'tools', 'load', 'artillery'));

const { chooseBrowsers, SYSTEM_BROWSERS } = await import('../../lib/config/browsers.mjs');
const playwright = await import('@playwright/test');
let choice = chooseBrowsers(playwright);
const missing = ['chromium', 'firefox'].filter((name) => !choice[name].available);

if (missing.length > 0) {
  const packages = missing.map((name) => SYSTEM_BROWSERS[name].aptPackage);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    say(`installing ${packages.join(', ')} from Debian (Playwright's own browser download cannot work here)`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
    choice = chooseBrowsers(playwright);
  } else {
    say(`missing browsers: ${missing.join(', ')}. Install them with: sudo apt-get install -y ${packages.join(' ')}`);
  }
}

for (const [name, browser] of Object.entries(choice)) {
  say(browser.available ? `${name}: ${browser.source} (${browser.executablePath})` : `${name}: left out, ${browser.reason}`);
}
if (!choice.chromium.available) {
  console.error(`[setup] Chromium is required. Run as root: apt-get install -y ${SYSTEM_BROWSERS.chromium.aptPackage}`);
  process.exit(1);
}
if (choice.chromium.executablePath.startsWith('/usr/bin')) {
  // Debian's wrapper script needs no extra set-up, but say which build runs for the record.
  say(execFileSync(choice.chromium.executablePath, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
}

// The example products' browser bundles (examples/*/build.ts), built here so that nothing
// generated is committed; again only when a source is newer than the bundle.
const newestIn = (dir) =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .reduce((newest, entry) => Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs), 0);
const examples = path.join(root, 'targets', 'examples');
// A run against one target builds that example alone, and a run against a product of the user's none.
const asked = process.argv.find((argument) => argument.startsWith('--examples='))?.slice('--examples='.length).split(',').filter(Boolean);
for (const name of existsSync(examples) ? readdirSync(examples).sort() : []) {
  if (asked !== undefined && !asked.includes(name)) continue;
  const build = path.join('targets', 'examples', name, 'build.ts');
  if (!existsSync(path.join(root, build))) continue;
  // An example on other versions of a library than the suite's (ai@4) has a package of its own.
  const ownPackage = existsSync(path.join(examples, name, 'package-lock.json'));
  if (ownPackage) installDependencies(path.join(examples, name));
  const dist = path.join(examples, name, 'dist');
  const lock = path.join(ownPackage ? path.join(examples, name) : root, 'package-lock.json');
  const sources = [path.join(examples, name, 'ui'), path.join(root, build), lock];
  const builtAt = existsSync(dist) ? newestIn(dist) : 0;
  if (builtAt > 0 && sources.every((source) => (statSync(source).isDirectory() ? newestIn(source) : statSync(source).mtimeMs) < builtAt)) continue;
  if (!run(process.execPath, ['--import', 'tsx', build])) {
    console.error(`[setup] building ${build} failed: see its output above.`);
    process.exit(1);
  }
}
