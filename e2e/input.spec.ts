import { expect, test } from '../fixtures/index.ts';

test.describe('what users type', { tag: ['@input'] }, () => {
  test('an empty or blank message cannot be sent', async ({ chat }) => {
    await expect(chat.sendButton).toBeDisabled();
    await chat.draft('   \n  ');
    await expect(chat.sendButton).toBeDisabled();
    await expect(chat.userMessages).toHaveCount(0);
  });

  test('a long message is sent whole and answered', async ({ chat, events, user }) => {
    const long = `${'lorem ipsum dolor sit amet '.repeat(150)}end`;
    await chat.ask(long);
    await expect(chat.userMessages.last()).toHaveText(long);
    await expect.poll(() => events.runsOf(user)).toHaveCompleteRun({ count: 1 });
  });

  test('a message over the length limit is refused with a message, and nothing is lost', async ({ chat, events, user }) => {
    await chat.send('x'.repeat(9000));
    await expect(chat.alert).toContainText(/too long|longer than/i);
    await chat.ask('still here?');
    await expect.poll(() => events.runsOf(user)).toHaveCompleteRun({ count: 1 });
  });

  test('unicode and emoji come back exactly as typed', async ({ chat, events, user }) => {
    const text = 'Grüße, 世界! 👋🏽 مرحبا — naïve café ☕';
    await chat.ask(text);
    await expect(chat.userMessages.last()).toHaveText(text);
    await expect(chat.lastAnswer).toContainText(text);
    await expect.poll(() => events.runsOf(user)).toHaveCompleteRun({ count: 1 });
    expect(events.runsOf(user)).toMatchScreen(await chat.screenSnapshot());
  });
});
