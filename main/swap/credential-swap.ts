// Connection credential swap: make sure the secondary admin credential exists and works,
// switch the connection to it, regenerate the primary (mint, store, verify), switch back to
// the primary, and revoke the old primary. The connection ends on its primary slot, with a
// fresh primary and a verified secondary in reserve, so every swap starts from the same place.
//
// Every step is journaled before its remote call (intent, with the label a mint will use) and
// after it (result, with the key id). Invariants kept at every instant:
// - at least one stored credential authenticates: the old primary is only revoked after the
//   new one is stored, verified and active, and the secondary is verified before the switch;
// - a minted secret is in the keychain before anything depends on it (the verify and the
//   switch come after the store);
// - the active credential is never revoked (checked right before the revoke);
// - a key minted by an interrupted step whose secret never reached the keychain is found by
//   its journaled label (or id) on recovery and revoked.
// Recovery goes forward once the new primary's secret is in the keychain (the old primary's
// secret is gone from it by then), and rolls back before that point.
import { SwapStep as SwapStepEnum, type CredentialSlot, type SwapJob, type SwapStep } from '../../contract/ipc';
import type { Key, Scope } from '../../contract/keyapi';
import { AppError, describeError } from '../app-error';
import type { SwapJobRecord, SwapJournal } from './swap-journal';
import type { ConnectionCredentials, RemoteKeys } from './swap-ports';

/** The journaled steps, in order; each has intent, call and result crash points. */
export const JOURNALED_STEPS = SwapStepEnum.exclude(['started', 'completed', 'rolled_back', 'failed']).options;
type JournaledStep = (typeof JOURNALED_STEPS)[number];

/**
 * Where a test may stop the swap dead: `<step>:intent` (intent written, call not made),
 * `<step>:call` (call made, result not written), `<step>:result` (result written).
 */
export const SWAP_CRASH_POINTS: readonly string[] = JOURNALED_STEPS.flatMap((s) => [`${s}:intent`, `${s}:call`, `${s}:result`]);

export type CrashHook = (point: string) => void;

export interface SwapLog {
  (entry: { action: string; tenantRef: string; keyId: string | null; detail: string; outcome: 'ok' | 'error' }): void;
}

export interface CredentialSwapDeps {
  journal: SwapJournal;
  connections: ConnectionCredentials;
  now: () => Date;
  newId: () => string;
  emit: (job: SwapJob) => void;
  log?: SwapLog;
  /** Test seam for crash safety: called at every crash point, may kill the process. */
  crashPoint?: CrashHook;
}

const publicJob = ({ oldPrimaryKeyId: _omit, ...job }: SwapJobRecord): SwapJob => job;



interface WorkingCredential {
  secret: string;
  me: Key;
}

export class CredentialSwap {
  /** Tenants with a swap running in this process right now. */
  private readonly running = new Set<string>();

  constructor(private readonly deps: CredentialSwapDeps) {}

  status(tenantRef: string): SwapJob | null {
    const job = this.deps.journal.latestFor(tenantRef);
    return job ? publicJob(job) : null;
  }

  async start(tenantRef: string): Promise<SwapJob> {
    if (this.running.has(tenantRef)) throw this.busy(tenantRef);
    this.running.add(tenantRef);
    try {
      const conn = await this.deps.connections.connection(tenantRef);
      const oldPrimary = conn.credentials.find((c) => c.slot === 'primary');
      if (!oldPrimary) throw new AppError('conflict', 'This connection has no primary credential to regenerate.', { tenantRef });
      let job = this.deps.journal.open(this.deps.newId(), tenantRef, oldPrimary.keyId, this.stamp());
      if (!job) {
        // An open job nobody in this process runs is a leftover of a crash: settle it first.
        const stale = this.deps.journal.unfinished().find((j) => j.tenantRef === tenantRef);
        if (stale) await this.recover(stale);
        job = this.deps.journal.open(this.deps.newId(), tenantRef, oldPrimary.keyId, this.stamp());
        if (!job) throw this.busy(tenantRef);
      }
      this.deps.emit(publicJob(job));
      try {
        return await this.run(job);
      } catch (err) {
        const settled = await this.recover(this.deps.journal.get(job.id), describeError(err));
        this.log(tenantRef, null, `swap ${settled.step}: ${describeError(err)}`, 'error');
        throw err;
      }
    } finally {
      this.running.delete(tenantRef);
    }
  }

