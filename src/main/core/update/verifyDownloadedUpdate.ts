/**
 * The last check before an app update is installed: the file electron-updater downloaded must have the SHA-512 of the
 * *signed* feed the agent checked — not merely of the feed electron-updater fetched for itself, which nothing signs.
 */
import { ErrorCodes, PasangError } from '../../../shared/errors';
import { fileDigest } from '../fs/fileDigest';

export async function verifyDownloadedUpdate(file: string, signedSha512: string): Promise<void> {
  let actual: string;
  try {
    actual = await fileDigest(file, 'sha512', 'base64');
  } catch (err) {
    throw new PasangError(ErrorCodes.HASH_MISMATCH, `the downloaded update ${file} cannot be read: ${(err as Error).message}`, { cause: err });
  }
  if (actual !== signedSha512) {
    throw new PasangError(ErrorCodes.HASH_MISMATCH, `the downloaded update's SHA-512 is ${actual}, not the ${signedSha512} of the signed feed: it is not installed`);
  }
}
