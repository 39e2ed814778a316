import { expect, test } from '@playwright/test';
import { agentEvents, groupRuns, malformedFrames } from '../../lib/events/runs.ts';
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

  test('agentEvents and malformedFrames pick out what they name', () => {
    const frames = record([userMessage('hi'), received({ type: 'ack', data: { clientId: 'c' } }), ...wireRun({ tools: [] }).slice(0, 1), received('nope')]);
    expect(agentEvents(frames).map((event) => event.type)).toEqual(['agent_started']);
    expect(malformedFrames(frames).map((frame) => [frame.index, frame.decoded.reason])).toEqual([[3, expect.stringMatching(/^not JSON/) as unknown]]);
  });
});
