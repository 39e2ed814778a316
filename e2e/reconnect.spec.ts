import { expect, test } from '../fixtures/index.ts';
import { conversations, covered } from '../fixtures/conversations.ts';

test.describe('a dropped connection', { tag: ['@reconnect'] }, () => {
  test('mid-run, the UI says it is reconnecting, then the run completes with no event lost or doubled', { tag: '@critical' }, async ({ chat, events, user, page, findings }) => {
    // A run long enough to drop the connection in: the target's message that calls several tools.
    const several = covered(conversations.severalTools, 'message calling several tools (a run long enough to drop mid-way)');
    await expect(chat.connected).toBeVisible();
    // Dropped after the ack and the run's first three events, whatever the pace: over SSE the
    // run's own response is the only connection, so the drop must come while the run goes on.
    const connectionStates = await chat.watchConnection();
    await events.dropConnectionAfter(page, 4);
    await chat.send(several.message);

    await findings.checkScreen('the chat says it is reconnecting, then connected again', () =>
      expect.poll(connectionStates).toEqual(['connected', 'reconnecting', 'connected']),
    );
    expect(await chat.answerOutcome(), 'how the answer ended').toBe('done');
    await expect(chat.toolCards).toHaveCount(several.tools.length);

    await expect.poll(() => events.runsOf(user)).toHaveCompleteRun({ count: 1 });
    expect(events.runsOf(user)).toFollowLifecycle({ ownerId: user.id });
    expect(events.runsOf(user)).toMatchScreen(await chat.screenSnapshot());
  });

  test('while idle, the chat reconnects and the next message works', async ({ chat, events, user, page, suiteConfig }) => {
    test.skip(suiteConfig.TRANSPORT === 'sse', 'over SSE the page holds no connection while idle (TRANSPORT=sse): there is none to drop');
    await expect(chat.connected).toBeVisible();
    const connectionStates = await chat.watchConnection();
    await events.dropConnection(page);
    await expect.poll(connectionStates).toEqual(['connected', 'reconnecting', 'connected']);

    await chat.ask(conversations.plain.message);
    await expect(chat.lastAnswer).toContainText(conversations.plain.answer);
    await expect.poll(() => events.runsOf(user)).toHaveCompleteRun({ count: 1 });
  });
});
