/**
 * GraphQL object and input types (type-graphql). Field types that decorator metadata cannot
 * express (lists, IDs, nullable unions, scalars) are given explicitly; plain `string` /
 * `boolean` fields rely on `emitDecoratorMetadata` (a test fails when it is missing).
 *
 * Every object type is `simpleResolvers: true`: its fields are plain properties of plain objects
 * (no field resolvers, middlewares or renamed fields), so graphql-js's default resolver reads them
 * instead of a type-graphql wrapper allocating per field and request.
 */
import { DateTimeResolver } from 'graphql-scalars';
import { JSONScalar } from './scalars.js';
import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { EXTENSION_PARAMS } from '../providers/core/params.js';

export enum UserStatus {
  ACTIVE = 'ACTIVE',
  INACTIVE = 'INACTIVE',
  DELETED = 'DELETED',
  INVITED = 'INVITED',
}
registerEnumType(UserStatus, { name: 'UserStatus', description: 'The unified status of a user; `rawStatus` carries the vendor value.' });

export enum RemoveFrom {
  GROUP = 'GROUP',
  ORGANIZATION = 'ORGANIZATION',
}
registerEnumType(RemoveFrom, { name: 'RemoveFrom', description: 'Where to remove the user from.' });

export enum DeletionOutcome {
  DELETED = 'DELETED',
  DEACTIVATED = 'DEACTIVATED',
  REMOVED_FROM_CONTAINER = 'REMOVED_FROM_CONTAINER',
  ALREADY_ABSENT = 'ALREADY_ABSENT',
  ALREADY_DEACTIVATED = 'ALREADY_DEACTIVATED',
}
registerEnumType(DeletionOutcome, {
  name: 'DeletionOutcome',
  description: 'What the vendor call did: a hard delete, a deactivation (the vendor keeps the user), a removal from an organization, workspace or team, or nothing because the user was already gone.',
  valuesConfig: {
    DELETED: { description: 'The vendor deleted the user.' },
    DEACTIVATED: { description: 'The vendor deactivated or suspended the user; the record remains.' },
    REMOVED_FROM_CONTAINER: { description: 'The user was removed from an organization, workspace or team; the vendor account remains.' },
    ALREADY_ABSENT: {
      description:
        'The vendor answered 404 and this service has a record of removing this user, with the same params, from this account earlier. A 404 without such a record is the NOT_FOUND error.',
    },
    ALREADY_DEACTIVATED: {
      description:
        'The integration deactivates users and the vendor showed this user deactivated already: nothing was written (no second deactivation).',
    },
  },
});

export enum AuditState {
  STARTED = 'STARTED',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  INTERRUPTED = 'INTERRUPTED',
}
registerEnumType(AuditState, {
  name: 'AuditState',
  description: 'STARTED: the attempt is running; SUCCEEDED or FAILED once it ended; INTERRUPTED: the process running it stopped first.',
  valuesConfig: {
    INTERRUPTED: {
      description:
        'The process running the attempt stopped (crash, kill, or a shutdown whose grace period ran out) before it ended. Its calls are those recorded up to its last recovery point; a call with sending: true may have reached the vendor. A retry with the same Idempotency-Key resumes it (resumedFrom), reading the vendor again before any further destructive call.',
    },
  },
});

@ObjectType({ simpleResolvers: true, description: 'One HTTP call to the vendor. URLs carry no credentials; planned bodies are redacted.' })
export class VendorCallRecord {
  @Field()
  method!: string;
  @Field({ description: 'The URL, with query values that carry credentials redacted' })
  url!: string;
  @Field(() => Int, { nullable: true, description: 'The HTTP status; null when the call failed before an answer or was not made' })
  status?: number | null;
  @Field(() => Int)
  durationMs!: number;
  @Field(() => Int, { description: '1 for the first try; retries count up' })
  attempt!: number;
  @Field(() => String, { nullable: true, description: 'The network error, when there was no answer' })
  error?: string | null;
  @Field({ description: 'A dry run: the call that would change something, recorded and not made' })
  planned!: boolean;
  @Field(() => JSONScalar, { nullable: true, description: 'The body of a planned call (credentials redacted)' })
  body?: unknown;
  @Field({ description: 'In an INTERRUPTED record: the call was being sent when the process stopped; it may have reached the vendor, its answer is unknown' })
  sending!: boolean;
}

