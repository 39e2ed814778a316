/**
 * The target's further conversations, written as data in its conversations file: each
 * conversation a test with its own tags, each turn a step.
 */
import { expect, test, type AgentEvents } from '../fixtures/index.ts';
import { conversations } from '../fixtures/conversations.ts';
import type { Turn } from '../lib/conversations/schema.ts';
import { buildTimeline, runLatencies } from '../lib/events/timeline.ts';
import type { TestUser } from '../lib/events/types.ts';
import type { ChatScreen } from '../pages/contract.ts';

/** One turn: the message sent, then what the file expects of it (what it leaves out is not checked). */
async function holdTurn(chat: ChatScreen, events: AgentEvents, user: TestUser, turn: Turn, runs: number): Promise<void> {
  await chat.send(turn.message);
  expect(await chat.answerOutcome(), 'how the answer ended').toBe('done');
  await expect(chat.lastAnswer).toContainText(turn.answer);
  if (turn.tools !== undefined) expect(await chat.toolNames(), 'the tool cards, in order').toEqual(turn.tools);
  await expect.poll(() => events.runsOf(user)).toHaveCompleteRun({ count: runs });
  if (turn.events !== undefined) expect(events.runsOf(user)).toHaveEventSequence(turn.events, { ignoreThinking: true });
  if (turn.latencyMs !== undefined) {
    const completed = runLatencies(buildTimeline(events.of(user))).at(-1)?.toCompleted;
    expect(completed === undefined ? undefined : Math.round(completed), `ms from "${turn.message}" to its agent_completed, as the page saw them (budget ${turn.latencyMs} ms)`).toBeLessThanOrEqual(turn.latencyMs);
  }
}

/** The end of a conversation: the screen matches its runs, and their trace the approved one where the file names one. */
async function checkConversation(chat: ChatScreen, events: AgentEvents, user: TestUser, trace: string | undefined): Promise<void> {
  if (trace !== undefined) expect(events.runsOf(user)).toMatchEventTrace(trace);
  expect(events.runsOf(user)).toMatchScreen(await chat.screenSnapshot());
}

test.describe('conversations the target declares', { tag: '@conversation-data' }, () => {
  for (const conversation of conversations.conversations) {
    // eslint-disable-next-line playwright/valid-test-tags -- the tags come from the conversations file, whose schema checks each is @word
    test(conversation.name, { tag: conversation.tags }, async ({ chat, events, user }) => {
      for (const [index, turn] of conversation.turns.entries()) {
        await test.step(`turn ${index + 1}: "${turn.message}"`, () => holdTurn(chat, events, user, turn, index + 1));
      }
      await checkConversation(chat, events, user, conversation.trace);
    });
  }
});
