import { expect, test } from '../fixtures/index.ts';
import { conversations, covered } from '../fixtures/conversations.ts';
import { NOT_COVERED } from '../lib/config/features.ts';
import { isAbsent } from '../lib/conversations/schema.ts';
import type { ChatScreen } from '../pages/contract.ts';

// One test per tool the target declares; one "not covered" test where it declares none.
const eachTool = isAbsent(conversations.tools) ? [conversations.tools] : conversations.tools;

/** The target's failing tool call, where the failure ends the answer as `ends` says; else the test is "not covered". */
function toolErrorThatEnds(ends: 'answered' | 'failed') {
  const failing = covered(conversations.toolError, 'message that makes a tool fail');
  test.skip(failing.ends !== ends, `${NOT_COVERED} the target declares that a tool error ends the answer as ${failing.ends} (toolError.ends in its conversations file)`);
  return failing;
}

test.describe('the agent uses tools', { tag: ['@tools', '@lifecycle'] }, () => {
  for (const declared of eachTool) {
    test(`${isAbsent(declared) ? 'each tool' : declared.name}: the card runs, then shows the tool's output, and the answer uses it`, { tag: '@critical' }, async ({ chat, events, user, findings }) => {
      const tool = covered(declared, 'tools');
      await chat.send(tool.message);

      await test.step('a running tool card appears, then turns done with the result', async () => {
        await expect(chat.toolCard(tool.name).container).toBeVisible();
        expect(await chat.toolCard(tool.name).outcome(), 'how the tool call ended').toBe('done');
        await expect(chat.toolCard(tool.name).output).toContainText(tool.card);
      });

      await test.step('the run paired the tool call and completed', async () => {
        expect(await chat.answerOutcome(), 'how the answer ended').toBe('done');
        await expect.poll(() => events.runsOf(user)).toHaveCompleteRun({ count: 1 });
        expect(events.runsOf(user)).toHaveEventSequence(['agent_started', 'tool_executing', 'tool_completed', 'agent_completed'], { ignoreThinking: true });
      });

      await test.step('the card and the answer on screen match the events, and the answer uses the result', async () => {
        expect(events.runsOf(user)).toMatchScreen(await chat.screenSnapshot());
        await findings.checkScreen(`the answer says what the conversations file says of ${tool.name}`, () => expect(chat.lastAnswer).toContainText(tool.answer));
      });
    });
  }

  test('one message that needs two tools runs both, in order, in one run', { tag: '@critical' }, async ({ chat, events, user, findings }) => {
    const several = covered(conversations.severalTools, 'message calling several tools');
    await chat.ask(several.message);

    await expect(chat.toolCards).toHaveCount(several.tools.length);
    expect(await chat.toolNames(), 'the tool cards, in order').toEqual(several.tools);
    await expect.poll(() => events.runsOf(user)).toHaveCompleteRun({ count: 1 });
    expect(events.runsOf(user)).toHaveEventSequence(
      ['agent_started', ...several.tools.flatMap(() => ['tool_executing', 'tool_completed'] as const), 'agent_completed'],
      { ignoreThinking: true },
    );
    expect(events.runsOf(user)).toMatchEventTrace('two-tools');
    expect(events.runsOf(user)).toMatchScreen(await chat.screenSnapshot());
    await findings.checkScreen('the answer says what the conversations file says of the tools\' results', () => expect(chat.lastAnswer).toContainText(several.answer));
  });

  // How the answer goes on after a failed tool, as the target declares it (toolError.ends): each way its own test.
  // What says it: the answer's text after the failure; the whole failed answer, whose error may show beside its text.
  const afterAToolError = [
    { ends: 'answered', title: 'a tool error shows on its card and the agent still answers', outcome: 'done', said: 'the answer after the failure', saying: (chat: ChatScreen) => chat.lastAnswer },
    { ends: 'failed', title: 'a tool error shows on its card and ends the answer as failed, saying why', outcome: 'failed', said: 'the failed answer', saying: (chat: ChatScreen) => chat.assistantMessages.last() },
  ] as const;
  for (const { ends, title, outcome, said, saying } of afterAToolError) {
    test(title, async ({ chat, events, user, findings }) => {
      const failing = toolErrorThatEnds(ends);
      await chat.send(failing.message);

      expect(await chat.toolCard(failing.tool).outcome(), 'how the tool call ended').toBe('error');
      await expect(chat.toolCard(failing.tool).output).toContainText(failing.card);
      expect(await chat.answerOutcome(), 'how the answer ended').toBe(outcome);
      await expect.poll(() => events.runsOf(user)).toHaveCompleteRun({ count: 1 });
      expect(events.runsOf(user)).toMatchScreen(await chat.screenSnapshot());
      await findings.checkScreen(`${said} says what the conversations file says`, () => expect(saying(chat)).toContainText(failing.answer));
    });
  }
});