@ObjectType({ simpleResolvers: true, description: 'What deleteUser did: the outcome, the audit record, and the vendor calls.' })
export class DeletionReport {
  @Field(() => DeletionOutcome)
  outcome!: DeletionOutcome;
  @Field(() => ID, { description: 'The audit record of this call (see deletionAudit)' })
  auditId!: string;
  @Field({ description: 'True when no call that changes anything was made (dryRun input)' })
  dryRun!: boolean;
  @Field({ description: 'True when this is the stored result of an earlier request with the same Idempotency-Key; no vendor call was made' })
  replayed!: boolean;
  @Field(() => ID, { nullable: true, description: 'With replayed: the audit record of the request that did the work' })
  originalAuditId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The INTERRUPTED attempt (same Idempotency-Key) this one resumed: the vendor was read again before any further destructive call' })
  resumedFrom?: string | null;
  @Field(() => [VendorCallRecord], { description: 'The vendor calls in order; in a dry run, the calls that would be made' })
  calls!: VendorCallRecord[];
  @Field(() => User, { nullable: true, description: 'The user as read before the deletion (the snapshot); null when the vendor could not be read first' })
  before?: User | null;
  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether the vendor can restore what this deletion removed (false: restorable, see restorableUntil); null when nothing was removed now (ALREADY_ABSENT, ALREADY_DEACTIVATED)',
  })
  permanent?: boolean | null;
  @Field(() => DateTimeResolver, {
    nullable: true,
    description: "Until when the vendor documents the user as restorable (its restore window from the call); null when permanent, in a dry run, or when the vendor documents no deadline",
  })
  restorableUntil?: Date | null;
}

@ObjectType({ simpleResolvers: true, description: 'An email address of a user.' })
export class UserEmail {
  @Field({ description: 'The email address' })
  email!: string;
  @Field(() => String, { nullable: true, description: 'The type of email address' })
  type?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether the email address is primary' })
  isPrimary?: boolean | null;
}

@ObjectType({ simpleResolvers: true, description: 'A phone number of a user.' })
export class UserPhone {
  @Field({ description: 'The phone number' })
  number!: string;
  @Field(() => String, { nullable: true, description: 'The extension of the phone number' })
  extension?: string | null;
  @Field(() => String, { nullable: true, description: 'The type of phone number' })
  type?: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'A role of a user.' })
export class UserRole {
  @Field(() => ID, { nullable: true, description: 'The unique identifier for a role' })
  id?: string | null;
  @Field(() => String, { nullable: true, description: 'The name of the role' })
  name?: string | null;
  @Field(() => String, { nullable: true, description: 'The role of the user in the group, where roles differ per group or team' })
  group?: string | null;
  @Field(() => String, { nullable: true, description: 'The role of the user in the organization, where roles differ per organization' })
  organization?: string | null;
  @Field(() => String, { nullable: true, description: 'The role of the user in the workspace, where roles differ per workspace' })
  workspace?: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'An organization the user belongs to.' })
export class UserOrganization {
  @Field(() => ID, { description: 'The unique identifier for an organization' })
  id!: string;
  @Field(() => String, { nullable: true, description: 'The name of the organization' })
  name?: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'A license of the user, or a product the user has access to.' })
export class UserLicense {
  @Field(() => ID, { nullable: true, description: 'The unique identifier for a license' })
  id?: string | null;
  @Field(() => String, { nullable: true, description: 'The name of the license' })
  name?: string | null;
  @Field(() => ID, { nullable: true, description: 'The unique identifier of the organization to which the license belongs' })
  organizationId?: string | null;
  @Field(() => DateTimeResolver, { nullable: true, description: 'The date and time the user was last active for the license' })
  lastActiveAt?: Date | null;
}

@ObjectType({ simpleResolvers: true, description: 'A group of the user.' })
export class UserGroup {
  @Field(() => ID, { description: 'The unique identifier for a group' })
  id!: string;
  @Field(() => String, { nullable: true, description: 'The name of the group' })
  name?: string | null;
  @Field(() => ID, { nullable: true, description: 'The unique identifier of the organization to which the group belongs' })
  organizationId?: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'A workspace of the user.' })
export class UserWorkspace {
  @Field(() => ID, { description: 'The unique identifier for a workspace' })
  id!: string;
  @Field(() => String, { nullable: true, description: 'The name of the workspace' })
  name?: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'A URL of the user.' })
export class UserUrl {
  @Field({ description: 'The URL' })
  url!: string;
  @Field(() => String, { nullable: true, description: 'The type of URL' })
  type?: string | null;
}

