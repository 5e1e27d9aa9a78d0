// Where the user is: screen, tenant scope, selected key and which dialog is open. Held in
// React state at the root (no module-level store) and shared through context.
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { KeyRef } from '../../../contract/ipc';

export type Screen = 'keys' | 'audit' | 'log' | 'settings';

export type OpenDialog =
  | { kind: 'none' }
  | { kind: 'add-tenant' }
  | { kind: 'mint'; tenantRef: string | null }
  | { kind: 'rotate'; key: KeyRef }
  | { kind: 'revoke'; key: KeyRef }
  | { kind: 'revoke-all'; tenantRef: string }
  | { kind: 'swap'; tenantRef: string }
  | { kind: 'remove-tenant'; tenantRef: string }
  | { kind: 'tenant-policy'; tenantRef: string }
  | { kind: 'repair-tenant'; tenantRef: string }
  | { kind: 'shortcuts' }
  | { kind: 'revoke-many'; keys: Array<KeyRef & { label: string }>; onDone: () => void };

export interface AppState {
  screen: Screen;
  setScreen: (screen: Screen) => void;
  tenantScope: string | null;
  setTenantScope: (tenantRef: string | null) => void;
  selectedKey: KeyRef | null;
  selectKey: (key: KeyRef | null) => void;
  dialog: OpenDialog;
  openDialog: (dialog: OpenDialog) => void;
  closeDialog: () => void;
  paletteOpen: boolean;
  setPaletteOpen: (open: boolean) => void;
}

const AppStateContext = createContext<AppState | null>(null);

export function AppStateProvider({ children }: { children: ReactNode }) {
  const [screen, setScreen] = useState<Screen>('keys');
  const [tenantScope, setTenantScope] = useState<string | null>(null);
  const [selectedKey, selectKey] = useState<KeyRef | null>(null);
  const [dialog, setDialog] = useState<OpenDialog>({ kind: 'none' });
  const [paletteOpen, setPaletteOpen] = useState(false);

  const value = useMemo<AppState>(
    () => ({
      screen,
      setScreen,
      tenantScope,
      setTenantScope,
      selectedKey,
      selectKey,
      dialog,
      openDialog: setDialog,
      closeDialog: () => setDialog({ kind: 'none' }),
      paletteOpen,
      setPaletteOpen,
    }),
    [screen, tenantScope, selectedKey, dialog, paletteOpen],
  );
  return <AppStateContext.Provider value={value}>{children}</AppStateContext.Provider>;
}

export function useAppState(): AppState {
  const state = useContext(AppStateContext);
  if (!state) throw new Error('useAppState outside AppStateProvider');
  return state;
}
