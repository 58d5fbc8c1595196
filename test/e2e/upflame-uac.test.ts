/**
 * examples/upflame-uac (seed 002) end to end: blue-green in staging then production (namespaces
 * of one kube double with real pods), smoke tests on the idle colour before the switch, the
 * previous colour kept as the rollback.
 * Push 1 ships 1.0.0 (first colour). Push 2 ships 2.0.0: smoke tests pass on green, traffic
 * switches, blue keeps running 1.0.0. Push 3 ships a build whose /ready never answers 200: the
 * smoke tests fail on the idle colour, traffic never moves, production is not touched.
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

let kube: KubeDouble;
let github: GitHubDouble;
let repo: ServiceRepo;
let scanner: ReturnType<typeof standInScanner>;
let stagingUrl: string;
let productionUrl: string;
let token: string;
/** The colour serving traffic after push 1 (the first deploy picks one). */
let first: 'blue' | 'green';
const other = (color: 'blue' | 'green') => (color === 'blue' ? 'green' : 'blue');

beforeAll(async () => {
  kube = await startKubeDouble({ speed: 5 });
  github = await startGitHubDouble();
  github.addRepo('upflame/uac');
  token = github.token('github-actions[bot]');
  repo = await serviceRepo('upflame-uac');
  scanner = standInScanner(CLEAN_REPORT);
  const service = join(repo.dir, 'k8s', 'service.yaml');
  stagingUrl = await provisionService(kube, service, 'upflame-staging');
  productionUrl = await provisionService(kube, service, 'upflame-production');
});

afterAll(async () => {
  await kube?.stop();
  await github?.stop();
  scanner?.cleanup();
  repo?.cleanup();
});

function run() {
  return runExample(repo, {
    context: {
      event: 'push',
      ref: 'refs/heads/main',
      sha: repo.sha,
      repository: 'upflame/uac',
      actor: 'dev',
      token,
    },
    vars: { REGISTRY: registry() },
    environments: {
      staging: { secrets: { KUBECONFIG: kube.kubeconfig }, vars: { APP_URL: stagingUrl } },
      production: { secrets: { KUBECONFIG: kube.kubeconfig }, vars: { APP_URL: productionUrl } },
    },
    runnerEnv: { ...process.env, ...scanner.env, GITHUB_API_URL: github.url },
  });
}

function colour(namespace: string, color: 'blue' | 'green') {
  const deployment = kube.api.store.get(byKind('Deployment'), namespace, `auth-api-${color}`);
  return {
    image: deployment?.spec?.template?.spec?.containers?.[0]?.image as string | undefined,
    readyReplicas: (deployment?.status?.readyReplicas ?? 0) as number,
  };
}

test('push 1: 1.0.0 goes live in staging, then production', async () => {
  repo.release('1.0.0');
  const result = await run();
  expect(result.conclusion).toBe('success');
  expect(await versionsServed(stagingUrl)).toEqual({ '1.0.0': 20 });
  expect(await versionsServed(productionUrl)).toEqual({ '1.0.0': 20 });
  const active = stepOutputs(result, 'staging', 'blue-green')['active-color'];
  expect(['blue', 'green']).toContain(active);
  expect(stepOutputs(result, 'production', 'blue-green')['active-color']).toBe(active);
  first = active as 'blue' | 'green';
});

test('push 2: smoke tests pass on the idle colour, traffic switches, the old one is kept', async () => {
  repo.release('2.0.0');
  const result = await run();
  expect(result.conclusion).toBe('success');
  const imageRef = result.jobs.build.outputs['image-ref'];
  for (const [job, namespace, url] of [
    ['staging', 'upflame-staging', stagingUrl],
    ['production', 'upflame-production', productionUrl],
  ]) {
    const outputs = stepOutputs(result, job, 'blue-green');
    expect(outputs.status).toBe('succeeded');
    expect(outputs['active-color']).toBe(other(first));
    expect(outputs['previous-color']).toBe(first);
    expect(await versionsServed(url)).toEqual({ '2.0.0': 20 });
    expect(colour(namespace, other(first)).image).toBe(imageRef);
    // Seed 7.1 step 5: the previous colour stays up (24 h) as the instant rollback.
    expect(colour(namespace, first).readyReplicas).toBe(3);
  }
});

test('push 3: smoke tests fail on the idle colour: no switch, production untouched', async () => {
  repo.release('2.1.0', { dockerfileExtra: 'ENV VARIANT=never-ready' });
  const result = await run();
  expect(result.conclusion).toBe('failure');
  const rollout = result.jobs.staging.steps.find((step) => step.id === 'blue-green')!;
  expect(rollout.outcome).toBe('failure');
  expect(rollout.log.join('\n')).toMatch(/ready/);
  expect(result.jobs.production.result).toBe('skipped');
  expect(await versionsServed(stagingUrl)).toEqual({ '2.0.0': 20 });
  expect(await versionsServed(productionUrl)).toEqual({ '2.0.0': 20 });
});
