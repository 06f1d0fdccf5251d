/**
 * The install engine: one job at a time (installers collide), each a persisted state machine — queued → downloading
 * → verified → installing → checking → succeeded / failed / cancelled — journalled before every step, so a job
 * survives an agent crash: a restarted agent waits for an installer still running, then detects, and never starts an
 * install twice when the software is already there. Results go to the durable outbox; progress is best effort.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { ErrorCodes, PasangError, type ErrorCode } from '../../../shared/errors';
import type { Logger } from '../../../shared/logger';
import { TerminalJobStates, type JobCommand, type JobResult, type JobState } from '../../../shared/install/job';
import type { InstallerVariant } from '../../../shared/install/manifest';
import type { AgentTlsOptions } from '../connection/tlsOptions';
import type { CommandRunner } from '../process/commandRunner';
import { backendFor } from '../install/backends/backendFor';
import type { InstallContext } from '../install/backends/backend';
import { removeArchiveTarget } from '../install/backends/archive';
import type { DpkgOptions } from '../install/dpkgOptions';
import { detect } from '../install/detect';
import { downloadArtifact, fileSha256 } from './downloadArtifact';
import type { JobJournal, JobRecord } from './jobJournal';
import { verifyJob } from './verifyJob';

export interface JobReports {
  progress(p: { jobId: string; state: JobState; bytes?: number; totalBytes?: number; message?: string }): void;
  /** Must be durable (the outbox): results are resent until the server acknowledges them. */
  result(r: JobResult): void;
}

export interface JobRunnerOptions {
  journal: JobJournal;
  /** Staging and download folders go under here (readable by the agent alone). */
  stateDir: string;
  runner: CommandRunner;
  platform: NodeJS.Platform;
  dpkg?: DpkgOptions;
  logger: Logger;
  now?: () => number;
  agentId(): string;
  pinnedKey(): KeyObject | null;
  serverUrl(): string;
  authorization(): string;
  tls: AgentTlsOptions;
  reports: JobReports;
  /** The PC's verdict on an item's requirements, from its latest inventory (null: not known yet, do not block). */
  checkRequirements?(requirements: unknown): Promise<{ suitable: boolean; reasons: string[] } | null>;
  /** Times an interrupted install is started again before the job fails. @default 3 */
  maxAttempts?: number;
  /** Wait before retrying when another install holds the machine. @default 60000 */
  busyRetryMs?: number;
  /** Lines of installer output kept with the result. @default 16 KiB */
  outputTailBytes?: number;
}

export type ReceiveOutcome = 'accepted' | 'duplicate' | 'refused';

