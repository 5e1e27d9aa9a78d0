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
//   its journaled label (or id) on recovery and revoked;
// - no admin key the server still accepts is left without its secret in the keychain: before
//   the new primary overwrites the primary slot, the old primary's secret is kept under its own
//   account (retain), and released only once the old primary is revoked.
// Recovery never revokes a key blind: a key whose secret any slot or kept account holds (matched
// offline by its start or JWT id) is never revoked, and a 401 is not taken as proof that a key is
// dead until the server, asked with another credential, says so. Once the new primary is in its
// slot, recovery only goes forward (the server says it is live) or restores the old primary from
// its own account (the server says the new one is dead); when it cannot tell, the job stays open.
import { SwapStep as SwapStepEnum, type CredentialSlot, type SwapJob, type SwapStep } from '../../contract/ipc';
import type { Key, Scope } from '../../contract/keyapi';
import { AppError, describeError } from '../app-error';
import { secretMatch } from '../keys/secret-match';
import type { LeaseGate } from '../store/lease';
import type { JournalEntry, SwapJobRecord, SwapJournal } from './swap-journal';
import type { ConnectionCredentials, RemoteKeys } from './swap-ports';
import type { Clock } from '../ports/clock';

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
  clock: Clock;
  newId: () => string;
  emit: (job: SwapJob) => void;
  log?: SwapLog;
  /** Test seam for crash safety: called at every crash point, may kill the process. */
  crashPoint?: CrashHook;
  /** Cross-process exclusion (the app and the command line share a profile). */
  lease?: LeaseGate;
}

const publicJob = ({ oldPrimaryKeyId: _omit, ...job }: SwapJobRecord): SwapJob => job;

interface WorkingCredential {
  secret: string;
  me: Key;
}

interface StoredCredentials {
  primary: string | null;
  secondary: string | null;
  retained: { keyId: string; secret: string }[];
  all: string[];
}

/** Whether the server still accepts this key. */
const isLive = (k: Key, now: Date): boolean =>
  (k.status === 'active' || k.status === 'rotating') && (k.expiresAt === null || Date.parse(k.expiresAt) > now.getTime());

export class CredentialSwap {
  /** Tenants with a swap running in this process right now. */
  private readonly running = new Set<string>();

  constructor(private readonly deps: CredentialSwapDeps) {}

  // The Clock port speaks epoch ms; dates are made here, where they are computed with.
  private now(): Date {
    return new Date(this.deps.clock.now());
  }

  status(tenantRef: string): SwapJob | null {
    const job = this.deps.journal.latestFor(tenantRef);
    return job ? publicJob(job) : null;
  }

