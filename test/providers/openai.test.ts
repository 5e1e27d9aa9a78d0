// The provider contract against OpenAI: the stateful fake of its key-management API
// (openai-fake/), every exchange of the whole core with it passing through Prism's validating
// proxy against OpenAI's published description, counted by the relay in front of Prism. Prints
// `openai prism: N requests, V violations` and fails unless V is 0. The real OpenAI cannot be
// reached from these machines.
import { expect } from 'vitest';
import { providerContract } from './contract';
import { startOpenAiBehindPrism, type OpenAiBehindPrism } from './openai-fake/fixture';

let openai: OpenAiBehindPrism | null = null;

providerContract({
  provider: 'openai',
  async start() {
    openai = await startOpenAiBehindPrism();
    const seed = openai.seed();
    const fakeUrl = openai.fakeUrl;
    // A user's key of the project: authenticates, but OpenAI refuses it on the admin API (403).
    const limited = seed.state.addUserProjectKey(seed.project, 'no admin rights');
    return {
      // The tenant manages the project's keys as well as the organization's admin keys.
      baseUrl: `${openai.baseUrl}/organization/projects/${seed.project.id}`,
      adminKey: seed.adminSecret,
      limitedKey: limited.value,
      missingKeyId: 'admin-key:key_0000000000000000',
      // A model call, outside the key API, straight to the fake: it stamps the key's last use.
      works: async (secret) => (await fetch(`${fakeUrl}/v1/models`, { headers: { authorization: `Bearer ${secret}` } })).status === 200,
      // Users' project keys are made in OpenAI's dashboard, never through its API.
      async seed(kind) {
        if (kind !== 'project-key') throw new Error(`the OpenAI fixture seeds project keys only, not ${kind}`);
        const made = seed.state.addUserProjectKey(seed.project, 'made in the dashboard');
        return { keyId: `project-key:${seed.project.id}:${made.record.id}`, secret: made.value };
      },
    };
  },
  async stop() {
    if (!openai) return;
    await openai.stop();
    const { requests, violations, details } = openai.tally;
    console.log(`openai prism: ${requests} requests, ${violations} violations`);
    expect(requests).toBeGreaterThan(0);
    expect(violations, details.join('\n')).toBe(0);
  },
  timeoutMs: 90_000,
});
