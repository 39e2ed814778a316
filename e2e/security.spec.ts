import { expect, test } from '../fixtures/index.ts';
import { conversations, covered } from '../fixtures/conversations.ts';

const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script><b>bold</b>';

test.describe('security seen from the browser', { tag: ['@security', '@critical'] }, () => {
  test('HTML and script in a message are shown as plain text, never run', async ({ chat, page, findings }) => {
    await chat.ask(payload);
    await findings.checkScreen('the message and the answer show the HTML as text, and no element of it', async () => {
      await expect(chat.userMessages.last()).toHaveText(payload);
      await expect(chat.transcript.locator('img, script, b')).toHaveCount(0);
    });
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), 'a script of the message ran').toBeUndefined();
  });

  test('an answer that repeats HTML shows it as text', async ({ chat }) => {
    covered(conversations.echo, 'answer that repeats the message');
    await chat.ask(payload);
    await expect(chat.lastAnswer).toContainText('<script>');
    await expect(chat.transcript.locator('img, script, b')).toHaveCount(0);
  });

  test('HTML in a tool\'s input is shown as plain text on its card', { tag: '@tools' }, async ({ chat }) => {
    const { message, tool } = covered(conversations.toolInputHtml, 'message that puts HTML in a tool\'s input');
    await chat.ask(message);
    await expect(chat.toolCard(tool).container).toBeVisible();
    await expect(chat.transcript.locator('img')).toHaveCount(0);
  });

  test('the session cookie cannot be read by page scripts', { tag: '@session-cookie' }, async ({ chat, page, context }) => {
    await expect(chat.messageBox).toBeVisible();
    const cookies = await context.cookies();
    expect(cookies.length, 'the signed-in context holds a session cookie').toBeGreaterThan(0);
    for (const cookie of cookies) {
      expect(cookie.httpOnly, `${cookie.name} is HttpOnly`).toBe(true);
      expect(['Lax', 'Strict'], `${cookie.name} SameSite`).toContain(cookie.sameSite);
    }
    expect(await page.evaluate(() => document.cookie)).toBe('');
  });
});
