import { expect, test } from '../fixtures/index.ts';
import { conversations, covered } from '../fixtures/conversations.ts';
import type { ChatScreen } from '../pages/contract.ts';
import { MANY_PAGES_TRACE } from '../lib/config/trace.ts';
import { isAbsent } from '../lib/conversations/schema.ts';

// Alice and Bob each ask their own question, whose answers differ, where the target declares such; else its plain one.
const [aliceAsks = conversations.plain, bobAsks = conversations.plain] = isAbsent(conversations.perUser) ? [] : conversations.perUser.messages;

/** Bob's screen shows his own answer and, where the answers differ, none of Alice's. */
async function showsOnlyHisAnswer(bob: ChatScreen): Promise<void> {
  await expect(bob.lastAnswer).toContainText(bobAsks.answer);
  if (aliceAsks !== bobAsks) await expect(bob.transcript).not.toContainText(aliceAsks.answer);
}

// Every test here drives several users' pages at once (a worker-wide option, so file-wide).
test.use({ trace: MANY_PAGES_TRACE });

test.describe('many users chatting at the same time', { tag: ['@parallel', '@isolation', '@critical'] }, () => {
  test('each user gets their own complete answer and only their own events', async ({ sessions, events, suiteConfig }) => {
    const users = suiteConfig.PARALLEL_USERS;
    // Firefox over BiDi takes about 10 s per user here when the machine is busy (20 users: 4 min).
    test.setTimeout(60_000 + users * 12_000);
    const { messages } = covered(conversations.perUser, 'message per user with an answer of its own');
    // Past the last message of the file, the messages come round again.
    const chatters = (await sessions(users)).map((session, n) => ({ ...session, asks: messages[n % messages.length] ?? conversations.plain }));

    await test.step(`${users} users send a different message at once`, async () => {
      await Promise.all(chatters.map(({ chat, asks }) => chat.send(asks.message)));
    });

    for (const [n, { chat, user, asks }] of chatters.entries()) {
      await test.step(`user ${n + 1} sees the answer to their own question, backed by their own run`, async () => {
        expect(await chat.answerOutcome(), 'how the answer ended').toBe('done');
        await expect(chat.lastAnswer, `the answer to "${asks.message}"`).toContainText(asks.answer);
        await expect.poll(() => events.runsOf(user)).toHaveCompleteRun({ count: 1 });
        expect(events.of(user)).toHaveNoForeignEvents(user);
        expect(events.runsOf(user)).toMatchScreen(await chat.screenSnapshot());
      });
    }
  });
});

test.describe('one user never sees another user\'s chat', { tag: ['@isolation', '@critical'] }, () => {
  test('while Alice chats, Bob\'s page receives none of her events', async ({ sessions, events, findings }) => {
    const [alice, bob] = await sessions(2);
    await alice.chat.ask(aliceAsks.message);
    await expect.poll(() => events.runsOf(alice.user)).toHaveCompleteRun({ count: 1 });
    // Alice's own answer, on screen and in her run: a run of someone else's (an earlier test's) answering her passes no event check alone.
    await findings.checkScreen('Alice sees the answer to her own question', () => expect(alice.chat.lastAnswer).toContainText(aliceAsks.answer), 'isolation');
    expect(events.runsOf(alice.user)).toMatchScreen(await alice.chat.screenSnapshot());

    // Bob's own run proves his socket is live while Alice's events flow.
    await bob.chat.ask(bobAsks.message);
    expect(events.of(bob.user)).toHaveNoForeignEvents(bob.user);
    await expect.poll(() => events.runsOf(bob.user)).toHaveCompleteRun({ count: 1 });
    expect(events.of(alice.user)).toHaveNoForeignEvents(alice.user);
    await findings.checkScreen("Bob's screen shows his own answer, none of Alice's", () => showsOnlyHisAnswer(bob.chat), 'isolation');
  });

  test('Bob cannot open Alice\'s conversation by its address', { tag: '@conversations' }, async ({ sessions }) => {
    const [alice, bob] = await sessions(2);

    await alice.chat.ask('my secret is pineapple');
    const aliceConversation = await alice.chat.conversationAddress();

    await bob.chat.open(aliceConversation);
    await expect(bob.chat.alert).toBeVisible();
    await expect(bob.chat.transcript).not.toContainText('pineapple');
  });
});
