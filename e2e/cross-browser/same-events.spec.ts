import { openChatAs } from '../../fixtures/chat.ts';
import { expect, test } from '../../fixtures/index.ts';
import type { EngineName } from '../../fixtures/browsers.ts';
import { conversations } from '../../fixtures/conversations.ts';
import { comparableRuns } from '../../lib/events/compare.ts';
import { isAbsent } from '../../lib/conversations/schema.ts';

// Each kind of run the target declares, once: several tools, one tool, a failing one, a plain answer.
const conversation = [conversations.severalTools, isAbsent(conversations.tools) ? conversations.tools : conversations.tools[0], conversations.toolError, conversations.plain].flatMap((exchange) =>
  exchange === undefined || isAbsent(exchange) ? [] : [exchange.message],
);

test.describe('the tap is engine-neutral', { tag: ['@tap', '@cross-browser'] }, () => {
  test('the same conversation records the same events, in the same order, in Chromium and Firefox', async ({ launchBrowser, users, events, baseURL, suiteConfig, pageObjects, findings }) => {
    // Two browsers launched, then each message answered in each: the time grows with the target's conversation.
    test.setTimeout(30_000 + conversation.length * 2 * 6_000);
    const recordConversationIn = (engine: EngineName) =>
      test.step(`hold the conversation in ${engine}`, async () => {
        const browser = await launchBrowser(engine);
        const context = await browser.newContext({ baseURL });
        await events.watch(context);
        const user = await users.create();
        const chat = await openChatAs(user, context, await context.newPage(), { events, config: suiteConfig, screens: pageObjects, record: findings.record });
        for (const message of conversation) await chat.ask(message);
        await expect.poll(() => events.runsOf(user)).toHaveCompleteRun({ count: conversation.length });
        expect(events.of(user)).toHaveNoMalformedFrames();
        return comparableRuns(events.runsOf(user));
      });

    const inChromium = await recordConversationIn('chromium');
    const inFirefox = await recordConversationIn('firefox');
    expect(inFirefox).toEqual(inChromium);
  });
});
