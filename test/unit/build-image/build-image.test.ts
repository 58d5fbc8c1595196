import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { buildImage } from '../../../src/build-image/build-image.js';
import type { GitHubContext } from '../../../src/build-image/github-context.js';
import { parseTagRule } from '../../../src/build-image/image-tags.js';
import type { BuildImageConfig } from '../../../src/build-image/inputs.js';
import type { Clock } from '../../../src/shared/clock.js';
import type { Exec, ExecResult } from '../../../src/shared/exec.js';

const CONTEXT: GitHubContext = {
  eventName: 'push',
  ref: 'refs/tags/v1.4.0',
  sha: 'a'.repeat(40),
  repository: 'acme/app',
  serverUrl: 'https://github.com',
  defaultBranch: 'main',
  now: new Date('2026-01-01T00:00:00Z'),
};

const config = (overrides: Partial<BuildImageConfig> = {}): BuildImageConfig => ({
  context: '/ws',
  file: '/ws/Dockerfile',
  workspace: '/ws',
  images: [
    { name: 'reg.example.com/acme/app', registry: 'reg.example.com', repository: 'acme/app' },
  ],
  tagRules: ['type=semver,pattern={{version}}', 'type=semver,pattern={{major}}.{{minor}}'].map(
    (line) => parseTagRule(line),
  ),
  flavor: { latest: 'false', prefix: '', suffix: '' },
  labels: {},
  buildArgs: [],
  secrets: [],
  secretFiles: [],
  platforms: [],
  cacheFrom: [],
  cacheTo: [],
  push: 'auto',
  pushRetries: 3,
  ...overrides,
});

const ok = (stdout = ''): ExecResult => ({ code: 0, stdout, stderr: '' });

/** A docker CLI that answers by command; `build` decides each build's result. */
function fakeDocker(options: { buildx: boolean; builds: ExecResult[]; repoDigests?: string[] }) {
  const calls: string[][] = [];
  const exec: Exec = {
    run: async (_command, args) => {
      calls.push([...args]);
      const line = args.join(' ');
      if (line === 'buildx version')
        return options.buildx
          ? ok('github.com/docker/buildx v0.17.1')
          : { code: 1, stdout: '', stderr: 'unknown command' };
      if (line === 'version --format {{.Client.Version}}')
        return ok(options.buildx ? '27.3.1' : '20.10.24');
      if (args[0] === 'build' || (args[0] === 'buildx' && args[1] === 'build')) {
        writeFileSync(args[args.indexOf('--iidfile') + 1], 'sha256:' + '1'.repeat(64));
        return options.builds.shift() ?? ok();
      }
      if (args[0] === 'push') return ok();
      if (args[0] === 'image' && args[1] === 'inspect')
        return ok(JSON.stringify(options.repoDigests ?? []));
      return { code: 127, stdout: '', stderr: `unexpected docker ${line}` };
    },
  };
  return { exec, calls };
}

const MANIFEST = JSON.stringify({
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifests: [{ size: 700 }, { size: 800 }],
});
const DIGEST = `sha256:${createHash('sha256').update(MANIFEST).digest('hex')}`;

function fakeRegistry(digestFor: (tag: string) => string = () => DIGEST) {
  const urls: string[] = [];
  const fetchFn = (async (input: string | URL, init: RequestInit = {}) => {
    const url = String(input);
    urls.push(`${init.method ?? 'GET'} ${url}`);
    const tag = url.split('/manifests/')[1];
    return new Response(init.method === 'HEAD' ? null : MANIFEST, {
      status: 200,
      headers: {
        'Docker-Content-Digest': digestFor(tag),
        'Content-Type': 'application/vnd.oci.image.index.v1+json',
      },
    });
  }) as typeof fetch;
  return { fetchFn, urls };
}

function fakeClock() {
  const sleeps: number[] = [];
  let now = 0;
  const clock: Clock = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
  return { clock, sleeps };
}