  /** At start: settle every swap a crash left open. Never throws; a job it cannot settle stays open. */
  async recoverAll(): Promise<SwapJob[]> {
    const out: SwapJob[] = [];
    for (const job of this.deps.journal.unfinished()) {
      if (this.running.has(job.tenantRef)) continue;
      this.running.add(job.tenantRef);
      try {
        out.push(await this.recover(job));
      } finally {
        this.running.delete(job.tenantRef);
      }
    }
    return out;
  }

  // ── the forward path ──────────────────────────────────────────────────────

  private async run(job: SwapJobRecord): Promise<SwapJob> {
    const { connections } = this.deps;
    const ref = job.tenantRef;
    const conn = await connections.connection(ref);
    const primarySecret = await this.requireSecret(ref, 'primary');
    const primaryClient = connections.clientWith(ref, primarySecret);
    const primaryMe = await primaryClient.getMe();
    const adminScopes: Scope[] = [...primaryMe.scopes];

    // 1. A secondary that exists and authenticates, minting one if needed.
    const storedSecondary = await connections.readSecret(ref, 'secondary');
    const recorded = conn.credentials.find((c) => c.slot === 'secondary');
    let secondarySecret: string | null = null;
    if (storedSecondary && recorded) {
      const client = connections.clientWith(ref, storedSecondary);
      try {
        await this.step(job.id, 'secondary_verified', { keyId: recorded.keyId }, async () => {
          const me = await client.getMe();
          if (me.id !== recorded.keyId) throw new AppError('unauthorized', 'The stored secondary credential belongs to another key.', { tenantRef: ref });
          return me.id;
        });
        secondarySecret = storedSecondary;
      } catch (err) {
        if (!AppError.is(err, 'unauthorized')) throw err;
      }
    }
    if (secondarySecret === null) {
      const { key, secret } = await this.mintInto(job, conn.slug, 'secondary', primaryClient, adminScopes);
      await this.step(job.id, 'secondary_verified', { keyId: key.id }, () => this.verify(ref, secret, key.id));
      secondarySecret = secret;
    }

    // 2. The connection runs on the secondary while the primary is regenerated.
    await this.step(job.id, 'switched_to_secondary', {}, async () => {
      await connections.setActiveSlot(ref, 'secondary');
      return null;
    });

    // 3. A new primary, minted with the secondary, stored before anything uses it.
    const { key, secret } = await this.mintInto(job, conn.slug, 'primary', connections.clientWith(ref, secondarySecret), adminScopes);
    return this.finishPrimary(job, key.id, secret);
  }

  /** From a stored new primary to the end: verify, switch back, revoke the old primary. */
  private async finishPrimary(job: SwapJobRecord, newPrimaryId: string, newPrimarySecret: string): Promise<SwapJob> {
    const { connections, journal } = this.deps;
    const ref = job.tenantRef;
    await this.step(job.id, 'primary_verified', { keyId: newPrimaryId }, () => this.verify(ref, newPrimarySecret, newPrimaryId));
    await this.step(job.id, 'switched_to_primary', {}, async () => {
      await connections.setActiveSlot(ref, 'primary');
      return null;
    });
    const oldId = job.oldPrimaryKeyId;
    if (oldId && oldId !== newPrimaryId) {
      await this.step(job.id, 'old_primary_revoked', { keyId: oldId }, async () => {
        const conn = await connections.connection(ref);
        const active = conn.credentials.find((c) => c.slot === conn.activeSlot);
        if (!active || active.keyId === oldId) {
          throw new AppError('conflict', 'Keysmith will not revoke the credential the connection is using.', { tenantRef: ref });
        }
        await this.revokeQuietly(connections.clientWith(ref, newPrimarySecret), oldId);
        return oldId;
      });
    }
    const done = journal.finish(job.id, 'completed', null, this.stamp());
    this.deps.emit(publicJob(done));
    this.log(ref, newPrimaryId, 'credential swap completed; primary regenerated', 'ok');
    return publicJob(done);
  }

