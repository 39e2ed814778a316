import type { Locator } from '@playwright/test';

/**
 * Puts `text` into a text field so that every UI sees a user's input: Playwright's fill with one
 * character more, then Backspace. Over WebDriver BiDi (Firefox with the pinned Playwright) fill
 * sets the value and dispatches an untrusted input event, which React's controlled inputs ignore
 * (their value tracker sees no change: examples/ai-sdk-chat's Send button stayed disabled); a key
 * press is a trusted input event, and React reads the field's whole value.
 */
export async function enterText(field: Locator, text: string): Promise<void> {
  await field.fill(`${text} `);
  await field.press('Backspace');
}
