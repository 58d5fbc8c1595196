import { jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuildFailedError } from '../../../src/build-image/build-failure.js';
import { buildImage, type BuildImageResult } from '../../../src/build-image/build-image.js';
import type { GitHubContext } from '../../../src/build-image/github-context.js';
import { getInputs } from '../../../src/build-image/inputs.js';
import { ConfigError } from '../../../src/shared/errors.js';
import { processExec } from '../../../src/shared/exec.js';
import { mapInputs } from '../../../src/shared/inputs.js';
import { startFaultProxy, type FaultProxy } from '../../stack/fault-proxy.js';
import { registryDigest, startRegistry, type LocalRegistry } from '../../stack/registry.js';
import {
  runSampleContainer,
  sampleBuildContext,
  type SampleContainer,
} from '../../stack/sample-service.js';

jest.setTimeout(300_000);

const ROOT = new URL('../../../', import.meta.url).pathname;
const SHA = '0123456789abcdef0123456789abcdef01234567';
const context = (overrides: Partial<GitHubContext> = {}): GitHubContext => ({
  eventName: 'push',
  ref: 'refs/heads/main',
  sha: SHA,
  repository: 'acme/sample',
  serverUrl: 'https://github.com',
  defaultBranch: 'main',
  description: 'The sample service',
  license: 'MIT',
  now: new Date(),
  ...overrides,
});

/**
 * getInputs masks secrets by printing `::add-mask::…` for the runner, which swallows it; keep
 * those lines out of the test log.
 */
function readConfig(values: Record<string, string>, env: NodeJS.ProcessEnv) {
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) =>
    String(chunk).startsWith('::add-mask::')
      ? true
      : write.call(process.stdout, chunk, ...rest)) as typeof process.stdout.write;
  try {
    return getInputs(mapInputs(values), env);
  } finally {
    process.stdout.write = write;
  }
}

