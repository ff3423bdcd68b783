/**
 * A fault-injecting vendor fake (test code only): a node:http server on 127.0.0.1 that answers
 * each request either normally or with a fault, and counts what it did.
 *
 * The test decides, per request, which answer to give: `route` names the deleteUser call the
 * request belongs to (its "call key", e.g. the user id) and the normal answer; `fault` picks the
 * fault for the n-th request of that call. So a seeded script per call gives the same faults in
 * the same order on every run, whatever the interleaving of concurrent calls.
 *
 * Faults: 429 with Retry-After (short, or long), 429 with the vendor's reset headers, 500/502/503,
 * 401, 404, a hang past the client's timeout, a connection reset mid-response, a body trickled
 * slowly (within, or past, the timeout), malformed and truncated JSON, a 200 carrying an error
 * (Slack style `{"ok":false,"error":"..."}`), a redirect to another host (a second server that
 * counts what reaches it) and a huge body. Error bodies may echo the credentials the request
 * carried (a hostile or careless vendor), to prove they are redacted before leaving the service.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAULT_KINDS = [
  'ok',
  /** 429 with Retry-After: 0 (or an HTTP-date in the past): worth retrying at once. */
  'rate-limit-retry-after',
  /** 429 with Retry-After: 3600, longer than the service waits. */
  'rate-limit-long',
  /** Rate limited with the vendor's reset header (GitHub: 403 + x-ratelimit-remaining: 0 + x-ratelimit-reset; Okta: 429 + x-rate-limit-reset) 30 s away. */
  'rate-limit-reset',
  'server-500',
  'server-502',
  'server-503',
  'unauthorized',
  'not-found',
  /** Never answers (until the client gives up). */
  'hang',
  /** Headers and half the body, then the socket is destroyed. */
  'reset',
  /** The normal body trickled in 4 chunks over ~30 ms (well inside the timeout). */
  'slow-body',
  /** A body trickled one byte per 100 ms for 3 s: each chunk inside an idle timeout of 300 ms, the whole past the request timeout. */
  'slow-body-timeout',
  'malformed-json',
  'truncated-json',
  /** HTTP 200 with `{"ok":false,"error":"..."}` (Slack's way of failing). */
  'error-in-200',
  /** 302 (GET) or 307 (anything else) to another host. */
  'redirect',
  /** A 200 with a body of `hugeBytes`. */
  'huge-body',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRequest {
  method: string;
  /** Raw path as received (percent-encoding kept). */
  path: string;
  /** Raw query string without '?' ('' when none). */
  search: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  rawBody: string;
}

export interface NormalReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface Routed {
  /** The deleteUser call this request belongs to (requests are counted per call). */
  call: string;
  /** The answer when there is no fault. */
  reply: NormalReply;
  /** Reset header style of this vendor for 'rate-limit-reset'. */
  resetStyle?: 'github' | 'okta' | 'none';
}

export interface ServedRequest {
  method: string;
  path: string;
  kind: FaultKind;
}

