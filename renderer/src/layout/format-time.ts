// Dates as people read them in a table: short absolute dates and relative ages.
const dateFmt = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFmt = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const relFmt = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export const formatDate = (iso: string | null): string => (iso ? dateFmt.format(new Date(iso)) : '—');
export const formatDateTime = (iso: string | null): string => (iso ? dateTimeFmt.format(new Date(iso)) : '—');

export function formatRelative(iso: string | null, now: number = Date.now()): string {
  if (!iso) return 'never';
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return relFmt.format(seconds, 'second');
  if (abs < 3600) return relFmt.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relFmt.format(Math.round(seconds / 3600), 'hour');
  return relFmt.format(Math.round(seconds / 86_400), 'day');
}

/**
 * For moments that have already happened (a sync, a check, a use). The core stamps them with
 * its clock; one a little ahead of this window's clock still happened, so it reads "just now"
 * and never "in 2 seconds".
 */
export function formatSince(iso: string | null, now: number = Date.now()): string {
  if (!iso) return 'never';
  const at = new Date(iso).getTime();
  return now - at < 5_000 ? 'just now' : formatRelative(iso, now);
}
