import { expect, test } from '@playwright/test';
import { percentile, summarize } from '../../lib/events/latency.ts';

test.describe('latency figures', { tag: '@unit' }, () => {
  test('percentile is nearest-rank: always one of the values', () => {
    const values = [50, 15, 40, 35, 20];
    expect(percentile(values, 0)).toBe(15);
    expect(percentile(values, 30)).toBe(20);
    expect(percentile(values, 40)).toBe(20);
    expect(percentile(values, 50)).toBe(35);
    expect(percentile(values, 95)).toBe(50);
    expect(percentile(values, 100)).toBe(50);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeUndefined();
  });

  test('percentile refuses a p outside 0..100', () => {
    expect(() => percentile([1], 101)).toThrow('percentile: p must be between 0 and 100, got 101');
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  test('summarize gives count, p50, p95 and max', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(summarize(values)).toEqual({ count: 100, p50: 50, p95: 95, max: 100 });
    expect(summarize([])).toEqual({ count: 0 });
  });
});