export interface FaultVendorOptions {
  /** Which call a request belongs to, and its normal answer; undefined answers 599 (counted in `unexpected`). */
  route: (req: FaultRequest) => Routed | undefined;
  /** The fault for the `n`-th request (0-based) of `call`. */
  fault: (call: string, n: number, req: FaultRequest) => FaultKind;
  /** Size of a 'huge-body' answer (default 1 MiB). */
  hugeBytes?: number;
  /** Error bodies echo the Authorization header (and query) the request carried. */
  echoCredentials?: boolean;
  /**
   * Requests answered outside the fault model (never faulted, not counted): the self-deletion
   * guard's owner lookups, answered for the administrator who owns the token. JSON body, 200.
   */
  background?: (req: FaultRequest) => unknown;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A second server, "another host": counts every request that reaches it (redirect targets). */
export class Elsewhere {
  readonly requests: string[] = [];
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.requests.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"stolen":true}');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    // `localhost` rather than 127.0.0.1: another host name than the vendor's.
    this.url = `http://localhost:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }
}

export class FaultVendor {
  /** Requests answered, by fault kind. */
  readonly byKind = new Map<FaultKind, number>();
  /** Every request of each call, in order. */
  readonly byCall = new Map<string, ServedRequest[]>();
  /** Requests no route matched. */
  readonly unexpected: string[] = [];
  /** Requests whose answer is still being written or withheld (hangs, trickles). */
  pending = 0;
  total = 0;
  /** Requests answered by `background` (owner lookups). */
  backgroundRequests = 0;
  destructive = 0;
  readonly elsewhere = new Elsewhere();
  private server?: Server;
  private readonly sockets = new Set<import('node:net').Socket>();
  url = '';

  constructor(private readonly opts: FaultVendorOptions) {}

  async start(): Promise<this> {
    await this.elsewhere.start();
    this.server = createServer((req, res) => void this.handle(req, res).catch(() => res.destroy()));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.once('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
    await this.elsewhere.stop();
  }

  /** Open connections from the service (keep-alive pool plus anything stuck). */
  get openSockets(): number {
    return this.sockets.size;
  }

  /** Destructive (non-GET) requests of one call. */
  destructiveOf(call: string): ServedRequest[] {
    return (this.byCall.get(call) ?? []).filter((r) => r.method !== 'GET');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://fault');
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const request: FaultRequest = {
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0] ?? '/',
      search: (req.url ?? '/').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?') + 1) : '',
      query: url.searchParams,
      headers,
      rawBody: Buffer.concat(chunks).toString('utf8'),
    };
    const background = this.opts.background?.(request);
    if (background !== undefined) {
      this.backgroundRequests++;
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify(background));
    }
    const routed = this.opts.route(request);
    if (!routed) {
      this.unexpected.push(`${request.method} ${req.url}`);
      res.writeHead(599, { 'content-type': 'application/json' });
      return void res.end('{"error":"fault vendor: no route"}');
    }
    const served = this.byCall.get(routed.call) ?? [];
    this.byCall.set(routed.call, served);
    const kind = this.opts.fault(routed.call, served.length, request);
    served.push({ method: request.method, path: request.path, kind });
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
    this.total++;
    if (request.method !== 'GET') this.destructive++;

    this.pending++;
    let closed = false;
    res.once('close', () => {
      closed = true;
      this.pending--;
    });
    await this.answer(kind, request, routed, res, () => closed);
  }

  private errorBody(request: FaultRequest, message: string): string {
    const body: Record<string, unknown> = { message };
    if (this.opts.echoCredentials) {
      // Keys that do not look secret, so only value redaction can catch them.
      body.detail = `request carried: ${request.headers.authorization ?? '(no authorization header)'}`;
      body.echo = { auth: request.headers.authorization, query: Object.fromEntries(request.query) };
    }
    return JSON.stringify(body);
  }

  private async answer(kind: FaultKind, request: FaultRequest, routed: Routed, res: ServerResponse, isClosed: () => boolean): Promise<void> {
    const json = { 'content-type': 'application/json; charset=utf-8' };
    const normal = routed.reply;
    const normalText = normal.body === undefined ? '' : JSON.stringify(normal.body);
    const nowS = Math.floor(Date.now() / 1000);
    switch (kind) {
      case 'ok':
        res.writeHead(normal.status ?? 200, { ...(normalText ? json : {}), ...(normal.headers ?? {}) });
        return void res.end(normalText);
      case 'rate-limit-retry-after': {
        // Half "0" seconds, half an HTTP-date already past: both mean "now".
        const retryAfter = request.path.length % 2 === 0 ? '0' : new Date(Date.now() - 5_000).toUTCString();
        res.writeHead(429, { ...json, 'retry-after': retryAfter });
        return void res.end(this.errorBody(request, 'Too many requests'));
      }
      case 'rate-limit-long':
        res.writeHead(429, { ...json, 'retry-after': '3600' });
        return void res.end(this.errorBody(request, 'Too many requests, come back in an hour'));
      case 'rate-limit-reset': {
        const reset = String(nowS + 30);
        if (routed.resetStyle === 'github') {
          res.writeHead(403, { ...json, 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset });
          return void res.end(this.errorBody(request, 'API rate limit exceeded'));
        }
        if (routed.resetStyle === 'okta') {
          res.writeHead(429, { ...json, 'x-rate-limit-limit': '600', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': reset });
          return void res.end(this.errorBody(request, 'API call exceeded rate limit due to too many requests.'));
        }
        // A reset header this vendor's policy does not read: no hint, so the service backs off.
        res.writeHead(429, { ...json, 'ratelimit-reset': '30' });
        return void res.end(this.errorBody(request, 'Too many requests'));
      }
      case 'server-500':
      case 'server-502':
      case 'server-503': {
        const status = Number(kind.slice(-3));
        res.writeHead(status, json);
        return void res.end(this.errorBody(request, `Server error ${status}`));
      }
      case 'unauthorized':
        res.writeHead(401, json);
        return void res.end(this.errorBody(request, 'Invalid or expired token'));
      case 'not-found':
        res.writeHead(404, json);
        return void res.end(this.errorBody(request, 'Not Found'));
      case 'hang':
        // Nothing is ever sent; the service's timeout closes the connection.
        return;
      case 'reset': {
        const text = normalText || '{"user":{"id":1,"name":"half of a user"}}';
        res.writeHead(200, { ...json, 'content-length': String(Buffer.byteLength(text)) });
        res.write(text.slice(0, Math.max(1, Math.floor(text.length / 2))), () => res.socket?.destroy());
        return;
      }
      case 'slow-body':
      case 'slow-body-timeout': {
        // Leading whitespace pads short bodies (JSON allows it), so the body is complete only
        // with the last chunk: a client never sees the answer end before the trickle does.
        const text = `${' '.repeat(32)}${normalText || '{}'}`;
        res.writeHead(normal.status === 204 ? 200 : (normal.status ?? 200), { ...json, 'content-length': String(Buffer.byteLength(text)) });
        const parts = kind === 'slow-body' ? 4 : 30;
        const pause = kind === 'slow-body' ? 10 : 100;
        const size = kind === 'slow-body' ? Math.ceil(text.length / parts) : 1;
        for (let i = 0; i < parts - 1 && !isClosed(); i++) {
          res.write(text.slice(i * size, (i + 1) * size));
          await sleep(pause);
        }
        if (!isClosed()) res.end(text.slice((parts - 1) * size));
        return;
      }
      case 'malformed-json':
        res.writeHead(200, json);
        return void res.end('{"user": {"id": 1, "name": "broken" ,, }');
      case 'truncated-json': {
        const text = normalText || '{"ok":true,"user":{"id":"x"}}';
        res.writeHead(200, json);
        return void res.end(text.slice(0, Math.max(1, text.length - 7)));
      }
      case 'error-in-200':
        res.writeHead(200, json);
        return void res.end(JSON.stringify({ ok: false, error: 'ratelimited_by_fault', ...(this.opts.echoCredentials ? { warning: request.headers.authorization } : {}) }));
      case 'redirect':
        res.writeHead(request.method === 'GET' ? 302 : 307, { location: `${this.elsewhere.url}/stolen${request.path}` });
        return void res.end();
      case 'huge-body': {
        const total = this.opts.hugeBytes ?? 1024 * 1024;
        res.writeHead(200, { ...json, 'content-length': String(total) });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        for (let sent = 0; sent < total && !isClosed(); sent += chunk.length) {
          const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
          if (!res.write(piece)) await drainOrClose(res);
        }
        if (!isClosed()) res.end();
        return;
      }
      default: {
        const never: never = kind;
        throw new Error(`unknown fault ${String(never)}`);
      }
    }
  }
}

function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** A small seeded PRNG (mulberry32): the same seed, the same faults. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks from weighted choices with `rand()` in [0, 1). */
export function weighted<T>(rand: () => number, choices: ReadonlyArray<readonly [T, number]>): T {
  const total = choices.reduce((s, [, w]) => s + w, 0);
  let x = rand() * total;
  for (const [v, w] of choices) {
    if ((x -= w) < 0) return v;
  }
  return choices[choices.length - 1]![0];
}
