import type { CreateDecoder } from '../../../lib/events/types.ts';

/** A decoder with state: it numbers the frames of each stream and names the stream's owner. */
export const createDecoder: CreateDecoder = (stream) => {
  let count = 0;
  return {
    decode: (frame) => ({ control: true, type: `${frame.direction}-${++count}`, data: { owner: stream.owner ?? null } }),
    end: (end) => [{ control: true, type: `end-after-${count}`, data: { kind: end.kind } }],
  };
};
