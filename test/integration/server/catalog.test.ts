import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { ErrorCodes } from '../../../src/shared/errors';
import type { CatalogItemInput } from '../../../src/shared/catalog';
import { ReasonCodes } from '../../../src/shared/install/specCheck';
import { CatalogService } from '../../../src/server/domain/catalog';
import { RepositoryService } from '../../../src/server/domain/repository';
import { InventoryService } from '../../../src/server/domain/inventoryService';
import { runServerCli } from '../../../src/server/cli/serverCli';
import { openDatabase } from '../../../src/server/store/openDatabase';
import { testDatabases } from '../../support/databases';
import { startHarness, type Harness } from '../../support/serverHarness';
import { makeInventory } from '../../support/fixtures/inventory';

const GiB = 1024 ** 3;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function* chunks(data: Buffer, size = 64 * 1024): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

type Artifact = { sha256: string; sizeBytes: number; fileName: string };

/** LibreOffice as an admin would enter it: an msi for Windows x64, winget as the fallback, apt on Linux. */
function libreOffice(msi: Artifact, over: Partial<CatalogItemInput> = {}): CatalogItemInput {
  return {
    name: 'LibreOffice',
    publisher: 'The Document Foundation',
    version: '24.2.7',
    category: 'Perkantoran',
    descriptionId: 'Paket perkantoran: pengolah kata, lembar kerja, presentasi',
    descriptionEn: 'Office suite: writer, spreadsheet, presentation',
    licenceSeats: null,
    requirements: {
      os: [
        { family: 'windows', minVersion: '10.0.19041' },
        { family: 'linux', distro: 'debian', minVersion: '12' },
      ],
      minMemoryBytes: 4 * GiB,
      minFreeDiskBytes: 2 * GiB,
    },
    variants: [
      {
        os: 'windows',
        kind: 'msi',
        arch: ['x64'],
        artifact: msi,
        args: ['ALLUSERS=1'],
        detection: { kind: 'registry', key: 'HKLM\\SOFTWARE\\LibreOffice' },
      },
      {
        os: 'windows',
        kind: 'winget',
        packageId: 'TheDocumentFoundation.LibreOffice',
        detection: { kind: 'winget', id: 'TheDocumentFoundation.LibreOffice' },
      },
      { os: 'linux', kind: 'apt', packageId: 'libreoffice', detection: { kind: 'dpkg', package: 'libreoffice' } },
    ],
    ...over,
  };
}

function simple(name: string, over: Partial<CatalogItemInput> = {}): CatalogItemInput {
  return {
    name,
    version: '1.0',
    category: 'Utilitas',
    variants: [
      {
        os: 'linux',
        kind: 'apt',
        packageId: name.toLowerCase().replace(/[^a-z0-9]/g, '-'),
        detection: { kind: 'dpkg', package: 'x' },
      },
    ],
    ...over,
  };
}

