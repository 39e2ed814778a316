import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AllureReport, resolveConfig } from '@allurereport/core';
import { expect, test } from '@playwright/test';
import type { GateReport } from '../../lib/contract/index.ts';
import { currentQualityGate, qualityGateOf, supplyIteratorToArray } from '../../lib/reporting/allure-quality-gate.ts';

const line = (check: string, holds: boolean, details: string[] = []) => ({ check, measured: holds ? '0' : '2', target: '0', holds, details });

const REPORT: GateReport = {
  verdict: 'fail',
  at: '2030-01-01T00:00:00.000Z',
  budgets: { startedMs: 1000, completedMs: 5000 },
  targets: [
    { target: 'reference app', judged: 'reports/results.json', verdict: 'pass', lines: [line('tests failed', true), line('foreign events', true)] },
    {
      target: 'ai-sdk-chat',
      judged: 'reports/results-ai-sdk-chat.json',
      verdict: 'fail',
      lines: [line('tests failed', true), line('foreign events', false, Array.from({ length: 7 }, (_, i) => `test ${String(i + 1)}: 1`))],
    },
  ],
};

test.describe("the release gate's lines as Allure's quality gate", { tag: '@unit' }, () => {
  test("Allure's own quality gate evaluates one rule per line, named by target and check, as the gate judged it", async () => {
    supplyIteratorToArray();
    const output = mkdtempSync(path.join(os.tmpdir(), 'chat-e2e-quality-gate-report-'));
    const report = new AllureReport(await resolveConfig({ output, plugins: {}, qualityGate: qualityGateOf(REPORT) }));
    const { results } = await report.validate({ trs: [] });
    rmSync(output, { recursive: true, force: true });
    expect(results.map(({ rule, success }) => [rule, success])).toEqual([
      ['reference app › tests failed', true],
      ['reference app › foreign events', true],
      ['ai-sdk-chat › tests failed', true],
      ['ai-sdk-chat › foreign events', false],
    ]);
    expect(results[3]?.message).toBe('foreign events: 2, target 0; test 1: 1; test 2: 1; test 3: 1; test 4: 1; test 5: 1; and 2 more');
    expect(results[0]?.message).toBe('tests failed: 0 (target 0)');
  });

  test.describe('which verdict a report shows', () => {
    let dir = '';

    test.beforeEach(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'chat-e2e-quality-gate-'));
      mkdirSync(path.join(dir, 'results'));
      writeFileSync(path.join(dir, 'results', 'one-result.json'), '{}');
    });

    test.afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    const gateFile = () => path.join(dir, 'gate.json');
    const age = (file: string, seconds: number) => {
      const at = new Date(Date.now() - seconds * 1000);
      utimesSync(file, at, at);
    };

    test('a verdict written after the results is shown; an older one judged other results and is not', () => {
      writeFileSync(gateFile(), JSON.stringify(REPORT));
      expect(currentQualityGate(gateFile(), [path.join(dir, 'results')])?.rules).toHaveLength(2);
      age(gateFile(), 60);
      expect(currentQualityGate(gateFile(), [path.join(dir, 'results')])).toBeUndefined();
    });

    test('no verdict: no quality gate', () => {
      expect(currentQualityGate(gateFile(), [path.join(dir, 'results')])).toBeUndefined();
    });

    test('a file that is not the gate’s report stops the report naming the file and the field', () => {
      writeFileSync(gateFile(), JSON.stringify({ ...REPORT, targets: [{ target: 'x', lines: [] }] }));
      expect(() => currentQualityGate(gateFile(), [path.join(dir, 'results')])).toThrow(
        new RegExp(`^${gateFile().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not the release gate's report \\(npm run gate writes it\\): unexpected shape: targets\\.0\\.judged`),
      );
    });
  });
});
