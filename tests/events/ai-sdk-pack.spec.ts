import { test } from '@playwright/test';
import { packDecoders } from '../../lib/events/decoder-guard.ts';
import { agentEvents, groupRuns, malformedFrames } from '../../lib/events/runs.ts';
import { reportRecording } from '../../lib/events/recording-report.ts';
import { buildTimeline } from '../../lib/events/timeline.ts';
import type { RecordedFrame } from '../../lib/events/types.ts';
import { expect } from '../../lib/matchers/index.ts';
import { aiSdkExchange, calls, says, step, thinks, type Exchange } from '../support/ai-sdk-streams.ts';
import { ALICE, BOB, received, record, sent, sseData, type FrameSpec } from '../support/frames.ts';

/** The exchanges on one stream as the tap records them: each request sent, its SSE events received, then the close. */
const onOneStream = (exchanges: readonly Exchange[], cut?: (data: string[]) => string[]): RecordedFrame[] =>
  record(
    [
      ...exchanges.flatMap((exchange): FrameSpec[] => [sent(exchange.request), ...(cut ?? ((data) => data))(sseData(exchange.response)).map((data) => received(data))]),
      { kind: 'close' },
    ],
    { decoders: packDecoders('ai-sdk') },
  );

const typesOf = (frames: readonly RecordedFrame[]) => agentEvents(frames).map((event) => event.type);

