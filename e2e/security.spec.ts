import { expect, test } from '../fixtures/index.ts';

const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script><b>bold</b>';

test.describe('security seen from the browser', { tag: ['@security', '@critical'] }, () => {
  test('HTML and script in a message are shown as plain text, never run', async ({ chat, page, findings }) => {
    await chat.ask(payload);
    await findings.checkScreen('the message and the answer show the HTML as text, and no element of it', async () => {
      await expect(chat.userMessages.last()).toHaveText(payload);
      await expect(chat.lastAnswer).toContainText('<script>');
      await expect(chat.transcript.locator('img, script, b')).toHaveCount(0);
    });
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), 'a script of the message ran').toBeUndefined();
  });

  test('HTML in a tool\'s input is shown as plain text on its card', { tag: '@tools' }, async ({ chat }) => {
    await chat.ask('search the docs for <img src=x onerror=alert(1)>');
    await expect(chat.toolCard('search_docs').container).toBeVisible();
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
