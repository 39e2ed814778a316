/** Latency figures for the gate: nearest-rank percentiles over plain millisecond values. */

export interface LatencySummary {
  count: number;
  /** Undefined where there is no value. */
  p50?: number;
  p95?: number;
  max?: number;
}

/**
 * Nearest-rank percentile: the smallest value with at least p% of the values at or below it,
 * i.e. the value of rank ceil(p/100 × n) in ascending order (rank 1 for p = 0). Always one of
 * the values, never an interpolation. Undefined for no values.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile: p must be between 0 and 100, got ${p}`);
  const ascending = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * ascending.length));
  return ascending[rank - 1];
}

export function summarize(values: readonly number[]): LatencySummary {
  if (values.length === 0) return { count: 0 };
  return { count: values.length, p50: percentile(values, 50), p95: percentile(values, 95), max: percentile(values, 100) };
}

/** A percentile with what it stands on: `p95 of 12 runs = max` says it is the slowest of 12, not a 95th percentile of many. */
export interface CountedPercentile {
  value: number;
  /** `p95 of 20 runs`, or `p95 of 12 runs = max` where the rank is the last. */
  label: string;
}

/** The nearest-rank percentile of `values`, labelled with the count it stands on; undefined for no values. */
export function percentileOf(values: readonly number[], p: number, noun = 'run'): CountedPercentile | undefined {
  const value = percentile(values, p);
  if (value === undefined) return undefined;
  const n = values.length;
  const isMax = Math.max(1, Math.ceil((p / 100) * n)) === n && p < 100;
  return { value, label: `p${p} of ${n} ${noun}${n === 1 ? '' : 's'}${isMax ? ' = max' : ''}` };
}