test.describe('ai-sdk pack, on streams the AI SDK wrote', { tag: '@unit' }, () => {
  test('a plain answer: one complete run whose answer is the sum of the text deltas, answering the user message sent', async () => {
    const frames = onOneStream([await aiSdkExchange('Who are you?', [step(says('I am a scripted agent, here to help.'))], { messageId: 'msg-1' })]);
    expect(frames).toHaveCompleteRun({ count: 1 });
    expect(frames).toHaveNoMalformedFrames();
    expect(typesOf(frames)).toEqual(['agent_started', 'agent_completed']);
    const [run] = groupRuns(frames);
    expect(run?.runId).toBe('msg-1');
    expect(run?.conversationId).toBe('chat-1');
    expect(run?.events.at(-1)?.data.answer).toBe('I am a scripted agent, here to help.');
    expect(frames).toHaveNoForeignEvents({ name: ALICE.name });
    const [lane] = buildTimeline(frames).lanes;
    expect(lane?.runs[0]).toMatchObject({ messageFrame: 0, latency: { started: expect.any(Number) as unknown, completed: expect.any(Number) as unknown } });
  });

  test('a multi-step tool loop: tool names joined to their outputs by toolCallId, then the answer', async () => {
    const exchange = await aiSdkExchange('What is 6*7, and 5 km in miles?', [
      step(calls('call-1', 'calculator', { expression: '6*7' }), calls('call-2', 'unit_convert', { value: 5, from: 'km', to: 'mi' })),
      step(says('6*7 is 42 and 5 km is 3.11 mi.')),
    ]);
    const frames = onOneStream([exchange]);
    expect(frames).toHaveCompleteRun({ count: 1 });
    expect(frames).toHaveEventSequence(['agent_started', 'tool_executing', 'tool_executing', 'tool_completed', 'tool_completed', 'agent_completed']);
    const completed = agentEvents(frames).filter((event) => event.type === 'tool_completed').map((event) => event.data);
    expect(completed).toEqual([
      { toolCallId: 'call-1', tool: 'calculator', output: { expression: '6*7', value: 42 } },
      { toolCallId: 'call-2', tool: 'unit_convert', output: { value: 3.11, unit: 'mi' } },
    ]);
    expect(agentEvents(frames).at(-1)?.data.answer).toBe('6*7 is 42 and 5 km is 3.11 mi.');
  });

  test('a tool that fails: its tool_completed carries the error; a call the SDK rejects as invalid input too', async () => {
    const exchange = await aiSdkExchange('What is 1/0?', [
      step(calls('call-1', 'calculator', { expression: '1/0' }), calls('call-2', 'calculator', { expr: 'no such field' })),
      step(says('I cannot divide by zero.')),
    ]);
    const frames = onOneStream([exchange]);
    expect(frames).toHaveCompleteRun({ count: 1 });
    const outcomes = agentEvents(frames).filter((event) => event.type === 'tool_completed').map((event) => [event.data.toolCallId, event.data.error]);
    expect(outcomes).toEqual([
      ['call-2', expect.stringContaining('Invalid input for tool calculator')],
      ['call-1', 'Error: division by zero'],
    ]);
  });

  test('reasoning becomes agent_thinking with the reasoning text', async () => {
    const frames = onOneStream([await aiSdkExchange('Think first', [step(thinks('The user wants me to think.'), says('Done thinking.'))])]);
    expect(frames).toHaveCompleteRun({ count: 1 });
    expect(agentEvents(frames).filter((event) => event.type === 'agent_thinking').map((event) => event.data.text)).toEqual(['The user wants me to think.']);
  });

  test('two runs back to back on one stream: two complete runs, each answering its own message', async () => {
    const first = await aiSdkExchange('First question', [step(says('First answer.'))]);
    const second = await aiSdkExchange('Second question', [step(says('Second answer.'))]);
    const frames = onOneStream([first, second]);
    expect(frames).toHaveCompleteRun({ count: 2 });
    const runs = buildTimeline(frames).lanes[0]?.runs ?? [];
    expect(runs.map((run) => run.messageFrame)).toEqual([0, frames.findIndex((frame, index) => index > 0 && frame.kind === 'sent')]);
    expect(new Set(runs.map((run) => run.runId)).size).toBe(2);
  });

  test('a stream cut mid-run: the run is incomplete and the end reports what was left open', async () => {
    const exchange = await aiSdkExchange('Tell me a story', [step(says('Once upon a time there was a tap.'))]);
    const frames = onOneStream([exchange], (data) => data.slice(0, data.findIndex((payload) => payload.includes('"text-delta"')) + 2));
    expect(() => { expect(frames).toHaveCompleteRun(); }).toThrow(/1 incomplete run/);
    const left = frames.at(-1)?.decoded;
    expect(left).toEqual({ control: true, type: 'stream-ended-mid-run', data: { runId: expect.any(String) as unknown, open: ['text part text-1'], answerSoFar: 'Once upon ' } });
  });

  test('an abort ends the run as an aborted agent_error', async () => {
    const frames = onOneStream([await aiSdkExchange('Stop me', [step(says('This will be cut short by the user.'))], { abortAfterParts: 2 })]);
    expect(frames).toHaveCompleteRun({ count: 1 });
    expect(agentEvents(frames).at(-1)).toMatchObject({ type: 'agent_error', data: { aborted: true } });
  });

  test("useChat's stop(): the page stops reading mid-answer, and the run ends cancelled with the answer so far", async () => {
    const exchange = await aiSdkExchange('Tell me a story', [step(says('Once upon a time there was a tap.'))]);
    const data = sseData(exchange.response);
    const cut = data.slice(0, data.findIndex((payload) => payload.includes('"text-delta"')) + 2);
    const frames = record([sent(exchange.request), ...cut.map((payload) => received(payload)), { kind: 'close', reason: 'aborted' }], { decoders: packDecoders('ai-sdk') });
    expect(frames).toHaveCompleteRun({ count: 1 });
    expect(agentEvents(frames).at(-1)).toMatchObject({ type: 'agent_error', data: { aborted: true, answer: 'Once upon ' } });
    // A stream the network cut (not the page) leaves the run unfinished, as before.
    const lost = record([sent(exchange.request), ...cut.map((payload) => received(payload)), { kind: 'close', reason: 'network error: Failed to fetch' }], { decoders: packDecoders('ai-sdk') });
    expect(lost.at(-1)?.decoded).toMatchObject({ control: true, type: 'stream-ended-mid-run' });
  });

  test('a product that posts only the new message: the run answers the message the page sent, not foreign', async () => {
    const exchange = await aiSdkExchange('Who are you?', [step(says('I am a scripted agent.'))], { onlyNewMessage: true });
    expect(JSON.parse(exchange.request)).toMatchObject({ id: 'chat-1', message: { role: 'user' } });
    const frames = onOneStream([exchange]);
    expect(frames[0]?.decoded).toMatchObject({ userMessage: true, text: 'Who are you?', conversationId: 'chat-1' });
    expect(frames).toHaveNoForeignEvents({ name: ALICE.name });
  });

  test("a run delivered to a second user is foreign on that user's pages, though it answers their request on the same stream", async () => {
    const alices = await aiSdkExchange('calculate 6 * 7', [step(says('The result is 42.'))], { messageId: 'msg-alice-1' });
    const bobs = await aiSdkExchange('hello', [step(says('You said: hello'))]);
    const onPage = (owner: string, exchange: Exchange, response: Exchange) =>
      record([sent(exchange.request), ...sseData(response.response).map((data) => received(data)), { kind: 'close' }], { decoders: packDecoders('ai-sdk'), owner });
    // A response cache keyed without the user: Bob's request is answered with Alice's run.
    const frames = [...onPage(ALICE.name, alices, alices), ...onPage(BOB.name, bobs, alices)];
    const foreign = reportRecording(frames, [{ name: ALICE.name }, { name: BOB.name }]).foreign;
    expect(foreign.length, "foreign events on Bob's pages").toBeGreaterThan(0);
    expect(new Set(foreign.map(({ frame }) => frame.owner))).toEqual(new Set([BOB.name]));
    expect(foreign[0]?.reason).toBe('run msg-alice-1 reached alice first: a run belongs to one user');
    // Each user's own frames alone look fine: only the pair shows the leak.
    expect(frames.filter((frame) => frame.owner === BOB.name)).toHaveNoForeignEvents({ name: BOB.name });
  });

  test('a run on the page that answers no message of its user is foreign', async () => {
    const exchange = await aiSdkExchange('Not asked on this page', [step(says('A leaked answer.'))]);
    const frames = record([...sseData(exchange.response).map((data) => received(data))], { decoders: packDecoders('ai-sdk') });
    expect(() => { expect(frames).toHaveNoForeignEvents({ name: ALICE.name }); }).toThrow(/answers no message alice sent: they sent none/);
  });

  test('bad input is reported, never dropped: an unknown chunk, a delta of a part never started, a result of a call never made', async () => {
    const exchange = await aiSdkExchange('What is 6*7?', [step(calls('call-1', 'calculator', { expression: '6*7' })), step(says('42.'))]);
    const data = sseData(exchange.response);
    const broken = data.flatMap((payload) => {
      if (payload.includes('"tool-input-available"')) return [];
      if (payload.includes('"text-start"')) return ['{"type":"text-shout","id":"text-1"}'];
      return [payload];
    });
    const frames = record([sent(exchange.request), ...broken.map((payload) => received(payload))], { decoders: packDecoders('ai-sdk') });
    expect(malformedFrames(frames).map((frame) => frame.decoded.reason)).toEqual([
      'tool-output-available: a result for tool call "call-1", which this run never made',
      'text-shout: unknown chunk type',
      'text-delta: a delta for text part "text-1", which never started or has ended',
      'text-end: text part "text-1" ends without having started',
    ]);
  });
});
