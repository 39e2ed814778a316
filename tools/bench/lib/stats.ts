/** Figures for the tables: medians and ratios over interleaved rounds. */
import { percentile } from '../../../lib/events/latency.ts';

/** The nearest-rank median (events/latency.ts): one of the values, the lower middle for an even count. */
export function median(values: readonly number[]): number {
  const value = percentile(values, 50);
  if (value === undefined) throw new RangeError('median of no values');
  return value;
}

export const seconds = (valueMs: number): string => `${(valueMs / 1000).toFixed(1)} s`;
export const mb = (bytes: number | undefined): string => (bytes === undefined ? '-' : `${(bytes / (1 << 20)).toFixed(1)} MB`);
export const perSecond = (value: number): string => Math.round(value).toLocaleString('en-US');
export const ratio = (value: number): string => value.toFixed(3);
export const percent = (value: number): string => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)} %`;
