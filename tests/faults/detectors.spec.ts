import { startChild } from '../../lib/process/child-process.ts';
import { REFERENCE_CONVERSATIONS } from '../../lib/config/load.ts';
import { expect, test } from '@playwright/test';
import { DETECTORS, describeSelection, detectorFor, grepOf, unionOf } from '../../tools/faults/detectors.ts';
import { longestFirst } from '../../tools/faults/schedule.ts';

// What Playwright matches --grep against: the title path, then the tags.
const CHAT_ANSWER = 'chromium e2e/chat.spec.ts asking the agent a plain question the answer streams in @chat @lifecycle @smoke @critical';
const CHAT_OTHER = 'chromium e2e/chat.spec.ts asking the agent a plain question live thinking is shown @chat @lifecycle';
const AUTH_SMOKE = 'chromium e2e/auth.spec.ts signing in and out a user signs in @auth @smoke @critical';

test.describe('which specs catch which fault', () => {
  test('each fault family has its detector, and a fault without one has none (it runs the whole suite)', () => {
    expect(detectorFor('drop:agent_completed')?.select).toEqual([{ tags: ['@chat', '@smoke'] }]);
    expect(detectorFor('duplicate:tool_executing')?.select).toEqual([{ tags: ['@tools'], title: 'needs two tools' }]);
    expect(detectorFor('leak')?.by).toBe('finding');
    expect(detectorFor('slow:1250')?.by).toBe('latency budget');
    expect(detectorFor('noop')).toBeUndefined();
    expect(detectorFor('drop:agent_dancing')).toBeUndefined();
  });

  test('a selection greps the tests that carry all its tags and its title text, in any order', () => {
    const grep = new RegExp(grepOf([{ tags: ['@smoke', '@chat'] }]));
    expect(grep.test(CHAT_ANSWER)).toBe(true);
    expect(grep.test(CHAT_OTHER)).toBe(false);
    expect(grep.test(AUTH_SMOKE)).toBe(false);

    // Any of the selections; title text is matched as text, not as a pattern.
    const either = new RegExp(grepOf([{ tags: ['@auth'] }, { tags: ['@chat'], title: 'thinking (is' }]));
    expect(either.test(AUTH_SMOKE)).toBe(true);
    expect(either.test(CHAT_OTHER.replace('thinking is', 'thinking (is'))).toBe(true);
    expect(either.test(CHAT_OTHER)).toBe(false);
    expect(either.test(CHAT_ANSWER)).toBe(false);
  });

  test('the clean run covers every selection once, or the whole suite when a fault has no detector', () => {
    const chat = detectorFor('stall');
    const tools = detectorFor('drop:tool_completed');
    expect(unionOf([chat, tools, detectorFor('ui-stale')])).toEqual([{ tags: ['@chat', '@smoke'] }, { tags: ['@tools'], title: 'needs two tools' }]);
    expect(unionOf([chat, undefined])).toBeUndefined();
    expect(describeSelection(undefined)).toBe('the whole suite (no mapping)');
    expect(describeSelection(unionOf([chat, tools]))).toBe('@chat @smoke or @tools "needs two tools"');
  });

  test('the longest child starts first: new faults, then the whole suite, then by the last matrix\'s seconds', () => {
    const chat = [{ tags: ['@chat'] }];
    const jobs = [
      { fault: undefined, selection: chat },
      { fault: 'stall', selection: chat },
      { fault: 'xss', selection: chat },
      { fault: 'brand-new', selection: chat },
      { fault: 'unmapped', selection: undefined },
      { fault: 'leak', selection: chat },
    ];
    const last = new Map<string | undefined, number>([[undefined, 85], ['stall', 30], ['xss', 93], ['leak', 30], ['unmapped', 10]]);
    expect(longestFirst(jobs, last).map((job) => job.fault)).toEqual(['brand-new', 'unmapped', 'xss', undefined, 'stall', 'leak']);
    expect(longestFirst(jobs, new Map()).map((job) => job.fault)).toEqual(['unmapped', undefined, 'stall', 'xss', 'brand-new', 'leak']);
  });

  test('every selection matches at least one test in e2e/ (a renamed spec or tag would leave a fault unproved)', async () => {
    test.setTimeout(120_000);
    const selections = unionOf(DETECTORS) ?? [];
    const counts = await Promise.all(
      selections.map(async (selection) => {
        // --list runs no test and starts no server; the list reporter leaves the main run's reports alone.
        const listing = startChild({
          name: 'playwright test --list',
          command: process.execPath,
          args: ['node_modules/@playwright/test/cli.js', 'test', '--list', '--reporter=list', '--project=chromium', '--grep', grepOf([selection])],
          env: { BASE_URL: 'http://127.0.0.1:9', CONVERSATIONS: REFERENCE_CONVERSATIONS },
        });
        const { code } = await listing.closed;
        return `${describeSelection([selection])}: ${/Total: (\d+) tests? in/.exec(listing.output('stdout'))?.[1] ?? `none (exit ${String(code)})`}`;
      }),
    );
    for (const count of counts) expect(count).toMatch(/: [1-9]\d*$/);
  });
});
