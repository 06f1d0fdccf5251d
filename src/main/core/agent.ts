/**
 * The agent's composition root: enrolls once, keeps one connection to the server, sends the inventory when it changes
 * and metrics at the interval the server sets (faster while someone watches), all through the persistent outbox.
 * Runs in plain Node (the `pasang-agent` service) and inside the Electron shell alike; it never imports electron.
 */
import path from 'node:path';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonicalJson';
import { ErrorCodes, PasangError, isPasangError } from '../../shared/errors';
import { stableSection } from '../../shared/inventoryProjection';
import type { Logger } from '../../shared/logger';
import { createCodec, type Codec } from '../../shared/protocol/codec';
import { InventorySectionNames, type Inventory, type MetricsSample } from '../../shared/protocol/inventory';
import type { AgentSettings, EnvelopeFromServer } from '../../shared/protocol/messages';
import { Capabilities, PROTOCOL_VERSION } from '../../shared/protocol/version';
import { backoffDelay, type BackoffOptions } from './connection/backoff';
import { enrollAgent } from './connection/enrollClient';
import { ServerConnection, type ConnectionState } from './connection/serverConnection';
import { normalizeFingerprint, tlsOptions, type ServerTrust } from './connection/tlsOptions';
import { Outbox, type OutboxEntry } from './outbox/outbox';
import type { AgentStore } from './store/agentStore';
import type { CommandRunner } from './process/commandRunner';
import type { DpkgOptions } from './install/dpkgOptions';
import { JobJournal } from './jobs/jobJournal';
import { JobRunner } from './jobs/jobRunner';
import { loadPinnedKey } from './trust/serverSignature';
import { checkForUpdate } from './update/updateCheck';
import { updatePlatformOf, type UpdateCheckOutcome } from '../../shared/updates/agentUpdates';
import { checkRequirements } from '../../shared/install/specCheck';
import type { Requirements } from '../../shared/install/requirements';
import type { JobCommand, JobResult } from '../../shared/install/job';
import type { KeyObject } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import type { TicketAct, TicketEvent, TicketSubmit, UserQueryName, UserQueryResult } from '../../shared/protocol/userOps';
import { TrayCalls } from './api/trayCalls';

export interface AgentOptions {
  store: AgentStore;
  /** Folder for the outbox and other state, writable by the agent alone. */
  stateDir: string;
  /** Needed for the first start; later the stored one is used. */
  serverUrl?: string;
  enrollToken?: string;
  trust?: ServerTrust;
  identity: { machineId: string; hostname: string };
  agentVersion: string;
  inventory: { collect(): Promise<Inventory> };
  metrics: { sample(): Promise<MetricsSample> };
  logger: Logger;
  /** Runs installers and detection commands. */
  runner: CommandRunner;
  /** @default process.platform */
  platform?: NodeJS.Platform;
  /** Where dpkg installs (a local administrator's setting, never the server's; tests use an isolated root). */
  dpkg?: DpkgOptions;
  codec?: Codec;
  backoff?: BackoffOptions;
  /** Unacknowledged reports in flight at once. @default 32 */
  window?: number;
  /** Wait before resending a report the server could not take. @default 5000 */
  retryMs?: number;
  /** How long a tray query waits for the server's reply. @default 15000 */
  trayTimeoutMs?: number;
}

export interface AgentStatus {
  connection: ConnectionState;
  agentId: string | null;
  serverUrl: string | null;
  outbox: number;
  settings: AgentSettings | null;
  /** Tray requests and actions queued in the outbox, not yet answered. */
  queuedRequests: number;
  /** The install running now, if any. */
  installing: { jobId: string; itemName: string | null; state: string; bytes: number | null; totalBytes: number | null } | null;
}

export type AgentStatusListener = (status: AgentStatus) => void;

/** The default settings until the server sends its own. */
const INITIAL_SETTINGS: AgentSettings = { metricsIntervalSec: 60, live: false, liveIntervalSec: 2, inventoryCheckSec: 3600 };

export function inventoryHash(inventory: Inventory): string {
  const stable: Record<string, unknown> = {};
  for (const s of InventorySectionNames) stable[s] = stableSection(inventory, s);
  return createHash('sha256').update(canonicalJson(stable)).digest('hex');
}

