// auth.denied audit events, folded: the first denial of a (tenant, key, endpoint, address)
// writes an event, repeats within the next minute add to its count. A client retrying a
// revoked key in a loop, or a key probing scopes it lacks, leaves one row a minute, not one
// per request, so it cannot flood the audit log or the disk.
import type { Actor } from './audit';
import { writeAudit } from './audit';
import type { Clock } from './clock';
import type { Storage } from './storage/port';

const WINDOW_MS = 60_000;
const MAX_OPEN = 10_000;

export interface Denial {
  tenantId: string;
  actor: Actor;
  target: { keyId: string; label: string } | null;
  endpoint: string;
  ip: string;
}

export interface DenialLog {
  /** Written in the background: a denial never waits for the audit log. */
  record(d: Denial): void;
  /** Resolves when every denial recorded so far is written. */
  settled(): Promise<void>;
}

export function createDenialLog(storage: Storage, clock: Clock, onError: (err: unknown) => void = () => {}): DenialLog {
  const open = new Map<string, { id: string; until: number }>();
  let queue: Promise<void> = Promise.resolve();
  const write = async (k: string, d: Denial, now: number): Promise<void> => {
    const cur = open.get(k);
    if (cur && now < cur.until && (await storage.bumpAuditCount(1, cur.id))) return;
    if (open.size >= MAX_OPEN) {
      for (const [key, v] of open) if (v.until <= now) open.delete(key);
      if (open.size >= MAX_OPEN) open.clear();
    }
    const id = await writeAudit(storage, { tenantId: d.tenantId, action: 'auth.denied', actor: d.actor, target: d.target, endpoint: d.endpoint, ip: d.ip, at: now });
    open.set(k, { id, until: now + WINDOW_MS });
  };
  return {
    record(d) {
      const now = clock.now();
      const k = `${d.tenantId}\n${d.actor.keyId}\n${d.target?.keyId ?? ''}\n${d.endpoint}\n${d.ip}`;
      // In order, one at a time: a repeat must find the row its first denial wrote.
      queue = queue.then(() => write(k, d, now)).catch((err: unknown) => {
        open.delete(k);
        onError(err);
      });
    },
    settled: () => queue,
  };
}
