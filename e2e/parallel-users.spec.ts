import { expect, test } from '../fixtures/index.ts';
import { MANY_PAGES_TRACE } from '../lib/config/trace.ts';

// Every test here drives several users' pages at once (a worker-wide option, so file-wide).
test.use({ trace: MANY_PAGES_TRACE });

test.describe('many users chatting at the same time', { tag: ['@parallel', '@isolation', '@critical'] }, () => {
  test('each user gets their own complete answer and only their own events', async ({ sessions, events, suiteConfig }) => {
    const users = suiteConfig.PARALLEL_USERS;
    // Firefox over BiDi takes about 10 s per user here when the machine is busy (20 users: 4 min).
    test.setTimeout(60_000 + users * 12_000);
    const chats = await sessions(users);
    const questions = chats.map((_, n) => `calculate ${n + 2} * ${n + 3}`);

    await test.step(`${users} users send a different message at once`, async () => {
      await Promise.all(chats.map(({ chat }, n) => chat.send(questions[n] ?? '')));
    });

    for (const [n, { chat, user }] of chats.entries()) {
      await test.step(`user ${n + 1} sees the answer to their own question, backed by their own run`, async () => {
        expect(await chat.answerOutcome(), 'how the answer ended').toBe('done');
        await expect(chat.lastAnswer).toContainText(String((n + 2) * (n + 3)));
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

    await alice.chat.ask('calculate 6 * 7');
    await expect.poll(() => events.runsOf(alice.user)).toHaveCompleteRun({ count: 1 });

    // Bob's own run proves his socket is live while Alice's events flow.
    await bob.chat.ask('hello');
    expect(events.of(bob.user)).toHaveNoForeignEvents(bob.user);
    await expect.poll(() => events.runsOf(bob.user)).toHaveCompleteRun({ count: 1 });
    expect(events.of(alice.user)).toHaveNoForeignEvents(alice.user);
    await findings.checkScreen("Bob's screen shows none of Alice's answer", () => expect(bob.chat.transcript).not.toContainText('42'), 'isolation');
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