describe.each(testDatabases())('CatalogService on $name', (database) => {
  let db: Awaited<ReturnType<typeof database.open>>;
  let dir: string;
  let now: number;
  const clock = { now: () => now };
  let repo: RepositoryService;
  let catalog: CatalogService;
  let msi: Artifact;

  beforeEach(async () => {
    now = Date.parse('2026-11-25T08:00:00Z');
    db = await database.open();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-catalog-'));
    repo = new RepositoryService({ db: db.db, clock, dataDir: dir });
    await repo.init();
    catalog = new CatalogService({ db: db.db, clock, artifacts: repo });
    const bytes = Buffer.from('MSI installer bytes '.repeat(100));
    const stored = await repo.store(chunks(bytes), {
      fileName: 'LibreOffice_24.2.7_Win_x86-64.msi',
      sizeBytes: bytes.length,
      uploadedBy: null,
    });
    msi = { sha256: stored.artifact.sha256, sizeBytes: bytes.length, fileName: 'LibreOffice_24.2.7_Win_x86-64.msi' };
  });
  afterEach(async () => {
    await db.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores an item and gives it back with its variants in order', async () => {
    const created = await catalog.create(libreOffice(msi));
    expect(created).toMatchObject({
      name: 'LibreOffice',
      publisher: 'The Document Foundation',
      licenceSeats: null,
      createdAt: '2026-11-25T08:00:00.000Z',
    });
    expect(created.variants.map((v) => v.kind)).toEqual(['msi', 'winget', 'apt']);
    expect(created.variants[0]).toMatchObject({ id: expect.any(String), artifact: msi, args: ['ALLUSERS=1'] });
    expect(await catalog.get(created.id)).toEqual(created);
    const push = await catalog.forPush(created.id);
    expect(push?.variants[0]).not.toHaveProperty('id');
    expect(push?.item).toEqual({ id: created.id, name: 'LibreOffice', version: '24.2.7' });
  });

  it('refuses a second item with the same name and version, whatever the case', async () => {
    await catalog.create(libreOffice(msi));
    await expect(catalog.create(libreOffice(msi, { name: ' libreoffice ' }))).rejects.toMatchObject({
      code: ErrorCodes.CONFLICT,
    });
    await expect(catalog.create(libreOffice(msi, { version: '24.8.0' }))).resolves.toMatchObject({ version: '24.8.0' });
  });

  it('refuses installers that are not in the repository, or not at that size', async () => {
    const missing = { ...msi, sha256: 'f'.repeat(64) };
    await expect(catalog.create(libreOffice(missing))).rejects.toMatchObject({
      code: ErrorCodes.ARTIFACT_NOT_FOUND,
      message: expect.stringContaining('/variants/0/artifact/sha256 no installer with SHA-256 ffff'),
    });
    await expect(catalog.create(libreOffice({ ...msi, sizeBytes: msi.sizeBytes + 1 }))).rejects.toMatchObject({
      code: ErrorCodes.BAD_REQUEST,
      message: expect.stringContaining('/variants/0/artifact/sizeBytes'),
    });
    expect((await catalog.list({ limit: 10, offset: 0 })).total).toBe(0);
  });

  it('refuses variants no PC could run', async () => {
    const problems = await catalog.problems(
      simple('Bad', {
        variants: [
          { os: 'linux', kind: 'msi', artifact: msi, detection: { kind: 'file', path: '/opt/x' } },
          { os: 'windows', kind: 'winget', detection: { kind: 'dpkg', package: 'x' } },
          { os: 'macos', kind: 'brew', packageId: 'x', artifact: msi, detection: { kind: 'brew', name: 'x' } },
        ],
      }),
    );
    expect(problems.map((p) => `${p.path} ${p.message}`)).toEqual([
      '/variants/0/kind a msi installer runs on windows, not linux',
      '/variants/1/packageId a winget variant needs a packageId',
      '/variants/1/detection/kind a dpkg detection rule works on linux, not windows',
      '/variants/2/artifact a brew variant installs a package, not an uploaded file',
    ]);
  });

  it('replaces an item on update, keeping the ids of unchanged variants', async () => {
    const a = await catalog.create(libreOffice(msi));
    now += 60_000;
    const input = libreOffice(msi, { category: 'Kantor' });
    input.variants = [input.variants[2]!, { ...input.variants[1]!, args: ['--silent'] }, input.variants[0]!];
    const b = (await catalog.update(a.id, input))!;
    expect(b).toMatchObject({ category: 'Kantor', createdAt: a.createdAt, updatedAt: '2026-11-25T08:01:00.000Z' });
    expect(b.variants.map((v) => v.kind)).toEqual(['apt', 'winget', 'msi']);
    expect(b.variants[0]!.id).toBe(a.variants[2]!.id);
    expect(b.variants[2]!.id).toBe(a.variants[0]!.id);
    expect(b.variants[1]!.id).not.toBe(a.variants[1]!.id);
    expect(await catalog.update('no-such-id', input)).toBeNull();
    const other = await catalog.create(simple('7-Zip'));
    await expect(catalog.update(other.id, libreOffice(msi))).rejects.toMatchObject({ code: ErrorCodes.CONFLICT });
  });

  it('removes an item with its variants', async () => {
    const a = await catalog.create(libreOffice(msi));
    expect(await catalog.remove(a.id)).toEqual({ name: 'LibreOffice', version: '24.2.7' });
    expect(await catalog.remove(a.id)).toBeNull();
    expect(await catalog.get(a.id)).toBeNull();
    expect(await db.db.selectFrom('catalog_variants').selectAll().execute()).toEqual([]);
  });

  it('lists with literal search, category, OS filter and pagination', async () => {
    await catalog.create(libreOffice(msi));
    await catalog.create(simple('7-Zip', { descriptionEn: 'File archiver, 100% free' }));
    await catalog.create(simple('Zoom', { category: 'Komunikasi' }));
    await catalog.create(
      simple('Notepad++', {
        variants: [
          {
            os: 'windows',
            kind: 'winget',
            packageId: 'Notepad++.Notepad++',
            detection: { kind: 'winget', id: 'Notepad++.Notepad++' },
          },
        ],
      }),
    );
    const names = async (q: Partial<Parameters<CatalogService['list']>[0]>) =>
      (await catalog.list({ limit: 50, offset: 0, ...q })).items.map((i) => i.name);
    expect(await names({})).toEqual(['7-Zip', 'LibreOffice', 'Notepad++', 'Zoom']);
    expect(await names({ search: 'ZIP' })).toEqual(['7-Zip']);
    expect(await names({ search: '100%' })).toEqual(['7-Zip']);
    expect(await names({ search: '%' })).toEqual(['7-Zip']);
    expect(await names({ search: 'spreadsheet' })).toEqual(['LibreOffice']);
    expect(await names({ category: 'komunikasi' })).toEqual(['Zoom']);
    expect(await names({ os: 'windows' })).toEqual(['LibreOffice', 'Notepad++']);
    expect(await names({ os: 'macos' })).toEqual([]);
    const page = await catalog.list({ limit: 2, offset: 1 });
    expect(page.total).toBe(4);
    expect(page.items.map((i) => i.name)).toEqual(['LibreOffice', 'Notepad++']);
    expect(page.items[0]!.platforms).toEqual([
      { os: 'windows', kind: 'msi', arch: ['x64'] },
      { os: 'windows', kind: 'winget' },
      { os: 'linux', kind: 'apt' },
    ]);
    expect(page.items[0]).not.toHaveProperty('variants');
  });

  describe('importItems', () => {
    it('imports a file in one go and updates the same items when it is imported again', async () => {
      const items = [libreOffice(msi), simple('7-Zip'), simple('Zoom')];
      expect(await catalog.importItems(items)).toMatchObject({ created: 3, updated: 0 });
      items[1] = simple('7-Zip', { category: 'Arsip' });
      expect(await catalog.importItems(items)).toMatchObject({ created: 0, updated: 3 });
      const list = await catalog.list({ limit: 10, offset: 0 });
      expect(list.total).toBe(3);
      expect(list.items.find((i) => i.name === '7-Zip')?.category).toBe('Arsip');
    });

    it('changes nothing when one entry is wrong, and says which', async () => {
      await catalog.create(simple('Zoom'));
      const before = await catalog.list({ limit: 10, offset: 0 });
      const bad = [
        simple('7-Zip'),
        simple('Zoom', { category: 'Changed' }),
        libreOffice({ ...msi, sha256: 'e'.repeat(64) }),
        simple('7-zip'),
      ];
      await expect(catalog.importItems(bad)).rejects.toMatchObject({
        code: ErrorCodes.BAD_REQUEST,
        details: {
          entries: [
            {
              index: 2,
              name: 'LibreOffice',
              problems: [expect.objectContaining({ path: '/variants/0/artifact/sha256' })],
            },
            { index: 3, name: '7-zip', problems: [{ path: '/name', message: 'same name and version as entry 0' }] },
          ],
        },
      });
      expect(await catalog.list({ limit: 10, offset: 0 })).toEqual(before);
    });
  });
});

