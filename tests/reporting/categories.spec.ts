import { matchCategory, normalizeCategoriesConfig, type TestStatus } from '@allurereport/core-api';
import { expect, test } from '@playwright/test';
import { categoryOfFinding, categoryTitle, FINDING_CATEGORIES, FINDING_CATEGORY_LABEL, FINDING_KINDS, mainFinding, type Finding, type FindingKind } from '../../lib/contract/index.ts';
import { ALLURE_CATEGORY_RULES } from '../../lib/reporting/allure-categories.ts';

const finding = (kind: FindingKind): Finding => ({ kind, check: 'a check', summary: 'what it saw' });

/** The category Allure 3 files a result under, by its own matching code and our rules (allurerc.ts). */
function allureCategory(status: TestStatus, labels: { name: string; value: string }[]): string | undefined {
  return matchCategory(normalizeCategoriesConfig({ rules: [...ALLURE_CATEGORY_RULES] }), { status, labels, flaky: false, message: 'rule 4 foreign event Test timeout of 1ms exceeded' })?.name;
}

/** What fixtures/findings.ts puts on a failed test. */
const labelFor = (findings: Finding[]) => {
  const main = mainFinding(findings);
  return main === undefined ? [] : [{ name: FINDING_CATEGORY_LABEL, value: categoryOfFinding(main.kind).id }];
};

test.describe('failure categories (Allure and the gate)', () => {
  test('the main finding is the first kind in FINDING_KINDS: a product finding before a timeout, isolation before the rest', () => {
    expect(mainFinding([finding('timeout'), finding('stuck-run')])?.kind).toBe('stuck-run');
    expect(mainFinding([finding('lifecycle'), finding('isolation'), finding('unowned')])?.kind).toBe('isolation');
    expect(mainFinding([])).toBeUndefined();
  });

  for (const kind of FINDING_KINDS) {
    test(`a failed test whose main finding is ${kind} lands in Allure's "${categoryTitle(categoryOfFinding(kind))}", as in the gate`, () => {
      const findings = [finding('unowned'), finding(kind)];
      const gate = categoryTitle(categoryOfFinding(mainFinding(findings)?.kind ?? 'unowned'));
      expect(allureCategory('failed', labelFor(findings))).toBe(gate);
      expect(allureCategory('broken', labelFor(findings))).toBe(gate);
    });
  }

  test("Allure reads the label, never the message: a failure without it falls to Allure's own categories, a passed test to none", () => {
    expect(allureCategory('failed', [])).toBe('Product errors');
    expect(allureCategory('broken', [{ name: 'feature', value: 'chat' }])).toBe('Test errors');
    expect(allureCategory('passed', labelFor([finding('lifecycle')]))).toBeUndefined();
    // An id that only starts like one of ours is not ours.
    expect(allureCategory('failed', [{ name: FINDING_CATEGORY_LABEL, value: `${categoryOfFinding('ui').id}-extra` }])).toBe('Product errors');
  });

  test('every kind has its own category with a unique id, and Allure has a rule for each', () => {
    const ids = FINDING_CATEGORIES.map((category) => category.id);
    expect(new Set(ids).size).toBe(FINDING_KINDS.length);
    expect(ALLURE_CATEGORY_RULES.map((rule) => rule.id)).toEqual(ids);
  });
});
