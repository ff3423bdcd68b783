/**
 * Offboarding over REST, the same use case as offboardingPlan / offboardUser / offboarding
 * (src/deletion/offboarding.ts):
 *
 * - POST /unified/user-directory/offboardings  body {"email", "integrated_account_ids"?, "plan"?}:
 *   with "plan": true the plan (200, nothing changes at any vendor); otherwise the run: 200 when
 *   it finished within the request, 202 while it continues in the background. Idempotency-Key
 *   as for deleteUser.
 * - GET /unified/user-directory/offboardings/{id}: the run as it stands.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Offboarding, OffboardingAccount, OffboardingService } from '../deletion/offboarding.js';
import type { RequestLoaders } from '../deletion/service.js';
import { AppError, badInput, toAppError } from '../errors.js';
import { headerValue, sendJson } from '../respond.js';
import { hasScope, type ApiPrincipal } from '../store/api-keys.js';
import { sendRestError } from './delete-user.js';

export const OFFBOARDINGS_PATH = /^\/unified\/user-directory\/offboardings(?:\/([^/]*))?$/;

const FIELDS = ['email', 'integrated_account_ids', 'plan'];

export async function handleRestOffboarding(
  req: IncomingMessage,
  res: ServerResponse,
  rawId: string | undefined,
  body: () => Promise<unknown>,
  deps: { offboarding: OffboardingService; loaders: () => RequestLoaders; principal: ApiPrincipal; requestId: string; deadline?: number },
): Promise<void> {
  const allowed = rawId === undefined ? 'POST' : 'GET';
  if (req.method !== allowed) {
    return sendRestError(res, new AppError('BAD_USER_INPUT', `Method ${req.method} is not allowed here; use ${allowed}`), 405, { allow: allowed });
  }
  try {
    if (!hasScope(deps.principal, 'users:delete')) throw new AppError('FORBIDDEN', 'This API key lacks the users:delete scope');
    if (rawId !== undefined) {
      let id: string;
      try {
        id = decodeURIComponent(rawId);
      } catch {
        throw badInput('The offboarding id in the path has malformed percent-encoding');
      }
      return sendJson(res, 200, shapeRun(await deps.offboarding.get(deps.principal.tenantId, id)));
    }
    const input = await body();
    if (input === null || typeof input !== 'object' || Array.isArray(input)) throw badInput('The body must be a JSON object: {"email": "...", "integrated_account_ids": [...], "plan": false}');
    const o = input as Record<string, unknown>;
    const unknown = Object.keys(o).filter((k) => !FIELDS.includes(k));
    if (unknown.length) throw badInput(`Unknown fields: ${unknown.map((u) => u.slice(0, 60)).join(', ')} (known: ${FIELDS.join(', ')})`, { params: unknown.map((u) => u.slice(0, 60)) });
    if (o.plan !== undefined && typeof o.plan !== 'boolean') throw badInput('plan must be true or false', { params: ['plan'] });
    const request = {
      email: o.email,
      integratedAccountIds: o.integrated_account_ids ?? undefined,
      principal: deps.principal,
      via: 'rest' as const,
      naming: 'rest' as const,
      idempotencyKey: headerValue(req.headers['idempotency-key']),
      requestId: deps.requestId,
      deadline: deps.deadline,
    };
    if (o.plan === true) {
      const plan = await deps.offboarding.plan(request, deps.loaders());
      return sendJson(res, 200, { email: plan.email, accounts: plan.accounts.map(shapeAccount) });
    }
    const run = await deps.offboarding.run(request, deps.loaders());
    return sendJson(res, run.state === 'FINISHED' ? 200 : 202, shapeRun(run), run.state === 'FINISHED' ? {} : { location: `/unified/user-directory/offboardings/${run.id}` });
  } catch (err) {
    return sendRestError(res, toAppError(err));
  }
}

function shapeRun(r: Offboarding): Record<string, unknown> {
  return {
    id: r.id,
    email: r.email,
    state: r.state.toLowerCase(),
    runs: r.runs,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
    accounts: r.accounts.map(shapeAccount),
  };
}

function shapeAccount(a: OffboardingAccount): Record<string, unknown> {
  return {
    integrated_account_id: a.integratedAccountId,
    integration: a.integration,
    status: a.status.toLowerCase(),
    reason: a.reason,
    matches: a.matches,
    user_id: a.userId,
    params: a.params ?? {},
    outcome: a.outcome?.toLowerCase() ?? null,
    audit_id: a.auditId,
    error: a.error,
    ...(a.calls ? { calls: a.calls.map((c) => ({ method: c.method, url: c.url, planned: c.planned ?? false })) } : {}),
  };
}
