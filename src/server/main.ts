/**
 * The server's composition root: opens the store, builds the domain services, the HTTP routes and the agent hub, and
 * serves them on one port (http, or https when given a certificate). Tests and the CLI both start the server here.
 */
import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createAjv, createCodec, formatAjvErrors } from '../shared/protocol/codec';
import { createLogger, type Logger } from '../shared/logger';
import { openDatabase, type OpenedDatabase } from './store/openDatabase';
import { systemClock, type Clock } from './domain/clock';
import { EnrollmentService } from './domain/enrollment';
import { AgentRegistry } from './domain/agentRegistry';
import { InventoryService } from './domain/inventoryService';
import { MetricsService } from './domain/metricsService';
import { LatestMetrics } from './domain/latestMetrics';
import { LiveWatch } from './domain/liveWatch';
import { ApiTokenService } from './domain/apiTokens';
// ── people and access ──
import { PeopleService } from './domain/peopleService';
import { SessionService } from './domain/sessionService';
import { ConsoleLogin } from './domain/consoleLogin';
import type { PasswordHashOptions } from './domain/passwordHash';
import { createRequestAuthenticator } from './http/requestAuthenticator';
import { authRoutes } from './http/authRoutes';
import { peopleRoutes } from './http/peopleRoutes';
import { teamRoutes } from './http/teamRoutes';
import { osAccountRoutes } from './http/osAccountRoutes';
import { OidcLogin } from './domain/oidcLogin';
import { OidcRelyingParty, type OidcSettings } from './oidc/oidcRelyingParty';
import { oidcRoutes } from './http/oidcRoutes';
import { OIDC_CALLBACK_PATH } from '../shared/loginMethods';
import type { RouteDefinition } from './http/router';
// ── end people and access ──
import { loadOrCreateSigningKey } from './domain/signingKey';
import { JobService } from './domain/jobService';
import { createJobSigner } from './domain/jobSigner';
import { AgentHub, type AgentHubOptions } from './ws/agentHub';
import { Router, send, httpError } from './http/router';
import { EventLoopLag } from './http/eventLoopLag';
import { apiRoutes } from './http/apiRoutes';
import { enrollTokenRoutes } from './http/enrollTokenRoutes';
import { DEFAULT_OFFICE_TIME } from '../shared/officeTime';
import { jobRoutes } from './http/jobRoutes';
import { resumeInterruptedPushes, type PushSendingOptions } from './http/pushSending';
import { PushRequestService } from './domain/pushRequests';
import { seatsInUse } from './domain/licenceSeats';
// ── tickets (the SOP workflow) ──
import { TicketService, type TicketServiceOptions } from './domain/tickets/ticketService';
import { TrayDesk } from './domain/tickets/trayDesk';
import { TrayRequestLog } from './domain/tickets/trayRequestLog';
import { BreachWatch } from './domain/tickets/breachWatch';
import { ticketInstaller } from './domain/tickets/ticketInstaller';
import { ticketRoutes } from './http/ticketRoutes';
import { TrayRelay } from './ws/trayRelay';
import { notifyTrays } from './ws/ticketNotifier';
import { AttachmentService } from './domain/attachments';
import { WorkOrderService } from './domain/workOrder/workOrderService';
import { workOrderRoutes } from './http/workOrderRoutes';
import { attachmentRoutes } from './http/attachmentRoutes';
import type { OfficeHeader } from '../shared/workOrder';
import type { TimeFormatOptions } from './domain/workOrder/workOrderText';
// ── end tickets ──
// ── audit and reports ──
import { AuditLog } from './domain/auditLog';
import { auditRoutes } from './http/auditRoutes';
import { ReportService } from './domain/reports';
import { reportRoutes } from './http/reportRoutes';
// ── end audit and reports ──
// ── catalog and software repository ──
import { CatalogService } from './domain/catalog';
import { RepositoryService } from './domain/repository';
import { catalogRoutes } from './http/catalogRoutes';
import { repositoryRoutes } from './http/repositoryRoutes';
import { AgentReleaseService } from './domain/agentReleases';
import { updateRoutes } from './http/updateRoutes';
import { armRequestDeadline } from './http/requestDeadline';
// ── end catalog and software repository ──
import { buildOpenApi } from './http/openapi';
import { consoleStatic } from './http/consoleStatic';
import { MetricsRegistry } from './http/prometheus';
import { ErrorCodes } from '../shared/errors';
import { SERVER_VERSION } from './version';

