/**
 * Offboarding a person by email (offboardingPlan, offboardUser, offboarding) through the running
 * service, against the fakes of several vendors at once: HubSpot finding the user, Freshservice
 * finding two users with the address, Okta without a lookup, a Freshservice account whose
 * administrator is the person (the self-deletion guard), and a HubSpot account answering 429
 * and then succeeding on the re-run. The audit trail is checked.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FakeVendor, startFake } from './helpers/fake-vendor.js';
import { fixture } from './helpers/provider.js';
import { ADMIN_KEY, createAccount, type RunningService, startService } from './helpers/service.js';

const EMAIL = 'Jane.Leaver@acme.com';
const hsUser = { ...fixture<Record<string, unknown>>('hubspot', 'user.json'), id: '3', email: 'jane.leaver@acme.com' };
const fsAgent = fixture<{ agent: Record<string, unknown> }>('freshservice', 'agent.json').agent;
const twin = (id: number) => ({ ...fsAgent, id, email: 'jane.leaver@ACME.com' });

let svc: RunningService;
const fakes: Record<'hs' | 'hs429' | 'fsTwo' | 'fsSelf' | 'okta' | 'slow1' | 'slow2', FakeVendor> = {} as never;
const acc: Record<keyof typeof fakes, string> = {} as never;

const ACCOUNT = `integratedAccountId integration status reason userId outcome auditId error { code message } matches { id email }`;
const PLAN = `query($email: String!, $ids: [ID!]) { offboardingPlan(email: $email, integratedAccountIds: $ids) { email accounts { ${ACCOUNT} calls { method url planned } } } }`;
const RUN = `mutation($email: String!, $ids: [ID!]) { offboardUser(email: $email, integratedAccountIds: $ids) { id state runs accounts { ${ACCOUNT} } } }`;
const GET = `query($id: ID!) { offboarding(id: $id) { id state runs accounts { ${ACCOUNT} } } }`;
const AUDIT = `query($f: DeletionAuditFilter) { deletionAudit(filter: $f, first: 50) { records { id integratedAccountId targetId dryRun state outcome errorCode } } }`;

type Acc = { integratedAccountId: string; status: string; outcome: string | null; auditId: string | null; userId: string | null; reason: string | null; error: { code: string } | null; matches: Array<{ id: string }>; calls?: Array<{ method: string; planned: boolean }> };
const MAIN = () => [acc.hs, acc.hs429, acc.fsTwo, acc.fsSelf, acc.okta];
const byAccount = (accounts: Acc[]) => Object.fromEntries(accounts.map((a) => [Object.entries(acc).find(([, id]) => id === a.integratedAccountId)![0], a])) as Record<keyof typeof fakes, Acc>;
const writes = (f: FakeVendor) => f.requests.filter((r) => r.method !== 'GET');

function route(): void {
  fakes.hs.on('GET /settings/v3/users/Jane.Leaver%40acme.com', { body: hsUser }).on('GET /settings/v3/users/3', { body: hsUser }).on('DELETE /settings/v3/users/3', { status: 204 });
  fakes.hs429.on('GET /settings/v3/users/Jane.Leaver%40acme.com', { body: { ...hsUser, id: '7' } }).on('GET /settings/v3/users/7', { body: { ...hsUser, id: '7' } });
  fakes.fsTwo.on('GET /api/v2/agents', { body: { agents: [twin(21), twin(22), { ...fsAgent, id: 23, email: 'jane.leaver@acme.com.evil' }] } });
  const self = twin(31);
  fakes.fsSelf.on('GET /api/v2/agents', { body: { agents: [self] } }).on('GET /api/v2/agents/31', { body: { agent: self } }).on('GET /api/v2/agents/me', { body: { agent: self } });
}

beforeAll(async () => {
  for (const k of ['hs', 'hs429', 'fsTwo', 'fsSelf', 'okta', 'slow1', 'slow2'] as const) fakes[k] = await startFake();
  svc = await startService({ VENDOR_MAX_ATTEMPTS: '1' });
  const hubspot = (f: FakeVendor) => ({ integration: 'hubspot', credentials: { method: 'private_app', accessToken: `pat-na1-offboard-${f.url.slice(-5)}` }, baseUrl: f.url });
  const freshservice = (f: FakeVendor) => ({ integration: 'freshservice', credentials: { method: 'api_key', apiKey: `fs-offboard-key-${f.url.slice(-5)}` }, context: { subdomain: 'acme' }, baseUrl: `${f.url}/api/v2` });
  acc.hs = await createAccount(svc, hubspot(fakes.hs));
  acc.hs429 = await createAccount(svc, hubspot(fakes.hs429));
  acc.fsTwo = await createAccount(svc, freshservice(fakes.fsTwo));
  acc.fsSelf = await createAccount(svc, freshservice(fakes.fsSelf));
  acc.slow1 = await createAccount(svc, hubspot(fakes.slow1));
  acc.slow2 = await createAccount(svc, hubspot(fakes.slow2));
  acc.okta = await createAccount(svc, { integration: 'okta', credentials: { method: 'api_token', apiToken: '00offboard-okta-token' }, context: { domain: 'acme.okta.com' }, baseUrl: fakes.okta.url });
});
afterAll(async () => {
  await svc?.stop();
  for (const f of Object.values(fakes)) await f?.stop();
});

describe('offboarding by email', () => {
  it('integrations say whether they have a lookup by email', async () => {
    const res = await svc.gql(`{ integrations { slug lookup lookupUnavailable } }`);
    const bySlug = Object.fromEntries((res.body.data.integrations as Array<{ slug: string; lookup: boolean; lookupUnavailable: string | null }>).map((i) => [i.slug, i]));
    expect(bySlug.hubspot).toEqual({ slug: 'hubspot', lookup: true, lookupUnavailable: null });
    expect(bySlug.okta!.lookup).toBe(false);
    expect(bySlug.okta!.lookupUnavailable).toMatch(/no lookup/);
  });

  it('plans without changing anything at any vendor: one match, two matches, no lookup, the admin', async () => {
    for (const f of Object.values(fakes)) f.reset();
    route();
    const res = await svc.gql(PLAN, { email: EMAIL, ids: MAIN() });
    expect(res.body.errors).toBeUndefined();
    const a = byAccount(res.body.data.offboardingPlan.accounts);
    expect(a.hs).toMatchObject({ status: 'READY', userId: '3', outcome: 'DELETED', matches: [{ id: '3' }] });
    expect(a.hs.calls).toContainEqual(expect.objectContaining({ method: 'DELETE', planned: true }));
    expect(a.hs429).toMatchObject({ status: 'READY', userId: '7' });
    expect(a.fsTwo).toMatchObject({ status: 'SEVERAL_MATCHES', userId: null, outcome: null, matches: [{ id: '21' }, { id: '22' }] });
    expect(a.okta.status).toBe('NEEDS_VENDOR_ID');
    expect(a.okta.reason).toMatch(/needs the vendor id/);
    expect(a.fsSelf.status).toBe('SKIPPED_SELF');
    expect(a.fsSelf.reason).toMatch(/own administrator/);
    for (const f of Object.values(fakes)) expect(writes(f)).toEqual([]);
    // The vendors were asked with the address as given; exact matches only.
    expect(fakes.fsTwo.requests[0]!.query).toMatchObject({ email: EMAIL });
  });

  it('refuses a bad address and accounts of nobody, naming what is wrong', async () => {
    const bad = await svc.gql(PLAN, { email: 'not-an-address' });
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.body.errors?.[0]?.message).toMatch(/email must be an email address/);
    const unknown = await svc.gql(RUN, { email: EMAIL, ids: ['acc_nobody'] });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(unknown.body.errors?.[0]?.message).toMatch(/integratedAccountIds: no integrated account "acc_nobody"/);
  });

  it('removes where exactly one user matches, records the run, and a re-run with the same key finishes what failed', async () => {
    for (const f of Object.values(fakes)) f.reset();
    route();
    fakes.hs429.on('DELETE /settings/v3/users/7', {
      status: 429,
      body: { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' },
    });
    const key = { headers: { 'idempotency-key': 'offboard-jane-1' } };
    const first = await svc.gql(RUN, { email: EMAIL, ids: MAIN() }, key);
    expect(first.body.errors).toBeUndefined();
    const run = first.body.data.offboardUser;
    expect(run).toMatchObject({ state: 'FINISHED', runs: 1 });
    let a = byAccount(run.accounts);
    expect(a.hs).toMatchObject({ status: 'REMOVED', outcome: 'DELETED', userId: '3' });
    expect(a.hs429).toMatchObject({ status: 'FAILED', userId: '7', error: { code: 'RATE_LIMITED' } });
    expect(a.hs429.auditId).toMatch(/^aud_/);
    expect(a.fsTwo.status).toBe('SEVERAL_MATCHES');
    expect(a.okta.status).toBe('NEEDS_VENDOR_ID');
    expect(a.fsSelf.status).toBe('SKIPPED_SELF');
    expect(writes(fakes.hs).map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /settings/v3/users/3']);
    for (const f of [fakes.fsTwo, fakes.fsSelf, fakes.okta]) expect(writes(f)).toEqual([]);

    // Recorded: offboarding(id) answers the same.
    const stored = await svc.gql(GET, { id: run.id });
    expect(stored.body.data.offboarding).toEqual(run);

    // The audit trail: one real deletion record per account deleted from, named by the run.
    const audit = await svc.gql(AUDIT, { f: { dryRun: false } });
    const records = audit.body.data.deletionAudit.records as Array<{ id: string; integratedAccountId: string; targetId: string; state: string; outcome: string | null; errorCode: string | null }>;
    expect(records.find((r) => r.id === a.hs.auditId)).toMatchObject({ integratedAccountId: acc.hs, targetId: '3', state: 'SUCCEEDED', outcome: 'DELETED' });
    expect(records.find((r) => r.id === a.hs429.auditId)).toMatchObject({ integratedAccountId: acc.hs429, targetId: '7', state: 'FAILED', errorCode: 'RATE_LIMITED' });
    // The admin's refusal by the self-deletion guard is audited as such; two matches: no deletion at all.
    expect(records.filter((r) => r.integratedAccountId === acc.fsSelf)).toEqual([expect.objectContaining({ id: a.fsSelf.auditId, targetId: '31', state: 'FAILED', errorCode: 'FORBIDDEN' })]);
    expect(records.filter((r) => r.integratedAccountId === acc.fsTwo || r.integratedAccountId === acc.okta)).toEqual([]);

    // The vendors now: HubSpot's user 3 is gone, the rate limit is over.
    fakes.hs.reset();
    fakes.hs.on('GET /settings/v3/users/3', { status: 404, body: { status: 'error', message: 'resource not found', category: 'OBJECT_NOT_FOUND' } });
    fakes.hs429.reset();
    fakes.hs429.on('GET /settings/v3/users/7', { body: { ...hsUser, id: '7' } }).on('DELETE /settings/v3/users/7', { status: 204 });
    const again = await svc.gql(RUN, { email: EMAIL, ids: MAIN() }, key);
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data.offboardUser).toMatchObject({ id: run.id, state: 'FINISHED', runs: 2 });
    a = byAccount(again.body.data.offboardUser.accounts);
    expect(a.hs).toMatchObject({ status: 'REMOVED', outcome: 'ALREADY_ABSENT', error: null });
    expect(a.hs429).toMatchObject({ status: 'REMOVED', outcome: 'DELETED', error: null });
    expect(a.fsTwo.status).toBe('SEVERAL_MATCHES');
    expect(writes(fakes.hs)).toEqual([]);
    expect(writes(fakes.hs429).map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /settings/v3/users/7']);

    // Everything done: the same key answers the run as it stands, with no vendor call.
    fakes.hs429.reset();
    fakes.hs.reset();
    const third = await svc.gql(RUN, { email: EMAIL, ids: MAIN() }, key);
    expect(third.body.data.offboardUser).toEqual(again.body.data.offboardUser);
    expect([...fakes.hs.requests, ...fakes.hs429.requests]).toEqual([]);

    // The key belongs to this offboarding: another address is refused.
    const other = await svc.gql(RUN, { email: 'someone.else@acme.com', ids: MAIN() }, key);
    expect(other.body.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('an unknown offboarding id is NOT_FOUND', async () => {
    const res = await svc.gql(GET, { id: 'off_nothing' });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

/** Both accounts' DELETEs wait for `release`; `arrived` counts those that reached the vendor. */
function gated() {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const arrived: string[] = [];
  for (const [k, id] of [['slow1', '41'], ['slow2', '42']] as const) {
    const f = fakes[k];
    f.reset();
    const u = { ...hsUser, id };
    f.on('GET /settings/v3/users/Jane.Leaver%40acme.com', { body: u }).on(`GET /settings/v3/users/${id}`, { body: u });
    f.on(`DELETE /settings/v3/users/${id}`, async () => {
      arrived.push(k);
      await gate;
      return { status: 204 };
    });
  }
  return { release, arrived };
}

