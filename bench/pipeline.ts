/**
 * The full pipeline on the local stack, timed per stage: build and push the sample service, scan
 * it (stand-in scanner replaying a real report), an approval answered at once through the GitHub
 * API double, a rolling rollout of 2 replicas on the kube double (real containers), and HTTP
 * verification through the Service port.
 *
 * oasis overhead = total − docker build − docker push − rollout (waiting for the cluster) −
 * approval (waiting for a person). Goal: ≤ 5 s.
 *
 *   node --import tsx bench/pipeline.ts [runs=3]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getInputs } from '../src/deploy/inputs.js';
import { deploy, type DeployResult } from '../src/deploy/deploy.js';
import { mapInputs } from '../src/shared/inputs.js';
import { createGitHubClient } from '../src/shared/github.js';
import { ensureDockerEngine } from '../test/stack/docker-engine.js';
import { startRegistry } from '../test/stack/registry.js';
import { sampleBuildContext } from '../test/stack/sample-service.js';
import { startKubeDouble } from '../test/stack/kube/index.js';
import { startGitHubDouble } from '../test/stack/github/index.js';
import { installReplayScanner } from '../test/stack/scanner/install.js';

const runs = Number(process.argv[2] ?? 3);
const REPO = 'acme/bench';
const fixtures = new URL('../../shared/fixtures/', import.meta.url).pathname;

const MANIFESTS = (registry: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: bench, labels: { app: bench } }
spec:
  replicas: 2
  strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }
  selector: { matchLabels: { app: bench } }
  template:
    metadata: { labels: { app: bench } }
    spec:
      containers:
        - name: app
          image: ${registry}/acme/bench:latest
          ports: [{ containerPort: 8080 }]
          readinessProbe: { httpGet: { path: /ready, port: 8080 }, periodSeconds: 1 }
---
apiVersion: v1
kind: Service
metadata: { name: bench }
spec:
  selector: { app: bench }
  ports: [{ port: 80, targetPort: 8080 }]
`;

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const s = (ms: number) => (ms / 1000).toFixed(2);

const engine = await ensureDockerEngine();
const registry = await startRegistry();
const kube = await startKubeDouble({ namespaces: ['bench'] });
const gh = await startGitHubDouble();
gh.addRepo(REPO);
gh.addUser('rita');
const workspace = mkdtempSync(join(tmpdir(), 'oasis-bench-pipeline-'));
await sampleBuildContext(workspace);
writeFileSync(join(workspace, 'app.yaml'), MANIFESTS(registry.host));
mkdirSync(join(workspace, '.bin'));
installReplayScanner(join(workspace, '.bin'), 'trivy');
Object.assign(process.env, {
  GITHUB_WORKSPACE: workspace,
  GITHUB_REPOSITORY: REPO,
  GITHUB_SHA: 'c'.repeat(40),
  GITHUB_REF: 'refs/heads/main',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_RUN_ID: '1',
  GITHUB_ACTOR: 'dev',
  GITHUB_API_URL: gh.url,
  GITHUB_SERVER_URL: gh.htmlUrl,
  RUNNER_TEMP: workspace,
  PATH: `${join(workspace, '.bin')}:${process.env.PATH}`,
  REPLAY_SCANNER_REPORT: join(fixtures, 'trivy', 'golden_image_ubuntu-18.04_trivy-v0.74.json'),
});

const rows: Array<Record<string, number>> = [];
try {
  for (let run = 1; run <= runs; run++) {
    const token = gh.token('github-actions[bot]', {
      issues: 'write',
      members: 'read',
      deployments: 'write',
    });
    // The reviewer answers as soon as the issue exists (the approval's own wait is measured).
    const issueNumber = run;
    const reviewer = setInterval(() => {
      if (!gh.state.repos.get(REPO)?.issues.get(issueNumber)) return;
      clearInterval(reviewer);
      gh.addComment(REPO, issueNumber, 'rita', 'approve');
    }, 20);
    const serviceUrl = kube.serviceUrl('bench', 'bench');
    const config = getInputs(
      mapInputs({
        images: `${registry.host}/acme/bench`,
        tags: 'type=sha',
        'build-args': `VERSION=9.${run}.0`,
        approvers: 'rita',
        'approval-poll-interval': '1s',
        manifests: 'app.yaml',
        namespace: 'bench',
        kubeconfig: kube.kubeconfig,
        'github-token': token,
        ...(serviceUrl
          ? {
              checks: `checks:\n  - url: /health\n    expect: { status: 200 }\n  - url: /version\n    expect: { body-contains: 9.${run}.0 }\n`,
              'base-url': serviceUrl,
            }
          : {}),
      }),
    );
    const started = Date.now();
    let result: DeployResult;
    try {
      result = await deploy(config, {
        log: () => undefined,
        github: createGitHubClient({
          token,
          baseUrl: gh.url,
          spaceWrites: false,
          log: () => undefined,
        }),
      });
    } finally {
      clearInterval(reviewer);
    }
    const total = Date.now() - started;
    if (result.status !== 'succeeded') throw new Error(`run ${run}: ${result.error}`);
    const stage = (name: string) =>
      result.stages.find((entry) => entry.name === name)?.durationMs ?? 0;
    const row = {
      total,
      build: stage('build'),
      dockerBuild: result.timings.dockerBuildMs,
      push: result.timings.pushMs,
      scan: stage('scan'),
      approval: stage('approval'),
      rollout: stage('rollout'),
      verify: stage('verify'),
      overhead:
        total -
        result.timings.dockerBuildMs -
        result.timings.pushMs -
        stage('rollout') -
        stage('approval'),
    };
    rows.push(row);
    console.log(
      `run ${run}${serviceUrl ? '' : ' (first release: no Service URL yet, so no verification)'}: ` +
        Object.entries(row)
          .map(([key, value]) => `${key} ${s(value)}s`)
          .join(', '),
    );
  }
  const keys = Object.keys(rows[0]);
  console.log(`\nmedian of ${rows.length} runs (seconds):`);
  console.log(keys.map((key) => key.padStart(12)).join(''));
  console.log(keys.map((key) => s(median(rows.map((row) => row[key]))).padStart(12)).join(''));
  console.log(
    `\noasis overhead (total − docker build − push − rollout wait − approval wait): ${s(median(rows.map((row) => row.overhead)))} s (goal ≤ 5 s)`,
  );
} finally {
  await kube.stop();
  await gh.stop();
  await registry.stop();
  await engine.stop();
  rmSync(workspace, { recursive: true, force: true });
}