describe('build-image against a real engine and a registry with auth', () => {
  const auth = { username: 'builder', password: `pw-${process.pid}-${Date.now()}-Zq` };
  let registry: LocalRegistry;
  let workspace: string;
  let runnerTemp: string;
  const cleanup: Array<() => Promise<unknown>> = [];
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    registry = await startRegistry({ auth });
    workspace = await sampleBuildContext();
    runnerTemp = mkdtempSync(join(tmpdir(), 'oasis-runner-temp-'));
    env = { ...process.env, GITHUB_WORKSPACE: workspace, RUNNER_TEMP: runnerTemp };
  });

  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
    await registry?.stop();
    rmSync(runnerTemp, { recursive: true, force: true });
  });

  const removeLocal = (result: BuildImageResult) =>
    processExec.run('docker', [
      'rmi',
      '--force',
      ...result.refs,
      ...(result.imageId ? [result.imageId] : []),
    ]);

  it('builds and pushes the sample image; digest is the registry’s; docker run by image-ref serves /health', async () => {
    const lines: string[] = [];
    const config = readConfig(
      {
        images: `${registry.host}/Oasis/Built`,
        tags: 'type=ref,event=branch\ntype=sha\ntype=raw,value=stable,enable={{is_default_branch}}',
        'build-args': 'VERSION=3.1.4',
        username: auth.username,
        password: auth.password,
      },
      env,
    );
    const result = await buildImage(config, {
      env,
      context: context(),
      log: (line) => lines.push(line),
    });
    cleanup.push(() => removeLocal(result));

    expect(result.pushed).toBe(true);
    expect(result.tags).toEqual(['main', 'stable', 'sha-0123456', 'latest']);
    expect(result.image).toBe(`${registry.host}/oasis/built`);
    for (const tag of result.tags) {
      expect(await registryDigest(registry.host, 'oasis/built', tag, auth)).toBe(result.digest);
    }
    expect(result.outputs['image-ref']).toBe(`${registry.host}/oasis/built@${result.digest}`);
    expect(result.outputs.tags.split('\n')).toEqual(
      result.tags.map((tag) => `${registry.host}/oasis/built:${tag}`),
    );
    expect(JSON.parse(result.outputs.metadata)).toMatchObject({
      digest: result.digest,
      pushed: true,
    });
    expect(result.sizeBytes).toBeGreaterThan(500_000);
    expect(result.summary.markdown).toContain(`Image pushed: \`${result.imageRef}\``);

    // The 8 OCI labels are on the image.
    const inspect = await processExec.run('docker', [
      'image',
      'inspect',
      '--format',
      '{{json .Config.Labels}}',
      result.refs[0],
    ]);
    const labels = JSON.parse(inspect.stdout) as Record<string, string>;
    expect(labels).toMatchObject({
      'org.opencontainers.image.source': 'https://github.com/acme/sample',
      'org.opencontainers.image.revision': SHA,
      'org.opencontainers.image.version': 'main',
      'org.opencontainers.image.title': 'sample',
      'org.opencontainers.image.description': 'The sample service',
      'org.opencontainers.image.url': 'https://github.com/acme/sample',
      'org.opencontainers.image.licenses': 'MIT',
    });
    expect(Date.parse(labels['org.opencontainers.image.created'])).not.toBeNaN();

    // Forget the local image, pull it back by digest (logged in through a throwaway config), run it.
    await removeLocal(result);
    const config2 = mkdtempSync(join(tmpdir(), 'oasis-pull-config-'));
    try {
      const dockerEnv = { ...process.env, DOCKER_CONFIG: config2 };
      const login = await processExec.run(
        'docker',
        ['login', '-u', auth.username, '--password-stdin', registry.host],
        {
          env: dockerEnv,
          input: auth.password,
        },
      );
      expect(login.code).toBe(0);
      const pull = await processExec.run('docker', ['pull', result.imageRef], { env: dockerEnv });
      expect(pull.stderr).toBe('');
      await processExec.run('docker', ['logout', registry.host], { env: dockerEnv });
    } finally {
      rmSync(config2, { recursive: true, force: true });
    }
    cleanup.push(() => processExec.run('docker', ['rmi', '--force', result.imageRef]));
    const app: SampleContainer = await runSampleContainer({ image: result.imageRef });
    cleanup.push(() => app.stop());
    const health = await fetch(`${app.url}/health`);
    expect(await health.json()).toEqual({ status: 'healthy', version: '3.1.4' });

    // Nothing is left behind: no private docker config, no secret files.
    expect(readdirSync(runnerTemp)).toEqual([]);
    expect(lines.join('\n')).toContain(`Logged in to ${registry.host} as builder`);
  });

  it('survives 503 ×2, a dropped connection and a 429 with Retry-After through the fault proxy', async () => {
    const proxy: FaultProxy = await startFaultProxy(`http://${registry.host}`);
    cleanup.push(() => proxy.stop());
    const manifestPut = (method: string, path: string) =>
      method === 'PUT' && path.includes('/manifests/');
    proxy.inject([
      { status: 503, match: manifestPut },
      { status: 503, match: manifestPut },
      { drop: true, match: manifestPut },
      { status: 429, match: manifestPut },
      // A rate-limited registry answers every request with 429 and the time to wait: here the
      // probe build-image sends (with Node's fetch, not docker) to learn how long to wait.
      {
        status: 429,
        retryAfter: 2,
        match: (method, path, headers) =>
          method === 'GET' && path === '/v2/' && !/docker/i.test(String(headers['user-agent'])),
      },
      // Our own digest lookup is rate limited too, and honours the header.
      {
        status: 429,
        retryAfter: 1,
        match: (method, path) => path.includes('/manifests/') && method !== 'PUT',
      },
    ]);
    const lines: string[] = [];
    const config = readConfig(
      {
        images: `${proxy.host}/oasis/flaky`,
        tags: 'type=raw,value=v1',
        'build-args': 'VERSION=1.0.0-flaky',
        username: auth.username,
        password: auth.password,
        flavor: 'latest=false',
      },
      env,
    );
    const result = await buildImage(config, {
      env,
      context: context(),
      log: (line) => lines.push(line),
      retryBaseMs: 200,
    });
    cleanup.push(() => removeLocal(result));

    expect(result.digest).toBe(await registryDigest(registry.host, 'oasis/flaky', 'v1', auth));
    expect(result.pushAttempts).toBe(5);
    expect(
      proxy.requests.filter((request) => request.fault).map((request) => request.fault),
    ).toEqual([
      'status 503',
      'status 503',
      'drop',
      'status 429',
      'status 429 retry-after 2',
      'status 429 retry-after 1',
    ]);
    const retries = lines.filter((line) => /attempt \d\/5 in|retry \d in/.test(line));
    expect(retries).toHaveLength(5);
    expect(retries[0]).toMatch(/registry error \(503/);
    expect(retries[1]).toMatch(/registry error \(503/);
    expect(retries[2]).toMatch(/connection failed \(EOF\); attempt 4\/5 in/);
    expect(retries[3]).toMatch(/rate limited \(429\); attempt 5\/5 in 2\.0s$/);
    expect(retries[4]).toMatch(/→ 429; retry 1 in 1\.0s$/);
  });

  it('fails clearly on a wrong password, and the password appears in no captured output', async () => {
    const wrong = `wrong-${Date.now()}-Xy`;
    const lines: string[] = [];
    const config = readConfig(
      {
        images: `${registry.host}/oasis/denied`,
        username: auth.username,
        password: wrong,
      },
      env,
    );
    const error = (await buildImage(config, {
      env,
      context: context(),
      log: (line) => lines.push(line),
    }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.message).toMatch(
      /^input 'password': docker login to 127\.0\.0\.1:\d+ as 'builder' was refused/,
    );
    expect(`${error!.message}\n${lines.join('\n')}`).not.toContain(wrong);
    expect(readdirSync(runnerTemp)).toEqual([]);

    // The bundled action, as a runner starts it: the error is an annotation, the password nowhere
    // (the runner swallows `::add-mask::` commands; they are how it learns what to mask).
    const bundle = join(ROOT, 'dist/build-image/index.js');
    expect(existsSync(bundle)).toBe(true);
    const run = spawnSync(process.execPath, [bundle], {
      env: {
        ...env,
        INPUT_IMAGES: `${registry.host}/oasis/denied`,
        INPUT_USERNAME: auth.username,
        INPUT_PASSWORD: wrong,
        'INPUT_PUSH-RETRIES': '0',
        GITHUB_EVENT_NAME: 'push',
        GITHUB_REF: 'refs/heads/main',
        GITHUB_SHA: SHA,
        GITHUB_REPOSITORY: 'acme/sample',
        GITHUB_STEP_SUMMARY: '',
        GITHUB_OUTPUT: '',
      },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status).toBe(1);
    const visible = `${run.stdout}\n${run.stderr}`
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    expect(visible).toMatch(/::error::input 'password': docker login to .* was refused/);
    expect(visible).not.toContain(wrong);
  });

  it('a build arg containing $(touch …) executes nothing; a BuildKit secret reaches RUN but not the image', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'oasis-ws-'));
    cleanup.push(async () => rmSync(ws, { recursive: true, force: true }));
    copyFileSync(
      existsSync('/bin/busybox') ? '/bin/busybox' : '/usr/bin/busybox',
      join(ws, 'busybox'),
    );
    const marker = join(tmpdir(), `oasis-evil-${process.pid}-${Date.now()}`);
    const secret = `s3cr3t-${Date.now()}-value`;
    const secretHash = createHash('sha256').update(secret).digest('hex');
    // RUN fails (and so the build) unless the secret is mounted with exactly this content.
    const check = `/bin/busybox test "$(/bin/busybox sha256sum /run/secrets/token | /bin/busybox cut -c1-64)" = ${secretHash}`;
    writeFileSync(
      join(ws, 'Dockerfile'),
      [
        'FROM scratch',
        'COPY busybox /bin/busybox',
        'ARG EVIL',
        'LABEL evil=$EVIL',
        `RUN --mount=type=secret,id=token ${JSON.stringify(['/bin/busybox', 'sh', '-c', check])}`,
        '',
      ].join('\n'),
    );
    const lines: string[] = [];
    const config = readConfig(
      {
        images: `${registry.host}/oasis/args`,
        'build-args': `EVIL=$(touch ${marker})`,
        secrets: `token=${secret}`,
        network: 'none',
        push: 'false',
      },
      { ...env, GITHUB_WORKSPACE: ws },
    );
    const result = await buildImage(config, {
      env: { ...env, GITHUB_WORKSPACE: ws },
      context: context(),
      log: (line) => lines.push(line),
    }).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\n${lines.join('\n')}`);
    });
    cleanup.push(() => removeLocal(result));
    expect(result.pushed).toBe(false);
    expect(result.digest).toBe('');
    expect(existsSync(marker)).toBe(false);
    const labels = await processExec.run('docker', [
      'image',
      'inspect',
      '--format',
      '{{index .Config.Labels "evil"}}',
      result.imageId,
    ]);
    expect(labels.stdout.trim()).toBe(`$(touch ${marker})`);
    const history = await processExec.run('docker', ['history', '--no-trunc', result.imageId]);
    const inspect = await processExec.run('docker', ['image', 'inspect', result.imageId]);
    expect(history.code).toBe(0);
    expect(`${history.stdout}${inspect.stdout}`).not.toContain(secret);
    expect(lines.join('\n')).not.toContain(secret);
    expect(readdirSync(runnerTemp)).toEqual([]);
  });

  it('a failing build names the Dockerfile line and the cause', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'oasis-ws-'));
    cleanup.push(async () => rmSync(ws, { recursive: true, force: true }));
    writeFileSync(join(ws, 'present.txt'), 'here\n');
    writeFileSync(join(ws, 'Dockerfile'), 'FROM scratch\nCOPY present.txt /\nCOPY absent.txt /\n');
    const config = readConfig(
      { images: `${registry.host}/oasis/broken`, push: 'false' },
      { ...env, GITHUB_WORKSPACE: ws },
    );
    const error = (await buildImage(config, {
      env: { ...env, GITHUB_WORKSPACE: ws },
      context: context(),
    }).catch((e: unknown) => e)) as BuildFailedError;
    expect(error).toBeInstanceOf(BuildFailedError);
    expect(error).toMatchObject({ file: 'Dockerfile', line: 3 });
    expect(error.message).toMatch(
      /^docker build failed \(exit 1\) at Dockerfile:3: .*absent\.txt.*not found/,
    );
  });

  it('refuses a multi-platform build without buildx instead of building one arch', async () => {
    const config = readConfig(
      { images: `${registry.host}/oasis/multi`, platforms: 'linux/amd64,linux/arm64' },
      env,
    );
    await expect(buildImage(config, { env, context: context() })).rejects.toThrow(
      "input 'platforms': linux/amd64, linux/arm64 needs buildx",
    );
  });
});
