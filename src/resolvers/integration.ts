import { Arg, Query, Resolver } from 'type-graphql';
import { Integration } from '../graphql/types.js';
import { credentialFields } from '../providers/core/definition.js';
import { EXTENSION_PARAMS, PARAMS } from '../providers/core/params.js';
import { EXTENSION_PARAM_NAMES, PARAM_NAMES, type AuthScheme } from '../providers/core/types.js';
import { allIntegrations, getIntegration, type RegistryEntry } from '../providers/registry.js';
import type { DeletionOutcome } from '../graphql/types.js';

export function describeIntegration({ entry, provider }: RegistryEntry): Integration {
  return {
    name: entry.name,
    slug: entry.slug,
    implemented: provider !== undefined,
    unsupportedReason: provider ? null : (entry.unsupported ?? null),
    docsUrl: entry.docs,
    defaultBaseUrl: entry.baseUrl,
    outcome: (provider?.outcome as DeletionOutcome | undefined) ?? null,
    params: PARAM_NAMES.filter((p) => entry.params[p]).map((p): Integration['params'][number] => ({
      name: p,
      restName: PARAMS[p].restName,
      type: PARAMS[p].type,
      required: entry.params[p]?.use === 'required',
      supported: true,
      description: PARAMS[p].description,
      note: entry.params[p]?.note ?? null,
    })).concat(
      // Params beyond the spec, where this integration offers them (EXTENSION_PARAM_NAMES).
      EXTENSION_PARAM_NAMES.filter((p) => entry.extensionParams?.[p]).map((p) => ({
        name: p,
        restName: EXTENSION_PARAMS[p].restName,
        type: EXTENSION_PARAMS[p].type,
        required: entry.extensionParams?.[p]?.use === 'required',
        supported: true,
        description: EXTENSION_PARAMS[p].description,
        note: entry.extensionParams?.[p]?.note ?? null,
      })),
    ),
    eitherRules: (entry.either ?? []).map((r) => ({ params: [...r.oneOf], message: r.message })),
    authMethods: Object.entries(entry.auth).map(([name, method]) => {
      const fields = credentialFields(method);
      return {
        name,
        kind: method.scheme.kind,
        description: method.description,
        credentialFields: [
          ...fields.required.map((f) => ({ name: f, required: true })),
          ...fields.optional.map((f) => ({ name: f, required: false })),
        ],
        tokenUrl: tokenUrlOf(entry.baseUrl, method.scheme),
        scopes: (method.scheme.kind === 'oauth2' || method.scheme.kind === 'jwt_bearer') && method.scheme.scopes ? [...method.scheme.scopes] : null,
        docsUrl: method.docs ?? null,
      };
    }),
    contextFields: Object.entries(entry.context).map(([name, f]) => ({
      name,
      kind: f.kind,
      description: f.description,
      required: !f.optional && !(f.kind === 'enum' && f.default !== undefined),
      example: f.kind === 'enum' ? (f.default ?? f.values[0] ?? null) : f.example,
      values: f.kind === 'enum' ? [...f.values] : null,
      endsWith: f.kind === 'hostname' && f.endsWith ? [...f.endsWith] : null,
    })),
    mappedFields: provider ? [...provider.maps] : [],
    deletionSemantics: provider
      ? {
          permanent: provider.semantics.permanent,
          restoreWindowDays: provider.semantics.restoreWindowDays ?? null,
          description: provider.semantics.description,
          docsUrl: provider.semantics.docs,
        }
      : null,
    lookup: provider?.findUsers !== undefined,
    lookupUnavailable: provider?.findUsers ? null : (provider?.noLookup ?? (provider ? `${entry.name}: no lookup by email is implemented` : 'deleteUser is not implemented')),
    selfAliases: provider ? [...provider.selfAliases] : [],
    tokenOwnerCheck: provider
      ? 'lookup' in provider.tokenOwner
        ? { available: true, docsUrl: provider.tokenOwner.docs, reason: null }
        : { available: false, docsUrl: null, reason: provider.tokenOwner.unavailable }
      : null,
  };
}

/** Where a method's token is obtained: the token URL, or the sign-in URL of a session (under the base URL when a path). */
function tokenUrlOf(baseUrl: string, scheme: AuthScheme): string | null {
  switch (scheme.kind) {
    case 'oauth2':
    case 'jwt_bearer':
      return scheme.tokenUrl;
    case 'session':
      return scheme.signIn.url.startsWith('/') ? `${baseUrl.replace(/\/+$/, '')}${scheme.signIn.url}` : scheme.signIn.url;
    default:
      return null;
  }
}

const described = allIntegrations.map(describeIntegration);

@Resolver(() => Integration)
export class IntegrationResolver {
  @Query(() => [Integration], { description: 'Every integration deleteUser knows, with its params, auth and context' })
  integrations(): Integration[] {
    return described;
  }

  @Query(() => Integration, { nullable: true, description: 'One integration by slug' })
  integration(@Arg('slug', () => String) slug: string): Integration | null {
    const reg = getIntegration(slug);
    return reg ? describeIntegration(reg) : null;
  }
}
