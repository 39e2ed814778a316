/** The machine a run measured on: cores, memory, load, browser and tool versions. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, firefox, webkit } from '@playwright/test';
import { chooseBrowsers } from '../../../lib/config/browsers.mjs';
import { ROOT } from './paths.ts';

export type BrowserName = 'chromium' | 'firefox';
export const BROWSER_NAMES: readonly BrowserName[] = ['chromium', 'firefox'];

/** The browsers the suite's projects would run here (config/browsers.mjs decides, as for the suite). */
export function availableBrowsers(): BrowserName[] {
  const choices = chooseBrowsers({ chromium, firefox, webkit });
  return BROWSER_NAMES.filter((name) => choices[name].available);
}

function browserVersion(name: BrowserName): string {
  const choice = chooseBrowsers({ chromium, firefox, webkit })[name];
  if (!choice.available) return `not installed (${choice.reason})`;
  try {
    // Debian's chromium wrapper prints a warning line first; the version is the last line.
    const lines = execFileSync(choice.executablePath, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n');
    return `${lines.at(-1) ?? '?'} (${choice.source}, ${choice.executablePath})`;
  } catch {
    return `? (${choice.executablePath} --version failed)`;
  }
}

const packageVersion = (name: string): string =>
  (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

export const loadAverage = (): string => os.loadavg().map((value) => value.toFixed(2)).join(' / ');

/** Cores' worth of CPU that work other than the bench's own tree used over a span. */
export const otherWorkCores = (machineMs: number, ownMs: number, wallMs: number): number => Math.max(0, machineMs - ownMs) / wallMs;

export function describeMachine(): [string, string][] {
  const cpus = os.cpus();
  return [
    ['cores', `${String(cpus.length)} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}`],
    ['memory', `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`],
    ['OS', `${os.type()} ${os.release()} (${os.platform()} ${os.arch()})`],
    ['Node', process.version],
    ['Playwright', `@playwright/test ${packageVersion('@playwright/test')}`],
    ['Chromium', browserVersion('chromium')],
    ['Firefox', browserVersion('firefox')],
  ];
}