describe('long runs', () => {
  it('works on accounts in parallel, answers RUNNING at the deadline, and continues in the background', async () => {
    const { release, arrived } = gated();
    const res = await svc.gql(RUN, { email: EMAIL, ids: [acc.slow1, acc.slow2] }, { headers: { 'x-request-deadline-ms': '1000' } });
    expect(res.body.errors).toBeUndefined();
    const run = res.body.data.offboardUser;
    expect(run.state).toBe('RUNNING');
    // Both deletions reached their vendor while neither had an answer: the accounts run at once.
    await vi.waitFor(() => expect([...arrived].sort()).toEqual(['slow1', 'slow2']));
    const during = await svc.gql(GET, { id: run.id });
    expect(during.body.data.offboarding.state).toBe('RUNNING');
    expect(during.body.data.offboarding.accounts.map((a: Acc) => a.status)).toEqual(['PENDING', 'PENDING']);
    release();
    await vi.waitFor(async () => {
      const now = await svc.gql(GET, { id: run.id });
      expect(now.body.data.offboarding.state).toBe('FINISHED');
    });
    const done = (await svc.gql(GET, { id: run.id })).body.data.offboarding;
    expect(done.accounts.map((a: Acc) => [a.status, a.outcome])).toEqual([
      ['REMOVED', 'DELETED'],
      ['REMOVED', 'DELETED'],
    ]);
  });
});

