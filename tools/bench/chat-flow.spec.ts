/**
 * The tap's overhead (run by `npm run bench -- overhead`, never by the suite): the user flows of
 * e2e/chat.spec.ts, e2e/tools.spec.ts and e2e/history.spec.ts, driven through the same fixtures
 * and page objects, asserting only the screen. The e2e specs also assert the events, so with
 * EVENT_TAP=off they would fail, and a failing expect.poll waits out its timeout: their wall time
 * would measure the timeout, not the tap. Here the only difference between EVENT_TAP=on and off
 * is the tap: with it on, every context is tapped, every frame recorded and decoded, and each
 * test's frames, verdict and timeline attached (fixtures/agent-events.ts, fixtures/event-report.ts).
 */
import { expect, test } from '../../fixtures/index.ts';

test.describe('chat flows, screen only', () => {
  test('a plain question: the answer streams in and finishes', async ({ chat }) => {
    await chat.send('Hello, who are you?');
    await expect(chat.userMessages.last()).toHaveText(/Hello, who are you\?/);
    expect(await chat.answerOutcome()).toBe('done');
    await expect(chat.lastAnswer).not.toBeEmpty();
  });

  test('live thinking is shown while the agent works', async ({ chat }) => {
    // Each thinking line lasts an agent step: watched as it happens (as e2e/chat.spec.ts does), not polled for.
    const thinkingShown = await chat.watchThinking();
    await chat.send('What can you do for me?');
    expect(await chat.answerOutcome()).toBe('done');
    expect(await thinkingShown(), 'thinking lines the user saw').not.toHaveLength(0);
  });

  test('two messages, two answers', async ({ chat }) => {
    await chat.ask('First question');
    await chat.ask('Second question');
    await expect(chat.assistantMessages).toHaveCount(2);
  });

  const singleTool = [
    { tool: 'calculator', message: 'Please calculate (12 + 30) * 2', result: '84' },
    { tool: 'unit_convert', message: 'Convert 5 km to miles', result: /3\.1\d* mi/ },
    { tool: 'search_docs', message: 'Search the docs for reconnect', result: /reconnect/i },
  ];
  for (const { tool, message, result } of singleTool) {
    test(`${tool}: the card runs, then shows the tool's output`, async ({ chat }) => {
      await chat.send(message);
      await expect(chat.toolCard(tool).container).toBeVisible();
      expect(await chat.toolCard(tool).outcome()).toBe('done');
      await expect(chat.toolCard(tool).output).toContainText(result);
      expect(await chat.answerOutcome()).toBe('done');
    });
  }

  test('two tools in one message', async ({ chat }) => {
    await chat.ask('Convert 10 kg to pounds and calculate 12*7');
    await expect(chat.toolCards).toHaveCount(2);
    await expect(chat.lastAnswer).toContainText('84');
  });

  test('a tool error shows on its card', async ({ chat }) => {
    await chat.ask('Calculate 1/0');
    expect(await chat.toolCard('calculator').outcome()).toBe('error');
    await expect(chat.lastAnswer).not.toBeEmpty();
  });

  test('after a reload the transcript comes back', async ({ chat }) => {
    await chat.ask('Convert 100 C to F');
    const before = await chat.screenSnapshot();
    await chat.reload();
    expect(await chat.answerOutcome()).toBe('done');
    expect(await chat.screenSnapshot()).toEqual(before);
  });
});
