/**
 * examples/microservices-platform (seed 003) end to end: the workflow as committed, against the
 * registry, the GitHub double (code scanning, the approval issue, team membership) and a real
 * GitOps repository served over smart HTTP with a token.
 *
 * Push to main with a clean image: metadata tags, gate passes at CRITICAL,HIGH,MEDIUM, the
 * staging manifest is bumped, an approval issue waits for 2 of platform-team/lead-developers
 * (the initiator's own "approve" does not count), then the production Rollout is bumped, with
 * every other byte of the GitOps files unchanged.
 * Push with an image that has MEDIUM findings only: the gate fails (the seed's threshold is
 * medium) and nothing reaches the GitOps repository, no approval is asked.
 */
import { jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startGitHubDouble, type GitHubDouble } from '../stack/github/index.js';
import { startGitServer, type GitServer } from '../stack/git-server.js';
import {
  CLEAN_REPORT,
  FIXTURES,
  registry,
  runExample,
  serviceRepo,
  standInScanner,
  stepOutputs,
  type ServiceRepo,
} from './example-harness.js';

jest.setTimeout(600_000);

const MEDIUM_ONLY_REPORT = join(FIXTURES, 'trivy', 'golden_image_ubuntu-18.04_trivy-v0.74.json');
const REPO = 'organization/user-service';
const GITOPS_TOKEN = 'gitops-token-e2e-0123456789';

let github: GitHubDouble;
let gitServer: GitServer;
let repo: ServiceRepo;
let gitopsUrl: string;
let seedFiles: Record<string, string>;
let token: string;

