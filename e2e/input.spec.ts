import { expect, test } from '../fixtures/index.ts';
import { conversations, covered } from '../fixtures/conversations.ts';
import { isAbsent } from '../lib/conversations/schema.ts';

// A long message, as long as the product allows: its limit exactly, else about 4000 characters.
const longLength = isAbsent(conversations.lengthLimit) ? 4_000 : conversations.lengthLimit.characters;
const unicode = 'Grüße, 世界! 👋🏽 مرحبا — naïve café ☕';

test.describe('what users type', { tag: ['@input'] }, () => {
  test('an empty or blank message cannot be sent', async ({ chat }) => {
    await expect(chat.sendButton).toBeDisabled();
    await chat.draft('   \n  ');
    await expect(chat.sendButton).toBeDisabled();
    await expect(chat.userMessages).toHaveCount(0);
  });

  test('a long message is sent whole and answered', async ({ chat, events, user }) => {
    const long = `${'lorem ipsum dolor sit amet '.repeat(Math.ceil(longLength / 27)).slice(0, longLength - 3)}end`;
    await chat.ask(long);
    await expect(chat.userMessages.last()).toHaveText(long);
    await expect.poll(() => events.runsOf(user)).toHaveCompleteRun({ count: 1 });
  });

  test('a message over the length limit is refused with a message, and nothing is lost', async ({ chat, events, user }) => {
    const limit = covered(conversations.lengthLimit, 'length limit');
    await chat.send('x'.repeat(limit.characters + 1));
    await expect(chat.alert).toContainText(limit.refusal);
    await chat.ask(conversations.plain.message);
    await expect.poll(() => events.runsOf(user)).toHaveCompleteRun({ count: 1 });
  });

  test('unicode and emoji come back exactly as typed', async ({ chat, events, user }) => {
    await chat.ask(unicode);
    await expect(chat.userMessages.last()).toHaveText(unicode);
    await expect.poll(() => events.runsOf(user)).toHaveCompleteRun({ count: 1 });
    expect(events.runsOf(user)).toMatchScreen(await chat.screenSnapshot());
  });

  test('an answer that repeats the message shows its unicode exactly', async ({ chat }) => {
    covered(conversations.echo, 'answer that repeats the message');
    await chat.ask(unicode);
    await expect(chat.lastAnswer).toContainText(unicode);
  });
});
