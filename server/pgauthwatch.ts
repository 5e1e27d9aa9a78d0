// Freshness of the auth cache on PostgreSQL, where several instances share one database: what
// server/commitwatch.ts does for SQLite (see every commit by another process) done with
// LISTEN/NOTIFY, so a key revoked, rotated past its grace, or whose member's role or tenant's
// tier changed through any instance or the admin command line is refused or limited on the very
// next request at every instance.
//
// Triggers (installed here, idempotently) send one notification per transaction that changes
// what authentication reads: key status, grace, expiry, scopes, label or owner; a member's role;
// any tenant column. The activity batches, which only move last-use stamps, notify nothing.
//
// A notification alone arrives "soon", not "before the next request": the client may get A's
// answer and reach B before B has read it from its socket. So every authentication waits for a
// barrier, a `SELECT 1` on the listening connection sent after the request arrived: PostgreSQL
// signals listeners while it commits (before the writer sees COMMIT return), and the listening
// backend delivers what it was signalled before it answers the next query, so once the barrier
// returns every notification committed before the request was sent has emptied the cache. One
// barrier serves every request that arrived before it was sent: under load one round trip per
// batch, not per request.
//
// While the listening connection is down (or a barrier gets no answer), nothing is cached: the
// watch reports "changed" on every check, so each request reads the database, until it has
// reconnected and listens again (then the cache starts empty: notifications sent in between
// were lost).
import pg from 'pg';
import type { Authenticator } from './auth';
import type { CommitWatch } from './commitwatch';

export const AUTH_CHANNEL = 'keysmith_auth';

/** Idempotent: every instance runs it at start, one at a time (advisory lock). */
export const AUTH_NOTIFY_DDL = `
  SELECT pg_advisory_xact_lock(hashtext('keysmith.auth_notify'));
  CREATE OR REPLACE FUNCTION keysmith_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM pg_notify('${AUTH_CHANNEL}', TG_TABLE_NAME);
    RETURN NULL;
  END $$;
  CREATE OR REPLACE TRIGGER keys_auth_changed
    AFTER UPDATE OF status, revoked_at, grace_ends_at, expires_at, scopes, label, description, member_id, tenant_id, digest OR DELETE ON keys
    FOR EACH STATEMENT EXECUTE FUNCTION keysmith_auth_changed();
  CREATE OR REPLACE TRIGGER members_auth_changed
    AFTER UPDATE OF role, tenant_id OR DELETE ON members
    FOR EACH STATEMENT EXECUTE FUNCTION keysmith_auth_changed();
  CREATE OR REPLACE TRIGGER tenants_auth_changed
    AFTER UPDATE OR DELETE ON tenants
    FOR EACH STATEMENT EXECUTE FUNCTION keysmith_auth_changed();
`;

export interface PgAuthWatchOptions {
  url: string;
  /** The listener went down or came back (for the log). */
  onState?: (state: 'up' | 'down', err?: unknown) => void;
  /** Wait before reconnecting after the listener went down. */
  reconnectMs?: number;
  /** A barrier with no answer by then counts as a lost connection. */
  barrierTimeoutMs?: number;
}

export interface PgAuthWatch {
  /** For the auth cache: "changed" always while the listener is down (notifications are applied through `onInvalidate`). */
  readonly changes: CommitWatch;
  /** `fn` runs on every notification and whenever the listener goes down or comes back: it empties the cache. */
  onInvalidate(fn: () => void): void;
  /** Resolves once every notification committed before this call has been applied (at once while down). */
  barrier(): Promise<void>;
  readonly listening: boolean;
  /** The listener's backend pid (for tests that cut the connection); null while down. */
  readonly backendPid: number | null;
  close(): Promise<void>;
}