export class Agent {
  private readonly codec: Codec;
  private readonly outbox: Outbox;
  private connection: ServerConnection | null = null;
  private settings: AgentSettings | null = null;
  private readonly inFlight = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sleepers = new Set<() => void>();
  private metricsTimer: NodeJS.Timeout | null = null;
  private inventoryTimer: NodeJS.Timeout | null = null;
  private collecting: Promise<void> | null = null;
  private lastQueuedInventoryHash: string | null = null;
  private readonly listeners = new Set<AgentStatusListener>();
  private stopped = false;
  private readonly jobs: JobRunner;
  private lastInventory: Inventory | null = null;
  /** The tray's queries and commands waiting for the server's reply. */
  readonly tray: TrayCalls;
  private installing: AgentStatus['installing'] = null;
  private pinnedKey: { pem: string; key: KeyObject } | null = null;

  constructor(private readonly o: AgentOptions) {
    this.codec = o.codec ?? createCodec();
    this.tray = new TrayCalls({ timeoutMs: o.trayTimeoutMs ?? 15_000 });
    this.outbox = new Outbox({ dir: path.join(o.stateDir, 'outbox'), logger: o.logger.child('outbox') });
    this.jobs = new JobRunner({
      journal: new JobJournal(path.join(o.stateDir, 'jobs')),
      stateDir: o.stateDir,
      runner: o.runner,
      platform: o.platform ?? process.platform,
      ...(o.dpkg ? { dpkg: o.dpkg } : {}),
      logger: o.logger.child('jobs'),
      agentId: () => o.store.get('agentId') ?? '',
      pinnedKey: () => this.serverKey(),
      serverUrl: () => o.store.get('serverUrl') ?? '',
      authorization: () => `Bearer ${o.store.get('agentId')}:${o.store.get('agentSecret')}`,
      tls: tlsOptions(this.trust()),
      reports: {
        progress: (p) => {
          this.connection?.send('job.progress', p);
          this.installing = { jobId: p.jobId, itemName: this.jobs?.itemName(p.jobId) ?? null, state: p.state, bytes: p.bytes ?? null, totalBytes: p.totalBytes ?? null };
          this.emitStatus();
        },
        result: (r: JobResult) => {
          if (this.installing?.jobId === r.jobId) this.installing = null;
          const entry = this.outbox.add('job.result', r);
          this.o.logger.debug('report queued', { type: 'job.result', id: entry.id, jobId: r.jobId, state: r.state });
          this.flush();
        },
      },
      checkRequirements: async (requirements) => {
        if (!this.lastInventory) return null;
        const verdict = checkRequirements(this.lastInventory, requirements as Requirements);
        return { suitable: verdict.suitable, reasons: verdict.reasons.map((r) => r.en) };
      },
    });
  }

  /** The server key pinned at enrollment (parsed once). */
  private serverKey(): KeyObject | null {
    const pem = this.o.store.get('serverPublicKey');
    if (!pem) return null;
    if (this.pinnedKey?.pem !== pem) this.pinnedKey = { pem, key: loadPinnedKey(pem) };
    return this.pinnedKey.key;
  }

  get status(): AgentStatus {
    return {
      connection: this.connection?.state ?? 'offline',
      agentId: this.o.store.get('agentId') ?? null,
      serverUrl: this.o.store.get('serverUrl') ?? null,
      outbox: this.outbox.size,
      settings: this.settings,
      queuedRequests: this.outbox.pending().filter((e) => e.type === 'ticket.submit' || e.type === 'ticket.act').length,
      installing: this.installing,
    };
  }

