/** Statistics the bench prints beside its figures. */

/**
 * The median of per-round figures with a 95 % bootstrap interval (percentile method, 10,000
 * resamples, fixed seed: the same rounds give the same interval). Rounds of two sides taken in
 * the same minute are pairs: their difference cancels the machine's drift between minutes, which
 * moves one side's own rounds by up to 2× here, so this says how sure a run is of its comparison.
 */
export function medianInterval(values: number[], resamples = 10_000, seed = 1): { median: number; low: number; high: number } | null {
  const v = values.filter((x) => Number.isFinite(x));
  if (v.length < 2) return null;
  const median = (a: number[]) => {
    const s = [...a].sort((x, y) => x - y);
    const m = s.length >> 1;
    return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
  };
  // mulberry32: a small seeded generator (Math.random cannot be seeded).
  let t = seed >>> 0;
  const random = () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  const medians = new Float64Array(resamples);
  const sample = new Array<number>(v.length);
  for (let i = 0; i < resamples; i++) {
    for (let j = 0; j < v.length; j++) sample[j] = v[Math.floor(random() * v.length)] as number;
    medians[i] = median(sample);
  }
  medians.sort();
  const r2 = (n: number) => Math.round(n * 100) / 100;
  return { median: r2(median(v)), low: r2(medians[Math.floor(resamples * 0.025)] as number), high: r2(medians[Math.ceil(resamples * 0.975) - 1] as number) };
}
