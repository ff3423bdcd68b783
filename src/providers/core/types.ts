/**
 * The vocabulary every provider is written in: context fields, auth schemes, params,
 * the unified user, and the provider definition itself.
 */
import type { VendorHttp } from './http.js';

// ---------------------------------------------------------------------------
// Context: per-account values (subdomain, region, instance host, ...). Never free text
// when they end up in a URL: a subdomain is one DNS label, a hostname is checked against
// the suffixes the vendor uses.
// ---------------------------------------------------------------------------

export type ContextField =
  /** One DNS label, substituted into the base URL host (e.g. `{subdomain}.zendesk.com`). */
  | { kind: 'subdomain'; description: string; example: string; optional?: boolean }
  /** A full hostname (no scheme, no path). `endsWith` restricts it to the vendor's domains. */
  | { kind: 'hostname'; description: string; example: string; endsWith?: readonly string[]; optional?: boolean }
  /** One of a closed list (regions, data centres). */
  | { kind: 'enum'; description: string; values: readonly string[]; default?: string; optional?: boolean }
  /** An identifier used in paths or bodies (account id, org id); must match `pattern`. */
  | { kind: 'id'; description: string; example: string; pattern: RegExp; optional?: boolean };

// ---------------------------------------------------------------------------
// Auth: a closed union. `{field}` placeholders in header, query, basic, claim, form and
// sign-in templates name credential fields; in URL templates (token URL, sign-in URL) they
// name context fields. A template that names an optional credential field the account did not
// give is left out (a claim, form field or header); every other placeholder is required.
// ---------------------------------------------------------------------------

/**
 * A value read from a JSON answer (token endpoint, sign-in, userinfo): keys separated by `.`;
 * `name[key=value]` picks the first element of the array `name` whose `key` equals `value`
 * (`{field}` there names a context field, `true`/`false` match booleans). `as: 'host'` keeps the
 * host of a URL value (DocuSign's `base_uri`).
 */
export interface ValuePath {
  path: string;
  as?: 'host';
}

/**
 * What a token answer (or a lookup made with the new token) gives the provider: context fields
 * by name, each checked like a context value the account was created with (a hostname must still
 * end with the vendor's domains), then merged over the account's context for the base URL and
 * the provider. Every name must be a context field of the integration, declared optional.
 */
export type ProvidedContext = Readonly<Record<string, ValuePath>>;

/** A GET made with the freshly acquired token, whose answer provides context (DocuSign's /oauth/userinfo). */
export interface TokenLookup {
  /** Resolved against the token URL: `userinfo` next to `…/oauth/token` is `…/oauth/userinfo`. */
  url: string;
  provides: ProvidedContext;
}

