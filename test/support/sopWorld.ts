/**
 * A small office for SOP tests above the API (the tray's pages, the console's): a real server on 127.0.0.1 with an
 * injected clock, real agent cores (the same Agent the service and the tray host) each with its own dpkg root and a
 * fixture inventory, a team with its Ketua Tim, employees linked to their PCs' OS accounts, a qualified technician
 * with a console session, and real .deb items in the catalog. Distilled from test/integration/workflow/sopPath.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Agent } from '../../src/main/core/agent';
import { createAgentApi } from '../../src/main/core/api/createAgentApi';
import { createCommandRunner } from '../../src/main/core/process/commandRunner';
import { createConfStore } from '../../src/main/core/store/confStore';
import type { AgentApi } from '../../src/shared/agentApi';
import type { Inventory } from '../../src/shared/protocol/inventory';
import { silentLogger } from '../../src/shared/logger';
import type { ServerOptions } from '../../src/server/main';
import { makeInventory } from './fixtures/inventory';
import { startHarness, type Harness } from './serverHarness';
import { buildTinyDeb } from './tinyDeb';

export const WORLD_PASSWORD = 'kata-sandi-yang-panjang-1';

export interface WorldPc {
  name: string;
  agent: Agent;
  /** The inventory the PC reports at its next collection (change it to make the PC "change"). */
  inventory: Inventory;
  dpkgRoot: string;
  id: string;
}

export interface WorldPerson {
  username: string;
  displayName: string;
  roles: string[];
  nip?: string;
  /** Member of the world's team (default true for employees). */
  inTeam?: boolean;
  qualification?: 'junior_technical_support' | 'computing_degree';
  /** Links this OS user on this PC to the person. */
  osAccount?: { pc: string; osUser: string };
}

export type Session = (method: string, p: string, json?: unknown) => Promise<{ status: number; json: any; raw: Response }>;

export interface SopWorld {
  h: Harness;
  /** The server's clock: real time plus `skew`, which a test moves forward instead of sleeping. */
  clock: { now(): number };
  advance(ms: number): void;
  pcs: Record<string, WorldPc>;
  userIds: Record<string, string>;
  teamId: string;
  /** The AgentApi of an OS user on a PC, as the tray gets it from its host. */
  apiFor(pc: string, osUser: string, options?: { logsDir?: string | null }): AgentApi;
  login(username: string): Promise<Session>;
  /** Uploads a real .deb and catalogs it; the item id. */
  debItem(name: string, version: string, options?: { category?: string; icon?: string; minMemoryBytes?: number; descriptionId?: string; descriptionEn?: string; postinst?: string }): Promise<string>;
  dpkgStatus(pc: string, pkg: string): string;
  close(): Promise<void>;
}

export interface SopWorldOptions {
  pcs: string[];
  people: WorldPerson[];
  /** Username of the team's Ketua Tim (holds team_lead). */
  teamLead?: string;
  teamName?: string;
  server?: ServerOptions;
}

