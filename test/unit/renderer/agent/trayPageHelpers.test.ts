/**
 * The tray pages' pure parts: the fragment router the tray menu opens pages with, the Nota Dinas file check made in
 * the page before anything is sent, the list of requests queued offline, the offline cache and the error texts.
 */
import { parseRoute, pageHash } from '../../../../src/renderer/agent/router';
import { readNotaDinas, toBase64 } from '../../../../src/renderer/agent/pages/notaDinasFile';
import { PendingRequests } from '../../../../src/renderer/agent/pendingRequests';
import { cachedQuery, readCache, writeCache } from '../../../../src/renderer/agent/cache';
import { errorCode, errorText } from '../../../../src/renderer/agent/errorText';
import { MAX_TRAY_NOTA_DINAS_BYTES } from '../../../../src/shared/protocol/userOps';
import { TrayPages } from '../../../../src/shared/trayPages';

class MemoryStorage {
  readonly data = new Map<string, string>();
  failWrites = false;
  getItem(k: string): string | null {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    if (this.failWrites) throw new Error('QuotaExceededError');
    this.data.set(k, v);
  }
}

function file(bytes: Uint8Array | string, name: string): Blob & { name: string } {
  return Object.assign(new Blob([bytes]), { name });
}

describe('the tray window router', () => {
  it('opens every tray page by its fragment, the way the shell builds the URL', () => {
    for (const page of TrayPages) expect(parseRoute(`#/${page}`)).toEqual({ page, params: [], lang: null });
  });

  it('reads a ticket id after the page and a language after ?', () => {
    expect(parseRoute('#/sign-off/tkt_1?lang=en')).toEqual({ page: 'sign-off', params: ['tkt_1'], lang: 'en' });
    expect(parseRoute(pageHash('my-requests', 'a b/c'))).toEqual({ page: 'my-requests', params: ['a b/c'], lang: null });
  });

  it('falls back to My requests for an empty or unknown fragment, and ignores an unknown language', () => {
    expect(parseRoute('')).toMatchObject({ page: 'my-requests', params: [] });
    expect(parseRoute('#/../../etc/passwd')).toMatchObject({ page: 'my-requests', params: [] });
    expect(parseRoute('#/request?lang=fr')).toMatchObject({ page: 'request', lang: null });
    expect(parseRoute('#/request/%E0%A4%A')).toMatchObject({ page: 'request', params: ['%E0%A4%A'] });
  });
});

