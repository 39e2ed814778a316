/**
 * Dropped connections on demand (`events.dropConnection(page)`, `dropConnectionAfter(page, n)`):
 * every open socket closed and every tapped response broken, as a lost network would, now or
 * once `n` more frames have come in.
 */

/** Where the page keeps the tap's control (lib/tap/context-tap.ts reaches it with page.evaluate); set once per page. */
export const CONTROL_GLOBAL = '__chatE2eTap';

export interface PageTapControl {
  /**
   * Closes every open socket and breaks every tapped fetch or XHR response as a network drop
   * would, so the app's reconnect path runs. (An EventSource reconnects by itself; a page cannot
   * drop its connection from inside.) Resolves with how many it dropped.
   */
  dropAll(): number;
  /** Drops everything as dropAll does once this many more frames have come in: a drop at a known point of a run. */
  dropAfter(frames: number): void;
}

export interface Drops {
  /** One way to drop each socket open now: the WebSocket tap adds each on open and removes it on close. */
  readonly openSockets: Set<() => void>;
  /** One way to break each tapped response still being read: the HTTP taps add and remove them. */
  readonly openResponses: Set<() => void>;
  /** A received frame was queued: counts down an armed drop. */
  received: () => void;
  readonly control: PageTapControl;
}

export function createDrops(): Drops {
  const openSockets = new Set<() => void>();
  const openResponses = new Set<() => void>();
  /** Frames still to come before an armed drop (control.dropAfter); none armed when undefined. */
  let dropIn: number | undefined;
  const control: PageTapControl = {
    dropAll: () => {
      const sockets = [...openSockets];
      for (const drop of sockets) drop();
      const responses = [...openResponses];
      for (const drop of responses) drop();
      return sockets.length + responses.length;
    },
    dropAfter: (frames) => {
      dropIn = frames;
    },
  };
  return {
    openSockets,
    openResponses,
    received: () => {
      if (dropIn === undefined || --dropIn > 0) return;
      dropIn = undefined;
      // After the page has had this frame: the drop comes between two frames, as a network's would.
      setTimeout(() => control.dropAll(), 0);
    },
    control,
  };
}
