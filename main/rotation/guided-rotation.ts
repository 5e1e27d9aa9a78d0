// Guided rotation, for zero downtime without the server's help: mint `label-v2` with the old
// key's settings, watch both keys' activity until the new one is in use and the old one has
// gone quiet, then let the user revoke the old one. Jobs live in SQLite and a poller on the
// injected timers re-checks them, so a job resumes after a restart.
//
// Minting and sweeping never interleave in one process (they run one at a time), and across
// processes a job leaves `minting` by a conditional update: whoever moves it first decides.
// If recovery settled a job as interrupted while its mint was still in flight, the mint's
// owner revokes the key it got back and shows no secret.
import type { GuidedJob, InventoryKey } from '../../contract/ipc';
import type { Key } from '../../contract/keyapi';
import { kindOfKeyId } from '../../contract/providers';
import { AppError, describeError } from '../app-error';
import { ACTIVE_GUIDED_STATES, evaluateGuided, inheritedExpiry } from './guided-progress';
import { type GuidedJobs, type GuidedRecord, toGuidedJob } from './guided-jobs';
import type { LeaseGate } from '../store/lease';
import { nextVersionLabel } from './next-label';
import type { ActionLog, SettleReminders, TenantClient, TenantKeys } from './rotation-ports';
import type { Clock } from '../ports/clock';

export interface GuidedRotationDeps {
  jobs: GuidedJobs;
  keys: TenantKeys;
  clock: Clock;
  newId: () => string;
  emit: (job: GuidedJob) => void;
  settle: SettleReminders;
  log: ActionLog;
  /** Cross-process exclusion: one process at a time starts, completes, cancels or recovers a key's rotation. */
  lease?: LeaseGate;
}

export interface GuidedStartInput {
  tenantRef: string;
  keyId: string;
  quietMinutes: number;
  keepInKeychain: boolean;
}

