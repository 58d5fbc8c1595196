/**
 * The deploy pipeline in-process against the local stack: a real build and push of the sample
 * service into the registry, the scan gate on a replayed real report, an approval answered through
 * the GitHub API double, a direct rollout on the kube double (real containers), verification over
 * the Service port, and the rollback when verification fails.
 */
import { jest } from '@jest/globals';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getInputs } from '../../../src/deploy/inputs.js';
import { deploy, type DeployResult } from '../../../src/deploy/deploy.js';
import { mapInputs } from '../../../src/shared/inputs.js';
import { createGitHubClient } from '../../../src/shared/github.js';
import { startKubeDouble, type KubeDouble } from '../../stack/kube/index.js';
import { startGitHubDouble, type GitHubDouble } from '../../stack/github/index.js';
import { sampleBuildContext } from '../../stack/sample-service.js';
import { registryDigest } from '../../stack/registry.js';
import { installReplayScanner } from '../../stack/scanner/install.js';
import { getInputs as rolloutInputs } from '../../../src/k8s-rollout/inputs.js';
import { k8sRollout } from '../../../src/k8s-rollout/k8s-rollout.js';

jest.setTimeout(300_000);

const NS = 'shop';
const REPO = 'acme/shop';
const FIXTURES = join(process.cwd(), '..', 'shared', 'fixtures');
const CLEAN_REPORT = join(
  FIXTURES,
  'grype',
  'image_wolfi_zero-matches_grype-0.114.0_klass-web.json',
);
const CRITICAL_REPORT = join(FIXTURES, 'trivy', 'golden_image_debian-10_trivy-v0.74.json');

let kube: KubeDouble;
let gh: GitHubDouble;
let workspace: string;
let scannerDir: string;
let registry: string;
const saved = { ...process.env };

function manifests(name: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, labels: { app: ${name} } }
spec:
  replicas: 2
  strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: app
          image: ${registry}/acme/shop:placeholder
          ports: [{ containerPort: 8080 }]
          readinessProbe: { httpGet: { path: /ready, port: 8080 }, periodSeconds: 1 }
---
apiVersion: v1
kind: Service
metadata: { name: ${name} }
spec:
  selector: { app: ${name} }
  ports: [{ port: 80, targetPort: 8080 }]
`;
}

async function versionOf(url: string): Promise<string> {
  const response = await fetch(`${url}/version`);
  return (await response.text()).trim();
}

/** Answers the approval issue as `login` once it exists. */
function approveWhenAsked(login: string, word = 'approve') {
  const timer = setInterval(() => {
    const issue = gh.state.repos.get(REPO)?.issues.get(1);
    if (!issue) return;
    clearInterval(timer);
    gh.addComment(REPO, 1, login, word);
  }, 200);
  return () => clearInterval(timer);
}

/** The release before ours: v1 of the sample service, so the Service (and its URL) exists. */
async function baseline(name: string): Promise<string> {
  const result = await k8sRollout(
    rolloutInputs(
      mapInputs({
        manifests: `${name}.yaml`,
        workspace,
        namespace: NS,
        kubeconfig: kube.kubeconfig,
        images: `${registry}/acme/shop=${process.env.OASIS_SAMPLE_V1}`,
        timeout: '120s',
      }),
    ),
    { log: () => undefined },
  );
  expect(result.status).toBe('succeeded');
  const url = kube.serviceUrl(NS, name)!;
  expect(await versionOf(url)).toBe('1.0.0');
  return url;
}

const HEALTH_CHECKS = (version: string) => `checks:
  - name: health
    url: /health
    expect:
      status: 200
      json:
        - path: $.status
          equals: healthy
  - name: version
    url: /version
    expect:
      status: 200
      body-contains: ${version}