export type AuthScheme =
  /** `Authorization: Bearer {token}` from one credential field. */
  | { kind: 'bearer'; tokenField: string }
  /** Arbitrary headers built from templates, e.g. `{ Authorization: 'SSWS {apiToken}' }`. */
  | { kind: 'headers'; headers: Readonly<Record<string, string>> }
  /** HTTP Basic with templated user name and password. */
  | { kind: 'basic'; username: string; password: string }
  /** Credentials sent as query parameters (vendors such as Trello). */
  | { kind: 'query'; params: Readonly<Record<string, string>> }
  /**
   * OAuth 2.0: the call carries `Authorization: Bearer {accessToken}`. `tokenUrl` (may hold
   * context placeholders) is where a refresh token or client credentials are exchanged.
   */
  | {
      kind: 'oauth2';
      /**
       * `account_credentials` is Zoom's server-to-server grant: client credentials plus the
       * account id (in `form`), a new token each hour, no refresh token.
       */
      grant: 'authorization_code' | 'client_credentials' | 'account_credentials';
      tokenUrl: string;
      scopes?: readonly string[];
      /**
       * The `audience` the token request must name, where the vendor requires one (Auth0's
       * Management API: `https://{domain}/api/v2/`). May hold context placeholders.
       */
      audience?: string;
      /** How the client authenticates at the token URL: form fields (default, RFC 6749 §2.3.1 allows both) or HTTP Basic. */
      clientAuth?: 'body' | 'basic';
      /**
       * Extra form fields of a client-credentials (or account-credentials) token request,
       * templates over credential fields: Zoom's `account_id`, Box's `box_subject_type`/`box_subject_id`.
       */
      form?: Readonly<Record<string, string>>;
    }
  /**
   * JWT bearer assertion (RFC 7523 §2.1): the service signs a JWT (RS256) with the account's
   * private key (credential field `privateKey`, PEM; `privateKeyPassphrase` when the PEM is
   * encrypted) and exchanges it at `tokenUrl` (`grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`)
   * for an access token sent as `Authorization: Bearer`.
   */
  | {
      kind: 'jwt_bearer';
      tokenUrl: string;
      /**
       * Claims (templates over credential fields): `iss`, `sub`, `aud`, extra ones such as Box's
       * `box_sub_type`. `{tokenUrl}` is the URL the assertion is posted to, `{tokenHost}` its host. `iat` and `exp` are
       * added, `jti` too with `jti: true`.
       */
      claims: Readonly<Record<string, string>>;
      /** Sent as the `scope` claim, space-separated (Google, DocuSign). */
      scopes?: readonly string[];
      /** exp − iat, in seconds: the vendor's maximum (Google 3600, Salesforce 180, Box 60). */
      lifetimeSeconds: number;
      /** A unique `jti` claim (Box requires one). */
      jti?: boolean;
      /** JOSE header `kid`: a template over credential fields (Google's private_key_id, Box's publicKeyID). */
      keyId?: string;
      /** Extra form fields of the token request (Box's client_id and client_secret). */
      form?: Readonly<Record<string, string>>;
      /** The credential field naming the user the token acts as (Google's `sub`): the token's owner. */
      actsAs?: string;
      /** Context values read from the token answer (Salesforce's `instance_url`). */
      provides?: ProvidedContext;
      /** A GET with the new token whose answer provides context (DocuSign's account base URI). */
      lookup?: TokenLookup;
    }
  /**
   * A sign-in session: a call with long-lived credentials (a personal access token, an API
   * key pair, a user name and password) answers a short-lived session token, sent on every call
   * in `header` (`{token}` is the session token). Renewed before `expiresIn`/`expiresAt` says
   * (or after `ttlSeconds` when the answer says nothing) and on a 401.
   */
  | {
      kind: 'session';
      signIn: {
        /** A path under the account's base URL (`/auth/signin`), or an absolute URL template over context. */
        url: string;
        /** A JSON body: nested objects whose string leaves are templates over credential fields. */
        json?: Readonly<Record<string, unknown>>;
        /** A form body (templates over credential fields). */
        form?: Readonly<Record<string, string>>;
        /** HTTP Basic on the sign-in call (Jamf Pro: user name and password). */
        basic?: { username: string; password: string };
      };
      /** Where the session token is in the answer. */
      token: ValuePath;
      /** Seconds the token lives, from the answer. */
      expiresIn?: ValuePath;
      /** When the token expires (ISO 8601 or epoch seconds), from the answer. */
      expiresAt?: ValuePath;
      /** How long a session lives when the answer does not say (the vendor's documented session length). */
      ttlSeconds?: number;
      /** Headers every call carries; `{token}` is the session token (`X-Tableau-Auth: {token}`, `Authorization: token {token}`). */
      header: Readonly<Record<string, string>>;
      /** Context values read from the sign-in answer (Tableau's site id). */
      provides?: ProvidedContext;
    }
  /**
   * A key-pair JWT sent directly as the bearer token, with no exchange (Snowflake's key-pair
   * authentication): the service signs a JWT (RS256) with the account's private key (credential
   * field `privateKey`, PEM; `privateKeyPassphrase` when encrypted), sends it in `headers`
   * (`{token}` is the JWT) and signs a new one shortly before it expires.
   */
  | {
      kind: 'keypair_jwt';
      /**
       * Claims (templates over credential fields): `{publicKeyFingerprint}` is `SHA256:` and the
       * base64 SHA-256 digest of the DER public key (computed from the private key). `iat` and
       * `exp` are added.
       */
      claims: Readonly<Record<string, string>>;
      /** Credential fields upper-cased before they fill the claims (Snowflake's account and user). */
      upper?: readonly string[];
      /** exp − iat, in seconds: the vendor's maximum (Snowflake: one hour). */
      lifetimeSeconds: number;
      /** Headers every call carries; `{token}` is the JWT. */
      headers: Readonly<Record<string, string>>;
      /** The credential field naming the user the JWT acts as: the token's owner. */
      actsAs?: string;
    }
  /**
   * Credentials inside the request body: the core merges `fields` (templates over credential
   * fields) into the JSON (or form) body of every call (LastPass `cid`/`provhash`). Never shown:
   * dry-run plans show them as [REDACTED], vendor answers echoing them are redacted.
   */
  | { kind: 'body'; fields: Readonly<Record<string, string>> };

/** The auth kinds whose token the core acquires, caches per account and renews. */
export type TokenScheme = Extract<AuthScheme, { kind: 'oauth2' | 'jwt_bearer' | 'session' | 'keypair_jwt' }>;

