import { createContext, useContext, type ReactNode } from 'react';
import type { KeysmithClient } from './keysmith-client';

const KeysmithContext = createContext<KeysmithClient | null>(null);

export function KeysmithProvider({ client, children }: { client: KeysmithClient; children: ReactNode }) {
  return <KeysmithContext.Provider value={client}>{children}</KeysmithContext.Provider>;
}

export function useKeysmith(): KeysmithClient {
  const client = useContext(KeysmithContext);
  if (!client) throw new Error('useKeysmith outside KeysmithProvider');
  return client;
}