export class GuidedRotation {
  /** Start, sweeps and cancel run one at a time, so a sweep never sees this process's own mint as interrupted. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: GuidedRotationDeps) {}

  // The Clock port speaks epoch ms; dates are made here, where they are computed with.
  private now(): Date {
    return new Date(this.deps.clock.now());
  }

  start(input: GuidedStartInput): Promise<{ job: GuidedJob; key: InventoryKey; secret: string }> {
    // One at a time in this process (a sweep never sees this process's own mint as interrupted), one process at a time by lease.
    return this.exclusive(() => this.leased(input.tenantRef, input.keyId, () => this.begin(input)));
  }

  private async begin(input: GuidedStartInput): Promise<{ job: GuidedJob; key: InventoryKey; secret: string }> {
    const { keys, jobs } = this.deps;
    const { tenantRef, keyId } = input;
    if (await keys.connectionSlotOf(tenantRef, keyId)) {
      throw new AppError('conflict', 'This key is one of Keysmith’s own credentials for the connection: use the credential swap instead.', { tenantRef });
    }
    const client = await keys.client(tenantRef);
    const old = await client.get(keyId);
    if (old.status !== 'active') throw new AppError('conflict', `Only an active key can be rotated; this one is ${old.status}.`, { tenantRef });

    // A label names one key, so recovery can find an interrupted mint by it.
    const taken = new Set((await client.listAll()).map((k) => k.label));
    let label = nextVersionLabel(old.label);
    while (taken.has(label)) label = nextVersionLabel(label);

    const begun = jobs.begin({ id: this.deps.newId(), tenantRef, oldKeyId: keyId, newLabel: label, quietMinutes: input.quietMinutes, at: this.stamp() });
    if (!begun) throw new AppError('conflict', 'A guided rotation of this key is already under way.', { tenantRef });

    let created: { key: Key; secret: string };
    try {
      const expiresAt = inheritedExpiry(old, this.now());
      created = await client.create({
        label,
        description: old.description,
        scopes: old.scopes,
        environment: old.environment,
        format: old.format,
        ...(expiresAt ? { expiresAt } : {}),
      }, kindOfKeyId(keyId) ?? undefined);
    } catch (err) {
      this.finish(begun, 'failed', `Could not mint the new key: ${describeError(err)}`);
      throw err;
    }
    const job = jobs.transition(begun.id, 'minting', { state: 'minted', newKeyId: created.key.id, newKeyCreatedAt: created.key.createdAt }, this.stamp());
    if (!job) {
      // Settled as interrupted elsewhere while this mint was in flight: that recovery may have
      // listed before the key existed, so revoke it here, and never show a secret for it.
      await keys.record(tenantRef, created.key);
      await this.revokeQuietly(tenantRef, created.key.id);
      this.deps.log({ action: 'rotation.guided.start', tenantRef, keyId: created.key.id, detail: `revoked ${label}: the rotation was settled elsewhere during the mint`, outcome: 'error' });
      throw new AppError('conflict', 'This rotation was stopped by another Keysmith window or command while the new key was being made; the new key was revoked. Start the rotation again.', { tenantRef });
    }
    let key = await keys.record(tenantRef, created.key);
    if (input.keepInKeychain) {
      // The secret is still handed back below; failing to keep it must not lose it.
      key = await keys.keep(tenantRef, created.key.id, created.secret).catch(() => key);
    }
    this.deps.log({ action: 'rotation.guided.start', tenantRef, keyId: created.key.id, detail: `minted ${label} to replace ${old.label}`, outcome: 'ok' });
    const out = toGuidedJob(job);
    this.deps.emit(out);
    return { job: out, key, secret: created.secret };
  }

  list(includeFinished: boolean): GuidedJob[] {
    return this.deps.jobs.list(includeFinished).map(toGuidedJob);
  }

  async check(jobId: string): Promise<GuidedJob> {
    const rec = this.require(jobId);
    if (!ACTIVE_GUIDED_STATES.includes(rec.state as GuidedJob['state'])) return toGuidedJob(rec);
    return toGuidedJob(await this.observe(rec, await this.deps.keys.client(rec.tenantRef)));
  }

  complete(jobId: string): Promise<GuidedJob> {
    const rec = this.require(jobId);
    return this.leased(rec.tenantRef, rec.oldKeyId, () => this.finishRotation(jobId));
  }

  private async finishRotation(jobId: string): Promise<GuidedJob> {
    const rec = this.require(jobId);
    const client = await this.deps.keys.client(rec.tenantRef);
    const fresh = ACTIVE_GUIDED_STATES.includes(rec.state as GuidedJob['state']) ? await this.observe(rec, client) : rec;
    if (fresh.state !== 'safe_to_revoke') {
      throw new AppError('conflict', this.notYet(fresh), { tenantRef: rec.tenantRef });
    }
    const replacement = await client.get(this.newKeyOf(fresh));
    if (replacement.status !== 'active') {
      throw new AppError('conflict', `The new key is ${replacement.status}; the old key stays.`, { tenantRef: rec.tenantRef });
    }
    await this.revokeQuietly(rec.tenantRef, rec.oldKeyId);
    await this.deps.settle(rec.tenantRef, rec.oldKeyId);
    this.deps.log({ action: 'rotation.guided.complete', tenantRef: rec.tenantRef, keyId: rec.oldKeyId, detail: `revoked the old key, ${fresh.newLabel} replaces it`, outcome: 'ok' });
    return toGuidedJob(this.finish(fresh, 'completed', null));
  }

  /** Waits for a mint in flight in this process, so a cancel during the mint cancels its result. */
  cancel(jobId: string): Promise<GuidedJob> {
    return this.exclusive(() => {
      const rec = this.require(jobId);
      return this.leased(rec.tenantRef, rec.oldKeyId, () => this.abandon(jobId));
    });
  }

