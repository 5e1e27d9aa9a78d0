// Issue 11 item 9: when the sandbox's recorded port is taken by another local process, the
// sandbox server moves — and the tenant must move with it, or the owner key would be sent to
// whoever listens on the old port.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { createTestCore } from '../fixtures/core';

describe('the sandbox tenant follows its server', () => {
  it('re-points the tenant when the old port is taken, and never sends the key to the squatter', async () => {
    const first = await createTestCore({ keepDataDir: true });
    const tenant = await first.ok('sandbox:start', {});
    const oldUrl = new URL(tenant.baseUrl);
    const { dataDir, service } = first;
    await first.core.close();

    // Another local process takes the port the sandbox had.
    const connections: string[] = [];
    const squatter = net.createServer((socket) => {
      socket.once('data', (d) => connections.push(d.toString('latin1')));
      socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}');
    });
    await new Promise<void>((resolve, reject) => {
      squatter.once('error', reject);
      squatter.listen(Number(oldUrl.port), '127.0.0.1', () => resolve());
    });
    const again = await createTestCore({ dataDir, service });
    try {
      const [moved] = await again.ok('tenants:list', {});
      expect(moved?.id).toBe(tenant.id);
      expect(moved?.baseUrl).not.toBe(tenant.baseUrl);
      const sync = await again.ok('keys:sync', { tenantRef: tenant.id });
      expect(sync.outcomes[0]).toMatchObject({ ok: true });
      expect(connections).toEqual([]);
    } finally {
      await again.close();
      await new Promise((resolve) => squatter.close(resolve));
    }
  });
});
