/**
 * examples/rust-auth-service (seed 004) end to end: the workflow as committed, run against the
 * local stack (registry, kube double with real pods, GitHub double, real Prometheus scraping the
 * Service). Push 1 ships 2.0.0: the Service serves it and the verification passes. Push 2 ships
 * a release whose error rate is 50 %: it rolls out (its pods are healthy), the Prometheus
 * analysis fails the verification, and the workflow rolls back: the Service serves 2.0.0 again.
 */
import { jest } from '@jest/globals';
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

test('push 1: builds, scans, rolls out 2.0.0 and verifies it', async () => {
  repo.release('2.0.0');
  const result = await run();
  expect(result.conclusion).toBe('success');
  const imageRef = result.jobs.build.outputs['image-ref'];
  expect(imageRef).toMatch(new RegExp(`^${registry()}/acme/auth-service@sha256:[a-f0-9]{64}$`));
  expect(stepOutputs(result, 'deploy', 'rollout').status).toBe('succeeded');
  expect(stepOutputs(result, 'deploy', 'verify').verdict).toBe('pass');
  // What a user checks: the cluster runs the built image by digest, the Service serves 2.0.0.
  expect(deployedImage()).toBe(imageRef);
  expect(await versionsServed(appUrl)).toEqual({ '2.0.0': 20 });
  // The SARIF of the scan reached code scanning.
  expect(
    github.requests.some((r) => r.method === 'POST' && r.path.includes('/code-scanning/sarifs')),
  ).toBe(true);
});

test('push 2: a release with a 50 % error rate fails the Prometheus analysis and is rolled back', async () => {
  const before = deployedImage();
  // The developer's change: a bug that makes half of the requests fail.
  repo.release('3.0.0', { dockerfileExtra: 'ENV ERROR_RATE=0.5' });
  const result = await run();
  expect(result.conclusion).toBe('failure');
  expect(stepOutputs(result, 'deploy', 'rollout').status).toBe('succeeded');
  const verify = stepOutputs(result, 'deploy', 'verify');
  expect(verify.verdict).toBe('fail');
  expect(verify['failed-checks']).toContain('error rate below 1 %');
  const rollback = result.jobs.deploy.steps.find(
    (s) => s.name === 'Roll back when the verification fails',
  );
  expect(rollback?.outcome).toBe('success');
  expect(deployedImage()).toBe(before);
  expect(await versionsServed(appUrl)).toEqual({ '2.0.0': 20 });
});