@Directive('@key(fields: "id integratedAccountId")')
@ObjectType({ simpleResolvers: true, description: 'A user of a connected app, in the unified shape. Select the fields you need.' })
export class User {
  @Field(() => ID, { description: 'The unique identifier for a user' })
  id!: string;
  @Field(() => ID, { description: 'The integrated account the user belongs to' })
  integratedAccountId!: string;
  @Field(() => String, { nullable: true, description: 'The external identifier for a user (set by SCIM provisioning)' })
  externalId?: string | null;
  @Field(() => JSONScalar, { nullable: true, description: 'Other identifiers of the user' })
  identifiers?: Record<string, unknown> | null;
  @Field(() => String, { nullable: true, description: 'The first name of the user' })
  firstName?: string | null;
  @Field(() => String, { nullable: true, description: 'The last name of the user' })
  lastName?: string | null;
  @Field(() => String, { nullable: true, description: 'The title of the user' })
  title?: string | null;
  @Field(() => String, { nullable: true, description: 'The name of the user' })
  name?: string | null;
  @Field(() => String, { nullable: true, description: 'The username of the user' })
  username?: string | null;
  @Field(() => [UserEmail], { nullable: true, description: 'The emails of the user' })
  emails?: UserEmail[] | null;
  @Field(() => [UserPhone], { nullable: true, description: 'The phones of the user' })
  phones?: UserPhone[] | null;
  @Field(() => UserStatus, { nullable: true, description: "The status of the user as the vendor last reported it: from the deletion's answer where the vendor returns the user, otherwise from the read just before the deletion" })
  status?: UserStatus | null;
  @Field(() => String, { nullable: true, description: "The vendor's own status value" })
  rawStatus?: string | null;
  @Field(() => Boolean, { nullable: true, description: "Whether the user's email has been verified" })
  isEmailVerified?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether the user has 2FA enabled' })
  is2faEnabled?: boolean | null;
  @Field(() => [UserRole], { nullable: true, description: 'The roles of the user' })
  roles?: UserRole[] | null;
  @Field(() => [UserOrganization], { nullable: true, description: 'The organizations of the user' })
  organizations?: UserOrganization[] | null;
  @Field(() => String, { nullable: true, description: 'The type of user' })
  userType?: string | null;
  @Field(() => [UserLicense], { nullable: true, description: 'The licenses of the user or the products the user has access to' })
  licenses?: UserLicense[] | null;
  @Field(() => [UserGroup], { nullable: true, description: 'The groups of the user' })
  groups?: UserGroup[] | null;
  @Field(() => [UserWorkspace], { nullable: true, description: 'The workspaces of the user' })
  workspaces?: UserWorkspace[] | null;
  @Field(() => String, { nullable: true, description: 'The avatar of the user' })
  avatar?: string | null;
  @Field(() => String, { nullable: true, description: 'The timezone of the user' })
  timezone?: string | null;
  @Field(() => [String], { nullable: true, description: 'The languages preferred by the user' })
  languages?: string[] | null;
  @Field(() => String, { nullable: true, description: 'The bio of the user' })
  bio?: string | null;
  @Field(() => DateTimeResolver, { nullable: true, description: 'The date and time the user was created' })
  createdAt?: Date | null;
  @Field(() => DateTimeResolver, { nullable: true, description: 'The date and time the user was last updated' })
  updatedAt?: Date | null;
  @Field(() => DateTimeResolver, { nullable: true, description: 'The date and time the user was last active' })
  lastActiveAt?: Date | null;
  @Field(() => DateTimeResolver, { nullable: true, description: 'The date and time the user last logged in' })
  lastLoginAt?: Date | null;
  @Field(() => DateTimeResolver, { nullable: true, description: "The date and time the user's status last changed" })
  statusChangedAt?: Date | null;
  @Field(() => DateTimeResolver, { nullable: true, description: 'The date and time the user was activated' })
  activatedAt?: Date | null;
  @Field(() => [UserUrl], { nullable: true, description: 'The URLs of the user' })
  urls?: UserUrl[] | null;
  @Field(() => DeletionOutcome, { nullable: true, description: 'What deleteUser did at the vendor; null when the user was only read' })
  deletionOutcome?: DeletionOutcome | null;
  @Field(() => DeletionReport, { nullable: true, description: 'What deleteUser did: outcome, audit record id, dry run, replay, vendor calls; null when the user was only read' })
  deletion?: DeletionReport | null;
  @Field(() => JSONScalar, { nullable: true, description: 'The raw vendor data the user was mapped from' })
  remoteData?: unknown;
}

