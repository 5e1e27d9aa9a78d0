// The core's capability checks: what a provider lacks is `unsupported` with the reason, an option
// outside what it declares is invalid_input naming the field, and the guided quiet window is
// raised to what the provider can observe. The key detail's view of the same data agrees.
import { describe, expect, it } from 'vitest';
import { capsOf, kindCaps } from '../../contract/providers';
import { AppError } from '../../main/app-error';
import { checkAudit, checkMint, checkRevokeAll, checkRoll, checkSwap, mintKind, quietMinutesFor } from '../../main/providers/capability-checks';
import { keyAffordances } from '../../renderer/src/providers/affordances';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const codeOf = (fn: () => void) => {
  try {
    fn();
    return null;
  } catch (err) {
    return AppError.is(err) ? { code: err.code, fields: err.fields, message: err.message } : { code: 'thrown', fields: [], message: String(err) };
  }
};

describe('capability checks', () => {
  it('Strapi API token: a preset and a lifetime it has pass; a scope list, a date or a year are refused', () => {
    const caps = capsOf('strapi');
    const token = mintKind(caps, undefined, null);
    expect(token.kind).toBe('api-token');
    expect(codeOf(() => checkMint(caps, token, { label: 'x', access: 'read-write', expiresIn: '30d' }, null, NOW))).toBeNull();
    expect(codeOf(() => checkMint(caps, token, { label: 'x', access: 'read-only' }, null, NOW))).toBeNull();
    expect(codeOf(() => checkMint(caps, token, { label: 'x', scopes: ['keys:read'] }, null, NOW))).toMatchObject({ code: 'invalid_input', fields: ['scopes'] });
    expect(codeOf(() => checkMint(caps, token, { label: 'x', access: 'read-only', expiresAt: '2026-07-01T00:00:00Z' }, null, NOW))).toMatchObject({ fields: ['expiresAt'] });
    expect(codeOf(() => checkMint(caps, token, { label: 'x', access: 'read-only', expiresIn: '365d' }, null, NOW))?.message).toMatch(/7d, 30d, 90d/);
    expect(codeOf(() => checkMint(caps, token, { label: 'x', access: 'read-only', environment: 'test' }, null, NOW))).toMatchObject({ fields: ['environment'] });
  });

  it('OpenAI: project keys cannot be minted; admin keys last at most a year', () => {
    const caps = capsOf('openai');
    expect(codeOf(() => checkMint(caps, mintKind(caps, 'project-key', null), { label: 'x' }, null, NOW))?.code).toBe('unsupported');
    const admin = mintKind(caps, 'admin-key', null);
    expect(codeOf(() => checkMint(caps, admin, { label: 'x', expiresIn: '365d' }, null, NOW))).toBeNull();
    expect(codeOf(() => checkMint(caps, admin, { label: 'x', expiresAt: '2028-01-01T00:00:00Z' }, null, NOW))).toMatchObject({ code: 'invalid_input', fields: ['expiresAt'] });
    expect(codeOf(() => checkMint(caps, admin, { label: 'x', access: 'read-only' }, null, NOW))).toMatchObject({ fields: ['access'] });
    expect(codeOf(() => mintKind(caps, 'api-token', null))).toMatchObject({ code: 'invalid_input', fields: ['kind'] });
  });

  it('roll: Strapi regenerates without grace, OpenAI has no roll, the Key API keeps up to 7 days', () => {
    expect(codeOf(() => checkRoll(capsOf('strapi'), 'api-token:4', 0, null))).toBeNull();
    expect(codeOf(() => checkRoll(capsOf('strapi'), 'api-token:4', 3_600, null))).toMatchObject({ code: 'invalid_input', fields: ['gracePeriodSeconds'] });
    expect(codeOf(() => checkRoll(capsOf('openai'), 'admin-key:key_abc', 0, null))?.code).toBe('unsupported');
    expect(codeOf(() => checkRoll(capsOf('keysmith'), 'key_abcdefgh12', 604_800, null))).toBeNull();
    // A key id of another provider is no key of this one.
    expect(codeOf(() => checkRoll(capsOf('keysmith'), 'api-token:4', 0, null))?.code).toBe('not_found');
  });

  it('revoke-all and the audit trail only where declared; the swap where the credential allows it', () => {
    expect(codeOf(() => checkRevokeAll(capsOf('strapi'), null))?.code).toBe('unsupported');
    expect(codeOf(() => checkAudit(capsOf('openai'), null))?.code).toBe('unsupported');
    expect(codeOf(() => checkAudit(capsOf('keysmith'), null))).toBeNull();
    expect(codeOf(() => checkSwap(capsOf('keysmith'), null))).toBeNull();
    const noSwap = { ...capsOf('openai'), connection: { ...capsOf('openai').connection, canRevokePeer: false } };
    expect(codeOf(() => checkSwap(noSwap, null))?.message).toMatch(/^The credential swap is not available: OpenAI does not let its admin API key revoke another one\./);
  });

  it('the guided quiet window is raised to the last-used granularity, never lowered', () => {
    expect(quietMinutesFor(capsOf('strapi'), 'api-token:4', 15)).toBe(60);
    expect(quietMinutesFor(capsOf('strapi'), 'api-token:4', 90)).toBe(90);
    expect(quietMinutesFor(capsOf('keysmith'), 'key_abcdefgh12', 15)).toBe(15);
    expect(quietMinutesFor(capsOf('openai'), 'admin-key:key_abc', 1)).toBe(1);
  });

  it('the key detail offers the actions the checks let through, with the reason for the ones it leaves out', () => {
    const strapi = keyAffordances('strapi', 'api-token:4', false);
    expect(strapi).toMatchObject({ revoke: true, activity: false, audit: false });
    expect(strapi.roll).toMatchObject({ sameId: true, graceChoices: [0] });
    const project = keyAffordances('openai', 'project-key:proj_a:key_b', false);
    expect(project.roll).toBeNull();
    expect(project.absent.map((x) => x.reason).join(' ')).toMatch(/does not let Keysmith mint project API keys/);
    expect(keyAffordances('keysmith', 'key_abcdefgh12', false)).toMatchObject({ revoke: true, activity: true, audit: true });
    expect(kindCaps(capsOf('strapi'), 'admin-token').roll.mode).toBe('same-id');
  });
});
