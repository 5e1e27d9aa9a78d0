/**
 * Test fixture: the OpenAI key-management fake on 127.0.0.1 behind Prism's validating proxy.
 *
 *   const openai = await startOpenAiBehindPrism();     // once per file (Prism takes seconds)
 *   const seed = openai.seed();                          // per test: fresh state, one admin key
 *   const client = openaiClient({ baseUrl: openai.baseUrl, secret: seed.adminSecret, fetch: openai.fetch, projectIds: [seed.project.id] });
 *   expect(openai.tally.violations).toBe(0);
 *   await openai.stop();
 *
 * `baseUrl` is Prism's root: Prism matches the description's paths without the server's `/v1`,
 * and forwards to the fake's `/v1`, where the real service has them.
 */
import { buildOpenAiFake, type StateHolder } from './app';
import { startPrismProxy, type PrismProxy, type PrismTally } from './prism';
import { OpenAiFakeState, type ProjectRecord } from './state';

export interface OpenAiSeed {
  state: OpenAiFakeState;
  adminSecret: string;
  adminKeyId: string;
  project: ProjectRecord;
}

export interface OpenAiBehindPrism {
  /** The address the adapter is given (Prism). */
  baseUrl: string;
  /** The fake itself, for traffic outside the description (`GET /v1/models` stamps a key's last use). */
  fakeUrl: string;
  /** fetch through Prism, counting what Prism refuses or flags. */
  fetch: PrismProxy['fetch'];
  tally: PrismTally;
  holder: StateHolder;
  /** Fresh state: one organization owner, one admin key (its secret returned), one project. */
  seed(opts?: { nowMs?: () => number }): OpenAiSeed;
  stop(): Promise<void>;
}

export async function startOpenAiBehindPrism(): Promise<OpenAiBehindPrism> {
  const holder: StateHolder = { current: new OpenAiFakeState(() => Date.now()) };
  const app = buildOpenAiFake(holder, { prefix: '/v1' });
  const fakeUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  let prism: PrismProxy;
  try {
    prism = await startPrismProxy(`${fakeUrl}/v1`);
  } catch (err) {
    await app.close();
    throw err;
  }
  return {
    baseUrl: prism.url,
    fakeUrl,
    fetch: prism.fetch,
    tally: prism.tally,
    holder,
    seed(opts = {}) {
      const state = new OpenAiFakeState(opts.nowMs ?? (() => Date.now()));
      const { record, value } = state.mintAdminKey('Keysmith primary');
      const project = state.addProject();
      holder.current = state;
      return { state, adminSecret: value, adminKeyId: record.id, project };
    },
    async stop() {
      await prism.stop();
      await app.close();
    },
  };
}
