import { createServer } from 'node:net';

/**
 * A port that is free on `host` right now: the kernel picks it (listen on port 0), we close the
 * socket and hand the number to a program that cannot listen on port 0 itself. Callers that race
 * another process for it retry on "address already in use".
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
