import { openChatAs } from '../fixtures/chat.ts';
import { expect, test } from '../fixtures/index.ts';
import type { RecordedFrame } from '../lib/events/types.ts';

const controlTypes = (frames: RecordedFrame[]) =>
  frames.flatMap((frame) => (frame.decoded && 'control' in frame.decoded ? [frame.decoded.type] : []));

/** Over SSE the reference app's page holds no socket: self-tests/stream-tap.spec.ts checks the tap of its streams. */
const WEBSOCKET_ONLY = 'the reference app streams over SSE here (TRANSPORT=sse): its page opens no socket to check; self-tests/stream-tap.spec.ts checks the stream tap';

test.describe('the event tap records what the page\'s sockets carry', { tag: ['@tap', '@lifecycle'] }, () => {
  test('the first frame after connect, the frames sent, and a close are all recorded in order', async ({ chat, events, user, page, suiteConfig }) => {
    test.skip(suiteConfig.TRANSPORT === 'sse', WEBSOCKET_ONLY);
    await chat.ask('calculate 1 + 1');
    await expect.poll(() => events.runsOf(user)).toHaveCompleteRun({ count: 1 });

    const frames = events.of(user);
    expect(frames[0]?.kind, 'the socket opening is recorded first').toBe('open');
    expect(controlTypes(frames)[0], 'the frame the server sends on connect').toBe('hello');
    const sent = frames.filter((frame) => frame.kind === 'sent').map((frame) => JSON.parse(frame.payload ?? '{}') as { type?: string; text?: string });
    expect(sent).toContainEqual(expect.objectContaining({ type: 'user_message', text: 'calculate 1 + 1' }));
    expect(frames.map((frame) => frame.index)).toEqual([...frames.map((frame) => frame.index)].sort((a, b) => a - b));

    // A drop closes the socket for the page as a lost network does: an error, then 1006, not clean.
    await events.dropConnection(page);
    await expect.poll(() => events.of(user).filter((frame) => frame.kind === 'close').map((frame) => frame.code)).toEqual([1006]);
    expect(events.of(user).filter((frame) => frame.kind === 'error'), 'the error before the close').toHaveLength(1);
  });

  test('a second page of the same user and a context the spec opens itself are tapped too', async ({ chat, context, events, user, browser, baseURL, users, suiteConfig, pageObjects, findings }) => {
    test.skip(suiteConfig.TRANSPORT === 'sse', WEBSOCKET_ONLY);
    await expect(chat.connected).toBeVisible();
    const secondTab = await context.newPage();
    await secondTab.goto('/');
    await expect.poll(() => new Set(events.of(user).map((frame) => frame.pageId)).size).toBe(2);

    const other = await users.create();
    const ownContext = await browser.newContext({ baseURL });
    const ownPage = await ownContext.newPage();
    const otherChat = await openChatAs(other, ownContext, ownPage, { events, config: suiteConfig, screens: pageObjects, record: findings.record });
    await otherChat.ask('hello from a context the spec opened');
    await expect.poll(() => events.runsOf(other)).toHaveCompleteRun({ count: 1 });
    expect(events.of(other)).toHaveNoForeignEvents(other);
    await ownContext.close();
  });

  test('frames are attributed to the user who owns the page', async ({ sessions, events }) => {
    const [alice, bob] = await sessions(2);
    await Promise.all([alice.chat.ask('calculate 2 * 21'), bob.chat.ask('calculate 3 * 3')]);
    await expect.poll(() => events.runsOf(alice.user)).toHaveCompleteRun({ count: 1 });
    await expect.poll(() => events.runsOf(bob.user)).toHaveCompleteRun({ count: 1 });

    const owners = new Set(events.all().map((frame) => frame.owner));
    expect([...owners].sort()).toEqual([alice.user.name, bob.user.name].sort());
    expect(events.runsOf(alice.user)[0]?.userId).toBe(alice.user.id);
    expect(events.runsOf(bob.user)[0]?.userId).toBe(bob.user.id);
  });
});
