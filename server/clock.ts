// Every module reads time through an injected clock so tests can move server time
// (expiry, grace periods) without waiting, and so one process never mixes two notions of "now".
export interface Clock {
  /** Milliseconds since the epoch, as the server sees it. */
  now: () => number;
}

export function systemClock(offsetSeconds = 0): Clock {
  const offsetMs = Math.round(offsetSeconds * 1000);
  return { now: () => Date.now() + offsetMs };
}

export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));
