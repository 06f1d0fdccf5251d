/**
 * The one check of the server's Ed25519 signatures on the agent: signed job batches (jobs/verifyJob.ts) and the agent
 * app's update feed (update/updateCheck.ts) are both verified here against the key pinned at enrollment.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** The pinned server key from its PEM; anything but an Ed25519 public key is refused. */
export function loadPinnedKey(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the pinned server key is not an Ed25519 key');
  return key;
}

/** Whether `signatureBase64` is the server's signature of exactly `data`; false for any malformed signature. */
export function verifyServerSignature(data: Uint8Array, signatureBase64: string, key: KeyObject): boolean {
  if (!/^[A-Za-z0-9+/]{86}==$/.test(signatureBase64)) return false;
  try {
    return verify(null, data, key, Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}
