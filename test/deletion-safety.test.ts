/**
 * Deletion you can trust: outcome and audit id on the returned user, "already absent" only on
 * the strength of an earlier deletion, Idempotency-Key replay, dry runs, the audit trail and the
 * per-account concurrency limit — through the real server over HTTP, against a fake vendor that
 * counts calls.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuditStore } from '../src/store/audit.js';
import { type FakeVendor, startFake } from './helpers/fake-vendor.js';
import { fixture } from './helpers/provider.js';
import { ADMIN_KEY, createAccount, type RunningService, startService } from './helpers/service.js';

const ZD_TOKEN = 'zd-safety-token-0123456789';
const GH_TOKEN = 'ghp_safetyToken00000000000000';
const ASANA_TOKEN = '1/safety-asana-token-0123456789';

let svc: RunningService;
let fake: FakeVendor;
const acc: Record<string, string> = {};

const DELETE = `mutation($id: ID!, $acc: ID!, $input: DeleteUserInput) {
  deleteUser(id: $id, integratedAccountId: $acc, input: $input) {
    id name deletionOutcome
    deletion { outcome auditId dryRun replayed originalAuditId calls { method url status durationMs attempt planned body } }
  }
}`;

const AUDIT = `query($filter: DeletionAuditFilter, $first: Int, $after: String) {
  deletionAudit(filter: $filter, first: $first, after: $after) {
    nextCursor
    records { id apiKeyId via requestId idempotencyKey integratedAccountId integration targetId input dryRun state outcome errorCode errorMessage
      calls { method url status durationMs attempt planned body } snapshot startedAt finishedAt }
  }
}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function zendeskRoutes(id = '35436', delayMs = 0): void {
  fake
    .on(`GET /zd/api/v2/users/${id}`, async () => (await sleep(delayMs), { body: fixture('zendesk', 'user.json') }))
    .on(`DELETE /zd/api/v2/users/${id}`, async () => (await sleep(delayMs), { body: { user: { id: Number(id), active: false, name: 'Johnny Agent' } } }));
}

function githubRoutes(org = 'acme'): void {
  fake
    .on(`GET /gh/orgs/${org}/memberships/octocat`, { body: fixture('github', 'membership-active.json') })
    .on('GET /gh/users/octocat', { body: fixture('github', 'user.json') })
    .on(`DELETE /gh/orgs/${org}/members/octocat`, { status: 204 });
}

function count(method: string, path: string): number {
  return fake.requests.filter((r) => r.method === method && r.path === path).length;
}

async function restDelete(id: string, query: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${svc.url}/unified/user-directory/users/${encodeURIComponent(id)}?${query}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, ...headers },
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  fake = await startFake();
  svc = await startService();
  const zd = { integration: 'zendesk', credentials: { method: 'api_token', email: 'admin@acme.com', apiToken: ZD_TOKEN }, context: { subdomain: 'acme' }, baseUrl: `${fake.url}/zd` };
  acc.zendesk = await createAccount(svc, zd);
  acc.zendesk2 = await createAccount(svc, zd);
  acc.github = await createAccount(svc, { integration: 'github', credentials: { token: GH_TOKEN }, baseUrl: `${fake.url}/gh` });
  acc.asana = await createAccount(svc, { integration: 'asana', credentials: { method: 'personal_access_token', token: ASANA_TOKEN }, baseUrl: `${fake.url}/asana` });
});
afterAll(async () => {
  await svc?.stop();
  await fake?.stop();
});
beforeEach(() => fake.reset());

describe('outcome', () => {
  it('says what happened at the vendor, with the audit record id, for each kind the integration declares', async () => {
    zendeskRoutes();
    const zd = await svc.gql(DELETE, { id: '35436', acc: acc.zendesk });
    expect(zd.body.errors).toBeUndefined();
    expect(zd.body.data.deleteUser.deletion).toMatchObject({ outcome: 'DELETED', dryRun: false, replayed: false, originalAuditId: null });
    expect(zd.body.data.deleteUser.deletion.auditId).toMatch(/^aud_/);

    githubRoutes();
    const gh = await svc.gql(DELETE, { id: 'octocat', acc: acc.github, input: { organizationId: 'acme' } });
    expect(gh.body.data.deleteUser.deletion.outcome).toBe('REMOVED_FROM_CONTAINER');
    // The membership, the profile, the account's first deletion's owner lookup (GET /user), then the removal.
    expect(gh.body.data.deleteUser.deletion.calls.map((c: { method: string; url: string; status: number }) => `${c.method} ${new URL(c.url).pathname} ${c.status}`)).toEqual([
      'GET /gh/orgs/acme/memberships/octocat 200',
      'GET /gh/users/octocat 200',
      'GET /gh/user 200',
      'DELETE /gh/orgs/acme/members/octocat 204',
    ]);

    // DEACTIVATED: Postman has no user DELETE; SCIM PATCH active:false deactivates
    const postman = (await import('./scenarios/postman-scim.js')).scenario;
    const pmAcc = await createAccount(svc, postman.account(fake.url));
    postman.routes(fake);
    const pm = await svc.gql(DELETE, { id: postman.id, acc: pmAcc });
    expect(pm.body.data.deleteUser.deletion.outcome).toBe('DEACTIVATED');
    expect(fake.requests.at(-1)).toMatchObject({ method: 'PATCH', body: { Operations: [{ op: 'replace', value: { active: false } }] } });

    const integrations = await svc.gql('{ integrations { slug implemented outcome } }');
    const declared = Object.fromEntries(integrations.body.data.integrations.filter((i: { implemented: boolean }) => i.implemented).map((i: { slug: string; outcome: string }) => [i.slug, i.outcome]));
    expect(declared).toMatchObject({
      zendesk: 'DELETED',
      okta: 'DELETED',
      github: 'REMOVED_FROM_CONTAINER',
      asana: 'REMOVED_FROM_CONTAINER',
      'slack-enterprise': 'REMOVED_FROM_CONTAINER',
      'postman-scim': 'DEACTIVATED',
    });
    for (const o of Object.values(declared)) expect(['DELETED', 'DEACTIVATED', 'REMOVED_FROM_CONTAINER']).toContain(o);
  });
});

describe('already absent', () => {
  it('a 404 without an earlier deletion by this service is NOT_FOUND (a typo must not look like success)', async () => {
    fake.on('GET /gh/orgs/acme/memberships/nobody', { status: 404, body: { message: 'Not Found' } });
    const res = await svc.gql(DELETE, { id: 'nobody', acc: acc.github, input: { organizationId: 'acme' } });
    expect(res.body.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  it('a 404 after this service removed the user (same account, same params) is ALREADY_ABSENT with the earlier snapshot', async () => {
    githubRoutes('absent-org');
    const first = await svc.gql(DELETE, { id: 'octocat', acc: acc.github, input: { organizationId: 'absent-org' } });
    expect(first.body.data.deleteUser.deletionOutcome).toBe('REMOVED_FROM_CONTAINER');

    fake.reset();
    fake.on('GET /gh/orgs/absent-org/memberships/octocat', { status: 404, body: { message: 'Not Found' } });
    const again = await svc.gql(DELETE, { id: 'octocat', acc: acc.github, input: { organizationId: 'absent-org' } });
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data.deleteUser).toMatchObject({ id: 'octocat', name: 'monalisa octocat', deletionOutcome: 'ALREADY_ABSENT' });
    expect(again.body.data.deleteUser.deletion.outcome).toBe('ALREADY_ABSENT');
    expect(fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);

    // another org, another account, or only a dry run earlier: NOT_FOUND
    fake.on('GET /gh/orgs/other-org/memberships/octocat', { status: 404, body: { message: 'Not Found' } });
    const otherOrg = await svc.gql(DELETE, { id: 'octocat', acc: acc.github, input: { organizationId: 'other-org' } });
    expect(otherOrg.body.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  it('an earlier dry run or another account does not count', async () => {
    zendeskRoutes('777');
    const dry = await svc.gql(DELETE, { id: '777', acc: acc.zendesk, input: { dryRun: true } });
    expect(dry.body.data.deleteUser.deletion.dryRun).toBe(true);
    fake.reset();
    fake.on('GET /zd/api/v2/users/777', { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } });
    const after = await svc.gql(DELETE, { id: '777', acc: acc.zendesk });
    expect(after.body.errors![0]!.extensions!.code).toBe('NOT_FOUND');

    fake.reset();
    zendeskRoutes('778');
    await svc.gql(DELETE, { id: '778', acc: acc.zendesk });
    fake.reset();
    fake.on('GET /zd/api/v2/users/778', { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } });
    const other = await svc.gql(DELETE, { id: '778', acc: acc.zendesk2 });
    expect(other.body.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const same = await svc.gql(DELETE, { id: '778', acc: acc.zendesk });
    expect(same.body.data.deleteUser.deletionOutcome).toBe('ALREADY_ABSENT');
  });
});

describe('Idempotency-Key', () => {
  it('replays the stored result without calling the vendor again (GraphQL and REST)', async () => {
    zendeskRoutes('900');
    const headers = { 'idempotency-key': 'offboard-900' };
    const first = await svc.gql(DELETE, { id: '900', acc: acc.zendesk }, { headers });
    const second = await svc.gql(DELETE, { id: '900', acc: acc.zendesk }, { headers });
    expect(count('DELETE', '/zd/api/v2/users/900')).toBe(1);
    expect(count('GET', '/zd/api/v2/users/900')).toBe(1);
    const a = first.body.data.deleteUser;
    const b = second.body.data.deleteUser;
    expect(b).toMatchObject({ id: a.id, name: a.name, deletionOutcome: 'DELETED' });
    expect(b.deletion).toMatchObject({ replayed: true, originalAuditId: a.deletion.auditId, calls: [] });
    expect(b.deletion.auditId).not.toBe(a.deletion.auditId);

    fake.reset();
    zendeskRoutes('901');
    const r1 = await restDelete('901', `integrated_account_id=${acc.zendesk}`, { 'idempotency-key': 'rest-901' });
    const r2 = await restDelete('901', `integrated_account_id=${acc.zendesk}`, { 'idempotency-key': 'rest-901' });
    expect(r1.status).toBe(200);
    expect(r2.status).toBe(200);
    expect(r2.headers.get('idempotent-replayed')).toBe('true');
    expect(r2.body.deletion).toMatchObject({ replayed: true, original_audit_id: r1.body.deletion.audit_id });
    expect({ ...r2.body, deletion: null }).toEqual({ ...r1.body, deletion: null });
    expect(count('DELETE', '/zd/api/v2/users/901')).toBe(1);
    // raw format replays the vendor's stored answer too
    const raw = await fetch(`${svc.url}/unified/user-directory/users/901?integrated_account_id=${acc.zendesk}&truto_response_format=raw`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'idempotency-key': 'rest-901' },
    });
    expect(await raw.json()).toEqual({ user: { id: 901, active: false, name: 'Johnny Agent' } });
    expect(count('DELETE', '/zd/api/v2/users/901')).toBe(1);
  });

  it('refuses the same key with a different request, naming the problem', async () => {
    zendeskRoutes('910');
    const headers = { 'idempotency-key': 'offboard-910' };
    await svc.gql(DELETE, { id: '910', acc: acc.zendesk }, { headers });
    const other = await svc.gql(DELETE, { id: '911', acc: acc.zendesk }, { headers });
    expect(other.body.errors![0]!.extensions!.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(other.body.errors![0]!.message).toMatch(/different request/);
    const rest = await restDelete('911', `integrated_account_id=${acc.zendesk}`, headers);
    expect(rest.status).toBe(422);
    expect(rest.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(fake.requests.filter((r) => r.path.endsWith('/911'))).toEqual([]);
  });

  it('two concurrent requests with one key call the vendor once', async () => {
    zendeskRoutes('920', 150);
    const headers = { 'idempotency-key': 'offboard-920' };
    const results = await Promise.all(Array.from({ length: 5 }, () => svc.gql(DELETE, { id: '920', acc: acc.zendesk }, { headers })));
    expect(results.every((r) => r.body.errors === undefined)).toBe(true);
    expect(count('DELETE', '/zd/api/v2/users/920')).toBe(1);
    expect(results.filter((r) => !r.body.data.deleteUser.deletion.replayed)).toHaveLength(1);
  });

  it('a failed request releases the key, so a retry with it really retries', async () => {
    fake.on('GET /zd/api/v2/users/930', { status: 401, body: { error: 'Couldn\'t authenticate you' } }, { body: fixture('zendesk', 'user.json') });
    fake.on('DELETE /zd/api/v2/users/930', { body: { user: { id: 930, active: false } } });
    const headers = { 'idempotency-key': 'offboard-930' };
    const failed = await svc.gql(DELETE, { id: '930', acc: acc.zendesk }, { headers });
    expect(failed.body.errors![0]!.extensions!.code).toBe('REAUTH_REQUIRED');
    const retried = await svc.gql(DELETE, { id: '930', acc: acc.zendesk }, { headers });
    expect(retried.body.data.deleteUser.deletion.replayed).toBe(false);
    expect(count('DELETE', '/zd/api/v2/users/930')).toBe(1);
  });

  it('refuses a malformed key', async () => {
    const res = await svc.gql(DELETE, { id: '1', acc: acc.zendesk }, { headers: { 'idempotency-key': 'x'.repeat(300) } });
    expect(res.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(fake.requests).toEqual([]);
  });
});

describe('dry run', () => {
  it('reads the user and returns the calls that would be made, without any destructive call', async () => {
    fake
      .on('GET /asana/users/12345', { body: fixture('asana', 'user.json') })
      .on('GET /asana/users/12345/workspace_memberships', { body: fixture('asana', 'workspace-memberships.json') });
    const res = await svc.gql(DELETE, { id: '12345', acc: acc.asana, input: { removeFrom: 'ORGANIZATION', removeFromId: '1331', dryRun: true } });
    expect(res.body.errors).toBeUndefined();
    const d = res.body.data.deleteUser;
    expect(d.name).toBe('Greg Sanchez');
    expect(d.deletion).toMatchObject({ outcome: 'REMOVED_FROM_CONTAINER', dryRun: true, replayed: false });
    expect(fake.requests.map((r) => r.method)).toEqual(['GET', 'GET']);
    const planned = d.deletion.calls.filter((c: { planned: boolean }) => c.planned);
    expect(planned).toEqual([
      { method: 'POST', url: `${fake.url}/asana/workspaces/1331/removeUser`, status: null, durationMs: 0, attempt: 1, planned: true, body: { data: { user: '12345' } } },
    ]);
    expect(JSON.stringify(res.body)).not.toContain(ASANA_TOKEN);
  });

  it('REST dry_run=true does the same; raw with dry_run is refused', async () => {
    zendeskRoutes('940');
    const r = await restDelete('940', `integrated_account_id=${acc.zendesk}&dry_run=true`);
    expect(r.status).toBe(200);
    expect(r.body.deletion).toMatchObject({ dry_run: true, outcome: 'deleted' });
    expect(r.body.deletion.calls.map((c: { method: string; planned: boolean }) => `${c.method} ${c.planned}`)).toEqual(['GET false', 'DELETE true']);
    expect(count('DELETE', '/zd/api/v2/users/940')).toBe(0);
    const raw = await restDelete('940', `integrated_account_id=${acc.zendesk}&dry_run=true&truto_response_format=raw`);
    expect(raw.status).toBe(400);
    expect(raw.body.error.params).toEqual(['dry_run', 'truto_response_format']);
  });

  it('still validates everything', async () => {
    const res = await svc.gql(DELETE, { id: 'octocat', acc: acc.github, input: { dryRun: true } });
    expect(res.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(fake.requests).toEqual([]);
  });
});

describe('audit trail', () => {
  it('records every attempt with its calls, snapshot, outcome or error, and pages through them', async () => {
    const target = 'audit-7';
    fake.on(`GET /gh/orgs/audit-org/memberships/${target}`, { body: fixture('github', 'membership-active.json') });
    fake.on(`GET /gh/users/${target}`, { body: fixture('github', 'user.json') });
    fake.on(`DELETE /gh/orgs/audit-org/members/${target}`, { status: 204 });
    const ok = await svc.gql(DELETE, { id: target, acc: acc.github, input: { organizationId: 'audit-org' } }, { headers: { 'x-request-id': 'req-audit-1' } });
    const bad = await svc.gql(DELETE, { id: target, acc: acc.github, input: { organizationId: 'audit-org', permanent: true } });
    expect(bad.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const dry = await svc.gql(DELETE, { id: target, acc: acc.github, input: { organizationId: 'audit-org', dryRun: true } });
    const rest = await restDelete(target, `integrated_account_id=${acc.github}&organization_id=audit-org`);
    expect(rest.status).toBe(200);

    const all = await svc.gql(AUDIT, { filter: { targetId: target } });
    expect(all.body.errors).toBeUndefined();
    const records = all.body.data.deletionAudit.records;
    expect(records).toHaveLength(4);
    const [r4, r3, r2, r1] = records; // newest first
    expect(r1).toMatchObject({
      id: ok.body.data.deleteUser.deletion.auditId,
      via: 'graphql',
      requestId: 'req-audit-1',
      integratedAccountId: acc.github,
      integration: 'github',
      targetId: target,
      input: { params: { organizationId: 'audit-org' }, remoteQuery: null, dryRun: false },
      dryRun: false,
      state: 'SUCCEEDED',
      outcome: 'REMOVED_FROM_CONTAINER',
      errorCode: null,
    });
    expect(r1.apiKeyId).toBeTruthy();
    expect(r1.calls.map((c: { method: string; url: string; status: number }) => `${c.method} ${new URL(c.url).pathname} ${c.status}`)).toEqual([
      `GET /gh/orgs/audit-org/memberships/${target} 200`,
      `GET /gh/users/${target} 200`,
      `DELETE /gh/orgs/audit-org/members/${target} 204`,
    ]);
    for (const c of r1.calls) expect(c.durationMs).toBeGreaterThanOrEqual(0);
    expect(r1.snapshot).toMatchObject({ username: 'octocat', name: 'monalisa octocat', status: 'ACTIVE' });
    expect(new Date(r1.finishedAt).getTime()).toBeGreaterThanOrEqual(new Date(r1.startedAt).getTime());
    expect(r2).toMatchObject({ state: 'FAILED', errorCode: 'BAD_USER_INPUT', outcome: null, calls: [] });
    expect(r2.errorMessage).toMatch(/permanent/);
    expect(r3).toMatchObject({ dryRun: true, state: 'SUCCEEDED', outcome: 'REMOVED_FROM_CONTAINER', id: dry.body.data.deleteUser.deletion.auditId });
    expect(r3.calls.at(-1)).toMatchObject({ method: 'DELETE', planned: true });
    expect(r4).toMatchObject({ via: 'rest', id: rest.body.deletion.audit_id, outcome: 'REMOVED_FROM_CONTAINER' });
    expect(JSON.stringify(records)).not.toContain(GH_TOKEN);

    // filters
    const failed = await svc.gql(AUDIT, { filter: { targetId: target, state: 'FAILED' } });
    expect(failed.body.data.deletionAudit.records.map((r: { id: string }) => r.id)).toEqual([r2.id]);
    const dryOnly = await svc.gql(AUDIT, { filter: { targetId: target, dryRun: true } });
    expect(dryOnly.body.data.deletionAudit.records.map((r: { id: string }) => r.id)).toEqual([r3.id]);
    const byIntegration = await svc.gql(AUDIT, { filter: { integration: 'github', targetId: target, outcome: 'REMOVED_FROM_CONTAINER' }, first: 500 });
    expect(byIntegration.body.data.deletionAudit.records).toHaveLength(3);
    const future = await svc.gql(AUDIT, { filter: { targetId: target, from: new Date(Date.now() + 60_000).toISOString() } });
    expect(future.body.data.deletionAudit.records).toEqual([]);
    const window = await svc.gql(AUDIT, { filter: { targetId: target, from: r1.startedAt, to: new Date(Date.now() + 1000).toISOString() } });
    expect(window.body.data.deletionAudit.records).toHaveLength(4);

    // paging: 2 + 2, then no cursor
    const p1 = await svc.gql(AUDIT, { filter: { targetId: target }, first: 2 });
    const p2 = await svc.gql(AUDIT, { filter: { targetId: target }, first: 2, after: p1.body.data.deletionAudit.nextCursor });
    expect([...p1.body.data.deletionAudit.records, ...p2.body.data.deletionAudit.records].map((r: { id: string }) => r.id)).toEqual(records.map((r: { id: string }) => r.id));
    expect(p2.body.data.deletionAudit.nextCursor).toBeNull();
    const tooMany = await svc.gql(AUDIT, { first: 501 });
    expect(tooMany.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');

    // export as JSON lines, oldest first
    const exp = await fetch(`${svc.url}/deletion-audit/export?target_id=${target}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(exp.headers.get('content-type')).toMatch(/ndjson/);
    const lines = (await exp.text()).trim().split('\n').map((l) => JSON.parse(l) as { id: string; outcome: string });
    expect(lines.map((l) => l.id)).toEqual(records.map((r: { id: string }) => r.id).reverse());
    const badFilter = await fetch(`${svc.url}/deletion-audit/export?outcome=gone`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(badFilter.status).toBe(400);
    const noKey = await fetch(`${svc.url}/deletion-audit/export`);
    expect(noKey.status).toBe(401);
  });

  it('has no way to change or delete a record through the API', async () => {
    const schema = await svc.gql('{ __schema { mutationType { fields { name } } } }');
    const mutations = schema.body.data.__schema.mutationType.fields.map((f: { name: string }) => f.name);
    expect(mutations.filter((m: string) => /audit/i.test(m))).toEqual([]);
  });

  it('a failed final audit write does not turn a done deletion into an error (logged, record stays STARTED)', async () => {
    zendeskRoutes('990');
    const spy = vi.spyOn(AuditStore.prototype, 'finish').mockRejectedValueOnce(new Error('disk full'));
    try {
      const res = await svc.gql(DELETE, { id: '990', acc: acc.zendesk });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.deleteUser.deletionOutcome).toBe('DELETED');
      const rec = await svc.gql(`query($id: ID!) { deletionAuditRecord(id: $id) { state } }`, { id: res.body.data.deleteUser.deletion.auditId });
      expect(rec.body.data.deletionAuditRecord.state).toBe('STARTED');
      expect(svc.logs.some((l) => l.includes('could not complete the audit record'))).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });

  it('records an attempt on an unknown account too', async () => {
    await svc.gql(DELETE, { id: 'x', acc: 'no-such-account' });
    const res = await svc.gql(AUDIT, { filter: { integratedAccountId: 'no-such-account' } });
    expect(res.body.data.deletionAudit.records[0]).toMatchObject({ state: 'FAILED', errorCode: 'INTEGRATED_ACCOUNT_NOT_FOUND', integration: null });
  });
});

describe('per-account concurrency', () => {
  it('keeps at most VENDOR_CONCURRENCY_PER_ACCOUNT vendor calls in flight per account, without starving other accounts', async () => {
    const limited = await startService({ VENDOR_CONCURRENCY_PER_ACCOUNT: '2' });
    try {
      const zd = { integration: 'zendesk', credentials: { method: 'api_token', email: 'admin@acme.com', apiToken: ZD_TOKEN }, context: { subdomain: 'acme' } };
      const a = await createAccount(limited, { ...zd, baseUrl: `${fake.url}/a` });
      const b = await createAccount(limited, { ...zd, baseUrl: `${fake.url}/b` });
      const inFlight = { a: 0, b: 0 };
      const peak = { a: 0, b: 0 };
      const slow = (which: 'a' | 'b', reply: () => object) => async () => {
        inFlight[which]++;
        peak[which] = Math.max(peak[which], inFlight[which]);
        await sleep(60);
        inFlight[which]--;
        return reply();
      };
      const ids = Array.from({ length: 8 }, (_, i) => String(5000 + i));
      for (const which of ['a', 'b'] as const) {
        for (const id of ids) {
          fake.on(`GET /${which}/api/v2/users/${id}`, slow(which, () => ({ body: fixture('zendesk', 'user.json') })));
          fake.on(`DELETE /${which}/api/v2/users/${id}`, slow(which, () => ({ body: { user: { id: Number(id), active: false } } })));
        }
      }
      const done: string[] = [];
      const track = (label: string) => <T>(r: T) => (done.push(label), r);
      const results = await Promise.all([
        ...ids.map((id) => limited.gql(DELETE, { id, acc: a }).then(track('a'))),
        ...ids.slice(0, 2).map((id) => limited.gql(DELETE, { id, acc: b }).then(track('b'))),
      ]);
      expect(results.every((r) => r.body.errors === undefined)).toBe(true);
      expect(peak.a).toBe(2);
      expect(peak.b).toBeLessThanOrEqual(2);
      expect(fake.unexpected).toEqual([]);
      // account b's two deletions do not wait for account a's queue of eight
      expect(done.lastIndexOf('b')).toBeLessThan(done.lastIndexOf('a'));
      expect(done.indexOf('b')).toBeLessThan(4);
    } finally {
      await limited.stop();
    }
  });
});
