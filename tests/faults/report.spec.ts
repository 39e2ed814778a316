import { expect, test } from '@playwright/test';
import type { MatrixRow } from '../../tools/faults/judge.ts';
import { ALLURE_FILE_PREFIX, allureFiles, matrixHolds, renderJson, renderMarkdown, renderTable, type MatrixRun } from '../../tools/faults/matrix-report.ts';

const startedAt = Date.parse('2025-01-01T00:00:00Z');
const row = (overrides: Partial<MatrixRow>): MatrixRow => ({
  fault: 'stall',
  selection: '@chat @smoke',
  by: 'finding',
  projects: [
    { project: 'chromium', tests: 1, passed: 0, failed: [{ name: 'chromium › chat.spec.ts › answer', named: true, labels: ['stuck-run: wait for the answer to "Hello" (rule 1)'] }] },
    { project: 'firefox', tests: 1, passed: 0, failed: [{ name: 'firefox › chat.spec.ts › answer', named: true, labels: ['stuck-run: wait for the answer to "Hello" (rule 1)'] }] },
  ],
  caughtBy: ['stuck-run: wait for the answer to "Hello" (rule 1) ×2'],
  verdict: 'caught',
  reasons: [],
  startedAt,
  seconds: 9,
  ...overrides,
});
const clean = row({ fault: undefined, by: 'nothing', caughtBy: [], verdict: 'green', projects: [{ project: 'chromium', tests: 3, passed: 3, failed: [] }, { project: 'firefox', tests: 3, passed: 3, failed: [] }] });
const matrix = (rows: MatrixRow[]): MatrixRun => ({ rows, projects: ['chromium', 'firefox'], leftOut: ['webkit: not installed'], settings: { children: '--workers=1' }, startedAt, seconds: 95 });

test.describe('the matrix as a table', () => {
  test('one line per row: fault, expected to fail, failed tests, caught by, verdict', () => {
    const weak = row({ fault: 'ui-stale', verdict: 'weak', caughtBy: ['timeout: test timeout (weak)'] });
    const slow = row({ fault: 'slow:1250', by: 'latency budget', projects: clean.projects, caughtBy: ['gate: chromium: message → agent_started (p95) p50 1320 ms, p95 1320 ms (1 run) > 1000 ms'] });
    expect(renderTable([clean, row({}), weak, slow]).split('\n')).toEqual([
      '| fault | expected to fail | failed tests | caught by | verdict |',
      '| --- | --- | --- | --- | --- |',
      '| (none: clean run) | none of @chat @smoke — 3 tests per browser | chromium 0/3, firefox 0/3 | - | green (no false alarm) |',
      '| stall | @chat @smoke — 1 test per browser | chromium 1/1, firefox 1/1 | stuck-run: wait for the answer to "Hello" (rule 1) ×2 | caught |',
      '| ui-stale | @chat @smoke — 1 test per browser | chromium 1/1, firefox 1/1 | timeout: test timeout (weak) | **WEAK: no named finding** |',
      "| slow:1250 | none (@chat @smoke — 3 tests per browser); the gate's latency budget fails | chromium 0/3, firefox 0/3 | gate: chromium: message → agent_started (p95) p50 1320 ms, p95 1320 ms (1 run) > 1000 ms | caught |",
    ]);
  });

  test('the Markdown says whether the matrix holds, what was left out, and why a row fails', () => {
    const missed = row({ fault: 'xss', verdict: 'missed', caughtBy: [], reasons: ['firefox: no test failed'] });
    expect(matrixHolds(matrix([clean, row({})]))).toBe(true);
    expect(matrixHolds(matrix([clean, missed]))).toBe(false);
    expect(matrixHolds(matrix([]))).toBe(false);
    const markdown = renderMarkdown(matrix([clean, missed]));
    expect(markdown).toContain('# Fault-detection matrix: FAILED');
    expect(markdown).toContain('0 of 1 faults caught by a named finding in chromium and firefox; clean run green (no false alarm); wall time 95 s.');
    expect(markdown).toContain('- left out: webkit: not installed');
    expect(markdown).toContain('## xss: missed (9 s)\n\n- firefox: no test failed\n- named: chromium › chat.spec.ts › answer');
    expect(markdown).not.toContain('## (none: clean run)');
  });

  test('the JSON keeps every row, the clean run with fault null', () => {
    const json = JSON.parse(renderJson(matrix([clean, row({})]))) as { verdict: string; rows: { fault: string | null; verdict: string }[] };
    expect(json.verdict).toBe('pass');
    expect(json.rows.map((entry) => [entry.fault, entry.verdict])).toEqual([[null, 'green'], ['stall', 'caught']]);
  });

  test('a table cell never breaks the table', () => {
    const piped = row({ caughtBy: ['toHaveText: received "a | b"\nsecond line'] });
    expect(renderTable([piped]).split('\n')[2]).toContain('received "a \\| b" second line');
  });
});

test.describe('the matrix in Allure', () => {
  test('a result per row, passed when caught or green, with a step per browser; the table as a global attachment', () => {
    const missed = row({ fault: 'xss', verdict: 'missed', reasons: ['firefox: no test failed'] });
    const files = allureFiles(matrix([clean, row({}), missed]), '# table');
    expect(files.map((file) => file.name)).toEqual([
      `${ALLURE_FILE_PREFIX}clean-run-result.json`,
      `${ALLURE_FILE_PREFIX}stall-result.json`,
      `${ALLURE_FILE_PREFIX}xss-result.json`,
      `${ALLURE_FILE_PREFIX}table-attachment.md`,
      `${ALLURE_FILE_PREFIX}globals.json`,
    ]);
    const results = files.filter((file) => file.name.endsWith('-result.json')).map((file) => JSON.parse(file.content) as Record<string, unknown>);
    expect(results.map((result) => [result.name, result.status])).toEqual([
      ['with no fault, every detector passes', 'passed'],
      ['fault stall is caught', 'passed'],
      ['fault xss is caught', 'failed'],
    ]);
    expect(results[1]).toMatchObject({
      stage: 'finished',
      start: startedAt,
      stop: startedAt + 9000,
      labels: expect.arrayContaining([{ name: 'epic', value: 'Fault-detection matrix' }, { name: 'story', value: 'stall' }]),
      steps: [expect.objectContaining({ name: 'chromium: 1 of 1 tests failed', status: 'passed' }), expect.objectContaining({ name: 'firefox: 1 of 1 tests failed', status: 'passed' })],
    });
    expect(results[2]?.statusDetails).toEqual({ message: 'missed: stuck-run: wait for the answer to "Hello" (rule 1) ×2\nfirefox: no test failed' });
    expect(JSON.parse(files.at(-1)?.content ?? '{}')).toMatchObject({ attachments: [{ name: 'Fault-detection matrix', source: `${ALLURE_FILE_PREFIX}table-attachment.md`, type: 'text/markdown' }] });
  });

  test('a fault keeps its history id from run to run, and two faults never share one', () => {
    const historyOf = (run: MatrixRun) => allureFiles(run, '').filter((file) => file.name.endsWith('-result.json')).map((file) => (JSON.parse(file.content) as { historyId: string }).historyId);
    const first = historyOf(matrix([clean, row({})]));
    expect(historyOf({ ...matrix([clean, row({})]), startedAt: startedAt + 60_000 })).toEqual(first);
    expect(new Set(historyOf(matrix([clean, row({}), row({ fault: 'leak' })]))).size).toBe(3);
  });
});
