import { expect, test } from '@playwright/test';
import { buildTimeline, runLatencies } from '../../lib/events/timeline.ts';
import { renderTimelineSvg } from '../../lib/events/timeline-svg.ts';
import { ALICE, BOB, concatFrames, received, record, T0, userMessage, wireRun } from '../support/frames.ts';

const userIds = { [ALICE.name]: ALICE.id, [BOB.name]: BOB.id };

/** alice: a message, then a complete run with one tool call, 10 ms a frame. */
const aliceFrames = () => record([userMessage('What is 6*7?'), ...wireRun()], { owner: ALICE.name });

/** bob, 100 ms later: a message, a run cut off inside its tool call, a malformed frame, a run leaked from alice. */
const bobFrames = () =>
  record(
    [
      userMessage('Convert 5 km', 'conv-b'),
      ...wireRun({ runId: 'run-2', userId: BOB.id, conversationId: 'conv-b', tools: [{ tool: 'unit_convert', output: '3.1 mi' }] }).slice(0, 3),
      received('{"type":'),
      ...wireRun({ runId: 'run-3', tools: [] }).slice(0, 1),
    ],
    { owner: BOB.name, startAt: T0 + 100 },
  );

test.describe('timeline', { tag: '@unit' }, () => {
  test('times each event from the message that started its run, with tool calls as spans', () => {
    const timeline = buildTimeline(aliceFrames(), { userIds });
    expect(timeline.origin).toBe(T0);
    expect(timeline.duration).toBe(50);
    expect(timeline.lanes).toEqual([
      {
        owner: 'alice',
        malformed: [],
        runs: [
          {
            runId: 'run-1',
            userId: ALICE.id,
            conversationId: 'conv-1',
            messageOffset: 0,
            messageFrame: 0,
            incomplete: false,
            latency: { started: 10, completed: 50 },
            events: [
              { frame: 1, type: 'agent_started', seq: 1, t: 10, foreign: false },
              { frame: 2, type: 'agent_thinking', seq: 2, t: 20, foreign: false },
              { frame: 3, type: 'tool_executing', seq: 3, t: 30, foreign: false },
              { frame: 4, type: 'tool_completed', seq: 4, t: 40, foreign: false },
              { frame: 5, type: 'agent_completed', seq: 5, t: 50, foreign: false },
            ],
            toolCalls: [{ toolCallId: 'run-1-call-1', tool: 'calculator', start: 30, end: 40, outcome: 'output' }],
          },
        ],
      },
    ]);
  });

  test('flags a run still open, a pending tool call, malformed and foreign frames, per user', () => {
    const timeline = buildTimeline(concatFrames(aliceFrames(), bobFrames()), { userIds });
    expect(timeline.lanes.map((lane) => lane.owner)).toEqual(['alice', 'bob']);
    const bob = timeline.lanes[1];
    expect(bob?.malformed).toEqual([{ frame: 10, offset: 140, reason: expect.stringMatching(/^not JSON/) as unknown }]);
    expect(bob?.runs.map((run) => ({ runId: run.runId, incomplete: run.incomplete, foreign: run.events.map((event) => event.foreign) }))).toEqual([
      { runId: 'run-2', incomplete: true, foreign: [false, false, false] },
      { runId: 'run-3', incomplete: true, foreign: [true] },
    ]);
    expect(bob?.runs[0]).toMatchObject({ messageOffset: 100, messageFrame: 6, latency: { started: 10 } });
    expect(bob?.runs[0]?.toolCalls).toEqual([{ toolCallId: 'run-2-call-1', tool: 'unit_convert', start: 30, outcome: 'pending' }]);
  });

  test('a run with no message found is timed from its first frame and has no latency', () => {
    const run = buildTimeline(record(wireRun(), { startAt: T0 + 7 })).lanes[0]?.runs[0];
    expect(run).toMatchObject({ messageOffset: 0, latency: {} });
    expect(run).not.toHaveProperty('messageFrame');
    expect(run?.events[0]?.t).toBe(0);
  });

  test('each run claims its own message on the socket, in order', () => {
    const frames = record([userMessage('first'), userMessage('second'), ...wireRun({ runId: 'run-a' }), ...wireRun({ runId: 'run-b' })]);
    const runs = buildTimeline(frames).lanes[0]?.runs;
    expect(runs?.map((run) => [run.runId, run.messageFrame])).toEqual([
      ['run-a', 0],
      ['run-b', 1],
    ]);
  });

  test('runLatencies lists the figures of every run, flat', () => {
    expect(runLatencies(buildTimeline(concatFrames(aliceFrames(), bobFrames()), { userIds }))).toEqual([
      { owner: 'alice', runId: 'run-1', toStarted: 10, toCompleted: 50 },
      { owner: 'bob', runId: 'run-2', toStarted: 10 },
      { owner: 'bob', runId: 'run-3' },
    ]);
  });

  test('no frames, no lanes', () => {
    expect(buildTimeline([])).toEqual({ origin: 0, duration: 0, lanes: [] });
  });
});

test.describe('timeline picture', { tag: '@unit' }, () => {
  test('draws a lane per user, a legend, labelled tool spans and problems in red', () => {
    const svg = renderTimelineSvg(buildTimeline(concatFrames(aliceFrames(), bobFrames()), { userIds }));
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*>[\s\S]*<\/svg>$/);
    expect(svg).toContain('<g data-lane="alice">');
    expect(svg).toContain('<g data-lane="bob">');
    for (const label of ['user_message', 'agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed', 'agent_error']) {
      expect(svg).toContain(`>${label}</text>`);
    }
    expect(svg).toContain('>calculator</text>');
    expect(svg).toContain('>unit_convert</text>');
    expect(svg).toContain('fill="#dc2626">incomplete</text>');
    expect(svg).toContain('fill="#dc2626">incomplete, foreign user user-alice</text>');
    expect(svg).toContain('<title>#10 malformed: not JSON');
    expect(svg).toContain('>0 ms</text>');
  });

  test('escapes every text it draws', () => {
    const frames = record([...wireRun({ runId: 'run-<1>', tools: [{ tool: 'a&b "quoted"', output: 'x' }] })], { owner: "<script>alert('x')</script>" });
    const svg = renderTimelineSvg(buildTimeline(frames));
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62;');
    expect(svg).toContain('>run-&#60;1&#62;</text>');
    expect(svg).toContain('>a&#38;b &#34;quoted&#34;</text>');
  });

  test('the same timeline gives the same picture', () => {
    const frames = concatFrames(aliceFrames(), bobFrames());
    expect(renderTimelineSvg(buildTimeline(frames, { userIds }))).toBe(renderTimelineSvg(buildTimeline(frames, { userIds })));
  });
});