  async start(tenantRef: string): Promise<SwapJob> {
    if (this.running.has(tenantRef)) throw this.busy(tenantRef);
    const release = this.lease(tenantRef);
    if (!release) throw this.busy(tenantRef);
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
      release();
    }
  }

  /** At start: settle every swap a crash left open. Never throws; a job it cannot settle stays open. */
  async recoverAll(): Promise<SwapJob[]> {
    const out: SwapJob[] = [];
    // Claimed up front (here and across processes): a swap asked for meanwhile on one of these
    // tenants is refused as busy, and a swap another process is running is not a leftover.
    const claimed: { job: SwapJobRecord; release: () => void }[] = [];
    for (const job of this.deps.journal.unfinished()) {
      if (this.running.has(job.tenantRef)) continue;
      const release = this.lease(job.tenantRef);
      if (!release) continue;
      this.running.add(job.tenantRef);
      claimed.push({ job, release });
    }
    for (const { job, release } of claimed) {
      try {
        const current = this.deps.journal.get(job.id);
        if (current.finishedAt === null) out.push(await this.recover(current));
      } finally {
        this.running.delete(job.tenantRef);
        release();
      }
    }
    return out;
  }

  private lease(tenantRef: string): (() => void) | null {
    return this.deps.lease ? this.deps.lease(`swap:${tenantRef}`) : () => undefined;
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
        // A 401 is not proof: replacing a secondary the server still accepts would leave that key live and held by no one.
        let listed: Key | null = null;
        try {
          listed = await primaryClient.get(recorded.keyId);
        } catch (e) {
          if (!AppError.is(e, 'not_found')) throw e;
        }
        if (listed && isLive(listed, this.now())) {
          throw new AppError('unauthorized', 'The secondary admin key was refused although the server lists it as active, so the swap stopped without changing anything. Try again.', {
            tenantRef: ref,
          });
        }
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

    // 3. A new primary, minted with the secondary, stored before anything uses it. The old
    //    primary's secret moves to its own account first: the slot is about to be overwritten,
    //    and the old key stays live until step 4 revokes it.
    await connections.retain(ref, primaryMe.id, primarySecret);
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
      await connections.release(ref, oldId);
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
      const stored = await this.stored(ref);
      const worker = await this.firstWorking(ref, stored);
      const client = connections.clientWith(ref, worker.secret);
      const minted = await this.mintedBy(entries, client);
      const now = this.now();

      // The new primary in its slot: forward if the server says it is live, restore the old one if it is dead.
      const primarySecret = stored.primary;
      const isSecretOf = (secret: string, k: Key) => this.isSecretOf(ref, secret, k);
      const newInPrimarySlot = primarySecret === null ? undefined : await findAsync(minted.primary, (k) => isSecretOf(primarySecret, k));
      if (newInPrimarySlot && primarySecret !== null) {
        if (isLive(newInPrimarySlot, now)) {
          // The keychain write may have landed without the record of which key the slot holds.
          await connections.storeSecret(ref, 'primary', primarySecret, newInPrimarySlot);
          return await this.finishPrimary(job, newInPrimarySlot.id, primarySecret);
        }
        await this.restoreOldPrimary(job, stored, client);
      }

      // Roll back: revoke each live key this job minted that no stored secret belongs to.
      const current = newInPrimarySlot ? await this.stored(ref) : stored;
      const held = async (k: Key) => (await findAsync(current.all, (secret) => isSecretOf(secret, k))) !== undefined;
      for (const [slot, keys] of [['secondary', minted.secondary], ['primary', minted.primary]] as const) {
        for (const k of keys) {
          const secret = current[slot];
          if (secret !== null && (await isSecretOf(secret, k))) {
            // Minted and stored: a credential in its slot, kept. Make the record agree.
            await connections.storeSecret(ref, slot, secret, k);
            continue;
          }
          if (!isLive(k, now) || (await held(k))) continue;
          await this.revokeQuietly(client, k.id);
          this.log(ref, k.id, `swap recovery revoked an unstored ${slot} credential`, 'ok');
        }
      }
      // The old primary is in its slot again: its kept copy is no longer needed.
      if (job.oldPrimaryKeyId !== null && current.primary !== null && current.retained.some((r) => r.keyId === job.oldPrimaryKeyId)) {
        const old = await client.get(job.oldPrimaryKeyId).catch(() => null);
        if (old && (await isSecretOf(current.primary, old))) await connections.release(ref, old.id);
      }
      const primaryWorks = current.primary !== null && (await this.identify(ref, current.primary)) !== null;
      await connections.setActiveSlot(ref, primaryWorks ? 'primary' : 'secondary');
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

  /** The new primary is dead on the server: put the old primary back in its slot from its own account. */
  private async restoreOldPrimary(job: SwapJobRecord, stored: StoredCredentials, client: RemoteKeys): Promise<void> {
    const ref = job.tenantRef;
    const kept = stored.retained.find((r) => r.keyId === job.oldPrimaryKeyId);
    if (!kept) throw new AppError('unauthorized', 'The new primary admin key was revoked and the old one was not kept; add the tenant again with a working admin key.', { tenantRef: ref });
    const old = await client.get(kept.keyId);
    if (!isLive(old, this.now())) throw new AppError('unauthorized', 'Both the new and the old primary admin keys are revoked; the connection runs on its secondary.', { tenantRef: ref });
    await this.deps.connections.storeSecret(ref, 'primary', kept.secret, old);
    await this.deps.connections.release(ref, kept.keyId);
    this.log(ref, old.id, 'swap recovery restored the old primary credential', 'ok');
  }

  /** Every admin secret the connection holds: both slots and the kept ones. */
  private async stored(tenantRef: string): Promise<StoredCredentials> {
    const { connections } = this.deps;
    const [primary, secondary, retained] = await Promise.all([
      connections.readSecret(tenantRef, 'primary'),
      connections.readSecret(tenantRef, 'secondary'),
      connections.retained(tenantRef),
    ]);
    const all = [primary, secondary, ...retained.map((r) => r.secret)].filter((x): x is string => x !== null);
    return { primary, secondary, retained, all };
  }

  /** A stored credential that authenticates now, to ask the server with. */
  private async firstWorking(tenantRef: string, stored: StoredCredentials): Promise<WorkingCredential> {
    for (const secret of stored.all) {
      const me = await this.identify(tenantRef, secret);
      if (me) return { secret, me };
    }
    throw new AppError('unauthorized', 'No stored credential of this connection authenticates.', { tenantRef });
  }

  /** The keys this job minted (or may have: an intent whose result was never written), as the server lists them now. */
  private async mintedBy(entries: readonly JournalEntry[], client: RemoteKeys): Promise<{ primary: Key[]; secondary: Key[] }> {
    const out = { primary: [] as Key[], secondary: [] as Key[] };
    const want = (['primary', 'secondary'] as const).map((slot) => {
      const step: SwapStep = `${slot}_minted`;
      const ids = new Set(entries.flatMap((e) => (e.step === step && e.phase === 'result' && e.keyId !== null ? [e.keyId] : [])));
      const labels = new Set(entries.flatMap((e) => (e.step === step && e.phase === 'intent' && e.label !== null ? [e.label] : [])));
      return { slot, ids, labels };
    });
    if (want.every((w) => w.ids.size === 0 && w.labels.size === 0)) return out;
    for (const k of await client.listAll()) {
      for (const w of want) if (w.ids.has(k.id) || w.labels.has(k.label)) out[w.slot].push(k);
    }
    return out;
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

  /** Which key a secret is, or null when it no longer authenticates. */
  /**
   * Whether `secret` is the secret of key `k`: from what the provider shows of the key where
   * that decides it, else by asking the provider who the secret is (a dead secret belongs to
   * no live key; an answer that is not a refusal leaves the job open, revoking nothing).
   */
  private async isSecretOf(tenantRef: string, secret: string, k: Key): Promise<boolean> {
    const seen = secretMatch(secret, k);
    if (seen !== 'unknown') return seen === 'yes';
    return (await this.identify(tenantRef, secret))?.id === k.id;
  }

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
    return new AppError('busy', 'A credential swap for this connection is already running, in this window or in another Keysmith process (the app or the command line). Wait for it to finish.', { tenantRef });
  }

  private log(tenantRef: string, keyId: string | null, detail: string, outcome: 'ok' | 'error'): void {
    this.deps.log?.({ action: 'swap', tenantRef, keyId, detail, outcome });
  }

  private stamp(): string {
    return this.now().toISOString();
  }
}

async function findAsync<T>(items: readonly T[], test: (item: T) => Promise<boolean>): Promise<T | undefined> {
  for (const item of items) if (await test(item)) return item;
  return undefined;
}
