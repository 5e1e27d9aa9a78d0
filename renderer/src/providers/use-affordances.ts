// The capability mapping (./affordances pulls in the zod contract) for screens painted first:
// loaded after paint, null until then. What depends on it stays absent until it is known, never
// offered by default.
import { useEffect, useState } from 'react';

type Affordances = typeof import('./affordances');

export function useAffordances(): Affordances | null {
  const [mod, setMod] = useState<Affordances | null>(null);
  useEffect(() => {
    let live = true;
    void import('./affordances').then((m) => {
      if (live) setMod(m);
    });
    return () => {
      live = false;
    };
  }, []);
  return mod;
}
