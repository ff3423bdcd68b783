/**
 * The container files against the code. The image cannot be built here (no registry for base
 * images, no Docker), so this checks what can drift without one: the Dockerfile's entry point is
 * what the build produces, it copies only what exists and runs as a non-root user with a health
 * check on a route the service answers; compose.yaml passes only variables the service reads, runs
 * two replicas on PostgreSQL with one encryption key, and serves the committed supergraph through a
 * router that forwards the headers the service needs; .env.example lists every variable.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CONFIG_KEYS } from '../src/config.js';
import { COMPOSE_ROUTING_URL, deploySupergraph } from '../examples/gateway/federation.js';
import { type RunningService, startService } from './helpers/service.js';

const root = new URL('..', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');
const dockerfile = read('Dockerfile');
const compose = parseYaml(read('compose.yaml')) as {
  services: Record<string, { build?: string; image?: string; deploy?: { replicas?: number }; environment?: Record<string, string>; volumes?: string[]; command?: string[]; depends_on?: Record<string, unknown> }>;
};

let svc: RunningService;
beforeAll(async () => {
  svc = await startService();
});
afterAll(() => svc?.stop());

describe('Dockerfile', () => {
  const instructions = dockerfile.split('\n').filter((l) => /^[A-Z]+\s/.test(l));

  it('is multi-stage, runs the built entry point as the non-root node user', () => {
    expect(instructions.filter((l) => l.startsWith('FROM ')).length).toBeGreaterThanOrEqual(2);
    const cmd = JSON.parse(instructions.find((l) => l.startsWith('CMD '))!.slice(4)) as string[];
    expect(cmd[0]).toBe('node');
    const entry = cmd[cmd.length - 1]!;
    // dist/src/main.js is what tsc makes of src/main.ts with tsconfig.build.json.
    expect(entry).toBe('dist/src/main.js');
    expect(existsSync(new URL('src/main.ts', root))).toBe(true);
    const build = JSON.parse(read('tsconfig.build.json')) as { include: string[] };
    expect(build.include).toContain('src');
    // The same node flags as npm start.
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(cmd.join(' '));
    const users = instructions.filter((l) => l.startsWith('USER '));
    expect(users.at(-1)).toBe('USER node');
  });

  it('copies only files that exist, and ignores local data and secrets', () => {
    for (const line of instructions.filter((l) => l.startsWith('COPY ') && !l.includes('--from='))) {
      const sources = line.split(/\s+/).slice(1, -1);
      for (const s of sources) expect(existsSync(new URL(s, root)), s).toBe(true);
    }
    const ignored = read('.dockerignore').split('\n');
    for (const p of ['node_modules', 'data', '.env', 'encryption.key']) expect(ignored).toContain(p);
  });

  it('checks health on a route the service answers without a key', async () => {
    const check = dockerfile.slice(dockerfile.indexOf('HEALTHCHECK'));
    const route = /\/healthz/.exec(check)?.[0];
    expect(route).toBe('/healthz');
    expect((await fetch(`${svc.url}${route}`)).status).toBe(200);
  });
});

describe('compose.yaml', () => {
  const users = compose.services.users!;

  it('runs two replicas of this image on PostgreSQL, sharing one encryption key', () => {
    expect(users.build).toBe('.');
    expect(users.deploy?.replicas).toBe(2);
    expect(users.environment?.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
    expect(users.environment?.ENCRYPTION_KEY).toMatch(/^\$\{ENCRYPTION_KEY:\?/);
    expect(compose.services.postgres?.image).toMatch(/^postgres:/);
  });

  it('passes only variables the service reads, and .env.example lists every one of them', () => {
    for (const name of Object.keys(users.environment ?? {})) expect(CONFIG_KEYS, name).toContain(name);
    const listed = new Set(
      read('.env.example')
        .split('\n')
        .map((l) => /^([A-Z][A-Z0-9_]*)=/.exec(l)?.[1])
        .filter(Boolean),
    );
    for (const key of CONFIG_KEYS) expect(listed.has(key), `.env.example lacks ${key}`).toBe(true);
    // Every variable compose interpolates can be set from .env.example.
    for (const m of read('compose.yaml').matchAll(/\$\{([A-Z_]+)/g)) expect(listed.has(m[1]!), m[1]).toBe(true);
  });

  it('serves the committed supergraph, composed from schema.graphql (npm run supergraph)', () => {
    const router = compose.services.router!;
    expect(router.image).toMatch(/^ghcr\.io\/apollographql\/router:v2\./);
    const mounts = (router.volumes ?? []).map((v) => v.split(':'));
    for (const [source] of mounts) expect(existsSync(new URL(source!, root)), source).toBe(true);
    const supergraphMount = mounts.find(([s]) => s === './deploy/supergraph.graphql');
    expect(router.command).toContain(supergraphMount?.[1]);
    expect(read('deploy/supergraph.graphql')).toBe(deploySupergraph());
    expect(read('deploy/supergraph.graphql')).toContain(COMPOSE_ROUTING_URL);
  });

  it("forwards the caller's key, the Idempotency-Key and the request id to the replicas", () => {
    const config = parseYaml(read('deploy/router.yaml')) as {
      headers: { all: { request: Array<{ propagate?: { named: string } }> } };
      traffic_shaping: { router: { timeout: string } };
    };
    const forwarded = config.headers.all.request.map((r) => r.propagate?.named);
    expect(forwarded).toEqual(expect.arrayContaining(['authorization', 'idempotency-key', 'x-request-id']));
    expect(config.traffic_shaping.router.timeout).toMatch(/^\d+s$/);
  });
});
