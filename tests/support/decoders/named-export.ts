import type { DecodeFn } from '../../../lib/events/types.ts';

/** A decoder exporting `decode` by name: every frame is an ack. */
export const decode: DecodeFn = (frame) => ({ control: true, type: 'ack', data: { payload: frame.payload } });