  private async abandon(jobId: string): Promise<GuidedJob> {
    const rec = this.require(jobId);
    if (!ACTIVE_GUIDED_STATES.includes(rec.state as GuidedJob['state'])) {
      throw new AppError('conflict', `This rotation is already ${rec.state}.`, { tenantRef: rec.tenantRef });
    }
    const client = await this.deps.keys.client(rec.tenantRef);
    const fresh = await this.observe(rec, client);
    if (fresh.newKeyFirstUsedAt) {
      // Revoking a key that callers already use would cause the outage this flow exists to avoid.
      throw new AppError('conflict', 'The new key is already in use, so cancelling would break its callers. Finish the rotation, or revoke the key from the inventory on purpose.', { tenantRef: rec.tenantRef });
    }
    // The core's revoke also drops the kept secret from the keychain.
    const newKeyId = this.newKeyOf(fresh);
    await this.revokeQuietly(rec.tenantRef, newKeyId);
    await this.deps.settle(rec.tenantRef, newKeyId);
    this.deps.log({ action: 'rotation.guided.cancel', tenantRef: rec.tenantRef, keyId: newKeyId, detail: `revoked the unused ${fresh.newLabel}`, outcome: 'ok' });
    return toGuidedJob(this.finish(fresh, 'cancelled', null));
  }

  /** At start: settle mints a crash interrupted (their secrets were never shown). Never throws. */
  async recoverInterrupted(): Promise<void> {
    await this.checkAll((rec) => rec.state === 'minting');
  }

  /** Poller body: settle interrupted mints, then re-check every active job. Never throws; sweeps run one at a time. */
  checkAll(only: (rec: GuidedRecord) => boolean = () => true): Promise<void> {
    return this.exclusive(() => this.sweep(only));
  }

  private exclusive<T>(run: () => Promise<T>): Promise<T> {
    const next = this.tail.then(run);
    this.tail = next.catch(() => undefined);
    return next;
  }

  private async sweep(only: (rec: GuidedRecord) => boolean): Promise<void> {
    for (const rec of this.deps.jobs.active().filter(only)) {
      // A job another process is working on (minting, completing) is its business, not a leftover.
      const release = this.deps.lease ? this.deps.lease(this.leaseName(rec.tenantRef, rec.oldKeyId)) : () => undefined;
      if (!release) continue;
      try {
        const client = await this.deps.keys.client(rec.tenantRef);
        const current = this.deps.jobs.get(rec.id) ?? rec;
        if (current.state === 'minting') await this.settleInterruptedMint(current, client);
        else if (ACTIVE_GUIDED_STATES.includes(current.state)) await this.observe(current, client);
      } catch (err) {
        // Offline or rate limited: the job stays as it is and the next round tries again.
        this.deps.jobs.update(rec.id, { error: describeError(err) }, this.stamp());
      } finally {
        release();
      }
    }
  }

  private leaseName(tenantRef: string, oldKeyId: string): string {
    return `guided:${tenantRef}:${oldKeyId}`;
  }

  private async leased<T>(tenantRef: string, oldKeyId: string, work: () => Promise<T>): Promise<T> {
    const release = this.deps.lease ? this.deps.lease(this.leaseName(tenantRef, oldKeyId)) : () => undefined;
    if (!release) {
      throw new AppError('busy', 'Another Keysmith process (the app or the command line) is working on this key’s rotation right now. Try again in a moment.', { tenantRef });
    }
    try {
      return await work();
    } finally {
      release();
    }
  }

  // ── pieces ────────────────────────────────────────────────────────────────

  /** Every state past `minting` has its new key; a record without one is corrupt, not a case to handle. */
  private newKeyOf(rec: GuidedRecord): string {
    if (rec.newKeyId === null) throw new AppError('internal', 'This rotation lost track of its new key.', { tenantRef: rec.tenantRef });
    return rec.newKeyId;
  }

