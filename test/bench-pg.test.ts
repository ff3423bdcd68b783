import { describe, expect, it } from 'vitest';
import { benchSchema, pgDelta } from '../bench/lib/pg.js';

describe('bench on PostgreSQL', () => {
  it('a bench schema name is a lower-case SQL identifier (what DATABASE_SCHEMA accepts)', () => {
    const s = benchSchema('Replicas-1');
    expect(s).toMatch(/^bench_[a-z0-9]+_replicas_1$/);
    expect(s).toMatch(/^[a-z_][a-z0-9_]{0,62}$/);
  });

  it("pgDelta: each table's counters after less before; a table new in `after` counts from zero", () => {
    const before = { api_keys: { seqScan: 1, idxScan: 10, inserted: 0, updated: 0, deleted: 0 } };
    const after = {
      api_keys: { seqScan: 1, idxScan: 15, inserted: 0, updated: 0, deleted: 0 },
      deletion_audit: { seqScan: 0, idxScan: 10, inserted: 5, updated: 10, deleted: 0 },
    };
    expect(pgDelta(before, after)).toEqual({
      api_keys: { seqScan: 0, idxScan: 5, inserted: 0, updated: 0, deleted: 0 },
      deletion_audit: { seqScan: 0, idxScan: 10, inserted: 5, updated: 10, deleted: 0 },
    });
    expect(pgDelta(null, after)).toBeNull();
    expect(pgDelta(before, null)).toBeNull();
  });
});
