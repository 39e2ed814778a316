import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { loadDecoder } from '../../lib/config/decoder-module.ts';
import { guardDecoder, type Decoders } from '../../lib/events/decoder-guard.ts';
import type { CreateDecoder, StreamFrame, StreamInfo } from '../../lib/events/types.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`../support/decoders/${name}`, import.meta.url));
const stream: StreamInfo = { streamId: 'page-1/1', url: 'ws://app/ws', transport: 'websocket', pageId: 'page-1', contextId: 'context-1', owner: 'alice' };
const frame: StreamFrame = { direction: 'received', payload: '{"type":"ack"}', binary: false, at: 1 };
const decodeOne = (decoders: Decoders, input: StreamFrame = frame) => decoders.open(stream).decode(input);
/** A decoder module as the guard sees it, where `create` may be anything a module could export. */
const moduleMaking = (create: unknown): Decoders => guardDecoder('my-decoder.ts', create as CreateDecoder);

test.describe('decoder loader', { tag: '@unit' }, () => {
  test('names a built-in pack, or loads a module by absolute or cwd-relative path', async () => {
    expect((await loadDecoder('reference')).name).toBe('reference');
    const byAbsolutePath = await loadDecoder(fixture('named-export.ts'));
    expect(decodeOne(byAbsolutePath)).toEqual([{ control: true, type: 'ack', data: { payload: frame.payload } }]);
    const byRelativePath = await loadDecoder(path.relative(process.cwd(), fixture('named-export.ts')));
    expect(decodeOne(byRelativePath)).toMatchObject([{ type: 'ack' }]);
  });

  test('a stateless decode module reads sent frames as the reference wire does: its user_message is the user message', async () => {
    const decoders = await loadDecoder(fixture('named-export.ts'));
    const sent = { direction: 'sent', payload: '{"type":"user_message","clientId":"c-1","conversationId":"conv-1","text":"hi"}', binary: false, at: 2 } as const;
    expect(decodeOne(decoders, sent)).toEqual([{ userMessage: true, messageKey: 'c-1', conversationId: 'conv-1', text: 'hi' }]);
  });

  test('loads a module whose default export holds decode', async () => {
    expect(decodeOne(await loadDecoder(fixture('default-export.ts')))).toEqual([{ control: true, type: 'hello', data: {} }]);
  });

  test('a createDecoder module gets one decoder per stream, with the stream, every frame in order and the end', async () => {
    const decoders = await loadDecoder(fixture('stateful.ts'));
    const first = decoders.open(stream);
    const second = decoders.open({ ...stream, streamId: 'page-1/2', owner: 'bob' });
    expect(first.decode({ ...frame, direction: 'sent' })).toEqual([{ control: true, type: 'sent-1', data: { owner: 'alice' } }]);
    expect(first.decode(frame)).toEqual([{ control: true, type: 'received-2', data: { owner: 'alice' } }]);
    expect(second.decode(frame)).toEqual([{ control: true, type: 'received-1', data: { owner: 'bob' } }]);
    expect(first.end({ kind: 'close', code: 1000 })).toEqual([{ control: true, type: 'end-after-2', data: { kind: 'close' } }]);
  });

  test('names EVENT_DECODER, the path and what is missing when a module exports neither form', async () => {
    const modulePath = fixture('without-decode.ts');
    await expect(loadDecoder(modulePath)).rejects.toThrow(
      `EVENT_DECODER=${modulePath} (${modulePath}): the module must export a function 'createDecoder' (a decoder per stream) or 'decode' (one frame at a time), by name or on its default export; it exports parse. Or name a built-in pack: reference, flat, ai-sdk, ai-sdk-4, ag-ui`,
    );
  });

  test('names EVENT_DECODER and the path when the module cannot be imported', async () => {
    await expect(loadDecoder('decoders/nowhere.ts')).rejects.toThrow(/^EVENT_DECODER=decoders\/nowhere\.ts \(.*decoders\/nowhere\.ts\): cannot import the module: /);
  });
});

