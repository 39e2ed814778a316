import { test } from '@playwright/test';
import { groupRuns } from '../../lib/events/runs.ts';
import { expect } from '../../lib/matchers/index.ts';
import { ALICE, BOB, concatFrames, received, record, wireRun } from '../support/frames.ts';

const calculatorScreen = { answer: 'The answer is 42.', toolCards: [{ tool: 'calculator', status: 'done' as const, output: '42' }] };

test.describe('toHaveNoForeignEvents', { tag: '@unit' }, () => {
  test("passes when every event is the user's own", () => {
    expect(record(wireRun())).toHaveNoForeignEvents(ALICE);
    expect(groupRuns(record(wireRun()))).toHaveNoForeignEvents({ id: ALICE.id });
  });

  test('fails listing each foreign event with its frame', () => {
    const frames = concatFrames(record(wireRun()), record(wireRun({ runId: 'run-2', userId: BOB.id, tools: [] }).slice(0, 2)));
    expect(() => { expect(frames).toHaveNoForeignEvents(ALICE); }).toThrow(
      /Expected: no agent event that is not alice \(user-alice\)'s\nReceived: 2 foreign events\n\nnames user user-bob, not alice \(user-alice\): #5 received agent_started seq=1 .*"runId":"run-2".*\nnames user user-bob, not alice \(user-alice\): #6 received agent_thinking seq=2 /,
    );
  });

  test('.not inverts it', () => {
    expect(record(wireRun({ userId: BOB.id }))).not.toHaveNoForeignEvents(ALICE);
    expect(() => { expect(record(wireRun())).not.toHaveNoForeignEvents(ALICE); }).toThrow(/Expected: an agent event that is not alice \(user-alice\)'s\nReceived: 0 foreign events/);
  });
});

test.describe('toHaveNoMalformedFrames', { tag: '@unit' }, () => {
  test('passes when every received frame decoded', () => {
    expect(record([...wireRun(), received({ type: 'ack', data: { clientId: 'c' } })])).toHaveNoMalformedFrames();
  });

  test('fails listing each malformed frame with its reason and raw prefix', () => {
    const frames = record([...wireRun(), received('{"type":"agent_started"'), received({ type: 'agent_dreaming' })]);
    expect(() => { expect(frames).toHaveNoMalformedFrames(); }).toThrow(
      /Received: 2 malformed frames\n\n#5 received malformed at=\+50ms \[alice\] \{"type":"agent_started"\n {4}reason: not JSON .*\n#6 received malformed at=\+60ms \[alice\] \{"type":"agent_dreaming"\}\n {4}reason: unknown event type 'agent_dreaming'/,
    );
  });

  test('asks for frames when given runs, which never hold a malformed frame', () => {
    expect(() => { expect(groupRuns(record(wireRun()))).toHaveNoMalformedFrames(); }).toThrow(/toHaveNoMalformedFrames: expected the recorded frames \(RecordedFrame\[\]\), got runs/);
  });

  test('.not inverts it', () => {
    expect(record([received('nope')])).not.toHaveNoMalformedFrames();
    expect(() => { expect(record(wireRun())).not.toHaveNoMalformedFrames(); }).toThrow(/Expected: a malformed frame\nReceived: 0 malformed frames/);
  });
});

test.describe('toMatchScreen', { tag: '@unit' }, () => {
  test('passes when the screen shows the run', () => {
    expect(record(wireRun())).toMatchScreen(calculatorScreen);
    const frames = concatFrames(record(wireRun()), record(wireRun({ runId: 'run-2', tools: [], answer: 'Hello.' })));
    expect(frames).toMatchScreen({ answer: 'Hello.', toolCards: [] });
    expect(groupRuns(frames)).toMatchScreen(calculatorScreen, { run: 0 });
  });

  test('fails naming each difference under rule 6, with the frames behind it', () => {
    expect(() => { expect(record(wireRun())).toMatchScreen({ ...calculatorScreen, answer: 'The answer is 41.' }); }).toThrow(
      /Received: 1 difference\n\nViolations:\n {2}rule 6 \(the screen matches the events\), run run-1: expected the screen to show the answer "The answer is 42\.", got "The answer is 41\."\n {6}#4 received agent_completed seq=5 /,
    );
    expect(() => { expect(record(wireRun())).toMatchScreen({ ...calculatorScreen, toolCards: [] }); }).toThrow(/expected the calculator card \(call run-1-call-1\) on the screen, got no such card/);
  });

  test('fails when there is no run to compare with', () => {
    expect(() => { expect([]).toMatchScreen(calculatorScreen); }).toThrow(/Received: no such run among 0 runs/);
  });

  test('.not inverts it', () => {
    expect(record(wireRun())).not.toMatchScreen({ ...calculatorScreen, answer: '' });
    expect(() => { expect(record(wireRun())).not.toMatchScreen(calculatorScreen); }).toThrow(/Expected: not the screen to show the last run \(run-1\)/);
  });
});
