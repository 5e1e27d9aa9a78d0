// Every tenant connection at a glance: slug, tier, connection state, rate budget, last sync,
// and the per-tenant actions (re-verify, sync, swap credentials, revoke all, remove).
import * as Menu from '@radix-ui/react-dropdown-menu';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Tenant } from '../../../contract/ipc';
import { CONNECTION_WORDS } from '../errors/error-messages';
import { useKeysmith } from '../ipc/keysmith-context';
import { useAppState } from '../data/app-state';
import { useTenants } from '../data/data-hooks';
import { formatSince } from '../layout/format-time';
import { queryKeys } from '../data/query-keys';
import { RepairConnectionButton } from './repair-connection-button';
import { providerBadge } from '../providers/provider-words';
import { useAffordances } from '../providers/use-affordances';

function RateBudget({ tenant }: { tenant: Tenant }) {
  if (!tenant.rateBudget) {
    const perMinute = tenant.limits.perMinute;
    return <span className="muted">{perMinute ? `${perMinute}/min` : 'no limit known'}</span>;
  }
  const { remaining, limit } = tenant.rateBudget;
  const pct = limit > 0 ? Math.round((remaining / limit) * 100) : 0;
  return (
    <span className="rate" title={`${remaining} of ${limit} requests left in this window`}>
      <meter min={0} max={limit} value={remaining} low={limit * 0.2} optimum={limit} aria-label={`Rate budget for ${tenant.slug}`} />
      <span>
        {remaining}/{limit} left ({pct}%)
      </span>
    </span>
  );
}

function TenantItem({ tenant, active }: { tenant: Tenant; active: boolean }) {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const { setTenantScope, openDialog, setScreen } = useAppState();
  const words = CONNECTION_WORDS[tenant.state];
  // Until the capability mapping has loaded (after paint), the provider-dependent items stay out.
  const can = useAffordances()?.tenantAffordances(tenant.provider) ?? null;
  // The usage summary says its own reason above the keys.
  const menuAbsent = can?.absent.filter((a) => a.action !== 'Requests') ?? [];
  const verify = useMutation({
    mutationFn: () => ks.call('tenants:verify', { tenantRef: tenant.id }),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.tenants });
    },
  });
  const sync = useMutation({
    mutationFn: () => ks.call('keys:sync', { tenantRef: tenant.id }),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.tenants });
      void qc.invalidateQueries({ queryKey: queryKeys.keysAll });
      void qc.invalidateQueries({ queryKey: queryKeys.reminders });
    },
  });

  return (
    <li className={active ? 'tenant tenant-active' : 'tenant'} data-tenant={tenant.slug} data-provider={tenant.provider}>
      <button
        type="button"
        className="tenant-main"
        aria-current={active ? 'true' : undefined}
        onClick={() => {
          setTenantScope(tenant.id);
          setScreen('keys');
        }}
      >
        <span className="tenant-slug" title={tenant.slug}>
          {tenant.slug}
        </span>
        <span className="tier" data-provider={tenant.provider} title={`Provider: ${providerBadge(tenant.provider)}${tenant.tier ? `, tier: ${tenant.tier}` : ''}`}>
          {providerBadge(tenant.provider)}
          {tenant.tier ? ` · ${tenant.tier}` : ''}
        </span>
        <span className={`state state-${words.tone}`} data-state={tenant.state} title={words.advice}>
          {words.label}
        </span>
        <RateBudget tenant={tenant} />
        <span className="muted small">Synced {formatSince(tenant.lastSyncedAt)}</span>
      </button>
      {tenant.state !== 'ok' && tenant.state !== 'unknown' ? (
        <div className="tenant-advice small">
          <p>{words.advice}</p>
          <RepairConnectionButton tenant={tenant} />
        </div>
      ) : null}
      <Menu.Root>
        <Menu.Trigger className="btn btn-icon" aria-label={`Actions for ${tenant.slug}`}>
          ⋯
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content className="menu" align="end">
            <Menu.Item className="menu-item" onSelect={() => verify.mutate()}>
              {verify.isPending ? 'Verifying…' : 'Re-verify'}
            </Menu.Item>
            <Menu.Item className="menu-item" onSelect={() => sync.mutate()}>
              Sync now
            </Menu.Item>
            {can?.mint ? (
              <Menu.Item className="menu-item" onSelect={() => openDialog({ kind: 'mint', tenantRef: tenant.id })}>
                New key…
              </Menu.Item>
            ) : null}
            <Menu.Item className="menu-item" onSelect={() => openDialog({ kind: 'tenant-policy', tenantRef: tenant.id })}>
              Rotation reminder…
            </Menu.Item>
            {can?.swap ? (
              <Menu.Item className="menu-item" onSelect={() => openDialog({ kind: 'swap', tenantRef: tenant.id })}>
                Swap connection credentials…
              </Menu.Item>
            ) : null}
            <Menu.Item className="menu-item" onSelect={() => openDialog({ kind: 'repair-tenant', tenantRef: tenant.id })}>
              Repair connection…
            </Menu.Item>
            <Menu.Separator className="menu-sep" />
            {can?.revokeAll ? (
              <Menu.Item className="menu-item danger" onSelect={() => openDialog({ kind: 'revoke-all', tenantRef: tenant.id })}>
                Revoke all keys…
              </Menu.Item>
            ) : null}
            <Menu.Item className="menu-item danger" onSelect={() => openDialog({ kind: 'remove-tenant', tenantRef: tenant.id })}>
              Remove tenant…
            </Menu.Item>
            {menuAbsent.length > 0 ? (
              <>
                <Menu.Separator className="menu-sep" />
                {/* What this provider lacks, said where a person looks for it. */}
                {menuAbsent.map((a) => (
                  <Menu.Label key={a.action} className="menu-note" data-absent={a.action}>
                    <strong>{a.action}</strong>: {a.reason}
                  </Menu.Label>
                ))}
              </>
            ) : null}
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
    </li>
  );
}

export function TenantSidebar() {
  const tenants = useTenants();
  const { tenantScope, setTenantScope, openDialog, setScreen } = useAppState();
  const list = tenants.data ?? [];
  return (
    <nav className="sidebar" aria-label="Tenants">
      <h2 className="sidebar-title">Tenants</h2>
      <ul className="tenant-list">
        <li className={tenantScope === null ? 'tenant tenant-active' : 'tenant'}>
          <button
            type="button"
            className="tenant-main"
            aria-current={tenantScope === null ? 'true' : undefined}
            onClick={() => {
              setTenantScope(null);
              setScreen('keys');
            }}
          >
            <span className="tenant-slug">All tenants</span>
            <span className="muted small">{list.length} connected</span>
          </button>
        </li>
        {list.map((t) => (
          <TenantItem key={t.id} tenant={t} active={tenantScope === t.id} />
        ))}
      </ul>
      <button type="button" className="btn btn-block" onClick={() => openDialog({ kind: 'add-tenant' })}>
        + Add tenant
      </button>
    </nav>
  );
}
