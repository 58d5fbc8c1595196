/**
 * examples/rust-todo-app (seed 001) end to end, through the reusable workflow it calls
 * (org/oasis-actions/.github/workflows/deploy.yml@v1, this repository's file): build by SHA,
 * scan, rolling update of rust-todo-app in the kube double with real pods, /health JSON check.
 * Push 1 ships 2.0.0. Push 2 ships a release that crashes a second after start: the rollout
 * detects the crash loop, rolls back by itself, and the Service keeps serving 2.0.0.
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
  versionsServed,
  type ServiceRepo,
} from './example-harness.js';
import type { WorkflowResult } from './workflow-runner.js';

jest.setTimeout(600_000);

let kube: KubeDouble;
let github: GitHubDouble;
let repo: ServiceRepo;
let scanner: ReturnType<typeof standInScanner>;
let appUrl: string;
let token: string;

beforeAll(async () => {
  kube = await startKubeDouble({ speed: 5 });
  github = await startGitHubDouble();
  github.addRepo('gaspecian/rust_todo_app');
  token = github.token('github-actions[bot]');
  repo = await serviceRepo('rust-todo-app');
  scanner = standInScanner(CLEAN_REPORT);
  appUrl = await provisionService(kube, join(repo.dir, 'k8s', 'service.yaml'));
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
      repository: 'gaspecian/rust_todo_app',
      actor: 'gaspecian',
      token,
    },
    vars: { REGISTRY: registry() },
    environments: {
      production: { secrets: { KUBECONFIG: kube.kubeconfig }, vars: { APP_URL: appUrl } },
    },
    runnerEnv: { ...process.env, ...scanner.env, GITHUB_API_URL: github.url },
  });
}

function innerStep(result: WorkflowResult, job: string, name: string) {
  const inner = result.jobs.deploy.workflow!.jobs[job];
  const step = inner.steps.find((s) => s.id === name || s.name === name);
  if (!step) throw new Error(`reusable workflow job ${job} has no step ${name}`);
  return step;
}

function deployedImage(): string | undefined {
  const deployment = kube.api.store.get(byKind('Deployment'), 'default', 'rust-todo-app');
  return deployment?.spec?.template?.spec?.containers?.[0]?.image;
}

test('push 1: the reusable workflow builds by SHA, scans, rolls out and checks /health', async () => {
  repo.release('2.0.0');
  const result = await run();
  expect(result.conclusion).toBe('success');
  const imageRef = result.jobs.deploy.outputs['image-ref'];
  expect(imageRef).toMatch(
    new RegExp(`^${registry()}/gaspecian/rust_todo_app@sha256:[a-f0-9]{64}$`),
  );
  expect(result.jobs.deploy.outputs['scan-verdict']).toBe('pass');
  expect(result.jobs.deploy.outputs.status).toBe('succeeded');
  expect(result.jobs.deploy.outputs['verify-verdict']).toBe('pass');
  // Built by SHA, as the seed does: the full commit SHA is a tag of the pushed image.
  const tags = innerStep(result, 'build', 'build').outputs.tags;
  expect(tags).toContain(`${registry()}/gaspecian/rust_todo_app:${repo.sha}`);
  expect(deployedImage()).toBe(imageRef);
  expect(await versionsServed(appUrl)).toEqual({ '2.0.0': 20 });
  const health = await fetch(`${appUrl}/health`);
  expect(await health.json()).toMatchObject({ status: 'healthy', version: '2.0.0' });
});

test('push 2: a crash-looping release is detected and rolled back by the rollout', async () => {
  const before = deployedImage();
  repo.release('2.1.0', { dockerfileExtra: 'ENV CRASH_AFTER=1' });
  const result = await run();
  expect(result.conclusion).toBe('failure');
  const rollout = innerStep(result, 'deploy', 'rollout');
  expect(rollout.outcome).toBe('failure');
  expect(rollout.outputs.status).toBe('rolled-back');
  expect(rollout.outputs['failed-reason']).toBe('CrashLoopBackOff');
  // Verification and the verify-rollback never ran: the rollout had already put 2.0.0 back.
  expect(innerStep(result, 'deploy', 'verify').outcome).toBe('skipped');
  expect(deployedImage()).toBe(before);
  expect(await versionsServed(appUrl)).toEqual({ '2.0.0': 20 });
});
