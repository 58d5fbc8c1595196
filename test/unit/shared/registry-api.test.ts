import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../../src/shared/clock.js';
import {
  dockerConfigCredentials,
  registryBaseUrl,
  RegistryClient,
} from '../../../src/shared/registry-api.js';

const MANIFEST = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
  config: { size: 100 },
  layers: [{ size: 1000 }, { size: 24 }],
});
const DIGEST = `sha256:${createHash('sha256').update(MANIFEST).digest('hex')}`;

type Handler = (url: string, init: RequestInit) => Response;

function fakeFetch(handlers: Handler[]) {
  const seen: Array<{ url: string; method: string; authorization?: string; accept?: string }> = [];
  const fetchFn = (async (input: string | URL, init: RequestInit = {}) => {
    const url = String(input);
    const headers = (init.headers ?? {}) as Record<string, string>;
    seen.push({
      url,
      method: init.method ?? 'GET',
      authorization: headers.Authorization,
      accept: headers.Accept,
    });
    const handler = handlers.shift();
    if (!handler) throw new Error(`unexpected request ${url}`);
    return handler(url, init);
  }) as typeof fetch;
  return { fetchFn, seen };
}

function fakeClock() {
  const sleeps: number[] = [];
  const clock: Clock = { now: () => 0, sleep: async (ms) => void sleeps.push(ms) };
  return { clock, sleeps };
}

const manifestResponse = () =>
  new Response(MANIFEST, {
    status: 200,
    headers: {
      'Docker-Content-Digest': DIGEST,
      'Content-Type': 'application/vnd.docker.distribution.manifest.v2+json',
    },
  });

describe('RegistryClient', () => {
  it('follows a Bearer challenge with basic credentials to the token service', async () => {
    const { fetchFn, seen } = fakeFetch([
      () =>
        new Response('', {
          status: 401,
          headers: {
            'WWW-Authenticate':
              'Bearer realm="https://auth.example.com/token",service="reg.example.com",scope="repository:team/app:pull"',
          },
        }),
      () => Response.json({ token: 'T0KEN' }),
      manifestResponse,
    ]);
    const client = new RegistryClient({
      fetch: fetchFn,
      credentials: () => ({ username: 'u', password: 'p' }),
    });
    const info = await client.manifest('reg.example.com', 'team/app', 'v1', 'GET');
    expect(info).toEqual({
      digest: DIGEST,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      size: 1124,
    });
    expect(seen[0].url).toBe('https://reg.example.com/v2/team/app/manifests/v1');
    expect(seen[0].accept).toContain('application/vnd.oci.image.index.v1+json');
    expect(seen[1].url).toBe(
      'https://auth.example.com/token?service=reg.example.com&scope=repository%3Ateam%2Fapp%3Apull',
    );
    expect(seen[1].authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    expect(seen[2].authorization).toBe('Bearer T0KEN');
  });

  it('answers basic auth challenges, and says when credentials are refused', async () => {
    const challenge = () =>
      new Response('', { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="r"' } });
    const { fetchFn } = fakeFetch([challenge, challenge]);
    const client = new RegistryClient({
      fetch: fetchFn,
      credentials: () => ({ username: 'u', password: 'wrong' }),
    });
    await expect(client.manifest('127.0.0.1:5000', 'app', 'v1')).rejects.toThrow(
      'registry 127.0.0.1:5000 refused the credentials for app (401)',
    );
    const anonymous = new RegistryClient({ fetch: fakeFetch([challenge]).fetchFn });
    await expect(anonymous.manifest('127.0.0.1:5000', 'app', 'v1')).rejects.toThrow(
      'it needs credentials',
    );
  });

  it('retries 429 honouring Retry-After, 5xx and dropped connections', async () => {
    const { fetchFn } = fakeFetch([
      () => new Response('', { status: 429, headers: { 'Retry-After': '9' } }),
      () => new Response('', { status: 503 }),
      () => {
        throw new TypeError('fetch failed');
      },
      () => new Response(null, { status: 200, headers: { 'Docker-Content-Digest': DIGEST } }),
    ]);
    const { clock, sleeps } = fakeClock();
    const retries: string[] = [];
    const client = new RegistryClient({
      fetch: fetchFn,
      clock,
      baseMs: 100,
      onRetry: (line) => retries.push(line),
    });
    expect(await client.manifest('127.0.0.1:5000', 'app', 'v1')).toEqual({
      digest: DIGEST,
      mediaType: '',
    });
    expect(sleeps[0]).toBe(9000);
    expect(sleeps).toHaveLength(3);
    expect(retries[0]).toMatch(/→ 429; retry 1 in 9\.0s$/);
    expect(retries[2]).toMatch(/connection failed: fetch failed/);
  });

  it('returns undefined for a missing tag and rejects a manifest that does not match its digest', async () => {
    const { fetchFn } = fakeFetch([
      () => new Response('', { status: 404 }),
      () =>
        new Response(MANIFEST, {
          status: 200,
          headers: { 'Docker-Content-Digest': `sha256:${'0'.repeat(64)}` },
        }),
    ]);
    const client = new RegistryClient({ fetch: fetchFn });
    expect(await client.manifest('127.0.0.1:5000', 'app', 'nope')).toBeUndefined();
    await expect(client.manifest('127.0.0.1:5000', 'app', 'v1', 'GET')).rejects.toThrow(
      'does not match its digest',
    );
  });

  it('maps Docker Hub names and uses plain HTTP only on loopback', async () => {
    const { fetchFn, seen } = fakeFetch([manifestResponse]);
    await new RegistryClient({ fetch: fetchFn }).manifest(undefined, 'nginx', 'latest');
    expect(seen[0].url).toBe('https://registry-1.docker.io/v2/library/nginx/manifests/latest');
    expect(registryBaseUrl('localhost:5000')).toBe('http://localhost:5000');
    expect(registryBaseUrl('127.0.0.1:41234')).toBe('http://127.0.0.1:41234');
    expect(registryBaseUrl('ghcr.io')).toBe('https://ghcr.io');
  });
});

describe('dockerConfigCredentials', () => {
  it('reads base64 auth entries written by docker login', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oasis-docker-config-'));
    try {
      writeFileSync(
        join(dir, 'config.json'),
        JSON.stringify({
          auths: {
            'ghcr.io': { auth: Buffer.from('bot:pa:ss').toString('base64') },
            'https://index.docker.io/v1/': { auth: Buffer.from('hub:pw').toString('base64') },
          },
        }),
      );
      expect(dockerConfigCredentials('ghcr.io', dir)).toEqual({
        username: 'bot',
        password: 'pa:ss',
      });
      expect(dockerConfigCredentials('docker.io', dir)).toEqual({
        username: 'hub',
        password: 'pw',
      });
      expect(dockerConfigCredentials('quay.io', dir)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
