import { test } from '@playwright/test';
import { groupRuns } from '../../lib/events/runs.ts';
import { expect } from '../../lib/matchers/index.ts';
import { ALICE, BOB, concatFrames, dropFirst, duplicateFirst, record, renumber, swap, withoutSeq, wireRun } from '../support/frames.ts';

const goodFrames = () => record(wireRun());
const twoRuns = () => concatFrames(record(wireRun()), record(wireRun({ runId: 'run-2', tools: [] })));

test.describe('toHaveCompleteRun', { tag: '@unit' }, () => {
  test('passes on complete runs, from frames or from runs', () => {
    expect(goodFrames()).toHaveCompleteRun();
    expect(twoRuns()).toHaveCompleteRun({ count: 2 });
    expect(groupRuns(twoRuns())).toHaveCompleteRun({ count: 2 });
  });

  test('fails on an incomplete run, naming it and its last event', () => {
    const frames = record(dropFirst(wireRun(), 'agent_completed'));
    expect(() => { expect(frames).toHaveCompleteRun(); }).toThrow(/Received: 1 run: 1 incomplete run, 1 violation/);
    expect(() => { expect(frames).toHaveCompleteRun(); }).toThrow(
      /run run-1 \(user user-alice\): 4 events, last tool_completed: incomplete\n {6}#3 received tool_completed seq=4 at=\+30ms/,
    );
  });

  test('fails on a complete run that breaks a rule, frame by frame', () => {
    const frames = record(duplicateFirst(wireRun(), 'tool_completed'));
    expect(() => { expect(frames).toHaveCompleteRun(); }).toThrow(
      /rule 3 \(each tool_executing has one tool_completed after it\), run run-1: expected one tool_completed for tool call run-1-call-1 \(calculator\), got 2\n {6}#3 received tool_completed seq=4 .*\n {6}#4 received tool_completed seq=4 /,
    );
    expect(() => { expect(frames).toHaveCompleteRun(); }).toThrow(/rule 4 .*got a duplicate seq 4/);
  });

  test('fails on no run at all, or on another count', () => {
    expect(() => { expect([]).toHaveCompleteRun(); }).toThrow(/Expected: at least 1 run, each complete[^\n]*\nReceived: 0 runs/);
    expect(() => { expect(twoRuns()).toHaveCompleteRun({ count: 3 }); }).toThrow(/Expected: 3 runs, [^\n]*\nReceived: 2 runs: 0 incomplete runs, 0 violations\n\nRuns:\n {2}run run-1 .*\n {2}run run-2 /);
  });

  test('.not inverts it', () => {
    expect(record(dropFirst(wireRun(), 'agent_completed'))).not.toHaveCompleteRun();
    expect(() => { expect(goodFrames()).not.toHaveCompleteRun(); }).toThrow(/Expected: not at least 1 run, each complete/);
  });

  test('says where order was checked by arrival for want of seq', () => {
    const frames = withoutSeq(record(dropFirst(wireRun(), 'agent_completed')));
    expect(() => { expect(frames).toHaveCompleteRun(); }).toThrow(/run run-1: no seq on the wire: order checked by arrival/);
  });

  test('works with expect.poll, passing once the run has arrived', async () => {
    const run = record(wireRun());
    let arrived = 2;
    await expect.poll(() => run.slice(0, arrived++), { intervals: [10], timeout: 2_000 }).toHaveCompleteRun();
    expect(arrived).toBe(run.length + 1);
  });
});

test.describe('matcher typing', { tag: '@unit' }, () => {
  test('the matchers exist for frames and runs only, and refuse anything else at run time too', () => {
    const callOnText = () => {
      // @ts-expect-error: a string is neither recorded frames nor runs, so it has no such matcher
      expect('frames').toHaveCompleteRun(); // eslint-disable-line @typescript-eslint/no-unsafe-call -- the call is the type error under test
    };
    expect(callOnText).toThrow('toHaveCompleteRun: expected recorded frames (RecordedFrame[]) or runs (Run[]), got string');
  });
});

