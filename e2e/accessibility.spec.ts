import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from '../fixtures/index.ts';
import { conversations } from '../fixtures/conversations.ts';
import { isAbsent } from '../lib/conversations/schema.ts';

const seriousOrWorse = (violations: { impact?: string | null; id: string; help: string; nodes: { target: unknown }[] }[]) =>
  violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')})`);

test.describe('accessibility', { tag: ['@a11y'] }, () => {
  test('the sign-in screen has no serious axe violations', { tag: '@sign-in-form' }, async ({ page, pageObjects }) => {
    const login = pageObjects.signInScreen(page);
    await login.open();
    await expect(login.signInButton).toBeVisible();
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(seriousOrWorse(violations)).toEqual([]);
  });

  test('the chat with an answer and tool cards has no serious axe violations', async ({ chat, page }) => {
    // The fullest screen the target declares: several tool cards, else its plain answer.
    await chat.ask(isAbsent(conversations.severalTools) ? conversations.plain.message : conversations.severalTools.message);
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(seriousOrWorse(violations)).toEqual([]);
  });
});
