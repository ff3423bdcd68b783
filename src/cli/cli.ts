/**
 * `uud`, the operators' command-line tool: tenants, API keys, integrated accounts, the audit
 * export, deleteUser and the key rotation, run on the server against the store itself.
 *
 * It opens the same stores and the same DeletionService as the API (src/services.ts), so a
 * deletion from here is validated, audited (via "cli") and made exactly like one through GraphQL
 * or REST. It needs no API key: whoever runs it has the store (DATA_DIR or DATABASE_URL) and its
 * ENCRYPTION_KEY, and acts for the tenant named with --tenant.
 *
 * Exit codes: 0 success, 1 failure (including input the service refuses), 2 usage error.
 * Credentials are read from a file or stdin, never from argv, and never printed; nothing prints
 * a stack trace.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config.js';
import { AppError, badInput, toAppError } from '../errors.js';
import type { VendorCall } from '../providers/core/http.js';
import { EXTENSION_PARAMS, PARAMS } from '../providers/core/params.js';
import { EXTENSION_PARAM_NAMES, PARAM_NAMES, type AnyParamName, type ExtensionParamName, type ParamName } from '../providers/core/types.js';
import { parseAuditFilter } from '../rest/audit-export.js';
import type { OffboardingAccount } from '../deletion/offboarding.js';
import type { DeletionResult } from '../deletion/service.js';
import { openServices, type Services } from '../services.js';
import { notFound, type AccountInfo } from '../store/accounts.js';
import type { AuditFilter } from '../store/audit.js';
import { serviceVersion } from '../version.js';
import { TENANT_SCOPES, type ApiKeyInfo, type ApiPrincipal, type TenantInfo } from '../store/api-keys.js';

export const PROGRAM = 'uud';

export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  /** Read only by `--credentials-file -`. */
  stdin: Readable;
  env: Record<string, string | undefined>;
}

/** Wrong arguments: exit code 2, with a pointer to the command's help. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly helpFor = '',
  ) {
    super(message);
  }
}

interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** The value's placeholder in help (`--tenant <id>`). */
  value?: string;
  required?: boolean;
  help: string;
}

type Values = Record<string, string | boolean | string[] | undefined>;

interface RunContext {
  io: CliIO;
  config(): Config;
  services(): Promise<Services>;
}

interface Command {
  /** 'tenants list', 'delete-user'. */
  path: string;
  summary: string;
  description?: string;
  positionals?: Array<{ name: string; help: string }>;
  options: Record<string, OptionSpec>;
  examples?: string[];
  run(ctx: RunContext, values: Values, positionals: string[]): Promise<number>;
}

interface Group {
  name: string;
  summary: string;
  commands: Command[];
}

const JSON_OPTION: OptionSpec = { type: 'boolean', help: 'print JSON instead of a table' };
const TENANT_OPTION: OptionSpec = { type: 'string', value: 'id', required: true, help: 'the tenant (id, or name) the command acts for' };

// ---------------------------------------------------------------------------------------------
// output helpers

function out(io: CliIO, text: string): void {
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function printJson(io: CliIO, value: unknown): void {
  out(io, JSON.stringify(value, null, 2));
}

/** Columns padded to their widest cell; the last column is not padded. */
export function table(headers: string[], rows: Array<Array<string | null | undefined>>): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null || c === undefined || c === '' ? '-' : c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : (c ?? '').padEnd(widths[i] ?? 0))).join('  ').trimEnd()).join('\n');
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

// ---------------------------------------------------------------------------------------------
// shared steps

/** The tenant named by id (or, failing that, by name). */
async function findTenant(s: Services, ref: string): Promise<TenantInfo> {
  const all = await s.apiKeys.listTenants();
  const found = all.find((t) => t.id === ref) ?? all.find((t) => t.name === ref);
  if (!found) throw new AppError('NOT_FOUND', `No tenant with the id or name "${ref.slice(0, 100)}" (see: ${PROGRAM} tenants list)`);
  return found;
}

