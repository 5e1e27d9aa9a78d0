// Time as the services see it: injected so policy, badges and clipboard clearing can be
// tested at any instant without waiting.
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
