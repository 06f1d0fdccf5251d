/**
 * Who acted and from where, for audit entries written by route handlers: the authenticated principal and the
 * connection's peer address. X-Forwarded-For is not read: a client can write anything there, and the server is not
 * deployed behind a proxy that would set it.
 */
import type { IncomingMessage } from 'node:http';
import type { Principal } from '../domain/apiTokens';
import { auditActorOf, type AuditEntryInput } from '../domain/auditLog';

/** The peer's IP address, IPv4-mapped IPv6 addresses written as IPv4 ('::ffff:10.0.0.5' → '10.0.0.5'). */
export function requestSource(req: IncomingMessage): string | null {
  const address = req.socket.remoteAddress;
  if (!address) return null;
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

export function auditBy(ctx: { req: IncomingMessage; principal: Principal | null }): Pick<AuditEntryInput, 'actorKind' | 'actorId' | 'source'> {
  return { ...auditActorOf(ctx.principal), source: requestSource(ctx.req) };
}
