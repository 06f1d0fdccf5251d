/**
 * A work order's verification code: the capability in `/verify/work-orders/<code>`. 192 random bits (≥ 128 needed so
 * that codes cannot be guessed or enumerated), base64url so that it fits a URL path segment and the route pattern.
 */
import { randomBytes } from 'node:crypto';

export const VerificationCodePattern = /^[A-Za-z0-9_-]{32}$/;

export function newVerificationCode(): string {
  return randomBytes(24).toString('base64url');
}
