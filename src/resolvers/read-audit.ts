import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { badInput } from '../errors.js';
import type { GraphQLContext } from '../graphql/context.js';
import { UserReadAuditFilter, UserReadAuditPage, UserReadAuditRecord } from '../graphql/types.js';
import { READ_AUDIT_CURSOR, type ReadAuditFilter, type UserReadRecord } from '../store/read-audit.js';
import { MAX_AUDIT_PAGE } from './audit.js';
import { requireScope, toGraphQL } from './errors.js';

function toGraphQLRecord(r: UserReadRecord): UserReadAuditRecord {
  return { ...r, calls: r.calls.map((c) => ({ ...c, planned: c.planned ?? false })) } as UserReadAuditRecord;
}

@Resolver(() => UserReadAuditRecord)
export class ReadAuditResolver {
  @Query(() => UserReadAuditPage, {
    description:
      'The reads of users this tenant\'s keys made through federation User references (`_entities`), newest first, filtered and paged (first ≤ 500; pass nextCursor as after). Needs audit:read.',
  })
  userReadAudit(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => UserReadAuditFilter, { nullable: true }) filter?: UserReadAuditFilter,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<UserReadAuditPage> {
    return toGraphQL(async () => {
      requireScope(ctx, 'audit:read');
      if (first < 1 || first > MAX_AUDIT_PAGE) throw badInput(`first must be between 1 and ${MAX_AUDIT_PAGE}`);
      if (after !== undefined && after !== null && !READ_AUDIT_CURSOR.test(after)) throw badInput('after is not a cursor returned by userReadAudit');
      const given = Object.entries(filter ?? {}).filter(([, v]) => v !== null && v !== undefined);
      // (PostgreSQL refuses a NUL in a text parameter: no stored id has one.)
      const nul = given.find(([, v]) => typeof v === 'string' && v.includes('\0'));
      if (nul) throw badInput(`filter.${nul[0]} must not contain NUL characters`);
      const page = await ctx.reads.list(ctx.principal.tenantId, Object.fromEntries(given) as ReadAuditFilter, first, after ?? undefined);
      return { records: page.records.map(toGraphQLRecord), nextCursor: page.nextCursor };
    });
  }
}
