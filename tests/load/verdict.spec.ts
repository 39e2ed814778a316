import { expect, test } from '@playwright/test';
import { parseConversations } from '../../lib/conversations/read.ts';
import { artilleryCounts, judgeLoad, renderLoadReport, type ArtilleryCounts } from '../../tools/load/verdict.ts';
import { failureOf, judgeVirtualUser, plannedMessages, type ShownAnswer, type VirtualUserResult } from '../../tools/load/virtual-user-result.ts';
import { ALICE, BOB, dropFirst, record, userMessage, wireRun } from '../support/frames.ts';

const ABSENT = ['thinking', 'echo', 'toolError', 'lengthLimit', 'toolInputHtml', 'stop'].map((name) => `${name}: { absent: not in this test }`).join('\n');
const CONVERSATIONS = `
${ABSENT}
severalTools: { absent: not in this test }
plain: { message: Hello, answer: Hi }
tools:
  - { name: calculator, message: What is 6*7?, card: '42', answer: '42' }
  - { name: weather, message: Weather in Oslo?, card: snow, answer: snow }
perUser:
  messages:
    - { message: Weather in Lima?, answer: Lima }
    - { message: Weather in Rome?, answer: Rome }
`;

test.describe('what a virtual user says', () => {
  const conversations = parseConversations(CONVERSATIONS, 'conversations.yaml');

  test('first its own line of perUser, then the other messages in turn from a place of its own', () => {
    expect(plannedMessages(conversations, 0, 3).map(({ text }) => text)).toEqual(['Weather in Lima?', 'What is 6*7?', 'Weather in Oslo?']);
    expect(plannedMessages(conversations, 1, 3).map(({ text }) => text)).toEqual(['Weather in Rome?', 'Weather in Oslo?', 'Hello']);
    expect(plannedMessages(conversations, 2, 1).map(({ text }) => text)).toEqual(['Weather in Lima?']);
  });

  test('without perUser or tools: the plain message', () => {
    const bare = parseConversations(`${ABSENT}\nseveralTools: { absent: none }\nplain: { message: Hello, answer: Hi }\ntools: { absent: none }\nperUser: { absent: one user }\n`, 'c.yaml');
    expect(plannedMessages(bare, 5, 2).map(({ text }) => text)).toEqual(['Hello', 'Hello']);
  });
});