describe('REST', () => {
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${svc.url}/unified/user-directory/offboardings`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('plans, runs (200 finished, 202 running with its Location) and reads a run', async () => {
    fakes.hs.reset();
    fakes.hs.on('GET /settings/v3/users/Jane.Leaver%40acme.com', { body: { ...hsUser, id: '5' } }).on('GET /settings/v3/users/5', { body: { ...hsUser, id: '5' } }).on('DELETE /settings/v3/users/5', { status: 204 });
    const plan = await post({ email: EMAIL, integrated_account_ids: [acc.hs], plan: true });
    expect(plan.status).toBe(200);
    const planned = (await plan.json()) as { accounts: Array<Record<string, unknown>> };
    expect(planned.accounts[0]).toMatchObject({ integrated_account_id: acc.hs, status: 'ready', user_id: '5', outcome: 'deleted' });
    expect(writes(fakes.hs)).toEqual([]);

    const ran = await post({ email: EMAIL, integrated_account_ids: [acc.hs] }, { 'idempotency-key': 'rest-offboard-1' });
    expect(ran.status).toBe(200);
    const body = (await ran.json()) as { id: string; state: string; accounts: Array<Record<string, unknown>> };
    expect(body).toMatchObject({ state: 'finished', accounts: [{ status: 'removed', outcome: 'deleted', user_id: '5' }] });
    const read = await fetch(`${svc.url}/unified/user-directory/offboardings/${body.id}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id: body.id, state: 'finished' });

    const { release } = gated();
    const slow = await post({ email: EMAIL, integrated_account_ids: [acc.slow1] }, { 'x-request-deadline-ms': '1000' });
    expect(slow.status).toBe(202);
    const running = (await slow.json()) as { id: string };
    expect(slow.headers.get('location')).toBe(`/unified/user-directory/offboardings/${running.id}`);
    release();
  });

  it('refuses what it does not know, naming it', async () => {
    const unknownField = await post({ email: EMAIL, accounts: [] });
    expect(unknownField.status).toBe(400);
    expect(((await unknownField.json()) as { error: { message: string } }).error.message).toMatch(/Unknown fields: accounts/);
    const noEmail = await post({ plan: true });
    expect(noEmail.status).toBe(400);
    expect(((await noEmail.json()) as { error: { message: string } }).error.message).toMatch(/email must be an email address/);
    const wrongMethod = await fetch(`${svc.url}/unified/user-directory/offboardings`, { method: 'GET', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(wrongMethod.status).toBe(405);
    const anonymous = await fetch(`${svc.url}/unified/user-directory/offboardings`, { method: 'POST', body: '{}' });
    expect(anonymous.status).toBe(401);
  });
});

