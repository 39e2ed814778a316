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

export class AgentRunner {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly active = new Set<Promise<void>>();
  private readonly abort = new AbortController();

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
    const previous = this.chains.get(run.conversationId) ?? Promise.resolve();
    const next = previous.then(() => this.execute(run));
    this.chains.set(run.conversationId, next);
    this.active.add(next);
    void next.finally(() => {
      this.active.delete(next);
      if (this.chains.get(run.conversationId) === next) this.chains.delete(run.conversationId);
    });
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
    const signal = this.abort.signal;
    if (signal.aborted) return;
    const wire = new RunWire(this.faults);
    const emit = (step: { type: string; data: Record<string, unknown> }): void => {
      if (signal.aborted) throw new Aborted();
      const { envelope, json } = this.store_(run, step);
      if (step.type === 'agent_started') this.audience.runStarted(run);
      this.audience.deliver(run, wire.next(envelope, json));
    };
    const delay = this.stepMs + this.faults.slowMs;
    this.store.setRunStatus(run.runId, 'running');
    const steps = agentScript(run.text, run.messageId);
    try {
      for (;;) {
        await sleep(delay, signal);
        const next: IteratorResult<AgentStep> = steps.next();
        if (next.done) break;
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
      if (error instanceof Aborted || this.abort.signal.aborted) return;
      try {
        emit({ type: 'agent_error', data: { message: error instanceof Error ? error.message : String(error) } });
        this.audience.deliver(run, wire.flush());
        this.store.setRunStatus(run.runId, 'error');
      } catch {
        // The store itself failed: nothing more can be said about this run.
      }
    }
  }
}
