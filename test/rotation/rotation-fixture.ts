// Shared set-up of the rotation suites: a core with the rotation module (optionally with a
// crash hook or custom poll intervals), plus small helpers around the real server.
import { setTimeout as sleep } from 'node:timers/promises';
import type { RotationModuleOptions } from '../../main/rotation/rotation-module';
import { createReminderScheduler, type ReminderScheduler } from '../../main/shell/reminder-scheduler';
import { createTestCore, type TestCore, type TestCoreOptions } from '../fixtures/core';
import { api } from '../fixtures/server';

export function rotationCore(opts: TestCoreOptions = {}, moduleOptions: RotationModuleOptions = {}): Promise<TestCore> {
  return createTestCore({ ...opts, rotation: moduleOptions });
}

/**
 * The app's one owner of reminder checks (start, hourly, resume), on the test core's manual
 * timers: an interval is a timeout that re-arms itself. Failures fail the test.
 */
export function reminderScheduler(t: TestCore): ReminderScheduler & { errors: unknown[] } {
  const errors: unknown[] = [];
  const handles = new Map<number, ReturnType<TestCore['time']['timers']['setTimeout']>>();
  let next = 0;
  const scheduler = createReminderScheduler({
    check: () => t.core.rotation.reminders.check(),
    timer: {
      setInterval: (run, ms) => {
        const id = ++next;
        const arm = () => handles.set(id, t.time.timers.setTimeout(() => (run(), arm()), ms));
        arm();
        return id;
      },
      clearInterval: (id) => {
        const handle = handles.get(id as number);
        if (handle) t.time.timers.clearTimeout(handle);
        handles.delete(id as number);
      },
    },
    power: { onResume: () => () => undefined },
    onError: (error) => errors.push(error),
  });
  return Object.assign(scheduler, { errors });
}

/** Re-asks until `probe` returns a value; bounded by tries, not by a deadline on the clock. */
export async function eventually<T>(what: string, probe: () => Promise<T | null | undefined | false>, tries = 60, pauseMs = 200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await probe();
    if (v) return v;
    await sleep(pauseMs);
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Status of GET /me/key with this secret: 200 when it authenticates, 401 when not. */
export async function authStatus(url: string, secret: string): Promise<number> {
  return (await api(url, secret, 'GET', '/me/key')).status;
}

/** Uses a key the way a caller would, then waits until the server reports that use (writes are batched). */
export async function useKey(url: string, secret: string, keyId: string, observer: string): Promise<string> {
  const lastUse = async () => ((await api(url, observer, 'GET', `/me/keys/${keyId}/activity`)).body as { lastUsedAt: string | null }).lastUsedAt;
  const before = await lastUse();
  const res = await api(url, secret, 'GET', '/me/tenant');
  if (res.status !== 200) throw new Error(`using the key failed with ${res.status}`);
  return eventually(`a new last use of ${keyId}`, async () => {
    const now = await lastUse();
    return now !== before ? now : null;
  });
}
