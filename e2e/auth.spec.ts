import { AuthApi } from '../lib/sign-in/auth-api.ts';
import { authApiOf } from '../lib/sign-in/sign-in.ts';
import { expect, test } from '../fixtures/index.ts';
import { conversations } from '../fixtures/conversations.ts';

const { signIn } = conversations;

test.describe('signing in and out', { tag: ['@auth', '@sign-in-form'] }, () => {
  test('a user signs in with the form and chats', { tag: ['@smoke', '@critical'] }, async ({ page, context, user, events, pageObjects, chatScreenFor }) => {
    events.assign(context, user);
    const login = pageObjects.signInScreen(page);
    const chat = chatScreenFor(page, user);

    await login.open();
    await login.signIn(user.name, user.password);
    await expect(chat.messageBox).toBeVisible();

    await chat.ask(conversations.plain.message);
    await expect.poll(() => events.runsOf(user)).toHaveCompleteRun({ count: 1 });
  });

  // Signed in through the form, a session of the test's own: signing out ends it and not the account's saved one.
  test('a signed-in user signs out, and a reload keeps them out', { tag: '@sign-out' }, async ({ page, user, pageObjects }) => {
    const login = pageObjects.signInScreen(page);
    const chat = pageObjects.chatScreen(page);
    await login.open();
    await login.signIn(user.name, user.password);
    await expect(chat.messageBox).toBeVisible();

    await chat.signOut();
    await expect(login.signInButton).toBeVisible();
    await page.reload();
    await expect(login.signInButton).toBeVisible();
  });

  test('a wrong password is refused with a message, and no chat opens', async ({ page, user, pageObjects }) => {
    const login = pageObjects.signInScreen(page);
    await login.open();
    await login.signIn(user.name, `${user.password}-wrong`);
    await expect(login.alert).toBeVisible();
    await expect(login.alert).toContainText(signIn.refusal);
    await expect(pageObjects.chatScreen(page).messageBox).toBeHidden();
  });

  test('a new account can be created from the sign-in screen', { tag: '@sign-up' }, async ({ page, pageObjects }) => {
    const login = pageObjects.signInScreen(page);
    await login.open();
    await login.createAccount(`new-${test.info().parallelIndex}-${Date.now().toString(36)}`, 'a-long-password');
    await expect(pageObjects.chatScreen(page).messageBox).toBeVisible();
  });

  test('when the session ends on the server, the user is sent back to sign in', { tag: '@session-push' }, async ({ chat, context, page, suiteConfig, pageObjects }) => {
    test.skip(suiteConfig.TRANSPORT === 'sse', 'over SSE the idle page holds no connection the server could close (TRANSPORT=sse): it learns of the end at its next request');
    await expect(chat.connected).toBeVisible();
    // The session is ended server-side as an expiry would: the page is not told by the UI.
    await new AuthApi(context.request, authApiOf(suiteConfig)).signOut();

    const login = pageObjects.signInScreen(page);
    await expect(login.alert).toBeVisible();
    await expect(login.alert).toContainText(signIn.sessionEnded);
    await expect(login.signInButton).toBeVisible();
  });
});
