/**
 * The product bugs `FAULTS=` switches on for the fault matrix (`npm run faults -- --target
 * ai-sdk-4-chat`), each where such a bug would live: on the data stream's lines between ai@4 and
 * the HTTP response, or in a cache of answers that forgets whose they are.
 */
import { simulateReadableStream } from 'ai';

export const FAULTS = {
  'never-finishes': 'the answer streams up to its finish part, which never comes, and the response never ends',
  'lose-tool-result': "the tools' results (a: parts) never reach the page; the answer goes on without them",
  'cross-deliver': "a message is answered with the newest answer another guest was sent, replayed as it streamed (a cache looked up without the guest)",
} as const;
export type Fault = keyof typeof FAULTS;

export function faultsOf(value: string | undefined): Set<Fault> {
  const faults = new Set<Fault>();
  for (const name of (value ?? '').split(',').map((item) => item.trim())) {
    if (name === '') continue;
    if (!Object.hasOwn(FAULTS, name)) throw new Error(`FAULTS: no fault "${name}" here; the faults are ${Object.keys(FAULTS).join(', ')}`);
    faults.add(name as Fault);
  }
  return faults;
}

/** The data stream with the lines `drop` picks left out; `hang` keeps the response open at its end. */
export function withoutLines(drop: (line: string) => boolean, hang: boolean): TransformStream<Uint8Array, Uint8Array> {
  const text = new TextDecoder();
  const bytes = new TextEncoder();
  let partial = '';
  return new TransformStream({
    transform(chunk, controller) {
      const lines = (partial + text.decode(chunk, { stream: true })).split('\n');
      partial = lines.pop() ?? '';
      const kept = lines.filter((line) => !drop(line));
      if (kept.length > 0) controller.enqueue(bytes.encode(`${kept.join('\n')}\n`));
    },
    flush: (controller) => {
      if (partial !== '' && !drop(partial)) controller.enqueue(bytes.encode(partial));
      // A flush that never settles keeps the response open, as a server that lost the end would.
      return hang ? new Promise<void>(() => undefined) : undefined;
    },
  });
}

/** The answers each guest was sent, kept whole, for `cross-deliver`. */
export class SentAnswers {
  readonly #answers = new Map<string, { bytes: Uint8Array[]; at: number }>();

  keep(guest: string, bytes: Uint8Array[]): void {
    this.#answers.set(guest, { bytes, at: Date.now() });
  }

  /** The newest answer sent to a guest other than `guest`, streamed again `stepMs` apart (ai@4's own simulateReadableStream, as the model streams). */
  anotherGuests(guest: string, stepMs: number): ReadableStream<Uint8Array> | undefined {
    const newest = [...this.#answers].filter(([owner]) => owner !== guest).sort(([, a], [, b]) => b.at - a.at)[0]?.[1];
    return newest && simulateReadableStream({ chunks: newest.bytes, chunkDelayInMs: stepMs });
  }
}
