// Fault injection for the credential swap, shared by the in-process runs and the child that
// SIGKILLs itself. Every remote call (a fetch) and every keychain write (set or delete) is one
// numbered operation; a plan names one operation and what goes wrong there. Faults are made
// at the boundary the app really has (the fetch it is given, the keychain it is given), around
// the real server and the real keychain.
import { createHash } from 'node:crypto';
import { AppError } from '../../main/app-error';
import type { FetchLike } from '../../main/keyapi/key-api-client';
import type { SecretStore } from '../../main/vault/vault';

export type HttpFault = '401' | '403' | '500' | 'timeout' | 'kill' | '401-sticky';
export type KeychainFault = 'keychain-fail' | 'kill';
export type FaultKind = HttpFault | KeychainFault;

export const HTTP_FAULTS: readonly HttpFault[] = ['401', '403', '500', 'timeout', 'kill'];
export const KEYCHAIN_FAULTS: readonly KeychainFault[] = ['keychain-fail', 'kill'];

export interface Op {
  type: 'http' | 'keychain';
  /** `GET /me/key`, `POST /me/keys`, `set tenant:…:primary` … */
  what: string;
  /** A short digest of the credential an http op carried (never the secret). */
  auth: string | null;
}

export interface FaultPlan {
  at: number;
  kind: FaultKind;
}

const digest = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 12);

const errorResponse = (status: number, error: string) =>
  new Response(JSON.stringify({ error, message: `injected ${status}` }), { status, headers: { 'content-type': 'application/json' } });

const slotOf = (account: string) => account.replace(/^tenant:tn_[0-9a-z]+:/, 'tenant:…:').replace(/^key:tn_[0-9a-z]+:/, 'key:…:');

/** Counts operations while armed, and does to the planned one what the plan says. */
export class FaultInjector {
  readonly ops: Op[] = [];
  private armed = false;
  private plan: FaultPlan | null = null;
  private stickyAuth: string | null = null;
  /** What happened at the planned operation, once it happened. */
  injected: Op | null = null;

  constructor(private readonly onKill: () => never = () => process.kill(process.pid, 'SIGKILL') as never) {}

  arm(plan: FaultPlan | null): void {
    this.ops.length = 0;
    this.plan = plan;
    this.stickyAuth = null;
    this.injected = null;
    this.armed = true;
  }

  disarm(): void {
    this.armed = false;
    this.stickyAuth = null;
  }

  private next(op: Op): FaultKind | null {
    if (!this.armed) return null;
    const index = this.ops.push(op) - 1;
    if (this.plan?.at !== index) return null;
    this.injected = op;
    return this.plan.kind;
  }

  readonly fetch: FetchLike = async (input, init) => {
    const headers = new Headers(init.headers);
    const secret = headers.get('x-api-key') ?? headers.get('authorization')?.replace(/^Bearer /, '') ?? null;
    const auth = secret === null ? null : digest(secret);
    if (this.armed && this.stickyAuth !== null && auth === this.stickyAuth) {
      this.ops.push({ type: 'http', what: `${init.method ?? 'GET'} ${new URL(input).pathname}`, auth });
      return errorResponse(401, 'unauthorized');
    }
    const kind = this.next({ type: 'http', what: `${init.method ?? 'GET'} ${new URL(input).pathname}`, auth });
    switch (kind) {
      case '401':
        return errorResponse(401, 'unauthorized');
      case '401-sticky':
        this.stickyAuth = auth;
        return errorResponse(401, 'unauthorized');
      case '403':
        return errorResponse(403, 'forbidden');
      case '500': {
        // The server acted; its answer was lost on the way (a proxy's 500).
        const res = await fetch(input, init);
        await res.body?.cancel();
        return errorResponse(500, 'internal_error');
      }
      case 'timeout': {
        // The server acts, the answer never comes: the client's own timeout fires.
        const res = await fetch(input, init);
        await res.body?.cancel();
        const signal = init.signal;
        if (!signal) throw new Error('the client sends every request with a timeout signal');
        // Rejected the way fetch rejects on its signal's timeout.
        const timedOut = () => new DOMException('The operation was aborted due to timeout', 'TimeoutError');
        return new Promise<Response>((_resolve, reject) => {
          if (signal.aborted) reject(timedOut());
          else signal.addEventListener('abort', () => reject(timedOut()), { once: true });
        });
      }
      case 'kill': {
        await fetch(input, init);
        return this.onKill();
      }
      default:
        return fetch(input, init);
    }
  };

  vault(store: SecretStore): SecretStore {
    const write = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
      const kind = this.next({ type: 'keychain', what, auth: null });
      if (kind === 'keychain-fail') throw new AppError('keychain_unavailable', 'injected: the keychain refused the write');
      const out = await call();
      if (kind === 'kill') this.onKill();
      return out;
    };
    return {
      get: (account) => store.get(account),
      set: (account, secret) => write(`set ${slotOf(account)}`, () => store.set(account, secret)),
      delete: (account) => write(`delete ${slotOf(account)}`, () => store.delete(account)),
      available: () => store.available(),
    };
  }
}

/** Every fault that applies to an operation. `401-sticky` goes on each GET /me/key (the verify and identify calls). */
export function faultsFor(op: Op): FaultKind[] {
  if (op.type === 'keychain') return [...KEYCHAIN_FAULTS];
  return op.what === 'GET /me/key' ? [...HTTP_FAULTS, '401-sticky'] : [...HTTP_FAULTS];
}
