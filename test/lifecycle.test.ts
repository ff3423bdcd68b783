/**
 * Server lifecycle: graceful shutdown on SIGTERM (a real process, src/main.ts, with keep-alive
 * connections in every state) and readiness (`/readyz`: the store answers and the service is not
 * draining; `/healthz` stays liveness).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchema, freshSchema, TEST_DATABASE_URL } from './helpers/pg.js';
import { ADMIN_KEY, startService } from './helpers/service.js';

const root = new URL('..', import.meta.url).pathname;
const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** src/main.ts in a child process (through Vite's module runner, as `npm run demo` runs TypeScript). */
async function startMain(env: Record<string, string>): Promise<{ child: ChildProcess; port: number; output: () => string; exited: Promise<number | null> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'uud-lifecycle-'));
  const schema = TEST_DATABASE_URL ? freshSchema() : undefined;
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  if (schema) cleanups.push(() => dropSchema(TEST_DATABASE_URL!, schema));
  const child = spawn(process.execPath, ['scripts/run-ts.mjs', 'src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      ADMIN_API_KEY: ADMIN_KEY,
      LOG_LEVEL: 'info',
      // PostgreSQL needs an explicit key (every replica must share it).
      ...(schema ? { DATABASE_URL: TEST_DATABASE_URL!, DATABASE_SCHEMA: schema, ENCRYPTION_KEY: 'ef'.repeat(32) } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => (child.exitCode === null && child.signalCode === null ? child.kill('SIGKILL') : undefined));
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const check = () => {
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\/graphql/.exec(out);
      if (m) resolve(Number(m[1]));
    };
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`exited ${code} before listening:\n${out}`)));
  });
  return { child, port, output: () => out, exited };
}

const utf8 = (latin1: string) => Buffer.from(latin1, 'latin1').toString('utf8');

/** A raw HTTP/1.1 connection: what is written and read is exactly what goes over the wire. */
class RawConnection {
  private data = '';
  closed = false;
  readonly ended: Promise<void>;
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: Socket) {
    // latin1: one character per byte, so lengths are byte counts (bodies are decoded as UTF-8 when returned).
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      this.data += d;
      this.wake();
    });
    this.ended = new Promise((resolve) =>
      socket.once('close', () => {
        this.closed = true;
        this.wake();
        resolve();
      }),
    );
    socket.on('error', () => undefined);
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new RawConnection(s)));
      s.once('error', reject);
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  write(text: string): void {
    this.socket.write(text, 'utf8');
  }

  /** The next complete response (status, lower-case headers, body by Content-Length, chunks, or up to the close). */
  async response(): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    for (;;) {
      const end = this.data.indexOf('\r\n\r\n');
      if (end >= 0) {
        const [statusLine, ...lines] = this.data.slice(0, end).split('\r\n');
        const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
        const status = Number(statusLine!.split(' ')[1]);
        const rest = this.data.slice(end + 4);
        if (headers['content-length'] !== undefined) {
          const length = Number(headers['content-length']);
          if (rest.length >= length) {
            this.data = rest.slice(length);
            return { status, headers, body: utf8(rest.slice(0, length)) };
          }
        } else if (headers['transfer-encoding'] === 'chunked') {
          let body = '';
          let at = 0;
          for (;;) {
            const eol = rest.indexOf('\r\n', at);
            if (eol < 0) break;
            const size = parseInt(rest.slice(at, eol), 16);
            if (rest.length < eol + 2 + size + 2) break;
            if (size === 0) {
              this.data = rest.slice(eol + 4);
              return { status, headers, body: utf8(body) };
            }
            body += rest.slice(eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
          }
        } else if (this.closed) {
          this.data = '';
          return { status, headers, body: utf8(rest) };
        }
      }
      if (this.closed) throw new Error(`connection closed before a complete response: ${JSON.stringify(this.data)}`);
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }
}

