// A visible countdown to the moment main clears the clipboard (clearsAt), ended early by
// the clipboard:cleared event.
import { useCallback, useEffect, useState } from 'react';
import { useKeysmith } from '../ipc/keysmith-context';

export function useClipboardCountdown() {
  const ks = useKeysmith();
  const [clearsAt, setClearsAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [cleared, setCleared] = useState(false);

  useEffect(() => ks.on('clipboard:cleared', () => setCleared(true)), [ks]);

  useEffect(() => {
    if (clearsAt === null || cleared) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [clearsAt, cleared]);

  const start = useCallback((iso: string) => {
    setCleared(false);
    setNow(Date.now());
    setClearsAt(new Date(iso).getTime());
  }, []);

  const secondsLeft = clearsAt === null ? null : cleared ? 0 : Math.max(0, Math.ceil((clearsAt - now) / 1000));
  return { start, secondsLeft, cleared };
}
