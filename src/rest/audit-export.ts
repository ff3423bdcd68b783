/**
 * GET /deletion-audit/export: the audit trail as JSON lines (one record a line, oldest first),
 * filtered like the deletionAudit query. Streams in batches, so the export of a large trail
 * holds one batch in memory at a time.
 */
import type { ServerResponse } from 'node:http';
import { AppError, badInput, toAppError } from '../errors.js';
import { hasScope, type ApiPrincipal } from '../store/api-keys.js';
import type { AuditFilter, AuditState, AuditStore } from '../store/audit.js';
import type { DeletionOutcome } from '../providers/core/types.js';
import { sendRestError } from './delete-user.js';

export const AUDIT_EXPORT_PATH = '/deletion-audit/export';

const OUTCOMES = ['DELETED', 'DEACTIVATED', 'REMOVED_FROM_CONTAINER', 'ALREADY_ABSENT'];
const STATES = ['STARTED', 'SUCCEEDED', 'FAILED', 'INTERRUPTED'];
const KNOWN = ['integrated_account_id', 'integration', 'target_id', 'outcome', 'error_code', 'state', 'dry_run', 'from', 'to'];

function date(name: string, v: string | null): Date | undefined {
  if (v === null) return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw badInput(`${name} must be an ISO 8601 date-time`, { params: [name] });
  return d;
}

export function parseAuditFilter(search: URLSearchParams): AuditFilter {
  const unknown = [...search.keys()].filter((k) => !KNOWN.includes(k));
  if (unknown.length) throw badInput(`Unknown query parameters: ${unknown.map((u) => u.slice(0, 60)).join(', ')}`, { params: unknown });
  const f: AuditFilter = {};
  const str = (k: string) => search.get(k) ?? undefined;
  f.integratedAccountId = str('integrated_account_id');
  f.integration = str('integration');
  f.targetId = str('target_id');
  f.errorCode = str('error_code');
  const outcome = search.get('outcome');
  if (outcome !== null) {
    if (!OUTCOMES.includes(outcome.toUpperCase())) throw badInput(`outcome must be one of ${OUTCOMES.join(', ').toLowerCase()}`, { params: ['outcome'] });
    f.outcome = outcome.toUpperCase() as DeletionOutcome;
  }
  const state = search.get('state');
  if (state !== null) {
    if (!STATES.includes(state.toUpperCase())) throw badInput(`state must be one of ${STATES.join(', ').toLowerCase()}`, { params: ['state'] });
    f.state = state.toUpperCase() as AuditState;
  }
  const dry = search.get('dry_run');
  if (dry !== null) {
    if (!['true', 'false'].includes(dry)) throw badInput('dry_run must be true or false', { params: ['dry_run'] });
    f.dryRun = dry === 'true';
  }
  f.from = date('from', search.get('from'));
  f.to = date('to', search.get('to'));
  for (const k of Object.keys(f) as Array<keyof AuditFilter>) if (f[k] === undefined) delete f[k];
  return f;
}

export async function handleAuditExport(res: ServerResponse, method: string | undefined, url: URL, principal: ApiPrincipal, audit: AuditStore): Promise<void> {
  if (method !== 'GET') return sendRestError(res, new AppError('BAD_USER_INPUT', `Method ${method} is not allowed here; use GET`), 405, { allow: 'GET' });
  let filter: AuditFilter;
  try {
    if (!hasScope(principal, 'audit:read')) throw new AppError('FORBIDDEN', 'This API key lacks the audit:read scope');
    filter = parseAuditFilter(url.searchParams);
  } catch (err) {
    return sendRestError(res, toAppError(err));
  }
  res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' });
  try {
    for await (const record of audit.export(principal.tenantId, filter)) {
      if (!res.write(`${JSON.stringify(record)}\n`)) await new Promise((r) => res.once('drain', r));
    }
    res.end();
  } catch {
    // Headers are gone: cut the stream so the client sees an incomplete export, not a short one.
    res.destroy();
  }
}
