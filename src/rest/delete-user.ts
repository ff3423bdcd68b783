/**
 * DELETE /unified/user-directory/users/{id} — the public unified API's endpoint, served by the
 * same deletion use case as the GraphQL mutation. This module only parses the request and
 * shapes the answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DeletionService, RequestLoaders } from '../deletion/service.js';
import { hasScope, type ApiPrincipal } from '../store/api-keys.js';
import { AppError, badInput, toAppError } from '../errors.js';
import { EXTENSION_PARAMS, PARAMS } from '../providers/core/params.js';
import { EXTENSION_PARAM_NAMES, PARAM_NAMES, type AnyParamName, type ExtensionParamName, type ParamName } from '../providers/core/types.js';
import { headerValue, sendJson } from '../respond.js';
import { parseQuery, type QueryNode } from './query.js';
import { checkExcludeFields, excludeFields, normalize, unifiedUser } from './shape.js';

export const REST_PATH = /^\/unified\/user-directory\/users\/([^/]*)$/;

const RESPONSE_FORMATS = ['unified', 'raw', 'normalized'] as const;
type ResponseFormat = (typeof RESPONSE_FORMATS)[number];

const COMMON = ['integrated_account_id', 'truto_response_format', 'truto_ignore_remote_data', 'truto_exclude_fields', 'remote_query', 'dry_run'] as const;
const REST_TO_PARAM = new Map<string, ParamName>(PARAM_NAMES.map((p) => [PARAMS[p].restName, p]));
/** Params beyond the spec (all booleans); the integration must declare them (validateParams). */
const REST_TO_EXTENSION = new Map<string, ExtensionParamName>(EXTENSION_PARAM_NAMES.map((p) => [EXTENSION_PARAMS[p].restName, p]));

export interface ParsedRestRequest {
  id: string;
  integratedAccountId: string;
  format: ResponseFormat;
  ignoreRemoteData: boolean;
  excludeFields: string[];
  remoteQuery?: Record<string, unknown>;
  params: Partial<Record<AnyParamName, unknown>>;
  dryRun: boolean;
}

function single(name: string, v: QueryNode | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badInput(`${name} must be given once, as a plain value`, { params: [name] });
  return v;
}

function bool(name: string, v: QueryNode | undefined): boolean | undefined {
  const s = single(name, v);
  if (s === undefined) return undefined;
  if (s === 'true' || s === '1') return true;
  if (s === 'false' || s === '0') return false;
  throw badInput(`${name} must be true or false`, { params: [name] });
}

function list(v: QueryNode | undefined): QueryNode[] | undefined {
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v : [v];
}

/** Everything about the request that can be checked without the account. */
export function parseRestRequest(rawId: string, search: string): ParsedRestRequest {
  let id: string;
  try {
    id = decodeURIComponent(rawId);
  } catch {
    throw badInput('The user id in the path has malformed percent-encoding');
  }
  const q = parseQuery(search);
  const unknown = Object.keys(q).filter((k) => !(COMMON as readonly string[]).includes(k) && !REST_TO_PARAM.has(k) && !REST_TO_EXTENSION.has(k));
  if (unknown.length) {
    throw badInput(`Unknown query parameters: ${unknown.map((u) => u.slice(0, 60)).join(', ')}`, { params: unknown.map((u) => u.slice(0, 60)) });
  }
  const integratedAccountId = single('integrated_account_id', q.integrated_account_id);
  if (!integratedAccountId) throw badInput('integrated_account_id is required', { params: ['integrated_account_id'] });
  const format = (single('truto_response_format', q.truto_response_format) ?? 'unified') as ResponseFormat;
  if (!RESPONSE_FORMATS.includes(format)) {
    throw badInput(`truto_response_format must be one of ${RESPONSE_FORMATS.join(', ')}`, { params: ['truto_response_format'] });
  }
  const exclude = list(q.truto_exclude_fields) ?? [];
  if (!exclude.every((f): f is string => typeof f === 'string' && f !== '')) {
    throw badInput('truto_exclude_fields must be a list of field names (truto_exclude_fields[]=name)', { params: ['truto_exclude_fields'] });
  }
  const rq = q.remote_query;
  if (rq !== undefined && (typeof rq !== 'object' || Array.isArray(rq))) {
    throw badInput('remote_query must use bracket syntax: remote_query[name]=value', { params: ['remote_query'] });
  }

  const params: Partial<Record<AnyParamName, unknown>> = {};
  for (const [restName, param] of REST_TO_PARAM) {
    const v = q[restName];
    if (v === undefined) continue;
    switch (PARAMS[param].type) {
      case 'boolean':
        params[param] = bool(restName, v);
        break;
      case 'string[]':
        params[param] = list(v);
        break;
      case 'object[]':
        params[param] = list(v);
        break;
      case 'string':
      case 'enum':
        params[param] = single(restName, v);
        break;
      default: {
        const never: never = PARAMS[param].type;
        return never;
      }
    }
  }

  for (const [restName, param] of REST_TO_EXTENSION) {
    const v = q[restName];
    if (v !== undefined) params[param] = bool(restName, v);
  }

  const dryRun = bool('dry_run', q.dry_run) ?? false;
  if (dryRun && format === 'raw') {
    throw badInput('dry_run makes no deletion call, so there is no raw vendor answer: use truto_response_format=unified or normalized', {
      params: ['dry_run', 'truto_response_format'],
    });
  }
  return {
    id,
    integratedAccountId,
    dryRun,
    format,
    ignoreRemoteData: bool('truto_ignore_remote_data', q.truto_ignore_remote_data) ?? false,
    excludeFields: checkExcludeFields(exclude),
    remoteQuery: rq as Record<string, unknown> | undefined,
    params,
  };
}