/** The CLI acts as the tenant, with no API key (audited with apiKeyId null and via "cli"). */
function principalOf(tenant: TenantInfo): ApiPrincipal {
  return { tenantId: tenant.id, keyId: '', name: 'cli', scopes: [...TENANT_SCOPES] };
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A JSON object from a file, or from stdin with `-`. Messages never quote the content (it holds
 * secrets): JSON.parse's own message would.
 */
async function readJsonObject(io: CliIO, file: string, what: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = file === '-' ? await readAll(io.stdin) : readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : 'it cannot be read';
    throw badInput(`Cannot read ${what} from ${file === '-' ? 'stdin' : `"${file.slice(0, 200)}"`}: ${why}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badInput(`${file === '-' ? 'What stdin gave' : `The content of "${file.slice(0, 200)}"`} is not valid JSON (${what} must be a JSON object)`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw badInput(`${what[0]!.toUpperCase()}${what.slice(1)} must be a JSON object`);
  return value as Record<string, unknown>;
}

/** A JSON object given on the command line (not secret: contexts such as {"subdomain":"acme"}). */
function jsonArg(raw: string, option: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new UsageError(`${option} must be a JSON object, such as '{"subdomain":"acme"}'`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${option} must be a JSON object, such as '{"subdomain":"acme"}'`);
  return value as Record<string, unknown>;
}

function accountRow(a: AccountInfo): string[] {
  const context = Object.entries(a.context)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return [a.id, a.integration, a.authMethod, a.status, context, a.baseUrl ?? '', iso(a.createdAt) ?? ''];
}
const ACCOUNT_HEADERS = ['ID', 'INTEGRATION', 'AUTH', 'STATUS', 'CONTEXT', 'BASE URL', 'CREATED'];

function keyRow(k: ApiKeyInfo): string[] {
  return [k.id, k.tenantId, k.name, `${k.prefix}…`, k.scopes.join(','), iso(k.createdAt) ?? '', iso(k.revokedAt) ?? ''];
}
const KEY_HEADERS = ['ID', 'TENANT', 'NAME', 'PREFIX', 'SCOPES', 'CREATED', 'REVOKED'];

/**
 * `--param name=value` (repeatable) into deleteUser params, by each param's type: strings as
 * given, `permanent=true|false`, `emails=a@x,b@y` (or repeated), `groups='[{"id":"1"}]'` (JSON).
 * Names are the GraphQL ones (organizationId); the REST ones (organization_id) are accepted too.
 */
export function parseParams(items: readonly string[]): Partial<Record<AnyParamName, unknown>> {
  const params: Partial<Record<AnyParamName, unknown>> = {};
  const known: readonly AnyParamName[] = [...PARAM_NAMES, ...EXTENSION_PARAM_NAMES];
  const info = (p: AnyParamName) => ((PARAM_NAMES as readonly string[]).includes(p) ? PARAMS[p as ParamName] : EXTENSION_PARAMS[p as ExtensionParamName]);
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param takes name=value, such as --param organizationId=acme`, 'delete-user');
    const raw = item.slice(0, eq);
    const value = item.slice(eq + 1);
    const name = known.find((p) => p === raw || info(p).restName === raw);
    if (!name) throw new UsageError(`Unknown param "${raw.slice(0, 60)}"; the params are ${known.join(', ')}`, 'delete-user');
    const type = info(name).type;
    if (type === 'string[]') {
      params[name] = [...((params[name] as string[] | undefined) ?? []), ...value.split(',').map((v) => v.trim()).filter((v) => v !== '')];
      continue;
    }
    if (type === 'object[]') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        throw new UsageError(`--param ${name} takes JSON: an object or a list of objects`, 'delete-user');
      }
      params[name] = [...((params[name] as unknown[] | undefined) ?? []), ...(Array.isArray(parsed) ? parsed : [parsed])];
      continue;
    }
    if (params[name] !== undefined) throw new UsageError(`--param ${name} is given twice`, 'delete-user');
    if (type === 'boolean') {
      if (value !== 'true' && value !== 'false') throw new UsageError(`--param ${name} must be true or false`, 'delete-user');
      params[name] = value === 'true';
    } else {
      params[name] = value;
    }
  }
  return params;
}

/** The audit record of a failed attempt of this run, found by its request id. */
async function auditIdOfRequest(s: Services, tenantId: string, accountId: string, targetId: string, requestId: string): Promise<string | undefined> {
  try {
    const { records } = await s.audit.list(tenantId, { integratedAccountId: accountId.slice(0, 100), targetId: targetId.slice(0, 300) }, 20);
    return records.find((r) => r.requestId === requestId)?.id;
  } catch {
    return undefined;
  }
}

function callStatus(c: VendorCall): string {
  if (c.planned) return 'planned (not sent)';
  if (c.status !== undefined) return String(c.status);
  return c.error ? `error: ${c.error}` : 'no answer';
}

/** A failure of a command, with what to print besides the message. */
class CommandFailure extends Error {
  constructor(
    readonly error: AppError,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(error.message);
  }
}

// ---------------------------------------------------------------------------------------------
// commands

const tenants: Group = {
  name: 'tenants',
  summary: 'list and create tenants',
  commands: [
    {
      path: 'tenants list',
      summary: 'list every tenant',
      options: { json: JSON_OPTION },
      async run(ctx, v) {
        const list = await (await ctx.services()).apiKeys.listTenants();
        if (v.json) printJson(ctx.io, list);
        else out(ctx.io, table(['ID', 'NAME', 'CREATED'], list.map((t) => [t.id, t.name, iso(t.createdAt)])));
        return 0;
      },
    },
    {
      path: 'tenants create',
      summary: 'create a tenant',
      positionals: [{ name: 'name', help: 'the tenant name: 1 to 100 letters, digits, spaces, dots, @, _ or -' }],
      options: { json: JSON_OPTION },
      examples: [`${PROGRAM} tenants create acme`],
      async run(ctx, v, [name]) {
        const t = await (await ctx.services()).apiKeys.createTenant(name!);
        if (v.json) printJson(ctx.io, t);
        else out(ctx.io, `Created tenant "${t.name}" with id ${t.id}`);
        return 0;
      },
    },
  ],
};

const keys: Group = {
  name: 'keys',
  summary: 'list, create and revoke API keys',
  commands: [
    {
      path: 'keys list',
      summary: 'list API keys (never their secret), of one tenant or all',
      options: { tenant: { ...TENANT_OPTION, required: false, help: 'only the keys of this tenant (id, or name)' }, json: JSON_OPTION },
      async run(ctx, v) {
        const s = await ctx.services();
        const tenantId = typeof v.tenant === 'string' ? (await findTenant(s, v.tenant)).id : undefined;
        const list = await s.apiKeys.listKeys(tenantId);
        if (v.json) printJson(ctx.io, list);
        else out(ctx.io, table(KEY_HEADERS, list.map(keyRow)));
        return 0;
      },
    },
    {
      path: 'keys create',
      summary: 'create an API key for a tenant; the key is printed once',
      description: 'Only the SHA-256 hash of the key is stored: copy the key from the output now.',
      options: {
        tenant: { ...TENANT_OPTION, help: 'the tenant the key belongs to (id, or name)' },
        name: { type: 'string', value: 'name', required: true, help: 'a name for the key (1 to 100 characters)' },
        scopes: { type: 'string', value: 'list', required: true, help: `comma-separated: ${TENANT_SCOPES.join(',')}` },
        json: JSON_OPTION,
      },
      examples: [`${PROGRAM} keys create --tenant acme --name offboarding-bot --scopes users:delete,audit:read`],
      async run(ctx, v) {
        const scopes = String(v.scopes)
          .split(',')
          .map((x) => x.trim())
          .filter((x) => x !== '');
        const bad = scopes.filter((x) => !(TENANT_SCOPES as readonly string[]).includes(x));
        if (scopes.length === 0 || bad.length) throw new UsageError(`--scopes must be a comma-separated list of ${TENANT_SCOPES.join(', ')}`, 'keys create');
        const s = await ctx.services();
        const tenant = await findTenant(s, String(v.tenant));
        const { key, info } = await s.apiKeys.createKey(tenant.id, String(v.name), scopes);
        if (v.json) printJson(ctx.io, { key, apiKey: info });
        else {
          out(
            ctx.io,
            [
              `Created API key ${info.id} "${info.name}" for tenant "${tenant.name}" (${tenant.id}), scopes ${info.scopes.join(', ')}.`,
              '',
              `  ${key}`,
              '',
              'Shown once, stored hashed: keep it now. Send it as "Authorization: Bearer <key>".',
            ].join('\n'),
          );
        }
        return 0;
      },
    },
    {
      path: 'keys new-admin',
      summary: 'issue a new admin key and revoke the earlier one; the key is printed once',
      description:
        'The recovery when the admin key generated at first start was lost. Run it on the machine that holds the store (DATA_DIR, or DATABASE_URL). A service started with ADMIN_API_KEY puts that key back at its next start: set ADMIN_API_KEY instead there.',
      options: { json: JSON_OPTION },
      async run(ctx, v) {
        if (ctx.config().ADMIN_API_KEY) {
          throw new UsageError('ADMIN_API_KEY is set: it is the admin key (the service puts it back at each start). Change ADMIN_API_KEY and restart instead', 'keys new-admin');
        }
        const key = await (await ctx.services()).apiKeys.issueAdmin();
        if (v.json) printJson(ctx.io, { key });
        else {
          out(
            ctx.io,
            ['Issued a new admin API key; the earlier admin key is revoked.', '', `  ${key}`, '', 'Shown once, stored hashed: keep it now. Send it as "Authorization: Bearer <key>".'].join('\n'),
          );
        }
        return 0;
      },
    },
    {
      path: 'keys revoke',
      summary: 'revoke an API key at once',
      positionals: [{ name: 'id', help: 'the key id (from keys list)' }],
      options: { json: JSON_OPTION },
      async run(ctx, v, [id]) {
        const info = await (await ctx.services()).apiKeys.revoke(id!);
        if (v.json) printJson(ctx.io, info);
        else out(ctx.io, `Revoked API key ${info.id} "${info.name}" (tenant ${info.tenantId}) at ${iso(info.revokedAt)}`);
        return 0;
      },
    },
  ],
};

const SELF_HOSTED_OPTION: OptionSpec = {
  type: 'string',
  value: 'true|false',
  help: "true: a self-hosted install or custom domain, whose base URL and token URL may be on any https host (otherwise they must be on the integration's own hosts)",
};

/** The operators' CLI acts as the admin would (it has the store and its key). */
const CLI_ACTOR = { admin: true, by: 'cli' } as const;

function selfHostedArg(value: Values[string]): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new UsageError('--self-hosted is true or false', 'accounts');
}

const CREDENTIALS_HELP =
  'a JSON file with the credentials, such as {"method":"api_token","email":"…","apiToken":"…"}; "-" reads them from stdin. Never given on the command line, never printed';

const accounts: Group = {
  name: 'accounts',
  summary: "manage a tenant's integrated accounts (credentials stored encrypted)",
  commands: [
    {
      path: 'accounts list',
      summary: "list a tenant's integrated accounts (never their credentials)",
      options: { tenant: TENANT_OPTION, json: JSON_OPTION },
      async run(ctx, v) {
        const s = await ctx.services();
        const list = await s.accounts.list((await findTenant(s, String(v.tenant))).id);
        if (v.json) printJson(ctx.io, list);
        else out(ctx.io, table(ACCOUNT_HEADERS, list.map(accountRow)));
        return 0;
      },
    },
    {
      path: 'accounts create',
      summary: 'connect an app: credentials are validated against the integration and stored encrypted',
      description:
        'The credential fields of each integration are listed by the GraphQL query integration(slug) { authMethods { name credentialFields { name required } } }.',
      options: {
        tenant: TENANT_OPTION,
        integration: { type: 'string', value: 'slug', required: true, help: 'the integration, such as zendesk, github, okta' },
        'credentials-file': { type: 'string', value: 'file', required: true, help: CREDENTIALS_HELP },
        'context-json': { type: 'string', value: 'json', help: 'the account context, such as \'{"subdomain":"acme"}\'' },
        'base-url': { type: 'string', value: 'url', help: "replaces the integration's API base URL (sandboxes, self-hosted)" },
        'token-url': { type: 'string', value: 'url', help: "replaces the integration's OAuth token URL" },
        'self-hosted': SELF_HOSTED_OPTION,
        json: JSON_OPTION,
      },
      examples: [`${PROGRAM} accounts create --tenant acme --integration zendesk --credentials-file zendesk.json --context-json '{"subdomain":"acme"}'`],
      async run(ctx, v) {
        const context = typeof v['context-json'] === 'string' ? jsonArg(v['context-json'], '--context-json') : undefined;
        const selfHosted = selfHostedArg(v['self-hosted']);
        const s = await ctx.services();
        const tenant = await findTenant(s, String(v.tenant));
        const credentials = await readJsonObject(ctx.io, String(v['credentials-file']), 'the credentials');
        const a = await s.accounts.create(tenant.id, {
          integration: String(v.integration),
          credentials,
          context,
          baseUrl: v['base-url'] as string | undefined,
          tokenUrl: v['token-url'] as string | undefined,
          selfHosted,
        }, CLI_ACTOR);
        if (v.json) printJson(ctx.io, a);
        else out(ctx.io, `Created integrated account ${a.id} (${a.integration}, ${a.authMethod}) for tenant "${tenant.name}"`);
        return 0;
      },
    },
    {
      path: 'accounts update',
      summary: "replace an account's credentials, context, base URL or token URL",
      description:
        'Give at least one change. An empty --base-url or --token-url ("") removes it. New credentials also clear a needs_reauth status. ' +
        "A base URL or token URL outside the integration's own hosts needs --self-hosted true.",
      positionals: [{ name: 'id', help: 'the integrated account id' }],
      options: {
        tenant: TENANT_OPTION,
        'credentials-file': { type: 'string', value: 'file', help: CREDENTIALS_HELP },
        'context-json': { type: 'string', value: 'json', help: 'the new context, such as \'{"subdomain":"acme"}\'' },
        'base-url': { type: 'string', value: 'url', help: 'the new API base URL ("" removes it)' },
        'token-url': { type: 'string', value: 'url', help: 'the new OAuth token URL ("" removes it)' },
        'self-hosted': SELF_HOSTED_OPTION,
        json: JSON_OPTION,
      },
      async run(ctx, v, [id]) {
        const changes = ['credentials-file', 'context-json', 'base-url', 'token-url', 'self-hosted'].filter((k) => v[k] !== undefined);
        if (changes.length === 0) throw new UsageError('Nothing to change: give --credentials-file, --context-json, --base-url, --token-url or --self-hosted', 'accounts update');
        const selfHosted = selfHostedArg(v['self-hosted']);
        const context = typeof v['context-json'] === 'string' ? jsonArg(v['context-json'], '--context-json') : undefined;
        const s = await ctx.services();
        const tenant = await findTenant(s, String(v.tenant));
        const credentials = typeof v['credentials-file'] === 'string' ? await readJsonObject(ctx.io, v['credentials-file'], 'the credentials') : undefined;
        const a = await s.accounts.update(tenant.id, id!, {
          credentials,
          context,
          ...(v['base-url'] !== undefined ? { baseUrl: v['base-url'] as string } : {}),
          ...(v['token-url'] !== undefined ? { tokenUrl: v['token-url'] as string } : {}),
          ...(selfHosted !== undefined ? { selfHosted } : {}),
        }, CLI_ACTOR);
        if (v.json) printJson(ctx.io, a);
        else out(ctx.io, `Updated integrated account ${a.id} (${changes.map((c) => c.replace(/-(file|json)$/, '')).join(', ')})`);
        return 0;
      },
    },
    {
      path: 'accounts delete',
      summary: 'disconnect an app and erase its stored credentials',
      positionals: [{ name: 'id', help: 'the integrated account id' }],
      options: { tenant: TENANT_OPTION, json: JSON_OPTION },
      async run(ctx, v, [id]) {
        const s = await ctx.services();
        const tenant = await findTenant(s, String(v.tenant));
        if (!(await s.accounts.delete(tenant.id, id!))) throw notFound();
        if (v.json) printJson(ctx.io, { deleted: true, id });
        else out(ctx.io, `Deleted integrated account ${id}`);
        return 0;
      },
    },
  ],
};

const audit: Group = {
  name: 'audit',
  summary: 'the deletion audit trail',
  commands: [
    {
      path: 'audit export',
      summary: "export a tenant's audit records as JSON lines, oldest first",
      description: 'The same records and filters as GET /deletion-audit/export. Without --out, the lines go to stdout.',
      options: {
        tenant: TENANT_OPTION,
        account: { type: 'string', value: 'id', help: 'only this integrated account' },
        integration: { type: 'string', value: 'slug', help: 'only this integration' },
        target: { type: 'string', value: 'id', help: 'only this user id (as given to deleteUser)' },
        outcome: { type: 'string', value: 'outcome', help: 'deleted, deactivated, removed_from_container or already_absent' },
        state: { type: 'string', value: 'state', help: 'started, succeeded, failed or interrupted' },
        'error-code': { type: 'string', value: 'code', help: 'only failures with this code, such as REMOTE_ERROR' },
        'dry-run': { type: 'string', value: 'true|false', help: 'only dry runs (true) or only real deletions (false)' },
        from: { type: 'string', value: 'iso', help: 'records started at or after this ISO 8601 date-time' },
        to: { type: 'string', value: 'iso', help: 'records started before this ISO 8601 date-time' },
        out: { type: 'string', value: 'file', help: 'write to this file (created with mode 0600, replaced only when the export is complete)' },
      },
      examples: [`${PROGRAM} audit export --tenant acme --outcome deleted --from 2025-01-01T00:00:00Z --out deletions.jsonl`],
      async run(ctx, v) {
        const search = new URLSearchParams();
        const map: Record<string, string> = {
          account: 'integrated_account_id',
          integration: 'integration',
          target: 'target_id',
          outcome: 'outcome',
          state: 'state',
          'error-code': 'error_code',
          'dry-run': 'dry_run',
          from: 'from',
          to: 'to',
        };
        for (const [option, param] of Object.entries(map)) if (typeof v[option] === 'string') search.set(param, v[option]);
        let filter: AuditFilter;
        try {
          filter = parseAuditFilter(search);
        } catch (err) {
          // The REST parser names its query parameters; here they are options.
          throw new UsageError(`--${toAppError(err).message.replace(/^dry_run/, 'dry-run')}`, 'audit export');
        }
        const s = await ctx.services();
        const tenant = await findTenant(s, String(v.tenant));
        const file = typeof v.out === 'string' ? v.out : undefined;
        const tmp = file ? join(dirname(file), `.${basename(file)}.${randomUUID().slice(0, 8)}.partial`) : undefined;
        const sink: Writable = tmp ? createWriteStream(tmp, { mode: 0o600, flags: 'wx' }) : ctx.io.stdout;
        let count = 0;
        try {
          if (tmp) await new Promise<void>((resolve, reject) => sink.once('open', () => resolve()).once('error', reject));
          for await (const record of s.audit.export(tenant.id, filter)) {
            count++;
            if (!sink.write(`${JSON.stringify(record)}\n`)) await new Promise((r) => sink.once('drain', r));
          }
          if (tmp && file) {
            await new Promise<void>((resolve, reject) => sink.once('error', reject).end(() => resolve()));
            renameSync(tmp, file);
          }
        } catch (err) {
          if (tmp) {
            sink.destroy();
            rmSync(tmp, { force: true });
          }
          if ((err as NodeJS.ErrnoException).syscall) {
            throw new AppError('INTERNAL_SERVER_ERROR', `Cannot write ${file ? `"${file}"` : 'the export'} (${(err as NodeJS.ErrnoException).code})`);
          }
          throw err;
        }
        if (file) out(ctx.io, `${count} audit record${count === 1 ? '' : 's'} written to ${file}`);
        return 0;
      },
    },
  ],
};

const deleteUser: Command = {
  path: 'delete-user',
  summary: 'remove a user from an app (the deleteUser use case of the API)',
  description:
    'Validates the params against the integration, reads the user, deletes it at the vendor and records the attempt in the audit trail (via "cli"). With --dry-run nothing is changed at the vendor: the calls it would make are listed as planned.',
  options: {
    tenant: TENANT_OPTION,
    account: { type: 'string', value: 'id', required: true, help: 'the integrated account id' },
    id: { type: 'string', value: 'userId', required: true, help: "the user's id at the vendor" },
    param: {
      type: 'string',
      multiple: true,
      value: 'name=value',
      help: `an integration param, repeatable: ${PARAM_NAMES.join(', ')} (emails=a@x,b@y; permanent=true; groups as JSON)`,
    },
    'dry-run': { type: 'boolean', help: 'validate, read the user and plan the calls; change nothing' },
    'idempotency-key': { type: 'string', value: 'key', help: 'run at most once per key (the stored result is replayed)' },
    json: JSON_OPTION,
  },
  examples: [
    `${PROGRAM} delete-user --tenant acme --account 3678c37d-… --id octocat --param organizationId=acme --dry-run`,
    `${PROGRAM} delete-user --tenant acme --account 24eea639-… --id 35436 --idempotency-key offboarding-35436`,
  ],
  async run(ctx, v) {
    const params = parseParams((v.param as string[] | undefined) ?? []);
    const s = await ctx.services();
    const tenant = await findTenant(s, String(v.tenant));
    const requestId = randomUUID();
    const accountId = String(v.account);
    const targetId = String(v.id);
    let result: DeletionResult;
    try {
      result = await s.deletion.deleteUser(
        {
          id: targetId,
          integratedAccountId: accountId,
          params,
          naming: 'graphql',
          dryRun: v['dry-run'] === true,
          principal: principalOf(tenant),
          via: 'cli',
          idempotencyKey: v['idempotency-key'],
          requestId,
        },
        s.deletion.createLoaders(tenant.id),
      );
    } catch (err) {
      const auditId = await auditIdOfRequest(s, tenant.id, accountId, targetId, requestId);
      throw new CommandFailure(toAppError(err), auditId ? { auditId } : {});
    }
    const { report, user } = result;
    const { deletion: _d, remoteData: _r, ...shownUser } = user;
    if (v.json) {
      printJson(ctx.io, {
        outcome: report.outcome,
        dryRun: report.dryRun,
        auditId: report.auditId,
        replayed: report.replayed,
        originalAuditId: report.originalAuditId,
        resumedFrom: report.resumedFrom,
        user: shownUser,
        calls: report.calls,
      });
      return 0;
    }
    const email = user.emails?.find((e) => e.isPrimary)?.email ?? user.emails?.[0]?.email;
    const lines = [
      report.dryRun ? 'Dry run: nothing was changed at the vendor.' : '',
      `outcome   ${report.outcome}${report.dryRun ? ' (what a real run would do)' : ''}`,
      `audit id  ${report.auditId}`,
      `user      ${[user.id, user.name, email ? `<${email}>` : ''].filter(Boolean).join('  ')}`,
    ].filter((l) => l !== '');
    if (report.replayed) {
      lines.push('', `Replayed the stored result of ${report.originalAuditId} (same Idempotency-Key): no vendor call was made.`);
    } else {
      if (report.resumedFrom) lines.push('', `Resumed the interrupted attempt ${report.resumedFrom} (same Idempotency-Key): the vendor was read again first.`);
      lines.push('', report.dryRun ? 'Vendor calls (planned ones were not sent):' : 'Vendor calls:');
      lines.push(
        table(
          ['METHOD', 'URL', 'STATUS'],
          report.calls.map((c) => [c.method, c.url, callStatus(c)]),
        )
          .split('\n')
          .map((l) => `  ${l}`)
          .join('\n'),
      );
    }
    out(ctx.io, lines.join('\n'));
    return 0;
  },
};

const reencrypt: Command = {
  path: 'reencrypt',
  summary: 'key rotation: re-encrypt every stored credential with ENCRYPTION_KEY',
  description: [
    'With the new key in ENCRYPTION_KEY and the old one(s) in ENCRYPTION_KEYS_PREVIOUS, re-encrypts every',
    'stored credential with the new key. Safe while the service runs (each row is rewritten only if',
    'unchanged) and safe to run again. Exits 1 when some credentials cannot be read with the configured keys.',
    "It also re-writes the store's key check with the new key, so the old key is no longer needed to start.",
  ].join('\n'),
  options: { json: JSON_OPTION },
  async run(ctx, v) {
    const s = await ctx.services();
    const { total, reencrypted, failed } = await s.accounts.reencryptAll();
    if (v.json) printJson(ctx.io, { total, reencrypted, keyId: s.cipher.keyId, unreadable: failed });
    else {
      out(ctx.io, `${total} integrated accounts, ${reencrypted} re-encrypted with key ${s.cipher.keyId}, ${failed.length} unreadable`);
      if (failed.length) {
        out(ctx.io, `unreadable with the configured keys (add the key they were written with to ENCRYPTION_KEYS_PREVIOUS): ${failed.join(', ')}`);
      }
    }
    return failed.length ? 1 : 0;
  },
};

const offboard: Command = {
  path: 'offboard',
  summary: 'remove a person by email from every integrated account of a tenant (plan first)',
  description:
    "Finds the person by email in each integrated account (the vendor's lookup, exact matches only) and removes them where exactly one user has the address, with an audited deleteUser per account (via \"cli\"). With --plan nothing is changed at any vendor: what each account would do is listed. Accounts with no match, several matches, no lookup by email, or whose administrator is the person are skipped and say why. A run is recorded; with --idempotency-key a repeat answers the same run, or runs it again to finish what failed.",
  positionals: [{ name: 'email', help: 'the email address of the person to offboard' }],
  options: {
    tenant: TENANT_OPTION,
    account: { type: 'string', multiple: true, value: 'id', help: 'only this integrated account (repeatable); all of the tenant\'s by default' },
    plan: { type: 'boolean', help: 'look up and dry-run only; change nothing' },
    'idempotency-key': { type: 'string', value: 'key', help: 'one run per key: a repeat answers it, or finishes what failed' },
    json: JSON_OPTION,
  },
  examples: [`${PROGRAM} offboard --tenant acme jane@acme.com --plan`, `${PROGRAM} offboard --tenant acme jane@acme.com --idempotency-key offboard-jane`],
  async run(ctx, v, positionals) {
    const [email] = positionals;
    const s = await ctx.services();
    const tenant = await findTenant(s, String(v.tenant));
    const accounts = v.account as string[] | undefined;
    const request = {
      email,
      integratedAccountIds: accounts?.length ? accounts : undefined,
      principal: principalOf(tenant),
      via: 'cli' as const,
      naming: 'graphql' as const,
      idempotencyKey: v['idempotency-key'],
      requestId: randomUUID(),
    };
    const loaders = s.deletion.createLoaders(tenant.id);
    const row = (a: OffboardingAccount) => [a.integration ?? '?', a.integratedAccountId, a.status, a.userId ?? '', a.outcome ?? '', a.auditId ?? '', a.reason ?? a.error?.message ?? ''];
    const HEAD = ['INTEGRATION', 'ACCOUNT', 'STATUS', 'USER', 'OUTCOME', 'AUDIT ID', 'WHY'];
    if (v.plan === true) {
      const plan = await s.offboarding.plan(request, loaders);
      if (v.json) {
        printJson(ctx.io, plan);
        return 0;
      }
      out(ctx.io, [`Plan for ${plan.email}: nothing was changed at any vendor.`, '', table(HEAD, plan.accounts.map(row))].join('\n'));
      return 0;
    }
    const run = await s.offboarding.run(
      { ...request, onProgress: (a, done, total) => ctx.io.stderr.write(`[${done}/${total}] ${a.integration ?? '?'} ${a.integratedAccountId} ${a.status}${a.outcome ? ` ${a.outcome}` : ''}\n`) },
      loaders,
    );
    const failures = run.accounts.some((a) => a.status === 'FAILED') ? 1 : 0;
    if (v.json) {
      printJson(ctx.io, run);
      return failures;
    }
    out(ctx.io, [`Offboarding ${run.id} of ${run.email}: ${run.state} (run ${run.runs})`, '', table(HEAD, run.accounts.map(row))].join('\n'));
    return failures;
  },
};

const ENTRIES: Array<Group | Command> = [tenants, keys, accounts, audit, deleteUser, offboard, reencrypt];

// ---------------------------------------------------------------------------------------------
// help

const isGroup = (e: Group | Command): e is Group => 'commands' in e;

function optionLabel(name: string, o: OptionSpec): string {
  return `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` <${o.value ?? 'value'}>` : ''}`;
}

function usageLine(c: Command): string {
  const pos = (c.positionals ?? []).map((p) => `<${p.name}>`);
  const required = Object.entries(c.options)
    .filter(([, o]) => o.required)
    .map(([n, o]) => optionLabel(n, o));
  return [PROGRAM, c.path, ...pos, ...required, '[options]'].join(' ');
}

function twoColumns(rows: Array<[string, string]>): string {
  const width = Math.max(...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `  ${a.padEnd(width)}  ${b}`).join('\n');
}

export function commandHelp(c: Command): string {
  const parts = [`Usage: ${usageLine(c)}`, '', `${c.summary[0]!.toUpperCase()}${c.summary.slice(1)}.`];
  if (c.description) parts.push('', c.description);
  if (c.positionals?.length) parts.push('', 'Arguments:', twoColumns(c.positionals.map((p) => [`<${p.name}>`, p.help])));
  const opts: Array<[string, string]> = Object.entries(c.options).map(([n, o]) => [optionLabel(n, o), `${o.help}${o.required ? ' (required)' : ''}`]);
  opts.push(['-h, --help', 'show this help']);
  parts.push('', 'Options:', twoColumns(opts));
  if (c.examples?.length) parts.push('', 'Examples:', ...c.examples.map((e) => `  ${e}`));
  return `${parts.join('\n')}\n`;
}

function groupHelp(g: Group): string {
  return [
    `Usage: ${PROGRAM} ${g.name} <command> [options]`,
    '',
    `${g.summary[0]!.toUpperCase()}${g.summary.slice(1)}.`,
    '',
    'Commands:',
    twoColumns(g.commands.map((c) => [c.path.split(' ')[1]!, c.summary])),
    '',
    `Run "${PROGRAM} ${g.name} <command> --help" for a command's options.`,
    '',
  ].join('\n');
}

