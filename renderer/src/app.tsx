// The window: tenants on the left, the current screen on the right, dialogs on top.
import * as Tabs from '@radix-ui/react-tabs';
import { useIsFetching } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect } from 'react';
import type { KeyRef } from '../../contract/ipc';
import { KeysScreen } from './keys/keys-screen';
import { useAfterPaint } from './layout/after-paint';
import { useAppState, type OpenDialog, type Screen } from './data/app-state';
import { useAppInfo, useSettings, useTenants } from './data/data-hooks';
import { FirstRun } from './layout/first-run';
import { useMainEvents } from './data/main-events';
import { OfflineBanner } from './layout/offline-banner';
import { queryKeys } from './data/query-keys';
import { TenantSidebar } from './tenants/tenant-sidebar';

// Screens, dialogs and the command palette a user opens later load on demand, so the first
// rows come sooner.
const CommandPalette = lazy(() => import('./layout/command-palette').then((m) => ({ default: m.CommandPalette })));
const ActionLogScreen = lazy(() => import('./audit/action-log-screen').then((m) => ({ default: m.ActionLogScreen })));
const AuditScreen = lazy(() => import('./audit/audit-screen').then((m) => ({ default: m.AuditScreen })));
const MintDialog = lazy(() => import('./keys/mint-dialog').then((m) => ({ default: m.MintDialog })));
const RevokeDialog = lazy(() => import('./keys/revoke-dialog').then((m) => ({ default: m.RevokeDialog })));
const RotateDialog = lazy(() => import('./rotation/rotate-dialog').then((m) => ({ default: m.RotateDialog })));
const SettingsScreen = lazy(() => import('./settings/settings-screen').then((m) => ({ default: m.SettingsScreen })));
const AddTenantDialog = lazy(() => import('./tenants/add-tenant-dialog').then((m) => ({ default: m.AddTenantDialog })));
const RemoveTenantDialog = lazy(() => import('./tenants/remove-tenant-dialog').then((m) => ({ default: m.RemoveTenantDialog })));
const RevokeAllDialog = lazy(() => import('./tenants/revoke-all-dialog').then((m) => ({ default: m.RevokeAllDialog })));
const SwapDialog = lazy(() => import('./tenants/swap-dialog').then((m) => ({ default: m.SwapDialog })));
const RepairTenantDialog = lazy(() => import('./tenants/repair-tenant-dialog').then((m) => ({ default: m.RepairTenantDialog })));
const RevokeManyDialog = lazy(() => import('./keys/revoke-many-dialog').then((m) => ({ default: m.RevokeManyDialog })));
const ShortcutsDialog = lazy(() => import('./layout/shortcuts-dialog').then((m) => ({ default: m.ShortcutsDialog })));
const TenantPolicyDialog = lazy(() => import('./tenants/tenant-policy-dialog').then((m) => ({ default: m.TenantPolicyDialog })));

function DialogHost({ dialog }: { dialog: OpenDialog }) {
  switch (dialog.kind) {
    case 'none':
      return null;
    case 'add-tenant':
      return <AddTenantDialog />;
    case 'mint':
      return <MintDialog tenantRef={dialog.tenantRef} />;
    case 'rotate':
      return <RotateDialog key={dialog.key.keyId} keyRef={dialog.key} />;
    case 'revoke':
      return <RevokeDialog keyRef={dialog.key} />;
    case 'revoke-all':
      return <RevokeAllDialog tenantRef={dialog.tenantRef} />;
    case 'swap':
      return <SwapDialog tenantRef={dialog.tenantRef} />;
    case 'remove-tenant':
      return <RemoveTenantDialog tenantRef={dialog.tenantRef} />;
    case 'tenant-policy':
      return <TenantPolicyDialog tenantRef={dialog.tenantRef} />;
    case 'repair-tenant':
      return <RepairTenantDialog tenantRef={dialog.tenantRef} />;
    case 'shortcuts':
      return <ShortcutsDialog />;
    case 'revoke-many':
      return <RevokeManyDialog keys={dialog.keys} onDone={dialog.onDone} />;
  }
}

/** Applies the theme: 'system' leaves it to prefers-color-scheme in the CSS. */
function useTheme() {
  const theme = useSettings().data?.theme ?? 'system';
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}

/** Typing into a field must never trigger a one-key shortcut. */
const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

