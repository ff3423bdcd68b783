/**
 * Drives one load with autocannon: a fixed number of keep-alive connections for a fixed time.
 * Each connection gets its own request generator (`build(connection)`), so a connection can be
 * pinned to one integrated account and every request can name a user never used before.
 * Latency percentiles are computed from every response time autocannon reports (fractional
 * milliseconds), not from its integer histogram.
 */
import autocannon from 'autocannon';

export interface BenchRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadSpec {
  /** Origin, e.g. http://127.0.0.1:1234 */
  url: string;
  connections: number;
  durationSec: number;
  /** A generator of requests for one connection (0-based index). */
  build: (connection: number) => () => BenchRequest;
  /** True when a response body is a correct answer. */
  verify: (body: string) => boolean;
  /** Requests per second over all connections (autocannon's overallRate); unset: as fast as answered. */
  overallRate?: number;
}

export interface LoadResult {
  requests: number;
  durationSec: number;
  rps: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  /** The first body that failed verification, shortened (to debug a broken run). */
  sampleMismatch?: string;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

/** Every response time of a load (sorted), kept beside the result (not in its JSON). */
const responseTimes = new WeakMap<LoadResult, Float64Array>();

function latencies(sorted: Float64Array): LoadResult['latencyMs'] {
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += sorted[i] as number;
  return {
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(percentile(sorted, 100)),
    mean: round(sorted.length ? sum / sorted.length : NaN),
  };
}

/**
 * Several loads of one target as one: counts added, requests/s over the summed durations,
 * percentiles over every response time of all of them.
 */
export function mergeLoads(loads: LoadResult[]): LoadResult {
  const all = new Float64Array(loads.reduce((n, l) => n + (responseTimes.get(l)?.length ?? 0), 0));
  let at = 0;
  for (const l of loads) {
    const t = responseTimes.get(l);
    if (t) {
      all.set(t, at);
      at += t.length;
    }
  }
  all.sort();
  const requests = loads.reduce((n, l) => n + l.requests, 0);
  const durationSec = loads.reduce((n, l) => n + l.durationSec, 0);
  const sampleMismatch = loads.find((l) => l.sampleMismatch !== undefined)?.sampleMismatch;
  const out: LoadResult = {
    requests,
    durationSec: round(durationSec, 3),
    rps: round(durationSec ? requests / durationSec : 0, 1),
    latencyMs: latencies(all),
    non2xx: loads.reduce((n, l) => n + l.non2xx, 0),
    errors: loads.reduce((n, l) => n + l.errors, 0),
    timeouts: loads.reduce((n, l) => n + l.timeouts, 0),
    mismatches: loads.reduce((n, l) => n + l.mismatches, 0),
    ...(sampleMismatch !== undefined ? { sampleMismatch } : {}),
  };
  responseTimes.set(out, all);
  return out;
}

export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  let nextConnection = 0;
  let times = new Float64Array(1 << 16);
  let count = 0;
  let sampleMismatch: string | undefined;
  return new Promise<LoadResult>((resolve, reject) => {
    const started = performance.now();
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.durationSec,
        pipelining: 1,
        timeout: 30,
        ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
        setupClient(client) {
          const next = spec.build(nextConnection++);
          client.setRequests([
            {
              setupRequest: (req: autocannon.Request) => {
                const r = next();
                return { ...req, method: r.method, path: r.path, headers: { ...(req.headers ?? {}), ...(r.headers ?? {}) }, body: r.body ?? '' } as autocannon.Request;
              },
            } as autocannon.Request,
          ]);
        },
        verifyBody: (body: string) => {
          const ok = spec.verify(body);
          if (!ok && sampleMismatch === undefined) sampleMismatch = String(body).slice(0, 500);
          return ok;
        },
      } as autocannon.Options,
      (err, result) => {
        if (err) return reject(err);
        const elapsed = (performance.now() - started) / 1000;
        const sorted = times.slice(0, count).sort();
        const out: LoadResult = {
          requests: count,
          durationSec: round(elapsed, 3),
          rps: round(count / elapsed, 1),
          latencyMs: latencies(sorted),
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          mismatches: result.mismatches,
          ...(sampleMismatch !== undefined ? { sampleMismatch } : {}),
        };
        responseTimes.set(out, sorted);
        resolve(out);
      },
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      if (count === times.length) {
        const bigger = new Float64Array(times.length * 2);
        bigger.set(times);
        times = bigger;
      }
      times[count++] = responseTime;
    });
  });
}