export interface ServerOptions {
  /** @default 7700 (0 picks a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default './data' */
  dataDir?: string;
  /** `postgres://…`; SQLite under the data dir when absent. */
  db?: string;
  tls?: { certFile: string; keyFile: string };
  /** Metrics interval agents are told. @default 60 */
  metricsIntervalSec?: number;
  /** @default 2 */
  liveIntervalSec?: number;
  /** @default 3600 */
  inventoryCheckSec?: number;
  /** @default 30000 */
  heartbeatMs?: number;
  /** @default 5000 */
  revocationCheckMs?: number;
  /** Per-connection rate limit. @default { perSecond: 50, burst: 500 } */
  agentRate?: { perSecond: number; burst: number };
  /** Longest a metrics sample waits to be stored with others. @default 2000 (MetricsService) */
  metricsBatchDelayMs?: number;
  /** Tuning of the agent hub's large-frame decoding and back-pressure (defaults in AgentHubOptions). */
  agentHub?: Pick<AgentHubOptions, 'largeFrameBytes' | 'decoderWorkers' | 'ingestPauseAt' | 'ingestResumeAt' | 'ingestResumeBatch' | 'metricsAck'>;
  /** Work-order numbering, office code and reopen window (defaults in TicketServiceOptions; their year and month in `workOrders.time`'s zone). */
  tickets?: Pick<TicketServiceOptions, 'workOrderFormat' | 'officeCode' | 'reopenWindowMs'>;
  /** How often open SOP steps are checked against their standard. @default 10000 */
  breachCheckMs?: number;
  /** Where people reach this server (links and the work order's QR code). @default the URL it listens on */
  publicBaseUrl?: string;
  /**
   * The work order's header; the office time (`time`: its IANA zone and label — the one zone of work orders, their
   * numbers' year and month, the reports' months and every time the console writes); the largest Nota Dinas.
   * @default BPS Provinsi Bengkulu, WIB (Asia/Jakarta), 10 MiB
   */
  workOrders?: { office?: Partial<OfficeHeader>; time?: TimeFormatOptions; maxAttachmentBytes?: number };
  /** The built technician console. @default dist/renderer/console (see consoleStatic.ts) */
  consoleDir?: string;
  /** Largest installer the repository accepts. @default 2 GiB */
  maxUploadBytes?: number;
  /** Console accounts: scrypt cost of new hashes, session lifetimes (defaults in passwordHash.ts, sessionService.ts). */
  people?: { passwordHash?: PasswordHashOptions; sessionIdleMs?: number; sessionAbsoluteMs?: number };
  /** Console login by single sign-on (OpenID Connect) beside local accounts. @default none */
  oidc?: OidcSettings;
  /** A push to more PCs than this waits for a second person's approval (SECURITY.md 12). @default 50 */
  twoPersonPushThreshold?: number;
  logger?: Logger;
  clock?: Clock;
}

export interface RunningServer {
  url: string;
  port: number;
  database: OpenedDatabase;
  hub: AgentHub;
  metrics: MetricsService;
  apiTokens: ApiTokenService;
  enrollment: EnrollmentService;
  jobs: JobService;
  /** People, teams, OS-account links: also the PeopleDirectory the ticket workflow uses. */
  people: PeopleService;
  sessions: SessionService;
  /** The route table as the Router serves it (the access-matrix test walks every route). */
  routes: readonly RouteDefinition[];
  /** The audit log: services append to it inside their own transactions (`append(entry, trx)`). */
  audit: AuditLog;
  tickets: TicketService;
  breaches: BreachWatch;
  /** Work-order data, PDF and verification (the ticket routes check who may download first). */
  workOrders: WorkOrderService;
  /** The Nota Dinas store. */
  attachments: AttachmentService;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger('server', { write: (l) => process.stderr.write(l) });
  const clock = options.clock ?? systemClock;
  const dataDir = path.resolve(options.dataDir ?? './data');
  const database = await openDatabase({ dataDir, logger: logger.child('store'), ...(options.db ? { url: options.db } : {}) });
  const { db } = database;
  const signingKey = loadOrCreateSigningKey(path.join(dataDir, 'keys', 'server-signing-key.pem'));