function tail(text: string, max: number): string {
  return text.length <= max ? text : text.slice(text.length - max);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class JobRunner {
  private worker: Promise<void> | null = null;
  private wake: NodeJS.Timeout | null = null;
  private download: AbortController | null = null;
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly o: JobRunnerOptions) {
    this.now = o.now ?? Date.now;
  }

  /**
   * Takes a delivered command. The id is journalled before the caller acknowledges it; a command seen before is a
   * duplicate delivery: acknowledged, never run again. A command that fails verification is refused with a result.
   */
  receive(command: JobCommand): ReceiveOutcome {
    if (this.o.journal.get(command.jobId)) return 'duplicate';
    const key = this.o.pinnedKey();
    const verdict = key
      ? verifyJob(command, { agentId: this.o.agentId(), key, now: this.now() })
      : ({ ok: false, code: ErrorCodes.SIGNATURE_INVALID, message: 'no pinned server key: this agent cannot trust any job' } as const);
    const now = this.now();
    if (!verdict.ok) {
      this.o.logger.error('job refused', { jobId: command.jobId, code: verdict.code, reason: verdict.message });
      // Journalled too, so a resent bad command is not re-examined and re-reported forever.
      const record = this.o.journal.put({ jobId: command.jobId, command, state: 'failed', attempts: 0, receivedAt: now, updatedAt: now });
      this.finish(record, { jobId: command.jobId, state: 'failed', errorCode: verdict.code, message: verdict.message });
      return 'refused';
    }
    this.o.journal.put({ jobId: command.jobId, command, state: 'queued', attempts: 0, receivedAt: now, updatedAt: now });
    this.o.logger.info('job accepted', { jobId: command.jobId, action: command.batch.action, item: command.batch.item.name });
    this.kick();
    return 'accepted';
  }

  /** Cancels a job that has not started installing; an installer already running is left to finish. */
  /** The catalog name of a journalled job (for the tray's "installing …"). */
  itemName(jobId: string): string | null {
    return this.o.journal.get(jobId)?.command.batch.item.name ?? null;
  }

  cancel(jobId: string): void {
    const r = this.o.journal.get(jobId);
    if (!r || TerminalJobStates.includes(r.state)) return;
    if (r.state === 'installing' || r.state === 'checking') {
      this.o.reports.progress({ jobId, state: r.state, message: 'cannot cancel: the installer is already running' });
      return;
    }
    this.o.journal.update(jobId, { cancelRequested: true });
    if (r.state === 'downloading') this.download?.abort();
    else this.finish(this.o.journal.get(jobId)!, { jobId, state: 'cancelled', errorCode: ErrorCodes.CANCELLED, message: 'cancelled by a technician' });
  }

  /** Reconciles what a previous run left, then works through the queue. */
  start(): void {
    this.stopped = false;
    for (const r of this.o.journal.all()) {
      if (r.state === 'installing' || r.state === 'checking') this.o.logger.warn('job was cut short by a restart: reconciling', { jobId: r.jobId, state: r.state });
    }
    this.kick();
  }

  private kick(delayMs = 0): void {
    if (this.stopped) return;
    if (this.worker) return;
    if (this.wake) clearTimeout(this.wake);
    this.wake = setTimeout(() => {
      this.wake = null;
      this.worker = this.drain().finally(() => {
        this.worker = null;
        const next = this.nextDue();
        if (next && !this.stopped) this.kick(Math.max(0, (next.notBefore ?? 0) - this.now()));
      });
    }, delayMs);
  }

  private nextDue(): JobRecord | undefined {
    return this.o.journal.all().find((r) => !TerminalJobStates.includes(r.state));
  }

  private async drain(): Promise<void> {
    for (let guard = 0; guard < 10_000 && !this.stopped; guard++) {
      const r = this.o.journal.all().find((x) => !TerminalJobStates.includes(x.state) && (x.notBefore ?? 0) <= this.now());
      if (!r) return;
      try {
        await this.run(r);
      } catch (err) {
        const code = err instanceof PasangError ? err.code : ErrorCodes.INTERNAL;
        const current = this.o.journal.get(r.jobId)!;
        if (code === ErrorCodes.CANCELLED || current.cancelRequested) {
          this.finish(current, { jobId: r.jobId, state: 'cancelled', errorCode: ErrorCodes.CANCELLED, message: 'cancelled by a technician' });
        } else {
          this.o.logger.error('job failed', { jobId: r.jobId, code, err: String(err) });
          this.finish(current, { jobId: r.jobId, state: 'failed', errorCode: code, message: err instanceof Error ? err.message : String(err) });
        }
      }
    }
  }

  private step(r: JobRecord, state: JobState, extra: Partial<JobRecord> = {}, message?: string): JobRecord {
    const next = this.o.journal.update(r.jobId, { state, ...extra });
    this.o.reports.progress({ jobId: r.jobId, state, ...(message ? { message } : {}) });
    return next;
  }

  private finish(r: JobRecord, result: JobResult): void {
    const full: JobResult = { ...result, attempts: r.attempts };
    this.o.journal.update(r.jobId, { state: result.state, result: full, installer: undefined });
    this.o.reports.result(full);
    fs.rmSync(this.stagingDir(r.jobId), { recursive: true, force: true });
    this.o.logger.info('job finished', { jobId: r.jobId, state: result.state, errorCode: result.errorCode, exitCode: result.exitCode });
  }

  private stagingDir(jobId: string): string {
    return path.join(this.o.stateDir, 'staging', jobId.replace(/[^A-Za-z0-9_.-]/g, '_'));
  }

  private context(variant: InstallerVariant, jobId: string, artifactPath?: string): InstallContext {
    return {
      stagingDir: this.stagingDir(jobId),
      platform: this.o.platform,
      ...(artifactPath ? { artifactPath } : {}),
      ...(this.o.dpkg ? { dpkg: this.o.dpkg } : {}),
    };
  }

  private async detected(variant: InstallerVariant): Promise<{ installed: boolean; version?: string; detail: string }> {
    return detect(variant.detection, { runner: this.o.runner, platform: this.o.platform, ...(this.o.dpkg ? { dpkg: this.o.dpkg } : {}) });
  }

  private async run(initial: JobRecord): Promise<void> {
    let r = initial;
    const { batch } = r.command;
    const { variant } = batch;
    const install = batch.action === 'install';
    if (r.cancelRequested) throw new PasangError(ErrorCodes.CANCELLED, 'cancelled');

    // After a crash mid-install: wait for an installer that is still running, then let detection decide.
    if (r.state === 'installing' || r.state === 'checking') return this.reconcile(r);

    if (batch.expiresAt <= this.now()) throw new PasangError(ErrorCodes.JOB_EXPIRED, 'the job expired before it could run');
    const before = await this.detected(variant);
    if (install ? before.installed : !before.installed) {
      return this.finish(r, {
        jobId: r.jobId,
        state: 'succeeded',
        alreadyInstalled: install,
        ...(before.version ? { detectedVersion: before.version } : {}),
        message: install ? `already installed (${before.detail}): nothing was run` : `not installed (${before.detail}): nothing to remove`,
      });
    }
    if (install && batch.requirements !== undefined && this.o.checkRequirements) {
      const verdict = await this.o.checkRequirements(batch.requirements);
      if (verdict && !verdict.suitable) throw new PasangError(ErrorCodes.REQUIREMENTS_NOT_MET, `Belum sesuai: ${verdict.reasons.join('; ')}`);
    }

    let artifactPath: string | undefined;
    const needsArtifact = variant.artifact && (install || variant.kind === 'msi' || variant.kind === 'exe');
    if (needsArtifact && variant.artifact) {
      const staging = this.stagingDir(r.jobId);
      fs.mkdirSync(staging, { recursive: true, mode: 0o700 });
      const downloads = path.join(this.o.stateDir, 'downloads');
      fs.mkdirSync(downloads, { recursive: true, mode: 0o700 });
      const partial = path.join(downloads, `${variant.artifact.sha256}.part`);
      r = this.step(r, 'downloading');
      this.download = new AbortController();
      let lastReport = 0;
      try {
        await downloadArtifact({
          url: new URL(batch.artifactPath ?? `/api/v1/repository/artifacts/${variant.artifact.sha256}`, this.o.serverUrl()).toString(),
          artifact: variant.artifact,
          file: partial,
          authorization: this.o.authorization(),
          tls: this.o.tls,
          signal: this.download.signal,
          onProgress: (bytes, total) => {
            if (bytes === total || this.now() - lastReport > 500) {
              lastReport = this.now();
              this.o.reports.progress({ jobId: r.jobId, state: 'downloading', bytes, totalBytes: total });
            }
          },
        });
      } finally {
        this.download = null;
      }
      if (this.o.journal.get(r.jobId)?.cancelRequested) throw new PasangError(ErrorCodes.CANCELLED, 'cancelled');
      artifactPath = path.join(staging, variant.artifact.fileName);
      fs.renameSync(partial, artifactPath);
      r = this.step(r, 'verified');
      // Checked again on the very file about to run: nothing may swap it between download and start.
      if ((await fileSha256(artifactPath)) !== variant.artifact.sha256) {
        throw new PasangError(ErrorCodes.HASH_MISMATCH, 'the staged installer changed after it was verified');
      }
    }

    const backend = backendFor(variant.kind, this.o.platform);
    const ctx = this.context(variant, r.jobId, artifactPath);
    fs.mkdirSync(ctx.stagingDir, { recursive: true, mode: 0o700 });
    if (!install && variant.kind === 'archive') {
      r = this.step(r, 'installing', { attempts: r.attempts + 1 });
      await removeArchiveTarget(variant, ctx);
      return this.check(r, { exitCode: 0, outcome: 'success', output: '' });
    }
    if (install) await backend.prepare?.(variant, ctx);
    const invocation = install ? backend.install(variant, ctx) : backend.uninstall(variant, ctx);
    r = this.step(r, 'installing', { attempts: r.attempts + 1 });
    const result = await this.o.runner.run(invocation.file, invocation.args, {
      timeoutMs: invocation.timeoutMs,
      env: { ...process.env, ...invocation.env },
      cwd: ctx.stagingDir,
      onSpawn: (pid) => {
        r = this.o.journal.update(r.jobId, { installer: { pid, startedAt: this.now() } });
      },
    });
    const output = tail(`${result.stdout}${result.stderr ? `\n${result.stderr}` : ''}`, this.o.outputTailBytes ?? 16_384);
    if (result.timedOut) {
      throw Object.assign(new PasangError(ErrorCodes.INSTALL_TIMEOUT, `the installer ran past ${Math.round(invocation.timeoutMs / 1000)} s: its process tree was killed`), { output });
    }
    if (result.error && result.exitCode === null) throw new PasangError(ErrorCodes.INSTALL_FAILED, `the installer could not start: ${result.error}`);
    const mapped = backend.mapExitCode(result.exitCode, variant);
    if (mapped.outcome === 'retry-later') {
      this.o.logger.warn('another install holds the machine: retrying later', { jobId: r.jobId, code: mapped.code });
      this.step(r, 'queued', { notBefore: this.now() + (this.o.busyRetryMs ?? 60_000), installer: undefined }, mapped.reason);
      return;
    }
    if (mapped.outcome === 'failure') {
      return this.finish(r, { jobId: r.jobId, state: 'failed', errorCode: ErrorCodes.INSTALL_FAILED, exitCode: result.exitCode, message: mapped.reason, outputTail: output });
    }
    return this.check(r, { exitCode: result.exitCode, outcome: mapped.outcome, output });
  }

  /** Detection after the installer: the software is (or is no longer) there, at the version named. */
  private async check(r: JobRecord, ran: { exitCode: number | null; outcome: 'success' | 'reboot-required'; output: string }): Promise<void> {
    const current = this.step(r, 'checking', { installer: undefined });
    const { variant, action } = current.command.batch;
    const after = await this.detected(variant);
    const ok = action === 'install' ? after.installed : !after.installed;
    this.finish(current, {
      jobId: r.jobId,
      state: ok ? 'succeeded' : 'failed',
      exitCode: ran.exitCode,
      rebootRequired: ran.outcome === 'reboot-required',
      ...(after.version ? { detectedVersion: after.version } : {}),
      ...(ok ? {} : { errorCode: ErrorCodes.NOT_INSTALLED_AFTER as ErrorCode }),
      message: ok ? `verified: ${after.detail}` : `the installer reported success but detection says: ${after.detail}`,
      outputTail: ran.output,
    });
  }

  private async reconcile(r: JobRecord): Promise<void> {
    const pid = r.installer?.pid;
    if (pid && pidAlive(pid)) {
      this.o.logger.warn('the installer from before the restart is still running: waiting for it', { jobId: r.jobId, pid });
      const deadline = this.now() + ((r.command.batch.variant.timeoutSec ?? 3600) * 1000);
      while (pidAlive(pid) && this.now() < deadline && !this.stopped) await new Promise((res) => setTimeout(res, 500));
      if (this.stopped) return;
    }
    const { variant, action } = r.command.batch;
    const found = await this.detected(variant);
    const done = action === 'install' ? found.installed : !found.installed;
    if (done) {
      return this.finish(r, {
        jobId: r.jobId,
        state: 'succeeded',
        ...(found.version ? { detectedVersion: found.version } : {}),
        message: `completed across an agent restart: ${found.detail}`,
      });
    }
    if (r.attempts >= (this.o.maxAttempts ?? 3)) {
      return this.finish(r, { jobId: r.jobId, state: 'failed', errorCode: ErrorCodes.JOB_INTERRUPTED, message: `interrupted ${r.attempts} times; ${found.detail}` });
    }
    this.o.logger.warn('interrupted install is not there: starting it again', { jobId: r.jobId, attempts: r.attempts });
    this.step(r, 'queued', { installer: undefined });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.wake) clearTimeout(this.wake);
    this.wake = null;
    this.download?.abort();
    // An installer in flight is not killed: it is journalled with its pid and reconciled at the next start.
    await Promise.race([this.worker, new Promise((r) => setTimeout(r, 2000).unref())]);
  }
}
