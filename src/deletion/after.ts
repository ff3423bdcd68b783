/**
 * The user as the vendor holds it after a deletion, so the returned User never contradicts the
 * outcome (an `ACTIVE` status next to `DELETED`). The vendor's own answer wins where the deletion
 * call returns the user; otherwise the provider's `after`, or what the outcome implies.
 */
import type { DeleteResult, DeleteUserParams, UnifiedUser } from '../providers/core/types.js';
import type { AnyProvider } from '../providers/registry.js';

export function userAfter(
  provider: AnyProvider,
  before: UnifiedUser,
  result: DeleteResult<unknown>,
  args: { id: string; params: DeleteUserParams },
): UnifiedUser {
  if (result.user !== undefined) return provider.toUser(result.user, args);
  if (provider.after) return provider.after(before, result, args);
  return impliedAfter(before, result);
}

/** DELETED → DELETED, DEACTIVATED → INACTIVE; a removal takes the container out of the user's lists. */
export function impliedAfter(before: UnifiedUser, result: Pick<DeleteResult<unknown>, 'outcome' | 'container'>): UnifiedUser {
  switch (result.outcome) {
    case 'DELETED':
      return { ...before, status: 'DELETED', rawStatus: null };
    case 'DEACTIVATED':
      return { ...before, status: 'INACTIVE', rawStatus: null };
    case 'ALREADY_DEACTIVATED':
      return before;
    case 'REMOVED_FROM_CONTAINER':
      return withoutContainer(before, result.container);
    default: {
      const never: never = result.outcome;
      return never;
    }
  }
}

/** The user without the container it was removed from (and the roles it held there). */
export function withoutContainer(user: UnifiedUser, container: DeleteResult<unknown>['container']): UnifiedUser {
  if (!container) return user;
  const id = container.id;
  const out: UnifiedUser = { ...user };
  switch (container.kind) {
    case 'organization':
      if (user.organizations) out.organizations = user.organizations.filter((o) => o.id !== id);
      // A role names the role it gives in "the organization" without naming which one: when the
      // user belonged to that one organization only, its organization roles went with it.
      if (user.roles && user.organizations?.length === 1 && user.organizations[0]?.id === id) {
        out.roles = user.roles.filter((r) => r.organization === undefined || r.organization === null);
      }
      if (user.licenses) out.licenses = user.licenses.filter((l) => l.organizationId !== id);
      if (user.groups) out.groups = user.groups.filter((g) => g.organizationId !== id);
      break;
    case 'workspace':
      if (user.workspaces) out.workspaces = user.workspaces.filter((w) => w.id !== id);
      break;
    case 'group':
      if (user.groups) out.groups = user.groups.filter((g) => g.id !== id);
      break;
    default: {
      const never: never = container.kind;
      return never;
    }
  }
  return out;
}