  const ajv = createAjv();
  const codec = createCodec(ajv);
  const latestMetrics = new LatestMetrics();
  const registry = new AgentRegistry(db, clock, latestMetrics);
  const inventory = new InventoryService(db, clock);
  const metrics = new MetricsService({
    db,
    dialect: database.dialect,
    ...(database.sqlite ? { sqlite: database.sqlite } : {}),
    clock,
    latest: latestMetrics,
    ...(options.metricsBatchDelayMs !== undefined ? { batchDelayMs: options.metricsBatchDelayMs } : {}),
  });
  const live = new LiveWatch();
  const apiTokens = new ApiTokenService(db, clock);
  const signer = createJobSigner(signingKey.privateKey);
  const jobs = new JobService(db, clock, signer, database.dialect, logger.child('jobs'));
  const audit = new AuditLog({ db, dialect: database.dialect, clock });
  const enrollment = new EnrollmentService(db, clock, audit);
  const people = new PeopleService({ db, clock, audit, ...(options.people?.passwordHash ? { passwordHash: options.people.passwordHash } : {}) });
  const sessions = new SessionService({
    db,
    clock,
    ...(options.people?.sessionIdleMs ? { idleMs: options.people.sessionIdleMs } : {}),
    ...(options.people?.sessionAbsoluteMs ? { absoluteMs: options.people.sessionAbsoluteMs } : {}),
  });
  const consoleLogin = new ConsoleLogin({ db, people, sessions, clock, audit, ...(options.people?.passwordHash ? { passwordHash: options.people.passwordHash } : {}) });
  const oidcLogin = new OidcLogin({ db, people, sessions, clock, audit });
  // The one office time: work orders, work-order numbers, report months and the console all read this zone.
  const officeTime = { ...DEFAULT_OFFICE_TIME, ...options.workOrders?.time };
  const reports = new ReportService({ db, clock, timeZone: officeTime.timeZone });
  const pushRequests = new PushRequestService({ db, clock, audit, jobRows: jobs });
  await registry.resetPresence();

  const prom = new MetricsRegistry();
  const counters = {
    received: prom.counter('pasang_agent_messages_received_total', 'Agent messages received, by type'),
    errors: prom.counter('pasang_agent_errors_total', 'Agent messages or connections refused, by code'),
  };
  const hub: AgentHub = new AgentHub({
    codec,
    registry,
    inventory,
    metrics,
    live,
    jobs,
    clock,
    logger: logger.child('hub'),
    serverVersion: SERVER_VERSION,
    settings: {
      metricsIntervalSec: options.metricsIntervalSec ?? 60,
      liveIntervalSec: options.liveIntervalSec ?? 2,
      inventoryCheckSec: options.inventoryCheckSec ?? 3600,
    },
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    ...(options.revocationCheckMs ? { revocationCheckMs: options.revocationCheckMs } : {}),
    ...(options.agentRate ? { rate: options.agentRate } : {}),
    ...options.agentHub,
    counters,
    // Bound below, once the ticket service exists (it needs the catalog, which needs the hub's peers).
    tray: { handle: (agentId, env, sendToAgent): Promise<void> => trayRelay.handle(agentId, env, sendToAgent) },
    onInventoryChanged: (agentId: string): void => {
      tickets.onInventoryChanged(agentId).catch((err: unknown) => logger.error('held tickets not re-checked', { agentId, err: String(err) }));
    },
  });
  prom.gauge('pasang_agents_connected', 'Agents connected to this server process', () => hub.connectedCount);
  prom.gauge('pasang_metrics_samples_stored_total', 'Metrics samples committed since start', () => metrics.storedCount);
  prom.gauge('pasang_metrics_backlog', 'Metrics samples waiting to be written', () => metrics.backlog);
  prom.gauge('pasang_live_watchers', 'Open live-metrics streams', () => live.watcherCount());
  // How long the event loop was held (a request, a socket or a timer waited): the longest since the previous scrape.
  const loopLag = new EventLoopLag();
  prom.gauge('pasang_event_loop_delay_max_seconds', 'Longest wait of the event loop since the previous scrape', () => loopLag.takeMax() / 1000);

