/**
 * .github/workflows/deploy.yml (the reusable pipeline) with the caller its header documents:
 * two environments in order, a team approval before production answered through the GitHub
 * double, each environment's own cluster credentials and URL (environment secrets and vars with
 * `secrets: inherit`). The rust-todo-app example covers the one-environment call.
 */
import { jest } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startGitHubDouble, type GitHubDouble } from '../stack/github/index.js';
import { startKubeDouble, type KubeDouble } from '../stack/kube/index.js';
import { byKind } from '../stack/kube/resources.js';
import {
  CLEAN_REPORT,
  provisionService,
  registry,
  runExample,
  serviceRepo,
  standInScanner,
  versionsServed,
  type ServiceRepo,
} from './example-harness.js';

jest.setTimeout(600_000);

const CALLER = `
name: deploy
on:
  push:
    branches: [main]
jobs:
  deploy:
    uses: org/oasis-actions/.github/workflows/deploy.yml@v1
    with:
      image: \${{ vars.REGISTRY }}/acme/todo
      manifest-image: ghcr.io/gaspecian/rust_todo_app
      environments: '["staging", "production"]'
      manifests: k8s/
      approval-environments: production
      approvers: acme/release-managers
      approval-timeout: 5m
    secrets: inherit
`;

let staging: KubeDouble;
let production: KubeDouble;
let github: GitHubDouble;
let repo: ServiceRepo;
let scanner: ReturnType<typeof standInScanner>;
let urls: { staging: string; production: string };
let token: string;

beforeAll(async () => {
  github = await startGitHubDouble();
  github.addRepo('acme/todo');
  github.addTeam('acme', 'release-managers', ['rita']);
  token = github.token('github-actions[bot]');
  // The rust-todo-app example's manifests, deployed by a caller of the reusable workflow.
  repo = await serviceRepo('rust-todo-app');
  mkdirSync(join(repo.dir, '.github', 'workflows'), { recursive: true });
  writeFileSync(join(repo.dir, '.github', 'workflows', 'deploy.yml'), CALLER);
  scanner = standInScanner(CLEAN_REPORT);
  staging = await startKubeDouble({ speed: 5 });
  production = await startKubeDouble({ speed: 5 });
  const service = join(repo.dir, 'k8s', 'service.yaml');
  urls = {
    staging: await provisionService(staging, service),
    production: await provisionService(production, service),
  };
});

afterAll(async () => {
  await staging?.stop();
  await production?.stop();
  await github?.stop();
  scanner?.cleanup();
  repo?.cleanup();
});

test('staging, then an approved production, each verified on its own URL', async () => {
  repo.release('3.0.0');
  const timeline: string[] = [];
  let done = false;
  const reviewer = (async () => {
    while (!done) {
      const issue = [...(github.state.repos.get('acme/todo')?.issues.values() ?? [])].find(
        (i) => i.state === 'open',
      );
      if (issue) {
        // Production must not have been touched while the approval is pending.
        const deployment = production.api.store.get(
          byKind('Deployment'),
          'default',
          'rust-todo-app',
        );
        timeline.push(deployment ? 'production deployed before approval' : 'approval pending');
        github.addComment('acme/todo', issue.number, 'rita', 'approve');
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  const result = await runExample(repo, {
    context: {
      event: 'push',
      ref: 'refs/heads/main',
      sha: repo.sha,
      repository: 'acme/todo',
      actor: 'dev',
      token,
    },
    vars: { REGISTRY: registry() },
    environments: {
      staging: { secrets: { KUBECONFIG: staging.kubeconfig }, vars: { APP_URL: urls.staging } },
      production: {
        secrets: { KUBECONFIG: production.kubeconfig },
        vars: { APP_URL: urls.production },
      },
    },
    runnerEnv: { ...process.env, ...scanner.env, GITHUB_API_URL: github.url },
  }).finally(() => (done = true));
  await reviewer;
  expect(result.conclusion).toBe('success');
  expect(timeline).toEqual(['approval pending']);
  const inner = result.jobs.deploy.workflow!;
  const steps = inner.jobs.deploy.steps;
  // Staging had no approval step; production had one, approved by rita.
  const approvals = steps.filter((s) => s.id === 'approval');
  expect(approvals.map((s) => s.outcome)).toEqual(['skipped', 'success']);
  expect(approvals[1].outputs['approved-by']).toBe('rita');
  expect(steps.filter((s) => s.id === 'verify').map((s) => s.outputs.verdict)).toEqual([
    'pass',
    'pass',
  ]);
  expect(await versionsServed(urls.staging)).toEqual({ '3.0.0': 20 });
  expect(await versionsServed(urls.production)).toEqual({ '3.0.0': 20 });
  expect(result.jobs.deploy.outputs['image-ref']).toMatch(
    new RegExp(`^${registry()}/acme/todo@sha256:`),
  );
});