test.describe("a virtual user's result", () => {
  const who = { name: ALICE.name, id: ALICE.id, phase: 'steady', startedAt: 0, endedAt: 1 };
  const asked = (text: string, answer: string, shown = answer): ShownAnswer => ({ message: { text, answer }, outcome: 'done', text: shown });

  test('its own complete run: counted, timed from the message, nothing found', () => {
    const result = judgeVirtualUser(who, record([userMessage('What is 6*7?'), ...wireRun()]), [asked('What is 6*7?', '42', 'It is 42.')], new Map());
    expect(result).toMatchObject({ user: 'alice', phase: 'steady', messagesSent: 1, runsComplete: 1, incompleteRuns: [], foreignEvents: [], malformedFrames: [], wrongAnswers: [] });
    expect(result.toStarted).toHaveLength(1);
    expect(result.toCompleted).toHaveLength(1);
    expect(failureOf(result)).toBeUndefined();
  });

  test("another user's run on the page is named once, as foreign, not as an incomplete run of theirs", () => {
    const leaked = wireRun({ runId: 'bobs-run', userId: BOB.id }).slice(1);
    const result = judgeVirtualUser(who, record([userMessage('What is 6*7?'), ...wireRun(), ...leaked]), [asked('What is 6*7?', '42')], new Map());
    expect(result.foreignEvents[0]).toContain(`names user ${BOB.id}, not alice (${ALICE.id})`);
    expect(result.incompleteRuns).toEqual([]);
    expect(failureOf(result)).toMatchObject({ kind: 'foreign events' });
  });

  test('a run seen by two users of the worker is a leak on the second page', () => {
    const owners = new Map<string, string>();
    const run = wireRun();
    judgeVirtualUser({ ...who, name: 'bob', id: BOB.id }, record([userMessage('What is 6*7?'), ...run], { owner: 'bob' }), [], owners);
    const result = judgeVirtualUser(who, record([userMessage('What is 6*7?'), ...run]), [], owners);
    expect(result.foreignEvents.join('\n')).toContain('run run-1 reached bob first');
  });

  test('a run that never ends, an answer that shows something else, a user that could not go on: each named', () => {
    const cut = dropFirst(wireRun(), 'agent_completed');
    const result = judgeVirtualUser(who, record([userMessage('What is 6*7?'), ...cut]), [asked('What is 6*7?', '42', 'Sorry')], new Map(), {
      kind: 'answer never finished',
      message: "alice's answer did not finish: run run-1 …",
    });
    expect(result.incompleteRuns).toEqual([expect.stringMatching(/^alice: run run-1 never ended; its last event: #\d+ received tool_completed/)]);
    expect(result.wrongAnswers).toEqual(['alice asked "What is 6*7?": the answer ended done showing "Sorry", not 42']);
    expect(result.messagesSent).toBe(2);
    expect(failureOf(result)).toEqual({ kind: 'answer never finished', lines: ["alice's answer did not finish: run run-1 …"] });
  });
});

const user = (name: string, phase: string, extra: Partial<VirtualUserResult> = {}): VirtualUserResult => ({
  user: name,
  phase,
  startedAt: 0,
  endedAt: 1,
  messagesSent: 2,
  runsComplete: 2,
  incompleteRuns: [],
  foreignEvents: [],
  malformedFrames: [],
  lifecycleViolations: [],
  wrongAnswers: [],
  toStarted: [50, 60],
  toCompleted: [400, 500],
  ...extra,
});
const counts = (created: number, errors: Record<string, number> = {}): ArtilleryCounts => ({ created, failed: Object.values(errors).reduce((a, b) => a + b, 0), errors });
const budgets = { startedMs: 1000, completedMs: 5000, minRuns: 4 };

test.describe('the verdict of a load', () => {
  test('figures per phase and overall; a clean load holds and meets its budgets', () => {
    const verdict = judgeLoad([user('a', 'warm-up'), user('b', 'steady'), user('c', 'steady')], counts(3), ['warm-up', 'steady', 'spike'], budgets);
    expect(verdict.ok).toBe(true);
    expect(verdict.phases.map(({ phase, users, messages }) => [phase, users, messages])).toEqual([['warm-up', 1, 2], ['steady', 2, 4], ['spike', 0, 0]]);
    expect(verdict.overall).toMatchObject({ users: 3, runsComplete: 6, toCompleted: { count: 6, p50: 400, p95: 500, p99: 500 } });
    expect(verdict.budgets.find(({ phase, figure }) => phase === 'warm-up' && figure === 'agent_completed')).toMatchObject({ runs: 2, verdict: 'not judged' });
    expect(verdict.budgets.find(({ phase, figure }) => phase === 'overall' && figure === 'agent_completed')).toMatchObject({ runs: 6, verdict: 'within' });
    expect(renderLoadReport(verdict)).toContain('| steady | 2 | 0 | 4 | 4 | 0 | 0 | 0 | 50 / 60 / 60 | 400 / 500 / 500 |');
  });

  test('a leak fails the load, its events named in the report', () => {
    const verdict = judgeLoad([user('a', 'steady', { foreignEvents: ['a got #4 agent_started: names user u-b, not a (u-a)'] }), user('b', 'steady')], counts(2, { 'foreign events': 1 }), ['steady'], budgets);
    expect(verdict.ok).toBe(false);
    expect(renderLoadReport(verdict)).toContain('FAILS: no event to the wrong user (isolation)\n  - a got #4 agent_started: names user u-b, not a (u-a)');
  });

  test('a missed budget fails the load', () => {
    const slow = user('a', 'steady', { toCompleted: [6000, 7000, 8000, 9000] });
    const verdict = judgeLoad([slow], counts(1), ['steady'], budgets);
    expect(verdict.ok).toBe(false);
    expect(renderLoadReport(verdict)).toContain('| message → agent_completed | steady | 4 | 9000 | 5000 | MISSED |');
  });

  test('a user Artillery started that left no result is counted, with what Artillery counted', () => {
    const verdict = judgeLoad([user('a', 'steady')], counts(3, { 'browserType.launch: Failed to launch': 2 }), ['steady'], budgets);
    expect(verdict.ok).toBe(false);
    expect(verdict.properties[0]?.findings).toEqual(['2 users of 3 left no result', 'Artillery counted 2 × "browserType.launch: Failed to launch"']);
  });

  test('users that could not go on are counted by kind, each named', () => {
    const refused = user('a', 'steady', { messagesSent: 0, runsComplete: 0, toStarted: [], toCompleted: [], error: { kind: 'sign-in refused', message: 'a could not sign in: wrong password' } });
    const verdict = judgeLoad([refused, user('b', 'steady')], counts(2, { 'sign-in refused': 1 }), ['steady'], budgets);
    expect(verdict.errors).toEqual([{ kind: 'sign-in refused', users: ['a: a could not sign in: wrong password'] }]);
    expect(verdict.properties[0]?.holds).toBe(true);
    expect(verdict.overall.usersFailed).toBe(1);
    expect(renderLoadReport(verdict)).toContain('Artillery: 2 users started, 1 failed; could not go on: sign-in refused × 1.');
    expect(verdict.ok).toBe(false);
  });

  test('a message whose run the tap never saw is a finding', () => {
    const verdict = judgeLoad([user('a', 'steady', { runsComplete: 1 })], counts(1), ['steady'], budgets);
    expect(verdict.properties.find(({ key }) => key === 'tapSawRuns')?.findings).toEqual([
      "a sent 2 messages, the tap saw 1 run of theirs (EVENT_TAP=off, or do WS_URL_PATTERN / STREAM_URL_PATTERN match the product's stream?)",
    ]);
  });

  test('no result at all is no pass', () => {
    const verdict = judgeLoad([], counts(0), ['steady'], budgets);
    expect(verdict.ok).toBe(false);
    expect(renderLoadReport(verdict)).toContain('no virtual user reported a result');
  });

  test("Artillery's JSON report: its counts, or the file named when it is not one", () => {
    const report = { aggregate: { counters: { 'vusers.created': 4, 'vusers.failed': 1, 'errors.foreign events': 1, 'chat.messages_sent': 8 } } };
    expect(artilleryCounts(report, 'a.json')).toEqual({ created: 4, failed: 1, errors: { 'foreign events': 1 } });
    expect(() => artilleryCounts({ rows: [] }, 'a.json')).toThrow('a.json: not an Artillery JSON report');
  });
});
