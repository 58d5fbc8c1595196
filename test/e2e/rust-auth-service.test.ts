/**
 * examples/rust-auth-service (seed 004) end to end: the workflow as committed, one step of
 * `org/oasis-actions/deploy@v1`, run against the local stack (registry, kube double with real
 * pods, GitHub double, real Prometheus scraping the Service). Push 1 ships 2.0.0: the Service
 * serves it, the verification passes, the GitHub Deployment is a success. Push 2 ships a release
 * whose error rate is 50 %: it rolls out (its pods are healthy), the Prometheus analysis fails
 * the verification, and the deployment rolls back: the Service serves 2.0.0 again.
 *
 * The service's registry here is the local one: vars.REGISTRY names it, and the repository's
 * k8s/deployment.yaml names the image there (as it names ghcr.io/acme/auth-service on GitHub).
 */
import { jest } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startGitHubDouble, type GitHubDouble } from '../stack/github/index.js';
import { startKubeDouble, type KubeDouble } from '../stack/kube/index.js';
import { byKind } from '../stack/kube/resources.js';
import { startPrometheus, type PrometheusServer } from '../stack/prometheus.js';
import {
  CLEAN_REPORT,
  provisionService,
  registry,
  runExample,
  serviceRepo,
  standInScanner,
  stepOutputs,
  versionsServed,
  type ServiceRepo,
} from './example-harness.js';

jest.setTimeout(600_000);

let kube: KubeDouble;
let github: GitHubDouble;
let prometheus: PrometheusServer;
let repo: ServiceRepo;
let scanner: ReturnType<typeof standInScanner>;
let appUrl: string;
let token: string;

beforeAll(async () => {
  kube = await startKubeDouble({ speed: 5 });
  github = await startGitHubDouble();
  github.addRepo('acme/auth-service');
  token = github.token('github-actions[bot]');
  repo = await serviceRepo('rust-auth-service');
  const manifest = join(repo.dir, 'k8s', 'deployment.yaml');
  writeFileSync(
    manifest,
    readFileSync(manifest, 'utf8').replace(
      'ghcr.io/acme/auth-service',
      `${registry()}/acme/auth-service`,
    ),
  );
  scanner = standInScanner(CLEAN_REPORT);
  appUrl = await provisionService(kube, join(repo.dir, 'k8s', 'service.yaml'), 'auth-service');
  prometheus = await startPrometheus({ targets: [new URL(appUrl).host] });
});

afterAll(async () => {
  await kube?.stop();
  await github?.stop();
  await prometheus?.stop();
  scanner?.cleanup();
  repo?.cleanup();
});

function run() {
  return runExample(repo, {
    context: {
      event: 'push',
      ref: 'refs/heads/main',
      sha: repo.sha,
      repository: 'acme/auth-service',
      actor: 'dev',
      token,
    },
    vars: { REGISTRY: registry() },
    environments: {
      production: {
        secrets: { KUBECONFIG: kube.kubeconfig },
        vars: { APP_URL: appUrl, PROMETHEUS_URL: prometheus.url },
      },
    },
    runnerEnv: { ...process.env, ...scanner.env, GITHUB_API_URL: github.url },
  });
}

function deployedImage(): string | undefined {
  const deployment = kube.api.store.get(byKind('Deployment'), 'auth-service', 'auth-service');
  return deployment?.spec?.template?.spec?.containers?.[0]?.image;
}

test('push 1: builds, scans, rolls out 2.0.0 and verifies it, as one GitHub Deployment', async () => {
  repo.release('2.0.0');
  const result = await run();
  expect(result.conclusion).toBe('success');
  const outputs = stepOutputs(result, 'deploy', 'deploy');
  const imageRef = outputs['image-ref'];
  expect(imageRef).toMatch(new RegExp(`^${registry()}/acme/auth-service@sha256:[a-f0-9]{64}$`));
  expect(outputs['scan-verdict']).toBe('pass');
  expect(outputs['verify-verdict']).toBe('pass');
  expect(outputs.status).toBe('succeeded');
  // What a user checks: the cluster runs the built image by digest, the Service serves 2.0.0.
  expect(deployedImage()).toBe(imageRef);
  expect(await versionsServed(appUrl)).toEqual({ '2.0.0': 20 });
  // The SARIF reached code scanning; the GitHub Deployment of production ended in success.
  expect(
    github.requests.some((r) => r.method === 'POST' && r.path.includes('/code-scanning/sarifs')),
  ).toBe(true);
  const deployments = [...github.state.repos.get('acme/auth-service')!.deployments.values()];
  expect(deployments).toHaveLength(1);
  expect(deployments[0].environment).toBe('production');
  expect(deployments[0].statuses.map((status) => status.state)).toEqual(['in_progress', 'success']);
});

test('push 2: a release with a 50 % error rate fails the Prometheus analysis and is rolled back', async () => {
  const before = deployedImage();
  // The developer's change: a bug that makes half of the requests fail.
  repo.release('3.0.0', { dockerfileExtra: 'ENV ERROR_RATE=0.5' });
  const result = await run();
  expect(result.conclusion).toBe('failure');
  const outputs = stepOutputs(result, 'deploy', 'deploy');
  expect(outputs['verify-verdict']).toBe('fail');
  expect(outputs['failed-stage']).toBe('verify');
  expect(outputs.status).toBe('rolled-back');
  const log = result.jobs.deploy.steps.find((s) => s.id === 'deploy')!.log.join('\n');
  expect(log).toContain('error rate below 1 %');
  expect(deployedImage()).toBe(before);
  expect(await versionsServed(appUrl)).toEqual({ '2.0.0': 20 });
  const deployments = [...github.state.repos.get('acme/auth-service')!.deployments.values()];
  expect(deployments.at(-1)!.statuses.map((status) => status.state)).toEqual([
    'in_progress',
    'failure',
  ]);
});
