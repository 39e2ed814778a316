import { expect, test } from '../fixtures/index.ts';
import { conversations, covered } from '../fixtures/conversations.ts';
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

  test('a reload while the answer streams brings the run back, and it finishes there as the same user\'s run', async ({ chat, events, user, findings }) => {
    // A run still going when the page reloads: the target's message whose tool runs long enough to stop.
    const { message, tool } = covered(covered(conversations.stop, 'Stop control (its long-running tool is reloaded over)').whileTool, 'message whose tool runs long enough to reload the page while it runs');
    await chat.send(message);
    await chat.toolCard(tool).shown();

    await chat.reload();

    await findings.checkScreen('after the reload, the conversation shows what the user sent', () => expect(chat.userMessages).toHaveText([message]));
    expect(await chat.answerOutcome(), 'how the answer ended on the reloaded page').toBe('done');
    expect(await chat.toolCard(tool).outcome(), 'how the tool call ended').toBe('done');
    await expect.poll(() => events.runsOf(user)).toHaveCompleteRun({ count: 1 });
    expect(events.of(user)).toHaveNoForeignEvents(user);
    expect(events.runsOf(user)).toFollowLifecycle({ ownerId: user.id });
    expect(events.runsOf(user)).toMatchScreen(await chat.screenSnapshot());
  });

  test('switching conversations shows each one\'s own messages', { tag: '@conversations' }, async ({ chat }) => {
    // An account an earlier test used (USER_SOURCE=env) lists its conversations too: count the new ones.
    const listed = await chat.conversations.links.count();
    await chat.ask(first.message);
    await chat.conversations.startNew();
    await expect(chat.userMessages).toHaveCount(0);
    await chat.ask(other.message);

    await expect(chat.conversations.links).toHaveCount(listed + 2);
    await chat.conversations.open(first.message);
    await expect(chat.userMessages).toHaveText([first.message]);
    await expect(chat.lastAnswer).toContainText(first.answer);
    await expect(chat.conversations.current).toContainText(first.message);

    await chat.conversations.open(other.message);
    await expect(chat.userMessages).toHaveText([other.message]);
    await expect(chat.lastAnswer).toContainText(other.answer);
  });
});
