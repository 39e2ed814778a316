import { expect, test } from '@playwright/test';
import { allureLabelsFor, featureFor, severityFor } from '../../lib/reporting/allure-labels.ts';
import { environmentEntries, toProperties } from '../../lib/reporting/allure-environment.ts';

test.describe('Allure labels derived from a test', () => {
  test('epic, feature from the spec file, story from the describe titles, severity from the tags', () => {
    expect(
      allureLabelsFor({
        file: '/work/main/e2e/parallel-users.spec.ts',
        titles: ['many users chatting at the same time', 'each user gets their own complete answer and only their own events'],
        tags: ['@parallel', '@isolation', '@critical'],
      }),
    ).toEqual([
      { name: 'epic', value: 'AI agent chat' },
      { name: 'feature', value: 'parallel-users' },
      { name: 'story', value: 'many users chatting at the same time' },
      { name: 'severity', value: 'critical' },
    ]);
  });

  test('nested describes make one story; a test outside any describe has none', () => {
    const nested = allureLabelsFor({ file: 'e2e/tools.spec.ts', titles: ['the agent uses tools', 'calculator', 'shows 84'], tags: [] });
    expect(nested).toContainEqual({ name: 'story', value: 'the agent uses tools › calculator' });
    const bare = allureLabelsFor({ file: 'e2e/chat.spec.ts', titles: ['a lone test'], tags: [] });
    expect(bare.map((label) => label.name)).toEqual(['epic', 'feature', 'severity']);
  });

  test('smoke tests are blockers even when also critical, critical ones critical, the rest normal', () => {
    expect(severityFor(['@smoke', '@critical'])).toBe('blocker');
    expect(severityFor(['@smoke'])).toBe('blocker');
    expect(severityFor(['@tools', '@critical'])).toBe('critical');
    expect(severityFor(['@a11y'])).toBe('normal');
  });

  test('the feature is the spec file name without its extension', () => {
    expect(featureFor('/abs/e2e/accessibility.spec.ts')).toBe('accessibility');
    expect(featureFor('e2e/isolation.spec.mts')).toBe('isolation');
  });
});

test.describe('the report environment', () => {
  test('entries name the target, the app version, the decoder and each browser that ran', () => {
    const entries = environmentEntries(
      { resultsDir: 'x', target: 'https://chat.example.com', decoder: 'events/decoders/flat.ts', remoteBrowsers: 'ws://grid:3000/' },
      { browsers: new Map([['firefox', new Set(['firefox 153.7.0esr'])], ['chromium', new Set(['chromium 156.0.8078.108'])]]), appVersions: new Set(['1.4.2']) },
      '1.64.1',
    );
    expect(Object.keys(entries)).toEqual(['target', 'app.version', 'event.decoder', 'browser.chromium', 'browser.firefox', 'browsers.remote', 'playwright', 'node']);
    expect(entries).toMatchObject({ 'target': 'https://chat.example.com', 'app.version': '1.4.2', 'browser.firefox': 'firefox 153.7.0esr', 'browsers.remote': 'ws://grid:3000/' });
  });

  test('an app that reported no version says so instead of leaving the entry out', () => {
    const entries = environmentEntries({ resultsDir: 'x', target: 't', decoder: 'd' }, { browsers: new Map(), appVersions: new Set() }, '1.64.1');
    expect(entries['app.version']).toMatch(/^not reported/);
    expect(entries).not.toHaveProperty('browsers.remote');
  });

  test('properties escape what the format gives a meaning to', () => {
    expect(toProperties({ 'base url': 'http://a:1/x=y', 'multi': 'one\ntwo', 'path': 'C:\\tmp' })).toBe('base\\ url=http://a:1/x=y\nmulti=one\\ntwo\npath=C:\\\\tmp\n');
  });
});
