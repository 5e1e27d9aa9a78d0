// clipboard:* channels.
import type { Handlers } from '../router';
import type { ClipboardGuard } from '../../clipboard/clipboard-guard';

export const clipboardHandlers = (guard: ClipboardGuard): Handlers => ({
  'clipboard:copySecret': ({ secret }) => guard.copySecret(secret),
  'clipboard:copyKept': ({ tenantRef, keyId }) => guard.copyKept(tenantRef, keyId),
});