describe('catalog API', () => {
  let h: Harness;
  let msi: Artifact;
  let employee: string;
  let technician: string;

  beforeAll(async () => {
    h = await startHarness();
    employee = (await h.server.apiTokens.create('employee', 'pegawai')).token;
    technician = (await h.server.apiTokens.create('technician', 'teknisi')).token;
    const bytes = Buffer.from('an msi '.repeat(1000));
    const res = await fetch(`${h.server.url}/api/v1/repository/artifacts?fileName=LibreOffice.msi`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.adminToken}`, 'content-type': 'application/x-msi' },
      body: bytes,
    });
    expect(res.status).toBe(201);
    msi = { sha256: sha(bytes), sizeBytes: bytes.length, fileName: 'LibreOffice.msi' };
  });
  afterAll(async () => {
    await h.close();
  });

  it('creates, reads, lists, replaces and deletes an item', async () => {
    const created = await h.api('POST', '/api/v1/catalog', libreOffice(msi));
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect((await h.api('GET', `/api/v1/catalog/${id}`)).json).toEqual(created.json);
    const list = await h.api('GET', '/api/v1/catalog?search=libre&os=windows&limit=10');
    expect(list.json).toMatchObject({ total: 1, limit: 10, offset: 0, items: [{ id, name: 'LibreOffice' }] });
    const put = await h.api('PUT', `/api/v1/catalog/${id}`, libreOffice(msi, { licenceSeats: 25 }));
    expect(put).toMatchObject({ status: 200, json: { id, licenceSeats: 25 } });
    expect(await h.api('POST', '/api/v1/catalog', libreOffice(msi))).toMatchObject({
      status: 409,
      json: { error: { code: ErrorCodes.CONFLICT } },
    });
    expect(await h.api('DELETE', `/api/v1/catalog/${id}`)).toMatchObject({ status: 200, json: { id, deleted: true } });
    expect((await h.api('GET', `/api/v1/catalog/${id}`)).status).toBe(404);
    expect((await h.api('PUT', `/api/v1/catalog/${id}`, libreOffice(msi))).status).toBe(404);
    expect((await h.api('DELETE', `/api/v1/catalog/${id}`)).status).toBe(404);
  });

  it('answers invalid bodies with 400 naming the field', async () => {
    const wrongKind = await h.api(
      'POST',
      '/api/v1/catalog',
      simple('X', {
        variants: [{ os: 'linux', kind: 'snap', packageId: 'x', detection: { kind: 'dpkg', package: 'x' } } as never],
      }),
    );
    expect(wrongKind).toMatchObject({
      status: 400,
      json: { error: { code: ErrorCodes.BAD_REQUEST, message: expect.stringContaining('/variants/0/kind') } },
    });
    const extra = await h.api('POST', '/api/v1/catalog', { ...simple('X'), owner: 'me' });
    expect(extra.json.error.message).toMatch(/must NOT have additional properties/);
    const noVariants = await h.api('POST', '/api/v1/catalog', simple('X', { variants: [] }));
    expect(noVariants.json.error.message).toMatch(/\/variants must NOT have fewer than 1 items/);
    const badRam = await h.api('POST', '/api/v1/catalog', simple('X', { requirements: { minMemoryBytes: -1 } }));
    expect(badRam.json.error.message).toMatch(/\/requirements\/minMemoryBytes must be >= 0/);
    const noPackage = await h.api(
      'POST',
      '/api/v1/catalog',
      simple('X', { variants: [{ os: 'windows', kind: 'choco', detection: { kind: 'choco', id: 'x' } }] }),
    );
    expect(noPackage).toMatchObject({
      status: 400,
      json: { error: { message: 'invalid body: /variants/0/packageId a choco variant needs a packageId' } },
    });
    const notUploaded = await h.api('POST', '/api/v1/catalog', libreOffice({ ...msi, sha256: '0'.repeat(64) }));
    expect(notUploaded).toMatchObject({
      status: 400,
      json: {
        error: { code: ErrorCodes.ARTIFACT_NOT_FOUND, message: expect.stringContaining('/variants/0/artifact/sha256') },
      },
    });
    const svgIcon = await h.api('POST', '/api/v1/catalog', simple('X', { icon: 'data:image/svg+xml;base64,PHN2Zz4=' }));
    expect(svgIcon.json.error.message).toMatch(/\/icon/);
    expect((await h.api('GET', '/api/v1/catalog?os=beos')).status).toBe(400);
    expect((await h.api('GET', '/api/v1/catalog?limit=0')).status).toBe(400);
  });

  it('lets employees and PCs read the list only, technicians read, and admins alone write', async () => {
    const { json: item } = await h.api('POST', '/api/v1/catalog', simple('Inkscape'));
    const agent = await h.enroll();
    const agentAuth = `${agent.agentId}:${agent.agentSecret}`;
    expect((await h.api('GET', '/api/v1/catalog', undefined, employee)).status).toBe(200);
    expect((await h.api('GET', '/api/v1/catalog', undefined, agentAuth)).status).toBe(200);
    expect((await h.api('GET', `/api/v1/catalog/${item.id}`, undefined, employee)).status).toBe(403);
    expect((await h.api('GET', `/api/v1/catalog/${item.id}`, undefined, agentAuth)).status).toBe(403);
    expect((await h.api('GET', `/api/v1/catalog/${item.id}`, undefined, technician)).status).toBe(200);
    expect((await h.api('POST', '/api/v1/catalog', simple('Gimp'), technician)).status).toBe(403);
    expect((await h.api('PUT', `/api/v1/catalog/${item.id}`, simple('Inkscape'), employee)).status).toBe(403);
    expect((await h.api('DELETE', `/api/v1/catalog/${item.id}`, undefined, agentAuth)).status).toBe(403);
    expect((await h.api('GET', '/api/v1/catalog', undefined, 'pst_not-a-token')).status).toBe(401);
    expect((await h.api('GET', '/api/v1/catalog', undefined, `${agent.agentId}:psa_wrong`)).status).toBe(401);
  });

  it('checks a PC against an item (SOP step 3)', async () => {
    const { json: item } = await h.api('POST', '/api/v1/catalog', libreOffice(msi, { name: 'LibreOffice Check' }));
    const agent = await h.enroll();
    const check = () =>
      h.api('GET', `/api/v1/catalog/${item.id}/check?agentId=${agent.agentId}`, undefined, technician);
    expect((await check()).json).toMatchObject({
      suitable: false,
      reasons: [{ code: ReasonCodes.INVENTORY_MISSING }],
      variant: null,
    });
    const inventory = new InventoryService(h.server.database.db, { now: () => Date.now() });
    await inventory.ingest(agent.agentId, 'a'.repeat(64), makeInventory({ freeBytes: 1 * GiB, software: 3 }));
    const r = await check();
    expect(r.json).toMatchObject({
      itemId: item.id,
      agentId: agent.agentId,
      suitable: false,
      reasons: [{ code: ReasonCodes.DISK_TOO_LOW, id: 'Ruang kosong / 1 GB kurang dari minimum 2 GB' }],
      variant: { kind: 'apt', packageId: 'libreoffice', id: expect.any(String) },
    });
    expect((await h.api('GET', `/api/v1/catalog/${item.id}/check?agentId=nobody`)).status).toBe(404);
    expect((await h.api('GET', `/api/v1/catalog/${item.id}/check`)).status).toBe(400);
  });
});

describe('pasang-server catalog import', () => {
  let dir: string;
  let file: (name: string, content: unknown) => string;
  const run = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runServerCli(['catalog', 'import', ...args, '--data-dir', dir], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const count = async () => {
    const store = await openDatabase({ dataDir: dir });
    try {
      return (await store.db.selectFrom('catalog_items').select('id').execute()).length;
    } finally {
      await store.close();
    }
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-import-'));
    file = (name, content) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
      return p;
    };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imports a good file, and imports it again as updates', async () => {
    const good = file('good.json', { items: [simple('7-Zip'), simple('Zoom'), simple('VLC media player')] });
    expect(await run(good)).toMatchObject({ code: 0, out: `imported 3 items from ${good}: 3 created, 0 updated` });
    expect(await run(good)).toMatchObject({ code: 0, out: `imported 3 items from ${good}: 0 created, 3 updated` });
    expect(await run(file('array.json', [simple('GIMP')]), '--dry-run')).toMatchObject({
      code: 0,
      out: expect.stringContaining('is valid: 1 items'),
    });
    expect(await count()).toBe(3);
  });

  it('refuses a bad file whole, naming each wrong entry and field, and exits 2', async () => {
    const good = file('good.json', [simple('7-Zip')]);
    expect((await run(good)).code).toBe(0);
    const bad = file('bad.json', [
      simple('Zoom'),
      simple('Broken', {
        variants: [{ os: 'linux', kind: 'snap', detection: { kind: 'dpkg', package: 'x' } } as never],
      }),
      { ...simple('Extra'), licence: 'GPL' },
      simple('NoFile', {
        variants: [
          {
            os: 'windows',
            kind: 'msi',
            artifact: { sha256: 'a'.repeat(64), sizeBytes: 10, fileName: 'x.msi' },
            detection: { kind: 'file', path: 'C:\\x' },
          },
        ],
      }),
    ]);
    const r = await run(bad);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${bad} is invalid; nothing was imported`);
    expect(r.err).toContain(
      'entry 1 "Broken": /variants/0/kind must be one of "winget", "choco", "msi", "exe", "apt", "deb", "brew", "pkg", "archive"',
    );
    expect(r.err).toContain('entry 2 "Extra": / has "licence", which is not a catalog field');
    expect(r.err).not.toContain('entry 0');
    expect(await count()).toBe(1);
    // Schema-valid but not in the repository: found in the second pass, still before anything is written.
    const missing = file('missing.json', [
      simple('Zoom'),
      simple('NoFile', {
        variants: [
          {
            os: 'windows',
            kind: 'msi',
            artifact: { sha256: 'a'.repeat(64), sizeBytes: 10, fileName: 'x.msi' },
            detection: { kind: 'file', path: 'C:\\x' },
          },
        ],
      }),
    ]);
    const r2 = await run(missing);
    expect(r2).toMatchObject({
      code: 2,
      err: expect.stringContaining(
        `entry 1 "NoFile": /variants/0/artifact/sha256 no installer with SHA-256 ${'a'.repeat(64)}`,
      ),
    });
    expect(await count()).toBe(1);
  });

  it('exits 2 for a file that is not JSON, not there, or not a list of items', async () => {
    expect(await run(file('x.json', '{ nope'))).toMatchObject({
      code: 2,
      err: expect.stringContaining('is not valid JSON'),
    });
    expect(await run(path.join(dir, 'absent.json'))).toMatchObject({
      code: 2,
      err: expect.stringContaining('cannot be read (ENOENT)'),
    });
    expect(await run(file('obj.json', { catalog: [] }))).toMatchObject({
      code: 2,
      err: expect.stringContaining('must hold an array of catalog items'),
    });
    expect(await run(file('empty.json', []))).toMatchObject({
      code: 2,
      err: expect.stringContaining('holds no catalog items'),
    });
    expect(await run()).toMatchObject({ code: 2, err: expect.stringContaining('takes exactly one file') });
  });
});