describe('the Nota Dinas file check in the page', () => {
  it('accepts a PDF up to the tray limit and carries it as base64 with its base name', async () => {
    const r = await readNotaDinas(file('%PDF-1.4\nhello\n%%EOF', 'C:\\Users\\budi\\Nota Dinas.pdf'), MAX_TRAY_NOTA_DINAS_BYTES);
    expect(r).toEqual({ ok: true, file: { fileName: 'Nota Dinas.pdf', base64: Buffer.from('%PDF-1.4\nhello\n%%EOF').toString('base64'), size: 20 } });
  });

  it('refuses a file over the limit without reading it, and one that is not a PDF by content', async () => {
    const big = new Uint8Array(MAX_TRAY_NOTA_DINAS_BYTES + 1);
    big.set(Buffer.from('%PDF-'));
    expect(await readNotaDinas(file(big, 'besar.pdf'), MAX_TRAY_NOTA_DINAS_BYTES)).toEqual({ ok: false, reason: 'too_large' });
    expect(await readNotaDinas(file('PK\u0003\u0004', 'nota.pdf'), MAX_TRAY_NOTA_DINAS_BYTES)).toEqual({ ok: false, reason: 'not_pdf' });
    expect(await readNotaDinas(file('', 'kosong.pdf'), MAX_TRAY_NOTA_DINAS_BYTES)).toEqual({ ok: false, reason: 'not_pdf' });
  });

  it('encodes large files in chunks the same as Node does', () => {
    const bytes = new Uint8Array(200_000).map((_, i) => (i * 7) % 256);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});

describe('requests queued offline', () => {
  const req = (id: string) => ({ requestId: id, itemName: 'pasang-stat', itemVersion: '1.2.0', justification: 'Dibutuhkan untuk survei', at: 1 });

  it('are listed once each until removed or cleared', () => {
    const s = new MemoryStorage();
    const p = new PendingRequests(s);
    p.add(req('r1'));
    p.add(req('r2'));
    p.add(req('r1'));
    expect(p.list().map((r) => r.requestId)).toEqual(['r2', 'r1']);
    p.remove('r2');
    expect(new PendingRequests(s).list().map((r) => r.requestId)).toEqual(['r1']);
    p.clear();
    expect(p.list()).toEqual([]);
  });

  it('keep at most 50, and survive broken or unwritable storage', () => {
    const s = new MemoryStorage();
    const p = new PendingRequests(s);
    for (let i = 0; i < 60; i += 1) p.add(req(`r${i}`));
    expect(p.list()).toHaveLength(50);
    expect(p.list()[0]!.requestId).toBe('r10');
    s.data.set('pasang.pendingRequests', '{not json');
    expect(p.list()).toEqual([]);
    s.data.set('pasang.pendingRequests', JSON.stringify([{ requestId: 1 }, req('ok')]));
    expect(p.list().map((r) => r.requestId)).toEqual(['ok']);
    s.failWrites = true;
    expect(() => p.add(req('x'))).not.toThrow();
    expect(new PendingRequests(null).list()).toEqual([]);
  });
});

describe('the offline cache', () => {
  it('returns what was written with its time, and skips values too large for the storage', () => {
    const s = new MemoryStorage();
    writeCache(s, 'catalog::', { items: [1] }, 42);
    expect(readCache(s, 'catalog::')).toEqual({ value: { items: [1] }, at: 42 });
    writeCache(s, 'big', 'x'.repeat(1_000_001), 1);
    expect(readCache(s, 'big')).toBeNull();
    s.data.set('pasang.cache.bad', 'nope');
    expect(readCache(s, 'bad')).toBeNull();
    s.failWrites = true;
    expect(() => writeCache(s, 'k', 1, 1)).not.toThrow();
  });
});

describe('error texts', () => {
  it('are chosen by code in the page language, the tray’s own wording first, the shared table next', () => {
    expect(errorText({ code: 'AGENT_OFFLINE', message: 'x' }, 'id')).toMatch(/tidak terhubung/);
    expect(errorText({ code: 'AGENT_OFFLINE', message: 'x' }, 'en')).toMatch(/not connected/);
    expect(errorText({ code: 'NOT_FOUND', message: 'x' }, 'en')).toBe('Not found.');
    expect(errorText(new Error('boom'), 'en')).toBe(errorText({ code: 'INTERNAL' }, 'en'));
    expect(errorCode({ code: 'CONFLICT' })).toBe('CONFLICT');
    expect(errorCode('nope')).toBe('INTERNAL');
  });
});

describe('a query answered from the cache while offline', () => {
  it('asks the agent and keeps the answer; offline, answers with the last one marked stale', async () => {
    const s = new MemoryStorage();
    let t = 100;
    const now = () => t;
    expect(await cachedQuery(s, 'k', async () => ({ n: 1 }), now)).toEqual({ value: { n: 1 }, stale: false, at: 100 });
    t = 200;
    const offline = { name: 'PasangError', code: 'AGENT_OFFLINE', message: 'offline' };
    expect(await cachedQuery(s, 'k', () => Promise.reject(offline), now)).toEqual({ value: { n: 1 }, stale: true, at: 100 });
  });

  it('passes any other failure on, and an offline one when nothing was cached', async () => {
    const s = new MemoryStorage();
    writeCache(s, 'k', 1, 1);
    await expect(cachedQuery(s, 'k', () => Promise.reject({ code: 'FORBIDDEN' }), () => 2)).rejects.toEqual({ code: 'FORBIDDEN' });
    await expect(cachedQuery(s, 'other', () => Promise.reject({ code: 'AGENT_OFFLINE' }), () => 2)).rejects.toEqual({ code: 'AGENT_OFFLINE' });
  });
});
