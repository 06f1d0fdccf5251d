/**
 * The single-sign-on code flow driven by hand over HTTP, as a browser would: redirects followed one by one (never by
 * fetch itself, so each hop can be looked at), cookies kept per origin, the provider's login and consent forms
 * submitted. Split where a test tampers: start at Pasang, log in at the provider, finish at Pasang's callback.
 */
export interface Hop {
  status: number;
  location: string | null;
  setCookies: string[];
  body: string;
}

/** One request without following redirects; the body is read whole. */
export async function hop(url: string, init: { method?: string; cookie?: string; form?: Record<string, string> } = {}): Promise<Hop> {
  const headers: Record<string, string> = {};
  if (init.cookie) headers.cookie = init.cookie;
  if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
  const res = await fetch(url, {
    method: init.method ?? (init.form ? 'POST' : 'GET'),
    headers,
    redirect: 'manual',
    ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
  });
  const location = res.headers.get('location');
  return { status: res.status, location: location ? new URL(location, url).href : null, setCookies: res.headers.getSetCookie(), body: await res.text() };
}

/** `name=value` of each Set-Cookie (attributes dropped; a Max-Age=0 cookie removed), for one origin. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(setCookies: string[]): void {
    for (const c of setCookies) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      if (/max-age=0\b/i.test(c) || pair!.slice(eq + 1) === '') this.cookies.delete(name);
      else this.cookies.set(name, pair!.slice(eq + 1));
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** Pasang's start: the provider's authorization URL, and the flow cookie in `jar`. */
export async function startSso(serverUrl: string, jar: CookieJar): Promise<string> {
  const r = await hop(`${serverUrl}/api/v1/auth/oidc/start`, { cookie: jar.header() });
  if (r.status !== 302 || !r.location) throw new Error(`start: expected a redirect, got ${r.status} ${r.location ?? ''} ${r.body}`);
  jar.take(r.setCookies);
  return r.location;
}

/**
 * At the provider: follows its redirects, submits its login form as `login` (any password: the development
 * interactions check none) and its consent form when asked, and returns the URL it sends the browser back to (the
 * first redirect that leaves the provider's origin).
 */
export async function loginAtProvider(authorizationUrl: string, login: string, maxHops = 20): Promise<string> {
  const origin = new URL(authorizationUrl).origin;
  const jar = new CookieJar();
  let url = authorizationUrl;
  let form: Record<string, string> | undefined;
  for (let i = 0; i < maxHops; i++) {
    const r = await hop(url, { cookie: jar.header(), ...(form ? { form } : {}) });
    jar.take(r.setCookies);
    form = undefined;
    if (r.location) {
      if (new URL(r.location).origin !== origin) return r.location;
      url = r.location;
      continue;
    }
    if (r.status !== 200) throw new Error(`provider: ${r.status} at ${url}: ${r.body.slice(0, 500)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(r.body)?.[1];
    const prompt = /name="prompt" value="([a-z]+)"/.exec(r.body)?.[1];
    if (!action || !prompt) throw new Error(`provider: no form at ${url}: ${r.body.slice(0, 500)}`);
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
    form = prompt === 'login' ? { prompt, login, password: 'any' } : { prompt };
  }
  throw new Error(`provider: still no way back after ${maxHops} hops`);
}

/** Pasang's callback, with the browser's cookies: its redirect (to the console) and the cookies it sets. */
export async function finishSso(callbackUrl: string, jar: CookieJar): Promise<Hop> {
  const r = await hop(callbackUrl, { cookie: jar.header() });
  jar.take(r.setCookies);
  return r;
}