  private async observe(rec: GuidedRecord, client: TenantClient): Promise<GuidedRecord> {
    let newer, older;
    try {
      [newer, older] = await Promise.all([client.lastUse(this.newKeyOf(rec)), client.lastUse(rec.oldKeyId)]);
    } catch (err) {
      if (AppError.is(err, 'not_found')) return this.finish(rec, 'failed', 'One of the two keys no longer exists on the server.');
      throw err;
    }
    const progress = evaluateGuided({
      newKeyCreatedAt: rec.newKeyCreatedAt ?? rec.startedAt,
      newKeyLastUsedAt: newer.lastUsedAt,
      oldKeyLastUsedAt: older.lastUsedAt,
      newKeyFirstUsedAt: rec.newKeyFirstUsedAt,
      quietMinutes: rec.quietMinutes,
      now: this.now(),
    });
    const changed =
      progress.state !== rec.state || progress.newKeyFirstUsedAt !== rec.newKeyFirstUsedAt || older.lastUsedAt !== rec.oldKeyLastUsedAt || rec.error !== null;
    if (!changed) return rec;
    const next = this.deps.jobs.update(
      rec.id,
      { state: progress.state, newKeyFirstUsedAt: progress.newKeyFirstUsedAt, oldKeyLastUsedAt: older.lastUsedAt, error: null },
      this.stamp(),
    );
    this.deps.emit(toGuidedJob(next));
    return next;
  }

  /** The process died between minting and recording: the secret was never shown, so the key goes. */
  private async settleInterruptedMint(rec: GuidedRecord, client: TenantClient): Promise<void> {
    // Claim the job first: if its mint finished meanwhile (another process), it is not interrupted.
    const claimed = this.deps.jobs.transition(rec.id, 'minting', { state: 'failed', error: 'Interrupted before the new key was shown; it was revoked.' }, this.stamp());
    if (!claimed) return;
    let orphans: Key[];
    try {
      orphans = (await client.listAll()).filter((k) => k.label === rec.newLabel && k.status === 'active');
      for (const k of orphans) {
        await this.deps.keys.record(rec.tenantRef, k);
        await this.revokeQuietly(rec.tenantRef, k.id);
      }
    } catch (err) {
      // Not settled after all: back to `minting`, so the next sweep tries again.
      this.deps.jobs.transition(rec.id, 'failed', { state: 'minting', error: describeError(err) }, this.stamp());
      throw err;
    }
    this.deps.log({ action: 'rotation.guided.recover', tenantRef: rec.tenantRef, keyId: rec.oldKeyId, detail: `revoked ${orphans.length} unshown key(s) labelled ${rec.newLabel}`, outcome: 'ok' });
  }

  private async revokeQuietly(tenantRef: string, keyId: string): Promise<void> {
    try {
      await this.deps.keys.revoke(tenantRef, keyId);
    } catch (err) {
      // Already revoked or expired (or gone) is the outcome we wanted.
      if (!AppError.is(err, 'conflict', 'not_found')) throw err;
      await this.deps.keys.forget(tenantRef, keyId).catch(() => undefined);
    }
  }

  private finish(rec: GuidedRecord, state: 'completed' | 'cancelled' | 'failed', error: string | null): GuidedRecord {
    const next = this.deps.jobs.update(rec.id, { state, error }, this.stamp());
    if (next.newKeyId) this.deps.emit(toGuidedJob(next));
    return next;
  }

  private notYet(rec: GuidedRecord): string {
    if (rec.state === 'minted') return 'The new key has not been used yet, so the old key cannot be revoked safely.';
    if (rec.state === 'new_in_use') return `The old key was used within the last ${rec.quietMinutes} minutes; wait until it has gone quiet.`;
    return `This rotation is already ${rec.state}.`;
  }

  private require(jobId: string): GuidedRecord {
    const rec = this.deps.jobs.get(jobId);
    if (!rec || rec.newKeyId === null) throw new AppError('not_found', 'No such guided rotation.');
    return rec;
  }

  private stamp(): string {
    return this.now().toISOString();
  }
}
