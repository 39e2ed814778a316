import type { Locator } from '@playwright/test';
import type { ShownTexts } from './contract.ts';

/** Which text under a root to watch. */
export interface WatchedText {
  /** CSS selector, within the root, of the items whose newest is watched (answers); none: the root itself. */
  item?: string;
  /** CSS selector, within the item, of the text (its answer); none: the item's own text. */
  text?: string;
  /** Start over when a newer item appears (an answer's states), rather than go on (a run of thoughts). */
  perItem?: boolean;
}

/**
 * Starts noting every visible text the watched element shows, as the page changes (a
 * MutationObserver), so a state too brief to poll for is still seen: an answer's every state, a
 * thought that lasts one agent step, a fast reconnect. Returns a reader of the texts so far, in order.
 */
export async function watchTexts(root: Locator, watched: WatchedText = {}): Promise<ShownTexts> {
  const seen = await root.evaluateHandle((rootElement, { item, text, perItem }) => {
    const state = { item: null as Element | null, texts: [] as string[] };
    const note = () => {
      const newest = item ? ([...rootElement.querySelectorAll(item)].at(-1) ?? null) : rootElement;
      if (perItem && newest !== state.item) state.texts = [];
      state.item = newest;
      const element = newest && text ? newest.querySelector(text) : newest;
      const shown = element?.checkVisibility() ? element.textContent.trim() : '';
      if (shown && state.texts.at(-1) !== shown) state.texts.push(shown);
    };
    note();
    new MutationObserver(note).observe(rootElement, { childList: true, characterData: true, subtree: true, attributes: true });
    return state;
  }, watched);
  return () => seen.evaluate((state) => state.texts);
}
