// A key's requests per UTC day as a small bar chart. Plain SVG (no chart library); the figure's
// caption says in words what the bars show, and the SVG itself is hidden from screen readers so
// they hear the summary once rather than thirty unlabeled shapes.
import type { UsageDay } from '../../../contract/keyapi';

const WIDTH = 300;
const HEIGHT = 60;
const GAP = 2;
/** A day with requests never drops below this height, so one request is still visible. */
const MIN_BAR = 2;

const dayLabel = (date: string): string =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** What a screen reader (and anyone) reads instead of the bars. */
export function usageSummary(days: readonly UsageDay[]): string {
  const total = days.reduce((n, d) => n + d.requests, 0);
  const span = `the last ${days.length} ${days.length === 1 ? 'day' : 'days'}`;
  if (total === 0) return `No requests in ${span}.`;
  const busiest = days.reduce((a, b) => (b.requests > a.requests ? b : a));
  const active = days.filter((d) => d.requests > 0).length;
  const today = days.at(-1)?.requests ?? 0;
  return (
    `${total.toLocaleString()} ${total === 1 ? 'request' : 'requests'} in ${span}, on ${active} ${active === 1 ? 'day' : 'days'}; ` +
    `busiest ${dayLabel(busiest.date)} (${busiest.requests.toLocaleString()}); today ${today.toLocaleString()}.`
  );
}

export function UsageChart({ days }: { days: readonly UsageDay[] }) {
  const max = Math.max(1, ...days.map((d) => d.requests));
  const slot = WIDTH / Math.max(1, days.length);
  const barWidth = Math.max(1, slot - GAP);
  const first = days[0];
  const last = days.at(-1);
  return (
    <figure className="usage-chart" data-testid="usage-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" height={HEIGHT} preserveAspectRatio="none" aria-hidden="true" focusable="false">
        <line className="usage-axis" x1={0} x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} />
        {days.map((d, i) => {
          const h = d.requests === 0 ? 0 : Math.max(MIN_BAR, (d.requests / max) * (HEIGHT - 1));
          return (
            <rect key={d.date} className="usage-bar" data-testid="usage-bar" data-date={d.date} data-requests={d.requests} x={i * slot} y={HEIGHT - 1 - h} width={barWidth} height={h}>
              <title>{`${dayLabel(d.date)}: ${d.requests.toLocaleString()}`}</title>
            </rect>
          );
        })}
      </svg>
      {first && last ? (
        <div className="usage-range" aria-hidden="true">
          <span>{dayLabel(first.date)}</span>
          <span>{dayLabel(last.date)}</span>
        </div>
      ) : null}
      <figcaption data-testid="usage-summary">{usageSummary(days)}</figcaption>
    </figure>
  );
}
