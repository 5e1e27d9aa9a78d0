// The store keeps times as epoch milliseconds (INTEGER); the contract speaks ISO text. These
// convert at a repository's boundary, and nowhere else.
export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

/** Throws rather than binding NaN, which SQLite would store as NULL. */
export const epochMs = (text: string): number => {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`not a time: ${JSON.stringify(text)}`);
  return ms;
};
export const epochMsOrNull = (text: string | null): number | null => (text === null ? null : epochMs(text));