@InputType({ description: 'Integration-specific inputs of deleteUser. Each integration requires or accepts only some of them (see `integration(slug).params`); anything else is rejected.' })
export class DeleteUserInput {
  @Field(() => RemoveFrom, { nullable: true, description: 'Where to remove the user from (Asana: GROUP = team, ORGANIZATION = workspace)' })
  removeFrom?: RemoveFrom;
  @Field(() => String, { nullable: true, description: 'The ID of the group or organization to remove the user from' })
  removeFromId?: string;
  @Field(() => String, { nullable: true, description: 'The ID of the organization to remove the user from' })
  organizationId?: string;
  @Field(() => String, { nullable: true, description: 'The ID of the workspace to remove the user from' })
  workspaceId?: string;
  @Field(() => [String], { nullable: true, description: 'The emails of the user' })
  emails?: string[];
  @Field(() => [JSONScalar], { nullable: true, description: 'The groups of the user' })
  groups?: Array<Record<string, unknown>>;
  @Field(() => String, { nullable: true, description: 'The workspace of the user' })
  workspace?: string;
  @Field(() => Boolean, { nullable: true, description: 'Set to true to delete the user permanently' })
  permanent?: boolean;
  @Field(() => String, { nullable: true, description: 'The ID of the group (team) to remove the user from' })
  groupId?: string;
  @Field(() => Boolean, { nullable: true, description: EXTENSION_PARAMS.irreversiblyEraseUserData.description })
  irreversiblyEraseUserData?: boolean;
  @Field(() => JSONScalar, { nullable: true, description: 'Query parameters passed to the vendor unchanged' })
  remoteQuery?: Record<string, unknown>;
  @Field(() => Boolean, {
    nullable: true,
    description:
      'Validate, resolve the account, read the user where the vendor can, and return the calls that would be made (deletion.calls, planned: true) without making any call that changes anything',
  })
  dryRun?: boolean;
}

@ObjectType({ simpleResolvers: true, description: 'One deleteUser attempt, as recorded. Records are never changed or deleted through the API.' })
export class DeletionAuditRecord {
  @Field(() => ID)
  id!: string;
  @Field(() => ID, { nullable: true, description: 'The API key that made the call' })
  apiKeyId?: string | null;
  @Field({ description: 'graphql, rest or cli' })
  via!: string;
  @Field(() => String, { nullable: true })
  requestId?: string | null;
  @Field(() => String, { nullable: true })
  idempotencyKey?: string | null;
  @Field(() => ID)
  integratedAccountId!: string;
  @Field(() => String, { nullable: true, description: 'The integration slug; null when the account was not found' })
  integration?: string | null;
  @Field(() => ID, { description: "The vendor's id of the user the call targeted" })
  targetId!: string;
  @Field(() => JSONScalar, { description: 'The params, remoteQuery and dryRun as given' })
  input!: unknown;
  @Field()
  dryRun!: boolean;
  @Field(() => AuditState)
  state!: AuditState;
  @Field(() => DeletionOutcome, { nullable: true })
  outcome?: DeletionOutcome | null;
  @Field(() => String, { nullable: true })
  errorCode?: string | null;
  @Field(() => String, { nullable: true })
  errorMessage?: string | null;
  @Field(() => [VendorCallRecord])
  calls!: VendorCallRecord[];
  @Field(() => JSONScalar, { nullable: true, description: 'The unified user as read before deletion' })
  snapshot?: unknown;
  @Field(() => DateTimeResolver)
  startedAt!: Date;
  @Field(() => DateTimeResolver, { nullable: true })
  finishedAt?: Date | null;
  @Field(() => ID, { nullable: true, description: 'The INTERRUPTED attempt (same Idempotency-Key) this one resumed' })
  resumedFrom?: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'A page of audit records, newest first.' })
export class DeletionAuditPage {
  @Field(() => [DeletionAuditRecord])
  records!: DeletionAuditRecord[];
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null on the last page' })
  nextCursor?: string | null;
}

@InputType({ description: 'Filters of deletionAudit; all given ones must match.' })
export class DeletionAuditFilter {
  @Field(() => ID, { nullable: true })
  integratedAccountId?: string;
  @Field(() => String, { nullable: true, description: 'An integration slug' })
  integration?: string;
  @Field(() => ID, { nullable: true })
  targetId?: string;
  @Field(() => DeletionOutcome, { nullable: true })
  outcome?: DeletionOutcome;
  @Field(() => String, { nullable: true })
  errorCode?: string;
  @Field(() => AuditState, { nullable: true })
  state?: AuditState;
  @Field(() => Boolean, { nullable: true })
  dryRun?: boolean;
  @Field(() => DateTimeResolver, { nullable: true, description: 'Started at or after' })
  from?: Date;
  @Field(() => DateTimeResolver, { nullable: true, description: 'Started before' })
  to?: Date;
}

