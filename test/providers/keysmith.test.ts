// The provider contract against the Key API's reference server (spawned on 127.0.0.1).
import { addMember, api, createTenant, startServerProcess, type ServerProcess } from '../fixtures/server';
import { providerContract } from './contract';

let srv: ServerProcess | null = null;

providerContract({
  provider: 'keysmith',
  async start() {
    srv = await startServerProcess();
    const owner = await createTenant(srv.dbPath, 'contract', 'business');
    const viewer = await addMember(srv.dbPath, 'contract', 'viewer@contract.example', 'viewer');
    const url = srv.url;
    return {
      baseUrl: url,
      adminKey: owner.secret,
      limitedKey: viewer.secret,
      missingKeyId: 'key_0000000000000000000000',
      works: async (secret) => (await api(url, secret, 'GET', '/me/key')).status === 200,
    };
  },
  async stop() {
    await srv?.stop();
  },
});
