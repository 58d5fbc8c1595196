import { jest } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { processExec } from '../../../src/shared/exec.js';
import { startFaultProxy, type FaultProxy } from '../../stack/fault-proxy.js';
import { registryDigest } from '../../stack/registry.js';

jest.setTimeout(180_000);

describe('fault proxy', () => {
  let upstream: Server;
  let upstreamUrl: string;
  const proxies: FaultProxy[] = [];
  const start = async (target: string) => {
    const proxy = await startFaultProxy(target);
    proxies.push(proxy);
    return proxy;
  };

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'X-Upstream': 'yes' });
        res.end(JSON.stringify({ method: req.method, url: req.url, host: req.headers.host, body }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const address = upstream.address();
    upstreamUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  afterAll(async () => {
    for (const proxy of proxies) await proxy.stop();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('forwards requests unchanged, Host header and body included', async () => {
    const proxy = await start(upstreamUrl);
    expect(proxy.host).toMatch(/^127\.0\.0\.1:\d+$/);
    const response = await fetch(`${proxy.url}/a/b?c=d`, { method: 'PUT', body: 'payload' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-upstream')).toBe('yes');
    expect(await response.json()).toEqual({
      method: 'PUT',
      url: '/a/b?c=d',
      host: proxy.host,
      body: 'payload',
    });
    expect(proxy.requests).toEqual([{ method: 'PUT', path: '/a/b?c=d' }]);
  });

  it('uses each fault once, in order, on the requests it matches', async () => {
    const proxy = await start(upstreamUrl);
    proxy.inject([
      { status: 503 },
      { status: 429, retryAfter: 2, match: (method) => method === 'POST' },
      { drop: true, match: (_method, path) => path.startsWith('/drop') },
    ]);
    expect((await fetch(`${proxy.url}/one`)).status).toBe(503);
    expect((await fetch(`${proxy.url}/two`)).status).toBe(200);
    const limited = await fetch(`${proxy.url}/three`, { method: 'POST', body: 'x' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    await expect(fetch(`${proxy.url}/drop/me`)).rejects.toThrow();
    expect((await fetch(`${proxy.url}/drop/again`)).status).toBe(200);
    expect(proxy.requests).toEqual([
      { method: 'GET', path: '/one', fault: 'status 503' },
      { method: 'GET', path: '/two' },
      { method: 'POST', path: '/three', fault: 'status 429 retry-after 2' },
      { method: 'GET', path: '/drop/me', fault: 'drop' },
      { method: 'GET', path: '/drop/again' },
    ]);
  });

  it('sits in front of the registry: docker push through it works, faults show up in its log', async () => {
    const proxy = await start(`http://${process.env.OASIS_TEST_REGISTRY}`);
    const target = `${proxy.host}/oasis/through-proxy:1`;
    // The shared registry has it; this engine may not (another process may have removed it).
    await processExec.run('docker', ['pull', '--quiet', process.env.OASIS_SAMPLE_V1!]);
    expect(
      (await processExec.run('docker', ['tag', process.env.OASIS_SAMPLE_V1!, target])).code,
    ).toBe(0);
    proxy.inject([
      { status: 503, match: (method, path) => method === 'HEAD' && path.includes('/manifests/') },
    ]);
    const digestVia = registryDigest(proxy.host, 'oasis/sample', 'v1');
    await expect(digestVia).rejects.toThrow('503');
    const push = await processExec.run('docker', ['push', target], { timeoutMs: 120_000 });
    expect(push.code).toBe(0);
    expect(await registryDigest(proxy.host, 'oasis/through-proxy', '1')).toBe(
      await registryDigest(process.env.OASIS_TEST_REGISTRY!, 'oasis/sample', 'v1'),
    );
    expect(proxy.requests.some((r) => r.method === 'PUT' && r.path.includes('/manifests/1'))).toBe(
      true,
    );
    await processExec.run('docker', ['rmi', target]);
  });
});
