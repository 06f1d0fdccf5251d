/**
 * Bearer secrets (enrollment tokens, agent secrets, API tokens): 256 random bits, shown once, stored as SHA-256.
 * A slow hash adds nothing for secrets of this entropy and would cost ~50 ms per agent connect at 20,000 agents.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export type SecretKind = 'enroll' | 'agent' | 'api';

const Prefix: Record<SecretKind, string> = { enroll: 'pse_', agent: 'psa_', api: 'pst_' };

export function newSecret(kind: SecretKind): string {
  return Prefix[kind] + randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function secretMatches(secret: string, expectedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(expectedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function newId(): string {
  return randomUUID();
}
