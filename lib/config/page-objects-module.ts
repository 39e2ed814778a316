/**
 * PAGE_OBJECTS: the module of a target whose screens differ from the UI contract, implementing
 * the page objects' interface (pages/contract.ts); none, the built-in pages/. Loaded like a
 * decoder module, and each screen it makes is checked member by member, so a module that lacks
 * one says which, before any spec reads it.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { isJsonObject } from '../events/decoders/common.ts';
import * as builtIn from '../../pages/index.ts';
import type { AgentWatch } from '../../pages/agent-watch.ts';
import { CHAT_SCREEN_MEMBERS, CONVERSATIONS_MEMBERS, SIGN_IN_SCREEN_MEMBERS, TOOL_CARD_MEMBERS, type MemberKind, type PageObjects } from '../../pages/contract.ts';
import { importFailure, importModule } from './import-module.ts';

const FACTORIES = ['chatScreen', 'signInScreen'] as const;

const isLocatorLike = (value: unknown): boolean => typeof value === 'object' && value !== null && typeof (value as { waitFor?: unknown }).waitFor === 'function';
const hasKind = (value: unknown, kind: MemberKind): boolean =>
  kind === 'method' ? typeof value === 'function' : kind === 'locator' ? isLocatorLike(value) : typeof value === 'object' && value !== null;

/** The members `screen` lacks or has of another kind, as a person reads them: `answerOutcome (a method)`. */
export function missingMembers(screen: unknown, members: Readonly<Record<string, MemberKind>>): string[] {
  const record = (typeof screen === 'object' && screen !== null ? screen : {}) as Record<string, unknown>;
  return Object.entries(members)
    .filter(([name, kind]) => !hasKind(record[name], kind))
    .map(([name, kind]) => `${name} (${kind === 'method' ? 'a method' : kind === 'locator' ? 'a Locator' : 'an object'}${name in record ? `, not ${typeof record[name]}` : ''})`);
}

/** A screen a module made, or an error naming what it lacks. */
function checked<Screen>(screen: Screen, where: string, what: string, members: Readonly<Record<string, MemberKind>>): Screen {
  const missing = missingMembers(screen, members);
  if (missing.length > 0) throw new Error(`${where}: ${what} does not implement the interface of pages/contract.ts: it has no ${missing.join(', ')}`);
  return screen;
}

/** The module's factories, each screen it makes checked against the interface. */
export function checkedPageObjects(factories: PageObjects, where: string): PageObjects {
  return {
    chatScreen: (page: Page, watch?: AgentWatch) => {
      const chat = checked(factories.chatScreen(page, watch), where, 'the chat screen that chatScreen(page) made', CHAT_SCREEN_MEMBERS);
      checked(chat.conversations, where, "the chat screen's conversations", CONVERSATIONS_MEMBERS);
      checked(chat.toolCard('a-tool'), where, "the card that the chat screen's toolCard(tool) made", TOOL_CARD_MEMBERS);
      return chat;
    },
    signInScreen: (page: Page) => checked(factories.signInScreen(page), where, 'the sign-in screen that signInScreen(page) made', SIGN_IN_SCREEN_MEMBERS),
  };
}

/** PAGE_OBJECTS: a module path (absolute, or relative to process.cwd()), or none for the built-in page objects. */
export async function loadPageObjects(spec: string | undefined): Promise<PageObjects> {
  if (spec === undefined) return builtIn;
  const absolutePath = path.resolve(spec);
  const where = `PAGE_OBJECTS=${spec} (${absolutePath})`;
  let loaded: unknown;
  try {
    loaded = await importModule(absolutePath);
  } catch (error) {
    throw new Error(`${where}: cannot import the module: ${importFailure(error, 'or import only the suite (pages/contract.ts) and @playwright/test')}`, { cause: error });
  }
  const exports = isJsonObject(loaded) ? loaded : {};
  for (const candidate of [exports, exports.default]) {
    if (isJsonObject(candidate) && FACTORIES.every((name) => typeof candidate[name] === 'function')) return checkedPageObjects(candidate as unknown as PageObjects, where);
  }
  const exported = Object.keys(exports).join(', ') || 'nothing';
  throw new Error(`${where}: the module must export the functions ${FACTORIES.join(' and ')} (pages/contract.ts, PageObjects), by name or on its default export; it exports ${exported}`);
}
