import type { DecodeFn } from '../../../lib/events/types.ts';

/** A decoder with a bug: it throws on every frame. */
export const decode: DecodeFn = () => {
  throw new TypeError("Cannot read properties of undefined (reading 'run_id')");
};
