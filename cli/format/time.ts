// Relative times for people ("3 h ago", "in 6 d"); --json keeps the ISO stamps.
const MINUTES: readonly [number, string] = [60_000, 'min'];
const UNITS: ReadonlyArray<readonly [number, string]> = [
  [365 * 86_400_000, 'y'],
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  MINUTES,
];

export function relative(iso: string | null, nowMs: number, never = 'never'): string {
  if (iso === null) return never;
  const delta = Date.parse(iso) - nowMs;
  const abs = Math.abs(delta);
  if (abs < 60_000) return 'just now';
  const [size, unit] = UNITS.find(([ms]) => abs >= ms) ?? MINUTES;
  const n = Math.floor(abs / size);
  return delta < 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`;
}

export const days = (n: number) => `${n} d`;
