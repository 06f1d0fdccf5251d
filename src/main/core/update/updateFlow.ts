/**
 * When and whether the agent app updates itself, in plain Node; the shell plugs electron-updater in behind
 * AppUpdaterPort (src/main/electron/agentUpdater.ts). Every few hours: the agent's own check of the *signed* feed
 * (AgentApi.checkForUpdate); only when it offers a newer version is electron-updater pointed at the feed, asked to
 * check (it must see the same version) and to download; the downloaded file must have the signed SHA-512
 * (verifyDownloadedUpdate.ts) before install-on-quit is armed. It is disarmed while an install job runs on the PC —
 * an app update stops the service that runs the job — and armed again when the PC is quiet.
 */
import { ErrorCodes, PasangError, isPasangError } from '../../../shared/errors';
import type { Logger } from '../../../shared/logger';
import type { UpdateCheckOutcome } from '../../../shared/updates/agentUpdates';
import { verifyDownloadedUpdate } from './verifyDownloadedUpdate';

/** What the shell's updater (electron-updater's autoUpdater) is asked to do. */
export interface AppUpdaterPort {
  /** The generic provider's URL (setFeedURL). */
  useFeed(url: string): void;
  /** Checks the feed itself; resolves with the version it would download, or null when it has none. */
  check(): Promise<string | null>;
  /** Downloads what `check` found; resolves with the downloaded file's path. */
  download(): Promise<string>;
  /** autoInstallOnAppQuit. */
  setInstallOnQuit(on: boolean): void;
}

export interface UpdateFlowOptions {
  /** The agent's signed-feed check (AgentApi.checkForUpdate). */
  check(): Promise<UpdateCheckOutcome>;
  updater: AppUpdaterPort;
  /** An update downloaded and verified: the tray says so ("Pembaruan tersedia"). */
  onReady(version: string): void;
  logger: Logger;
  /** @default 6 h */
  intervalMs?: number;
  /** First check after start. @default 60 s */
  firstCheckMs?: number;
}

export type UpdateFlowState =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'ready'; version: string; file: string }
  | { kind: 'refused'; code: string; message: string };

export class UpdateFlow {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<UpdateFlowState> | null = null;
  private installing = false;
  private current: UpdateFlowState = { kind: 'idle' };

  constructor(private readonly o: UpdateFlowOptions) {}

  get state(): UpdateFlowState {
    return this.current;
  }

  start(): void {
    if (this.timer) return;
    const loop = (ms: number) => {
      this.timer = setTimeout(() => {
        void this.runOnce().finally(() => {
          if (this.timer) loop(this.o.intervalMs ?? 6 * 3600_000);
        });
      }, ms);
      this.timer.unref();
    };
    loop(this.o.firstCheckMs ?? 60_000);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Whether an install job is running on the PC (from the agent's status): no app update is installed meanwhile. */
  setInstalling(installing: boolean): void {
    if (installing === this.installing) return;
    this.installing = installing;
    this.arm();
  }

  /** One check → download → verify; concurrent calls share the one running. Never throws: the outcome is the state. */
  runOnce(): Promise<UpdateFlowState> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  private arm(): void {
    this.o.updater.setInstallOnQuit(this.current.kind === 'ready' && !this.installing);
  }

  private async run(): Promise<UpdateFlowState> {
    const before = this.current;
    try {
      const outcome = await this.o.check();
      if (outcome.status !== 'available') {
        this.o.logger.debug('no agent update', { reason: outcome.reason, current: outcome.currentVersion, offered: outcome.offeredVersion });
        return this.current;
      }
      if (before.kind === 'ready' && before.version === outcome.version) return before;
      this.current = { kind: 'checking' };
      this.arm(); // disarmed until this version is verified
      this.o.updater.useFeed(outcome.feedUrl);
      const seen = await this.o.updater.check();
      if (seen !== outcome.version) {
        throw new PasangError(
          ErrorCodes.UPDATE_FEED_INVALID,
          `electron-updater read version ${seen ?? 'none'} from the feed, the signed feed says ${outcome.version}: not downloaded`,
        );
      }
      const file = await this.o.updater.download();
      await verifyDownloadedUpdate(file, outcome.sha512);
      this.current = { kind: 'ready', version: outcome.version, file };
      this.arm();
      this.o.logger.info('agent update ready', { version: outcome.version, installsOnQuit: !this.installing });
      this.o.onReady(outcome.version);
    } catch (err) {
      const code = isPasangError(err) ? err.code : ErrorCodes.INTERNAL;
      this.current = { kind: 'refused', code, message: (err as Error).message };
      this.arm();
      this.o.logger.warn('agent update not installed', { code, error: (err as Error).message });
    }
    return this.current;
  }
}
