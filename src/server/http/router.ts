/**
 * The HTTP route table. Every route declares who may call it (denied by default: a route without `access` cannot be
 * declared), paths match exactly and case-sensitively, and odd spellings (`%2f`, `//`, `..`) are refused before any
 * route is looked at — the ScreenConnect bypass was a setup route reached by an alternate path.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TSchema } from '@sinclair/typebox';
import type { ValidateFunction } from 'ajv';
import { ErrorCodes, PasangError, type ErrorCode } from '../../shared/errors';
import type { Role } from '../../shared/roles';
import { principalRoles, type Principal } from '../domain/apiTokens';

/**
 * `public`: anyone (the route authenticates its own way, as enrollment does); otherwise who is allowed: staff and user
 * roles (API tokens), and `'agent'` for enrolled PCs authenticated with their own credential.
 */
export type Access = 'public' | readonly (Role | 'agent')[];

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
  principal: Principal | null;
  /** The validated JSON body (routes with a `body` schema only). */
  body: unknown;
}

export interface JsonReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A handler returns a JSON reply, or `null` when it wrote the response itself (streams). */
export type Handler = (ctx: RequestContext) => Promise<JsonReply | null>;

export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  access: Access;
  summary: string;
  body?: TSchema;
  /** The query parameters, for the OpenAPI document (an object schema: one parameter per property). */
  query?: TSchema;
  response?: TSchema;
  /**
   * The route answers by redirecting the browser rather than with a 200 body (it writes the response itself): each
   * status it may send, with where the `Location` leads — for the OpenAPI document.
   */
  redirects?: readonly RouteRedirect[];
  /** Error statuses beside 400/401/403 the route answers with (the catalogue's error body), e.g. 404 when a feature is off. */
  errorStatuses?: readonly number[];
  handler: Handler;
}

export interface RouteRedirect {
  status: 301 | 302 | 303 | 307 | 308;
  /** Where it leads and when, e.g. 'to the identity provider'. */
  description: string;
}

interface CompiledRoute extends RouteDefinition {
  segments: string[];
  validateBody?: ValidateFunction;
}

export interface RouterOptions {
  routes: RouteDefinition[];
  authenticate(req: IncomingMessage): Promise<Principal | null>;
  compile(schema: TSchema): ValidateFunction;
  formatErrors(v: ValidateFunction): string;
  /** Largest JSON body accepted. @default 1 MiB */
  maxBodyBytes?: number;
  onError(err: unknown, req: IncomingMessage): void;
}

export function httpError(status: number, code: ErrorCode, message: string): JsonReply {
  return { status, body: { error: { code, message } } };
}

/** The HTTP status of a PasangError thrown by a domain service (anything not listed is the caller's mistake: 400). */
const StatusOfCode: Partial<Record<ErrorCode, number>> = {
  PAYLOAD_TOO_LARGE: 413,
  NOT_FOUND: 404,
  ENROLL_TOKEN_INVALID: 401,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CSRF_INVALID: 403,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  REQUIREMENTS_NOT_MET: 422,
};

export function statusForCode(code: ErrorCode): number {
  return StatusOfCode[code] ?? 400;
}

export function isSuspiciousPath(rawPath: string): boolean {
  return /%2f|%5c|%2e|\\|\/\/|\/\.\.?(\/|$)/i.test(rawPath);
}

export class Router {
  private readonly routes: CompiledRoute[];
  private readonly maxBodyBytes: number;

  constructor(private readonly options: RouterOptions) {
    this.maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
    this.routes = options.routes.map((r) => {
      if (r.access !== 'public' && (!Array.isArray(r.access) || r.access.length === 0)) {
        throw new Error(`route ${r.method} ${r.path} must declare who may call it`);
      }
      return { ...r, segments: r.path.split('/').slice(1), ...(r.body ? { validateBody: options.compile(r.body) } : {}) };
    });
  }

  get definitions(): readonly RouteDefinition[] {
    return this.routes;
  }

  /** Handles the request if a route's path matches; returns false when no route's path does. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
    if (isSuspiciousPath(rawPath)) {
      send(res, httpError(400, ErrorCodes.BAD_REQUEST, 'malformed path'));
      return true;
    }
    const segments = rawPath.split('/').slice(1);
    const matching = this.routes
      .map((r) => ({ r, params: match(r.segments, segments) }))
      .filter((m): m is { r: CompiledRoute; params: Record<string, string> } => m.params !== null);
    if (matching.length === 0) return false;
    const found = matching.find((m) => m.r.method === req.method || (req.method === 'HEAD' && m.r.method === 'GET'));
    if (!found) {
      send(res, { ...httpError(405, ErrorCodes.BAD_REQUEST, 'method not allowed'), headers: { allow: [...new Set(matching.map((m) => m.r.method))].join(', ') } });
      return true;
    }
    const { r: route, params } = found;
    try {
      const principal = route.access === 'public' ? null : await this.options.authenticate(req);
      if (route.access !== 'public') {
        if (!principal) {
          send(res, { ...httpError(401, ErrorCodes.UNAUTHORIZED, 'missing or invalid bearer token'), headers: { 'www-authenticate': 'Bearer' } });
          return true;
        }
        const allowed = principal.kind === 'agent' ? route.access.includes('agent') : principalRoles(principal).some((r) => route.access.includes(r));
        if (!allowed) {
          const who = principal.kind === 'agent' ? 'an agent' : `role ${principalRoles(principal).join('+') || 'none'}`;
          send(res, httpError(403, ErrorCodes.FORBIDDEN, `${who} may not ${route.method} ${route.path}`));
          return true;
        }
      }
      let body: unknown = undefined;
      if (route.validateBody) {
        body = await readJson(req, this.maxBodyBytes);
        if (!route.validateBody(body)) {
          send(res, httpError(400, ErrorCodes.BAD_REQUEST, `invalid body: ${this.options.formatErrors(route.validateBody)}`));
          return true;
        }
      }
      const reply = await route.handler({ req, res, params, query: new URLSearchParams(q === -1 ? '' : rawUrl.slice(q + 1)), principal, body });
      if (reply) send(res, reply);
    } catch (err) {
      if (err instanceof PasangError) {
        const status = statusForCode(err.code);
        if (!res.headersSent) send(res, httpError(status, err.code, err.message));
        else res.destroy();
      } else {
        this.options.onError(err, req);
        if (!res.headersSent) send(res, httpError(500, ErrorCodes.INTERNAL, 'internal error'));
        else res.destroy();
      }
    }
    return true;
  }
}

function match(pattern: string[], actual: string[]): Record<string, string> | null {
  if (pattern.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const a = actual[i]!;
    if (p.startsWith(':')) {
      if (!/^[A-Za-z0-9_.-]{1,128}$/.test(a)) return null;
      params[p.slice(1)] = a;
    } else if (p !== a) return null;
  }
  return params;
}

export function send(res: ServerResponse, reply: JsonReply): void {
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    ...reply.headers,
  });
  res.end(payload);
}

export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new PasangError(ErrorCodes.BAD_REQUEST, 'body must be application/json');
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) throw new PasangError(ErrorCodes.PAYLOAD_TOO_LARGE, `body larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new PasangError(ErrorCodes.PAYLOAD_TOO_LARGE, `body larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (err) {
    throw new PasangError(ErrorCodes.BAD_REQUEST, 'body is not valid JSON', { cause: err });
  }
}
