/**
 * One virtual user of `npm run load`, run by Artillery's Playwright engine in its worker
 * (artillery/virtual-user.mjs hands the page over): a real browser user of the target. It signs in
 * the target's way (USER_SOURCE, AUTH, its page objects), its page tapped and decoded by the
 * target's decoder, says what the target's conversations file gives it (virtual-user-result.ts)
 * and waits for each answer as a person does; then it judges what its page received with the
 * suite's own rules and hands its figures to Artillery (metrics `chat.*`, and `chat.<phase>.*`)
 * and, run locally, to `npm run load` (a JSON file per user in CHAT_E2E_LOAD_RESULTS).
 *
 * A user that finds a property broken fails in Artillery's report too: its error's first line is
 * the kind (Artillery counts by it), the lines after it name what broke.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { faker } from '@faker-js/faker';
import { ConfigError, type SuiteConfig } from '../../lib/config/env.ts';
import { loadDecoder } from '../../lib/config/decoder-module.ts';
import { conversationsFile, loadSuiteConfig } from '../../lib/config/load.ts';
import { loadPageObjects } from '../../lib/config/page-objects-module.ts';
import { readConversations } from '../../lib/conversations/read.ts';
import type { TargetConversations } from '../../lib/conversations/schema.ts';
import type { Decoders } from '../../lib/events/decoder-guard.ts';
import type { RunOwners } from '../../lib/events/isolation.ts';
import { FrameRecorder } from '../../lib/events/recorder.ts';
import { groupRuns } from '../../lib/events/runs.ts';
import type { TestUser } from '../../lib/events/types.ts';
import { parseUrlPattern, tappedStreamUrls } from '../../lib/events/url-pattern.ts';
import { AuthApi } from '../../lib/sign-in/auth-api.ts';
import { stateFileOf } from '../../lib/sign-in/saved-state.ts';
import { authApiOf, SignInError } from '../../lib/sign-in/sign-in.ts';
import { tapContext } from '../../lib/tap/context-tap.ts';
import { decodeTapBatch } from '../../lib/tap/tap-batch.ts';
import { idsOf } from '../../fixtures/agent-events.ts';
import { UnfinishedRunError } from '../../fixtures/agent-watch.ts';
import { openChatAs } from '../../fixtures/chat.ts';
import type { PageObjects } from '../../pages/contract.ts';
import { DEFAULT_MESSAGES, failureOf, judgeVirtualUser, MESSAGES_VARIABLE, plannedMessages, RESULTS_VARIABLE, type ShownAnswer, type VirtualUserErrorKind, type VirtualUserResult } from './virtual-user-result.ts';


/** How many of a failed user's findings its error carries into Artillery's console. */
const FINDINGS_PRINTED = 5;

/** What Artillery hands a test function besides the page. */
interface VirtualUserContext {
  vars: Record<string, unknown>;
}
interface ArtilleryEvents {
  emit(type: 'counter' | 'histogram', name: string, value: number): void;
}

/** What every user of this worker shares: read once. */
interface WorkerKit {
  config: SuiteConfig;
  decoders: Decoders;
  screens: PageObjects;
  conversations: TargetConversations;
  /** Which user each run reached first, across this worker's users: a run on two users' pages is a leak. */
  runOwners: RunOwners;
  /** USER_SOURCE=env: the accounts no user of this worker holds now. */
  freeAccounts: TestUser[];
  serial: number;
}

let kit: Promise<WorkerKit> | undefined;

async function readKit(): Promise<WorkerKit> {
  const config = loadSuiteConfig({
    fail: (message) => {
      throw new ConfigError(message);
    },
  });
  return {
    config,
    decoders: await loadDecoder(config.EVENT_DECODER),
    screens: await loadPageObjects(config.PAGE_OBJECTS),
    conversations: readConversations(conversationsFile(config)),
    runOwners: new Map(),
    freeAccounts: [...(config.TEST_USERS ?? [])],
    serial: 0,
  };
}

/** A user of the target's USER_SOURCE, and how to give it back when done. */
async function takeUser(worker: WorkerKit, context: BrowserContext, serial: number): Promise<{ user: TestUser; release: () => void }> {
  const { config } = worker;
  const keep = () => undefined;
  if (config.USER_SOURCE === 'guests') return { user: { name: `guest-${process.env.LOCAL_WORKER_ID ?? 0}-${serial}`, password: '' }, release: keep };
  if (config.USER_SOURCE === 'env') {
    const account = worker.freeAccounts.shift();
    if (!account) {
      const listed = config.TEST_USERS?.length ?? 0;
      throw new ConfigError(`USER_SOURCE=env: TEST_USERS lists ${listed} accounts and all are chatting: more users at once than accounts (list more, or arrive fewer at a time)`);
    }
    const user = config.AUTH === 'storage-state' ? { ...account, storageState: stateFileOf(config, config.STORAGE_STATE_DIR, account.name) } : { ...account };
    return { user, release: () => worker.freeAccounts.push(account) };
  }
  const name = `${faker.internet.username().replace(/[^A-Za-z0-9._-]/g, '').slice(0, 20) || 'user'}-load-${Date.now().toString(36)}${serial}`;
  const password = faker.internet.password({ length: 16 });
  const account = await new AuthApi(context.request, authApiOf(config)).register(name, password);
  return { user: { name, password, ...(account.id === undefined ? {} : { id: account.id }) }, release: keep };
}

