import { expect, test } from '../fixtures/index.ts';
import { conversations, covered } from '../fixtures/conversations.ts';

const { plain } = conversations;

test.describe('asking the agent a plain question', { tag: ['@chat', '@lifecycle'] }, () => {
  test('the answer streams in, finishes, and matches the five-event lifecycle behind it', { tag: ['@smoke', '@critical'] }, async ({ chat, events, user, findings }) => {
    const answerStates = await chat.watchAnswer();
    await chat.send(plain.message);

    await test.step('the user sees the message and a streaming answer that finishes', async () => {
      await expect(chat.userMessages.last()).toHaveText(plain.message);
      expect(await chat.answerOutcome(), 'how the answer ended').toBe('done');
    });

    await test.step('the agent ran once, complete, in lifecycle order', async () => {
      await expect.poll(() => events.runsOf(user)).toHaveCompleteRun({ count: 1 });
      expect(events.runsOf(user)).toHaveEventSequence(['agent_started', 'agent_completed'], { ignoreThinking: true });
      expect(events.runsOf(user)).toFollowLifecycle({ ownerId: user.id });
      expect(events.of(user)).toStreamAnAnswerThatOnlyGrows();
    });

    await test.step('the screen shows exactly the answer the agent sent, and it is a right answer', async () => {
      expect(events.runsOf(user)).toMatchScreen(await chat.screenSnapshot());
      await findings.checkScreen('the answer only grew while it streamed, each text a prefix of the next', async () => {
        expect(await answerStates()).toOnlyGrow();
      });
      await findings.checkScreen('the answer says what the conversations file says a right answer does', () => expect(chat.lastAnswer).toContainText(plain.answer));
    });
  });

  test('live thinking is shown while the agent works, one line per agent_thinking event', async ({ chat, events, user }) => {
    const { message } = covered(conversations.thinking, 'message answered with live thinking');
    const thinkingShown = await chat.watchThinking();
    await chat.send(message);
    expect(await chat.answerOutcome(), 'how the answer ended').toBe('done');
    await expect.poll(() => events.runsOf(user)).toHaveCompleteRun({ count: 1 });

    const thoughts = (events.runsOf(user)[0]?.events ?? []).filter((event) => event.type === 'agent_thinking').map((event) => String(event.data.text));
    expect(thoughts.length, 'agent_thinking events in the run').toBeGreaterThan(0);
    expect(await thinkingShown(), 'thinking lines the user saw, in order').toEqual(thoughts);
    await expect(chat.thinking).toBeHidden();
  });

  test('each message of a conversation gets its own complete run', async ({ chat, events, user }) => {
    await chat.ask(plain.message);
    await chat.ask(plain.message);
    await expect(chat.assistantMessages).toHaveCount(2);
    await expect.poll(() => events.runsOf(user)).toHaveCompleteRun({ count: 2 });
    expect(events.of(user)).toHaveNoMalformedFrames();
    expect(events.of(user)).toHaveNoForeignEvents(user);
  });
});
