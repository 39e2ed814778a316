/**
 * What the suite tells a page object about the agent behind its page, for the waits on it: how
 * long one may take, and the error that names the stuck run when it runs out. The page object
 * knows the screen; the fixtures know the events (fixtures/agent-watch.ts).
 */
import type { Locator } from '@playwright/test';
import { DEFAULT_EVENT_TIMEOUT_MS } from '../lib/config/env.ts';

export interface AgentWatch {
  /** How long a wait on the agent may take (EVENT_TIMEOUT_MS). */
  readonly timeoutMs: number;
  /** The error for a wait on `waitedFor` that ran out after `waitedMs`. */
  unfinished(waitedFor: string, waitedMs: number): Error;
}

/** For a page no event tap watches (a page object made by hand): the wait's own words. */
export const UNWATCHED: AgentWatch = {
  timeoutMs: DEFAULT_EVENT_TIMEOUT_MS,
  unfinished: (waitedFor, waitedMs) => new Error(`${waitedFor} did not finish within ${waitedMs} ms (no event tap watches this page: the run behind it is unknown)`),
};

/** Waits until `finished` is on the page; when the agent's time runs out, throws the error that names the stuck run. */
export async function waitForAgent(finished: Locator, watch: AgentWatch, waitedFor: string): Promise<void> {
  try {
    await finished.waitFor({ timeout: watch.timeoutMs });
  } catch (error) {
    // By name, not by class: a load's virtual user drives the page with Artillery's own Playwright,
    // whose TimeoutError is another class than the one of the suite's.
    if (error instanceof Error && error.name === 'TimeoutError') throw watch.unfinished(waitedFor, watch.timeoutMs);
    throw error;
  }
}