test.describe('the guard around a decoder', { tag: '@unit' }, () => {
  test('passes Decoded items through untouched, one or several', () => {
    const event = { type: 'agent_started', runId: 'r', at: 1, data: { messageId: 'm' } } as const;
    expect(decodeOne(moduleMaking(() => ({ decode: () => event })))).toEqual([event]);
    expect(decodeOne(moduleMaking(() => ({ decode: () => [event, event] })))).toEqual([event, event]);
    expect(decodeOne(moduleMaking(() => ({ decode: () => [] })))).toEqual([]);
  });

  test('a decoder that throws becomes a malformed frame naming the decoder and the frame', async () => {
    expect(decodeOne(await loadDecoder(fixture('throwing.ts')))).toEqual([
      {
        malformed: true,
        raw: frame.payload,
        reason: `decoder ${fixture('throwing.ts')} threw on the received frame "{\\"type\\":\\"ack\\"}": Cannot read properties of undefined (reading 'run_id')`,
      },
    ]);
  });

  test('a factory that throws or makes no decoder: every frame of the stream says so', () => {
    const throwing = moduleMaking(() => {
      throw new Error('no config');
    });
    expect(decodeOne(throwing)).toMatchObject([{ malformed: true, reason: expect.stringMatching(/has no decoder for the stream ws:\/\/app\/ws \(websocket, page page-1\): its createDecoder threw: no config$/) as unknown }]);
    expect(decodeOne(moduleMaking(() => 42))).toMatchObject([{ reason: expect.stringContaining('its createDecoder returned number, not an object with a function decode') as unknown }]);
  });

  test('an end that throws is reported, not lost', () => {
    const decoders = moduleMaking(() => ({ decode: () => [], end: () => { throw new Error('boom'); } }));
    expect(decoders.open(stream).end({ kind: 'close' })).toMatchObject([{ malformed: true, reason: expect.stringContaining("threw on the stream's close") as unknown }]);
  });

  test('output that is no Decoded becomes a malformed frame saying what came', () => {
    const reasonFor = (value: unknown): unknown => decodeOne(moduleMaking(() => ({ decode: () => value })))[0];
    expect(reasonFor(undefined)).toMatchObject({ malformed: true, raw: frame.payload, reason: expect.stringContaining('returned nothing, not an object for the received frame') });
    expect(reasonFor({ malformed: true, raw: 1 })).toMatchObject({ reason: expect.stringContaining('a malformed frame without malformed: true, a string raw and a string reason') });
    expect(reasonFor({ control: true, type: 'ack' })).toMatchObject({ reason: expect.stringContaining('a control frame without control: true, a string type and an object data') });
    expect(reasonFor({ userMessage: true, text: 3 })).toMatchObject({ reason: expect.stringContaining('a user message without userMessage: true') });
    expect(reasonFor({ type: 'agent_done', runId: 'r', at: 1, data: {} })).toMatchObject({ reason: expect.stringContaining('an event of unknown type "agent_done"') });
    expect(reasonFor({ type: 'agent_started', at: 1, data: {} })).toMatchObject({ reason: expect.stringContaining('an event without a string runId') });
    expect(reasonFor({ type: 'agent_started', runId: 'r', userId: 7, at: 1, data: {} })).toMatchObject({ reason: expect.stringContaining('an event whose userId is not a string') });
    expect(reasonFor({ type: 'agent_started', runId: 'r', at: '2030', data: {} })).toMatchObject({ reason: expect.stringContaining('an event whose at is not epoch milliseconds: "2030"') });
    expect(reasonFor({ type: 'agent_started', runId: 'r', at: 1, seq: '1', data: {} })).toMatchObject({ reason: expect.stringContaining('an event whose seq is not a number') });
    expect(reasonFor({ type: 'agent_started', runId: 'r', at: 1, data: null })).toMatchObject({ reason: expect.stringContaining('an event whose data is not an object') });
  });
});