describe('SIGTERM', () => {
  it('closes idle keep-alive connections, answers in-flight and later requests with Connection: close, cuts the rest after SHUTDOWN_GRACE_MS, and exits', async () => {
    const svc = await startMain({ SHUTDOWN_GRACE_MS: '3000' });
    const gqlBody = JSON.stringify({ query: '{ integrations { slug } }' });
    const postHead = `POST /graphql HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${ADMIN_KEY}\r\nContent-Type: application/json\r\nContent-Length: ${gqlBody.length}\r\n\r\n`;

    // in flight: a request whose body is half sent
    const inFlight = await RawConnection.open(svc.port);
    inFlight.write(postHead + gqlBody.slice(0, 10));
    // stuck: the same, never finished (cut at the end of the grace period)
    const stuck = await RawConnection.open(svc.port);
    stuck.write(postHead + gqlBody.slice(0, 10));
    // later: a request whose headers are still coming when the signal arrives
    const later = await RawConnection.open(svc.port);
    later.write('GET /readyz HTTP/1.1\r\nHost: localhost\r\n');
    // idle: a keep-alive connection with its answer received
    const idle = await RawConnection.open(svc.port);
    idle.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
    const alive = await idle.response();
    expect(alive.status).toBe(200);
    expect(alive.headers.connection).toBe('keep-alive');
    // The service keeps connections alive for 65 s: without a graceful shutdown it would not exit before that.

    svc.child.kill('SIGTERM');
    // The idle connection is closed as shutdown starts (in-flight answers get Connection: close before that).
    await idle.ended;

    inFlight.write(gqlBody.slice(10));
    const answered = await inFlight.response();
    expect(answered.status).toBe(200);
    expect(answered.headers.connection).toBe('close');
    expect(JSON.parse(answered.body).data.integrations.length).toBe(76);
    await inFlight.ended;

    later.write('\r\n');
    const draining = await later.response();
    expect(draining.status).toBe(503);
    expect(JSON.parse(draining.body)).toEqual({ status: 'draining' });
    expect(draining.headers.connection).toBe('close');
    await later.ended;

    await stuck.ended;
    expect(await svc.exited).toBe(0);
    const lines = svc
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string; reason?: string; forcedConnections?: number; graceMs?: number });
    expect(lines.find((l) => /shutdown started/.test(l.msg))).toMatchObject({ reason: 'SIGTERM', graceMs: 3000 });
    expect(lines.find((l) => l.msg === 'shutdown complete')).toMatchObject({ reason: 'SIGTERM', forcedConnections: 1 });
  }, 60_000);
});

describe('/readyz', () => {
  it('answers 200 while the store answers; /healthz answers 200', async () => {
    const svc = await startService();
    cleanups.push(() => svc.stop());
    const ready = await fetch(`${svc.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
  });

  it('answers 503 and logs the cause when the store fails (a damaged SQLite file; a dropped PostgreSQL schema); /healthz stays 200', async () => {
    const svc = await startService();
    cleanups.push(() => svc.stop());
    if (TEST_DATABASE_URL) {
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(svc.app.db);
      await sql.raw(`drop schema "${rows[0]!.schema}" cascade`).execute(svc.app.db);
    } else {
      // The whole file overwritten, as a failing disk or a stray process would leave it.
      const file = join(svc.dataDir, 'service.sqlite');
      const fd = openSync(file, 'r+');
      const size = statSync(file).size;
      writeSync(fd, Buffer.alloc(size, 0x5a), 0, size, 0);
      closeSync(fd);
    }
    const res = await fetch(`${svc.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'store unavailable' });
    expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
    const failure = svc.logs.map((l) => JSON.parse(l) as { msg: string; cause?: string }).find((l) => /readiness: the store check failed/.test(l.msg));
    expect(failure?.cause).toMatch(TEST_DATABASE_URL ? /tenants/ : /not an SQLite database/);
    // logged once, not at every probe
    await fetch(`${svc.url}/readyz`);
    expect(svc.logs.filter((l) => /readiness: the store check failed/.test(l))).toHaveLength(1);
  });
});
