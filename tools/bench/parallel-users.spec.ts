/**
 * Parallel users (run by `npm run bench -- users`, never by the suite): BENCH_USERS users in this
 * one worker, each in a browser context of their own (the suite's `sessions` fixture, tapped like
 * every context), send one message each at the same moment. It records, per user, how long the
 * message took to leave the page after the test asked for it, how long the answer took on the
 * page's clock (the tap's user_message frame to agent_completed, as the release gate measures it)
 * and on the test's (ask to answer shown), the CPU the machine spent meanwhile and the worker's
 * peak memory; bench/run.ts samples the browser's. It asserts what the screen shows, never a time.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildTimeline, runLatencies, type Timeline } from '../../lib/events/timeline.ts';
import { expect, test } from '../../fixtures/index.ts';
import { MANY_PAGES_TRACE } from '../../lib/config/trace.ts';
import type { UsersResult } from './lib/figures.ts';
import { cpuSpent, treeCpu } from './lib/procs.ts';

/** The kernel's high-water mark of this process's resident set (Linux), in bytes. */
function peakRss(): number {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return match?.[1] ? Number(match[1]) * 1024 : process.memoryUsage().rss;
}

/**
 * Per user: from the test calling ask to the user_message frame leaving that user's page. Both
 * are epoch clocks of this machine (the worker's and the page's performance.timeOrigin + now).
 */
function sendDelays(timeline: Timeline, askedAt: ReadonlyMap<string, number>): number[] {
  return timeline.lanes.flatMap((lane) => {
    const run = lane.runs[0];
    const asked = askedAt.get(lane.owner);
    return run?.messageFrame === undefined || asked === undefined ? [] : [timeline.origin + run.messageOffset - asked];
  });
}

const users = Number(process.env.BENCH_USERS ?? '1');
const resultDir = process.env.BENCH_RESULT_DIR ?? '';
test.skip(resultDir === '', 'run by npm run bench, which says where the figures go');
// As the suite's many-user spec records its trace; BENCH_TRACE_SCREENSHOTS=on keeps the suite's
// default screencast instead, to show what it costs with many pages.
if (process.env.BENCH_TRACE_SCREENSHOTS !== 'on') test.use({ trace: MANY_PAGES_TRACE });

test('parallel users: one message each, all at once', async ({ sessions, events }, testInfo) => {
  // A measurement, not a timed test: 40 browser contexts on 2 cores take their time to open.
  test.setTimeout(120_000 + users * 10_000);

  const opening = performance.now();
  const chats = await sessions(users);
  const openMs = performance.now() - opening;

  // The runner's tree holds this worker, its browser and the app started by webServer.
  const cpuBefore = treeCpu(process.ppid);
  const sending = performance.now();
  const askedAt = new Map<string, number>();
  const observedMs = await Promise.all(
    chats.map(async ({ chat, user }, n) => {
      const asked = performance.now();
      askedAt.set(user.name, performance.timeOrigin + asked);
      await chat.ask(`calculate ${n + 2} * ${n + 3}`);
      return performance.now() - asked;
    }),
  );
  const messagesMs = performance.now() - sending;
  const messagesCpuMs = cpuSpent(cpuBefore, treeCpu(process.ppid));

  for (const [n, { chat }] of chats.entries()) await expect(chat.lastAnswer, `user ${n + 1}'s answer`).toContainText(String((n + 2) * (n + 3)));
  // Every user's agent_completed must be in the recorder before its latency is read.
  await expect.poll(() => runLatencies(buildTimeline(events.all())).filter((run) => run.toCompleted !== undefined).length).toBe(users);
  const timeline = buildTimeline(events.all());
  const wireMs = runLatencies(timeline).flatMap((run) => (run.toCompleted === undefined ? [] : [run.toCompleted]));

  const result: UsersResult = {
    browser: testInfo.project.name,
    users,
    openMs,
    messagesMs,
    observedMs,
    sendMs: sendDelays(timeline, askedAt),
    wireMs,
    workerPeakRssBytes: peakRss(),
    messagesCpuMs,
  };
  writeFileSync(path.join(resultDir, `users-${testInfo.project.name}-${users}.json`), JSON.stringify(result, null, 2));
});
