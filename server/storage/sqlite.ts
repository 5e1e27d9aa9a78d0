// The SQLite engine of the storage port: the prepared statements of store.ts, each atomic
// operation one better-sqlite3 transaction (synchronous, so nothing else runs inside it). The
// promises it returns are already settled; the hot path (authByDigest) returns plainly.
import { createCommitWatch } from '../commitwatch';
import type { Db } from '../db';
import { openDb } from '../db';
import type { Store } from '../store';
import { createStore } from '../store';
import type { Storage } from './port';

export interface SqliteStorage extends Storage {
  readonly engine: 'sqlite';
  /** The synchronous statements, for in-process callers that predate the port (the desktop sandbox). */
  readonly store: Store;
}

export function openSqliteStorage(file: string, opts: { watchCommits?: boolean } = {}): SqliteStorage {
  return sqliteStorage(openDb(file), opts);
}

export function sqliteStorage(db: Db, opts: { watchCommits?: boolean } = {}): SqliteStorage {
  const s = createStore(db);
  const changes = opts.watchCommits === false ? null : createCommitWatch(db);
  const ok = <T>(v: T): Promise<T> => Promise.resolve(v);
  const run = <T>(fn: () => T): Promise<T> => {
    try {
      return Promise.resolve(fn());
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  };
  const setting = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE name = ?');
  const putSetting = db.prepare<[string, string]>('INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value');
  const putMissing = db.prepare<[string, string]>('INSERT OR IGNORE INTO settings (name, value) VALUES (?, ?)');

  return {
    engine: 'sqlite',
    store: s,
    setting: (name) => run(() => setting.get(name)?.value),
    putSetting: (name, value, onlyIfMissing) =>
      run(() => {
        (onlyIfMissing ? putMissing : putSetting).run(name, value);
        return setting.get(name)?.value ?? value;
      }),
    tenantBySlug: (slug) => run(() => s.tenantBySlug.get(slug)),
    memberByEmail: (tenantId, email) => run(() => s.memberByEmail.get(tenantId, email)),
    createTenant: (tenant, owner) =>
      run(() =>
        db.transaction(() => {
          if (s.tenantBySlug.get(tenant.slug)) return false;
          s.insertTenant.run(tenant);
          s.insertMember.run(owner);
          return true;
        }).immediate(),
      ),
    updateTenant: (slug, change) =>
      run(() =>
        db.transaction(() => {
          const cur = s.tenantBySlug.get(slug);
          if (!cur) return undefined;
          const next = change(cur);
          s.updateTenant.run(next);
          return next;
        }).immediate(),
      ),
    addMember: (member) =>
      run(() =>
        db.transaction(() => {
          if (s.memberByEmail.get(member.tenant_id, member.email)) return false;
          s.insertMember.run(member);
          return true;
        }).immediate(),
      ),
    setRole: (memberId, role) => run(() => void s.setRole.run(role, memberId)),
    authByDigest: (digest) => s.authByDigest.get(digest),
    keyInTenant: (id, tenantId) => run(() => s.keyInTenant.get(id, tenantId)),
    listKeys: (f) => run(() => s.listKeys(f)),
    insertKey: (row, audit) =>
      run(() =>
        db.transaction(() => {
          s.insertKey.run(row);
          if (audit) s.insertAudit.run(audit);
          const r = s.keyInTenant.get(row.id, row.tenant_id);
          if (!r) throw new Error('inserted key vanished');
          return r;
        })(),
      ),
    updateLabel: (id, tenantId, label, description, audit) =>
      run(() =>
        db.transaction(() => {
          if (!s.keyInTenant.get(id, tenantId)) return undefined;
          s.updateLabel.run(label, description, id);
          const r = s.keyInTenant.get(id, tenantId);
          if (r) s.insertAudit.run(audit(r));
          return r;
        })(),
      ),
    rotateKey: (oldId, tenantId, successor, old, audit) =>
      run(() =>
        db.transaction(() => {
          // Re-read inside the transaction: a concurrent rotate or revoke must not be overwritten.
          const cur = s.keyInTenant.get(oldId, tenantId);
          if (!cur || cur.status !== 'active') return null;
          s.insertKey.run(successor);
          const c = old(successor.id);
          s.setStatus.run(c.status, c.revokedAt, c.graceEndsAt, c.rotatedToId, oldId);
          s.insertAudit.run(audit);
          const fresh = s.keyInTenant.get(successor.id, tenantId);
          const previous = s.keyInTenant.get(oldId, tenantId);
          if (!fresh || !previous) throw new Error('rotated key vanished');
          return { fresh, previous };
        }).immediate(),
      ),
    changeStatus: (id, tenantId, c, audit) =>
      run(() =>
        db.transaction(() => {
          if (!s.keyInTenant.get(id, tenantId)) return undefined;
          s.setStatus.run(c.status, c.revokedAt, c.graceEndsAt, c.rotatedToId, id);
          if (audit) s.insertAudit.run(audit);
          return s.keyInTenant.get(id, tenantId);
        })(),
      ),
    revokeAll: (tenantId, now, pick, audit) =>
      run(() =>
        db.transaction(() => {
          let n = 0;
          for (const r of s.listKeys({ tenantId, memberId: null, status: null, after: null, limit: 1_000_000 })) {
            if (!pick(r)) continue;
            s.setStatus.run('revoked', now, r.grace_ends_at, r.rotated_to_id, r.id);
            n++;
          }
          s.insertAudit.run(audit);
          return n;
        }).immediate(),
      ),
    nextDue: () => run(() => s.nextDue.get()?.due ?? null),
    // IMMEDIATE: a second process sweeping the same file waits for this one and then finds nothing due.
    applyDue: (now, plan) =>
      run(() =>
        db.transaction(() => {
          const due = s.dueKeys.all(now, now);
          for (const k of due) {
            const { change: c, audit } = plan(k);
            s.setStatus.run(c.status, c.revokedAt, c.graceEndsAt, c.rotatedToId, k.id);
            s.insertAudit.run(audit);
          }
          return due.length;
        }).immediate(),
      ),
    flushActivity: (batch) =>
      run(() =>
        db.transaction(() => {
          for (const e of batch) {
            s.touchKey.run(e.lastAt, e.lastEndpoint, e.keyId, e.lastAt);
            for (const [hour, n] of e.hours) s.bumpActivity.run(e.keyId, hour, e.tenantId, n);
          }
        })(),
      ),
    countsForKey: (d1, d7, d30, keyId) => run(() => s.countsForKey.get(d1, d7, d30, keyId)),
    countsForTenant: (d1, d7, d30, tenantId) => run(() => s.countsForTenant.all(d1, d7, d30, tenantId)),
    dailyForKey: (fromHour, keyId) => run(() => s.dailyForKey.all(fromHour, keyId)),
    insertAudit: (row) => run(() => void s.insertAudit.run(row)),
    bumpAuditCount: (n, id) => run(() => s.bumpAuditCount.run(n, id).changes === 1),
    listAudit: (f) => run(() => s.listAudit(f)),
    reports: (tenantId) => run(() => s.reports.all(tenantId)),
    insertReport: (row) => run(() => void s.insertReport.run(row)),
    changes,
    close: () => {
      changes?.close();
      db.close();
      return ok(undefined);
    },
  };
}
