/**
 * The one catalogue of error codes. Every error that crosses a boundary (wire, HTTP, CLI, IPC) carries one of
 * these; callers branch on the code, never on message text. The UI translates by code.
 */
export const ErrorCodes = {
  BAD_MESSAGE: 'BAD_MESSAGE', // not JSON, or the envelope is malformed
  UNKNOWN_TYPE: 'UNKNOWN_TYPE', // envelope fine, but no schema for its type
  INVALID_PAYLOAD: 'INVALID_PAYLOAD', // payload fails its type's schema
  UNSUPPORTED_VERSION: 'UNSUPPORTED_VERSION',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL: 'INTERNAL',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_REQUEST: 'BAD_REQUEST',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  ENROLL_TOKEN_INVALID: 'ENROLL_TOKEN_INVALID',
  AGENT_REVOKED: 'AGENT_REVOKED',
  SERVER_UNREACHABLE: 'SERVER_UNREACHABLE',
  SERVER_CERT_MISMATCH: 'SERVER_CERT_MISMATCH',
  NOT_ENROLLED: 'NOT_ENROLLED',
  AGENT_OFFLINE: 'AGENT_OFFLINE',
  STORE_CORRUPT: 'STORE_CORRUPT',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export interface PasangErrorOptions {
  cause?: unknown;
  details?: unknown;
}

export class PasangError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: PasangErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PasangError';
    this.code = code;
    this.details = options.details;
  }
}

export function isPasangError(value: unknown, code?: ErrorCode): value is PasangError {
  return value instanceof PasangError && (code === undefined || value.code === code);
}
