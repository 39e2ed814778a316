/** Which child of the matrix starts first. Pure. */
import type { Selection } from './detectors.ts';

/** One child of the matrix: a fault (or none) and the tests it runs. */
export interface Job {
  /** Undefined: the clean run. */
  fault: string | undefined;
  /** Undefined: the whole suite. */
  selection: readonly Selection[] | undefined;
}

/**
 * Longest first, so that the last children to start are short and no browser slot idles at the
 * end: a job the last matrix did not run (a new fault, maybe the whole suite) before all others,
 * a whole-suite job before a selection, then by the seconds the last matrix took for it.
 */
export function longestFirst<T extends Job>(jobs: readonly T[], lastSeconds: ReadonlyMap<string | undefined, number>): T[] {
  const rank = (job: T): [number, number, number] => {
    const seconds = lastSeconds.get(job.fault);
    return [seconds === undefined ? 0 : 1, job.selection === undefined ? 0 : 1, -(seconds ?? 0)];
  };
  return jobs
    .map((job, index) => ({ job, index, rank: rank(job) }))
    .sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.rank[2] - b.rank[2] || a.index - b.index)
    .map(({ job }) => job);
}
