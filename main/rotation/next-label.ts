// Guided rotation names the replacement after the key it replaces: `deploy-bot` → `deploy-bot-v2`,
// `deploy-bot-v2` → `deploy-bot-v3`, so the lineage stays readable in the inventory and the audit log.
const MAX_LABEL = 100;
const VERSIONED = /^(.*)-v(\d{1,6})$/;

export function nextVersionLabel(label: string): string {
  const match = VERSIONED.exec(label);
  const base = match?.[1] ?? label;
  const next = match ? Number(match[2]) + 1 : 2;
  const suffix = `-v${next}`;
  // The Key API caps labels at 100 chars: shorten the base, never the version.
  return `${base.slice(0, MAX_LABEL - suffix.length)}${suffix}`;
}
