import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { checkedPageObjects, loadPageObjects } from '../../lib/config/page-objects-module.ts';
import * as builtIn from '../../pages/index.ts';
import { CHAT_SCREEN_MEMBERS, CONVERSATIONS_MEMBERS, SIGN_IN_SCREEN_MEMBERS, TOOL_CARD_MEMBERS, type ChatScreen, type MemberKind, type PageObjects, type SignInScreen } from '../../pages/contract.ts';

/** A stand-in with every member of the given kinds: a Locator is anything with waitFor. */
const madeOf = (members: Readonly<Record<string, MemberKind>>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(members).map(([name, kind]) => [name, kind === 'method' ? () => undefined : kind === 'locator' ? { waitFor: () => undefined } : {}]));
const wholeChat = (): Record<string, unknown> => ({ ...madeOf(CHAT_SCREEN_MEMBERS), conversations: madeOf(CONVERSATIONS_MEMBERS), toolCard: () => madeOf(TOOL_CARD_MEMBERS) });
const moduleMaking = (chat: Record<string, unknown>, signIn = madeOf(SIGN_IN_SCREEN_MEMBERS)): PageObjects =>
  checkedPageObjects({ chatScreen: () => chat as unknown as ChatScreen, signInScreen: () => signIn as unknown as SignInScreen }, 'PAGE_OBJECTS=./pages.ts');
const page = {} as Page;
/** `members` without the named ones. */
const without = (members: Record<string, unknown>, ...names: string[]): Record<string, unknown> => Object.fromEntries(Object.entries(members).filter(([name]) => !names.includes(name)));

test.describe('page objects loader', { tag: '@unit' }, () => {
  test('no PAGE_OBJECTS: the built-in page objects', async () => {
    expect(await loadPageObjects(undefined)).toBe(builtIn);
  });

  test('a module whose screens have every member of the interface is taken as it is', () => {
    const chat = wholeChat();
    expect(moduleMaking(chat).chatScreen(page)).toBe(chat);
  });

  test('a screen that lacks members, or has one of another kind, is named with each', () => {
    expect(() => moduleMaking({ ...without(wholeChat(), 'answerOutcome', 'toolCards'), thinking: 'a string' }).chatScreen(page)).toThrow(
      'PAGE_OBJECTS=./pages.ts: the chat screen that chatScreen(page) made does not implement the interface of pages/contract.ts: it has no thinking (a Locator, not string), toolCards (a Locator), answerOutcome (a method)',
    );
    expect(() => moduleMaking({ ...wholeChat(), toolCard: () => without(madeOf(TOOL_CARD_MEMBERS), 'outcome') }).chatScreen(page)).toThrow("the card that the chat screen's toolCard(tool) made does not implement the interface of pages/contract.ts: it has no outcome (a method)");
    expect(() => moduleMaking(wholeChat(), without(madeOf(SIGN_IN_SCREEN_MEMBERS), 'signIn')).signInScreen(page)).toThrow('the sign-in screen that signInScreen(page) made does not implement the interface of pages/contract.ts: it has no signIn (a method)');
  });

  test('a module without the two factories, or one that does not import, says so with its path', async () => {
    const wrong = fileURLToPath(new URL('../support/page-objects/wrong-exports.ts', import.meta.url));
    await expect(loadPageObjects(wrong)).rejects.toThrow(`PAGE_OBJECTS=${wrong} (${wrong}): the module must export the functions chatScreen and signInScreen (pages/contract.ts, PageObjects), by name or on its default export; it exports makeChat, makeLogin`);
    await expect(loadPageObjects('targets/nowhere/pages.ts')).rejects.toThrow(/^PAGE_OBJECTS=targets\/nowhere\/pages\.ts \(.*targets\/nowhere\/pages\.ts\): cannot import the module: /);
  });
});
