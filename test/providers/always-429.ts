// A server on 127.0.0.1 that answers every request with 429 and a Retry-After: the one way to
// see every adapter meet a rate limit the same way, whatever limits the provider itself has.
import { createServer, type Server } from 'node:http';

export interface Always429 {
  url: string;
  retryAfterSeconds: number;
  requests(): number;
  close(): Promise<void>;
}

export async function startAlways429(retryAfterSeconds = 7): Promise<Always429> {
  let count = 0;
  const server: Server = createServer((req, res) => {
    count++;
    req.resume();
    res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfterSeconds) });
    res.end(JSON.stringify({ error: 'rate_limited', message: 'slow down' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    retryAfterSeconds,
    requests: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
