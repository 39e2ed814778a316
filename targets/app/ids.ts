import { randomBytes } from 'node:crypto';

export type IdPrefix = 'u' | 'c' | 'r' | 'm' | 't';

/** An opaque, unguessable id such as `u_3kT9...`: the prefix says what it names. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