function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (path: string) => {
    for (const entry of readdirSync(path)) {
      const full = join(path, entry);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(dir, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

function gitops(args: string[]): string {
  const result = spawnSync(
    'git',
    ['--git-dir', join(gitServer.root, 'gitops-configs.git'), ...args],
    {
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

beforeAll(async () => {
  github = await startGitHubDouble();
  github.addRepo(REPO);
  github.addTeam('organization', 'platform-team', ['alice', 'bob']);
  github.addTeam('organization', 'lead-developers', ['carol']);
  token = github.token('github-actions[bot]');
  gitServer = await startGitServer({ token: GITOPS_TOKEN });
  repo = await serviceRepo('microservices-platform');
  // organization/gitops-configs: the manifests the example ships under k8s/.
  seedFiles = filesUnder(join(repo.dir, 'k8s'));
  gitopsUrl = (await gitServer.createBareRepo('gitops-configs', seedFiles)).url;
});

afterAll(async () => {
  await github?.stop();
  await gitServer?.stop();
  repo?.cleanup();
});

function run(report: string, onLog?: (line: string) => void) {
  const scanner = standInScanner(report);
  return runExample(repo, {
    context: {
      event: 'push',
      ref: 'refs/heads/main',
      sha: repo.sha,
      repository: REPO,
      actor: 'dev',
      token,
    },
    vars: { REGISTRY: registry(), GITOPS_REPOSITORY: gitopsUrl },
    secrets: { GITOPS_TOKEN },
    runnerEnv: { ...process.env, ...scanner.env, GITHUB_API_URL: github.url },
    onLog,
  }).finally(() => scanner.cleanup());
}

/** The reviewers: they answer the approval issue once it is open. */
async function approveWhenAsked(signal: { done: boolean }) {
  const issues = () => [...(github.state.repos.get(REPO)?.issues.values() ?? [])];
  while (!signal.done) {
    const issue = issues().find((i) => i.state === 'open' && /production/.test(i.title));
    if (issue) {
      github.addComment(REPO, issue.number, 'dev', 'approve'); // the initiator: must not count
      github.addComment(REPO, issue.number, 'alice', 'LGTM!');
      github.addComment(REPO, issue.number, 'carol', 'approved');
      return issue.number;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return undefined;
}

test('push to main: gate passes, staging bumped, 2-of-teams approval, production Rollout bumped', async () => {
  repo.release('2.0.0');
  const signal = { done: false };
  const approving = approveWhenAsked(signal);
  const result = await run(CLEAN_REPORT).finally(() => (signal.done = true));
  const issueNumber = await approving;
  expect(result.conclusion).toBe('success');

  expect(result.jobs['security-scan'].outputs.verdict).toBe('pass');
  expect(result.jobs['deploy-dev'].result).toBe('skipped'); // develop only

  // The approval: decided by alice and carol, not by the initiator; the issue is closed.
  const approval = stepOutputs(result, 'deploy-production', 'approval');
  expect(approval['approval-status']).toBe('approved');
  expect(approval['approved-by'].split(/[, ]+/).sort()).toEqual(['alice', 'carol']);
  expect(Number(approval['issue-number'])).toBe(issueNumber);
  expect(github.state.repos.get(REPO)!.issues.get(issueNumber!)!.state).toBe('closed');

  // The GitOps repository: two commits, staging then production, each only the image line.
  const imageRef = result.jobs.ci.outputs['image-ref'];
  const log = gitops(['log', '--format=%s', 'main']).trim().split('\n');
  expect(log).toHaveLength(3);
  expect(log[1]).toMatch(/^Update user-service staging to /);
  expect(log[0]).toMatch(/^Deploy user-service to production: /);
  const body = gitops(['log', '-1', '--format=%B', 'main']);
  expect(body).toMatch(/Approved-by: .*alice/);
  for (const file of [
    'environments/staging/user-service/deployment.yaml',
    'environments/production/user-service/rollout.yaml',
  ]) {
    const now = gitops(['show', `main:${file}`]);
    expect(now).toContain(imageRef);
    // Byte-minimal: the file is the seed with the image value replaced, comments and all.
    const before = seedFiles[file];
    const line = before.split('\n').find((l) => /image: /.test(l))!;
    const value = /image: (["']?)([^"'\s]+)\1/.exec(line)![2];
    expect(now).toBe(before.replace(value, imageRef));
  }
  expect(gitops(['show', 'main:environments/development/user-service/deployment.yaml'])).toBe(
    seedFiles['environments/development/user-service/deployment.yaml'],
  );
  // No force push: every update of main in the reflog is a fast-forward.
  const reflog = gitops(['reflog', 'show', '--format=%gs', 'main']);
  expect(reflog).not.toMatch(/forced/);

  // The seed's metadata-action tag rules on a push to main (type=sha,prefix={{branch}}-
  // gives main-<short sha>, as docker/metadata-action does).
  const tags = result.jobs.ci.steps.find((s) => s.id === 'build')!.outputs.tags.split(/[\n,]/);
  const image = `${registry()}/${REPO}`;
  expect(tags).toEqual(
    expect.arrayContaining([
      `${image}:main`,
      `${image}:main-${repo.sha.slice(0, 7)}`,
      `${image}:latest`,
    ]),
  );
});

test('an image with MEDIUM findings fails the gate: no GitOps commit, no approval asked', async () => {
  const head = gitops(['rev-parse', 'main']).trim();
  const issuesBefore = github.state.repos.get(REPO)!.issues.size;
  repo.release('2.1.0');
  const result = await run(MEDIUM_ONLY_REPORT);
  expect(result.conclusion).toBe('failure');
  const scan = stepOutputs(result, 'security-scan', 'scan');
  expect(scan.verdict).toBe('fail');
  expect(Number(scan.medium)).toBeGreaterThan(0);
  expect(Number(scan.high) + Number(scan.critical)).toBe(0);
  expect(result.jobs['deploy-staging'].result).toBe('skipped');
  expect(result.jobs['deploy-production'].result).toBe('skipped');
  expect(gitops(['rev-parse', 'main']).trim()).toBe(head);
  expect(github.state.repos.get(REPO)!.issues.size).toBe(issuesBefore);
});

test('push to develop: only the development manifest is bumped, no approval asked', async () => {
  const before = gitops(['rev-parse', 'main']).trim();
  const issuesBefore = github.state.repos.get(REPO)!.issues.size;
  repo.release('2.2.0-dev');
  const scanner = standInScanner(CLEAN_REPORT);
  const result = await runExample(repo, {
    context: {
      event: 'push',
      ref: 'refs/heads/develop',
      sha: repo.sha,
      repository: REPO,
      actor: 'dev',
      token,
    },
    vars: { REGISTRY: registry(), GITOPS_REPOSITORY: gitopsUrl },
    secrets: { GITOPS_TOKEN },
    runnerEnv: { ...process.env, ...scanner.env, GITHUB_API_URL: github.url },
  }).finally(() => scanner.cleanup());
  expect(result.conclusion).toBe('success');
  expect(result.jobs['deploy-dev'].result).toBe('success');
  expect(result.jobs['deploy-staging'].result).toBe('skipped');
  expect(result.jobs['deploy-production'].result).toBe('skipped');
  const changed = gitops(['diff', '--name-only', before, 'main']).trim().split('\n');
  expect(changed).toEqual(['environments/development/user-service/deployment.yaml']);
  expect(gitops(['show', 'main:environments/development/user-service/deployment.yaml'])).toContain(
    result.jobs.ci.outputs['image-ref'],
  );
  expect(gitops(['log', '-1', '--format=%s', 'main'])).toMatch(/^Update user-service to /);
  expect(github.state.repos.get(REPO)!.issues.size).toBe(issuesBefore);
});