@ObjectType({ simpleResolvers: true, description: 'One User reference of a read batch and how it was answered.' })
export class UserReadTarget {
  @Field(() => ID, { description: "The vendor's id of the user, as referenced" })
  id!: string;
  @Field({ description: 'True when the vendor answered with the user' })
  read!: boolean;
  @Field(() => String, { nullable: true, description: 'The error code the reference was answered with, when it was not read' })
  errorCode?: string | null;
}

@ObjectType({
  simpleResolvers: true,
  description: 'Reads of users made for federation User references (`_entities`): one record per integrated account per batch of references of a request.',
})
export class UserReadAuditRecord {
  @Field(() => ID)
  id!: string;
  @Field(() => ID, { nullable: true, description: 'The API key that made the request' })
  apiKeyId?: string | null;
  @Field(() => String, { nullable: true, description: 'X-Request-Id of the request (or the generated one)' })
  requestId?: string | null;
  @Field({ description: 'federation' })
  via!: string;
  @Field(() => ID)
  integratedAccountId!: string;
  @Field(() => String, { nullable: true, description: 'The integration slug; null when the account was not found' })
  integration?: string | null;
  @Field(() => [UserReadTarget], { description: 'The users referenced, in the order they came' })
  targets!: UserReadTarget[];
  @Field(() => [VendorCallRecord], { description: 'The vendor calls made for them' })
  calls!: VendorCallRecord[];
  @Field(() => DateTimeResolver)
  at!: Date;
}

@ObjectType({ simpleResolvers: true, description: 'A page of user read records, newest first.' })
export class UserReadAuditPage {
  @Field(() => [UserReadAuditRecord])
  records!: UserReadAuditRecord[];
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null on the last page' })
  nextCursor?: string | null;
}

@InputType({ description: 'Filters of userReadAudit; all given ones must match.' })
export class UserReadAuditFilter {
  @Field(() => ID, { nullable: true })
  integratedAccountId?: string;
  @Field(() => String, { nullable: true, description: 'The X-Request-Id of the request' })
  requestId?: string;
  @Field(() => DateTimeResolver, { nullable: true, description: 'Read at or after' })
  from?: Date;
  @Field(() => DateTimeResolver, { nullable: true, description: 'Read before' })
  to?: Date;
}

@ObjectType({ simpleResolvers: true, description: 'A param of deleteUser as one integration uses it.' })
export class IntegrationParam {
  @Field({ description: 'The DeleteUserInput field name' })
  name!: string;
  @Field({ description: 'The REST query parameter name' })
  restName!: string;
  @Field({ description: 'The type of the value' })
  type!: string;
  @Field({ description: 'Whether deleteUser is rejected without it' })
  required!: boolean;
  @Field({ description: 'Always true for a listed param: the integration accepts it' })
  supported!: boolean;
  @Field({ description: 'What the param means' })
  description!: string;
  @Field(() => String, { nullable: true, description: 'What the param means for this integration' })
  note?: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'A rule that exactly one of some params is given.' })
export class IntegrationEitherRule {
  @Field(() => [String])
  params!: string[];
  @Field()
  message!: string;
}

@ObjectType({ simpleResolvers: true, description: 'A credential field of an auth method.' })
export class CredentialField {
  @Field()
  name!: string;
  @Field()
  required!: boolean;
}

@ObjectType({ simpleResolvers: true, description: 'One way an account of this integration can authenticate.' })
export class IntegrationAuthMethod {
  @Field({ description: 'The `method` value to give with the credentials' })
  name!: string;
  @Field({ description: 'bearer, headers, basic, query, oauth2, jwt_bearer (a JWT signed with the private key exchanged for a token), session (a sign-in call answering a session token) or body (credentials in every request body)' })
  kind!: string;
  @Field()
  description!: string;
  @Field(() => [CredentialField])
  credentialFields!: CredentialField[];
  @Field(() => String, { nullable: true, description: 'Where the token is obtained: OAuth 2.0 / JWT bearer token URL, or the sign-in URL of a session' })
  tokenUrl?: string | null;
  @Field(() => [String], { nullable: true, description: 'OAuth 2.0 / JWT bearer scopes the deletion needs' })
  scopes?: string[] | null;
  @Field(() => String, { nullable: true, description: "The vendor's page on creating these credentials" })
  docsUrl?: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'A context value an account of this integration needs (subdomain, region, host, ...).' })
export class IntegrationContextField {
  @Field()
  name!: string;
  @Field({ description: 'subdomain, hostname, enum or id' })
  kind!: string;
  @Field()
  description!: string;
  @Field()
  required!: boolean;
  @Field(() => String, { nullable: true })
  example?: string | null;
  @Field(() => [String], { nullable: true, description: 'Allowed values (enum)' })
  values?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Allowed host suffixes (hostname)' })
  endsWith?: string[] | null;
}

