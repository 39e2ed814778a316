import { expect, test } from '@playwright/test';
import { checkRun, isComplete } from '../../lib/events/lifecycle.ts';
import { agentEvents, deliveriesOf, groupRuns, latestDelivery, malformedFrames } from '../../lib/events/runs.ts';
import { ALICE, BOB, concatFrames, received, record, userMessage, wireRun, type Envelope } from '../support/frames.ts';

test.describe('runs', { tag: '@unit' }, () => {
  test('groups interleaved runs by runId, in order of first appearance, events in arrival order', () => {
    const [a0, a1, a2] = wireRun({ runId: 'run-a', tools: [] }) as [Envelope, Envelope, Envelope];
    const [b0, b1, b2] = wireRun({ runId: 'run-b', userId: BOB.id, conversationId: 'conv-b', tools: [] }) as [Envelope, Envelope, Envelope];
    const frames = record([userMessage('hi'), a0, b0, a1, received('nope'), b1, a2, b2]);
    const runs = groupRuns(frames);
    expect(runs.map((run) => ({ runId: run.runId, userId: run.userId, conversationId: run.conversationId, frames: run.frames.map((frame) => frame.index) }))).toEqual([
      { runId: 'run-a', userId: ALICE.id, conversationId: 'conv-1', frames: [1, 3, 6] },
      { runId: 'run-b', userId: BOB.id, conversationId: 'conv-b', frames: [2, 5, 7] },
    ]);
    expect(runs[0]?.events.map((event) => event.type)).toEqual(['agent_started', 'agent_thinking', 'agent_completed']);
    expect(runs[0]?.events).toEqual(runs[0]?.frames.map((frame) => frame.decoded));
  });

  test('keeps one run across sockets, as after a reconnect', () => {
    const run = wireRun();
    const frames = concatFrames(record(run.slice(0, 2), { socketId: 'before' }), record(run.slice(2), { socketId: 'after' }));
    expect(groupRuns(frames).map((run) => run.events.length)).toEqual([5]);
  });

  test('a run replayed from its start on a new stream (a reloaded page that resumes it) is a delivery of its own, judged on its own', () => {
    const run = wireRun();
    // The page reloads after three events; the product replays the whole run to the new page.
    const frames = concatFrames(record(run.slice(0, 3), { socketId: 'before-reload' }), record(run, { socketId: 'after-reload' }));
    const [replayed = { runId: 'none', events: [], frames: [] }] = groupRuns(frames);
    expect(deliveriesOf(replayed).map((delivery) => delivery.events.map((event) => event.type))).toEqual([
      ['agent_started', 'agent_thinking', 'tool_executing'],
      ['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed'],
    ]);
    expect(latestDelivery(replayed).frames.every((frame) => frame.socketId === 'after-reload')).toBe(true);
    expect(isComplete(replayed), 'complete as the page shows it now').toBe(true);
    // No second agent_started, and the delivery the reload cut short is no incomplete run: its page got the whole run again.
    expect(checkRun(replayed)).toEqual([]);
  });

  test('a run replayed to another page, while the first page never gets its end, is still incomplete there', () => {
    const run = wireRun();
    const frames = concatFrames(record(run.slice(0, 3), { socketId: 'first-tab' }), record(run, { owner: ALICE.name, socketId: 'second-tab' }).map((frame) => ({ ...frame, pageId: 'page-second-tab' })));
    const [replayed] = groupRuns(frames);
    expect(replayed && deliveriesOf(replayed).map((delivery) => delivery.frames[0]?.pageId)).toEqual(['page-alice', 'page-second-tab']);
    expect(replayed && checkRun(replayed).map((violation) => violation.message)).toEqual(['expected agent_completed or agent_error last, got none: the run is incomplete, its last event is tool_executing']);
  });

  test('agent_started twice on one stream stays a duplicate, and a stream picking a run up mid-way continues it', () => {
    const run = wireRun();
    const twice = groupRuns(record([run[0] as Envelope, ...run]))[0];
    expect(twice && deliveriesOf(twice)).toHaveLength(1);
    expect(twice && checkRun(twice).map((violation) => violation.message)).toContain('expected one agent_started, got 2');
    const resumed = groupRuns(concatFrames(record(run.slice(0, 2), { socketId: 'one' }), record(run.slice(2), { socketId: 'two' })))[0];
    expect(resumed && deliveriesOf(resumed)).toHaveLength(1);
  });

  test('agentEvents and malformedFrames pick out what they name', () => {
    const frames = record([userMessage('hi'), received({ type: 'ack', data: { clientId: 'c' } }), ...wireRun({ tools: [] }).slice(0, 1), received('nope')]);
    expect(agentEvents(frames).map((event) => event.type)).toEqual(['agent_started']);
    expect(malformedFrames(frames).map((frame) => [frame.index, frame.decoded.reason])).toEqual([[3, expect.stringMatching(/^not JSON/) as unknown]]);
  });
});
