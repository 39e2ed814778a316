/**
 * The product bugs `FAULTS=` switches on, each applied where such a bug would live: on the UI
 * message stream between the SDK and the HTTP response.
 */
import { simulateReadableStream, type UIMessageChunk } from 'ai';

export const FAULT_NAMES = ['never-finishes', 'lose-tool-result', 'cross-deliver'] as const;
export type Fault = (typeof FAULT_NAMES)[number];

const isFault = (name: string): name is Fault => (FAULT_NAMES as readonly string[]).includes(name);

/** The faults of a `FAULTS=` value; an unknown name throws, listing the known ones. */
export function parseFaults(value: string | undefined): Fault[] {
  const names = (value ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !isFault(name));
  if (unknown.length > 0) throw new Error(`unknown fault ${unknown.join(', ')} in FAULTS: the known ones are ${FAULT_NAMES.join(', ')}`);
  return [...new Set(names.filter(isFault))];
}

/** `never-finishes`: everything up to the end goes out, then neither `finish` nor the end of the response. */
export const withholdFinish = (): TransformStream<UIMessageChunk, UIMessageChunk> =>
  new TransformStream({
    transform(chunk, controller) {
      if (chunk.type !== 'finish') controller.enqueue(chunk);
    },
    // A flush that never settles keeps the readable side (and so the response) open.
    flush: () => new Promise<void>(() => undefined),
  });

/** `lose-tool-result`: the tools' results never reach the browser; the run goes on without them. */
export const dropToolResults = (): TransformStream<UIMessageChunk, UIMessageChunk> =>
  new TransformStream({
    transform(chunk, controller) {
      if (chunk.type !== 'tool-output-available') controller.enqueue(chunk);
    },
  });

/**
 * `cross-deliver`: a response cache that keeps each user's last run but is looked up without the
 * user: a request is answered with the newest run another user was sent, replayed as it streamed.
 */
export class RunCache {
  readonly #runs = new Map<string, { chunks: UIMessageChunk[]; at: number }>();

  /** Notes every chunk that goes out to `user`; the run is kept once it has gone out whole. */
  recorder(user: string): TransformStream<UIMessageChunk, UIMessageChunk> {
    const chunks: UIMessageChunk[] = [];
    return new TransformStream({
      transform: (chunk, controller) => {
        chunks.push(chunk);
        controller.enqueue(chunk);
      },
      flush: () => {
        this.#runs.set(user, { chunks, at: Date.now() });
      },
    });
  }

  /** The newest run kept for a user other than `user`. */
  otherThan(user: string): UIMessageChunk[] | undefined {
    let newest: { chunks: UIMessageChunk[]; at: number } | undefined;
    for (const [owner, run] of this.#runs) if (owner !== user && (!newest || run.at > newest.at)) newest = run;
    return newest?.chunks;
  }
}

/** A kept run streamed again, at the model's pace (the SDK's own simulateReadableStream, as the model streams). */
export function replay(chunks: readonly UIMessageChunk[], chunkDelayInMs: number): ReadableStream<UIMessageChunk> {
  return simulateReadableStream({ chunks: [...chunks], chunkDelayInMs });
}
