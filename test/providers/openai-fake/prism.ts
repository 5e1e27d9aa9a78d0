// Prism's validating proxy (`prism proxy --errors`) in front of the OpenAI fake, against a copy
// of the vendor's description. A request that breaks the description is refused with 422 and not
// forwarded; a response that breaks it carries an `sl-violations` header. The returned fetch
// counts both, so a test can assert 0 violations either way and print the count it measured.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../fixtures/server';
import { patchOpenAiSpec } from './spec-patch';

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
  url: string;
  tally: PrismTally;
  /** A fetch that goes through Prism and counts what Prism says about each exchange. */
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  stop(): Promise<void>;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });

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

  const url = `http://127.0.0.1:${port}`;
  const tally: PrismTally = { requests: 0, violations: 0, details: [] };
  const counted = async (input: string, init: RequestInit): Promise<Response> => {
    const res = await fetch(input, init);
    tally.requests++;
    const where = `${init.method ?? 'GET'} ${new URL(input).pathname}`;
    // With --errors Prism answers a broken exchange itself (problem+json: 422 for a request, 500
    // for a response) and names what broke in `sl-violations`; a lesser finding (a status the
    // description lacks) only adds the header. The fake never answers problem+json. One
    // exchange counts once.
    const flagged = res.headers.get('sl-violations');
    const prismOwn = (res.headers.get('content-type') ?? '').includes('application/problem+json');
    if (flagged || prismOwn) {
      tally.violations++;
      const problem = prismOwn ? await res.clone().text() : '';
      tally.details.push(`${where} → ${res.status}: ${flagged ?? ''} ${problem.slice(0, 600)}`.trim());
    }
    return res;
  };
  return {
    url,
    tally,
    fetch: counted,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
