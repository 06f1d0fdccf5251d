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
  INSTALL_FAILED: 'INSTALL_FAILED', // the installer ran and reported failure
  INSTALL_TIMEOUT: 'INSTALL_TIMEOUT', // the installer outlived its timeout; its process tree was killed
  INSTALLER_BUSY: 'INSTALLER_BUSY', // another install holds the machine (msiexec 1618, winget in progress): retry later
  UNSUPPORTED_INSTALLER: 'UNSUPPORTED_INSTALLER', // no backend for this kind on this OS, or no such action for it
  UNSAFE_PACKAGE_ID: 'UNSAFE_PACKAGE_ID', // a package id with shell metacharacters or a leading dash
  INSTALLER_INPUT_INVALID: 'INSTALLER_INPUT_INVALID', // a variant lacks what its kind needs, or a path is unsafe
  DETECTION_FAILED: 'DETECTION_FAILED', // a detection rule could not be evaluated (tool missing, timeout)
  SIGNATURE_INVALID: 'SIGNATURE_INVALID', // a job whose signature or Merkle proof does not check against the pinned key
  JOB_EXPIRED: 'JOB_EXPIRED',
  HASH_MISMATCH: 'HASH_MISMATCH', // the downloaded or staged artifact is not the one the signed job names
  DOWNLOAD_FAILED: 'DOWNLOAD_FAILED',
  JOB_INTERRUPTED: 'JOB_INTERRUPTED', // the agent stopped mid-install too often; the software is not there
  REQUIREMENTS_NOT_MET: 'REQUIREMENTS_NOT_MET', // the PC does not meet the item's requirements (Belum sesuai)
  NOT_INSTALLED_AFTER: 'NOT_INSTALLED_AFTER', // the installer said success but detection does not find the software
  CANCELLED: 'CANCELLED',
  CONFLICT: 'CONFLICT', // the thing exists already (a catalog item with this name and version)
  CHECKSUM_MISMATCH: 'CHECKSUM_MISMATCH', // an upload's SHA-256 is not the one the uploader announced
  ARTIFACT_NOT_FOUND: 'ARTIFACT_NOT_FOUND', // no installer with this SHA-256 in the repository
  RANGE_NOT_SATISFIABLE: 'RANGE_NOT_SATISFIABLE', // a download Range outside the file
  PERSON_UNKNOWN: 'PERSON_UNKNOWN', // an OS account on a PC that is not linked to a person (the first request names a NIP)
  ATTACHMENT_INVALID: 'ATTACHMENT_INVALID', // an upload that is not what it claims (a Nota Dinas that is not a PDF by content)
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS', // login: wrong username or password (the same for an unknown user)
  TOTP_REQUIRED: 'TOTP_REQUIRED', // login: the password is right and this account needs its TOTP code too
  TOTP_INVALID: 'TOTP_INVALID', // a TOTP code that does not match (or was already used)
  CSRF_INVALID: 'CSRF_INVALID', // a state change by session cookie without the session's x-csrf-token
  NIP_INVALID: 'NIP_INVALID', // a NIP that is not 18 digits of a valid birth date, appointment month and sex digit
  UNKNOWN_OPERATION: 'UNKNOWN_OPERATION', // the tray's local socket: a method or event name not in AgentApi
  CALLER_UNVERIFIED: 'CALLER_UNVERIFIED', // the tray's local socket: the caller did not prove the OS user it claims
  LOCAL_API_UNAVAILABLE: 'LOCAL_API_UNAVAILABLE', // the tray cannot reach the agent service's local socket
  BACKUP_FAILED: 'BACKUP_FAILED', // a backup could not be written or does not check (VACUUM INTO, pg_dump)
  SELF_APPROVAL: 'SELF_APPROVAL', // a big push approved by the one who asked for it (SECURITY.md 12: two people)
  OIDC_LOGIN_FAILED: 'OIDC_LOGIN_FAILED', // an SSO login that did not check out: state or nonce not this browser's, expired, refused or bad tokens from the IdP
  OIDC_IDENTITY_UNKNOWN: 'OIDC_IDENTITY_UNKNOWN', // an SSO identity that maps to no person in Pasang (no link, no verified e-mail of one enabled person)
  OIDC_UNAVAILABLE: 'OIDC_UNAVAILABLE', // the identity provider cannot be reached (discovery or token request failed)
  UPDATE_FEED_INVALID: 'UPDATE_FEED_INVALID', // the agent-update feed is not the YAML shape electron-updater reads, or not a release for this platform
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
