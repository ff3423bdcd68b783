import { describe, expect, it } from 'vitest';
import { medianInterval } from '../bench/lib/stats.js';

describe('bench: median of paired rounds with a bootstrap interval', () => {
  it('gives the median and an interval around it, the same for the same rounds', () => {
    const deltas = [-40.8, 18.5, 1.4, -6.3, -116.1, -40.2, -77.6, -87.4, -15.9, -6.2, -25.5, -51.5, -178.9, -135.4, 14.9, 73.4, 111.1, -96.6, -97.8, -112];
    const a = medianInterval(deltas);
    expect(a).not.toBeNull();
    // sorted: the 10th and 11th values are -40.8 and -40.2
    expect(a!.median).toBe(-40.5);
    expect(a!.low).toBeLessThanOrEqual(a!.median);
    expect(a!.high).toBeGreaterThanOrEqual(a!.median);
    expect(a!.low).toBeGreaterThanOrEqual(Math.min(...deltas));
    expect(a!.high).toBeLessThanOrEqual(Math.max(...deltas));
    expect(medianInterval(deltas)).toEqual(a);
  });

  it('is narrow when the rounds agree and wide when they do not', () => {
    const steady = medianInterval([1.01, 1.0, 1.02, 0.99, 1.01, 1.0, 1.02, 1.01, 1.0, 1.01]);
    const noisy = medianInterval([0.7, 1.4, 0.8, 1.3, 0.75, 1.35, 0.9, 1.2, 1.0, 1.1]);
    expect(steady!.high - steady!.low).toBeLessThan(0.05);
    expect(noisy!.high - noisy!.low).toBeGreaterThan(0.2);
  });

  it('needs two finite values', () => {
    expect(medianInterval([])).toBeNull();
    expect(medianInterval([1])).toBeNull();
    expect(medianInterval([1, NaN])).toBeNull();
    expect(medianInterval([3, 1])!.median).toBe(2);
  });
});
