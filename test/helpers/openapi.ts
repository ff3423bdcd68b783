/**
 * A small contract checker: every request a provider sent must exist in the vendor's own
 * OpenAPI description (method + path template), carry its required parameters, use only
 * declared query parameters, and send a body only where one is declared.
 * Swagger 2.0 descriptions are read too: their `basePath` is stripped from the request path,
 * and an `in: body` parameter declares the request body.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { RecordedRequest } from './fake-vendor.js';

interface Operation {
  parameters?: Array<{ name: string; in: string; required?: boolean; $ref?: string }>;
  requestBody?: { required?: boolean; $ref?: string };
}
type PathItem = Record<string, Operation> & { parameters?: Operation['parameters'] };
type Spec = {
  paths: Record<string, PathItem>;
  components?: Record<string, Record<string, unknown>>;
  /** Swagger 2.0: the path every operation's path is relative to (e.g. `/api/`). */
  basePath?: string;
};

const cache = new Map<string, Spec>();

export function loadSpec(file: string): Spec {
  let spec = cache.get(file);
  if (!spec) {
    const text = readFileSync(new URL(`../contracts/${file}`, import.meta.url), 'utf8');
    spec = (file.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: -1 })) as Spec;
    cache.set(file, spec);
  }
  return spec;
}

function deref<T>(spec: Spec, obj: T & { $ref?: string }): T {
  if (!obj?.$ref) return obj;
  const parts = obj.$ref.replace(/^#\//, '').split('/');
  let cur: unknown = spec;
  for (const p of parts) cur = (cur as Record<string, unknown>)[p];
  return cur as T;
}

/** Returns the problems found for one request (empty when it conforms). */
export function checkRequest(spec: Spec, req: RecordedRequest, basePath = (spec.basePath ?? '').replace(/\/+$/, '')): string[] {
  if (basePath && req.path !== basePath && !req.path.startsWith(`${basePath}/`)) {
    return [`${req.method} ${req.path} is outside the description's base path ${basePath}`];
  }
  const path = req.path.slice(basePath.length) || '/';
  const method = req.method.toLowerCase();
  const template = Object.keys(spec.paths).find((t) => {
    const re = new RegExp(`^${t.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`);
    return re.test(path) && spec.paths[t]?.[method];
  });
  if (!template) return [`${req.method} ${path} is not in the vendor's OpenAPI description`];
  const item = spec.paths[template] as PathItem;
  const op = item[method] as Operation;
  const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => deref(spec, p));
  const problems: string[] = [];
  const declaredQuery = new Set(params.filter((p) => p.in === 'query').map((p) => p.name));
  for (const name of Object.keys(req.query)) {
    if (!declaredQuery.has(name)) problems.push(`${req.method} ${template}: query parameter ${name} is not declared`);
  }
  for (const p of params) {
    if (p.required && p.in === 'query' && !(p.name in req.query)) problems.push(`${req.method} ${template}: missing required query ${p.name}`);
    if (p.required && p.in === 'header' && req.headers[p.name.toLowerCase()] === undefined) problems.push(`${req.method} ${template}: missing required header ${p.name}`);
  }
  // OpenAPI 3 declares a body as requestBody, Swagger 2.0 as a parameter `in: body`.
  const bodyParam = params.find((p) => p.in === 'body');
  const body = op.requestBody ? deref(spec, op.requestBody) : bodyParam ? { required: bodyParam.required } : undefined;
  if (body?.required && !req.rawBody) problems.push(`${req.method} ${template}: request body required`);
  if (!body && req.rawBody) problems.push(`${req.method} ${template}: sends a body the description does not declare`);
  return problems;
}
