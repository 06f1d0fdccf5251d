/**
 * The console's session cookie: `__Host-` prefixed (Secure, Path=/, no Domain: only this exact origin gets it),
 * HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it).
 */
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = '__Host-pasang_session';

export function sessionCookie(token: string, maxAgeSec: number): string {
  return `${SESSION_COOKIE}=${token}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=${Math.max(0, Math.floor(maxAgeSec))}`;
}

/** Tells the browser to forget the cookie (logout). */
export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0`;
}

/** The session cookie's value from a request's Cookie header(s), or null. */
export function sessionTokenOf(req: IncomingMessage): string | null {
  return cookieValue(req, SESSION_COOKIE);
}

/** A cookie's value from a request's Cookie header, or null when it is absent or empty. */
export function cookieValue(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}