/** Connects, installs the triggers and listens; rejects when PostgreSQL cannot be reached at all. */
export async function startPgAuthWatch(o: PgAuthWatchOptions): Promise<PgAuthWatch> {
  const reconnectMs = o.reconnectMs ?? 250;
  const barrierTimeoutMs = o.barrierTimeoutMs ?? 2_000;
  let client: pg.Client | null = null;
  let listening = false;
  let closed = false;
  let installed = false;
  let reconnectTimer: NodeJS.Timeout | null = null;
  /** The barrier in flight was sent before some waiting requests arrived: they wait for the next one. */
  let inFlight: Promise<void> | null = null;
  let next: { promise: Promise<void>; resolve: () => void } | null = null;
  const listeners: (() => void)[] = [];
  const invalidate = (): void => {
    for (const fn of listeners) fn();
  };

  const down = (c: pg.Client, err?: unknown): void => {
    if (client !== c) return;
    client = null;
    const was = listening;
    listening = false;
    invalidate();
    c.removeAllListeners('notification');
    c.on('error', () => {});
    void c.end().catch(() => {});
    if (was) o.onState?.('down', err);
    if (!closed && reconnectTimer === null) {
      reconnectTimer = setTimeout(() => {
        reconnectTimer = null;
        void connect().catch(() => undefined);
      }, reconnectMs);
      reconnectTimer.unref();
    }
  };

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: o.url, application_name: 'keysmith-auth-listen' });
    c.on('error', (err) => down(c, err));
    c.on('end', () => down(c));
    client = c;
    try {
      await c.connect();
      // Once per process: on a reconnect the triggers are there, and their DDL would lock the tables.
      if (!installed) await c.query(AUTH_NOTIFY_DDL);
      installed = true;
      c.on('notification', (msg) => {
        if (msg.channel === AUTH_CHANNEL) invalidate();
      });
      await c.query(`LISTEN ${AUTH_CHANNEL}`);
    } catch (err) {
      down(c, err);
      throw err;
    }
    if (client !== c || closed) return;
    listening = true;
    // What was cached before (if anything) may have missed notifications sent while down.
    invalidate();
    o.onState?.('up');
  };

  const sendBarrier = (): void => {
    const waiting = next;
    if (waiting === null) return;
    next = null;
    const c = client;
    if (c === null || !listening) {
      waiting.resolve();
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        down(c, new Error('the auth listener did not answer a barrier in time'));
        resolve();
      }, barrierTimeoutMs);
    });
    // node-postgres emits each notification as it parses it, so they are all applied before
    // the barrier's own answer resolves this query.
    const answered = c.query('SELECT 1').then(
      () => undefined,
      (err: unknown) => down(c, err),
    );
    inFlight = Promise.race([answered, timeout]).then(() => {
      clearTimeout(timer);
      inFlight = null;
      waiting.resolve();
      sendBarrier();
    });
  };

  try {
    await connect();
  } catch (err) {
    closed = true;
    if (reconnectTimer) clearTimeout(reconnectTimer);
    throw err;
  }

  return {
    changes: {
      changed: () => !listening,
      close() {},
    },
    onInvalidate(fn) {
      listeners.push(fn);
    },
    barrier() {
      if (!listening) return Promise.resolve();
      if (next === null) {
        let resolve!: () => void;
        const promise = new Promise<void>((r) => (resolve = r));
        next = { promise, resolve };
        if (inFlight === null) sendBarrier();
        return promise;
      }
      return next.promise;
    },
    get listening() {
      return listening;
    },
    get backendPid() {
      const pid = (client as unknown as { processID?: number } | null)?.processID;
      return listening && typeof pid === 'number' ? pid : null;
    },
    async close() {
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      const c = client;
      client = null;
      listening = false;
      next?.resolve();
      if (c) await c.end().catch(() => undefined);
    },
  };
}

/** Authentication that first waits for the watch's barrier, so a cached key is never older than the request. */
export function barrierAuthenticator(inner: Authenticator, watch: Pick<PgAuthWatch, 'barrier'>): Authenticator {
  return {
    authenticate(secret) {
      if (secret === null) return inner.authenticate(secret);
      return watch.barrier().then(() => inner.authenticate(secret));
    },
  };
}
