// The rate gate alone, on a clock and timers this file moves by hand: admission by the
// announced budget (in-flight calls included), the reset, Retry-After, arrival order, and the
// maxWait refusal. Time is simulated, so the minute windows cost nothing.
import { describe, expect, it } from 'vitest';
import { createRateGate, type Admission, type RateGate, type RatePermit } from '../../main/keyapi/rate-gate';
import type { Clock } from '../../main/ports/clock';
import type { TimerHandle, Timers } from '../../main/ports/timers';
import { present } from '../fixtures/present';

class FakeTime implements Clock {
  private t = 1_000_000;
  private seq = 0;
  private readonly due = new Map<number, { at: number; fn: () => void }>();
  /** Every timer set, with the instant it was set for. */
  readonly scheduled: number[] = [];

  now(): number {
    return this.t;
  }

  readonly timers: Timers = {
    setTimeout: (fn, ms): TimerHandle => {
      const id = ++this.seq;
      this.due.set(id, { at: this.t + ms, fn });
      this.scheduled.push(this.t + ms);
      return { id };
    },
    clearTimeout: (h) => {
      this.due.delete(h.id as number);
    },
  };

  pending(): number {
    return this.due.size;
  }

  /** Moves to `to`, firing due timers in order at their own instants. */
  async until(to: number): Promise<void> {
    for (;;) {
      const next = [...this.due.entries()].sort((a, b) => a[1].at - b[1].at)[0];
      if (!next || next[1].at > to) break;
      this.due.delete(next[0]);
      this.t = next[1].at;
      next[1].fn();
      await settleMicrotasks();
    }
    this.t = to;
    await settleMicrotasks();
  }
}

const settleMicrotasks = () => new Promise<void>((r) => setImmediate(r));

const MIN = 60_000;

/** Calls that queue at the gate, each recording when (and in which order) it was admitted or refused. */
function caller(gate: RateGate, time: FakeTime, maxWaitMs = 90_000) {
  const log: { n: number; at: number; admission: Admission }[] = [];
  const permits = new Map<number, RatePermit>();
  let n = 0;
  return {
    log,
    admitted: () => log.filter((l) => l.admission.admitted).map((l) => l.n),
    start(count: number) {
      for (let i = 0; i < count; i++) {
        const me = ++n;
        void gate.admit(maxWaitMs).then((admission) => {
          log.push({ n: me, at: time.now(), admission });
          if (admission.admitted) permits.set(me, admission.permit);
        });
      }
    },
    permit(k: number): RatePermit {
      const p = permits.get(k);
      if (!p) throw new Error(`call ${k} holds no permit`);
      return p;
    },
  };
}

