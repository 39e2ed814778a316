import { test } from '@playwright/test';
import { packDecoders } from '../../lib/events/decoder-guard.ts';
import { agentEvents, groupRuns, malformedFrames } from '../../lib/events/runs.ts';
import type { RecordedFrame } from '../../lib/events/types.ts';
import { expect } from '../../lib/matchers/index.ts';
import { dataStreams, type DataStreamTurn } from '../support/ai-sdk-4-streams.ts';
import { ALICE, received, record, sent, type FrameSpec } from '../support/frames.ts';

/** A turn as the tap records it: the request sent, each line of the response received, then how the stream ended. */
const recorded = (turn: DataStreamTurn, { lines = turn.lines, end = { kind: 'close' } }: { lines?: string[]; end?: FrameSpec } = {}): RecordedFrame[] =>
  record([sent(turn.request), ...lines.map((line) => received(line)), end], { decoders: packDecoders('ai-sdk-4') });

const typesOf = (frames: readonly RecordedFrame[]) => agentEvents(frames).map((event) => event.type);

test.describe('ai-sdk-4 pack, on data streams that ai@4 wrote', { tag: '@unit' }, () => {
  test('written by ai@4 as text/plain: a line-framed stream, neither SSE nor NDJSON', () => {
    for (const turn of Object.values(dataStreams)) expect(turn.contentType).toBe('text/plain; charset=utf-8');
  });

  test('a plain answer: one complete run named by its first f: part, its thought, its answer the sum of the 0: deltas, answering the message sent', () => {
    const frames = recorded(dataStreams.plain);
    expect(frames).toHaveCompleteRun({ count: 1 });
    expect(frames).toHaveNoMalformedFrames();
    expect(typesOf(frames)).toEqual(['agent_started', 'agent_thinking', 'agent_completed']);
    const [run] = groupRuns(frames);
    expect(run?.runId).toBe(/^f:\{"messageId":"([^"]+)"/.exec(dataStreams.plain.lines[0] ?? '')?.[1]);
    expect(run?.conversationId).toBe('chat-1');
    expect(run?.events[1]?.data).toEqual({ text: 'Reading the question.' });
    expect(run?.events.at(-1)?.data).toEqual({ answer: 'I am a scripted agent.', finishReason: 'stop' });
    expect(frames[0]?.decoded).toMatchObject({ userMessage: true, text: 'Hello, who are you?', conversationId: 'chat-1', messageKey: 'msg-user-1' });
    expect(frames).toHaveNoForeignEvents({ name: ALICE.name });
    expect(frames).toStreamAnAnswerThatOnlyGrows();
  });

  test('a tool, then the answer in a second step: one run (the second f: is a step), the call joined to its result', () => {
    const frames = recorded(dataStreams.toolThenAnswer);
    expect(frames).toHaveCompleteRun({ count: 1 });
    expect(frames).toHaveNoMalformedFrames();
    expect(frames).toFollowLifecycle();
    expect(typesOf(frames)).toEqual(['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed']);
    const events = groupRuns(frames)[0]?.events ?? [];
    expect(events[2]?.data).toEqual({ toolCallId: 'call-1', tool: 'calculator', input: { expression: '6*7' } });
    expect(events[3]?.data).toEqual({ toolCallId: 'call-1', tool: 'calculator', output: { expression: '6*7', value: 42 } });
    expect(events[4]?.data.answer).toBe('6 times 7 is 42.');
  });

  test('a tool that throws: ai@4 tells it as the run\'s error (3:), which fails the open call and ends the run', () => {
    const frames = recorded(dataStreams.toolError);
    expect(frames).toHaveNoMalformedFrames();
    expect(frames).toFollowLifecycle();
    expect(typesOf(frames)).toEqual(['agent_started', 'tool_executing', 'tool_completed', 'agent_error']);
    const events = groupRuns(frames)[0]?.events ?? [];
    expect(events[2]?.data).toMatchObject({ toolCallId: 'call-1', tool: 'calculator', error: expect.stringContaining('division by zero') });
    expect(frames.at(-2)?.decoded).toMatchObject({ control: true, type: 'finish-after-error' });
  });

  test('a stream the network cut leaves the run unfinished; one the page stopped reading ends as the user\'s cancel', () => {
    const cut = recorded(dataStreams.toolThenAnswer, { lines: dataStreams.toolThenAnswer.lines.slice(0, 3), end: { kind: 'close', reason: 'network error: Failed to fetch' } });
    expect(cut.at(-1)?.decoded).toMatchObject({ control: true, type: 'stream-ended-mid-run', data: { open: expect.arrayContaining(['tool call call-1 (calculator)']) as unknown } });
    expect(cut).not.toHaveCompleteRun({ count: 1 });
    const stopped = recorded(dataStreams.plain, { lines: dataStreams.plain.lines.slice(0, 4), end: { kind: 'close', reason: 'aborted', at: 9_999 } });
    expect(stopped.at(-1)?.decoded).toMatchObject({ type: 'agent_error', data: { aborted: true, answer: 'I am ' } });
  });

  test('bad input is a malformed frame with its reason, never dropped: no <code>:, a value that is no JSON, an unknown code, a part before the run', () => {
    const [, ...lines] = dataStreams.plain.lines;
    const frames = recorded(dataStreams.plain, { lines: ['not a part', ...lines.slice(0, 1), 'f:{"messageId":"m-1"}', '0:oops', 'z:1', 'a:{"toolCallId":"call-9","result":1}', ...lines.slice(1)] });
    expect(malformedFrames(frames).map((frame) => frame.decoded.reason)).toEqual([
      'not a data stream part: expected <code>:<JSON>',
      'part g: no run is open on this stream (no f: part before it)',
      'part 0: its value is not JSON',
      'part z: unknown part code',
      'part a: a result for tool call "call-9", which this run never made',
    ]);
  });
});