describe("an account's default params", () => {
  it('are stored with the account, checked, and used by the lookup and the deletion (Heroku needs its team)', async () => {
    const fake = await startFake();
    try {
      const members = fixture<Array<Record<string, unknown>>>('heroku', 'team-members.json');
      const member: Record<string, unknown> = { ...members[0]!, email: 'jane.leaver@acme.com' };
      const input = { integration: 'heroku', credentials: { method: 'api_key', apiKey: '01234567-89ab-cdef-0123-456789abcdef-offboard' }, baseUrl: fake.url };
      const bare = await createAccount(svc, input);
      const bad = await svc.gql(`mutation($id: ID!) { updateIntegratedAccount(id: $id, input: { defaultParams: { organizationId: "x" } }) { id } }`, { id: bare });
      expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(bad.body.errors?.[0]?.message).toMatch(/defaultParams: Heroku does not take organizationId; it takes groupId/);
      // Without its team, the plan says what the account needs.
      const without = await svc.gql(PLAN, { email: EMAIL, ids: [bare] });
      expect(without.body.data.offboardingPlan.accounts[0]).toMatchObject({ status: 'FAILED', error: { code: 'BAD_USER_INPUT' } });
      expect(without.body.data.offboardingPlan.accounts[0].error.message).toMatch(/requires groupId/);
      const set = await svc.gql(`mutation($id: ID!) { updateIntegratedAccount(id: $id, input: { defaultParams: { groupId: "example" } }) { defaultParams } }`, { id: bare });
      expect(set.body.data.updateIntegratedAccount.defaultParams).toEqual({ groupId: 'example' });
      fake.on('GET /teams/example/members', { body: [member, ...members.slice(1)] }).on(`DELETE /teams/example/members/${String(member.id)}`, { body: member });
      const plan = await svc.gql(PLAN, { email: EMAIL, ids: [bare] });
      expect(plan.body.data.offboardingPlan.accounts[0]).toMatchObject({ status: 'READY', userId: member.id, outcome: 'REMOVED_FROM_CONTAINER' });
      const run = await svc.gql(`mutation($email: String!, $ids: [ID!]) { offboardUser(email: $email, integratedAccountIds: $ids) { accounts { status outcome params } } }`, { email: EMAIL, ids: [bare] });
      expect(run.body.data.offboardUser.accounts).toEqual([{ status: 'REMOVED', outcome: 'REMOVED_FROM_CONTAINER', params: { groupId: 'example' } }]);
      expect(fake.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([`/teams/example/members/${String(member.id)}`]);
    } finally {
      await fake.stop();
    }
  });
});
