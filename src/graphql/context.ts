import type { OffboardingService } from '../deletion/offboarding.js';
import type { DeletionService, RequestLoaders } from '../deletion/service.js';
import type { AccountStore } from '../store/accounts.js';
import type { ApiKeyStore, ApiPrincipal } from '../store/api-keys.js';
import type { AuditStore } from '../store/audit.js';
import type { ReadAuditStore } from '../store/read-audit.js';

/** What every resolver gets: the authenticated key, per-request loaders, and the services. */
export interface GraphQLContext {
  principal: ApiPrincipal;
  loaders: RequestLoaders;
  deletion: DeletionService;
  offboarding: OffboardingService;
  accounts: AccountStore;
  audit: AuditStore;
  /** The read audit trail of User references (userReadAudit). */
  reads: ReadAuditStore;
  apiKeys: ApiKeyStore;
  /** The Idempotency-Key header, checked by the deletion service. */
  idempotencyKey?: string;
  requestId: string;
  /** When this request must be answered (epoch ms): REQUEST_DEADLINE_MS from its arrival, or less (X-Request-Deadline-Ms). */
  deadline?: number;
  /** Filled by the observability plugin for the request's log line and metrics. */
  observe?: { operation: string; outcome: string };
}
