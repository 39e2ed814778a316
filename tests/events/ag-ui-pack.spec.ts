import { test } from '@playwright/test';
import { packDecoders } from '../../lib/events/decoder-guard.ts';
import { agentEvents, groupRuns, malformedFrames } from '../../lib/events/runs.ts';
import { buildTimeline } from '../../lib/events/timeline.ts';
import type { RecordedFrame } from '../../lib/events/types.ts';
import { expect } from '../../lib/matchers/index.ts';
import { agUiExchange, type AgUiExchange } from '../support/ag-ui-streams.ts';
import { ALICE, received, record, sent, sseData, type FrameSpec } from '../support/frames.ts';

/** The exchanges on one stream as the tap records them: each request sent, its SSE events received, then the close. */
const onOneStream = (exchanges: readonly AgUiExchange[], mutate: (data: string[]) => string[] = (data) => data): RecordedFrame[] =>
  record(
    [...exchanges.flatMap((exchange): FrameSpec[] => [sent(exchange.request), ...mutate(sseData(exchange.response)).map((data) => received(data))]), { kind: 'close' }],
    { decoders: packDecoders('ag-ui') },
  );

test.describe('ag-ui pack, on events the AG-UI libraries wrote', { tag: '@unit' }, () => {
  test('a plain answer: one complete run, its answer the text message, answering the RunAgentInput sent', () => {
    const frames = onOneStream([agUiExchange('Who are you?', [{ say: 'I am an AG-UI agent.' }], { runId: 'run-a', threadId: 'thread-a' })]);
    expect(frames).toHaveCompleteRun({ count: 1 });
    expect(frames).toHaveNoMalformedFrames();
    const [run] = groupRuns(frames);
    expect(run).toMatchObject({ runId: 'run-a', conversationId: 'thread-a' });
    expect(run?.events.map((event) => [event.type, event.answers])).toEqual([['agent_started', 'run-a'], ['agent_completed', 'run-a']]);
    expect(run?.events.at(-1)?.data.answer).toBe('I am an AG-UI agent.');
    expect(frames).toHaveNoForeignEvents({ name: ALICE.name });
    expect(buildTimeline(frames).lanes[0]?.runs[0]).toMatchObject({ messageFrame: 0, latency: { completed: expect.any(Number) as unknown } });
  });

  test('the answer as the stream tells it only grows; a messages snapshot that takes text back is named', () => {
    const exchange = agUiExchange('Who are you?', [{ say: 'I am an AG-UI agent, here to help.' }]);
    expect(onOneStream([exchange])).toStreamAnAnswerThatOnlyGrows();
    // The server's word on the answer so far: a longer draft, then what had streamed.
    const rewritten = onOneStream([exchange], (data) => {
      const first = data.findIndex((payload) => payload.includes('"TEXT_MESSAGE_CONTENT"'));
      const { messageId, delta } = JSON.parse(data[first] ?? '{}') as { messageId: string; delta: string };
      const snapshot = (content: string) => JSON.stringify({ type: 'MESSAGES_SNAPSHOT', messages: [{ id: messageId, role: 'assistant', content }] });
      return [...data.slice(0, first + 1), snapshot(`${delta} (a draft)`), snapshot(delta), ...data.slice(first + 1)];
    });
    expect(rewritten).toHaveCompleteRun({ count: 1 });
    expect(() => {
      expect(rewritten).toStreamAnAnswerThatOnlyGrows();
    }).toThrow('answer shrank in the stream: state 2 of 10, "I  (a draft)", became "I ", which does not start with it');
  });

  test('a multi-step tool loop: names joined to results by toolCallId, args streamed or chunked', () => {
    const exchange = agUiExchange('6*7 and 5 km?', [
      { tool: 'calculator', args: { expression: '6*7' }, result: '42' },
      { tool: 'unit_convert', args: { value: 5, from: 'km', to: 'mi' }, result: '3.11 mi', chunked: true },
      { say: '42, and 3.11 mi.' },
    ]);
    const frames = onOneStream([exchange]);
    expect(frames).toHaveCompleteRun({ count: 1 });
    expect(frames).toHaveEventSequence(['agent_started', 'tool_executing', 'tool_completed', 'tool_executing', 'tool_completed', 'agent_completed']);
    const tools = agentEvents(frames).filter((event) => event.type !== 'agent_started' && event.type !== 'agent_completed').map((event) => [event.data.tool, event.data.input ?? event.data.output]);
    expect(tools).toEqual([
      ['calculator', { expression: '6*7' }],
      ['calculator', '42'],
      ['unit_convert', { value: 5, from: 'km', to: 'mi' }],
      ['unit_convert', '3.11 mi'],
    ]);
  });

  test('RUN_ERROR ends the run as agent_error with its message', () => {
    const frames = onOneStream([agUiExchange('Break', [{ tool: 'calculator', args: { expression: '1/0' }, result: 'division by zero' }, { fail: 'The model is unavailable' }])]);
    expect(frames).toHaveCompleteRun({ count: 1 });
    expect(agentEvents(frames).at(-1)).toMatchObject({ type: 'agent_error', data: { message: 'The model is unavailable', code: 'AGENT_FAILED' } });
  });

  test('reasoning becomes agent_thinking; the older THINKING_* names too', () => {
    const exchange = agUiExchange('Think', [{ think: 'Let me think.' }, { say: 'Thought.' }]);
    const frames = onOneStream([exchange]);
    expect(agentEvents(frames).filter((event) => event.type === 'agent_thinking').map((event) => event.data.text)).toEqual(['Let me think.']);
    const older = onOneStream([exchange], (data) => data.map((payload) => payload.replace('"REASONING_MESSAGE_', '"THINKING_TEXT_MESSAGE_').replace('"REASONING_START"', '"THINKING_START"').replace('"REASONING_END"', '"THINKING_END"')));
    expect(older).toHaveNoMalformedFrames();
    expect(agentEvents(older).filter((event) => event.type === 'agent_thinking').map((event) => event.data.text)).toEqual(['Let me think.']);
  });

  test('two runs back to back on one stream, each answering its own request', () => {
    const frames = onOneStream([agUiExchange('One', [{ say: 'First.' }]), agUiExchange('Two', [{ say: 'Second.' }])]);
    expect(frames).toHaveCompleteRun({ count: 2 });
    const runs = buildTimeline(frames).lanes[0]?.runs ?? [];
    expect(runs.map((run) => run.messageFrame)).toEqual([0, frames.findIndex((frame, index) => index > 0 && frame.kind === 'sent')]);
  });

  test("RUN_FINISHED's outcome: cancelled is the stopped run's ending; an outcome the pack does not know is malformed, never a success", () => {
    const exchange = agUiExchange('Who are you?', [{ say: 'I am an AG-UI agent.' }]);
    const withOutcome = (outcome: unknown) => onOneStream([exchange], (data) => data.map((payload) => (payload.includes('"RUN_FINISHED"') ? JSON.stringify({ ...(JSON.parse(payload) as object), outcome }) : payload)));
    const cancelled = withOutcome({ type: 'cancelled' });
    expect(cancelled).toHaveCompleteRun({ count: 1 });
    expect(agentEvents(cancelled).at(-1)).toMatchObject({ type: 'agent_error', data: { aborted: true, answer: 'I am an AG-UI agent.' } });
    const unknown = withOutcome({ type: 'paused' });
    expect(malformedFrames(unknown).map((frame) => frame.decoded.reason)).toEqual(['RUN_FINISHED: an outcome this pack does not know, {"type":"paused"}: a run ends in success, interrupt or cancelled']);
    expect(() => {
      expect(unknown).toHaveCompleteRun();
    }).toThrow(/incomplete/);
  });

  test('a stream cut mid-run: incomplete, and the end names what was open', () => {
    const frames = onOneStream([agUiExchange('Story', [{ say: 'Once upon a time.' }], { cutAfter: 3 })]);
    expect(() => { expect(frames).toHaveCompleteRun(); }).toThrow(/1 incomplete run/);
    expect(frames.at(-1)?.decoded).toMatchObject({ control: true, type: 'stream-ended-mid-run', data: { open: [expect.stringMatching(/^text message msg-/)], answerSoFar: 'Once ' } });
  });

  test('a run whose RUN_STARTED names another runId than the one asked for, on a page that asked nothing, is foreign', () => {
    const leaked = agUiExchange('Somebody else asked', [{ say: 'Not yours.' }], { serverRunId: 'run-of-bob' });
    const frames = record([...sseData(leaked.response).map((data) => received(data))], { decoders: packDecoders('ag-ui') });
    expect(() => { expect(frames).toHaveNoForeignEvents({ name: ALICE.name }); }).toThrow(/run run-of-bob in conversation thread-1 answers no message alice sent/);
  });

  test('bad input is reported: an unknown event, content of a message never started, a result of a call never made', () => {
    const exchange = agUiExchange('6*7?', [{ tool: 'calculator', args: { expression: '6*7' }, result: '42' }, { say: 'It is 42.' }]);
    const frames = onOneStream([exchange], (data) =>
      data.flatMap((payload) => {
        if (payload.includes('"TOOL_CALL_START"')) return [];
        if (payload.includes('"TEXT_MESSAGE_START"')) return ['{"type":"TEXT_MESSAGE_SHOUT"}'];
        return [payload];
      }),
    );
    expect(malformedFrames(frames).map((frame) => frame.decoded.reason)).toEqual([
      expect.stringMatching(/^TOOL_CALL_ARGS: arguments for tool call "call-\d+", which never started or has ended$/),
      expect.stringMatching(/^TOOL_CALL_ARGS: arguments for tool call/),
      expect.stringMatching(/^TOOL_CALL_END: tool call "call-\d+" ends without having started$/),
      expect.stringMatching(/^TOOL_CALL_RESULT: a result for tool call "call-\d+", which this run never made$/),
      'TEXT_MESSAGE_SHOUT: unknown event type',
      ...Array.from({ length: 3 }, () => expect.stringMatching(/^TEXT_MESSAGE_CONTENT: a delta for text message "msg-\d+", which never started or has ended$/)),
      expect.stringMatching(/^TEXT_MESSAGE_END: text message "msg-\d+" ends without having started$/),
    ]);
  });
});