export interface AuthMethod {
  scheme: AuthScheme;
  description: string;
  /** Extra credential fields the scheme does not name in a template (optional ones). */
  optionalFields?: readonly string[];
  /** The vendor's page on creating these credentials. */
  docs?: string;
}

// ---------------------------------------------------------------------------
// Params: the integration-specific inputs of the spec.
// ---------------------------------------------------------------------------

export const PARAM_NAMES = [
  'removeFrom',
  'removeFromId',
  'organizationId',
  'workspaceId',
  'emails',
  'groups',
  'workspace',
  'permanent',
  'groupId',
] as const;
export type ParamName = (typeof PARAM_NAMES)[number];

export interface ParamRule {
  /** required: the call is rejected without it; supported: accepted, optional. */
  use: 'required' | 'supported';
  /** Integration-specific meaning (the spec's notes). */
  note?: string;
}

export type ParamRules = Partial<Record<ParamName, ParamRule>>;

/**
 * Params beyond the spec's, each offered only by the integrations that declare it in
 * `extensionParams`; PARAM_NAMES stays exactly the spec's list. `irreversiblyEraseUserData`
 * (REST `irreversibly_erase_user_data`): also erase the user's data for good, right away, where
 * the vendor documents such a step (Zendesk's permanent deletion). Named so that nobody asks for
 * it by accident.
 */
export const EXTENSION_PARAM_NAMES = ['irreversiblyEraseUserData'] as const;
export type ExtensionParamName = (typeof EXTENSION_PARAM_NAMES)[number];
export type ExtensionParamRules = Partial<Record<ExtensionParamName, ParamRule>>;
/** A spec param or a declared extension. */
export type AnyParamName = ParamName | ExtensionParamName;

/** "Exactly one of" / "at least one of" rules across supported params. */
export interface EitherRule {
  oneOf: readonly ParamName[];
  message: string;
}

export interface DeleteUserParams {
  removeFrom?: 'GROUP' | 'ORGANIZATION';
  removeFromId?: string;
  organizationId?: string;
  workspaceId?: string;
  emails?: string[];
  groups?: Array<Record<string, unknown>>;
  workspace?: string;
  permanent?: boolean;
  groupId?: string;
  /** Extension (not in the spec): see EXTENSION_PARAM_NAMES. */
  irreversiblyEraseUserData?: boolean;
}

// ---------------------------------------------------------------------------
// The unified user (plain data; the GraphQL type mirrors it).
// ---------------------------------------------------------------------------

export type UserStatus = 'ACTIVE' | 'INACTIVE' | 'DELETED' | 'INVITED';

export interface UnifiedUser {
  id: string;
  externalId?: string | null;
  identifiers?: Record<string, unknown> | null;
  firstName?: string | null;
  lastName?: string | null;
  title?: string | null;
  name?: string | null;
  username?: string | null;
  emails?: Array<{ email: string; type?: string | null; isPrimary?: boolean | null }> | null;
  phones?: Array<{ number: string; extension?: string | null; type?: string | null }> | null;
  status?: UserStatus | null;
  rawStatus?: string | null;
  isEmailVerified?: boolean | null;
  is2faEnabled?: boolean | null;
  roles?: Array<{
    id?: string | null;
    name?: string | null;
    group?: string | null;
    organization?: string | null;
    workspace?: string | null;
  }> | null;
  organizations?: Array<{ id: string; name?: string | null }> | null;
  userType?: string | null;
  licenses?: Array<{ id?: string | null; name?: string | null; organizationId?: string | null; lastActiveAt?: Date | null }> | null;
  groups?: Array<{ id: string; name?: string | null; organizationId?: string | null }> | null;
  workspaces?: Array<{ id: string; name?: string | null }> | null;
  avatar?: string | null;
  timezone?: string | null;
  languages?: string[] | null;
  bio?: string | null;
  createdAt?: Date | null;
  updatedAt?: Date | null;
  lastActiveAt?: Date | null;
  lastLoginAt?: Date | null;
  statusChangedAt?: Date | null;
  activatedAt?: Date | null;
  urls?: Array<{ url: string; type?: string | null }> | null;
}

/** The unified fields, in the spec's snake_case, a mapping can fill. */
export type UnifiedField = Exclude<keyof UnifiedUser, 'rawStatus'>;

// ---------------------------------------------------------------------------
// The provider definition.
// ---------------------------------------------------------------------------

/** What a provider's deletion does at the vendor (declared per integration). */
export type ProviderOutcome = 'DELETED' | 'DEACTIVATED' | 'REMOVED_FROM_CONTAINER';
/**
 * What a deleteUser call found and did: the provider's outcome, or ALREADY_ABSENT when the
 * vendor no longer knows a user this service removed earlier on the same account.
 */
