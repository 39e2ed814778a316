/**
 * Guards every call into a decoder: a decoder is deployment code the suite does not control, so
 * whatever it does becomes Decoded items, and a fault becomes a report naming the decoder and the
 * frame (docs/decoders.md). Loading a decoder module is config/decoder-module.ts's job.
 */
import { describeJsonType, isAgentEventType, isJsonObject, malformed, printValue } from './decoders/common.ts';
import { PACKS } from './decoders/packs.ts';
import { payloadPrefix } from './format.ts';
import {
  DECODER_PACKS,
  type CreateDecoder,
  type Decoded,
  type DecoderKit,
  type DecoderPack,
  type StreamDecoder,
  type StreamEnd,
  type StreamFrame,
  type StreamInfo,
} from './types.ts';

/** One stream's decoder behind the guard: never throws, always a list. */
export interface GuardedStream {
  decode(frame: StreamFrame): Decoded[];
  end(end: StreamEnd): Decoded[];
}

/** The loaded EVENT_DECODER: makes one guarded decoder per stream. */
export interface Decoders {
  /** How reports name it: the pack, or the module's path. */
  readonly name: string;
  open(stream: StreamInfo): GuardedStream;
}

export const isDecoderPack = (value: string): value is DecoderPack => (DECODER_PACKS as readonly string[]).includes(value);

const kitFor = (stream: StreamInfo): DecoderKit => {
  const kit: DecoderKit = { pack: (name) => PACKS[name](stream, kit) };
  return kit;
};

/** A built-in pack, guarded like any module. */
export const packDecoders = (pack: DecoderPack): Decoders => guardDecoder(pack, PACKS[pack]);

/** Why `value` is not a Decoded, or undefined when it is one. */
export function notDecodedBecause(value: unknown): string | undefined {
  if (!isJsonObject(value)) return `${describeJsonType(value)}, not an object`;
  if ('malformed' in value) {
    return value.malformed === true && typeof value.raw === 'string' && typeof value.reason === 'string'
      ? undefined
      : 'a malformed frame without malformed: true, a string raw and a string reason';
  }
  if ('control' in value) {
    return value.control === true && typeof value.type === 'string' && isJsonObject(value.data)
      ? undefined
      : 'a control frame without control: true, a string type and an object data';
  }
  if ('userMessage' in value) {
    const strings = ['messageKey', 'conversationId', 'text'].every((field) => value[field] === undefined || typeof value[field] === 'string');
    return value.userMessage === true && strings ? undefined : 'a user message without userMessage: true, or with a messageKey, conversationId or text that is not a string';
  }
  if (typeof value.type !== 'string' || !isAgentEventType(value.type)) return `an event of unknown type ${printValue(value.type)}`;
  if (typeof value.runId !== 'string') return 'an event without a string runId';
  for (const field of ['userId', 'conversationId', 'answers']) {
    if (value[field] !== undefined && typeof value[field] !== 'string') return `an event whose ${field} is not a string`;
  }
  if (value.seq !== undefined && !Number.isFinite(value.seq)) return 'an event whose seq is not a number';
  if (!Number.isFinite(value.at)) return `an event whose at is not epoch milliseconds: ${printValue(value.at)}`;
  if (!isJsonObject(value.data)) return 'an event whose data is not an object';
  return undefined;
}

const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** `create` behind the guard; `name` is how reports name it. */
export function guardDecoder(name: string, create: CreateDecoder): Decoders {
  const label = isDecoderPack(name) ? `pack ${name}` : `decoder ${name}`;
  const frameName = (frame: StreamFrame) => `the ${frame.direction} frame ${JSON.stringify(payloadPrefix(frame.payload, 80))}`;
  /** Each item checked: one that is no Decoded becomes a malformed frame quoting the frame it came from. */
  const checkedItem = (item: unknown, raw: string, what: () => string): Decoded => {
    const problem = notDecodedBecause(item);
    return problem === undefined ? (item as Decoded) : malformed(raw, `${label} returned ${problem} for ${what()}`);
  };
  const checked = (output: unknown, raw: string, what: () => string): Decoded[] =>
    Array.isArray(output) ? output.map((item: unknown) => checkedItem(item, raw, what)) : [checkedItem(output, raw, what)];
  return {
    name,
    open(stream) {
      let decoder: StreamDecoder | undefined;
      let broken: string | undefined;
      try {
        const made: unknown = create(stream, kitFor(stream));
        if (isJsonObject(made) && typeof made.decode === 'function') decoder = made as unknown as StreamDecoder;
        else broken = `its createDecoder returned ${describeJsonType(made)}, not an object with a function decode`;
      } catch (error) {
        broken = `its createDecoder threw: ${describeError(error)}`;
      }
      const where = `for the stream ${stream.url} (${stream.transport}, page ${stream.pageId})`;
      return {
        decode(frame) {
          if (!decoder) return [malformed(frame.payload, `${label} has no decoder ${where}: ${broken ?? ''}`)];
          try {
            return checked(decoder.decode(frame), frame.payload, () => frameName(frame));
          } catch (error) {
            return [malformed(frame.payload, `${label} threw on ${frameName(frame)}: ${describeError(error)}`)];
          }
        },
        end(end) {
          if (!decoder?.end) return [];
          const what = `the stream's ${end.kind}`;
          try {
            const left: unknown = decoder.end(end);
            return left === undefined ? [] : checked(left, '', () => what);
          } catch (error) {
            return [malformed('', `${label} threw on ${what} ${where}: ${describeError(error)}`)];
          }
        },
      };
    },
  };
}