  // ── catalog and software repository ──
  const repository = new RepositoryService({
    db,
    clock,
    dataDir,
    logger: logger.child('repository'),
    audit,
    ...(options.maxUploadBytes ? { maxUploadBytes: options.maxUploadBytes } : {}),
  });
  await repository.init();
  const catalog = new CatalogService({ db, clock, artifacts: repository, audit });
  const agentReleases = new AgentReleaseService({ db, clock, repository, audit });
  prom.gauge('pasang_repository_uploads_in_progress', 'Installer uploads being received', () => repository.inProgress().length);
  prom.gauge('pasang_repository_upload_bytes_received_total', 'Installer bytes received since start', () => repository.bytesReceived);
  const catalogAndRepositoryRoutes = [
    ...catalogRoutes({
      catalog,
      seatsInUse: (ids) => seatsInUse(db, ids),
      inventoryOf: async (agentId) => ((await registry.get(agentId)) ? inventory.current(agentId) : undefined),
    }),
    ...repositoryRoutes({
      repository,
      // An agent sees only its own files: the installers of jobs it has.
      mayAgentDownload: (agentId, sha256) => jobs.agentHasArtifact(agentId, sha256),
      onError: (err) => logger.error('repository', { err: String(err) }),
    }),
    // The agent app's own updates, signed with the same key as jobs (README "Agent updates").
    ...updateRoutes({ releases: agentReleases, repository, signer, onError: (err) => logger.error('updates', { err: String(err) }) }),
  ];
  // ── end catalog and software repository ──

  // ── tickets (the SOP workflow) ──
  const attachments = new AttachmentService({ db, clock, dataDir, ...(options.workOrders?.maxAttachmentBytes ? { maxBytes: options.workOrders.maxAttachmentBytes } : {}) });
  await attachments.init();
  let publicUrl = '';
  const workOrders = new WorkOrderService({
    db,
    clock,
    publicBaseUrl: options.publicBaseUrl ?? (() => publicUrl),
    ...(options.workOrders?.office ? { office: options.workOrders.office } : {}),
    time: officeTime,
  });
  const inventoryOf = (agentId: string) => inventory.current(agentId);
  const tickets: TicketService = new TicketService({
    db,
    clock,
    people,
    catalog,
    inventoryOf,
    audit,
    pushInstall: ticketInstaller({ jobs, catalog, inventoryOf, dispatch: (list): number => hub.dispatchJobs(list) }),
    officeTimeZone: officeTime.timeZone,
    ...options.tickets,
  });
  const unsubscribeJobs = jobs.onJobChanged((job) => {
    if (job.state !== 'succeeded' && job.state !== 'failed' && job.state !== 'cancelled') return;
    void jobs
      .get(job.id)
      .then((view) => view && tickets.onJobFinished({ id: view.id, state: view.state, detectedVersion: view.detectedVersion, alreadyInstalled: view.alreadyInstalled, errorCode: view.errorCode }))
      .catch((err: unknown) => logger.error('ticket not moved on after its job', { jobId: job.id, err: String(err) }));
  });
  const breaches = new BreachWatch({
    db,
    clock,
    ...(options.breachCheckMs ? { intervalMs: options.breachCheckMs } : {}),
    onBreach: (b) => tickets.reportBreach(b),
    onError: (err) => logger.error('breach watch failed', { err: String(err) }),
  });
  breaches.start();
  const trayRequests = new TrayRequestLog({ db, clock });
  const trayRelay: TrayRelay = new TrayRelay({
    ajv,
    requests: trayRequests,
    logger: logger.child('tray'),
    desk: new TrayDesk({
      tickets,
      people,
      inventoryOf,
      agent: (id) => registry.get(id),
      attachments,
      workOrderPdf: (id) => workOrders.pdf(id),
      teamOf: async (teamId) => (await db.selectFrom('teams').select(['id', 'name']).where('id', '=', teamId).executeTakeFirst()) ?? null,
      osAccountClaims: { decisions: people.osAccountDecisions, teamsLedBy: (userId) => people.teams.idsLedBy(userId) },
      catalog: {
        list: (q) => catalog.list(q),
        forPush: (id) => catalog.forPush(id),
        categories: async () => (await db.selectFrom('catalog_items').select('category').distinct().orderBy('category').execute()).map((r) => r.category),
      },
    }),
  });
  const stopTrayEvents = notifyTrays({ tickets, people, hub, logger: logger.child('tray-events') });
  // ── end tickets ──

