/**
 * Test helpers for the reference app: an `app` fixture (a fresh app per test, port 0, its own
 * temp data dir) and the app's rules applied to a run; its client (HTTP sign-up, a recording
 * WebSocket) is app-client.ts, re-exported here.
 */
import { test as base } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type AppOptions, type RunningApp } from '../../targets/app/server.ts';
import { decode } from '../../lib/events/decoders/reference.ts';
import { checkRun, isComplete } from '../../lib/events/lifecycle.ts';
import { groupRuns } from '../../lib/events/runs.ts';
import { isMalformed, type RecordedFrame } from '../../lib/events/types.ts';
import type { Envelope } from './app-client.ts';

export { AppSocket, cookieFrom, get, history, login, post, register, uniqueName, type Envelope, type Frame, type TestUser } from './app-client.ts';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'chat-app-test-'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export const test = base.extend<{ appOptions: Partial<AppOptions>; app: RunningApp }>({
  appOptions: [{ stepMs: 0 }, { option: true }],
  app: async ({ appOptions }, use) => {
    const dataDir = tempDir();
    const app = await startApp({ port: 0, dataDir, ...appOptions });
    await use(app);
    await app.close();
    removeDir(dataDir);
  },
});

/** The lifecycle rules of docs/lifecycle.md for one run's events; returns the violations (none = []). */
export function lifecycleViolations(events: Envelope[]): string[] {
  // The suite's own rules judge the app: decoded as the tap would, then checked as one run.
  const frames = events.map((envelope, index): RecordedFrame => {
    const payload = JSON.stringify(envelope);
    return { index, testId: 'app', kind: 'received', at: index, socketId: 'socket', url: 'ws://app/ws', pageId: 'page', contextId: 'context', payload, decoded: decode({ payload, binary: false }) };
  });
  const runs = groupRuns(frames);
  return [
    ...frames.flatMap((frame) => (isMalformed(frame.decoded) ? [`frame ${frame.index} malformed: ${frame.decoded.reason}`] : [])),
    ...(runs.length === 1 ? [] : [`${runs.length} runs where one was expected`]),
    ...runs.flatMap((run) => [
      ...(isComplete(run) ? [] : [`run ${run.runId} is incomplete`]),
      ...checkRun(run).map((violation) => `rule ${violation.rule} (${violation.ruleName}): ${violation.message}`),
    ]),
  ];
}

/** An event with its ids and time taken out: what must be the same for the same text. */
export function shape(e: Envelope): unknown {
  const data: Record<string, unknown> = { ...(e.data ?? {}) };
  delete data.toolCallId;
  delete data.messageId;
  return { type: e.type, data };
}