@ObjectType({ simpleResolvers: true, description: 'What a deletion means at the vendor, from its docs.' })
export class IntegrationDeletionSemantics {
  @Field({ description: 'True when the vendor cannot restore what the deletion removed' })
  permanent!: boolean;
  @Field(() => Int, { nullable: true, description: "The vendor's documented restore window in days, where it documents one" })
  restoreWindowDays?: number | null;
  @Field({ description: 'What happens to the user, their data and seat' })
  description!: string;
  @Field({ description: 'The vendor page these facts were taken from' })
  docsUrl!: string;
}

@ObjectType({ simpleResolvers: true, description: "How the self-deletion guard learns who the account's credentials act as." })
export class IntegrationTokenOwnerCheck {
  @Field({ description: 'True when the vendor names the token owner and deletions of that user are refused' })
  available!: boolean;
  @Field(() => String, { nullable: true, description: "The vendor's documented call that names the token owner" })
  docsUrl?: string | null;
  @Field(() => String, { nullable: true, description: 'When not available: why the vendor cannot name the token owner' })
  reason?: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'One of the 76 integrations deleteUser knows.' })
export class Integration {
  @Field()
  name!: string;
  @Field(() => ID)
  slug!: string;
  @Field({ description: 'Whether deleteUser is implemented; when false it answers UNSUPPORTED' })
  implemented!: boolean;
  @Field(() => String, { nullable: true, description: "When not implemented: why (what the vendor's docs offer or lack) and the vendor's documented manual way" })
  unsupportedReason?: string | null;
  @Field({ description: "The vendor's API reference for the deletion call" })
  docsUrl!: string;
  @Field({ description: 'The default base URL; {placeholders} are context fields' })
  defaultBaseUrl!: string;
  @Field(() => DeletionOutcome, { nullable: true, description: 'What the deletion does at the vendor' })
  outcome?: DeletionOutcome | null;
  @Field(() => [IntegrationParam])
  params!: IntegrationParam[];
  @Field(() => [IntegrationEitherRule])
  eitherRules!: IntegrationEitherRule[];
  @Field(() => [IntegrationAuthMethod])
  authMethods!: IntegrationAuthMethod[];
  @Field(() => [IntegrationContextField])
  contextFields!: IntegrationContextField[];
  @Field(() => [String], { description: 'The unified User fields the deletion maps' })
  mappedFields!: string[];
  @Field(() => IntegrationDeletionSemantics, { nullable: true, description: 'What the deletion means at the vendor; null when not implemented' })
  deletionSemantics?: IntegrationDeletionSemantics | null;
  @Field({ description: "Whether the integration finds users by email address (offboarding): false where the vendor documents no lookup, and an offboarding lists its accounts as needing the vendor's id" })
  lookup!: boolean;
  @Field(() => String, { nullable: true, description: 'Without a lookup: why (what the vendor documents)' })
  lookupUnavailable?: string | null;
  @Field(() => [String], { description: "Ids the vendor resolves to the credentials' own user (me, self, ...): refused before any call" })
  selfAliases!: string[];
  @Field(() => IntegrationTokenOwnerCheck, { nullable: true, description: 'The self-deletion guard: how the token owner is found; null when not implemented' })
  tokenOwnerCheck?: IntegrationTokenOwnerCheck | null;
}

@ObjectType({ simpleResolvers: true, description: 'A connected app of a customer. Credentials are never returned.' })
export class IntegratedAccount {
  @Field(() => ID)
  id!: string;
  @Field({ description: 'The integration slug' })
  integration!: string;
  @Field({ description: 'The auth method of the stored credentials' })
  authMethod!: string;
  @Field(() => JSONScalar)
  context!: Record<string, string>;
  @Field(() => String, { nullable: true, description: 'Base URL override (self-hosted installs, sandboxes)' })
  baseUrl?: string | null;
  @Field(() => String, { nullable: true, description: "OAuth 2.0 token URL override (sandboxes); the integration's token URL otherwise" })
  tokenUrl?: string | null;
  @Field({ description: 'active, or needs_reauth after the vendor refused to refresh its token (reconnect with updateIntegratedAccount)' })
  status!: string;
  @Field({ description: "Marked self-hosted by an admin: baseUrl and tokenUrl may be on any https host, not only the integration's own" })
  selfHosted!: boolean;
  @Field(() => JSONScalar, { description: "deleteUser params an offboarding uses for this account (GitHub's organizationId, ...); {} for none" })
  defaultParams!: Record<string, unknown>;
  @Field(() => DateTimeResolver)
  createdAt!: Date;
  @Field(() => DateTimeResolver)
  updatedAt!: Date;
}

