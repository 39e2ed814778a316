import { expect, test, type AgentEvents } from '../fixtures/index.ts';
import { conversations, covered } from '../fixtures/conversations.ts';
import type { TestUser } from '../lib/events/types.ts';
import type { ChatScreen } from '../pages/contract.ts';

const { plain } = conversations;

/**
 * The user stops the answer once `underway` says it is at the point to stop; what it showed then
 * stays, the run ends as stopped with nothing of it after, and the next message is answered.
 */
async function stopAndCarryOn({ chat, events, user }: { chat: ChatScreen; events: AgentEvents; user: TestUser }, message: string, underway: () => Promise<void>): Promise<void> {
  const answerStates = await chat.watchAnswer();
  await chat.send(message);
  await underway();
  const shownAtStop = await chat.answerSoFar();
  const stoppedAt = await chat.stop();

  const outcome = await test.step('the answer ends as stopped, keeping what it showed', async () => {
    const ended = await chat.answerOutcome();
    const shownAfter = await chat.answerSoFar();
    expect(await answerStates(), 'the answer only grew, up to the Stop and after it').toOnlyGrow();
    expect(shownAfter.text.startsWith(shownAtStop.text), `the answer shown at the Stop, ${JSON.stringify(shownAtStop.text)}, is still shown: ${JSON.stringify(shownAfter.text)}`).toBe(true);
    expect(shownAfter.tools, 'the tool cards shown at the Stop are still shown').toEqual(expect.arrayContaining(shownAtStop.tools));
    return ended;
  });

  await test.step('the next message is answered', async () => {
    expect(await chat.ask(plain.message), 'how the next answer ended').toBe('done');
    await expect(chat.lastAnswer).toContainText(plain.answer);
  });

  await test.step('the stopped run ended as stopped, and none of its events came after the Stop', async () => {
    // Checked once the next answer is in: a backend that kept streaming has had the time to show it.
    expect(events.runsOf(user)).toHaveStopped({ at: stoppedAt, run: 'first' });
    expect(outcome, 'how the stopped answer ended on screen').toBe('stopped');
    await expect.poll(() => events.runsOf(user).slice(1)).toHaveCompleteRun({ count: 1 });
  });
}

test.describe('stopping an answer', { tag: ['@stop', '@lifecycle'] }, () => {
  test('stopped while the agent thinks: the run ends as stopped, nothing of it comes after, and the chat goes on', async ({ chat, events, user }) => {
    const { whileThinking } = covered(conversations.stop, 'way to stop an answer');
    const { message } = covered(whileThinking, 'message whose thinking lasts long enough to stop');
    await stopAndCarryOn({ chat, events, user }, message, () => chat.thinkingShown());
  });

  test('stopped while a tool runs: the run ends as stopped, nothing of it comes after, and the chat goes on', async ({ chat, events, user }) => {
    const { whileTool } = covered(conversations.stop, 'way to stop an answer');
    const { message, tool } = covered(whileTool, 'tool that runs long enough to stop');
    await stopAndCarryOn({ chat, events, user }, message, () => chat.toolCard(tool).shown());
  });
});
