import { jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mapInputs } from '../../../src/shared/inputs.js';
import { getInputs } from '../../../src/update-gitops-manifest/inputs.js';
import { updateGitopsManifest } from '../../../src/update-gitops-manifest/update-gitops-manifest.js';
import { startGitHubDouble, type GitHubDouble } from '../../stack/github/index.js';
import { startGitServer, type GitServer } from '../../stack/git-server.js';
import {
  commitCount,
  gitIn,
  reflogFastForwardOnly,
  seedFiles,
  serviceManifest,
  showFile,
} from './gitops-repo.js';

jest.setTimeout(120_000);

let gh: GitHubDouble;
let server: GitServer;
let scratch: string;
let savedRunnerTemp: string | undefined;
let token: string;
const savedApiUrl = process.env.GITHUB_API_URL;
const env = {
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_SHA: 'abcdef0123456789abcdef0123456789abcdef01',
};

beforeAll(async () => {
  gh = await startGitHubDouble();
  gh.addRepo('acme/gitops');
  gh.addUser('alice');
  gh.addTeam('acme', 'platform', ['bob']);
  token = gh.token('github-actions[bot]');
  server = await startGitServer({ token });
  scratch = mkdtempSync(join(tmpdir(), 'oasis-gitops-pr-'));
  savedRunnerTemp = process.env.RUNNER_TEMP;
  process.env.RUNNER_TEMP = scratch;
  process.env.GITHUB_API_URL = gh.url;
});

afterAll(async () => {
  if (savedRunnerTemp === undefined) delete process.env.RUNNER_TEMP;
  else process.env.RUNNER_TEMP = savedRunnerTemp;
  if (savedApiUrl === undefined) delete process.env.GITHUB_API_URL;
  else process.env.GITHUB_API_URL = savedApiUrl;
  await gh?.stop();
  await server?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const openPulls = () =>
  [...gh.state.repos.get('acme/gitops')!.issues.values()].filter(
    (i) => i.pull && i.state === 'open',
  );

test('opens a pull request, then updates the same one instead of opening a second', async () => {
  const repo = await server.createBareRepo('acme/gitops', seedFiles(2));
  const inputs = (tag: string) =>
    getInputs(
      mapInputs({
        repository: repo.url,
        token,
        mode: 'pull-request',
        images: `registry.example.test/acme/svc-1=${tag}`,
        labels: 'deploy, gitops',
        reviewers: 'alice, acme/platform',
        'pr-body': 'Automated by {source-repository}.',
      }),
      env,
    );

  const first = await updateGitopsManifest(inputs('2.0.0'), { log: () => undefined });
  expect(first.changed).toBe(true);
  expect(first.pullRequestNumber).toBeGreaterThan(0);
  expect(first.pullRequestUrl).toMatch(/\/acme\/gitops\/pull\/\d+$/);
  expect(commitCount(repo.path)).toBe(1); // the base branch is untouched
  const pulls = openPulls();
  expect(pulls).toHaveLength(1);
  const pull = pulls[0];
  expect(pull.number).toBe(first.pullRequestNumber);
  expect(pull.title).toBe('Deploy registry.example.test/acme/svc-1 to 2.0.0');
  expect(pull.body).toContain('Automated by acme/app.');
  expect(pull.body).toContain('| `apps/svc-1/deployment.yaml` |');
  expect(pull.labels.sort()).toEqual(['deploy', 'gitops']);
  expect(pull.pull!.base).toBe('main');
  expect(pull.pull!.requestedReviewers).toEqual(['alice']);
  expect(pull.pull!.requestedTeams).toEqual(['platform']);
  const head = pull.pull!.head;
  expect(head).toMatch(/^oasis\/gitops\/main\/svc-1-[0-9a-f]{8}$/);
  expect(showFile(repo.path, 'apps/svc-1/deployment.yaml', head)).toBe(
    serviceManifest('svc-1', '2.0.0'),
  );
  expect(gitIn(repo.path, ['rev-parse', head]).trim()).toBe(first.commitSha);

  const second = await updateGitopsManifest(inputs('2.1.0'), { log: () => undefined });
  expect(second.changed).toBe(true);
  expect(second.pullRequestNumber).toBe(first.pullRequestNumber);
  expect(openPulls()).toHaveLength(1);
  expect(openPulls()[0].title).toBe('Deploy registry.example.test/acme/svc-1 to 2.1.0');
  expect(showFile(repo.path, 'apps/svc-1/deployment.yaml', head)).toBe(
    serviceManifest('svc-1', '2.1.0'),
  );
  expect(reflogFastForwardOnly(repo.path, head).forced).toEqual([]);
  expect(second.diff).toContain('-          image: registry.example.test/acme/svc-1:2.0.0');

  const third = await updateGitopsManifest(inputs('2.1.0'), { log: () => undefined });
  expect(third.changed).toBe(false);
  expect(third.pullRequestNumber).toBe(first.pullRequestNumber);
  expect(openPulls()).toHaveLength(1);
  const creates = gh.requests.filter((r) => r.method === 'POST' && /\/pulls$/.test(r.path));
  expect(creates).toHaveLength(1);
});

test('two runs at once for the same target end with one pull request and no forced update', async () => {
  const repo = await server.createBareRepo('acme/race', seedFiles(2));
  gh.addRepo('acme/race');
  const run = (tag: string) =>
    updateGitopsManifest(
      getInputs(
        mapInputs({
          repository: repo.url,
          token,
          mode: 'pull-request',
          images: `registry.example.test/acme/svc-0=${tag}`,
        }),
        env,
      ),
      { log: () => undefined },
    );
  const [a, b] = await Promise.all([run('3.0.0'), run('3.0.1')]);
  expect(a.pullRequestNumber).toBe(b.pullRequestNumber);
  const open = [...gh.state.repos.get('acme/race')!.issues.values()].filter(
    (i) => i.pull && i.state === 'open',
  );
  expect(open).toHaveLength(1);
  const head = open[0].pull!.head;
  expect(['3.0.0', '3.0.1'].map((tag) => serviceManifest('svc-0', tag))).toContain(
    showFile(repo.path, 'apps/svc-0/deployment.yaml', head),
  );
  expect(reflogFastForwardOnly(repo.path, head).forced).toEqual([]);
  expect(commitCount(repo.path)).toBe(1);
});

test('a token without pull_requests permission fails naming the permission', async () => {
  const limited = gh.token('limited-bot', { contents: 'write', metadata: 'read' });
  const limitedServer = await startGitServer({ token: limited });
  try {
    const repo = await limitedServer.createBareRepo('acme/gitops', seedFiles(1));
    const config = getInputs(
      mapInputs({
        repository: repo.url,
        token: limited,
        mode: 'pull-request',
        images: 'registry.example.test/acme/svc-0=2.0.0',
      }),
      env,
    );
    await expect(updateGitopsManifest(config, { log: () => undefined })).rejects.toThrow(
      /pull-requests/,
    );
  } finally {
    await limitedServer.stop();
  }
});