describe('rate gate', () => {
  it('sends one probe while the budget is unknown, then admits what its answer leaves room for', async () => {
    const time = new FakeTime();
    const gate = createRateGate(time, time.timers);
    const c = caller(gate, time);
    c.start(6);
    await settleMicrotasks();
    expect(c.admitted()).toEqual([1]);

    const reset = time.now() + 30_000;
    c.permit(1).settle({ budget: { limit: 5, remaining: 3, resetAtMs: reset }, retryAfterMs: null });
    await settleMicrotasks();
    // 3 left in the window, none in flight: exactly three more go, the rest wait.
    expect(c.admitted()).toEqual([1, 2, 3, 4]);

    // Answers coming back out of order: the lowest count is the server's latest, so the
    // late "2 left" does not reopen a slot that "0 left" already closed.
    c.permit(4).settle({ budget: { limit: 5, remaining: 0, resetAtMs: reset }, retryAfterMs: null });
    c.permit(2).settle({ budget: { limit: 5, remaining: 2, resetAtMs: reset + 900 }, retryAfterMs: null });
    c.permit(3).settle({ budget: { limit: 5, remaining: 1, resetAtMs: reset }, retryAfterMs: null });
    await settleMicrotasks();
    expect(c.admitted()).toEqual([1, 2, 3, 4]);
    // Closed until the reset announced, and no earlier wake-up than that instant.
    expect(time.pending()).toBe(1);
    expect(Math.min(...time.scheduled)).toBe(reset);

    await time.until(reset - 1);
    expect(c.admitted()).toEqual([1, 2, 3, 4]);
    await time.until(reset);
    // At the reset, the window's limit is admitted in arrival order (only two are left).
    expect(c.admitted()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(c.log.filter((l) => l.n >= 5).every((l) => l.at === reset)).toBe(true);
    expect(time.pending()).toBe(0);
  });

  it('spreads a queue over windows: never more than the budget per window, in arrival order, woken at each reset', async () => {
    const time = new FakeTime();
    const gate = createRateGate(time, time.timers);
    const c = caller(gate, time, 5 * MIN);
    // The budget is known from an earlier call: 2 of 5 left, resetting in 40 s.
    c.start(1);
    await settleMicrotasks();
    let reset = time.now() + 40_000;
    c.permit(1).settle({ budget: { limit: 5, remaining: 2, resetAtMs: reset }, retryAfterMs: null });

    c.start(12);
    const perWindow: number[][] = [];
    let answered = 1;
    // The server's side: each admitted call is answered 50 ms later with the window's count.
    let used = 3;
    for (let w = 0; w < 4 && answered < 13; w++) {
      await settleMicrotasks();
      const batch = c.admitted().slice(answered);
      perWindow.push(batch);
      for (const k of batch) {
        await time.until(time.now() + 50);
        used++;
        c.permit(k).settle({ budget: { limit: 5, remaining: 5 - used, resetAtMs: reset }, retryAfterMs: null });
        answered++;
      }
      await settleMicrotasks();
      expect(c.admitted()).toHaveLength(answered);
      await time.until(reset);
      reset = time.now() + MIN;
      used = 0;
    }
    expect(perWindow).toEqual([
      [2, 3],
      [4, 5, 6, 7, 8],
      [9, 10, 11, 12, 13],
    ]);
    const admittedAt = (k: number) => present(c.log.find((l) => l.n === k)).at;
    // Woken at the reset itself, not a poll later.
    expect(admittedAt(4)).toBe(1_000_000 + 40_000);
    expect(admittedAt(9)).toBe(1_000_000 + 40_000 + MIN);
  });

  it('a 429 closes the gate until Retry-After for every waiting call, then paces by its headers', async () => {
    const time = new FakeTime();
    const gate = createRateGate(time, time.timers);
    const c = caller(gate, time);
    c.start(4);
    await settleMicrotasks();
    expect(c.admitted()).toEqual([1]);
    const start = time.now();
    // Another client spent the window: the probe is refused.
    c.permit(1).settle({ budget: { limit: 5, remaining: 0, resetAtMs: start + 21_000 }, retryAfterMs: 20_000 });
    await settleMicrotasks();
    expect(c.admitted()).toEqual([1]);
    await time.until(start + 20_999);
    expect(c.admitted()).toEqual([1]);
    // Retry-After ends first, but the headers said the window resets a second later.
    await time.until(start + 21_000);
    expect(c.admitted()).toEqual([1, 2, 3, 4]);
  });

  it('refuses at once, with the wait, the calls that would wait longer than they accept', async () => {
    const time = new FakeTime();
    const gate = createRateGate(time, time.timers);
    const patient = caller(gate, time, 4_000_000);
    const hasty = caller(gate, time, 90_000);
    patient.start(1);
    hasty.start(2);
    patient.start(1);
    await settleMicrotasks();
    // The hourly budget is spent: 3600 s to wait.
    patient.permit(1).settle({ budget: { limit: 1000, remaining: 0, resetAtMs: time.now() + 3_600_000 }, retryAfterMs: 3_600_000 });
    await settleMicrotasks();
    expect(hasty.log.map((l) => l.admission)).toEqual([
      { admitted: false, waitMs: 3_600_000 },
      { admitted: false, waitMs: 3_600_000 },
    ]);
    expect(patient.admitted()).toEqual([1]);
    await time.until(time.now() + 3_600_000);
    expect(patient.admitted()).toEqual([1, 2]);
  });

  it('counts a request that got no answer against the window, and stops pacing a server that announces no budget', async () => {
    const time = new FakeTime();
    const paced = createRateGate(time, time.timers);
    const c = caller(paced, time);
    c.start(1);
    await settleMicrotasks();
    c.permit(1).settle({ budget: { limit: 5, remaining: 2, resetAtMs: time.now() + MIN }, retryAfterMs: null });
    c.start(3);
    await settleMicrotasks();
    expect(c.admitted()).toEqual([1, 2, 3]);
    // A network failure: the server may have counted it, so one slot is left, and call 3 holds it.
    c.permit(2).settle({ budget: null, retryAfterMs: null });
    await settleMicrotasks();
    expect(c.admitted()).toEqual([1, 2, 3]);

    const silent = createRateGate(time, time.timers);
    const d = caller(silent, time);
    d.start(5);
    await settleMicrotasks();
    expect(d.admitted()).toEqual([1]);
    d.permit(1).settle({ budget: null, retryAfterMs: null });
    await settleMicrotasks();
    expect(d.admitted()).toEqual([1, 2, 3, 4, 5]);
  });
});