export function mainHelp(): string {
  const rows: Array<[string, string]> = [];
  for (const e of ENTRIES) {
    if (isGroup(e)) for (const c of e.commands) rows.push([c.path, c.summary]);
    else rows.push([e.path, e.summary]);
  }
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'The operators\' tool of the user deletion service: tenants, API keys, integrated accounts,',
    'the audit export, deleteUser and the encryption key rotation.',
    '',
    'Commands:',
    twoColumns(rows),
    '',
    'It runs on the server, against the store itself: the same configuration as the service',
    '(DATA_DIR or DATABASE_URL, ENCRYPTION_KEY, ...; see the README), the same stores and the same',
    'deleteUser code. It needs no API key: it is for operators with access to the store and its',
    'ENCRYPTION_KEY, and acts for the tenant given with --tenant.',
    '',
    'Exit codes: 0 success, 1 failure, 2 usage error.',
    `"${PROGRAM} --version" prints the version. After \`npm install\`, run it as \`npx ${PROGRAM}\` in the project folder.`,
    `Run "${PROGRAM} <command> --help" for a command's options.`,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// dispatch

function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

function findCommand(path: string): Command | undefined {
  for (const e of ENTRIES) {
    if (isGroup(e)) {
      const c = e.commands.find((x) => x.path === path);
      if (c) return c;
    } else if (e.path === path) return e;
  }
  return undefined;
}

function parse(c: Command, args: string[]): { values: Values; positionals: string[] } {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const [n, o] of Object.entries(c.options)) options[n] = { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) };
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('ERR_PARSE_ARGS')) throw new UsageError((err as Error).message, c.path);
    throw err;
  }
  const values = parsed.values as Values;
  for (const [n, o] of Object.entries(c.options)) {
    if (o.required && (values[n] === undefined || values[n] === '')) throw new UsageError(`--${n} is required`, c.path);
  }
  const expected = c.positionals ?? [];
  if (parsed.positionals.length < expected.length) {
    throw new UsageError(`Missing ${expected.slice(parsed.positionals.length).map((p) => `<${p.name}>`).join(' ')}`, c.path);
  }
  if (parsed.positionals.length > expected.length) {
    throw new UsageError(`Unexpected argument "${parsed.positionals[expected.length]!.slice(0, 60)}"`, c.path);
  }
  return { values, positionals: parsed.positionals };
}