  // ── recovery ──────────────────────────────────────────────────────────────

  private async recover(job: SwapJobRecord, cause?: string): Promise<SwapJob> {
    const { connections, journal } = this.deps;
    const ref = job.tenantRef;
    try {
      const entries = journal.entries(job.id);
      const lastResult = (step: SwapStep) => entries.filter((e) => e.step === step && e.phase === 'result').at(-1);
      const intents = (step: SwapStep) => entries.filter((e) => e.step === step && e.phase === 'intent');

      // Past the point of no return? Only if the new primary's secret is in the keychain.
      const newPrimaryId = lastResult('primary_minted')?.keyId ?? null;
      const primary = await this.working(ref, 'primary');
      if (newPrimaryId && primary?.me.id === newPrimaryId) {
        await connections.storeSecret(ref, 'primary', primary.secret, primary.me);
        return await this.finishPrimary(job, newPrimaryId, primary.secret);
      }

      // Roll back: the old primary still works and is still stored. Revoke every key this
      // job minted whose secret did not reach its slot in the keychain.
      const secondary = await this.working(ref, 'secondary');
      const worker = primary ?? secondary;
      if (!worker) throw new AppError('unauthorized', 'No stored credential of this connection authenticates.', { tenantRef: ref });
      const client = connections.clientWith(ref, worker.secret);
      let listed: Key[] | null = null;
      const mintSteps: Array<[SwapStep, CredentialSlot, WorkingCredential | null]> = [
        ['secondary_minted', 'secondary', secondary],
        ['primary_minted', 'primary', primary],
      ];
      for (const [step, slot, stored] of mintSteps) {
        const tried = intents(step);
        if (tried.length === 0) continue;
        const ids = new Set<string>();
        const known = lastResult(step)?.keyId;
        if (known) ids.add(known);
        const labels = new Set(tried.map((e) => e.label).filter((l): l is string => l !== null));
        if (labels.size > 0) {
          listed ??= await client.listAll();
          for (const k of listed) if (labels.has(k.label) && k.status === 'active') ids.add(k.id);
        }
        for (const id of ids) {
          if (stored?.me.id === id) {
            // Minted and stored: a working credential in its slot, kept. Make the record agree.
            await connections.storeSecret(ref, slot, stored.secret, stored.me);
            continue;
          }
          await this.revokeQuietly(client, id);
          this.log(ref, id, `swap recovery revoked an unstored ${slot} credential`, 'ok');
        }
      }
      const back: CredentialSlot = primary ? 'primary' : 'secondary';
      await connections.setActiveSlot(ref, back);
      const rolled = journal.finish(job.id, 'rolled_back', cause ?? 'Interrupted; rolled back at start.', this.stamp());
      this.deps.emit(publicJob(rolled));
      this.log(ref, null, 'credential swap rolled back', 'ok');
      return publicJob(rolled);
    } catch (err) {
      // Leave the job open: the next start (or the next swap of this tenant) tries again.
      const open = journal.noteError(job.id, `Recovery could not finish: ${describeError(err)}`, this.stamp());
      this.deps.emit(publicJob(open));
      return publicJob(open);
    }
  }

  // ── pieces ────────────────────────────────────────────────────────────────