test.describe('toFollowLifecycle', { tag: '@unit' }, () => {
  test('passes on runs that follow rules 1-5, and on no run', () => {
    expect(twoRuns()).toFollowLifecycle();
    expect(goodFrames()).toFollowLifecycle({ ownerId: ALICE.id });
    expect([]).toFollowLifecycle();
  });

  test('fails with each violation: the rule, the run, what was expected and what came', () => {
    const frames = record(renumber(swap(wireRun(), 2, 3)));
    expect(() => { expect(frames).toFollowLifecycle(); }).toThrow(
      /Received: 1 run, 1 violation\n\nViolations:\n {2}rule 3 \(.*\), run run-1: expected the tool_completed of tool call run-1-call-1 \(calculator\) after its tool_executing, got it before\n {6}#2 received tool_completed seq=3 .*\n {6}#3 received tool_executing seq=4 /,
    );
  });

  test("holds every event to the page's user when told who that is", () => {
    expect(() => { expect(goodFrames()).toFollowLifecycle({ ownerId: BOB.id }); }).toThrow(/rule 5 .*expected userId user-bob \(the page's user\), got user-alice on 5 events/);
  });

  test('an incomplete run breaks rule 1', () => {
    expect(() => { expect(record(wireRun().slice(0, 3))).toFollowLifecycle(); }).toThrow(/rule 1 .*the run is incomplete, its last event is tool_executing/);
  });

  test('.not inverts it', () => {
    expect(record(swap(wireRun(), 0, 1))).not.toFollowLifecycle();
    expect(() => { expect(goodFrames()).not.toFollowLifecycle(); }).toThrow(/Expected: not every run to follow lifecycle rules 1-5\nReceived: 1 run, 0 violations/);
  });
});

test.describe('toHaveEventSequence', { tag: '@unit' }, () => {
  const withoutThinking = ['agent_started', 'tool_executing', 'tool_completed', 'agent_completed'] as const;

  test('passes when the run has exactly those event types', () => {
    expect(goodFrames()).toHaveEventSequence(['agent_started', 'agent_thinking', ...withoutThinking.slice(1)]);
    expect(goodFrames()).toHaveEventSequence([...withoutThinking], { ignoreThinking: true });
  });

  test('picks the last run by default, or the first, or one by position', () => {
    const frames = twoRuns();
    expect(frames).toHaveEventSequence(['agent_started', 'agent_completed'], { ignoreThinking: true });
    expect(frames).toHaveEventSequence([...withoutThinking], { ignoreThinking: true, run: 'first' });
    expect(groupRuns(frames)).toHaveEventSequence(['agent_started', 'agent_thinking', 'agent_completed'], { run: 1 });
  });

  test('fails with both lists and the first difference, with its frame', () => {
    const frames = record(dropFirst(wireRun(), 'tool_completed'));
    expect(() => { expect(frames).toHaveEventSequence([...withoutThinking], { ignoreThinking: true }); }).toThrow(
      /Expected: the last run \(run-1\) to be \[agent_started, tool_executing, tool_completed, agent_completed\] \(agent_thinking ignored\)\nReceived: \[agent_started, tool_executing, agent_completed\]\n\nFirst difference at position 2: expected tool_completed, got agent_completed\n {2}#3 received agent_completed seq=5/,
    );
    expect(() => { expect(goodFrames()).toHaveEventSequence(['agent_started'], { ignoreThinking: true }); }).toThrow(
      /First difference at position 1: expected no more events, got tool_executing/,
    );
  });

  test('fails when there is no such run', () => {
    expect(() => { expect(goodFrames()).toHaveEventSequence(['agent_started'], { run: 3 }); }).toThrow(/Expected: run \[3\] to be \[agent_started\]\nReceived: no such run among 1 run/);
  });

  test('.not inverts it', () => {
    expect(goodFrames()).not.toHaveEventSequence(['agent_started', 'agent_completed']);
    expect(() => { expect(goodFrames()).not.toHaveEventSequence([...withoutThinking], { ignoreThinking: true }); }).toThrow(
      /Expected: not the last run \(run-1\) to be \[agent_started, tool_executing, tool_completed, agent_completed\]/,
    );
  });
});
