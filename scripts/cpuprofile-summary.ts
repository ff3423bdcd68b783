/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and aggregates self time by function (name + file +
 * line) and by where the code lives (a package under node_modules, a folder of this service,
 * node's own modules, or V8's pseudo-frames such as the garbage collector).
 *
 *   node dist/scripts/cpuprofile-summary.js <file.cpuprofile> [--top 25] [--from <µs> --to <µs>] [--json]
 *
 * --from/--to keep only the samples taken in that window (V8 timestamps are microseconds of the
 * monotonic clock process.hrtime() also reads), e.g. the load phase without start-up.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTimeRow {
  name: string;
  where: string;
  selfMs: number;
  percent: number;
}

export interface ProfileSummary {
  /** Sampled time considered (ms), after the window. */
  totalMs: number;
  samples: number;
  windowed: boolean;
  /** Share of the considered time the process was idle (waiting for I/O). */
  idlePercent: number;
  functions: SelfTimeRow[];
  byLocation: SelfTimeRow[];
}

/** Where a frame's code lives: a package, a folder of this repo, node core, or a V8 pseudo-frame. */
export function locationOf(frame: CallFrame): string {
  const url = frame.url;
  if (!url) {
    if (/^\(.*\)$/.test(frame.functionName)) return frame.functionName;
    return '(native/V8 builtin)';
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  const own = /\/(src|bench|scripts|test)\/(.*)$/.exec(url);
  if (own) {
    const [, top, rest = ''] = own;
    const parts = rest.split('/');
    return parts.length > 1 ? `${top}/${parts[0]}/` : `${top}/${parts[0]}`;
  }
  return url;
}

function shortFile(url: string): string {
  if (!url) return '';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + '/node_modules/'.length);
  const own = /\/((?:src|bench|scripts|test)\/.*)$/.exec(url);
  if (own?.[1]) return own[1];
  return url.replace(/^file:\/\//, '');
}

export function summarize(profile: CpuProfile, opts: { top?: number; from?: number; to?: number } = {}): ProfileSummary {
  const byId = new Map<number, ProfileNode>();
  for (const n of profile.nodes) byId.set(n.id, n);
  // Sample i lasts until the next sample (the last one until endTime).
  const stamps: number[] = new Array(profile.samples.length);
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    stamps[i] = t;
  }
  let from = opts.from ?? -Infinity;
  let to = opts.to ?? Infinity;
  let windowed = opts.from !== undefined || opts.to !== undefined;
  if (windowed && (to < profile.startTime || from > profile.endTime)) {
    // The window does not overlap the profile (another clock?): use everything rather than nothing.
    from = -Infinity;
    to = Infinity;
    windowed = false;
  }
  const selfUs = new Map<number, number>();
  let total = 0;
  let count = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const at = stamps[i] as number;
    if (at < from || at > to) continue;
    const next = i + 1 < stamps.length ? (stamps[i + 1] as number) : profile.endTime;
    const dur = Math.max(0, next - at);
    const id = profile.samples[i] as number;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dur);
    total += dur;
    count++;
  }
  const fn = new Map<string, { name: string; where: string; us: number }>();
  const loc = new Map<string, number>();
  let idle = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    if (frame.functionName === '(idle)') idle += us;
    const where = frame.url ? `${shortFile(frame.url)}:${frame.lineNumber + 1}` : '';
    const name = frame.functionName || '(anonymous)';
    const key = `${name}\u0000${where}`;
    const row = fn.get(key) ?? { name, where, us: 0 };
    row.us += us;
    fn.set(key, row);
    const l = locationOf(frame);
    loc.set(l, (loc.get(l) ?? 0) + us);
  }
  const pct = (us: number) => (total ? Math.round((us / total) * 1000) / 10 : 0);
  const ms = (us: number) => Math.round(us / 100) / 10;
  const top = opts.top ?? 25;
  return {
    totalMs: ms(total),
    samples: count,
    windowed,
    idlePercent: pct(idle),
    functions: [...fn.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((r) => ({ name: r.name, where: r.where, selfMs: ms(r.us), percent: pct(r.us) })),
    byLocation: [...loc.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([where, us]) => ({ name: where, where, selfMs: ms(us), percent: pct(us) })),
  };
}