  /** Intent row, crash point, remote call, crash point, result row, crash point, event. */
  private async step<T extends { id: string; value: unknown } | string | null>(
    jobId: string,
    step: JournaledStep,
    what: { label?: string; keyId?: string },
    call: () => Promise<T>,
  ): Promise<T> {
    const { journal } = this.deps;
    journal.intent(jobId, step, what.label ?? null, what.keyId ?? null, this.stamp());
    this.crash(`${step}:intent`);
    const out = await call();
    this.crash(`${step}:call`);
    const keyId = typeof out === 'string' ? out : out === null ? (what.keyId ?? null) : out.id;
    const job = journal.result(jobId, step, keyId, this.stamp());
    this.crash(`${step}:result`);
    this.deps.emit(publicJob(job));
    return out;
  }

  private async verify(tenantRef: string, secret: string, keyId: string): Promise<string> {
    const me = await this.deps.connections.clientWith(tenantRef, secret).getMe();
    if (me.id !== keyId) throw new AppError('internal', 'A freshly stored credential answered as another key.', { tenantRef });
    return me.id;
  }

  /** Mints the slot's next credential with `client` and stores it, each step journaled. */
  private async mintInto(job: SwapJobRecord, slug: string, slot: CredentialSlot, client: RemoteKeys, scopes: Scope[]): Promise<{ key: Key; secret: string }> {
    const label = await this.nextLabel(client, slug, slot);
    const minted = await this.step(job.id, `${slot}_minted` as const, { label }, async () => {
      const created = await client.create({ label, description: `Keysmith connection credential (${slot})`, scopes });
      return { id: created.key.id, value: created };
    });
    const { key, secret } = minted.value;
    await this.step(job.id, `${slot}_stored` as const, { keyId: key.id }, async () => {
      await this.deps.connections.storeSecret(job.tenantRef, slot, secret, key);
      return key.id;
    });
    return { key, secret };
  }

  /** The slot's stored secret and the key it authenticates as; null when none is stored or it no longer authenticates. */
  private async working(tenantRef: string, slot: CredentialSlot): Promise<WorkingCredential | null> {
    const secret = await this.deps.connections.readSecret(tenantRef, slot);
    if (!secret) return null;
    const me = await this.identify(tenantRef, secret);
    return me ? { secret, me } : null;
  }

  /** Which key a secret is, or null when it no longer authenticates. */
  private async identify(tenantRef: string, secret: string): Promise<Key | null> {
    try {
      return await this.deps.connections.clientWith(tenantRef, secret).getMe();
    } catch (err) {
      if (AppError.is(err, 'unauthorized')) return null;
      throw err;
    }
  }

  private async revokeQuietly(client: RemoteKeys, keyId: string): Promise<void> {
    try {
      await client.revoke(keyId);
    } catch (err) {
      // Already revoked, expired or gone is the outcome we wanted.
      if (!AppError.is(err, 'conflict', 'not_found')) throw err;
    }
  }

  /** `keysmith-<slug>-<slot>-<n>`, n one past every such label the tenant has ever had, so a label names one key. */
  private async nextLabel(client: RemoteKeys, slug: string, slot: CredentialSlot): Promise<string> {
    const base = `keysmith-${slug.slice(0, 60)}-${slot}-`;
    let max = 0;
    for (const k of await client.listAll()) {
      if (!k.label.startsWith(base)) continue;
      const n = Number(k.label.slice(base.length));
      if (Number.isInteger(n) && n > max) max = n;
    }
    return `${base}${max + 1}`;
  }

  private async requireSecret(tenantRef: string, slot: CredentialSlot): Promise<string> {
    const secret = await this.deps.connections.readSecret(tenantRef, slot);
    if (!secret) throw new AppError('unauthorized', `The ${slot} credential of this connection is not in the keychain.`, { tenantRef });
    return secret;
  }

  private crash(point: string): void {
    this.deps.crashPoint?.(point);
  }

  private busy(tenantRef: string): AppError {
    return new AppError('busy', 'A credential swap for this connection is already running.', { tenantRef });
  }

  private log(tenantRef: string, keyId: string | null, detail: string, outcome: 'ok' | 'error'): void {
    this.deps.log?.({ action: 'swap', tenantRef, keyId, detail, outcome });
  }

  private stamp(): string {
    return this.deps.now().toISOString();
  }
}