export type DeletionOutcome = ProviderOutcome | 'ALREADY_ABSENT' | 'ALREADY_DEACTIVATED';

/**
 * What a deletion means at the vendor, declared per integration and shown in `integrations`, the
 * integration's docs page and every DeletionReport.
 */
export interface DeletionSemantics {
  /** True when the vendor cannot restore what the deletion removed (a removal from a container is permanent for the membership). */
  permanent: boolean;
  /** The vendor's documented window to restore the user, in days, where there is one. */
  restoreWindowDays?: number;
  /** One or two sentences, from the vendor's docs: what happens to the user, their data and seat. */
  description: string;
  /** The page those facts were taken from. */
  docs: string;
}

/** Who the account's credentials act as, as the vendor names them. */
export interface TokenOwner {
  /**
   * Every identifier of the owner that a deleteUser id or the mapped user could carry (id, login,
   * user name, email): compared case-insensitively with the requested id and the snapshot's.
   */
  ids: readonly string[];
}

/**
 * The self-deletion guard's second half: how the vendor tells who the token belongs to. Either a
 * documented call (cached per account and credentials), or the reason the vendor cannot say.
 */
export type TokenOwnerLookup =
  | {
      /**
       * The vendor's documented "who am I" call; undefined when the credentials act as no user (an app or bot).
       * `method` is the account's auth method (a key of `auth`): the same vendor may act as a user with one
       * method (delegated OAuth) and as an application with another (client credentials).
       */
      lookup: (args: {
        http: VendorHttp;
        context: Readonly<Record<string, string>>;
        /** The account's auth method: the owner may be found differently per method. */
        method: string;
        /** The user a JWT grant impersonates (Google's `sub`): that user is the token's owner. */
        subject?: string;
      }) => Promise<TokenOwner | undefined>;
      docs: string;
    }
  | {
      /** Why the vendor cannot name the token owner (what was read in its docs). */
      unavailable: string;
    };

/** Our error for a vendor error code (from a 2xx body or an error body). */
export type VendorErrorKind =
  | 'REAUTH_REQUIRED'
  /** An expired access token: refreshed (OAuth) and the call made again, like a 401. */
  | 'TOKEN_EXPIRED'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  /** The vendor refuses because of the user's state (owner, open incidents, content to transfer). */
  | 'PRECONDITION'
  /** Rate limited: waited for (Retry-After, the reset header or backoff) and retried within the limits. */
  | 'RATE_LIMITED'
  | 'REMOTE_ERROR';

/**
 * How the vendor names its errors. `code` reads the vendor's error code from a response body
 * (`ok: false, error: "user_not_found"`, `error.errors[0].reason`, ...); `bodyLevel` says the vendor
 * reports failures inside 2xx bodies too; `table` maps codes to ours (unlisted codes keep the
 * HTTP status mapping, or REMOTE_ERROR for a failing 2xx body).
 */
export interface VendorErrors {
  code: (body: unknown, status: number) => string | undefined;
  bodyLevel: boolean;
  table: Readonly<Record<string, VendorErrorKind>>;
  /** The vendor's page listing these errors. */
  docs: string;
}

export interface DeleteArgs<Raw> {
  http: VendorHttp;
  /** The vendor's id of the user (already checked to be a non-empty, bounded string). */
  id: string;
  params: DeleteUserParams;
  context: Readonly<Record<string, string>>;
  /** Passed to the vendor unchanged on the deletion call(s). */
  remoteQuery: Readonly<Record<string, unknown>> | undefined;
  /** The snapshot read before deletion, when the provider has `getUser`. */
  snapshot: Raw | undefined;
}

export interface GetArgs {
  http: VendorHttp;
  id: string;
  params: DeleteUserParams;
  context: Readonly<Record<string, string>>;
}

export interface DeleteResult<Raw> {
  /** ALREADY_DEACTIVATED: the snapshot showed the user deactivated already, and nothing was written. */
  outcome: ProviderOutcome | 'ALREADY_DEACTIVATED';
  /** A fresher vendor view of the user returned by the deletion call, if any. */
  user?: Raw;
  /**
   * For REMOVED_FROM_CONTAINER: the container the user was removed from, so the returned user no
   * longer lists it in `organizations`, `workspaces` or `groups` (and its roles there).
   */
  container?: { kind: 'organization' | 'workspace' | 'group'; id: string };
  /**
   * Whether this run's deletion is permanent, where it differs by run from the declared
   * `semantics.permanent` (a run that also erased the user's data for good). Without it, the
   * report says what the semantics say.
   */
  permanent?: boolean;
}

