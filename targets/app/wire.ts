/**
 * What goes on the wire for each stored agent event, after the delivery faults
 * (drop, duplicate, reorder, malformed) have had their say. The stored history is never
 * changed by these: they only alter what the sockets receive.
 */
import type { Faults, FaultEvent } from './faults.ts';

export interface WireItem {
  conversationId: string;
  seq: number;
  text: string;
  /** A second copy of an event (the `duplicate` fault): sent only where the first one went. */
  duplicate: boolean;
}

export interface Envelope {
  type: string;
  runId: string;
  userId: string;
  conversationId: string;
  seq: number;
  ts: string;
  data: Record<string, unknown>;
}

/** Breaks a frame so that it is no longer JSON (the `malformed` fault). */
export function breakFrame(text: string): string {
  return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
}

function plainItems(faults: Faults, type: string, item: WireItem): WireItem[] {
  if (faults.drop.has(type as FaultEvent)) return [];
  if (faults.duplicate.has(type as FaultEvent)) return [item, { ...item, duplicate: true }];
  return [item];
}

/** The faults that also apply when stored events are replayed after a `resume`. */
export function replayItems(faults: Faults, type: string, conversationId: string, seq: number, text: string): WireItem[] {
  return plainItems(faults, type, { conversationId, seq, text, duplicate: false });
}

/** The live wire of one run: holds state for `reorder` and `malformed`. */
export class RunWire {
  private heldExecuting: { toolCallId: unknown; items: WireItem[] } | undefined;
  private heldThinking: WireItem[] | undefined;
  private reorderedTool = false;
  private sawTool = false;
  private brokeOne = false;

  constructor(private readonly faults: Faults) {}

  /** The frames to send now for this event (possibly none, possibly earlier held ones too). */
  next(envelope: Envelope, text: string): WireItem[] {
    const item: WireItem = { conversationId: envelope.conversationId, seq: envelope.seq, text, duplicate: false };
    if (this.faults.has('malformed') && !this.brokeOne && envelope.type === 'agent_thinking') {
      // One frame per run is sent as broken JSON in place of an agent_thinking.
      this.brokeOne = true;
      item.text = breakFrame(text);
    }
    const items = plainItems(this.faults, envelope.type, item);
    if (!this.faults.has('reorder')) return items;
    return this.reorder(envelope, items);
  }

  /** Whatever is still held when the run ends. */
  flush(): WireItem[] {
    const rest = [...(this.heldThinking ?? []), ...(this.heldExecuting?.items ?? [])];
    this.heldThinking = undefined;
    this.heldExecuting = undefined;
    return rest;
  }

  private reorder(envelope: Envelope, items: WireItem[]): WireItem[] {
    const out: WireItem[] = [];
    if (envelope.type === 'tool_executing') this.sawTool = true;
    // Without tools: the last agent_thinking goes out after agent_completed.
    if (this.heldThinking) {
      if (envelope.type === 'agent_completed' && !this.sawTool) {
        const thinking = this.heldThinking;
        this.heldThinking = undefined;
        return [...items, ...thinking];
      }
      out.push(...this.heldThinking);
      this.heldThinking = undefined;
    }
    if (envelope.type === 'agent_thinking' && !this.sawTool) {
      this.heldThinking = items;
      return out;
    }
    // With tools: the first tool_completed goes out before its tool_executing.
    if (envelope.type === 'tool_executing' && !this.reorderedTool && !this.heldExecuting) {
      this.heldExecuting = { toolCallId: envelope.data.toolCallId, items };
      return out;
    }
    if (envelope.type === 'tool_completed' && this.heldExecuting && envelope.data.toolCallId === this.heldExecuting.toolCallId) {
      const executing = this.heldExecuting.items;
      this.heldExecuting = undefined;
      this.reorderedTool = true;
      return [...out, ...items, ...executing];
    }
    return [...out, ...items];
  }
}
