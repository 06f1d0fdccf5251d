/**
 * Console passwords hashed with scrypt (node:crypto): a random salt per hash and the cost parameters kept in the hash
 * string (`scrypt$N$r$p$salt$hash`, base64url), so the cost can be raised later without breaking stored hashes.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface PasswordHashOptions {
  /**
   * CPU/memory cost, a power of two. @default 16384 (2^14: ~60–100 ms on this 2-core build machine under load; 2^15
   * took ~170 ms, past the 100 ms a login may take here)
   */
  N?: number;
  /** Block size. @default 8 */
  r?: number;
  /** Parallelism. @default 1 */
  p?: number;
}

/** Passwords shorter than this are refused when set; longer than the maximum too (scrypt input stays bounded). */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  // maxmem must exceed 128·N·r or scrypt refuses; twice that leaves room for the defaults' overhead.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string, options: PasswordHashOptions = {}): Promise<string> {
  const N = options.N ?? 16384;
  const r = options.r ?? 8;
  const p = options.p ?? 1;
  if (!Number.isInteger(Math.log2(N)) || N < 2) throw new Error('scrypt N must be a power of two');
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, N, r, p);
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

const HASH_FORMAT = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9_-]{16,64})\$([A-Za-z0-9_-]{32,128})$/;

/** Whether `password` matches `stored`; a malformed stored hash never matches (and never throws). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = HASH_FORMAT.exec(stored);
  if (!m) return false;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Bounds keep a tampered hash string from making one login allocate gigabytes.
  if (N < 2 || N > 1 << 20 || !Number.isInteger(Math.log2(N)) || r < 1 || r > 32 || p < 1 || p > 16) return false;
  const expected = Buffer.from(m[5]!, 'base64url');
  const actual = await derive(password, Buffer.from(m[4]!, 'base64url'), N, r, p);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A hash of a random password with the same cost as real ones: verified against for an unknown username, so that a
 * login takes as long whether the user exists or not (no user enumeration by timing).
 */
export function dummyPasswordHash(options: PasswordHashOptions = {}): Promise<string> {
  return hashPassword(randomBytes(16).toString('hex'), options);
}