  onStatus(listener: AgentStatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emitStatus(): void {
    const s = this.status;
    this.listeners.forEach((l) => l(s));
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.ensureEnrolled();
    if (this.stopped) return;
    const serverUrl = this.o.store.get('serverUrl')!;
    this.connection = new ServerConnection({
      serverUrl,
      credentials: () => ({ agentId: this.o.store.get('agentId')!, agentSecret: this.o.store.get('agentSecret')! }),
      tls: tlsOptions(this.trust()),
      codec: this.codec,
      logger: this.o.logger.child('connection'),
      ...(this.o.backoff ? { backoff: this.o.backoff } : {}),
      onOpen: () => this.onOpen(),
      onMessage: (env) => this.onMessage(env),
      onStateChange: (state) => {
        if (state !== 'connected') this.inFlight.clear();
        this.emitStatus();
      },
    });
    this.connection.start();
    this.jobs.start();
    this.scheduleMetrics();
    this.scheduleInventory(0);
  }

  private trust(): ServerTrust {
    const pin = this.o.trust?.certSha256 ?? this.o.store.get('serverCertSha256');
    return { ...this.o.trust, ...(pin ? { certSha256: pin } : {}) };
  }

  /** Enrolls unless a credential is stored; retries while the server is unreachable; a refused token is final. */
  private async ensureEnrolled(): Promise<void> {
    const store = this.o.store;
    if (store.get('agentId') && store.get('agentSecret') && store.get('serverUrl')) {
      if (!this.o.serverUrl || this.o.serverUrl === store.get('serverUrl') || !this.o.enrollToken) return;
    }
    if (!this.o.serverUrl || !this.o.enrollToken) {
      throw new PasangError(ErrorCodes.NOT_ENROLLED, 'this agent is not enrolled: give --server and --enroll-token');
    }
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        const r = await enrollAgent(
          { serverUrl: this.o.serverUrl, tls: tlsOptions(this.trust()) },
          { token: this.o.enrollToken, machineId: this.o.identity.machineId, hostname: this.o.identity.hostname, agentVersion: this.o.agentVersion },
        );
        store.set({
          serverUrl: this.o.serverUrl,
          agentId: r.agentId,
          agentSecret: r.agentSecret,
          serverPublicKey: r.serverPublicKey,
          enrolledAt: new Date().toISOString(),
          ...(this.o.trust?.certSha256 ? { serverCertSha256: normalizeFingerprint(this.o.trust.certSha256) ?? undefined } : {}),
        });
        store.delete('inventoryHash');
        this.o.logger.info('enrolled', { agentId: r.agentId, server: this.o.serverUrl });
        return;
      } catch (err) {
        if (!isPasangError(err, ErrorCodes.SERVER_UNREACHABLE)) throw err;
        const delay = backoffDelay(attempt, this.o.backoff);
        this.o.logger.warn('enrollment: server unreachable; retrying', { error: err.message, retryInMs: delay, attempt: attempt + 1 });
        await this.sleep(delay);
      }
    }
  }

  /** A wait that stop() cuts short. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(t);
        this.timers.delete(t);
        this.sleepers.delete(wake);
        resolve();
      };
      const t = setTimeout(wake, ms);
      this.timers.add(t);
      this.sleepers.add(wake);
    });
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private onOpen(): void {
    this.connection?.send('hello', {
      agentVersion: this.o.agentVersion,
      protocol: PROTOCOL_VERSION,
      capabilities: Object.values(Capabilities),
      ...(this.o.store.get('inventoryHash') ? { inventoryHash: this.o.store.get('inventoryHash')! } : {}),
    });
  }

  private onMessage(env: EnvelopeFromServer): void {
    switch (env.type) {
      case 'welcome':
        this.applySettings(env.payload.settings);
        if (env.payload.inventoryWanted && !this.outbox.pending().some((e) => e.type === 'inventory')) {
          this.lastQueuedInventoryHash = null;
          this.o.store.delete('inventoryHash');
          this.scheduleInventory(0);
        }
        this.flush();
        return;
      case 'settings':
        this.applySettings(env.payload);
        return;
      case 'inventory.request':
        this.lastQueuedInventoryHash = null;
        this.o.store.delete('inventoryHash');
        this.scheduleInventory(0);
        return;
      case 'job': {
        const outcome = this.jobs.receive(env.payload as JobCommand);
        if (outcome === 'duplicate') this.o.logger.info('job delivered again: acknowledged, not run again', { jobId: env.payload.jobId });
        // Acknowledged only now that the job id is journalled (at-least-once delivery, at-most-once execution).
        this.connection?.send('ack', { ids: [env.id] });
        return;
      }
      case 'job.cancel':
        this.jobs.cancel(env.payload.jobId);
        this.connection?.send('ack', { ids: [env.id] });
        return;
      case 'reply': {
        const queued = this.outbox.get(env.payload.refId);
        if (!this.tray.settle(env.payload) && !env.payload.ok && queued) {
          // A request made offline that the server refused when it got it: the tray tells the person.
          this.tray.failed({ requestId: env.payload.refId, osUser: (queued.payload as { osUser: string }).osUser, code: env.payload.code, message: env.payload.message });
        }
        return;
      }
      case 'ticket.event':
        this.tray.event(env.payload as TicketEvent);
        return;
      case 'ack':
        for (const id of env.payload.ids) this.onAck(id);
        this.flush();
        return;
      case 'error':
        this.onServerError(env.payload.code, env.payload.message, env.payload.refId);
        return;
    }
  }

  private onAck(id: string): void {
    this.inFlight.delete(id);
    const entry = this.outbox.ack(id);
    if (entry) this.o.logger.debug('report acked', { type: entry.type, id });
    if (entry?.type === 'inventory') this.o.store.set({ inventoryHash: (entry.payload as { hash: string }).hash });
    if (entry) this.emitStatus();
  }

  private onServerError(code: string, message: string, refId: string | undefined): void {
    const entry = refId ? this.outbox.get(refId) : undefined;
    if (!entry) {
      this.o.logger.warn('server reported an error', { code, message });
      return;
    }
    this.inFlight.delete(entry.id);
    if (code === ErrorCodes.INVALID_PAYLOAD || code === ErrorCodes.UNKNOWN_TYPE || code === ErrorCodes.BAD_MESSAGE) {
      // The server will never take this entry: keeping it would block the queue forever.
      this.o.logger.error('server refused a report: dropped', { type: entry.type, code, message });
      this.outbox.ack(entry.id);
      this.flush();
      return;
    }
    this.o.logger.warn('server could not take a report yet; resending later', { type: entry.type, code });
    this.later(this.o.retryMs ?? 5000, () => this.flush());
  }

  /** Sends queued reports, oldest first, keeping at most `window` unacknowledged. */
  private flush(): void {
    const conn = this.connection;
    if (!conn || conn.state !== 'connected') return;
    const window = this.o.window ?? 32;
    for (const entry of this.outbox.pending()) {
      if (this.inFlight.size >= window) break;
      if (this.inFlight.has(entry.id)) continue;
      if (!this.sendEntry(conn, entry)) break;
      this.inFlight.add(entry.id);
    }
  }

  private sendEntry(conn: ServerConnection, entry: OutboxEntry): boolean {
    if (entry.type === 'inventory') return conn.send('inventory', entry.payload as { hash: string; inventory: Inventory }, entry.id, entry.ts);
    if (entry.type === 'metrics') return conn.send('metrics', entry.payload as { sample: MetricsSample }, entry.id, entry.ts);
    if (entry.type === 'job.result') return conn.send('job.result', entry.payload as JobResult, entry.id, entry.ts);
    if (entry.type === 'ticket.submit') return conn.send('ticket.submit', entry.payload as TicketSubmit, entry.id, entry.ts);
    if (entry.type === 'ticket.act') return conn.send('ticket.act', entry.payload as TicketAct, entry.id, entry.ts);
    this.o.logger.error('outbox entry of unknown type: dropped', { type: entry.type });
    this.outbox.ack(entry.id);
    return true;
  }

  private applySettings(settings: AgentSettings): void {
    const before = this.settings;
    this.settings = settings;
    if (!before || before.live !== settings.live || before.metricsIntervalSec !== settings.metricsIntervalSec || before.liveIntervalSec !== settings.liveIntervalSec) {
      this.o.logger.info('settings', { ...settings });
      this.scheduleMetrics(settings.live ? 0 : undefined);
    }
    if (!before || before.inventoryCheckSec !== settings.inventoryCheckSec) this.scheduleInventory();
    this.emitStatus();
  }

  private scheduleMetrics(firstInMs?: number): void {
    if (this.metricsTimer) clearTimeout(this.metricsTimer);
    if (this.stopped) return;
    const s = this.settings ?? INITIAL_SETTINGS;
    const interval = (s.live ? s.liveIntervalSec : s.metricsIntervalSec) * 1000;
    this.metricsTimer = setTimeout(() => {
      this.metricsTimer = null;
      void this.takeSample().finally(() => {
        if (!this.metricsTimer) this.scheduleMetrics();
      });
    }, firstInMs ?? interval);
  }

  private async takeSample(): Promise<void> {
    try {
      const sample = await this.o.metrics.sample();
      if (this.stopped) return;
      const entry = this.outbox.add('metrics', { sample });
      this.o.logger.debug('report queued', { type: 'metrics', id: entry.id, sampledAt: sample.sampledAt });
      this.flush();
    } catch (err) {
      this.o.logger.error('metrics sample failed', { err: String(err) });
    }
  }

  private scheduleInventory(inMs?: number): void {
    if (this.inventoryTimer) clearTimeout(this.inventoryTimer);
    if (this.stopped) return;
    const s = this.settings ?? INITIAL_SETTINGS;
    this.inventoryTimer = setTimeout(() => {
      this.inventoryTimer = null;
      void this.checkInventory().finally(() => {
        if (!this.inventoryTimer) this.scheduleInventory();
      });
    }, inMs ?? s.inventoryCheckSec * 1000);
  }

  /** Collects the inventory and queues it when it differs from what the server has (or is about to get). */
  /** Whether the server offers a newer agent app: its feed checked against the pinned key (update/updateCheck.ts). */
  async checkForUpdate(): Promise<UpdateCheckOutcome> {
    const key = this.serverKey();
    const serverUrl = this.o.store.get('serverUrl');
    if (!key || !serverUrl) throw new PasangError(ErrorCodes.NOT_ENROLLED, 'not enrolled yet: there is no server key to check an update against');
    const os = this.o.platform ?? process.platform;
    const platform = updatePlatformOf(os);
    if (!platform) throw new PasangError(ErrorCodes.BAD_REQUEST, `the agent app is not built for ${os}`);
    return checkForUpdate({ serverUrl, platform, currentVersion: this.o.agentVersion, key, tls: tlsOptions(this.trust()) });
  }

  checkInventory(): Promise<void> {
    this.collecting ??= (async () => {
      try {
        const inventory = await this.o.inventory.collect();
        if (this.stopped) return;
        this.lastInventory = inventory;
        const hash = inventoryHash(inventory);
        if (hash === this.o.store.get('inventoryHash') || hash === this.lastQueuedInventoryHash) return;
        const entry = this.outbox.add('inventory', { hash, inventory });
        this.lastQueuedInventoryHash = hash;
        this.o.logger.info('inventory changed: queued', { hash, id: entry.id, software: inventory.software?.length ?? null });
        this.flush();
      } catch (err) {
        this.o.logger.error('inventory collection failed', { err: String(err) });
      } finally {
        this.collecting = null;
      }
    })();
    return this.collecting;
  }

  /** A tray query: needs the server (AGENT_OFFLINE when the PC is not connected). */
  async query<Q extends UserQueryName>(op: Q, osUser: string, args: unknown): Promise<UserQueryResult<Q>> {
    const conn = this.connection;
    if (!conn || conn.state !== 'connected') throw new PasangError(ErrorCodes.AGENT_OFFLINE, 'the server cannot be reached right now');
    const id = randomUUID();
    const answer = this.tray.wait(id);
    if (!conn.send('query', { osUser, op, args }, id, Date.now())) {
      this.tray.settle({ refId: id, ok: false, code: ErrorCodes.AGENT_OFFLINE, message: 'the server cannot be reached right now' });
    }
    return (await answer) as UserQueryResult<Q>;
  }

  /**
   * A tray request or ticket action, kept in the outbox until the server acknowledges it: answered at once when
   * online, otherwise queued and sent when the PC is back.
   */
  async command(type: 'ticket.submit' | 'ticket.act', payload: TicketSubmit | TicketAct): Promise<{ queued: false; result: unknown } | { queued: true; requestId: string }> {
    const entry = this.outbox.add(type, payload);
    this.o.logger.info('tray request queued', { type, id: entry.id });
    const connected = this.connection?.state === 'connected';
    const answer = connected ? this.tray.wait(entry.id) : null;
    this.flush();
    this.emitStatus();
    if (!answer) return { queued: true, requestId: entry.id };
    try {
      return { queued: false, result: await answer };
    } catch (err) {
      if (isPasangError(err, ErrorCodes.AGENT_OFFLINE)) return { queued: true, requestId: entry.id };
      throw err;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.tray.closeAll();
    for (const wake of [...this.sleepers]) wake();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.metricsTimer) clearTimeout(this.metricsTimer);
    if (this.inventoryTimer) clearTimeout(this.inventoryTimer);
    this.metricsTimer = this.inventoryTimer = null;
    await this.jobs.stop();
    await this.connection?.stop();
    await this.collecting;
    this.emitStatus();
  }
}
