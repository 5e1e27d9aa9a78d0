// Reminder checks run at start, on every interval tick and on resume, one at a time.
import { describe, expect, it } from 'vitest';
import { createReminderScheduler, REMINDER_INTERVAL_MS } from '../../main/shell/reminder-scheduler';
import { present } from '../fixtures/present';

function harness(check: () => Promise<unknown>) {
  const intervals = new Map<number, { run: () => void; ms: number }>();
  let nextHandle = 1;
  const resumeListeners = new Set<() => void>();
  const errors: unknown[] = [];
  const scheduler = createReminderScheduler({
    check,
    timer: {
      setInterval: (run, ms) => {
        const handle = nextHandle++;
        intervals.set(handle, { run, ms });
        return handle;
      },
      clearInterval: (handle) => intervals.delete(handle as number),
    },
    power: {
      onResume: (listener) => {
        resumeListeners.add(listener);
        return () => resumeListeners.delete(listener);
      },
    },
    onError: (e) => errors.push(e),
  });
  return {
    scheduler,
    errors,
    intervals,
    resumeListeners,
    tick: () => [...intervals.values()].forEach((i) => i.run()),
    resume: () => [...resumeListeners].forEach((l) => l()),
  };
}

const settle = () => new Promise((r) => setImmediate(r));

function deferredChecks() {
  const pending: Array<() => void> = [];
  let calls = 0;
  const check = () => {
    calls++;
    return new Promise<void>((resolve) => pending.push(resolve));
  };
  return { check, pending, calls: () => calls };
}

describe('createReminderScheduler', () => {
  it('checks at start, hourly and on resume', async () => {
    let calls = 0;
    const h = harness(async () => void calls++);
    h.scheduler.start();
    await settle();
    expect(calls).toBe(1);
    expect([...h.intervals.values()].map((i) => i.ms)).toEqual([REMINDER_INTERVAL_MS]);
    h.tick();
    await settle();
    h.resume();
    await settle();
    expect(calls).toBe(3);
  });

  it('starts once however often start is called', async () => {
    let calls = 0;
    const h = harness(async () => void calls++);
    h.scheduler.start();
    h.scheduler.start();
    await settle();
    expect(calls).toBe(1);
    expect(h.intervals.size).toBe(1);
    expect(h.resumeListeners.size).toBe(1);
  });

  it('folds triggers that arrive during a check into one follow-up', async () => {
    const d = deferredChecks();
    const h = harness(d.check);
    h.scheduler.start();
    h.tick();
    h.resume();
    const manual = h.scheduler.trigger();
    expect(d.calls()).toBe(1);
    present(d.pending.shift())();
    await settle();
    expect(d.calls()).toBe(2);
    present(d.pending.shift())();
    await manual;
    expect(d.calls()).toBe(2);
  });

  it('reports a failed check and keeps going', async () => {
    let calls = 0;
    const h = harness(async () => {
      calls++;
      if (calls === 1) throw new Error('offline');
    });
    h.scheduler.start();
    await settle();
    expect(h.errors).toHaveLength(1);
    await h.scheduler.trigger();
    expect(calls).toBe(2);
    expect(h.errors).toHaveLength(1);
  });

  it('stops the timer and the resume subscription', async () => {
    let calls = 0;
    const h = harness(async () => void calls++);
    h.scheduler.start();
    await settle();
    h.scheduler.stop();
    expect(h.intervals.size).toBe(0);
    expect(h.resumeListeners.size).toBe(0);
    h.resume();
    await settle();
    expect(calls).toBe(1);
  });
});
