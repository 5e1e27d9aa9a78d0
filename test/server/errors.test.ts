// The error shape of every failure, the framework's own included, and the timeouts that keep
// a slow or stalled client from holding a connection.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../contract/keyapi';
import { apiSuite, expectError } from './harness';

const s = apiSuite({ args: ['--headers-timeout-seconds', '1', '--request-timeout-seconds', '2'] });
const MARK = 'EchoMarker7';

/** Writes raw bytes (all at once, or the first chunk then nothing) and collects what comes back until the server closes. */
function raw(chunks: string[], stallMs = 0): Promise<{ status: number; body: string; text: string; closedAfterMs: number }> {
  const url = new URL(s.srv.url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const sock = connect(Number(url.port), url.hostname);
    let text = '';
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => (text += d));
    sock.on('error', () => undefined);
    sock.on('close', () => {
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      const body = text.slice(text.indexOf('\r\n\r\n') + 4);
      resolve({ status: m ? Number(m[1]) : 0, body, text, closedAfterMs: Date.now() - started });
    });
    sock.on('connect', () => {
      for (const c of chunks) sock.write(c);
      if (stallMs === 0) sock.end();
    });
    setTimeout(() => reject(new Error(`no close after 20 s: ${text.slice(0, 200)}`)), 20_000).unref();
  });
}

const contractError = (body: string, code: string): void => {
  const e = ApiError.parse(JSON.parse(body));
  expect(e.error).toBe(code);
  expect(Object.keys(e).sort()).toEqual(['error', 'message']);
};

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

describe('framework errors', () => {
  it('414 uri_too_long for a path parameter over 200 characters, before authentication, echoing nothing', async () => {
    const r = await s.call(null, 'GET', `/me/keys/key_${MARK.repeat(30)}`);
    expectError(r, 414, 'uri_too_long');
    expect(r.text).not.toContain(MARK);
    expect(Object.keys(r.body as object).sort()).toEqual(['error', 'message']);
  });

  it('431 headers_too_large for headers over 16 KiB', async () => {
    const r = await raw([`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${MARK.repeat(2000)}\r\n\r\n`]);
    expect(r.status).toBe(431);
    contractError(r.body, 'headers_too_large');
    expect(r.text).not.toContain(MARK);
  });

  it('400 invalid_request for malformed HTTP', async () => {
    const r = await raw([`GET /healthz HTTP/1.1\r\nHost: x\r\n${MARK} no colon here\r\n\r\n`]);
    expect(r.status).toBe(400);
    contractError(r.body, 'invalid_request');
    expect(r.text).not.toContain(MARK);
  });

  it('408 request_timeout when the headers do not arrive in time', async () => {
    const r = await raw([`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ${MARK}\r\n`], 1);
    expect(r.status).toBe(408);
    contractError(r.body, 'request_timeout');
    expect(r.text).not.toContain(MARK);
  });

  it('a stalled body does not hold the connection: 408 and closed', async () => {
    const head = `POST /me/keys HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.acme.secret}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n`;
    const r = await raw([head, '{"label":"sta'], 1);
    expect(r.status).toBe(408);
    contractError(r.body, 'request_timeout');
  });
});
