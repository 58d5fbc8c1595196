import { jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mapInputs } from '../../../src/shared/inputs.js';
import { getInputs } from '../../../src/update-gitops-manifest/inputs.js';
import {
  updateGitopsManifest,
  type UpdateGitopsManifestPorts,
} from '../../../src/update-gitops-manifest/update-gitops-manifest.js';
import { createBareRepoAt, startGitServer, type GitServer } from '../../stack/git-server.js';
import {
  commitCount,
  gitAsync,
  gitIn,
  reflogFastForwardOnly,
  seedFiles,
  serviceManifest,
  showFile,
} from './gitops-repo.js';

jest.setTimeout(180_000);

const TOKEN = 'ghs_integrationTestToken0123456789';
const env = {
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_RUN_ID: '42',
  GITHUB_SERVER_URL: 'https://github.example.test',
};

let server: GitServer;
let scratch: string;
let savedRunnerTemp: string | undefined;
const logs: string[] = [];
const ports: UpdateGitopsManifestPorts = { log: (line) => logs.push(line) };

beforeAll(async () => {
  server = await startGitServer({ token: TOKEN });
  scratch = mkdtempSync(join(tmpdir(), 'oasis-gitops-it-'));
  savedRunnerTemp = process.env.RUNNER_TEMP;
  process.env.RUNNER_TEMP = scratch;
});

