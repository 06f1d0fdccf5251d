/**
 * TOTP (RFC 6238 over RFC 4226 HOTP) with node:crypto only: HMAC-SHA-1, 30-second steps, 6 digits, as every
 * authenticator app expects from an `otpauth://totp/…` URI. Secrets are base32 (RFC 4648, no padding).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface TotpOptions {
  /** @default 30 */
  stepSec?: number;
  /** @default 6 */
  digits?: number;
  /** Steps accepted either side of now, for clock drift between phone and server. @default 1 */
  window?: number;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32, ignoring case, spaces and padding; null when a character is outside the alphabet. */
export function base32Decode(text: string): Buffer | null {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const i = ALPHABET.indexOf(ch);
    if (i === -1) return null;
    value = ((value << 5) | i) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** 160 random bits, the key size RFC 4226 recommends for HMAC-SHA-1. */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** The HOTP value of `key` at `counter` (RFC 4226 §5.3, dynamic truncation). */
export function hotp(key: Buffer, counter: number, digits = 6): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(bin % 10 ** digits).padStart(digits, '0');
}

export function totpStep(nowMs: number, stepSec = 30): number {
  return Math.floor(nowMs / 1000 / stepSec);
}

/** The code shown by an authenticator at `nowMs`. */
export function totpCode(secret: string, nowMs: number, options: TotpOptions = {}): string {
  const key = base32Decode(secret);
  if (!key) throw new Error('TOTP secret is not base32');
  return hotp(key, totpStep(nowMs, options.stepSec), options.digits);
}

/**
 * The step whose code `code` is, within ±window steps of now, or null. The caller stores the step it accepted and
 * refuses codes of that step or older, so an observed code cannot be replayed within its 30 seconds.
 */
export function matchTotp(secret: string, code: string, nowMs: number, options: TotpOptions = {}): number | null {
  const digits = options.digits ?? 6;
  if (!new RegExp(`^\\d{${digits}}$`).test(code)) return null;
  const key = base32Decode(secret);
  if (!key) return null;
  const now = totpStep(nowMs, options.stepSec);
  const window = options.window ?? 1;
  let found: number | null = null;
  // Every candidate is compared (no early return), in constant time each.
  for (let step = now - window; step <= now + window; step++) {
    if (timingSafeEqual(Buffer.from(hotp(key, step, digits)), Buffer.from(code)) && found === null) found = step;
  }
  return found;
}

/** The `otpauth://` URI an authenticator app reads (usually from a QR code). */
export function totpUri(secret: string, account: string, issuer = 'Pasang'): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;
}
