import { jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processExec } from '../../../src/shared/exec.js';
import {
  MANIFEST_ACCEPT,
  registryDigest,
  startRegistry,
  type LocalRegistry,
} from '../../stack/registry.js';

jest.setTimeout(180_000);

describe('local registry (Debian docker-registry on loopback)', () => {
  const started: LocalRegistry[] = [];
  afterAll(async () => {
    for (const registry of started) await registry.stop();
  });

  it('serves the Registry API v2 without auth on a free 127.0.0.1 port', async () => {
    const registry = await startRegistry();
    started.push(registry);
    expect(registry.host).toMatch(/^127\.0\.0\.1:\d+$/);
    const response = await fetch(`http://${registry.host}/v2/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
  });

  it('the shared stack registry holds the sample tags, each resolving to a digest', async () => {
    const host = process.env.OASIS_TEST_REGISTRY!;
    for (const tag of ['v1', 'v2', 'crashloop', 'never-ready']) {
      expect(await registryDigest(host, 'oasis/sample', tag)).toMatch(/^sha256:[a-f0-9]{64}$/);
    }
    expect(await registryDigest(host, 'oasis/sample', 'v1')).not.toBe(
      await registryDigest(host, 'oasis/sample', 'v2'),
    );
    expect(await registryDigest(host, 'oasis/sample', 'no-such-tag')).toBeUndefined();
  });

  it('with auth: 401 without or with wrong credentials, docker login/push work with the right ones', async () => {
    const auth = { username: 'ci-user', password: `pw-${Date.now()}-secret` };
    const registry = await startRegistry({ auth });
    started.push(registry);
    expect((await fetch(`http://${registry.host}/v2/`)).status).toBe(401);
    const wrong = Buffer.from(`${auth.username}:nope`).toString('base64');
    const denied = await fetch(`http://${registry.host}/v2/`, {
      headers: { Authorization: `Basic ${wrong}` },
    });
    expect(denied.status).toBe(401);
    const right = Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
    const allowed = await fetch(`http://${registry.host}/v2/`, {
      headers: { Authorization: `Basic ${right}` },
    });
    expect(allowed.status).toBe(200);

    const config = mkdtempSync(join(tmpdir(), 'oasis-test-docker-config-'));
    const env = { ...process.env, DOCKER_CONFIG: config };
    try {
      const badLogin = await processExec.run(
        'docker',
        ['login', '--username', auth.username, '--password-stdin', registry.host],
        { env, input: 'not-the-password' },
      );
      expect(badLogin.code).not.toBe(0);
      expect(`${badLogin.stdout}${badLogin.stderr}`).toMatch(/unauthorized|401/i);

      const login = await processExec.run(
        'docker',
        ['login', '--username', auth.username, '--password-stdin', registry.host],
        { env, input: auth.password },
      );
      expect(login.code).toBe(0);
      const target = `${registry.host}/team/copied:1`;
      // The shared registry has it; this engine may not (another process may have removed it).
      await processExec.run('docker', ['pull', '--quiet', process.env.OASIS_SAMPLE_V1!]);
      expect(
        (await processExec.run('docker', ['tag', process.env.OASIS_SAMPLE_V1!, target])).code,
      ).toBe(0);
      const push = await processExec.run('docker', ['push', target], { env });
      expect(push.stderr).toBe('');
      expect(push.code).toBe(0);
      const digest = await registryDigest(registry.host, 'team/copied', '1', auth);
      expect(digest).toMatch(/^sha256:/);
      const manifest = await fetch(`http://${registry.host}/v2/team/copied/manifests/${digest}`, {
        headers: { Accept: MANIFEST_ACCEPT, Authorization: `Basic ${right}` },
      });
      expect(manifest.status).toBe(200);
      await expect(registryDigest(registry.host, 'team/copied', '1')).rejects.toThrow('401');
    } finally {
      await processExec.run('docker', ['logout', registry.host], { env });
      rmSync(config, { recursive: true, force: true });
    }
  });
});