export interface CatalogEntry {
  /** Exactly as the spec names it. */
  name: string;
  slug: string;
  /** The vendor's API reference page for user deletion. */
  docs: string;
  /** Default base URL; `{field}` placeholders name context fields. */
  baseUrl: string;
  context: Readonly<Record<string, ContextField>>;
  /** Auth methods an account can use; the key is the `method` given with the credentials. */
  auth: Readonly<Record<string, AuthMethod>>;
  params: ParamRules;
  /**
   * For an integration whose vendor documents no API that removes, deactivates or suspends a user:
   * why (what was read) and the vendor's documented manual way. deleteUser answers UNSUPPORTED with
   * this message instead of "not implemented yet".
   */
  unsupported?: string;
  /** Params beyond the spec this integration offers (see EXTENSION_PARAM_NAMES). */
  extensionParams?: ExtensionParamRules;
  either?: readonly EitherRule[];
}

export interface RateLimitPolicy {
  /** Header carrying the epoch second (or delta) when the window resets. */
  resetHeader?: string;
  resetKind?: 'epoch-seconds' | 'delta-seconds';
  /** Header that says how many calls are left; 0 with a 403 means rate limited (GitHub). */
  remainingHeader?: string;
  /** Statuses besides 429 that mean "rate limited" (Webex's 423 Locked with Retry-After). */
  statuses?: readonly number[];
  /** A 403 carrying Retry-After is a rate limit (GitHub's secondary rate limits). */
  forbiddenWithRetryAfter?: boolean;
  /**
   * The vendor's documented wait when a rate-limited answer gives no hint (GitHub: "at least one
   * minute"; Airtable: 30 seconds). Without it, exponential backoff from VENDOR_RETRY_BASE_MS.
   */
  defaultWaitMs?: number;
}

export interface ProviderDefinition<Raw = unknown> extends CatalogEntry {
  /** The vendor outcome the deletion performs (documented per integration). */
  outcome: ProviderOutcome;
  /** The unified fields the mapping fills from a realistic payload. */
  maps: readonly UnifiedField[];
  rateLimit?: RateLimitPolicy;
  /** Calls at once per account when the vendor asks for fewer than VENDOR_CONCURRENCY_PER_ACCOUNT. */
  maxConcurrency?: number;
  /** Extra headers every call carries (API version headers and the like). */
  headers?: Readonly<Record<string, string>>;
  /** How the vendor names its errors (body-level failures such as Slack's `ok: false` included). */
  errors?: VendorErrors;
  /** What the deletion means at the vendor: permanent or restorable, and for how long. */
  semantics: DeletionSemantics;
  /**
   * Ids the vendor resolves to the token's own user (`me`, `self`, ...), refused before any call;
   * compared case-insensitively. Empty only when the vendor documents no such alias.
   */
  selfAliases: readonly string[];
  /** How the vendor names the token's owner, for the self-deletion guard. */
  tokenOwner: TokenOwnerLookup;
  /**
   * The snapshot read before the deletion. Undefined when the vendor documents no read for an id
   * of that form (Figma: a user id can only be deleted, an email can be looked up): the deletion
   * goes ahead without a snapshot, and federation cannot resolve such an id.
   */
  /**
   * The vendor's documented lookup of users by email address (offboarding a person by email):
   * exact matches only, compared case-insensitively on the address, paging bounded; every match is
   * returned (zero or several are reported as such, never "the first one"). Absent where the vendor
   * documents none: then `noLookup` says why.
   */
  findUsers?: (args: { http: VendorHttp; email: string; params: DeleteUserParams; context: Readonly<Record<string, string>> }) => Promise<Raw[]>;
  /** Why the vendor has no documented lookup by email (what was read), when `findUsers` is absent. */
  noLookup?: string;
  getUser?: (args: GetArgs) => Promise<Raw | undefined>;
  deleteUser: (args: DeleteArgs<Raw>) => Promise<DeleteResult<Raw>>;
  toUser: (raw: Raw, args: { id: string; params: DeleteUserParams }) => UnifiedUser;
  /**
   * The user as the vendor holds it after the deletion, when the deletion call returns nothing and
   * the outcome alone does not say it (a status that described the removed membership). Without it,
   * the core derives it from the outcome: DELETED → DELETED, DEACTIVATED → INACTIVE, and the
   * container removed from organizations, workspaces and groups.
   */
  after?: (user: UnifiedUser, result: DeleteResult<Raw>, args: { id: string; params: DeleteUserParams }) => UnifiedUser;
}