`;

async function run(
  name: string,
  inputs: Record<string, string>,
): Promise<DeployResult & { lines: string[] }> {
  const lines: string[] = [];
  const token = gh.token('github-actions[bot]', {
    issues: 'write',
    members: 'read',
    deployments: 'write',
  });
  const config = getInputs(
    mapInputs({
      images: `${registry}/acme/shop`,
      tags: 'type=sha',
      manifests: `${name}.yaml`,
      namespace: NS,
      kubeconfig: kube.kubeconfig,
      'rollout-timeout': '120s',
      scanner: 'grype',
      'github-token': token,
      'approval-poll-interval': '1s',
      ...inputs,
    }),
  );
  const result = await deploy(config, {
    log: (line) => lines.push(line),
    github: createGitHubClient({
      token,
      baseUrl: gh.url,
      spaceWrites: false,
      log: () => undefined,
    }),
  });
  return { ...result, lines };
}

beforeAll(async () => {
  registry = process.env.OASIS_TEST_REGISTRY!;
  kube = await startKubeDouble({ namespaces: [NS] });
  gh = await startGitHubDouble();
  gh.addRepo(REPO);
  gh.addUser('alice');
  workspace = mkdtempSync(join(tmpdir(), 'deploy-it-'));
  await sampleBuildContext(workspace);
  for (const name of ['good', 'gated', 'broken']) {
    writeFileSync(join(workspace, `${name}.yaml`), manifests(name));
  }
  scannerDir = join(workspace, '.bin');
  mkdirSync(scannerDir);
  installReplayScanner(scannerDir, 'grype');
  installReplayScanner(scannerDir, 'trivy');
  Object.assign(process.env, {
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: REPO,
    GITHUB_SHA: 'a'.repeat(40),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_RUN_ID: '77',
    GITHUB_ACTOR: 'erin',
    GITHUB_SERVER_URL: gh.htmlUrl,
    GITHUB_API_URL: gh.url,
    RUNNER_TEMP: workspace,
    PATH: `${scannerDir}:${process.env.PATH}`,
    REPLAY_SCANNER_REPORT: CLEAN_REPORT,
  });
});

afterAll(async () => {
  process.env = saved;
  await kube?.stop();
  await gh?.stop();
});

test('build → scan → approval → rolling rollout → verify: the new build serves, and GitHub sees it', async () => {
  const url = await baseline('good');
  const stopApprover = approveWhenAsked('alice');
  let result: Awaited<ReturnType<typeof run>>;
  try {
    result = await run('good', {
      'build-args': 'VERSION=3.1.0',
      approvers: 'alice',
      checks: HEALTH_CHECKS('3.1.0'),
      'base-url': url,
    });
  } finally {
    stopApprover();
  }
  expect(result.error).toBeUndefined();
  expect(result.status).toBe('succeeded');
  expect(result.stages.map((stage) => `${stage.name}:${stage.verdict}`)).toEqual([
    'build:passed',
    'scan:passed',
    'approval:passed',
    'rollout:passed',
    'verify:passed',
  ]);
  // The digest is the registry's, and the cluster serves the new build.
  const [name, digest] = result.outputs['image-ref'].split('@');
  expect(name).toBe(`${registry}/acme/shop`);
  const tag = result.outputs.tags.split('\n')[0].split(':').pop()!;
  expect(await registryDigest(registry, 'acme/shop', tag)).toBe(digest);
  expect(await versionOf(url)).toBe('3.1.0');
  expect(result.outputs).toMatchObject({
    'scan-verdict': 'pass',
    'approval-status': 'approved',
    revision: '2',
    'verify-verdict': 'pass',
    status: 'succeeded',
  });
  // The GitHub Deployment went in_progress → success, and the approval issue is closed.
  const deployments = [...gh.state.repos.get(REPO)!.deployments.values()];
  expect(deployments.map((d) => d.statuses.map((status) => status.state))).toEqual([
    ['in_progress', 'success'],
  ]);
  expect(gh.state.repos.get(REPO)!.issues.get(1)!.state).toBe('closed');
  expect(result.summary.split('\n')[0]).toBe('## ✅ Deployed to production');
});

test('a failing scan gate stops the run before anything is deployed', async () => {
  const url = await baseline('gated');
  process.env.REPLAY_SCANNER_REPORT = CRITICAL_REPORT;
  try {
    const result = await run('gated', {
      scanner: 'trivy',
      'build-args': 'VERSION=6.6.6',
      checks: HEALTH_CHECKS('6.6.6'),
      'base-url': url,
    });
    expect(result.error).toBeDefined();
    expect(result.status).toBe('stopped');
    expect(result.outputs['failed-stage']).toBe('scan');
    expect(result.error).toMatch(
      /^deploy failed at scan: \d+ findings at CRITICAL, HIGH fail the gate; nothing was deployed/,
    );
    expect(result.stages.map((stage) => stage.name)).toEqual(['build', 'scan']);
    // The cluster still serves the previous release; the Deployment record says nothing shipped.
    expect(await versionOf(url)).toBe('1.0.0');
    const last = [...gh.state.repos.get(REPO)!.deployments.values()].at(-1)!;
    expect(last.statuses.map((status) => status.state)).toEqual(['inactive']);
  } finally {
    process.env.REPLAY_SCANNER_REPORT = CLEAN_REPORT;
  }
});

test('a failed verification rolls the direct deployment back to the previous release', async () => {
  const url = await baseline('broken');
  // The build is healthy enough to roll out, but it is not the version the checks require.
  const result = await run('broken', {
    'build-args': 'VERSION=4.0.0-bad',
    checks: HEALTH_CHECKS('4.0.0-good'),
    'base-url': url,
    'verify-deadline': '4s',
  });
  expect(result.status).toBe('rolled-back');
  expect(result.outputs).toMatchObject({
    'verify-verdict': 'fail',
    'failed-stage': 'verify',
    status: 'rolled-back',
  });
  expect(result.error).toMatch(/^deploy rolled back at verify: verification fail: version: /);
  expect(result.stages.map((stage) => `${stage.name}:${stage.verdict}`)).toEqual([
    'build:passed',
    'scan:passed',
    'approval:skipped',
    'rollout:passed',
    'verify:failed',
    'rollback:passed',
  ]);
  expect(await versionOf(url)).toBe('1.0.0');
  const last = [...gh.state.repos.get(REPO)!.deployments.values()].at(-1)!;
  expect(last.statuses.map((status) => status.state)).toEqual(['in_progress', 'failure']);
});
