/** A file's digest, streamed (installers and app updates run to gigabytes: never read whole). */
import fs from 'node:fs';
import { createHash, type BinaryToTextEncoding } from 'node:crypto';

export async function fileDigest(file: string, algorithm: 'sha256' | 'sha512', encoding: BinaryToTextEncoding): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest(encoding);
}