export async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => null);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function ok(r: Promise<{ status: number; json: any }>, status = 200): Promise<any> {
  const res = await r;
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.json)}`);
  return res.json;
}

function makeDpkgRoot(dir: string): void {
  for (const d of ['var/lib/dpkg/info', 'var/lib/dpkg/updates']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  fs.writeFileSync(path.join(dir, 'var/lib/dpkg/status'), '');
}

export async function startSopWorld(options: SopWorldOptions): Promise<SopWorld> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-world-'));
  let skew = 0;
  const clock = { now: () => Date.now() + skew };
  const h = await startHarness({ clock, breachCheckMs: 3_600_000, ...options.server });
  const runner = createCommandRunner();
  const pcs: Record<string, WorldPc> = {};
  const userIds: Record<string, string> = {};

  try {
    const { token } = await h.server.enrollment.createToken({ uses: options.pcs.length + 5 });
    for (const name of options.pcs) {
      const stateDir = path.join(root, name);
      const dpkgRoot = path.join(root, `${name}-root`);
      makeDpkgRoot(dpkgRoot);
      const pc: WorldPc = { name, agent: null as unknown as Agent, inventory: makeInventory({ hostname: name, software: 20 }), dpkgRoot, id: '' };
      pc.agent = new Agent({
        store: createConfStore({ dir: stateDir }),
        stateDir,
        serverUrl: h.server.url,
        enrollToken: token,
        identity: { machineId: `m-${name}`, hostname: name },
        agentVersion: 'test',
        inventory: { collect: async () => structuredClone(pc.inventory) },
        metrics: { sample: async () => ({ sampledAt: new Date().toISOString(), cpuLoadPercent: 7, memUsedBytes: 6 * 1024 ** 3, memTotalBytes: 16 * 1024 ** 3, uptimeSec: 3 * 3600 + 25 * 60 }) },
        logger: silentLogger,
        runner,
        // The fake root has no shell to chroot into: maintainer scripts run outside it (as in the install tests).
        dpkg: { root: dpkgRoot, log: '/dev/null', force: ['script-chrootless', 'not-root'] },
      });
      pcs[name] = pc;
    }
    await Promise.all(Object.values(pcs).map((p) => p.agent.start()));
    for (const p of Object.values(pcs)) p.id = await until('enrolled', async () => p.agent.status.agentId);
    await until('all PCs online with inventories', async () => {
      const r = await h.api('GET', '/api/v1/agents?limit=100');
      return r.json.items.filter((a: any) => a.online && a.inventoryUpdatedAt).length === options.pcs.length;
    });

    const teamId = (await ok(h.api('POST', '/api/v1/teams', { name: options.teamName ?? 'Tim IPDS' }), 201)).id as string;
    for (const p of options.people) {
      const employee = p.roles.includes('employee');
      const u = await ok(
        h.api('POST', '/api/v1/users', {
          username: p.username,
          displayName: p.displayName,
          roles: p.roles,
          password: WORLD_PASSWORD,
          ...(p.nip ? { nip: p.nip } : {}),
          ...((p.inTeam ?? employee) ? { teamId } : {}),
          ...(p.qualification ? { qualification: p.qualification } : {}),
        }),
        201,
      );
      userIds[p.username] = u.id;
    }
    if (options.teamLead) await ok(h.api('PATCH', `/api/v1/teams/${teamId}`, { leadUserId: userIds[options.teamLead] }));
    for (const p of options.people) {
      if (!p.osAccount) continue;
      await ok(h.api('POST', '/api/v1/os-accounts', { userId: userIds[p.username], osUser: p.osAccount.osUser, agentId: pcs[p.osAccount.pc]!.id }), 201);
    }

    const world: SopWorld = {
      h,
      clock,
      advance: (ms) => {
        skew += ms;
      },
      pcs,
      userIds,
      teamId,
      apiFor: (pc, osUser, o) => createAgentApi(pcs[pc]!.agent, { osUser }, o),
      async login(username) {
        const res = await fetch(`${h.server.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: WORLD_PASSWORD }),
        });
        const body = (await res.json()) as any;
        if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(body)}`);
        const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
        return async (method, p, json) => {
          const r = await fetch(h.server.url + p, {
            method,
            headers: { cookie, 'x-csrf-token': body.csrfToken, ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
            ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
          });
          const text = await r.clone().text();
          let parsed: any = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* a PDF */
          }
          return { status: r.status, json: parsed, raw: r };
        };
      },
      async debItem(name, version, o = {}) {
        const deb = buildTinyDeb(name, version, { [`opt/${name}/VERSION`]: `${version}\n` }, o.postinst ? { postinst: o.postinst } : {});
        const up = await fetch(`${h.server.url}/api/v1/repository/artifacts?fileName=${path.basename(deb)}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${h.adminToken}`, 'content-type': 'application/octet-stream' },
          body: fs.readFileSync(deb),
        });
        const { artifact } = (await up.json()) as any;
        const item = await ok(
          h.api('POST', '/api/v1/catalog', {
            name,
            version,
            category: o.category ?? 'Kantor',
            ...(o.icon ? { icon: o.icon } : {}),
            ...(o.descriptionId ? { descriptionId: o.descriptionId } : {}),
            ...(o.descriptionEn ? { descriptionEn: o.descriptionEn } : {}),
            ...(o.minMemoryBytes ? { requirements: { minMemoryBytes: o.minMemoryBytes } } : {}),
            variants: [
              {
                os: 'linux',
                kind: 'deb',
                artifact: { sha256: artifact.sha256, sizeBytes: artifact.size ?? artifact.sizeBytes, fileName: path.basename(deb) },
                detection: { kind: 'dpkg', package: name, version },
              },
            ],
          }),
          201,
        );
        return item.id as string;
      },
      dpkgStatus(pc, pkg) {
        try {
          return execFileSync('dpkg-query', ['--admindir', path.join(pcs[pc]!.dpkgRoot, 'var/lib/dpkg'), '-W', '-f=${Status} ${Version}', pkg], {
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'ignore'],
          });
        } catch {
          return 'not-installed';
        }
      },
      async close() {
        await Promise.all(Object.values(pcs).map((p) => p.agent.stop()));
        await h.close();
        fs.rmSync(root, { recursive: true, force: true });
      },
    };
    return world;
  } catch (err) {
    await Promise.all(Object.values(pcs).map((p) => p.agent.stop().catch(() => undefined)));
    await h.close();
    fs.rmSync(root, { recursive: true, force: true });
    throw err;
  }
}
