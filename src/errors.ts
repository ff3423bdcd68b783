/**
 * One set of error codes for GraphQL (`extensions.code`) and REST bodies.
 * Messages are written for the client: they name what is wrong and never carry a credential,
 * a token or a stack trace.
 */
import { GraphQLError } from 'graphql';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  INTEGRATED_ACCOUNT_NOT_FOUND: 'INTEGRATED_ACCOUNT_NOT_FOUND',
  REAUTH_REQUIRED: 'REAUTH_REQUIRED',
  RATE_LIMITED: 'RATE_LIMITED',
  REMOTE_ERROR: 'REMOTE_ERROR',
  TIMEOUT: 'TIMEOUT',
  UNSUPPORTED: 'UNSUPPORTED',
  /** The vendor refuses to remove this user in their current state (owner, open incidents, content to transfer). */
  FAILED_PRECONDITION: 'FAILED_PRECONDITION',
  /** The Idempotency-Key was used before with a different request. */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  /** A request with the same Idempotency-Key is still running. */
  IDEMPOTENCY_KEY_IN_USE: 'IDEMPOTENCY_KEY_IN_USE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface AppErrorDetails {
  /** Param names that are missing or not supported. */
  params?: string[];
  integration?: string;
  /** Seconds the client should wait before trying again. */
  retryAfter?: number;
  /** Set when the error came from the vendor. */
  remote?: { status: number; body?: unknown; error?: string };
  [key: string]: unknown;
}

/** Every error this service raises on purpose. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: AppErrorDetails = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  /** The HTTP status a REST response carries for this error. */
  get httpStatus(): number {
    return httpStatusOf(this.code, this.details);
  }

  toGraphQLError(): GraphQLError {
    return new GraphQLError(this.message, {
      extensions: { code: this.code, ...publicDetails(this.details) },
      // Kept inside the process: the error reporter logs an internal error's cause.
      originalError: this,
    });
  }
}

export function httpStatusOf(code: ErrorCode, details: AppErrorDetails = {}): number {
  switch (code) {
    case 'BAD_USER_INPUT':
      return 400;
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
    case 'INTEGRATED_ACCOUNT_NOT_FOUND':
      return 404;
    case 'REAUTH_REQUIRED':
    case 'IDEMPOTENCY_KEY_IN_USE':
    case 'FAILED_PRECONDITION':
      return 409;
    case 'IDEMPOTENCY_KEY_REUSED':
      return 422;
    case 'RATE_LIMITED':
      return 429;
    case 'REMOTE_ERROR':
      return details.remote?.status === 409 ? 409 : 502;
    case 'TIMEOUT':
      return 504;
    case 'UNSUPPORTED':
      return 501;
    case 'INTERNAL_SERVER_ERROR':
      return 500;
    default: {
      const never: never = code;
      return never;
    }
  }
}

function publicDetails(details: AppErrorDetails): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(details)) if (v !== undefined) out[k] = v;
  return out;
}

export const badInput = (message: string, details: AppErrorDetails = {}) =>
  new AppError('BAD_USER_INPUT', message, details);

/** Turn anything thrown into an AppError without leaking internals. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof GraphQLError) {
    const code = err.extensions?.code;
    if (typeof code === 'string' && code in ErrorCode) return new AppError(code as ErrorCode, err.message);
  }
  const internal = new AppError('INTERNAL_SERVER_ERROR', 'Internal server error');
  // The cause stays in the process (logged once by the error reporter), never in an answer.
  Object.defineProperty(internal, 'cause', { value: err, enumerable: false });
  return internal;
}
