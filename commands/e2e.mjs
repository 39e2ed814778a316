// `npm run e2e`: the main job. Installs what is missing, runs the e2e specs in every browser
// that is present (the embedded app is started by Playwright's webServer unless BASE_URL is
// set), and says where the reports are. Extra arguments go to `playwright test`.
import { spawnSync } from 'node:child_process';

const setup = spawnSync(process.execPath, ['commands/setup.mjs'], { stdio: 'inherit' });
if (setup.status !== 0) process.exit(setup.status ?? 1);

const { browserProjectNames, chooseBrowsers } = await import('../config/browsers.mjs');
const { chromium, firefox, webkit } = await import('@playwright/test');
const { default: dotenv } = await import('dotenv');
dotenv.config({ quiet: true });
// Every project playwright.config.ts defines but `unit`: the same list, from the same function.
const present = browserProjectNames(chooseBrowsers({ chromium, firefox, webkit }), { embeddedApp: !process.env.BASE_URL });
const userArgs = process.argv.slice(2);
// A project named on the command line narrows the run; Playwright would add it to ours instead.
const namesProject = userArgs.some((argument) => argument === '--project' || argument.startsWith('--project='));
const projects = namesProject ? [] : present.flatMap((name) => ['--project', name]);

const run = spawnSync('npx', ['playwright', 'test', ...projects, ...userArgs], { stdio: 'inherit' });
console.log(`
Reports:
  Playwright HTML  npx playwright show-report reports/html
  Allure           npm run report   (results in reports/allure-results)
  JUnit / JSON     reports/junit.xml, reports/results.json
  Failures         traces, screenshots and videos in reports/test-results`);
process.exit(run.status ?? 1);
