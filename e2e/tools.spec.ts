import { expect, test } from '../fixtures/index.ts';

test.describe('the agent uses tools', { tag: ['@tools', '@lifecycle'] }, () => {
  const singleTool = [
    { tool: 'calculator', message: 'Please calculate (12 + 30) * 2', result: '84' },
    { tool: 'unit_convert', message: 'Convert 5 km to miles', result: /3\.1\d* mi/ },
    { tool: 'search_docs', message: 'Search the docs for reconnect', result: /reconnect/i },
  ];

  for (const { tool, message, result } of singleTool) {
    test(`${tool}: the card runs, then shows the tool's output, and the answer uses it`, { tag: '@critical' }, async ({ chat, events, user }) => {
      await chat.send(message);

      await test.step('a running tool card appears, then turns done with the result', async () => {
        await expect(chat.toolCard(tool).container).toBeVisible();
        expect(await chat.toolCard(tool).outcome(), 'how the tool call ended').toBe('done');
        await expect(chat.toolCard(tool).output).toContainText(result);
      });

      await test.step('the run paired the tool call and completed', async () => {
        expect(await chat.answerOutcome(), 'how the answer ended').toBe('done');
        await expect.poll(() => events.runsOf(user)).toHaveCompleteRun({ count: 1 });
        expect(events.runsOf(user)).toHaveEventSequence(['agent_started', 'tool_executing', 'tool_completed', 'agent_completed'], { ignoreThinking: true });
      });

      await test.step('the card and the answer on screen match the events', async () => {
        expect(events.runsOf(user)).toMatchScreen(await chat.screenSnapshot());
      });
    });
  }

  test('one message that needs two tools runs both, in order, in one run', { tag: '@critical' }, async ({ chat, events, user }) => {
    await chat.ask('Convert 10 kg to pounds and calculate 12*7');

    await expect(chat.toolCards).toHaveCount(2);
    expect(await chat.toolNames(), 'the tool cards, in order').toEqual(['unit_convert', 'calculator']);
    await expect(chat.lastAnswer).toContainText('84');
    await expect.poll(() => events.runsOf(user)).toHaveCompleteRun({ count: 1 });
    expect(events.runsOf(user)).toHaveEventSequence(
      ['agent_started', 'tool_executing', 'tool_completed', 'tool_executing', 'tool_completed', 'agent_completed'],
      { ignoreThinking: true },
    );
    expect(events.runsOf(user)).toMatchEventTrace('two-tools');
    expect(events.runsOf(user)).toMatchScreen(await chat.screenSnapshot());
  });

  test('a tool error shows on its card and the agent still answers', async ({ chat, events, user }) => {
    await chat.ask('Calculate 1/0');

    expect(await chat.toolCard('calculator').outcome(), 'how the tool call ended').toBe('error');
    await expect(chat.toolCard('calculator').output).toContainText(/division by zero/i);
    expect(await chat.answerOutcome(), 'how the answer ended').toBe('done');
    await expect(chat.lastAnswer).not.toBeEmpty();
    await expect.poll(() => events.runsOf(user)).toHaveCompleteRun({ count: 1 });
    expect(events.runsOf(user)).toMatchScreen(await chat.screenSnapshot());
  });
});
