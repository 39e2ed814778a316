import type { DecodeFn } from '../../../lib/events/types.ts';

const decode: DecodeFn = () => ({ control: true, type: 'hello', data: {} });

/** A decoder offered as a default export holding `decode`. */
export default { decode };
