// The reminder summary (what the tray shows): overdue, due soon and expiring counts.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useKeysmith } from '../ipc/keysmith-context';
import { useReminderSummary } from '../data/data-hooks';
import { formatSince } from '../layout/format-time';
import { queryKeys } from '../data/query-keys';

export function ReminderStrip({ onShowOverdue, enabled }: { onShowOverdue: () => void; enabled: boolean }) {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const summary = useReminderSummary(enabled);
  const check = useMutation({
    mutationFn: () => ks.call('reminders:check', {}),
    onSuccess: (s) => {
      qc.setQueryData(queryKeys.reminders, s);
      void qc.invalidateQueries({ queryKey: queryKeys.keysAll });
    },
  });
  const s = summary.data;
  if (!s) return null;
  return (
    <div className="reminder-strip" role="status" aria-label="Rotation reminders" data-testid="reminder-summary">
      <span className={s.overdue > 0 ? 'count count-bad' : 'count'} data-count="overdue">
        <strong>{s.overdue}</strong> overdue
      </span>
      <span className={s.dueSoon > 0 ? 'count count-warn' : 'count'} data-count="due-soon">
        <strong>{s.dueSoon}</strong> due soon
      </span>
      <span className={s.expiringSoon > 0 ? 'count count-warn' : 'count'} data-count="expiring">
        <strong>{s.expiringSoon}</strong> expiring
      </span>
      {s.overdue > 0 ? (
        <button type="button" className="btn btn-small" onClick={onShowOverdue}>
          Show overdue keys
        </button>
      ) : null}
      <span className="muted small">Checked {formatSince(s.checkedAt)}</span>
      <button type="button" className="btn btn-small" onClick={() => check.mutate()} disabled={check.isPending}>
        Check now
      </button>
    </div>
  );
}
