import { test } from '@playwright/test';
import { recordedFindings } from '../../lib/contract/index.ts';
import { expect } from '../../lib/matchers/index.ts';
import { ALICE, BOB, concatFrames, dropFirst, duplicateFirst, record, wireRun } from '../support/frames.ts';

const fails = (assertion: () => void) => {
  expect(assertion).toThrow();
};

test.describe('a failing matcher records its finding for the running test', { tag: '@unit' }, () => {
  test('toHaveCompleteRun: lifecycle, the rules broken and the runs with their user', ({}, testInfo) => {
    const frames = record(duplicateFirst(wireRun(), 'agent_completed'), { owner: 'alice' });
    fails(() => { expect(frames).toHaveCompleteRun(); });
    expect(recordedFindings(testInfo)).toEqual([
      { kind: 'lifecycle', check: 'toHaveCompleteRun', rules: [1, 4], runs: [{ runId: 'run-1', user: 'alice' }], summary: '1 run: 0 incomplete runs, 2 violations' },
    ]);
  });

  test('as expect.poll retries it, a failing try followed by a passing one leaves no finding; the latest failing try is kept', ({}, testInfo) => {
    const unfinished = record(dropFirst(wireRun(), 'agent_completed'));
    fails(() => { expect(unfinished).toHaveCompleteRun(); });
    fails(() => { expect([]).toHaveCompleteRun(); });
    expect(recordedFindings(testInfo).map((finding) => finding.summary)).toEqual(['0 runs: 0 incomplete runs, 0 violations']);
    expect(record(wireRun())).toHaveCompleteRun();
    expect(recordedFindings(testInfo)).toEqual([]);
  });

  test('.not inverts: a passing .not records nothing, a failing one records', ({}, testInfo) => {
    expect(record(dropFirst(wireRun(), 'agent_completed'))).not.toHaveCompleteRun();
    expect(recordedFindings(testInfo)).toEqual([]);
    fails(() => { expect(record(wireRun())).not.toHaveCompleteRun(); });
    expect(recordedFindings(testInfo)).toEqual([expect.objectContaining({ kind: 'lifecycle', check: 'toHaveCompleteRun', summary: expect.stringMatching(/^expected not at least 1 run/) })]);
  });

  test('each matcher files its own kind', ({}, testInfo) => {
    const leaked = concatFrames(record(wireRun({ userId: ALICE.id }), { owner: ALICE.name }), record(wireRun({ runId: 'run-2', userId: BOB.id }), { owner: ALICE.name }));
    fails(() => { expect(leaked).toHaveNoForeignEvents({ name: ALICE.name, id: ALICE.id }); });
    fails(() => { expect(record(wireRun())).toMatchScreen({ answer: 'something else', toolCards: [] }); });
    fails(() => { expect(record(wireRun())).toHaveEventSequence(['agent_started', 'agent_completed']); });
    const kinds = recordedFindings(testInfo).map((finding) => [finding.check, finding.kind, finding.runs]);
    expect(kinds).toEqual([
      ['toHaveNoForeignEvents', 'isolation', [{ runId: 'run-2', user: ALICE.name }]],
      ['toMatchScreen', 'ui', [{ runId: 'run-1', user: ALICE.name }]],
      ['toHaveEventSequence', 'lifecycle', [{ runId: 'run-1', user: ALICE.name }]],
    ]);
  });
});
