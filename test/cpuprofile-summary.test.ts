/** The bench's CPU profile summary (scripts/cpuprofile-summary.ts) on a small hand-made profile. */
import { describe, expect, it } from 'vitest';
import { locationOf, summarize, type CpuProfile } from '../scripts/cpuprofile-summary.js';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber, columnNumber: 0 });

// root → handle (src/server.js) → executeQuery (kysely); root → (garbage collector)
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 4] },
    { id: 2, callFrame: frame('handle', 'file:///app/dist/src/server.js', 76), children: [3] },
    { id: 3, callFrame: frame('executeQuery', 'file:///app/node_modules/kysely/dist/esm/dialect/sqlite/sqlite-driver.js', 59) },
    { id: 4, callFrame: frame('(garbage collector)') },
  ],
  startTime: 1_000,
  endTime: 2_000,
  // Samples at 1100 (handle), 1200 and 1500 (executeQuery), 1900 (GC): each lasts until the next
// one, the last until endTime: handle 100 µs, executeQuery 300 + 400 µs, GC 100 µs.
  samples: [2, 3, 3, 4],
  timeDeltas: [100, 100, 300, 400],
};

describe('cpuprofile summary', () => {
  it('aggregates self time by function and by where the code lives', () => {
    const s = summarize(profile);
    expect(s.samples).toBe(4);
    expect(s.totalMs).toBe(0.9);
    expect(s.functions.map((f) => [f.name, f.selfMs, f.where])).toEqual([
      ['executeQuery', 0.7, 'kysely/dist/esm/dialect/sqlite/sqlite-driver.js:60'],
      ['handle', 0.1, 'src/server.js:77'],
      ['(garbage collector)', 0.1, ''],
    ]);
    expect(Object.fromEntries(s.byLocation.map((l) => [l.name, l.percent]))).toEqual({ kysely: 77.8, 'src/server.js': 11.1, '(garbage collector)': 11.1 });
  });

  it('keeps only the samples of a time window, and ignores a window outside the profile', () => {
    const s = summarize(profile, { from: 1_150, to: 1_600 });
    expect(s.windowed).toBe(true);
    expect(s.functions.map((f) => [f.name, f.selfMs])).toEqual([['executeQuery', 0.7]]);
    expect(summarize(profile, { from: 5_000, to: 6_000 }).windowed).toBe(false);
  });

  it('names packages, scoped packages, node modules and V8 frames', () => {
    expect(locationOf(frame('x', 'file:///a/node_modules/@apollo/server/dist/esm/x.js'))).toBe('@apollo/server');
    expect(locationOf(frame('x', 'node:internal/streams/writable'))).toBe('node:internal');
    expect(locationOf(frame('x', 'file:///a/dist/src/store/audit.js'))).toBe('src/store/');
    expect(locationOf(frame('writev'))).toBe('(native/V8 builtin)');
    expect(locationOf(frame('(idle)'))).toBe('(idle)');
  });
});
