/** Console sessions in tests: people made through the server's own PeopleService, logins over HTTP, cookie-carrying calls. */
import type { Role } from '../../src/shared/roles';
import type { Harness } from './serverHarness';

export interface Session {
  cookie: string;
  csrfToken: string;
  userId: string;
}

export interface Reply {
  status: number;
  json: any;
  headers: Headers;
}

export async function call(
  url: string,
  method: string,
  path: string,
  options: { body?: unknown; cookie?: string; csrf?: string; bearer?: string; raw?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.csrf) headers['x-csrf-token'] = options.csrf;
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  if (options.body !== undefined || options.raw !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url + path, {
    method,
    headers,
    ...(options.body !== undefined
      ? { body: JSON.stringify(options.body) }
      : options.raw !== undefined
        ? { body: options.raw }
        : {}),
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status: res.status, json, headers: res.headers };
}

export async function createPerson(
  h: Harness,
  p: { username: string; roles: Role[]; password?: string; teamId?: string; nip?: string },
): Promise<string> {
  const u = await h.server.people.createUser({ displayName: p.username, ...p });
  return u.id;
}

/** Logs in; the reply's cookie and CSRF token, or throws with the server's answer. */
export async function login(
  url: string,
  username: string,
  password: string,
  totp?: string,
): Promise<Session & { reply: Reply }> {
  const reply = await call(url, 'POST', '/api/v1/auth/login', {
    body: { username, password, ...(totp ? { totp } : {}) },
  });
  if (reply.status !== 200)
    throw Object.assign(new Error(`login ${username}: ${reply.status} ${JSON.stringify(reply.json)}`), { reply });
  const setCookie = reply.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0]!, csrfToken: reply.json.csrfToken, userId: reply.json.user.id, reply };
}

/** A call made as a browser would with this session: the cookie always, the CSRF token on changes. */
export function asSession(url: string, s: Session) {
  return (method: string, path: string, body?: unknown) =>
    call(url, method, path, {
      cookie: s.cookie,
      ...(method === 'GET' ? {} : { csrf: s.csrfToken }),
      ...(body !== undefined ? { body } : {}),
    });
}
