import { AxeBuilder } from '@axe-core/playwright';
import { LoginPage } from '../pages/login-page.ts';
import { expect, test } from '../fixtures/index.ts';

const seriousOrWorse = (violations: { impact?: string | null; id: string; help: string; nodes: { target: unknown }[] }[]) =>
  violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')})`);

test.describe('accessibility', { tag: ['@a11y'] }, () => {
  test('the sign-in screen has no serious axe violations', { tag: '@sign-in-form' }, async ({ page }) => {
    await new LoginPage(page).open();
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(seriousOrWorse(violations)).toEqual([]);
  });

  test('the chat with an answer and tool cards has no serious axe violations', async ({ chat, page }) => {
    await chat.ask('Convert 5 km to miles and calculate 12*7');
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(seriousOrWorse(violations)).toEqual([]);
  });
});
