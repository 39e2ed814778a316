import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { allureResultsDirs, REPORT_PATHS, runOfAllureResults, runReportPaths } from '../../lib/reporting/paths.ts';

test.describe('where each run of one reports/ folder writes', { tag: '@unit' }, () => {
  test('the main run writes the plain paths; a run beside it names its own, so neither empties the other', () => {
    expect(runReportPaths({})).toEqual({ resultsJson: REPORT_PATHS.resultsJson, html: 'reports/html', junit: 'reports/junit.xml', allureResults: REPORT_PATHS.allureResults });
    const beside = runReportPaths({
      PLAYWRIGHT_JSON_OUTPUT_FILE: 'reports/results-ai-sdk-chat.json',
      PLAYWRIGHT_HTML_OUTPUT_DIR: 'reports/html-ai-sdk-chat',
      PLAYWRIGHT_JUNIT_OUTPUT_FILE: 'reports/junit-ai-sdk-chat.xml',
      CHAT_E2E_ALLURE_RESULTS: 'reports/allure-results-ai-sdk-chat',
    });
    expect(Object.values(beside).filter((file) => Object.values(runReportPaths({})).includes(file))).toEqual([]);
  });

  test("a run's Allure environment is named by its results directory", () => {
    expect(runOfAllureResults(REPORT_PATHS.allureResults)).toBe('main');
    expect(runOfAllureResults('reports/allure-results-ag-ui-chat/')).toBe('ag-ui-chat');
  });

  test('the report reads every run’s results directory, and nothing else', () => {
    const reports = mkdtempSync(path.join(os.tmpdir(), 'chat-e2e-reports-'));
    try {
      for (const name of ['allure-results', 'allure-results-sse', 'allure-results-ai-sdk-chat', 'allure-report', 'html-sse']) mkdirSync(path.join(reports, name));
      writeFileSync(path.join(reports, 'allure-results-not-a-folder'), '');
      expect(allureResultsDirs(reports).map((dir) => path.basename(dir))).toEqual(['allure-results', 'allure-results-ai-sdk-chat', 'allure-results-sse']);
      expect(allureResultsDirs(path.join(reports, 'missing'))).toEqual([]);
    } finally {
      rmSync(reports, { recursive: true, force: true });
    }
  });
});
