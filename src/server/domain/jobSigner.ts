/** Signs with the server's Ed25519 key: job batches over their canonical JSON, the agent-update feed over its text (http/updateFeed.ts). */
import { sign, type KeyObject } from 'node:crypto';

export interface JobSigner {
  /** Base64 Ed25519 signature of `text` (UTF-8). */
  sign(text: string): string;
}

export function createJobSigner(privateKey: KeyObject): JobSigner {
  return { sign: (text) => sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64') };
}
