// Rotation reminders: at start, hourly, on resume and on demand, find the keys that crossed a
// threshold since they were last told about, raise a notification (one per crossing, or one
// grouped notice when a check finds several; only when the user allows notifications), and
// publish the tray summary.
import type { InventoryKey, ReminderSummary } from '../../contract/ipc';
import { AppError } from '../app-error';
import { dueCrossings, noticeText } from './due-crossings';
import { groupedNotice } from './grouped-notice';
import type { ReminderBook } from './reminder-book';
import { summarize } from './reminder-summary';
import type { Clock } from '../ports/clock';

export interface ReminderNotice {
  title: string;
  body: string;
  tenantRef: string;
  keyId: string;
}

export interface ReminderDeps {
  book: ReminderBook;
  clock: Clock;
  /** Every cached key, badges computed for now() by main/policy. */
  inventory: () => Promise<InventoryKey[]>;
  /** One key from the cache, or null. */
  inventoryKey: (tenantRef: string, keyId: string) => Promise<InventoryKey | null>;
  /** Snoozes are kept on the inventory row, so the inventory shows them. */
  setSnoozedUntil: (tenantRef: string, keyId: string, until: Date | null) => Promise<void>;
  notify: (notice: ReminderNotice) => void;
  notificationsEnabled: () => boolean;
  emit: (summary: ReminderSummary) => void;
}

export class ReminderService {
  /** Checks run one at a time, so two triggers at once cannot both notify a crossing. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ReminderDeps) {}

  // The Clock port speaks epoch ms; dates are made here, where they are computed with.
  private now(): Date {
    return new Date(this.deps.clock.now());
  }

  check(): Promise<ReminderSummary> {
    const run = this.queue.then(() => this.runCheck());
    this.queue = run.catch(() => undefined);
    return run;
  }

  async summary(): Promise<ReminderSummary> {
    return summarize(await this.deps.inventory(), this.now(), this.deps.book.lastCheckedAt());
  }

  async snooze(tenantRef: string, keyId: string, days: 1 | 7): Promise<InventoryKey> {
    const key = await this.deps.inventoryKey(tenantRef, keyId);
    if (!key) throw new AppError('not_found', 'That key is not in the inventory; sync the tenant and try again.', { tenantRef });
    const now = this.now();
    const until = new Date(now.getTime() + days * 86_400_000);
    await this.deps.setSnoozedUntil(tenantRef, keyId, until);
    // What was notified is settled, so the key is reminded once more when the snooze ends.
    this.deps.book.settleNotices(tenantRef, keyId, now.toISOString());
    this.deps.emit(await this.summary());
    return (await this.deps.inventoryKey(tenantRef, keyId)) ?? { ...key, snoozedUntil: until.toISOString() };
  }

  /** A rotated or revoked key: its reminders are done with and its snooze is moot. */
  async settle(tenantRef: string, keyId: string): Promise<void> {
    this.deps.book.settleNotices(tenantRef, keyId, this.now().toISOString());
    await this.deps.setSnoozedUntil(tenantRef, keyId, null);
  }

  private async runCheck(): Promise<ReminderSummary> {
    const { book } = this.deps;
    const now = this.now();
    const at = now.toISOString();
    const keys = await this.deps.inventory();
    const crossings = dueCrossings({ keys, notified: book.notifiedSet(), now });
    const notify = this.deps.notificationsEnabled();
    // Every crossing is recorded, even with notifications off, so turning them on later does
    // not replay the backlog and a grouped crossing is never told about again on its own.
    const fresh = crossings.filter((c) => book.recordNotice(c.key.tenantRef, c.key.id, c.kind, at));
    const [only] = fresh;
    if (notify && only && fresh.length === 1) {
      this.deps.notify({ ...noticeText(only), tenantRef: only.key.tenantRef, keyId: only.key.id });
    } else if (notify && fresh.length > 1) {
      const { title, body, worst } = groupedNotice(fresh, now);
      this.deps.notify({ title, body, tenantRef: worst.tenantRef, keyId: worst.id });
    }
    book.markChecked(at);
    const summary = summarize(keys, now, at);
    this.deps.emit(summary);
    return summary;
  }
}
