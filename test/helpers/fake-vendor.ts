/**
 * A local fake of a vendor API: a node:http server on 127.0.0.1 that answers from declared
 * routes and records every request exactly as received. An unexpected request fails the test
 * (answered 599 and recorded in `unexpected`).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  /** Raw query string without '?' ('' when none). */
  search: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | undefined>;
  rawBody: string;
  body: unknown;
  /**
   * For a GraphQL request (a JSON body with a `query` string): the first root field it selects
   * (`users`, `me`, `delete_users_from_workspace`), so that calls to a vendor's single GraphQL
   * endpoint can be routed and told apart ('POST /v2 #users'); undefined otherwise.
   */
  operation?: string;
  /** For a GraphQL request: whether it is a query or a mutation. */
  operationType?: 'query' | 'mutation';
}

/** The root field and type of a GraphQL document (the first operation), or undefined. */
export function graphqlOperation(body: unknown): { field: string; type: 'query' | 'mutation' } | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const q = (body as { query?: unknown }).query;
  if (typeof q !== 'string') return undefined;
  const doc = q.replace(/#[^\n]*/g, '').trim();
  const m = /^(?:(query|mutation)\b[^{]*)?\{\s*(?:[A-Za-z_][A-Za-z0-9_]*\s*:\s*)?([A-Za-z_][A-Za-z0-9_]*)/.exec(doc);
  if (!m) return undefined;
  return { field: m[2] as string, type: m[1] === 'mutation' ? 'mutation' : 'query' };
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Sent as is (not JSON-encoded). */
  text?: string;
}

type Handler = (req: RecordedRequest) => FakeReply | Promise<FakeReply>;

export class FakeVendor {
  readonly requests: RecordedRequest[] = [];
  readonly unexpected: string[] = [];
  /**
   * Requests answered by background routes (see `background`): kept apart from `requests`, so a
   * test's assertions on the deletion's own calls are not about the self-deletion guard's lookup.
   */
  readonly backgroundRequests: RecordedRequest[] = [];
  private readonly routes = new Map<string, Handler[]>();
  private readonly backgroundRoutes = new Map<string, Handler>();

  /** Every started fake by its URL, so helpers that create accounts can find the fake behind a base URL. */
  static readonly running = new Map<string, FakeVendor>();
  private server?: Server;
  url = '';

  /** `route` is 'METHOD /exact/path' (or 'METHOD /path #rootField' for one GraphQL operation); several replies for one route are used in order, the last repeats. */
  on(route: string, ...replies: Array<FakeReply | Handler>): this {
    const list = this.routes.get(route) ?? [];
    for (const r of replies) list.push(typeof r === 'function' ? r : () => r);
    this.routes.set(route, list);
    return this;
  }

  /**
   * A route that answers for the whole life of the fake (reset() keeps it), unless the test itself
   * routes the same request: the token-owner lookup an account's first deletion makes, answered
   * as the vendor would for the administrator who owns the token (someone else than the target).
   */
  background(route: string, reply: FakeReply | Handler): this {
    this.backgroundRoutes.set(route, typeof reply === 'function' ? reply : () => reply);
    return this;
  }

  reset(): void {
    this.requests.length = 0;
    this.backgroundRequests.length = 0;
    this.unexpected.length = 0;
    this.routes.clear();
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req).then(
        (reply) => {
          const headers: Record<string, string> = { ...(reply.headers ?? {}) };
          let payload = '';
          if (reply.text !== undefined) payload = reply.text;
          else if (reply.body !== undefined) {
            payload = JSON.stringify(reply.body);
            headers['content-type'] ??= 'application/json; charset=utf-8';
          }
          res.writeHead(reply.status ?? 200, headers);
          res.end(payload);
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    FakeVendor.running.set(this.url, this);
    return this;
  }

  async stop(): Promise<void> {
    FakeVendor.running.delete(this.url);
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage): Promise<FakeReply> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of url.searchParams) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    let body: unknown = rawBody === '' ? undefined : rawBody;
    if (/json/.test(headers['content-type'] ?? '') && rawBody) body = JSON.parse(rawBody);
    else if (/x-www-form-urlencoded/.test(headers['content-type'] ?? '')) body = Object.fromEntries(new URLSearchParams(rawBody));
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      search: url.search.replace(/^\?/, ''),
      query,
      headers,
      rawBody,
      body,
    };
    const gql = graphqlOperation(body);
    if (gql) {
      recorded.operation = gql.field;
      recorded.operationType = gql.type;
    }
    // A GraphQL call is routed by its root field when a route names it ('POST /v2 #users').
    const plain = `${recorded.method} ${recorded.path}`;
    const named = gql ? `${plain} #${gql.field}` : undefined;
    const key = named && (this.routes.get(named)?.length || this.backgroundRoutes.has(named)) ? named : plain;
    const list = this.routes.get(key);
    const background = this.backgroundRoutes.get(key);
    if ((!list || list.length === 0) && background) {
      this.backgroundRequests.push(recorded);
      return background(recorded);
    }
    this.requests.push(recorded);
    if (!list || list.length === 0) {
      this.unexpected.push(key);
      return { status: 599, body: { error: `fake vendor: no route for ${key}` } };
    }
    const handler = list.length > 1 ? (list.shift() as Handler) : (list[0] as Handler);
    return handler(recorded);
  }

  /** method + path (+ ?query) of every request, for compact assertions. */
  calls(): string[] {
    return this.requests.map((r) => `${r.method} ${r.path}${r.search ? `?${r.search}` : ''}${r.operation ? ` #${r.operation}` : ''}`);
  }
}

export async function startFake(): Promise<FakeVendor> {
  return new FakeVendor().start();
}
