import { expect, test } from '../fixtures/index.ts';

test.describe('conversation history', { tag: ['@history'] }, () => {
  test('after a reload the same transcript and tool cards come back', { tag: '@critical' }, async ({ chat, events, user, findings }) => {
    await chat.ask('Convert 100 C to F');
    await expect.poll(() => events.runsOf(user)).toHaveCompleteRun({ count: 1 });
    const before = await chat.screenSnapshot();

    await chat.reload();

    await findings.checkScreen('after a reload, the conversation shows what the user sent', () => expect(chat.userMessages).toHaveText(['Convert 100 C to F']));
    expect(await chat.answerOutcome(), 'how the answer ended').toBe('done');
    expect(await chat.toolCard('unit_convert').outcome(), 'how the tool call ended').toBe('done');
    expect(await chat.screenSnapshot()).toEqual(before);
    expect(events.runsOf(user)).toMatchScreen(await chat.screenSnapshot());
  });

  test('switching conversations shows each one\'s own messages', { tag: '@conversations' }, async ({ chat }) => {
    await chat.ask('calculate 2 + 2');
    await chat.conversations.startNew();
    await expect(chat.userMessages).toHaveCount(0);
    await chat.ask('convert 1 mi to km');

    await expect(chat.conversations.links).toHaveCount(2);
    await chat.conversations.open(/calculate 2 \+ 2/);
    await expect(chat.userMessages).toHaveText(['calculate 2 + 2']);
    await expect(chat.lastAnswer).toContainText('4');
    await expect(chat.conversations.current).toHaveText(/calculate 2 \+ 2/);

    await chat.conversations.open(/convert 1 mi to km/);
    await expect(chat.userMessages).toHaveText(['convert 1 mi to km']);
    await expect(chat.toolCard('unit_convert').container).toBeVisible();
  });
});
