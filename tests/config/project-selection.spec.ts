import { expect, test } from '@playwright/test';
import { projectOptions, runNeedsApp, selectedProjects } from '../../lib/config/project-selection.ts';

const PROJECTS = ['unit', 'sign-in', 'chromium', 'firefox', 'cross-browser', 'chromium-self-tests'];

test.describe('which projects a command line selects (playwright.config.ts: webServer or not)', () => {
  test('--project in both spellings, repeated, among other options', () => {
    expect(projectOptions(['--project=unit', '--reporter=dot', '--project', 'chromium', 'tests/gate'])).toEqual(['unit', 'chromium']);
    expect(projectOptions(['--reporter=dot', '--project'])).toEqual([]);
  });

  test('as Playwright matches them: case-insensitive, * a wildcard, none given = every project', () => {
    expect(selectedProjects(['--project=UNIT'], PROJECTS)).toEqual(['unit']);
    expect(selectedProjects(['--project=chromium*'], PROJECTS)).toEqual(['chromium', 'chromium-self-tests']);
    expect(selectedProjects([], PROJECTS)).toEqual(PROJECTS);
  });

  test('the app is needed unless every selected project needs none', () => {
    expect(runNeedsApp(['--project=unit'], PROJECTS, ['unit'])).toBe(false);
    expect(runNeedsApp(['--project', 'unit', '--project', 'chromium'], PROJECTS, ['unit'])).toBe(true);
    expect(runNeedsApp([], PROJECTS, ['unit'])).toBe(true);
    // A name that matches nothing: Playwright stops with its own message; the config changes nothing.
    expect(runNeedsApp(['--project=nope'], PROJECTS, ['unit'])).toBe(true);
  });
});
