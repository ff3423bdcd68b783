/**
 * Bench child: a local fake of the GitHub REST API (node:http, keep-alive) answering, for any
 * user login and any organization, the three calls a GitHub deletion makes, with the documented
 * payloads from src/providers/github/fixtures (the login replaced by the one asked for):
 *
 *   GET    /a/{account}/orgs/{org}/memberships/{user}  → 200 membership (state active)
 *   GET    /a/{account}/users/{user}                   → 200 user
 *   DELETE /a/{account}/orgs/{org}/members/{user}      → 204
 *   DELETE /a/{account}/orgs/{org}/memberships/{user}  → 204
 *   GET    /a/{account}/user                           → 200 the token's owner (the self-deletion
 *                                                        guard's lookup, once per account and process)
 *
 * `/a/{account}` is the base path each integrated account is given, so the fake can count calls
 * in flight per account. It counts requests per route, unexpected ones, and (when asked) reads
 * per distinct user. `configure({ latencyMs })` delays every answer, like a real vendor.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from './lib/ipc.js';

const root = new URL('../../', import.meta.url);
const fixture = (name: string): Record<string, any> =>
  JSON.parse(readFileSync(new URL(`src/providers/github/fixtures/${name}`, root), 'utf8')) as Record<string, any>;

const MARK = '__BENCH_LOGIN__';
/** A JSON body split around the login, so a reply is a concatenation, not a JSON.stringify. */
function template(value: unknown): string[] {
  return JSON.stringify(value).split(MARK);
}
const membershipFixture = fixture('membership-active.json');
const MEMBERSHIP = template({ ...membershipFixture, user: { ...membershipFixture.user, login: MARK } });
const USER = template({ ...fixture('user.json'), login: MARK });
/** The administrator the token belongs to: someone else than every user the bench removes. */
const OWNER = JSON.stringify({ login: 'bench-token-admin', id: 990001, node_id: 'MDQ6VXNlcjk5MDAwMQ==', type: 'User', email: 'bench-token-admin@example.com' });

const COMMON_HEADERS = {
  'x-github-api-version-selected': '2022-11-28',
  'x-ratelimit-limit': '5000',
  'x-ratelimit-remaining': '4999',
  'x-ratelimit-used': '1',
  'x-ratelimit-resource': 'core',
};

interface Counters {
  total: number;
  membership: number;
  user: number;
  delete: number;
  owner: number;
  unexpected: number;
  unexpectedSamples: string[];
  peakInFlight: number;
  peakInFlightPerAccount: number;
  /** (account, user) pairs read with GET /users/{user} (only while trackReads is on). */
  distinctUsersRead: number;
  maxReadsOfOneUser: number;
}

let latencyMs = 0;
let trackReads = false;
let counters: Counters = fresh();
const inFlight = new Map<string, number>();
let inFlightTotal = 0;
const reads = new Map<string, number>();

function fresh(): Counters {
  return {
    total: 0,
    membership: 0,
    user: 0,
    delete: 0,
    owner: 0,
    unexpected: 0,
    unexpectedSamples: [],
    peakInFlight: 0,
    peakInFlightPerAccount: 0,
    distinctUsersRead: 0,
    maxReadsOfOneUser: 0,
  };
}

function jsonBody(parts: string[], login: string): string {
  return parts.join(JSON.stringify(login).slice(1, -1));
}

function route(method: string, seg: string[]): { status: number; body?: string } {
  // seg: ['', 'a', account, ...rest]
  const n = seg.length;
  if (n === 7 && seg[3] === 'orgs' && (seg[5] === 'memberships' || seg[5] === 'members')) {
    const login = decodeURIComponent(seg[6] ?? '');
    if (method === 'GET' && seg[5] === 'memberships') {
      counters.membership++;
      return { status: 200, body: jsonBody(MEMBERSHIP, login) };
    }
    if (method === 'DELETE') {
      counters.delete++;
      return { status: 204 };
    }
  }
  if (n === 5 && seg[3] === 'users' && method === 'GET') {
    const login = decodeURIComponent(seg[4] ?? '');
    counters.user++;
    if (trackReads) {
      const key = `${seg[2]}/${login}`;
      const count = (reads.get(key) ?? 0) + 1;
      reads.set(key, count);
      if (count === 1) counters.distinctUsersRead++;
      if (count > counters.maxReadsOfOneUser) counters.maxReadsOfOneUser = count;
    }
    return { status: 200, body: jsonBody(USER, login) };
  }
  if (n === 4 && seg[3] === 'user' && method === 'GET') {
    counters.owner++;
    return { status: 200, body: OWNER };
  }
  counters.unexpected++;
  if (counters.unexpectedSamples.length < 5) counters.unexpectedSamples.push(`${method} ${seg.join('/')}`);
  return { status: 404, body: '{"message":"Not Found","documentation_url":"https://docs.github.com/rest","status":"404"}' };
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  counters.total++;
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const seg = path.split('/');
  const account = seg[1] === 'a' ? (seg[2] ?? '') : '';
  const now = (inFlight.get(account) ?? 0) + 1;
  inFlight.set(account, now);
  inFlightTotal++;
  if (now > counters.peakInFlightPerAccount) counters.peakInFlightPerAccount = now;
  if (inFlightTotal > counters.peakInFlight) counters.peakInFlight = inFlightTotal;
  res.once('close', () => {
    inFlightTotal--;
    const left = (inFlight.get(account) ?? 1) - 1;
    if (left === 0) inFlight.delete(account);
    else inFlight.set(account, left);
  });
  req.resume();
  const answer = () => {
    const { status, body } = route(req.method ?? 'GET', seg);
    if (body === undefined) {
      res.writeHead(status, COMMON_HEADERS);
      res.end();
    } else {
      res.writeHead(status, { ...COMMON_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    }
  };
  if (latencyMs > 0) setTimeout(answer, latencyMs);
  else answer();
}

const server = createServer({ keepAlive: true }, handle);
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  serve(
    { url: `http://127.0.0.1:${port}` },
    {
      configure(args: { latencyMs?: number; trackReads?: boolean }) {
        latencyMs = args.latencyMs ?? 0;
        trackReads = args.trackReads ?? false;
        return { latencyMs, trackReads };
      },
      reset() {
        counters = fresh();
        reads.clear();
        return true;
      },
      counters: () => counters,
    },
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
});
