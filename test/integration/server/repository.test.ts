import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { ErrorCodes } from '../../../src/shared/errors';
import { RepositoryService } from '../../../src/server/domain/repository';
import { testDatabases } from '../../support/databases';
import { startHarness, type Harness } from '../../support/serverHarness';

const MiB = 1024 ** 2;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function* chunks(data: Buffer, size = 64 * 1024): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One HTTP request with full control of the body: `write` streams it (and may pause midway), and a response that
 * comes before the body is sent (413) is still read rather than lost to the server closing the connection.
 */
function request(
  base: string,
  method: string,
  urlPath: string,
  headers: Record<string, string | number>,
  write?: (req: http.ClientRequest) => Promise<void>,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(base + urlPath, { method, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) }));
      res.on('error', reject);
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      // The server answered early and closed: the response, if any, has already resolved this promise.
      if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') reject(err);
    });
    if (!write) req.end();
    else write(req).then(() => req.end(), reject);
  });
}

const json = (r: RawResponse) => JSON.parse(r.body.toString('utf8'));

function writeAll(data: Buffer, pauseAt?: { offset: number; during: () => Promise<void> }) {
  return async (req: http.ClientRequest) => {
    for (let i = 0; i < data.length; i += 256 * 1024) {
      if (pauseAt && i >= pauseAt.offset && i - 256 * 1024 < pauseAt.offset) await pauseAt.during();
      if (!req.write(data.subarray(i, i + 256 * 1024))) await new Promise((r) => req.once('drain', r));
    }
  };
}

function filesUnder(dir: string): string[] {
  return fs.existsSync(dir)
    ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile())
    : [];
}

