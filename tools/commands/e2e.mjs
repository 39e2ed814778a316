// `npm run e2e`: the main job. Installs what is missing, runs the e2e specs in every browser
// that is present (the embedded app is started by Playwright's webServer unless BASE_URL is
// set), and says where the reports are. Extra arguments go to `playwright test`.
//
//   npm run e2e -- --target ai-sdk-chat     the target's .env (examples/ai-sdk-chat/.env) in place of .env
//   npm run e2e -- --target path/to/dir     a folder of your own holding a .env
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const { resolveTarget, selectTarget } = await import('../../lib/config/target.mjs');

/** `--target <name|dir>` out of the arguments, and the target it names (or a stop that says where it looked). */
function takeTarget(args) {
  const at = args.findIndex((argument) => argument === '--target' || argument.startsWith('--target='));
  if (at === -1) return { args };
  const inline = args[at].startsWith('--target=');
  const value = inline ? args[at].slice('--target='.length) : args[at + 1];
  try {
    return { args: [...args.slice(0, at), ...args.slice(at + (inline ? 1 : 2))], target: resolveTarget(value ?? '') };
  } catch (error) {
    console.error(`[e2e] ${error.message}`);
    process.exit(2);
  }
}

const { args: userArgs, target } = takeTarget(process.argv.slice(2));
// Set up what this run needs: an example's bundle only when the target is that example.
const setup = spawnSync(process.execPath, ['tools/commands/setup.mjs', `--examples=${target?.example ?? ''}`], { stdio: 'inherit' });
if (setup.status !== 0) process.exit(setup.status ?? 1);
if (target) {
  selectTarget(target);
  console.log(`[e2e] target ${target.name}: settings from ${target.envFile}`);
}

const { browserProjectNames, chooseBrowsers } = await import('../../lib/config/browsers.mjs');
const { chromium, firefox, webkit } = await import('@playwright/test');
const { default: dotenv } = await import('dotenv');
// Read, not loaded: playwright.config.ts loads the .env itself (resolving its ./ paths from its folder).
const envFile = process.env.CHAT_E2E_ENV_FILE ?? '.env';
const baseUrl = process.env.BASE_URL ?? (existsSync(envFile) ? dotenv.parse(readFileSync(envFile)).BASE_URL : undefined);
// Every project playwright.config.ts defines but `unit`: the same list, from the same function.
const present = browserProjectNames(chooseBrowsers({ chromium, firefox, webkit }), { embeddedApp: !baseUrl });
// A project named on the command line narrows the run; Playwright would add it to ours instead.
const namesProject = userArgs.some((argument) => argument === '--project' || argument.startsWith('--project='));
const projects = namesProject ? [] : present.flatMap((name) => ['--project', name]);

const run = spawnSync('npx', ['playwright', 'test', ...projects, ...userArgs], { stdio: 'inherit' });
console.log(`
Reports:
  Playwright HTML  npx playwright show-report ${process.env.PLAYWRIGHT_HTML_OUTPUT_DIR ?? 'reports/html'}
  Allure           npm run report   (results in ${process.env.CHAT_E2E_ALLURE_RESULTS ?? 'reports/allure-results'})
  JUnit / JSON     ${process.env.PLAYWRIGHT_JUNIT_OUTPUT_FILE ?? 'reports/junit.xml'}, ${process.env.PLAYWRIGHT_JSON_OUTPUT_FILE ?? 'reports/results.json'}
  Failures         traces, screenshots and videos in reports/test-results`);
process.exit(run.status ?? 1);
