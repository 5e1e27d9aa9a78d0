// The error shape of every failure, the framework's own included.
import { describe, expect, it } from 'vitest';
import { apiSuite, expectError } from './harness';

const s = apiSuite();

describe('errors', () => {
  it('400 names the fields; malformed JSON and wrong media type are 400', async () => {
    const owner = s.acme.secret;
    const r = await s.call(owner, 'POST', '/me/keys', { label: '', environment: 'prod', extra: 1 });
    expectError(r, 400, 'invalid_request');
    const fields = (r.body as { details: { field: string }[] }).details.map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['body.label', 'body.environment']));
    expectError(await s.call(owner, 'POST', '/me/keys', '{"label":'), 400, 'invalid_request');
    const txt = await fetch(`${s.srv.url}/me/keys`, { method: 'POST', headers: { authorization: `Bearer ${owner}`, 'content-type': 'text/plain' }, body: 'label' });
    expect(txt.status).toBe(400);
    expect(((await txt.json()) as { error: string }).error).toBe('invalid_request');
    expectError(await s.call(owner, 'GET', '/me/keys/not-a-key-id'), 400, 'invalid_request');
  });

  it('413 for bodies over 64 KiB', async () => {
    const r = await s.call(s.acme.secret, 'POST', '/me/keys', { label: 'x', description: 'y'.repeat(70_000) });
    expectError(r, 413, 'payload_too_large');
  });
});
