/**
 * The reference wire as a product whose frames name no user would send it: the reference pack's
 * events with their userId taken out. The fault matrix reads the `leak` fault through it, so that
 * isolation is proven by pairing runs with the page user's messages, not by ids on the wire.
 */
import type { CreateDecoder, Decoded } from '../../../lib/events/types.ts';

const withoutUserId = (item: Decoded): Decoded => {
  if (!('runId' in item)) return item;
  const event = { ...item };
  delete event.userId;
  return event;
};

export const createDecoder: CreateDecoder = (_stream, kit) => {
  const reference = kit.pack('reference');
  return {
    decode: (frame) => {
      const decoded = reference.decode(frame);
      return (Array.isArray(decoded) ? decoded : [decoded]).map(withoutUserId);
    },
  };
};
