import {
  buildCommand,
  checkBuilderSupport,
  detectBuilder,
  type Builder,
} from '../../../src/build-image/docker-builder.js';
import type { BuildImageConfig } from '../../../src/build-image/inputs.js';
import type { Exec, ExecResult } from '../../../src/shared/exec.js';

const ok = (stdout: string): ExecResult => ({ code: 0, stdout, stderr: '' });
const missing: ExecResult = {
  code: 1,
  stdout: '',
  stderr: "docker: 'buildx' is not a docker command.",
};

function scriptedExec(answers: Record<string, ExecResult>): Exec {
  return {
    run: async (command, args) =>
      answers[`${command} ${args.join(' ')}`] ?? { code: 127, stdout: '', stderr: 'not found' },
  };
}

const config = (overrides: Partial<BuildImageConfig> = {}): BuildImageConfig => ({
  context: '/ws',
  file: '/ws/Dockerfile',
  workspace: '/ws',
  images: [{ name: 'r/app', registry: 'r', repository: 'app' }],
  tagRules: [],
  flavor: { latest: 'auto', prefix: '', suffix: '' },
  labels: {},
  buildArgs: [],
  secrets: [],
  secretFiles: [],
  platforms: [],
  cacheFrom: [],
  cacheTo: [],
  push: 'auto',
  pushRetries: 4,
  ...overrides,
});

describe('detectBuilder', () => {
  it('uses buildx when the plugin answers', async () => {
    const exec = scriptedExec({
      'docker buildx version': ok('github.com/docker/buildx v0.17.1'),
      'docker version --format {{.Client.Version}}': ok('27.3.1\n'),
    });
    expect(await detectBuilder(exec, { PATH: '' })).toEqual({
      kind: 'buildx',
      docker: 'docker',
      version: '27.3.1',
    });
  });

  it('uses the classic docker build with BuildKit for clients before 23', async () => {
    const exec = scriptedExec({
      'docker buildx version': missing,
      'docker version --format {{.Client.Version}}': ok('20.10.24+dfsg1'),
    });
    expect(await detectBuilder(exec, { PATH: '' })).toEqual({
      kind: 'buildkit',
      docker: 'docker',
      version: '20.10.24+dfsg1',
    });
  });

  it('says to add buildx when a new client has none and no older client exists', async () => {
    const exec = scriptedExec({
      'docker buildx version': missing,
      'docker version --format {{.Client.Version}}': ok('28.2.2'),
    });
    await expect(detectBuilder(exec, { PATH: '/nonexistent' })).rejects.toThrow(
      /docker 28\.2\.2 builds with BuildKit only through buildx.*docker\/setup-buildx-action/,
    );
  });
});

describe('checkBuilderSupport', () => {
  const buildkit: Builder = { kind: 'buildkit', docker: 'docker', version: '20.10' };
  it('refuses multi-platform without buildx instead of building one arch', () => {
    expect(() =>
      checkBuilderSupport(config({ platforms: ['linux/amd64', 'linux/arm64'] }), buildkit),
    ).toThrow("input 'platforms': linux/amd64, linux/arm64 needs buildx");
    expect(() =>
      checkBuilderSupport(config({ platforms: ['linux/amd64', 'linux/arm64'] }), {
        ...buildkit,
        kind: 'buildx',
      }),
    ).not.toThrow();
  });
  it('refuses cache export without buildx', () => {
    expect(() => checkBuilderSupport(config({ cacheTo: ['type=gha'] }), buildkit)).toThrow(
      "input 'cache-to'",
    );
  });
});

describe('buildCommand', () => {
  const build = {
    tags: ['r/app:1', 'r/app:latest'],
    labels: { 'org.opencontainers.image.version': '1' },
    secretFiles: [{ id: 'token', path: '/tmp/x/secret-0' }],
    iidFile: '/tmp/x/iid',
    pushFromBuilder: false,
  };

  it('passes every user value as its own argument; secrets only as files', () => {
    const plan = buildCommand(
      config({
        buildArgs: [{ key: 'EVIL', value: '$(touch /tmp/x); rm -rf /' }],
        secrets: [{ id: 'token', value: 'SECRET-VALUE' }],
        network: 'none',
        target: 'prod',
      }),
      { kind: 'buildkit', docker: '/usr/bin/docker', version: '20.10' },
      build,
      { PATH: '/bin' },
    );
    expect(plan.command).toBe('/usr/bin/docker');
    expect(plan.env).toEqual({ PATH: '/bin', DOCKER_BUILDKIT: '1' });
    expect(plan.args).toEqual([
      'build',
      '--file',
      '/ws/Dockerfile',
      '--tag',
      'r/app:1',
      '--tag',
      'r/app:latest',
      '--label',
      'org.opencontainers.image.version=1',
      '--build-arg',
      'EVIL=$(touch /tmp/x); rm -rf /',
      '--secret',
      'id=token,src=/tmp/x/secret-0',
      '--target',
      'prod',
      '--network',
      'none',
      '--iidfile',
      '/tmp/x/iid',
      '--progress',
      'plain',
      '/ws',
    ]);
    expect(plan.args.join(' ')).not.toContain('SECRET-VALUE');
  });

  it('uses buildx build --load, or --push for multi-platform', () => {
    const buildx: Builder = { kind: 'buildx', docker: 'docker', version: '27' };
    const single = buildCommand(config(), buildx, build, {});
    expect(single.args.slice(0, 2)).toEqual(['buildx', 'build']);
    expect(single.args).toContain('--load');
    const multi = buildCommand(
      config({ platforms: ['linux/amd64', 'linux/arm64'] }),
      buildx,
      { ...build, pushFromBuilder: true },
      {},
    );
    expect(multi.args).toContain('--push');
    expect(multi.args).toEqual(expect.arrayContaining(['--platform', 'linux/amd64,linux/arm64']));
    expect(multi.env.DOCKER_BUILDKIT).toBeUndefined();
  });
});
