/**
 * Runs the scripted agent: one run at a time per conversation (later messages wait in a
 * queue), one event every `stepMs`. Each event is stored (and given its seq) before it is sent.
 */
import { setMaxListeners } from 'node:events';
import type { Store } from '../db.ts';
import type { Faults } from '../faults.ts';
import { RunWire, type Envelope, type WireItem } from '../wire.ts';
import { agentScript, type AgentStep } from './script.ts';

export interface RunSpec {
  runId: string;
  userId: string;
  conversationId: string;
  messageId: string;
  text: string;
}

/** Where the events of a run go once stored: the socket hub. */
export interface RunAudience {
  runStarted(run: RunSpec): void;
  deliver(run: RunSpec, items: WireItem[]): void;
}

class Aborted extends Error {
  override name = 'Aborted';
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new Aborted());
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Aborted());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export function envelopeJson(e: Envelope): string {
  // Key order is part of the contract's look: type, runId, userId, conversationId, seq, ts, data.
  return JSON.stringify({ type: e.type, runId: e.runId, userId: e.userId, conversationId: e.conversationId, seq: e.seq, ts: e.ts, data: e.data });
}

/** What a run ends with when its user stops it: the failure ending, marked as a stop (not a failure). */
export const STOPPED = { message: 'Stopped by the user.', aborted: true } as const;

export class AgentRunner {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly active = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  /** One per run not yet ended, queued or running: its user's Stop. */
  private readonly stops = new Map<string, AbortController>();

  constructor(
    private readonly store: Store,
    private readonly faults: Faults,
    private readonly audience: RunAudience,
    private readonly stepMs: number,
  ) {
    // Every running run waits on this one signal: 50 users at once are 50 listeners, not a leak.
    setMaxListeners(0, this.abort.signal);
  }

  /** Queues the run behind any run of the same conversation. */
  enqueue(run: RunSpec): void {
    this.stops.set(run.runId, new AbortController());
    const previous = this.chains.get(run.conversationId) ?? Promise.resolve();
    const next = previous.then(() => this.execute(run));
    this.chains.set(run.conversationId, next);
    this.active.add(next);
    void next.finally(() => {
      this.stops.delete(run.runId);
      this.active.delete(next);
      if (this.chains.get(run.conversationId) === next) this.chains.delete(run.conversationId);
    });
  }

  /**
   * The user stopped the run: it ends now with STOPPED (a queued one as soon as its turn comes).
   * False when no such run is waiting or running. The `ignore-stop` fault: it is acknowledged and goes on.
   */
  stop(runId: string): boolean {
    const stop = this.stops.get(runId);
    if (!stop) return false;
    if (!this.faults.has('ignore-stop')) stop.abort();
    return true;
  }

  /** Stops every run (they stay unfinished in the store; the next start ends them with agent_error). */
  async close(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled([...this.active]);
  }

  /** Ends the runs an earlier process left unfinished, so every stored run has a proper ending. */
  recover(): void {
    for (const run of this.store.unfinishedRuns()) {
      const spec: RunSpec = { runId: run.runId, userId: run.userId, conversationId: run.conversationId, messageId: run.messageId, text: '' };
      if (run.events === 0) this.store_(spec, { type: 'agent_started', data: { messageId: run.messageId } });
      this.store_(spec, { type: 'agent_error', data: { message: 'The server restarted before this run finished.' } });
      this.store.setRunStatus(run.runId, 'error');
    }
  }

  private deliverStored(run: RunSpec, wire: RunWire, step: { type: string; data: Record<string, unknown> }): void {
    const { envelope, json } = this.store_(run, step);
    if (step.type === 'agent_started') this.audience.runStarted(run);
    this.audience.deliver(run, wire.next(envelope, json));
  }

  private store_(run: RunSpec, step: { type: string; data: Record<string, unknown> }): { envelope: Envelope; json: string } {
    let envelope: Envelope | undefined;
    const { json } = this.store.appendEvent(run.conversationId, run.runId, step.type, (seq) => {
      envelope = { type: step.type, runId: run.runId, userId: run.userId, conversationId: run.conversationId, seq, ts: new Date().toISOString(), data: step.data };
      return envelopeJson(envelope);
    });
    if (!envelope) throw new Error('event was not built');
    return { envelope, json };
  }

  private async execute(run: RunSpec): Promise<void> {
    if (this.abort.signal.aborted) return;
    const stopped = this.stops.get(run.runId)?.signal ?? AbortSignal.abort();
    const signal = AbortSignal.any([this.abort.signal, stopped]);
    const wire = new RunWire(this.faults);
    let started = false;
    const emit = (step: { type: string; data: Record<string, unknown> }): void => {
      if (signal.aborted) throw new Aborted();
      started ||= step.type === 'agent_started';
      this.deliverStored(run, wire, step);
    };
    const delay = this.stepMs + this.faults.slowMs;
    const fail = (data: Record<string, unknown>, status: 'error' | 'aborted'): void => {
      // Said once the run is over, whatever stopped it: outside `emit`'s check of the signal.
      if (!started) this.deliverStored(run, wire, { type: 'agent_started', data: { messageId: run.messageId } });
      this.deliverStored(run, wire, { type: 'agent_error', data });
      this.audience.deliver(run, wire.flush());
      this.store.setRunStatus(run.runId, status);
    };
    this.store.setRunStatus(run.runId, 'running');
    const steps = agentScript(run.text, run.messageId);
    try {
      for (;;) {
        await sleep(delay, signal);
        const next: IteratorResult<AgentStep> = steps.next();
        if (next.done) break;
        // A tool that takes its time: the run waits on it, and a Stop ends the wait.
        if (next.value.type === 'tool_working') {
          await sleep(next.value.ms, signal);
          continue;
        }
        if (next.value.type === 'agent_completed' && this.faults.has('stall')) {
          // The `stall` fault: the answer never comes. The run ends here for the queue's sake.
          this.audience.deliver(run, wire.flush());
          this.store.setRunStatus(run.runId, 'stalled');
          return;
        }
        emit(next.value);
        // The run ends with its answer, not one pause later: the next queued run starts now.
        if (next.value.type === 'agent_completed') break;
      }
      this.audience.deliver(run, wire.flush());
      this.store.setRunStatus(run.runId, 'completed');
    } catch (error) {
      // Aborted and not stopped: the server is closing (the next start ends the run, see recover).
      if (error instanceof Aborted && !stopped.aborted) return;
      try {
        if (stopped.aborted) fail({ ...STOPPED }, 'aborted');
        else fail({ message: error instanceof Error ? error.message : String(error) }, 'error');
      } catch {
        // The store itself failed: nothing more can be said about this run.
      }
    }
  }
}
