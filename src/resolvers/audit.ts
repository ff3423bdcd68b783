import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { badInput } from '../errors.js';
import type { GraphQLContext } from '../graphql/context.js';
import { DeletionAuditFilter, DeletionAuditPage, DeletionAuditRecord } from '../graphql/types.js';
import type { AuditFilter, AuditRecord } from '../store/audit.js';
import { requireScope, toGraphQL } from './errors.js';

export const MAX_AUDIT_PAGE = 500;

function toGraphQLRecord(r: AuditRecord): DeletionAuditRecord {
  return { ...r, calls: r.calls.map((c) => ({ ...c, planned: c.planned ?? false, sending: c.sending ?? false })) } as DeletionAuditRecord;
}

@Resolver(() => DeletionAuditRecord)
export class AuditResolver {
  @Query(() => DeletionAuditPage, {
    description: 'The deletion audit trail of this tenant, newest first, filtered and paged (first ≤ 500; pass nextCursor as after).',
  })
  deletionAudit(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => DeletionAuditFilter, { nullable: true }) filter?: DeletionAuditFilter,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<DeletionAuditPage> {
    return toGraphQL(async () => {
      requireScope(ctx, 'audit:read');
      if (first < 1 || first > MAX_AUDIT_PAGE) throw badInput(`first must be between 1 and ${MAX_AUDIT_PAGE}`);
      if (after !== undefined && after !== null && !/^aud_[0-9a-z]{21}$/.test(after)) throw badInput('after is not a cursor returned by deletionAudit');
      const given = Object.entries(filter ?? {}).filter(([, v]) => v !== null && v !== undefined);
      const page = await ctx.audit.list(ctx.principal.tenantId, Object.fromEntries(given) as AuditFilter, first, after ?? undefined);
      return { records: page.records.map(toGraphQLRecord), nextCursor: page.nextCursor };
    });
  }

  @Query(() => DeletionAuditRecord, { nullable: true, description: 'One audit record by id (deletion.auditId of a deleteUser answer)' })
  deletionAuditRecord(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<DeletionAuditRecord | null> {
    return toGraphQL(async () => {
      requireScope(ctx, 'audit:read');
      const r = await ctx.audit.get(ctx.principal.tenantId, id);
      return r ? toGraphQLRecord(r) : null;
    });
  }
}
