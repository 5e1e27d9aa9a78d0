// Prism's validating proxy (`prism proxy --errors`) in front of the OpenAI fake, against a copy
// of the vendor's description. A request that breaks the description is refused with 422 and not
// forwarded; a response that breaks it carries an `sl-violations` header. A small relay on
// 127.0.0.1 sits in front of Prism and counts both for every client (the adapter under test, the
// whole core), so a test can assert 0 violations either way and print the count it measured.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../fixtures/server';
import { patchOpenAiSpec } from './spec-patch';
import { freePort } from '../../fixtures/free-port';

/** A verbatim copy of shared/vendor-specs/openai (MIT, LICENSE beside it), so CI needs no shared/. */
export const OPENAI_SPEC = join(REPO_ROOT, 'test/providers/openai-fake/vendor/key-management.openapi.json');

export interface PrismTally {
  requests: number;
  /** Requests Prism refused (422) plus responses it flagged (`sl-violations`). */
  violations: number;
  /** What each violation was, for the failure message (method, path, Prism's words). */
  details: string[];
}

export interface PrismProxy {
  /** The counting relay in front of Prism: give this to every client. */
  url: string;
  tally: PrismTally;
  /** fetch, for tests that call the relay themselves. */
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  stop(): Promise<void>;
}


/** The vendor description, from shared/ (or an explicit path), patched into a temp copy. */
export function specCopy(source = process.env.KEYSMITH_OPENAI_SPEC ?? OPENAI_SPEC): string {
  const doc = JSON.parse(readFileSync(source, 'utf8')) as Record<string, unknown>;
  const file = join(mkdtempSync(join(tmpdir(), 'keysmith-openai-spec-')), 'key-management.openapi.json');
  writeFileSync(file, JSON.stringify(patchOpenAiSpec(doc), null, 1));
  return file;
}

export async function startPrismProxy(upstream: string, specFile = specCopy()): Promise<PrismProxy> {
  const port = await freePort();
  const child: ChildProcess = spawn(join(REPO_ROOT, 'node_modules/.bin/prism'), ['proxy', specFile, upstream, '--errors', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`prism did not start:\n${log.slice(-2000)}`)), 60_000);
    const onData = (d: Buffer) => {
      log += d.toString();
      if (log.includes('Prism is listening')) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve();
      }
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`prism exited with ${code}:\n${log.slice(-2000)}`));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
  // Keep draining Prism's log so its pipe never fills and stalls it.
  child.stdout?.resume();
  child.stderr?.resume();

  const prismUrl = `http://127.0.0.1:${port}`;
  const tally: PrismTally = { requests: 0, violations: 0, details: [] };
  let relay: Server;
  try {
    relay = await startRelay(prismUrl, tally);
  } catch (err) {
    child.kill('SIGTERM');
    throw err;
  }
  const address = relay.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    tally,
    fetch: (input, init) => fetch(input, init),
    stop: async () => {
      relay.closeAllConnections();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host', 'content-encoding']);

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/** Forwards each exchange to Prism unchanged and counts what Prism says about it. */
async function startRelay(prismUrl: string, tally: PrismTally): Promise<Server> {
  const server = createHttpServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined || HOP_BY_HOP.has(name)) continue;
        headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const method = req.method ?? 'GET';
      const upstream = await fetch(prismUrl + (req.url ?? '/'), { method, headers, body: body.length > 0 ? new Uint8Array(body) : undefined, redirect: 'manual' });
      const answer = Buffer.from(await upstream.arrayBuffer());
      tally.requests++;
      // With --errors Prism answers a broken exchange itself (problem+json: 422 for a request,
      // 500 for a response) and names what broke in `sl-violations`; a lesser finding (a status
      // the description lacks) only adds the header. The fake never answers problem+json. One
      // exchange counts once.
      const flagged = upstream.headers.get('sl-violations');
      const prismOwn = (upstream.headers.get('content-type') ?? '').includes('application/problem+json');
      if (flagged || prismOwn) {
        tally.violations++;
        const where = `${method} ${(req.url ?? '').split('?')[0] ?? ''}`;
        tally.details.push(`${where} → ${upstream.status}: ${flagged ?? ''} ${prismOwn ? answer.toString('utf8').slice(0, 600) : ''}`.trim());
      }
      const out: Record<string, string> = {};
      upstream.headers.forEach((value, name) => {
        if (!HOP_BY_HOP.has(name)) out[name] = value;
      });
      res.writeHead(upstream.status, out);
      res.end(answer);
    })().catch(() => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('relay failed');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