function useShortcuts() {
  const { setPaletteOpen, paletteOpen, openDialog, tenantScope, dialog, setScreen } = useAppState();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.ctrlKey && !e.metaKey && !e.altKey && dialog.kind === 'none' && !paletteOpen && !isTyping(e.target)) {
        if (e.key === '/') {
          e.preventDefault();
          setScreen('keys');
          // The search box is on the Keys screen; it may mount on this very frame.
          requestAnimationFrame(() => document.querySelector<HTMLInputElement>('input[type="search"][aria-label="Search keys"]')?.focus());
        } else if (e.key === '?') {
          e.preventDefault();
          openDialog({ kind: 'shortcuts' });
        }
        return;
      }
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const k = e.key.toLowerCase();
      if (k === 'k') {
        e.preventDefault();
        setPaletteOpen(!paletteOpen);
      } else if (k === 'n' && dialog.kind === 'none') {
        e.preventDefault();
        setPaletteOpen(false);
        openDialog({ kind: 'mint', tenantRef: tenantScope });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setPaletteOpen, paletteOpen, openDialog, tenantScope, dialog.kind, setScreen]);
}

const SCREENS: Array<{ id: Screen; label: string }> = [
  { id: 'keys', label: 'Keys' },
  { id: 'audit', label: 'Audit log' },
  { id: 'log', label: 'Local log' },
  { id: 'settings', label: 'Settings' },
];

/**
 * The keychain warning. Its own component because it watches every keys:list fetch (app:info
 * waits until the opening one settles): in App that made each search keystroke re-render the
 * whole window, sidebar included.
 */
function KeychainBanner({ tenantsReady }: { tenantsReady: boolean }) {
  // The opening keys:list settles (rows, an empty list or an error) before app:info probes the keychain.
  const keysLoading = useIsFetching({ queryKey: queryKeys.keysAll }) > 0;
  const opened = useAfterPaint(tenantsReady && !keysLoading);
  const info = useAppInfo(opened);
  if (info.data?.keychain !== 'unavailable') return null;
  return (
    <div className="banner banner-error" role="alert">
      <strong>The system keychain is unavailable.</strong> Keysmith keeps admin keys only in the OS keychain and will not store them anywhere else. Unlock or start
      your keychain, then restart Keysmith.
    </div>
  );
}

export function App() {
  const app = useAppState();
  const tenants = useTenants();
  const { setScreen, setTenantScope, selectKey } = app;
  const onOpenKey = useCallback(
    (ref: KeyRef) => {
      setScreen('keys');
      setTenantScope(ref.tenantRef);
      selectKey(ref);
    },
    [setScreen, setTenantScope, selectKey],
  );
  const { network, banners, dismissBanner } = useMainEvents({ onOpenKey });
  useTheme();
  useShortcuts();

  const list = tenants.data ?? [];
  const firstRun = tenants.isSuccess && list.length === 0;

  return (
    <div className="app">
      <header className="topbar">
        <h1 className="brand">Keysmith</h1>
        <button type="button" className="btn btn-small palette-hint" onClick={() => app.setPaletteOpen(true)}>
          Commands <kbd>Ctrl K</kbd>
        </button>
      </header>
      <KeychainBanner tenantsReady={tenants.isSuccess} />
      <OfflineBanner network={network} tenants={list} />
      {banners.map((b) => (
        <div key={b.id} className={`banner banner-${b.kind}`} role={b.kind === 'error' ? 'alert' : 'status'}>
          {b.text}
          <button type="button" className="btn btn-icon" aria-label="Dismiss" onClick={() => dismissBanner(b.id)}>
            ×
          </button>
        </div>
      ))}
      <div className="layout">
        <TenantSidebar />
        <main className="content">
          <Tabs.Root value={app.screen} onValueChange={(v) => app.setScreen(v as Screen)} className="tabs screen-tabs">
            <Tabs.List className="tab-list" aria-label="Screens">
              {SCREENS.map((s) => (
                <Tabs.Trigger key={s.id} value={s.id} className="tab">
                  {s.label}
                </Tabs.Trigger>
              ))}
            </Tabs.List>
            <Tabs.Content value="keys" className="tab-panel screen-panel">
              {firstRun ? <FirstRun /> : <KeysScreen />}
            </Tabs.Content>
            <Tabs.Content value="audit" className="tab-panel screen-panel">
              <Suspense fallback={<p className="empty">Loading…</p>}>
                <AuditScreen />
              </Suspense>
            </Tabs.Content>
            <Tabs.Content value="log" className="tab-panel screen-panel">
              <Suspense fallback={<p className="empty">Loading…</p>}>
                <ActionLogScreen />
              </Suspense>
            </Tabs.Content>
            <Tabs.Content value="settings" className="tab-panel screen-panel">
              <Suspense fallback={<p className="empty">Loading…</p>}>
                <SettingsScreen />
              </Suspense>
            </Tabs.Content>
          </Tabs.Root>
        </main>
      </div>
      <Suspense fallback={null}>
        <DialogHost dialog={app.dialog} />
      </Suspense>
      <Suspense fallback={null}>{app.paletteOpen ? <CommandPalette /> : null}</Suspense>
    </div>
  );
}
