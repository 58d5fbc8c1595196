/**
 * examples/oxidizedoasis-websands (seed 000) end to end: two images (API and frontend) built
 * from their Dockerfiles, both scanned, deployed to a staging cluster and then a production
 * cluster (two kube doubles, real pods), each verified with the seed's verification script as
 * checks (health 200, public endpoint 200, login with the test account's bad password 401).
 * A push to develop goes to staging only, as in the seed.
 */
import { jest } from '@jest/globals';
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
  stepOutputs,
  versionsServed,
  type ServiceRepo,
} from './example-harness.js';

jest.setTimeout(900_000);

interface Cluster {
  kube: KubeDouble;
  apiUrl: string;
  frontendUrl: string;
}

let staging: Cluster;
let production: Cluster;
let github: GitHubDouble;
let repo: ServiceRepo;
let scanner: ReturnType<typeof standInScanner>;
let token: string;

async function cluster(): Promise<Cluster> {
  const kube = await startKubeDouble({ speed: 5 });
  return {
    kube,
    apiUrl: await provisionService(kube, join(repo.dir, 'k8s', 'api-service.yaml')),
    frontendUrl: await provisionService(kube, join(repo.dir, 'k8s', 'frontend-service.yaml')),
  };
}

beforeAll(async () => {
  github = await startGitHubDouble();
  github.addRepo('oxidizedoasis/websands');
  token = github.token('github-actions[bot]');
  repo = await serviceRepo('oxidizedoasis-websands', ['Dockerfile.api', 'Dockerfile.frontend']);
  scanner = standInScanner(CLEAN_REPORT);
  staging = await cluster();
  production = await cluster();
});

afterAll(async () => {
  await staging?.kube.stop();
  await production?.kube.stop();
  await github?.stop();
  scanner?.cleanup();
  repo?.cleanup();
});

function run(ref: string) {
  const environment = (c: Cluster) => ({
    secrets: { KUBECONFIG: c.kube.kubeconfig },
    vars: { API_URL: c.apiUrl, FRONTEND_URL: c.frontendUrl },
  });
  return runExample(repo, {
    context: {
      event: 'push',
      ref,
      sha: repo.sha,
      repository: 'oxidizedoasis/websands',
      actor: 'dev',
      token,
    },
    vars: { REGISTRY: registry() },
    environments: { staging: environment(staging), production: environment(production) },
    runnerEnv: { ...process.env, ...scanner.env, GITHUB_API_URL: github.url },
  });
}

function images(c: Cluster) {
  const image = (name: string) =>
    kube(c, name)?.spec?.template?.spec?.containers?.[0]?.image as string | undefined;
  return { api: image('api-service'), frontend: image('frontend') };
}

function kube(c: Cluster, name: string) {
  return c.kube.api.store.get(byKind('Deployment'), 'oxidizedoasis', name);
}

test('push to main: both images to staging, verified, then to production, verified', async () => {
  repo.release('2.0.0');
  const result = await run('refs/heads/main');
  expect(result.conclusion).toBe('success');
  const { 'api-ref': apiRef, 'frontend-ref': frontendRef } = result.jobs.build.outputs;
  expect(apiRef).toMatch(new RegExp(`^${registry()}/oxidizedoasis/api-service@sha256:`));
  expect(frontendRef).toMatch(new RegExp(`^${registry()}/oxidizedoasis/frontend@sha256:`));
  for (const [job, c] of [
    ['deploy-staging', staging],
    ['deploy-production', production],
  ] as const) {
    expect(stepOutputs(result, job, 'verify-api').verdict).toBe('pass');
    expect(stepOutputs(result, job, 'verify-frontend').verdict).toBe('pass');
    expect(images(c)).toEqual({ api: apiRef, frontend: frontendRef });
    expect(await versionsServed(c.apiUrl)).toEqual({ '2.0.0': 20 });
    expect(await versionsServed(c.frontendUrl, 5)).toEqual({ '2.0.0': 5 });
    // The seed's script, by hand: bad credentials are refused.
    const login = await fetch(`${c.apiUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username_or_email: 'test@example.com', password: 'Test123!' }),
    });
    expect(login.status).toBe(401);
  }
});

test('push to develop: staging only; production keeps the release from main', async () => {
  const productionBefore = images(production);
  repo.release('2.1.0-dev');
  const result = await run('refs/heads/develop');
  expect(result.conclusion).toBe('success');
  expect(result.jobs['deploy-production'].result).toBe('skipped');
  expect(await versionsServed(staging.apiUrl)).toEqual({ '2.1.0-dev': 20 });
  expect(images(production)).toEqual(productionBefore);
  expect(await versionsServed(production.apiUrl)).toEqual({ '2.0.0': 20 });
});