  const pushSending: PushSendingOptions = { audit, jobs, registry, inventory, catalog, pushRequests, dispatch: (list) => hub.dispatchJobs(list) };

  // The callback registered at the identity provider: the public URL (or the listen URL) + the callback path.
  const publicBase = (): string => options.publicBaseUrl ?? publicUrl;
  const oidcParty = options.oidc ? new OidcRelyingParty({ settings: options.oidc, redirectUri: () => `${publicBase()}${OIDC_CALLBACK_PATH}` }) : null;

  const router = new Router({
    routes: [
      ...apiRoutes({
        audit,
        enrollment,
        registry,
        inventory,
        metrics,
        live,
        publicKeyPem: signingKey.publicKeyPem,
        disconnect: (id) => hub.disconnect(id, 4003, 'agent revoked'),
        requestInventory: (id) => hub.send(id, 'inventory.request', {}),
      }),
      ...enrollTokenRoutes({ enrollment }),
      ...catalogAndRepositoryRoutes,
      ...authRoutes({ login: consoleLogin, people, sessions }),
      ...oidcRoutes({ relyingParty: oidcParty, login: oidcLogin, sessions, consoleUrl: () => `${publicBase()}/`, logger: logger.child('oidc') }),
      ...peopleRoutes({ people, login: consoleLogin }),
      ...teamRoutes({ people }),
      ...osAccountRoutes({ people }),
      ...jobRoutes({
        ...pushSending,
        sendCancel: (agentId, jobId) => hub.sendCancel(agentId, jobId),
        pushRequests,
        ...(options.twoPersonPushThreshold !== undefined ? { twoPersonPushThreshold: options.twoPersonPushThreshold } : {}),
      }),
      ...auditRoutes({ audit }),
      ...reportRoutes({ reports, officeTime }),
      ...ticketRoutes({
        tickets,
        people,
        workOrderPdf: (id) => workOrders.pdf(id),
        officeTime,
        onError: (err) => logger.error('ticket event not sent', { err: String(err) }),
      }),
      ...workOrderRoutes({ workOrders, time: officeTime }),
      ...attachmentRoutes({ attachments }),
    ],
    // Bearer (a PC's own credential, an API token) or the console's session cookie, with its CSRF check.
    authenticate: createRequestAuthenticator({ agents: registry, apiTokens, sessions, activeRoles: (id) => people.activeRoles(id) }),
    compile: (schema) => ajv.compile(schema),
    formatErrors: (v) => formatAjvErrors(v.errors),
    onError: (err, req) => logger.error('request failed', { url: req.url, err: err instanceof Error ? err.stack : String(err) }),
  });
  const openapi = JSON.stringify(buildOpenApi(router.definitions, SERVER_VERSION));

