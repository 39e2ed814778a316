/**
 * Allure's categories (allurerc.ts), from the kinds of finding (lib/contract/findings.ts): a
 * failed test carries the label FINDING_CATEGORY_LABEL with its main finding's category id
 * (fixtures/findings.ts puts it there), and each category matches that label. The release gate's
 * failure list files a test under the same main finding, so both say the same; neither reads the
 * error's message. A failed test without the label (a unit test, a report from elsewhere) falls to
 * Allure's own "Product errors" / "Test errors".
 */
import { categoryTitle, FINDING_CATEGORIES, FINDING_CATEGORY_LABEL } from '../contract/index.ts';

/** The shape of an Allure 3 category rule (`categories.rules[]`) that this file fills. */
export interface AllureCategoryRule {
  id: string;
  name: string;
  matchers: { statuses: ('failed' | 'broken')[]; labels: Record<string, RegExp> };
}

const exactly = (text: string): RegExp => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

export const ALLURE_CATEGORY_RULES: readonly AllureCategoryRule[] = FINDING_CATEGORIES.map((category) => ({
  id: category.id,
  name: categoryTitle(category),
  matchers: { statuses: ['failed', 'broken'], labels: { [FINDING_CATEGORY_LABEL]: exactly(category.id) } },
}));