@InputType()
export class CreateIntegratedAccountInput {
  @Field({ description: 'The integration slug (see `integrations`)' })
  integration!: string;
  @Field(() => JSONScalar, { description: 'Credential fields of one auth method, with `method` when the integration has several' })
  credentials!: Record<string, unknown>;
  @Field(() => JSONScalar, { nullable: true })
  context?: Record<string, unknown>;
  @Field(() => String, { nullable: true, description: "Replaces the integration's base URL: https on one of the integration's hosts, any https host when selfHosted" })
  baseUrl?: string;
  @Field(() => String, { nullable: true, description: "Replaces the integration's OAuth 2.0 token URL (sandboxes); the same host rules as baseUrl" })
  tokenUrl?: string;
  @Field(() => Boolean, { nullable: true, description: "Admin key only: the account is a self-hosted install (or a custom domain), whose baseUrl and tokenUrl may be on hosts outside the integration's own" })
  selfHosted?: boolean;
  @Field(() => JSONScalar, { nullable: true, description: "deleteUser params an offboarding by email uses for this account, such as {\"organizationId\": \"acme\"} for GitHub (the integration's params, GraphQL names)" })
  defaultParams?: Record<string, unknown>;
}

@InputType()
export class UpdateIntegratedAccountInput {
  @Field(() => JSONScalar, { nullable: true, description: 'Replaces the stored credentials' })
  credentials?: Record<string, unknown>;
  @Field(() => JSONScalar, { nullable: true, description: 'Replaces the context' })
  context?: Record<string, unknown>;
  @Field(() => String, { nullable: true, description: "Replaces the base URL override; empty string clears it. A tenant key changing where the credentials go gives credentials too" })
  baseUrl?: string;
  @Field(() => String, { nullable: true, description: 'Replaces the token URL override; empty string clears it. As baseUrl' })
  tokenUrl?: string;
  @Field(() => Boolean, { nullable: true, description: 'Admin key only: marks or unmarks the account self-hosted' })
  selfHosted?: boolean;
  @Field(() => JSONScalar, { nullable: true, description: 'Replaces the default params; {} clears them' })
  defaultParams?: Record<string, unknown>;
}

export enum ApiScope {
  USERS_DELETE = 'users:delete',
  USERS_READ = 'users:read',
  ACCOUNTS_MANAGE = 'accounts:manage',
  AUDIT_READ = 'audit:read',
}
registerEnumType(ApiScope, {
  name: 'ApiScope',
  description: 'What a tenant API key may do',
  valuesConfig: {
    USERS_DELETE: { description: 'deleteUser (GraphQL and REST); implies USERS_READ' },
    USERS_READ: { description: 'User references (federation `_entities`): reads users from the vendor with the stored credentials, recorded in userReadAudit' },
    ACCOUNTS_MANAGE: { description: "create, update, delete and list the tenant's integrated accounts" },
    AUDIT_READ: { description: "read and export the tenant's deletion audit trail" },
  },
});

@ObjectType({ simpleResolvers: true, description: 'A customer of this deployment: its keys see only its own integrated accounts and audit records.' })
export class Tenant {
  @Field(() => ID)
  id!: string;
  @Field()
  name!: string;
  @Field(() => DateTimeResolver)
  createdAt!: Date;
}

@ObjectType({ simpleResolvers: true, description: 'An API key, without its secret (shown once, at creation).' })
export class ApiKey {
  @Field(() => ID)
  id!: string;
  @Field(() => ID)
  tenantId!: string;
  @Field()
  name!: string;
  @Field({ description: 'The first characters of the key, to recognise it' })
  prefix!: string;
  @Field(() => [String], { description: 'users:delete, users:read, accounts:manage, audit:read (admin for the admin key)' })
  scopes!: string[];
  @Field(() => DateTimeResolver)
  createdAt!: Date;
  @Field(() => DateTimeResolver, { nullable: true })
  revokedAt?: Date | null;
}

@ObjectType({ simpleResolvers: true, description: 'A new API key: `key` is shown this once and never again.' })
export class CreatedApiKey {
  @Field({ description: 'The secret: send it as Authorization: Bearer <key>' })
  key!: string;
  @Field(() => ApiKey)
  apiKey!: ApiKey;
}


