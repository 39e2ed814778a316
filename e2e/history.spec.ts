import { expect, test } from '../fixtures/index.ts';
import { conversations } from '../fixtures/conversations.ts';
import { isAbsent } from '../lib/conversations/schema.ts';

// Messages that call tools, where the target has them (so their cards must come back too), else its plain question.
const tools = isAbsent(conversations.tools) ? [] : conversations.tools;
const first = tools[0] ?? conversations.plain;
const other = tools[1] ?? conversations.plain;

test.describe('conversation history', { tag: ['@history'] }, () => {
  test('after a reload the same transcript and tool cards come back', { tag: '@critical' }, async ({ chat, events, user, findings }) => {
    await chat.ask(first.message);
    await expect.poll(() => events.runsOf(user)).toHaveCompleteRun({ count: 1 });
    const before = await chat.screenSnapshot();

    await chat.reload();

    await findings.checkScreen('after a reload, the conversation shows what the user sent', () => expect(chat.userMessages).toHaveText([first.message]));
    expect(await chat.answerOutcome(), 'how the answer ended').toBe('done');
    expect(await chat.screenSnapshot()).toEqual(before);
    expect(events.runsOf(user)).toMatchScreen(await chat.screenSnapshot());
  });

  test('switching conversations shows each one\'s own messages', { tag: '@conversations' }, async ({ chat }) => {
    await chat.ask(first.message);
    await chat.conversations.startNew();
    await expect(chat.userMessages).toHaveCount(0);
    await chat.ask(other.message);

    await expect(chat.conversations.links).toHaveCount(2);
    await chat.conversations.open(first.message);
    await expect(chat.userMessages).toHaveText([first.message]);
    await expect(chat.lastAnswer).toContainText(first.answer);
    await expect(chat.conversations.current).toContainText(first.message);

    await chat.conversations.open(other.message);
    await expect(chat.userMessages).toHaveText([other.message]);
    await expect(chat.lastAnswer).toContainText(other.answer);
  });
});
