// What the key detail may offer for one key, from its tenant's provider (contract/providers.ts):
// each action is either available (null) or absent with the reason shown where it would be.
import { canGuide, canSwap, capsOf, kindCapsForKey, swapUnavailableReason, type ProviderId } from '../../../contract/providers';

export interface KeyCapabilities {
  /** null: offered; else why not. */
  rotate: string | null;
  revoke: string | null;
  swap: string | null;
  activity: boolean;
  activityReason: string;
  audit: boolean;
  auditReason: string;
}

export const KeyCapabilities = {
  of(provider: ProviderId | undefined, keyId: string): KeyCapabilities {
    const caps = capsOf(provider ?? 'keysmith');
    const k = kindCapsForKey(caps, keyId);
    const label = k?.label ?? 'key';
    return {
      rotate: k && (k.roll.mode !== 'none' || canGuide(k)) ? null : `${caps.label} cannot rotate a ${label} through its API: replace it in ${caps.label} itself.`,
      revoke: k?.revoke ? null : `${caps.label} cannot revoke a ${label} through its API.`,
      swap: canSwap(caps) ? null : swapUnavailableReason(caps),
      activity: k?.activityCounts ?? false,
      activityReason: `${caps.label} does not count requests per key.`,
      audit: caps.auditAttribution !== 'none',
      auditReason: `${caps.label} keeps no audit trail Keysmith can read.`,
    };
  },
};
