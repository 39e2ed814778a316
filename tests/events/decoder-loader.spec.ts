import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { loadDecoder, safeDecode } from '../../events/decoder-loader.ts';
import type { DecodeFn, RawFrame } from '../../events/types.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`../support/decoders/${name}`, import.meta.url));
const frame: RawFrame = { payload: '{"type":"ack"}', binary: false };

test.describe('decoder loader', { tag: '@unit' }, () => {
  test('loads a module exporting decode, by absolute or cwd-relative path', async () => {
    const byAbsolutePath = await loadDecoder(fixture('named-export.ts'));
    expect(byAbsolutePath(frame)).toEqual({ control: true, type: 'ack', data: { payload: frame.payload } });
    const byRelativePath = await loadDecoder(path.relative(process.cwd(), fixture('named-export.ts')));
    expect(byRelativePath(frame)).toMatchObject({ type: 'ack' });
  });

  test('loads a module whose default export holds decode', async () => {
    const decode = await loadDecoder(fixture('default-export.ts'));
    expect(decode(frame)).toEqual({ control: true, type: 'hello', data: {} });
  });

  test('names EVENT_DECODER, the path and what is missing when a module has no decode', async () => {
    const modulePath = fixture('without-decode.ts');
    await expect(loadDecoder(modulePath)).rejects.toThrow(
      `EVENT_DECODER=${modulePath} (${modulePath}): the module must export a function 'decode' (or a default export with a function 'decode'); it exports parse`,
    );
  });

  test('names EVENT_DECODER and the path when the module cannot be imported', async () => {
    await expect(loadDecoder('decoders/nowhere.ts')).rejects.toThrow(/^EVENT_DECODER=decoders\/nowhere\.ts \(.*decoders\/nowhere\.ts\): cannot import the module: /);
  });
});

test.describe('safeDecode', { tag: '@unit' }, () => {
  test('passes a Decoded through untouched', () => {
    const event = { type: 'agent_started', runId: 'r', userId: 'u', at: 1, data: { messageId: 'm' } } as const;
    expect(safeDecode(() => event, frame)).toBe(event);
  });

  test('turns a decoder that throws into a malformed frame', async () => {
    const decode = await loadDecoder(fixture('throwing.ts'));
    expect(safeDecode(decode, frame)).toEqual({
      malformed: true,
      raw: frame.payload,
      reason: "decoder threw: Cannot read properties of undefined (reading 'run_id')",
    });
    const throwsText: DecodeFn = () => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- the point: a decoder may throw anything
      throw 'no';
    };
    expect(safeDecode(throwsText, frame)).toMatchObject({ reason: 'decoder threw: no' });
  });

  test('turns a decoder that returns no Decoded into a malformed frame', () => {
    const returning = (value: unknown): DecodeFn => () => value as ReturnType<DecodeFn>;
    const reasonFor = (value: unknown): unknown => safeDecode(returning(value), frame);
    expect(reasonFor(undefined)).toEqual({ malformed: true, raw: frame.payload, reason: 'decoder returned nothing, not an object' });
    expect(reasonFor({ malformed: true, raw: 1 })).toMatchObject({ reason: 'decoder returned a malformed frame without malformed: true, a string raw and a string reason' });
    expect(reasonFor({ control: true, type: 'ack' })).toMatchObject({ reason: 'decoder returned a control frame without control: true, a string type and an object data' });
    expect(reasonFor({ type: 'agent_done', runId: 'r', userId: 'u', at: 1, data: {} })).toMatchObject({ reason: 'decoder returned an event of unknown type "agent_done"' });
    expect(reasonFor({ type: 'agent_started', runId: 'r', at: 1, data: {} })).toMatchObject({ reason: 'decoder returned an event without a string runId and userId' });
    expect(reasonFor({ type: 'agent_started', runId: 'r', userId: 'u', at: '2030', data: {} })).toMatchObject({
      reason: 'decoder returned an event whose at is not epoch milliseconds: "2030"',
    });
    expect(reasonFor({ type: 'agent_started', runId: 'r', userId: 'u', at: 1, seq: '1', data: {} })).toMatchObject({ reason: 'decoder returned an event whose seq is not a number' });
    expect(reasonFor({ type: 'agent_started', runId: 'r', userId: 'u', at: 1, data: null })).toMatchObject({ reason: 'decoder returned an event whose data is not an object' });
  });
});