afterAll(async () => {
  if (savedRunnerTemp === undefined) delete process.env.RUNNER_TEMP;
  else process.env.RUNNER_TEMP = savedRunnerTemp;
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

function config(inputs: Record<string, string>) {
  return getInputs(mapInputs(inputs), env);
}

describe('push mode over file://', () => {
  test('bumps one image byte-minimally, commits once, and a second run changes nothing', async () => {
    const bare = join(scratch, 'file-origin.git');
    createBareRepoAt(bare, seedFiles(3));
    const url = pathToFileURL(bare).href;
    const result = await updateGitopsManifest(
      config({
        repository: url,
        images: 'registry.example.test/acme/svc-1=2.0.0',
        trailers: 'Deployed-By: oasis',
      }),
      ports,
    );
    expect(result.changed).toBe(true);
    expect(result.files).toEqual(['apps/svc-1/deployment.yaml']);
    expect(showFile(bare, 'apps/svc-1/deployment.yaml')).toBe(serviceManifest('svc-1', '2.0.0'));
    expect(showFile(bare, 'apps/svc-0/deployment.yaml')).toBe(serviceManifest('svc-0'));
    expect(gitIn(bare, ['rev-parse', 'main']).trim()).toBe(result.commitSha);
    const message = gitIn(bare, ['log', '-1', '--format=%B%n--%an <%ae>', 'main']);
    expect(message).toContain('Deploy registry.example.test/acme/svc-1 to 2.0.0');
    expect(message).toContain('Source: acme/app@0123456');
    expect(message).toContain('Run: https://github.example.test/acme/app/actions/runs/42');
    expect(message).toContain('Deployed-By: oasis');
    expect(message).toContain(
      'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>',
    );
    expect(result.diff).toContain(
      '-          image: registry.example.test/acme/svc-1:1.0.0 # bumped by CI',
    );
    expect(result.diff).toContain(
      '+          image: registry.example.test/acme/svc-1:2.0.0 # bumped by CI',
    );
    expect(result.summary).toMatch(/^### ✅ Pushed/);
    expect(result.summary).toContain(
      '| `1.0.0`'.length ? 'registry.example.test/acme/svc-1:1.0.0' : '',
    );

    const again = await updateGitopsManifest(
      config({ repository: url, images: 'registry.example.test/acme/svc-1=2.0.0' }),
      ports,
    );
    expect(again.changed).toBe(false);
    expect(again.commitSha).toBe('');
    expect(commitCount(bare)).toBe(2);
  });

  test('dry-run prints the diff and changes nothing', async () => {
    const bare = join(scratch, 'dry-run.git');
    const head = createBareRepoAt(bare, seedFiles(2));
    const result = await updateGitopsManifest(
      config({
        repository: pathToFileURL(bare).href,
        images: 'registry.example.test/acme/svc-0=9.9.9',
        mode: 'dry-run',
      }),
      ports,
    );
    expect(result.changed).toBe(true);
    expect(result.commitSha).toBe('');
    expect(result.diff).toContain('+          image: registry.example.test/acme/svc-0:9.9.9');
    expect(result.summary).toMatch(/^### 🔍 Dry run: 1 change\(s\) in 1 file\(s\)/);
    expect(result.summary).toContain('```diff\n' + result.diff.trimEnd() + '\n```');
    expect(gitIn(bare, ['rev-parse', 'main']).trim()).toBe(head);
  });

  test('a file that does not parse fails with file:line and nothing is committed', async () => {
    const bare = join(scratch, 'broken.git');
    const files = seedFiles(1);
    files['apps/broken/deployment.yaml'] =
      'kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - image: registry.example.test/acme/svc-0:1.0.0\n       bad: [\n';
    const head = createBareRepoAt(bare, files);
    await expect(
      updateGitopsManifest(
        config({
          repository: pathToFileURL(bare).href,
          images: 'registry.example.test/acme/svc-0=2.0.0',
        }),
        ports,
      ),
    ).rejects.toThrow(/apps\/broken\/deployment\.yaml:\d+:\d+: not valid YAML/);
    expect(gitIn(bare, ['rev-parse', 'main']).trim()).toBe(head);
  });

  test('an image matching nothing is an error listing the images it saw', async () => {
    const bare = join(scratch, 'nomatch.git');
    createBareRepoAt(bare, seedFiles(2));
    await expect(
      updateGitopsManifest(
        config({
          repository: pathToFileURL(bare).href,
          images: 'registry.example.test/acme/nope=2.0.0',
        }),
        ports,
      ),
    ).rejects.toThrow(
      /'registry.example.test\/acme\/nope' matched no .*Images seen: registry.example.test\/acme\/svc-0:1.0.0, registry.example.test\/acme\/svc-1:1.0.0/,
    );
  });

  test('works in an existing checkout given as path and leaves it on the new commit', async () => {
    const bare = join(scratch, 'checkout.git');
    createBareRepoAt(bare, seedFiles(2));
    const checkout = join(scratch, 'checkout');
    gitIn(scratch, ['clone', '--quiet', pathToFileURL(bare).href, checkout]);
    const result = await updateGitopsManifest(
      config({ path: checkout, set: 'apps/svc-0/deployment.yaml:spec.replicas=4' }),
      ports,
    );
    expect(result.changed).toBe(true);
    expect(showFile(bare, 'apps/svc-0/deployment.yaml')).toContain('  replicas: 4\n');
    expect(gitIn(checkout, ['symbolic-ref', '--short', 'HEAD']).trim()).toBe('main');
    expect(gitIn(checkout, ['rev-parse', 'HEAD']).trim()).toBe(result.commitSha);
    // a dirty checkout is refused rather than clobbered
    writeFileSync(join(checkout, 'README.md'), 'local edit\n');
    await expect(
      updateGitopsManifest(
        config({ path: checkout, set: 'apps/svc-0/deployment.yaml:spec.replicas=5' }),
        ports,
      ),
    ).rejects.toThrow(/uncommitted changes \(README.md\)/);
    expect(readFileSync(join(checkout, 'README.md'), 'utf8')).toBe('local edit\n');
  });

  test('dry-run in an existing checkout leaves it exactly as it was', async () => {
    const bare = join(scratch, 'checkout-dry.git');
    createBareRepoAt(bare, seedFiles(1));
    const checkout = join(scratch, 'checkout-dry');
    gitIn(scratch, ['clone', '--quiet', pathToFileURL(bare).href, checkout]);
    const head = gitIn(checkout, ['rev-parse', 'HEAD']).trim();
    const result = await updateGitopsManifest(
      config({ path: checkout, mode: 'dry-run', images: 'registry.example.test/acme/svc-0=5.5.5' }),
      ports,
    );
    expect(result.diff).toContain('svc-0:5.5.5');
    expect(gitIn(checkout, ['symbolic-ref', '--short', 'HEAD']).trim()).toBe('main');
    expect(gitIn(checkout, ['rev-parse', 'HEAD']).trim()).toBe(head);
    expect(gitIn(checkout, ['status', '--porcelain'])).toBe('');
    expect(gitIn(bare, ['rev-parse', 'main']).trim()).toBe(head);
  });
});

describe('push mode over smart HTTP with a token', () => {
  test('clones and pushes with the token in a header only', async () => {
    const repo = await server.createBareRepo('http-push', seedFiles(2));
    const result = await updateGitopsManifest(
      config({
        repository: repo.url,
        token: TOKEN,
        images: 'registry.example.test/acme/svc-0=3.1.4',
      }),
      ports,
    );
    expect(result.changed).toBe(true);
    expect(showFile(repo.path, 'apps/svc-0/deployment.yaml')).toBe(
      serviceManifest('svc-0', '3.1.4'),
    );
    expect(server.requests.some((r) => !r.authorized)).toBe(false);
    expect(logs.join('\n')).not.toContain(TOKEN);
  });

  test('a bad token fails clearly and appears nowhere', async () => {
    const repo = await server.createBareRepo('http-bad-token', seedFiles(1));
    const bad = 'ghs_wrongTokenThatMustNotLeak987';
    const seen: string[] = [];
    let message = '';
    try {
      await updateGitopsManifest(
        config({
          repository: repo.url,
          token: bad,
          images: 'registry.example.test/acme/svc-0=3.1.4',
        }),
        { log: (line) => seen.push(line) },
      );
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/authentication to .*http-bad-token\.git failed: check that the token/);
    expect(message).not.toContain(bad);
    expect(message).not.toContain(Buffer.from(`x-access-token:${bad}`).toString('base64'));
    expect(seen.join('\n')).not.toContain(bad);
    expect(commitCount(repo.path)).toBe(1);
  });

  test('20 parallel runs bumping different services all land, none lost, no force push', async () => {
    const repo = await server.createBareRepo('concurrent', seedFiles(20));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        updateGitopsManifest(
          config({
            repository: repo.url,
            token: TOKEN,
            images: `registry.example.test/acme/svc-${i}=2.0.${i}`,
            timeout: '120s',
            'max-attempts': '100',
          }),
          { log: () => undefined },
        ),
      ),
    );
    expect(results.every((r) => r.changed)).toBe(true);
    for (let i = 0; i < 20; i++) {
      expect(showFile(repo.path, `apps/svc-${i}/deployment.yaml`)).toBe(
        serviceManifest(`svc-${i}`, `2.0.${i}`),
      );
    }
    expect(commitCount(repo.path)).toBe(21);
    const landed = gitIn(repo.path, ['rev-list', 'main']).trim().split('\n');
    for (const result of results) expect(landed).toContain(result.commitSha);
    const reflog = reflogFastForwardOnly(repo.path);
    expect(reflog.updates).toBe(21);
    expect(reflog.forced).toEqual([]);
  });

  test('a branch that keeps moving: gives up at max-attempts with a clear error, never forcing', async () => {
    const repo = await server.createBareRepo('keeps-moving', seedFiles(2));
    const other = join(scratch, 'other-writer');
    await gitAsync(scratch, [
      '-c',
      `http.extraheader=Authorization: Bearer ${TOKEN}`,
      'clone',
      '--quiet',
      repo.url,
      other,
    ]);
    await gitAsync(other, ['config', 'http.extraheader', `Authorization: Bearer ${TOKEN}`]);
    let pushes = 0;
    const competitor = async () => {
      // another writer lands a commit on svc-1 between our fetch and our push, every time
      pushes++;
      await gitAsync(other, ['pull', '--quiet', '--ff-only']);
      writeFileSync(
        join(other, 'apps/svc-1/deployment.yaml'),
        serviceManifest('svc-1', `9.0.${pushes}`),
      );
      await gitAsync(other, [
        '-c',
        'user.name=Other',
        '-c',
        'user.email=o@example.test',
        'commit',
        '--quiet',
        '-am',
        `other ${pushes}`,
      ]);
      await gitAsync(other, ['push', '--quiet', 'origin', 'HEAD:main']);
    };
    await expect(
      updateGitopsManifest(
        config({
          repository: repo.url,
          token: TOKEN,
          images: 'registry.example.test/acme/svc-0=2.0.0',
          'max-attempts': '3',
        }),
        { log: () => undefined, beforePush: competitor },
      ),
    ).rejects.toThrow(
      /gave up after 3 attempts in .*: main kept moving \(.*\); nothing was force-pushed/,
    );
    expect(pushes).toBe(3);
    expect(showFile(repo.path, 'apps/svc-0/deployment.yaml')).toBe(serviceManifest('svc-0'));
    expect(showFile(repo.path, 'apps/svc-1/deployment.yaml')).toBe(
      serviceManifest('svc-1', '9.0.3'),
    );
    expect(reflogFastForwardOnly(repo.path).forced).toEqual([]);
  });

  test('two runs racing on the same key: the later builds on the earlier and says so', async () => {
    const repo = await server.createBareRepo('same-key', seedFiles(1));
    const name = 'registry.example.test/acme/svc-0';
    let releaseFirst!: () => void;
    const firstMayPush = new Promise<void>((resolve) => (releaseFirst = resolve));
    // Run A commits on the seed, then waits before pushing until run B has landed.
    const runA = updateGitopsManifest(
      config({
        repository: repo.url,
        token: TOKEN,
        images: `${name}=5.0.0`,
        'commit-message': 'A: {changes}',
      }),
      {
        log: () => undefined,
        beforePush: async (attempt) => {
          if (attempt === 1) await firstMayPush;
        },
      },
    );
    const runB = await updateGitopsManifest(
      config({
        repository: repo.url,
        token: TOKEN,
        images: `${name}=4.0.0`,
        'commit-message': 'B: {changes}',
      }),
      { log: () => undefined },
    );
    releaseFirst();
    const a = await runA;
    expect(runB.attempts).toBe(1);
    expect(a.attempts).toBe(2);
    expect(a.builtOn).toEqual([
      expect.objectContaining({
        file: 'apps/svc-0/deployment.yaml',
        before: `${name}:1.0.0`,
        theirs: `${name}:4.0.0`,
        commit: expect.objectContaining({ sha: runB.commitSha, subject: `B: ${name} to 4.0.0` }),
      }),
    ]);
    expect(a.summary).toContain('Built on changes made by others');
    expect(a.summary).toContain(runB.commitSha.slice(0, 7));
    expect(showFile(repo.path, 'apps/svc-0/deployment.yaml')).toBe(
      serviceManifest('svc-0', '5.0.0'),
    );
    expect(a.diff).toContain(`-          image: ${name}:4.0.0`);
    expect(reflogFastForwardOnly(repo.path).forced).toEqual([]);
    expect(commitCount(repo.path)).toBe(3);
  });
});
