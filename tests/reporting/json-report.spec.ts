import { expect, test } from '@playwright/test';
import { parseJsonReport, reportedTests, testName } from '../../lib/reporting/json-report.ts';
import { buildReport } from './build-report.ts';

test.describe('reading a Playwright JSON report', () => {
  test('each test of each project is found, named by project, file, describe and title', () => {
    const report = buildReport([
      { title: 'one', describe: 'story A' },
      { title: 'one', describe: 'story A', project: 'firefox' },
      { title: 'lone', file: 'auth.spec.ts' },
    ]);
    expect(reportedTests(report).map(testName)).toEqual(['chromium › chat.spec.ts › story A › one', 'firefox › chat.spec.ts › story A › one', 'chromium › auth.spec.ts › lone']);
  });

  test('text that is not JSON, or JSON that is not a report, is refused with the file named', () => {
    expect(() => parseJsonReport('{"suites":', 'reports/results.json')).toThrow(/reports\/results\.json is not JSON/);
    expect(() => parseJsonReport('{"tests": []}', 'x.json')).toThrow(/x\.json is not a Playwright JSON report/);
    expect(reportedTests(parseJsonReport(JSON.stringify(buildReport([{ title: 't' }])), 'ok.json'))).toHaveLength(1);
  });
});