export enum OffboardingAccountStatus {
  READY = 'READY',
  PENDING = 'PENDING',
  REMOVED = 'REMOVED',
  NO_MATCH = 'NO_MATCH',
  SEVERAL_MATCHES = 'SEVERAL_MATCHES',
  NEEDS_VENDOR_ID = 'NEEDS_VENDOR_ID',
  SKIPPED_SELF = 'SKIPPED_SELF',
  FAILED = 'FAILED',
}
registerEnumType(OffboardingAccountStatus, {
  name: 'OffboardingAccountStatus',
  description: 'Where an offboarding stands in one integrated account.',
  valuesConfig: {
    READY: { description: 'Plan: exactly one user has the address, and the dry run of the deletion went through' },
    PENDING: { description: 'Run: not done yet' },
    REMOVED: { description: 'Run: deleteUser removed the user (outcome), or found them already removed (ALREADY_ABSENT)' },
    NO_MATCH: { description: 'No user of the account has the address; nothing is removed' },
    SEVERAL_MATCHES: { description: 'Several users have the address (see matches); nothing is removed: remove the right one with deleteUser' },
    NEEDS_VENDOR_ID: { description: "The integration has no lookup by email: remove the user with deleteUser and the vendor's id" },
    SKIPPED_SELF: { description: "The address is the account's own administrator (the self-deletion guard); nothing is removed" },
    FAILED: { description: 'The lookup or the deletion failed (error); a re-run with the same Idempotency-Key retries it' },
  },
});

export enum OffboardingState {
  RUNNING = 'RUNNING',
  FINISHED = 'FINISHED',
}
registerEnumType(OffboardingState, { name: 'OffboardingState', description: 'RUNNING while accounts are being worked on (in the background after the answer); FINISHED once every account has its result.' });

@ObjectType({ simpleResolvers: true, description: 'A user the lookup found by email address.' })
export class OffboardingMatch {
  @Field(() => ID, { description: "The vendor's id of the user" })
  id!: string;
  @Field(() => String, { nullable: true })
  email?: string | null;
  @Field(() => String, { nullable: true })
  name?: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'An error of one account of an offboarding.' })
export class OffboardingError {
  @Field({ description: 'The error code (as deleteUser answers it)' })
  code!: string;
  @Field()
  message!: string;
}

@ObjectType({ simpleResolvers: true, description: 'An offboarding in one integrated account.' })
export class OffboardingAccount {
  @Field(() => ID)
  integratedAccountId!: string;
  @Field(() => String, { nullable: true, description: 'The integration slug' })
  integration?: string | null;
  @Field(() => OffboardingAccountStatus)
  status!: OffboardingAccountStatus;
  @Field(() => String, { nullable: true, description: 'Why the account is skipped, or what it needs' })
  reason?: string | null;
  @Field(() => [OffboardingMatch], { description: 'The users the lookup found (exact address, case-insensitive)' })
  matches!: OffboardingMatch[];
  @Field(() => ID, { nullable: true, description: "The vendor's id the deletion is made for (with exactly one match)" })
  userId?: string | null;
  @Field(() => JSONScalar, { description: "The params the lookup and the deletion use: the account's defaultParams" })
  params!: Record<string, unknown>;
  @Field(() => DeletionOutcome, { nullable: true, description: 'What the deletion did (in a plan: would do)' })
  outcome?: DeletionOutcome | null;
  @Field(() => ID, { nullable: true, description: "The deleteUser audit record of this account (see deletionAudit); in a plan, the dry run's" })
  auditId?: string | null;
  @Field(() => OffboardingError, { nullable: true })
  error?: OffboardingError | null;
  @Field(() => [VendorCallRecord], { nullable: true, description: 'Plan only: the calls the deletion would make (planned: true for those that change something)' })
  calls?: VendorCallRecord[] | null;
}

@ObjectType({ simpleResolvers: true, description: 'What offboarding an address would do in each account. Nothing was changed at any vendor.' })
export class OffboardingPlan {
  @Field()
  email!: string;
  @Field(() => [OffboardingAccount])
  accounts!: OffboardingAccount[];
}

@ObjectType({ simpleResolvers: true, description: 'An offboarding run: a person removed by email from several integrated accounts.' })
export class Offboarding {
  @Field(() => ID, { description: 'The run (follow it with offboarding(id))' })
  id!: string;
  @Field()
  email!: string;
  @Field(() => OffboardingState)
  state!: OffboardingState;
  @Field(() => Int, { description: 'How many times it ran (a re-run with the same Idempotency-Key finishes what failed)' })
  runs!: number;
  @Field(() => [OffboardingAccount])
  accounts!: OffboardingAccount[];
  @Field(() => DateTimeResolver)
  createdAt!: Date;
  @Field(() => DateTimeResolver)
  updatedAt!: Date;
}
