// Shared by the trust suites: a fetch wrapper that records every URL the core asks for and
// can refuse hosts, so a test proves a secret was never sent rather than that a call failed.
import type { FetchLike } from '../../main/keyapi/key-api-client';

export interface RecordingFetch {
  fetch: FetchLike;
  /** Every URL requested, in order, with the headers that carried a key. */
  readonly requests: { url: string; carriedKey: boolean }[];
  to(host: string): number;
}

/** Forwards to the real fetch, except hosts in `unreachable`, which fail like a dead network. */
export function recordingFetch(unreachable: readonly string[] = []): RecordingFetch {
  const requests: { url: string; carriedKey: boolean }[] = [];
  return {
    requests,
    to: (host) => requests.filter((r) => new URL(r.url).host === host).length,
    fetch: async (input, init) => {
      const headers = new Headers(init.headers);
      requests.push({ url: input, carriedKey: headers.has('authorization') || headers.has('x-api-key') });
      if (unreachable.includes(new URL(input).host)) throw new TypeError('fetch failed');
      return fetch(input, init);
    },
  };
}