describe('buildImage with fakes (the paths the local engine cannot take)', () => {
  it('buildx multi-platform: the builder pushes, a 503 during its push is retried, the digest comes from the registry', async () => {
    const { exec, calls } = fakeDocker({
      buildx: true,
      builds: [
        {
          code: 1,
          stdout: '',
          stderr:
            'ERROR: failed to push reg.example.com/acme/app:1.4.0: unexpected status: 503 Service Unavailable',
        },
        ok(),
      ],
    });
    const { fetchFn, urls } = fakeRegistry();
    const { clock, sleeps } = fakeClock();
    const lines: string[] = [];
    const result = await buildImage(config({ platforms: ['linux/amd64', 'linux/arm64'] }), {
      exec,
      fetch: fetchFn,
      clock,
      context: CONTEXT,
      env: { PATH: '' },
      random: () => 1,
      retryBaseMs: 100,
      log: (line) => lines.push(line),
    });
    const builds = calls.filter((args) => args[0] === 'buildx' && args[1] === 'build');
    expect(builds).toHaveLength(2);
    expect(builds[0]).toEqual(
      expect.arrayContaining([
        '--push',
        '--platform',
        'linux/amd64,linux/arm64',
        '--provenance=false',
      ]),
    );
    expect(calls.some((args) => args[0] === 'push')).toBe(false);
    expect(sleeps).toEqual([100]);
    expect(lines).toContain('buildx push: registry error (503); attempt 2/4 in 0.1s');
    expect(urls).toEqual([
      'GET https://reg.example.com/v2/acme/app/manifests/1.4.0',
      'HEAD https://reg.example.com/v2/acme/app/manifests/1.4',
    ]);
    expect(result).toMatchObject({
      digest: DIGEST,
      imageRef: `reg.example.com/acme/app@${DIGEST}`,
      tags: ['1.4.0', '1.4'],
      version: '1.4.0',
      sizeBytes: 1500,
      builder: 'buildx, docker 27.3.1',
    });
    expect(result.outputs.labels).toContain('org.opencontainers.image.version=1.4.0');
  });

  it('a tag that resolves elsewhere is an error (another job pushed the same tag)', async () => {
    const { exec } = fakeDocker({ buildx: false, builds: [ok()] });
    const other = `sha256:${'9'.repeat(64)}`;
    const { fetchFn } = fakeRegistry((tag) => (tag === '1.4' ? other : DIGEST));
    await expect(
      buildImage(config(), {
        exec,
        fetch: fetchFn,
        clock: fakeClock().clock,
        context: CONTEXT,
        env: { PATH: '' },
      }),
    ).rejects.toThrow(
      `tags do not all resolve to the pushed digest ${DIGEST}: reg.example.com/acme/app:1.4 → ${other}`,
    );
  });

  it('the engine must have pushed what the registry serves', async () => {
    const { exec, calls } = fakeDocker({
      buildx: false,
      builds: [ok()],
      repoDigests: [`reg.example.com/acme/app@sha256:${'8'.repeat(64)}`],
    });
    const { fetchFn } = fakeRegistry();
    await expect(
      buildImage(config(), {
        exec,
        fetch: fetchFn,
        clock: fakeClock().clock,
        context: CONTEXT,
        env: { PATH: '' },
      }),
    ).rejects.toThrow('another push to the same tag won the race');
    expect(calls.filter((args) => args[0] === 'push').map((args) => args[1])).toEqual([
      'reg.example.com/acme/app:1.4.0',
      'reg.example.com/acme/app:1.4',
    ]);
  });

  it('does not push on pull requests (push: auto) and says why', async () => {
    const { exec, calls } = fakeDocker({ buildx: false, builds: [ok()] });
    const result = await buildImage(config({ tagRules: [parseTagRule('type=ref,event=pr')] }), {
      exec,
      clock: fakeClock().clock,
      context: {
        ...CONTEXT,
        eventName: 'pull_request',
        ref: 'refs/pull/3/merge',
        pullRequestNumber: 3,
      },
      env: { PATH: '' },
    });
    expect(calls.some((args) => args[0] === 'push')).toBe(false);
    expect(result).toMatchObject({ pushed: false, digest: '', imageRef: '', tags: ['pr-3'] });
    expect(result.summary.verdictLine).toBe(
      'build-image: built reg.example.com/acme/app (not pushed: pull_request event)',
    );
  });
});