/** One line of an error, for the terminal: no stack, bounded. */
function oneLine(s: string): string {
  return (s.split('\n')[0] ?? '').slice(0, 500);
}

/**
 * Runs the CLI with `argv` (without node and the script) and returns the exit code. Output goes
 * to `io`; nothing here exits the process.
 */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const args = [...argv];
  const first = args[0];
  if (first === undefined) {
    io.stderr.write(mainHelp());
    return 2;
  }
  if (first === '--version' || first === '-V') {
    io.stdout.write(`${PROGRAM} ${serviceVersion()}\n`);
    return 0;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    const topic = args.slice(1).filter((a) => !a.startsWith('-')).join(' ');
    if (!topic) {
      io.stdout.write(mainHelp());
      return 0;
    }
    const entry = ENTRIES.find((e) => (isGroup(e) ? e.name : e.path) === topic);
    const c = findCommand(topic);
    if (c) io.stdout.write(commandHelp(c));
    else if (entry && isGroup(entry)) io.stdout.write(groupHelp(entry));
    else return usage(io, new UsageError(`Unknown command "${topic.slice(0, 60)}"`));
    return 0;
  }

  const entry = ENTRIES.find((e) => (isGroup(e) ? e.name : e.path) === first);
  if (!entry) return usage(io, new UsageError(`Unknown command "${first.slice(0, 60)}"`));
  let command: Command;
  let rest: string[];
  if (isGroup(entry)) {
    const sub = args[1];
    if (sub === undefined) {
      io.stderr.write(groupHelp(entry));
      return 2;
    }
    if (sub === '--help' || sub === '-h') {
      io.stdout.write(groupHelp(entry));
      return 0;
    }
    const c = entry.commands.find((x) => x.path === `${entry.name} ${sub}`);
    if (!c) return usage(io, new UsageError(`Unknown command "${entry.name} ${sub.slice(0, 60)}"`, entry.name));
    command = c;
    rest = args.slice(2);
  } else {
    command = entry;
    rest = args.slice(1);
  }
  if (wantsHelp(rest)) {
    io.stdout.write(commandHelp(command));
    return 0;
  }

  let services: Services | undefined;
  let config: Config | undefined;
  const ctx: RunContext = {
    io,
    config() {
      config ??= loadConfig(io.env);
      return config;
    },
    async services() {
      services ??= await openServices(ctx.config());
      return services;
    },
  };
  const json = command.options.json !== undefined && rest.includes('--json');
  try {
    const { values, positionals } = parse(command, rest);
    return await command.run(ctx, values, positionals);
  } catch (err) {
    if (err instanceof UsageError) return usage(io, err);
    const failure = err instanceof CommandFailure ? err : undefined;
    const e = failure?.error ?? (err instanceof AppError ? err : undefined);
    const extra = failure?.extra ?? {};
    // Errors that are not the service's own (the store unreachable, a bad configuration): their
    // first line only. Their messages carry no credential (see store/db.ts, store/crypto.ts).
    const message = e ? e.message : err instanceof Error ? oneLine(err.message) : 'unknown error';
    const code = e?.code;
    if (json) printJson(io, { error: { ...(code ? { code } : {}), message, ...extra } });
    const hints: string[] = [];
    if (e?.details.integration) hints.push(`integration: ${String(e.details.integration)}`);
    if (e?.details.params?.length) hints.push(`params: ${e.details.params.join(', ')}`);
    if (e?.details.remote?.status) hints.push(`vendor answered HTTP ${e.details.remote.status}`);
    if (e?.details.retryAfter !== undefined) hints.push(`retry after ${e.details.retryAfter} s`);
    if (typeof extra.auditId === 'string') hints.push(`audit id: ${extra.auditId}`);
    io.stderr.write(`${PROGRAM}: ${code ? `${code}: ` : ''}${message}\n${hints.map((h) => `  ${h}\n`).join('')}`);
    return 1;
  } finally {
    if (services) await services.close().catch(() => undefined);
  }
}

function usage(io: CliIO, err: UsageError): number {
  const help = err.helpFor ? `${PROGRAM} ${err.helpFor} --help` : `${PROGRAM} --help`;
  io.stderr.write(`${PROGRAM}: ${oneLine(err.message)}\nRun "${help}" for usage.\n`);
  return 2;
}