  const serveConsole = consoleStatic(options.consoleDir ? { dir: options.consoleDir } : {});
  const onRequest: http.RequestListener = (req, res) => {
    armRequestDeadline(req, 60_000); // instead of server.requestTimeout: see requestDeadline.ts
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('referrer-policy', 'no-referrer');
    // Only over TLS: HSTS sent over plain http would be ignored, and on a loopback test server it means nothing.
    if (options.tls) res.setHeader('strict-transport-security', 'max-age=31536000');
    const url = req.url ?? '/';
    if (req.method === 'GET' && url === '/healthz') {
      void database.db
        .selectFrom('server_settings')
        .select('key')
        .limit(1)
        .execute()
        .then(
          () => send(res, { status: 200, body: { status: 'ok', version: SERVER_VERSION, agentsConnected: hub.connectedCount } }),
          () => send(res, { status: 503, body: { status: 'database unavailable' } }),
        );
      return;
    }
    if (req.method === 'GET' && url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(prom.render());
      return;
    }
    if (req.method === 'GET' && url === '/api/v1/openapi.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(openapi);
      return;
    }
    router.handle(req, res).then(
      (handled) => {
        // Not an API route: the console's pages and files (API paths stay a JSON 404).
        if (!handled && !serveConsole(req, res)) send(res, httpError(404, ErrorCodes.NOT_FOUND, 'no such route'));
      },
      (err: unknown) => {
        logger.error('request failed', { err: String(err) });
        if (!res.headersSent) send(res, httpError(500, ErrorCodes.INTERNAL, 'internal error'));
      },
    );
  };

  const server = options.tls
    ? https.createServer({ cert: fs.readFileSync(options.tls.certFile), key: fs.readFileSync(options.tls.keyFile) }, onRequest)
    : http.createServer(onRequest);
  server.headersTimeout = 20_000;
  // Idle keep-alive sockets live 15 s, not Node's 5: a client whose event loop was busy for a few seconds (a console
  // tab, a test decoding a PDF) would otherwise reuse a socket the server had just closed and see ECONNRESET.
  server.keepAliveTimeout = 15_000;
  // 0: the 60 s request deadline is armed per request in onRequest, so that an installer upload can be let off it.
  server.requestTimeout = 0;
  server.on('upgrade', (req, socket, head) => {
    if ((req.url ?? '').split('?')[0] === '/agent/ws') hub.handleUpgrade(req, socket, head);
    else {
      socket.on('error', () => undefined);
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    }
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });

  const pruneTimer = setInterval(() => {
    metrics.prune().catch((err: unknown) => logger.error('metrics prune failed', { err: String(err) }));
    sessions.prune().catch((err: unknown) => logger.error('session prune failed', { err: String(err) }));
    trayRequests.prune().catch((err: unknown) => logger.error('tray request prune failed', { err: String(err) }));
  }, 60_000);
  pruneTimer.unref();

  // Before agents connect: a push whose batches committed (and were perhaps sent) but whose job rows a stop cut short
  // gets those rows, so the PCs' acks and reports find their jobs.
  const completedBatches = await jobs.storeUnstoredRows();
  if (completedBatches > 0) logger.warn('job rows written for batches a stop cut short', { batches: completedBatches });
  // Before the API answers: an approved push a crash cut short is finished, never left "sending" (README "Installs").
  await resumeInterruptedPushes(pushSending, logger.child('push-requests')).catch((err: unknown) =>
    logger.error('interrupted pushes not finished; they stay "sending" until the next start', { err: err instanceof Error ? err.stack : String(err) }),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 7700, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${options.tls ? 'https' : 'http'}://${host}:${address.port}`;
  publicUrl = url;
  logger.info('listening', { url, db: database.dialect, dataDir });

  let closed: Promise<void> | null = null;
  return {
    url,
    port: address.port,
    database,
    hub,
    metrics,
    apiTokens,
    enrollment,
    jobs,
    people,
    sessions,
    routes: router.definitions,
    tickets,
    breaches,
    audit,
    workOrders,
    attachments,
    close() {
      closed ??= (async () => {
        clearInterval(pruneTimer);
        loopLag.close();
        unsubscribeJobs();
        stopTrayEvents();
        await breaches.stop();
        await hub.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await metrics.close();
        await jobs.close();
        await registry.close();
        await registry.resetPresence();
        await database.close();
      })();
      return closed;
    },
  };
}