export function summaryMarkdown(s: ProfileSummary): string {
  const lines: string[] = [];
  lines.push(`Sampled ${s.totalMs} ms (${s.samples} samples${s.windowed ? ', load window only' : ''}); idle ${s.idlePercent}%.`, '');
  lines.push('| self % | self ms | function | file:line |', '|---:|---:|---|---|');
  for (const r of s.functions) lines.push(`| ${r.percent} | ${r.selfMs} | \`${r.name.replace(/\|/g, '\\|')}\` | ${r.where || '—'} |`);
  lines.push('', '| self % | self ms | where the code lives |', '|---:|---:|---|');
  for (const r of s.byLocation) lines.push(`| ${r.percent} | ${r.selfMs} | ${r.name} |`);
  return lines.join('\n');
}

function main(argv: string[]): void {
  const file = argv.find((a, i) => !a.startsWith('--') && !['--top', '--from', '--to'].includes(argv[i - 1] ?? ''));
  if (!file) {
    process.stderr.write('usage: cpuprofile-summary <file.cpuprofile> [--top N] [--from µs --to µs] [--json]\n');
    process.exit(2);
  }
  const num = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 && argv[i + 1] !== undefined ? Number(argv[i + 1]) : undefined;
  };
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const summary = summarize(profile, { top: num('--top'), from: num('--from'), to: num('--to') });
  process.stdout.write(argv.includes('--json') ? `${JSON.stringify(summary, null, 2)}\n` : `${summaryMarkdown(summary)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));

/** V8's sampling heap profile (HeapProfiler.stopSampling). */
export interface SamplingHeapProfileNode {
  callFrame: CallFrame;
  selfSize: number;
  children: SamplingHeapProfileNode[];
}

export interface AllocationRow {
  name: string;
  where: string;
  /** Bytes allocated per request (sampled estimate). */
  bytesPerRequest: number;
  percent: number;
}

export interface AllocationSummary {
  requests: number;
  /** Estimated bytes allocated per request, all sites. */
  bytesPerRequest: number;
  functions: AllocationRow[];
  byLocation: AllocationRow[];
}

/**
 * Where a process allocates, per request: the sampled bytes of each allocating function (its
 * self size) summed by function and by where its code lives, divided by the requests served
 * while sampling.
 */
export function summarizeAllocations(head: SamplingHeapProfileNode, requests: number, top = 20): AllocationSummary {
  const fn = new Map<string, { name: string; where: string; bytes: number }>();
  const loc = new Map<string, number>();
  let total = 0;
  const stack: SamplingHeapProfileNode[] = [head];
  while (stack.length) {
    const node = stack.pop() as SamplingHeapProfileNode;
    stack.push(...node.children);
    if (!node.selfSize) continue;
    total += node.selfSize;
    const frame = node.callFrame;
    const where = frame.url ? `${shortFile(frame.url)}:${frame.lineNumber + 1}` : '';
    const name = frame.functionName || '(anonymous)';
    const key = `${name}\u0000${where}`;
    const row = fn.get(key) ?? { name, where, bytes: 0 };
    row.bytes += node.selfSize;
    fn.set(key, row);
    const l = locationOf(frame);
    loc.set(l, (loc.get(l) ?? 0) + node.selfSize);
  }
  const per = (b: number) => (requests ? Math.round(b / requests) : 0);
  const pct = (b: number) => (total ? Math.round((b / total) * 1000) / 10 : 0);
  return {
    requests,
    bytesPerRequest: per(total),
    functions: [...fn.values()]
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, top)
      .map((r) => ({ name: r.name, where: r.where, bytesPerRequest: per(r.bytes), percent: pct(r.bytes) })),
    byLocation: [...loc.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([where, b]) => ({ name: where, where, bytesPerRequest: per(b), percent: pct(b) })),
  };
}
