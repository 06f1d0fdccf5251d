import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createConfStore } from '../../../../../src/main/core/store/confStore';
import { ErrorCodes, isPasangError, PasangError } from '../../../../../src/shared/errors';

const posix = process.platform !== 'win32';

describe('createConfStore', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-conf-store-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function openCorrupt(now = () => new Date('2026-01-02T03:04:05.678Z')): PasangError {
    try {
      createConfStore({ dir, now });
    } catch (error) {
      if (isPasangError(error)) return error;
      throw error;
    }
    throw new Error('expected createConfStore to throw');
  }

  it('keeps values across instances at the same directory', () => {
    const first = createConfStore({ dir });
    first.set({ serverUrl: 'https://pasang.example:8443', agentId: 'a-1', agentSecret: 's3cret' });
    first.set({ inventoryHash: 'abc' });

    const second = createConfStore({ dir });
    expect(second.path).toBe(path.join(dir, 'agent.json'));
    expect(second.get('serverUrl')).toBe('https://pasang.example:8443');
    expect(second.get('agentId')).toBe('a-1');
    expect(second.get('agentSecret')).toBe('s3cret');
    expect(second.get('inventoryHash')).toBe('abc');
    expect(second.get('enrolledAt')).toBeUndefined();
  });

  it('deletes a key durably and ignores undefined values in set', () => {
    const store = createConfStore({ dir, fileName: 'agent' });
    store.set({ agentId: 'a-1', agentSecret: 's3cret' });
    store.set({ agentSecret: undefined });
    expect(store.get('agentSecret')).toBe('s3cret');

    store.delete('agentSecret');
    store.delete('serverPublicKey'); // absent: a no-op
    expect(createConfStore({ dir }).get('agentSecret')).toBeUndefined();
    expect(createConfStore({ dir }).get('agentId')).toBe('a-1');
  });

  it('creates a missing directory and writes nothing until the first set', () => {
    const nested = path.join(dir, 'deeper', 'store');
    const store = createConfStore({ dir: nested, fileName: 'other' });
    expect(store.path).toBe(path.join(nested, 'other.json'));
    expect(fs.existsSync(store.path)).toBe(false);
    store.set({ agentId: 'a-1' });
    expect(JSON.parse(fs.readFileSync(store.path, 'utf8'))).toEqual({ agentId: 'a-1' });
  });

  // Windows has no mode bits: there the installer's ACL on the data folder protects the file.
  (posix ? it : it.skip)('writes the file owner-only (0600), and narrows a file that was wider', () => {
    const store = createConfStore({ dir });
    store.set({ agentSecret: 's3cret' });
    expect(fs.statSync(store.path).mode & 0o777).toBe(0o600);

    fs.chmodSync(store.path, 0o644);
    const reopened = createConfStore({ dir });
    expect(fs.statSync(reopened.path).mode & 0o777).toBe(0o600);
    fs.chmodSync(store.path, 0o666);
    reopened.set({ agentId: 'a-2' });
    expect(fs.statSync(reopened.path).mode & 0o777).toBe(0o600);
  });

  it.each([
    ['truncated JSON', '{"agentId": "a-1", "agentSe'],
    ['an empty file', ''],
    ['a value that fails the schema', JSON.stringify({ agentId: 42 })],
    ['JSON that is not an object', '[]'],
  ])('reports %s as STORE_CORRUPT and keeps the file aside', (_label, content) => {
    const file = path.join(dir, 'agent.json');
    fs.writeFileSync(file, content);

    const error = openCorrupt();
    expect(error.code).toBe(ErrorCodes.STORE_CORRUPT);
    const keptAs = `${file}.corrupt-2026-01-02T03-04-05-678Z`;
    expect(error.details).toEqual({ path: file, keptAs });
    expect(error.message).toContain(keptAs);
    expect(error.cause).toBeInstanceOf(Error);
    expect(fs.readFileSync(keptAs, 'utf8')).toBe(content);
    expect(fs.existsSync(file)).toBe(false);

    // Opening again starts an empty store; the corrupt copy stays.
    const fresh = createConfStore({ dir });
    expect(fresh.get('agentId')).toBeUndefined();
    fresh.set({ agentId: 'a-2' });
    expect(fs.readFileSync(keptAs, 'utf8')).toBe(content);
  });

  it('reports corruption found after open the same way, without overwriting the file', () => {
    const store = createConfStore({ dir, now: () => new Date('2026-05-06T07:08:09.000Z') });
    store.set({ agentId: 'a-1' });
    fs.writeFileSync(store.path, '{not json');

    expect(() => store.set({ agentSecret: 's' })).toThrow(
      expect.objectContaining({ code: ErrorCodes.STORE_CORRUPT }) as unknown as Error,
    );
    const keptAs = `${store.path}.corrupt-2026-05-06T07-08-09-000Z`;
    expect(fs.readFileSync(keptAs, 'utf8')).toBe('{not json');
    expect(store.get('agentId')).toBeUndefined();
  });

  it('refuses values that fail the schema without touching the file', () => {
    const store = createConfStore({ dir });
    store.set({ serverUrl: 'https://pasang.example' });
    const before = fs.readFileSync(store.path, 'utf8');

    expect(() => store.set({ serverCertSha256: 'not-hex' })).toThrow(
      expect.objectContaining({ code: ErrorCodes.INVALID_PAYLOAD }) as unknown as Error,
    );
    expect(fs.readFileSync(store.path, 'utf8')).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(['agent.json']);
  });
});
