/**
 * The console's one way to the server: JSON over fetch with the session cookie (sent by the browser) and the CSRF
 * token on every state change, errors turned into ApiError with the server's stable code (the UI translates by code),
 * and server-sent events for live views. Pages never call fetch themselves.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The server's `error.details` when it sent any (e.g. `retryAfterSec` of a login lock-out). */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
  /** A raw upload (installers, attachments) with progress; resolves with the JSON reply. */
  upload<T>(path: string, file: Blob, onProgress?: (sentBytes: number, totalBytes: number) => void): Promise<T>;
  /** Server-sent events from `path`; returns a disposer that closes the stream. */
  events(path: string, on: Record<string, (data: unknown) => void>): () => void;
  /** Set after login (and cleared at logout): sent as x-csrf-token on POST/PUT/PATCH/DELETE. */
  setCsrfToken(token: string | null): void;
}

export function createApiClient(base = ''): ApiClient {
  let csrf: string | null = null;
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
    const res = await fetch(base + path, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return reply<T>(res);
  }
  return {
    get: (p) => call('GET', p),
    post: (p, b) => call('POST', p, b ?? {}),
    put: (p, b) => call('PUT', p, b),
    patch: (p, b) => call('PATCH', p, b),
    delete: (p) => call('DELETE', p),
    upload<T>(path: string, file: Blob, onProgress?: (sent: number, total: number) => void): Promise<T> {
      // XMLHttpRequest, not fetch: only it reports upload progress.
      return new Promise<T>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', base + path);
        xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
        if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
        xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
        xhr.onerror = () => reject(new ApiError(0, 'SERVER_UNREACHABLE', 'the server cannot be reached'));
        xhr.onload = () => {
          type Body = { error?: { code: string; message: string } } | null;
          let json: Body = null;
          try {
            json = JSON.parse(xhr.responseText) as Body;
          } catch {
            /* not JSON */
          }
          if (xhr.status >= 200 && xhr.status < 300) resolve(json as T);
          else reject(new ApiError(xhr.status, json?.error?.code ?? 'INTERNAL', json?.error?.message ?? `HTTP ${xhr.status}`));
        };
        xhr.send(file);
      });
    },
    events(path, on) {
      const source = new EventSource(base + path, { withCredentials: true });
      for (const [name, handler] of Object.entries(on)) {
        // 'open' (the stream is (re)connected) carries no data: a page reloads its list then, so that what changed
        // between its first load and the subscription, or while the stream was down, is not missed.
        if (name === 'open') {
          source.addEventListener('open', () => handler(null));
          continue;
        }
        source.addEventListener(name, (e) => {
          try {
            handler(JSON.parse((e as MessageEvent<string>).data));
          } catch {
            /* a malformed event is dropped; the next one comes */
          }
        });
      }
      return () => source.close();
    },
    setCsrfToken(token) {
      csrf = token;
    },
  };
}

async function reply<T>(res: Response): Promise<T> {
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (res.ok) return json as T;
  const err = (json as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
  throw new ApiError(res.status, err?.code ?? 'INTERNAL', err?.message ?? `HTTP ${res.status}`, err?.details);
}