describe.each(testDatabases())('RepositoryService on $name', (database) => {
  let db: Awaited<ReturnType<typeof database.open>>;
  let dir: string;
  let repo: RepositoryService;
  const clock = { now: () => Date.parse('2026-11-25T08:00:00Z') };

  beforeEach(async () => {
    db = await database.open();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-repo-'));
    repo = new RepositoryService({ db: db.db, clock, dataDir: dir, maxUploadBytes: 4 * MiB });
    await repo.init();
  });
  afterEach(async () => {
    await db.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const input = (data: Buffer, over = {}) => ({
    fileName: 'setup.exe',
    sizeBytes: data.length,
    uploadedBy: 'token-1',
    ...over,
  });

  it('stores an upload under its SHA-256 and records it', async () => {
    const data = randomBytes(300_000);
    const r = await repo.store(chunks(data), input(data, { contentType: 'application/x-msdownload' }));
    const digest = sha(data);
    expect(r).toEqual({
      created: true,
      artifact: {
        sha256: digest,
        sizeBytes: data.length,
        fileName: 'setup.exe',
        contentType: 'application/x-msdownload',
        uploadedAt: '2026-11-25T08:00:00.000Z',
        uploadedBy: 'token-1',
      },
    });
    expect(fs.readFileSync(path.join(dir, 'repository', digest.slice(0, 2), digest)).equals(data)).toBe(true);
    expect(await repo.list({ limit: 10, offset: 0 })).toEqual({ total: 1, items: [r.artifact] });
    expect(await repo.sizes([digest, 'f'.repeat(64), 'junk'])).toEqual(new Map([[digest, data.length]]));
  });

  it('takes the same content twice as one artifact', async () => {
    const data = randomBytes(10_000);
    await repo.store(chunks(data), input(data));
    const again = await repo.store(chunks(data, 777), input(data, { fileName: 'other-name.exe' }));
    expect(again).toMatchObject({ created: false, artifact: { fileName: 'setup.exe' } });
    expect((await repo.list({ limit: 10, offset: 0 })).total).toBe(1);
    expect(filesUnder(path.join(dir, 'repository'))).toEqual([path.join(sha(data).slice(0, 2), sha(data))]);
  });

  it('keeps nothing when the content is not what was expected, or not as long as declared', async () => {
    const data = randomBytes(50_000);
    await expect(repo.store(chunks(data), input(data, { expectedSha256: 'a'.repeat(64) }))).rejects.toMatchObject({
      code: ErrorCodes.CHECKSUM_MISMATCH,
    });
    await expect(repo.store(chunks(data), input(data, { sizeBytes: data.length + 1 }))).rejects.toMatchObject({
      code: ErrorCodes.BAD_REQUEST,
      message: expect.stringMatching(/ended after 50000 of 50001/),
    });
    await expect(repo.store(chunks(data), input(data, { sizeBytes: data.length - 1 }))).rejects.toMatchObject({
      code: ErrorCodes.BAD_REQUEST,
      message: expect.stringMatching(/longer than/),
    });
    async function* brokenOff() {
      yield data.subarray(0, 1000);
      throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    }
    await expect(repo.store(brokenOff(), input(data))).rejects.toMatchObject({
      code: ErrorCodes.BAD_REQUEST,
      message: expect.stringMatching(/broke off after 1000 of 50000/),
    });
    expect(filesUnder(path.join(dir, 'repository'))).toEqual([]);
    expect((await repo.list({ limit: 10, offset: 0 })).total).toBe(0);
    expect(repo.inProgress()).toEqual([]);
  });

  it('refuses before reading an upload too large, empty, or badly named', async () => {
    const empty = Buffer.alloc(0);
    expect(() => repo.checkUpload(input(empty, { sizeBytes: 4 * MiB + 1 }))).toThrow(
      expect.objectContaining({ code: ErrorCodes.PAYLOAD_TOO_LARGE }),
    );
    expect(() => repo.checkUpload(input(empty))).toThrow(expect.objectContaining({ code: ErrorCodes.BAD_REQUEST }));
    for (const fileName of ['', '../etc/passwd', '-rf.exe', 'a/b.msi', 'x\ny.msi', 'a'.repeat(256)]) {
      expect(() => repo.checkUpload(input(Buffer.alloc(1), { fileName }))).toThrow(
        expect.objectContaining({ code: ErrorCodes.BAD_REQUEST }),
      );
    }
    expect(() => repo.checkUpload(input(Buffer.alloc(1), { expectedSha256: 'ABC' }))).toThrow(
      expect.objectContaining({ code: ErrorCodes.BAD_REQUEST }),
    );
    expect(() => repo.checkUpload(input(Buffer.alloc(1), { contentType: 'text/html; evil' }))).toThrow(
      expect.objectContaining({ code: ErrorCodes.BAD_REQUEST }),
    );
    expect(() =>
      repo.checkUpload(input(Buffer.alloc(1), { fileName: 'LibreOffice_24.2.7_Win_x86-64 (1).msi' })),
    ).not.toThrow();
  });

  it('sweeps temp files a crash left behind, once they are a day old', async () => {
    const incoming = path.join(dir, 'repository', '.incoming');
    fs.writeFileSync(path.join(incoming, 'old.part'), 'x');
    fs.writeFileSync(path.join(incoming, 'fresh.part'), 'x');
    const dayAgo = (clock.now() - 25 * 3600_000) / 1000;
    fs.utimesSync(path.join(incoming, 'old.part'), dayAgo, dayAgo);
    await repo.init();
    expect(fs.readdirSync(incoming)).toEqual(['fresh.part']);
  });
});

describe('repository API', () => {
  let h: Harness;
  let employee: string;
  let technician: string;
  const upload = (data: Buffer | null, query: string, headers: Record<string, string | number> = {}, token?: string) =>
    request(
      h.server.url,
      'POST',
      `/api/v1/repository/artifacts${query}`,
      {
        authorization: `Bearer ${token ?? h.adminToken}`,
        'content-type': 'application/octet-stream',
        ...(data ? { 'content-length': data.length } : {}),
        ...headers,
      },
      data ? writeAll(data) : undefined,
    );
  const download = (sha256: string, headers: Record<string, string> = {}, method = 'GET') =>
    request(h.server.url, method, `/api/v1/repository/artifacts/${sha256}`, {
      authorization: `Bearer ${h.adminToken}`,
      ...headers,
    });

  beforeAll(async () => {
    h = await startHarness({ maxUploadBytes: 8 * MiB });
    employee = (await h.server.apiTokens.create('employee')).token;
    technician = (await h.server.apiTokens.create('technician')).token;
  });
  afterAll(async () => {
    await h.close();
  });

  describe('upload', () => {
    it('streams a 5 MB installer to disk, showing the bytes received while it arrives', async () => {
      const data = randomBytes(5 * MiB);
      let midway: unknown;
      const r = await request(
        h.server.url,
        'POST',
        '/api/v1/repository/artifacts?fileName=Zoom_6.0.msi',
        {
          authorization: `Bearer ${h.adminToken}`,
          'content-type': 'application/x-msi',
          'content-length': data.length,
          'x-expected-sha256': sha(data),
        },
        writeAll(data, {
          offset: 2 * MiB,
          during: async () => {
            for (let i = 0; i < 50; i++) {
              midway = (await h.api('GET', '/api/v1/repository/uploads')).json;
              if ((midway as { items: { receivedBytes: number }[] }).items[0]?.receivedBytes) break;
              await new Promise((res) => setTimeout(res, 20));
            }
          },
        }),
      );
      expect(r.status).toBe(201);
      expect(json(r)).toMatchObject({
        created: true,
        artifact: {
          sha256: sha(data),
          sizeBytes: data.length,
          fileName: 'Zoom_6.0.msi',
          contentType: 'application/x-msi',
        },
      });
      expect(midway).toMatchObject({
        items: [{ fileName: 'Zoom_6.0.msi', totalBytes: data.length, receivedBytes: expect.any(Number) }],
      });
      const received = (midway as { items: { receivedBytes: number }[] }).items[0]!.receivedBytes;
      expect(received).toBeGreaterThan(0);
      expect(received).toBeLessThan(data.length);
      expect((await h.api('GET', '/api/v1/repository/uploads')).json).toEqual({ items: [] });
      const stored = path.join(h.dataDir, 'repository', sha(data).slice(0, 2), sha(data));
      expect(sha(fs.readFileSync(stored))).toBe(sha(data));
      const list = await h.api('GET', '/api/v1/repository/artifacts', undefined, technician);
      expect(list.json.items.map((a: { sha256: string }) => a.sha256)).toContain(sha(data));
      const metrics = await (await fetch(`${h.server.url}/metrics`)).text();
      expect(metrics).toMatch(/pasang_repository_upload_bytes_received_total \d{7,}/);
    });

    it('accepts the same content again as the same artifact (200)', async () => {
      const data = randomBytes(100_000);
      expect((await upload(data, '?fileName=a.exe')).status).toBe(201);
      const again = await upload(data, '?fileName=b.exe');
      expect(again.status).toBe(200);
      expect(json(again)).toMatchObject({ created: false, artifact: { sha256: sha(data), fileName: 'a.exe' } });
    });

    it('keeps nothing when X-Expected-Sha256 does not match', async () => {
      const data = randomBytes(200_000);
      const r = await upload(data, '?fileName=tampered.msi', {
        'x-expected-sha256': sha(Buffer.from('something else')),
      });
      expect(r.status).toBe(400);
      expect(json(r).error).toMatchObject({
        code: ErrorCodes.CHECKSUM_MISMATCH,
        message: expect.stringContaining(sha(data)),
      });
      expect(fs.existsSync(path.join(h.dataDir, 'repository', sha(data).slice(0, 2), sha(data)))).toBe(false);
      expect(fs.readdirSync(path.join(h.dataDir, 'repository', '.incoming'))).toEqual([]);
      expect((await download(sha(data))).status).toBe(404);
    });

    it('answers 413 beyond the size limit without reading the body', async () => {
      const r = await request(
        h.server.url,
        'POST',
        '/api/v1/repository/artifacts?fileName=huge.iso',
        { authorization: `Bearer ${h.adminToken}`, 'content-length': 9 * MiB },
        async (req) => {
          req.write(randomBytes(64 * 1024));
          await new Promise((res) => setTimeout(res, 200));
        },
      );
      expect(r.status).toBe(413);
      expect(json(r).error.code).toBe(ErrorCodes.PAYLOAD_TOO_LARGE);
    });

    it('wants a Content-Length, a fileName that is a plain name, and an admin', async () => {
      const chunked = await request(
        h.server.url,
        'POST',
        '/api/v1/repository/artifacts?fileName=a.msi',
        { authorization: `Bearer ${h.adminToken}`, 'transfer-encoding': 'chunked' },
        async (req) => {
          req.write('some bytes');
        },
      );
      expect(chunked.status).toBe(411);
      expect((await upload(Buffer.from('x'), '')).status).toBe(400);
      expect(json(await upload(Buffer.from('x'), '?fileName=..%2Fkeys%2Fserver.pem')).error.message).toMatch(
        /fileName/,
      );
      expect((await upload(Buffer.from('x'), '?fileName=a.msi', { 'x-expected-sha256': 'nothex' })).status).toBe(400);
      expect((await upload(Buffer.from('x'), '?fileName=a.msi', {}, technician)).status).toBe(403);
      expect((await upload(Buffer.from('x'), '?fileName=a.msi', {}, employee)).status).toBe(403);
      expect(
        (
          await request(
            h.server.url,
            'POST',
            '/api/v1/repository/artifacts?fileName=a.msi',
            { 'content-length': 1 },
            async (req) => void req.write('x'),
          )
        ).status,
      ).toBe(401);
    });
  });

  describe('download', () => {
    let data: Buffer;
    let digest: string;
    beforeAll(async () => {
      data = randomBytes(3 * MiB + 123);
      digest = sha(data);
      expect((await upload(data, '?fileName=VLC_3.0.21_win64.exe')).status).toBe(201);
    });

    it('sends the whole file with its ETag and Accept-Ranges', async () => {
      const r = await download(digest);
      expect(r.status).toBe(200);
      expect(r.headers).toMatchObject({
        'accept-ranges': 'bytes',
        etag: `"${digest}"`,
        'content-length': String(data.length),
        'content-type': 'application/octet-stream',
        'content-disposition': 'attachment; filename="VLC_3.0.21_win64.exe"',
        'x-content-type-options': 'nosniff',
      });
      expect(sha(r.body)).toBe(digest);
      const head = await download(digest, {}, 'HEAD');
      expect(head).toMatchObject({ status: 200, headers: { 'content-length': String(data.length) } });
      expect(head.body.length).toBe(0);
      expect((await download(digest, { 'if-none-match': `"${digest}"` })).status).toBe(304);
    });

    it('resumes a broken download from where it stopped', async () => {
      const partial = await new Promise<Buffer>((resolve, reject) => {
        const parts: Buffer[] = [];
        let got = 0;
        const req = http.get(
          `${h.server.url}/api/v1/repository/artifacts/${digest}`,
          { headers: { authorization: `Bearer ${h.adminToken}` } },
          (res) => {
            res.on('data', (d: Buffer) => {
              parts.push(d);
              got += d.length;
              if (got >= MiB) {
                req.destroy(); // the office link drops
                resolve(Buffer.concat(parts));
              }
            });
          },
        );
        req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? undefined : reject(err)));
      });
      expect(partial.length).toBeGreaterThanOrEqual(MiB);
      expect(partial.length).toBeLessThan(data.length);
      const rest = await download(digest, { range: `bytes=${partial.length}-`, 'if-range': `"${digest}"` });
      expect(rest.status).toBe(206);
      expect(rest.headers['content-range']).toBe(`bytes ${partial.length}-${data.length - 1}/${data.length}`);
      expect(rest.headers['content-length']).toBe(String(data.length - partial.length));
      expect(sha(Buffer.concat([partial, rest.body]))).toBe(digest);
    });

    it('serves a closed range, a suffix range, and the whole file for ranges it does not serve', async () => {
      const mid = await download(digest, { range: 'bytes=1000-1999' });
      expect(mid).toMatchObject({
        status: 206,
        headers: { 'content-range': `bytes 1000-1999/${data.length}`, 'content-length': '1000' },
      });
      expect(mid.body.equals(data.subarray(1000, 2000))).toBe(true);
      const tail = await download(digest, { range: 'bytes=-100' });
      expect(tail).toMatchObject({
        status: 206,
        headers: { 'content-range': `bytes ${data.length - 100}-${data.length - 1}/${data.length}` },
      });
      expect(tail.body.equals(data.subarray(data.length - 100))).toBe(true);
      const past = await download(digest, { range: `bytes=0-${data.length + 5000}` });
      expect(past).toMatchObject({
        status: 206,
        headers: { 'content-range': `bytes 0-${data.length - 1}/${data.length}` },
      });
      const multi = await download(digest, { range: 'bytes=0-1,5-6' });
      expect(multi.status).toBe(200);
      expect(multi.body.length).toBe(data.length);
      const staleIfRange = await download(digest, { range: 'bytes=100-', 'if-range': '"someone-else"' });
      expect(staleIfRange.status).toBe(200);
    });

    it('answers 416 for a range outside the file', async () => {
      for (const range of [`bytes=${data.length}-`, 'bytes=-0', `bytes=${data.length + 10}-${data.length + 20}`]) {
        const r = await download(digest, { range });
        expect(r.status).toBe(416);
        expect(r.headers['content-range']).toBe(`bytes */${data.length}`);
        expect(json(r).error.code).toBe(ErrorCodes.RANGE_NOT_SATISFIABLE);
      }
    });

    it('answers 404 for an installer it does not have', async () => {
      expect((await download('0'.repeat(64))).status).toBe(404);
      expect((await download('not-a-hash')).status).toBe(404);
    });

    it('refuses anyone without credentials (401), employees and PCs without a job for it (403); lets technicians and PCs with such a job in', async () => {
      const url = `/api/v1/repository/artifacts/${digest}`;
      expect((await request(h.server.url, 'GET', url, {})).status).toBe(401);
      expect((await request(h.server.url, 'GET', url, { authorization: 'Bearer pst_forged-token' })).status).toBe(401);
      expect((await request(h.server.url, 'GET', url, { authorization: `Bearer ${employee}` })).status).toBe(403);
      expect(
        (await request(h.server.url, 'GET', url, { authorization: `Bearer ${technician}`, range: 'bytes=0-0' })).status,
      ).toBe(206);
      const agent = await h.enroll();
      // An agent sees only its own files: none until it has a job that needs this installer.
      expect((await request(h.server.url, 'GET', url, { authorization: `Bearer ${agent.agentId}:${agent.agentSecret}` })).status).toBe(403);
      await h.server.jobs.createBatch({
        manifest: {
          item: { id: 'item-1', name: 'Setup', version: '1' },
          variant: { os: 'linux', kind: 'deb', artifact: { sha256: digest, sizeBytes: data.length, fileName: 'setup.deb' }, detection: { kind: 'dpkg', package: 'setup' } },
        },
        action: 'install',
        agentIds: [agent.agentId],
        createdBy: null,
      });
      const asAgent = await request(h.server.url, 'GET', url, {
        authorization: `Bearer ${agent.agentId}:${agent.agentSecret}`,
        range: 'bytes=-1000',
      });
      expect(asAgent.status).toBe(206);
      expect(asAgent.body.equals(data.subarray(data.length - 1000))).toBe(true);
      expect(
        (await request(h.server.url, 'GET', url, { authorization: `Bearer ${agent.agentId}:psa_wrong-secret` })).status,
      ).toBe(401);
      // An agent is no staff member: it may download, not list or upload.
      expect(
        (
          await request(h.server.url, 'GET', '/api/v1/repository/artifacts', {
            authorization: `Bearer ${agent.agentId}:${agent.agentSecret}`,
          })
        ).status,
      ).toBe(403);
      expect((await h.api('POST', `/api/v1/agents/${agent.agentId}/revoke`)).status).toBe(200);
      expect(
        (await request(h.server.url, 'GET', url, { authorization: `Bearer ${agent.agentId}:${agent.agentSecret}` }))
          .status,
      ).toBe(401);
    });
  });
});