export async function handleRestDelete(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  rawId: string,
  deps: { deletion: DeletionService; loaders: () => RequestLoaders; principal: ApiPrincipal; requestId: string; deadline?: number },
): Promise<void> {
  if (req.method !== 'DELETE') {
    return sendRestError(res, new AppError('BAD_USER_INPUT', `Method ${req.method} is not allowed here; use DELETE`), 405, { allow: 'DELETE' });
  }
  try {
    const { principal } = deps;
    if (!hasScope(principal, 'users:delete')) {
      throw new AppError('FORBIDDEN', 'This API key lacks the users:delete scope');
    }
    const parsed = parseRestRequest(rawId, url.search);
    const result = await deps.deletion.deleteUser(
      {
        id: parsed.id,
        integratedAccountId: parsed.integratedAccountId,
        params: parsed.params,
        remoteQuery: parsed.remoteQuery,
        naming: 'rest',
        dryRun: parsed.dryRun,
        principal,
        via: 'rest',
        idempotencyKey: headerValue(req.headers['idempotency-key']),
        requestId: deps.requestId,
        deadline: deps.deadline,
      },
      deps.loaders(),
    );
    if (result.report.replayed) res.setHeader('idempotent-replayed', 'true');
    if (parsed.format === 'raw') {
      const raw = result.rawResponse;
      if (!raw || raw.text === '') {
        res.writeHead(204);
        return void res.end();
      }
      res.writeHead(200, { 'content-type': raw.contentType ?? 'application/octet-stream', 'content-length': Buffer.byteLength(raw.text) });
      return void res.end(raw.text);
    }
    let body = unifiedUser(result.user);
    if (parsed.ignoreRemoteData) delete body.remote_data;
    if (parsed.excludeFields.length) body = excludeFields(structuredClone(body), parsed.excludeFields);
    if (parsed.format === 'normalized') body = normalize(body);
    return sendJson(res, 200, body);
  } catch (err) {
    return sendRestError(res, toAppError(err));
  }
}

/** The one REST error shape (documented in the README). */
export function restErrorBody(err: AppError): Record<string, unknown> {
  const d = err.details;
  const error: Record<string, unknown> = {
    code: err.code,
    message: err.message,
    status: err.httpStatus,
    from_vendor: d.remote !== undefined,
  };
  if (d.integration) error.integration = d.integration;
  if (d.params) error.params = d.params;
  if (d.retryAfter !== undefined) error.retry_after = d.retryAfter;
  if (d.remote) {
    error.vendor = { status: d.remote.status, ...(d.remote.error !== undefined ? { error: d.remote.error } : {}), body: d.remote.body ?? null };
  }
  return { error };
}

export function sendRestError(res: ServerResponse, err: AppError, status = err.httpStatus, headers: Record<string, string> = {}): void {
  const h: Record<string, string> = { ...headers };
  if (err.code === 'RATE_LIMITED') h['retry-after'] = String(err.details.retryAfter ?? 60);
  if (err.code === 'UNAUTHENTICATED') h['www-authenticate'] = 'Bearer';
  const body = restErrorBody(err);
  (body.error as Record<string, unknown>).status = status;
  sendJson(res, status, body, h);
}
