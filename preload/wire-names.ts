// The channel and event names the preload may use, as plain strings. The preload is bundled
// into one sandboxed script (and into the Playwright harness's init script), so it must not
// pull zod in through contract/ipc.ts; test/electron/bridge.test.ts proves these lists equal
// the contract's, so they cannot drift.
import type { Channel, EventName } from '../contract/ipc';

export const BRIDGE_CHANNELS = [
  'app:info',
  'tenants:list',
  'tenants:add',
  'tenants:verify',
  'tenants:remove',
  'tenants:setPolicy',
  'keys:sync',
  'keys:list',
  'keys:get',
  'keys:mint',
  'keys:update',
  'keys:keep',
  'keys:forget',
  'keys:revoke',
  'keys:revokeAll',
  'keys:activity',
  'keys:setPolicy',
  'audit:list',
  'audit:exportCsv',
  'actions:list',
  'clipboard:copySecret',
  'clipboard:copyKept',
  'rotation:server',
  'rotation:guidedStart',
  'rotation:guidedList',
  'rotation:guidedCheck',
  'rotation:guidedComplete',
  'rotation:guidedCancel',
  'swap:start',
  'swap:status',
  'reminders:summary',
  'reminders:check',
  'reminders:snooze',
  'settings:get',
  'settings:set',
  'sandbox:start',
  'window:secretOnScreen',
] as const satisfies readonly Channel[];

export const BRIDGE_EVENTS = [
  'sync:progress',
  'tenant:changed',
  'network:state',
  'job:guided',
  'job:swap',
  'reminders:changed',
  'clipboard:cleared',
  'nav:openKey',
  'banner:show',
] as const satisfies readonly EventName[];

// Same values as IPC_PREFIX / EVENT_PREFIX in contract/ipc.ts (checked by the bridge test).
export const BRIDGE_IPC_PREFIX = 'keysmith:';
export const BRIDGE_EVENT_PREFIX = 'keysmith-event:';
