// Cross-process leases in the desktop database. The app and the command line open the same
// profile, so work that must never run twice at once (one tenant's credential swap, one guided
// rotation) takes a named lease first, inside an IMMEDIATE transaction so two processes cannot
// both see it free. A lease names its holder (a random token per process, its pid and host).
// It is free once released, expired, or held by a process of this host that no longer exists,
// so a crash (or a killed command) never blocks the next run. Leases coordinate real
// processes, so they run on wall time whatever clock the services are given. The table comes
// from migration 0013.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from 'better-sqlite3';
import type { Clock } from '../ports/clock';

/** Takes the named lease and returns its release, or returns null while another live holder has it. */
export type LeaseGate = (name: string) => (() => void) | null;

interface LeaseHolder {
  token: string;
  pid: number;
  host: string;
}

export interface Leases {
  acquire: LeaseGate;
  /** Who holds the lease now (a live, unexpired holder), or null. */
  holder(name: string): { pid: number; host: string; expiresAt: number } | null;
}

export interface LeaseDeps {
  db: Database;
  clock: Clock;
  /** Long enough for any swap; a holder on this host is checked by pid long before that. */
  ttlMs?: number;
  self?: LeaseHolder;
  isAlive?: (pid: number) => boolean;
}

const DEFAULT_LEASE_TTL_MS = 15 * 60_000;

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const thisProcess = (): LeaseHolder => ({ token: randomBytes(12).toString('hex'), pid: process.pid, host: hostname() });

interface Row {
  token: string;
  pid: number;
  host: string;
  expires_ms: number;
}

export function createLeases(d: LeaseDeps): Leases {
  const self = d.self ?? thisProcess();
  const ttl = d.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  const isAlive = d.isAlive ?? processAlive;
  const read = d.db.prepare<[string], Row>('SELECT token, pid, host, expires_ms FROM leases WHERE name = ?');
  const write = d.db.prepare(
    `INSERT INTO leases (name, token, pid, host, acquired_ms, expires_ms) VALUES (@name, @token, @pid, @host, @now, @expires)
     ON CONFLICT (name) DO UPDATE SET token = @token, pid = @pid, host = @host, acquired_ms = @now, expires_ms = @expires`,
  );
  const drop = d.db.prepare('DELETE FROM leases WHERE name = ? AND token = ?');

  const live = (row: Row | undefined, now: number): row is Row =>
    row !== undefined && row.expires_ms > now && (row.host !== self.host || isAlive(row.pid));

  const take = d.db.transaction((name: string): boolean => {
    const now = d.clock.now();
    if (live(read.get(name), now)) return false;
    write.run({ name, token: self.token, pid: self.pid, host: self.host, now, expires: now + ttl });
    return true;
  });

  return {
    acquire(name) {
      if (!take.immediate(name)) return null;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        drop.run(name, self.token);
      };
    },
    holder(name) {
      const row = read.get(name);
      return live(row, d.clock.now()) ? { pid: row.pid, host: row.host, expiresAt: row.expires_ms } : null;
    },
  };
}