function errorOf(error: unknown): { kind: VirtualUserErrorKind; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ConfigError) return { kind: 'configuration', message };
  if (error instanceof SignInError) return { kind: 'sign-in refused', message };
  if (error instanceof UnfinishedRunError) return { kind: 'answer never finished', message };
  // By name: the page is driven by Artillery's Playwright, whose error classes are not the suite's.
  if (error instanceof Error && error.name === 'TimeoutError') return { kind: 'page timed out', message };
  return { kind: 'unexpected error', message: error instanceof Error && error.stack ? error.stack : message };
}

function emitFigures(events: ArtilleryEvents, result: VirtualUserResult): void {
  const counters: [string, number][] = [
    ['messages_sent', result.messagesSent],
    ['runs_complete', result.runsComplete],
    ['runs_incomplete', result.incompleteRuns.length],
    ['foreign_events', result.foreignEvents.length],
    ['malformed_frames', result.malformedFrames.length],
    ['lifecycle_violations', result.lifecycleViolations.length],
    ['wrong_answers', result.wrongAnswers.length],
  ];
  // Every counter, zeros too: Artillery's `ensure` checks can then name each, in every run.
  for (const [name, value] of counters) {
    events.emit('counter', `chat.${name}`, value);
    events.emit('counter', `chat.${result.phase}.${name}`, value);
  }
  for (const [name, values] of [['to_agent_started_ms', result.toStarted], ['to_agent_completed_ms', result.toCompleted]] as const) {
    for (const value of values) {
      events.emit('histogram', `chat.${name}`, value);
      events.emit('histogram', `chat.${result.phase}.${name}`, value);
    }
  }
}

/** CHAT_E2E_LOAD_MESSAGES, where a distributed run sets it; a wrong value is named, never read as none. */
function messagesPerUser(): number {
  const raw = process.env[MESSAGES_VARIABLE];
  if (raw === undefined || raw === '') return DEFAULT_MESSAGES;
  const count = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(count >= 1 && count <= 20)) throw new ConfigError(`${MESSAGES_VARIABLE}="${raw}": expected a whole number from 1 to 20 (messages each user sends)`);
  return count;
}

/** Artillery's test function (its `testFunction`), through artillery/virtual-user.mjs. */
export async function chatAsAVirtualUser(page: Page, vuContext: VirtualUserContext, events: ArtilleryEvents): Promise<void> {
  kit ??= readKit();
  const worker = await kit;
  const serial = (worker.serial += 1);
  const phase = typeof vuContext.vars.$phase === 'string' ? vuContext.vars.$phase : 'load';
  const id = typeof vuContext.vars.$uuid === 'string' ? vuContext.vars.$uuid : `${process.env.LOCAL_WORKER_ID ?? 0}-${serial}`;
  const context = page.context();
  const startedAt = Date.now();
  const recorder = new FrameRecorder(worker.decoders, tappedStreamUrls(worker.config.WS_URL_PATTERN, worker.config.STREAM_URL_PATTERN));
  recorder.beginTest(id);
  const answers: ShownAnswer[] = [];
  let name = `(user ${serial}, not yet made)`;
  let userId: string | undefined;
  let error: VirtualUserResult['error'];
  let release: () => void = () => undefined;
  try {
    const taken = await takeUser(worker, context, serial);
    const { user } = taken;
    release = taken.release;
    name = user.name;
    const streams = parseUrlPattern(worker.config.STREAM_URL_PATTERN);
    const pageId = idsOf(`page-${serial}`);
    // EVENT_TAP=off only to measure the tap's cost (npm run bench): the events are then not checked.
    if (worker.config.EVENT_TAP === 'on') await tapContext(
      context,
      (batch, from) => {
        recorder.receive(batch, decodeTapBatch, { pageId: pageId(from), contextId: id, owner: user.name });
      },
      { source: streams.source, flags: streams.flags },
    );
    const tapEvents = { assign: () => undefined, runsOf: () => groupRuns(recorder.framesOf(id)) };
    const chat = await openChatAs(user, context, page, { events: tapEvents, config: worker.config, screens: worker.screens, record: () => undefined });
    userId = user.id;
    for (const message of plannedMessages(worker.conversations, serial - 1, messagesPerUser())) {
      const outcome = await chat.ask(message.text);
      answers.push({ message, outcome, text: await chat.lastAnswer.innerText() });
    }
  } catch (caught) {
    error = errorOf(caught);
  } finally {
    release();
  }
  const who = { name, phase, startedAt, endedAt: Date.now(), ...(userId === undefined ? {} : { id: userId }) };
  const result = judgeVirtualUser(who, recorder.endTest(), answers, worker.runOwners, error);
  emitFigures(events, result);
  const folder = process.env[RESULTS_VARIABLE];
  if (folder) {
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, `${phase}-${id}.json`), JSON.stringify(result));
  }
  const failure = failureOf(result);
  // Artillery prints a failed user's error whole: the first findings name what broke, npm run load's report has every one.
  if (failure) throw new Error([failure.kind, ...failure.lines.slice(0, FINDINGS_PRINTED), ...(failure.lines.length > FINDINGS_PRINTED ? [`… and ${failure.lines.length - FINDINGS_PRINTED} more`] : [])].join('\n'));
}
