/**
 * The whole pipeline on this machine, nothing but loopback (`npm start` runs this):
 *
 *   local stack: Docker engine, registry, kube API double (real containers), GitHub API double,
 *   a GitOps repository behind git http-backend
 *   1. staging, GitOps:   the deploy action builds the sample service, pushes it, scans it
 *                          (when a scanner can be had), and commits the new digest to the repo
 *   2. production, direct: the same digest, approved by a (simulated) reviewer on the approval
 *                          issue, rolled out to the kube double and verified over the Service port
 *
 * Each run is the deploy action's bundle run as GitHub runs it (INPUT_*, GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY), and its job summary is printed for a terminal. Everything started is
 * torn down at the end; with `--keep` it stays up until Ctrl-C.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDockerEngine } from '../test/stack/docker-engine.js';
import { startRegistry } from '../test/stack/registry.js';
import { sampleBuildContext } from '../test/stack/sample-service.js';
import { startKubeDouble } from '../test/stack/kube/index.js';
import { startGitHubDouble } from '../test/stack/github/index.js';
import { startGitServer } from '../test/stack/git-server.js';
import { runAction, type ActionRunResult } from '../src/cli/action-runner.js';
import { actionDirFor } from '../src/cli/action-metadata.js';
import { resolveContext } from '../src/cli/github-context.js';
import { renderSummary } from '../src/cli/terminal-markdown.js';

const keep = process.argv.includes('--keep');
const REPO = 'acme/sample-app';
const REVIEWER = 'rita';
const say = (line: string) => console.log(`\x1b[1m▶ ${line}\x1b[0m`);

function deploymentYaml(registry: string): string {
  return `# The sample service in production: 3 replicas behind a Service, rolled out without
# dropping a request (maxUnavailable 0), ready only when /ready says so.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: sample-app
  labels: { app: sample-app }
spec:
  replicas: 3
  progressDeadlineSeconds: 60
  strategy:
    type: RollingUpdate
    rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }
  selector:
    matchLabels: { app: sample-app }
  template:
    metadata:
      labels: { app: sample-app }
    spec:
      containers:
        - name: app
          image: ${registry}/acme/sample-app:latest
          ports: [{ containerPort: 8080 }]
          readinessProbe:
            httpGet: { path: /ready, port: 8080 }
            periodSeconds: 1
          livenessProbe:
            httpGet: { path: /health, port: 8080 }
            periodSeconds: 5
`;
}

const SERVICE_YAML = `apiVersion: v1
kind: Service
metadata:
  name: sample-app
spec:
  selector: { app: sample-app }
  ports: [{ port: 80, targetPort: 8080 }]
`;

const CHECKS = `# Seed 000's verification script and seed 004's latency promise, as checks.
checks:
  - name: health
    url: /health
    expect:
      status: 200
      json:
        - path: $.status
          equals: healthy
      max-latency: 0.1
  - name: public endpoint
    url: /api/v1/public/info
    expect: { status: 200 }
  - name: login rejects bad credentials
    url: /api/v1/auth/login
    method: POST
    body: { username: nobody, password: wrong }
    expect: { status: 401 }
  - name: the new version serves
    url: /version
    expect: { status: 200, body-contains: 1.1.0 }
`;

async function main(): Promise<number> {
  const started = Date.now();
  const stops: Array<() => Promise<unknown>> = [];
  const workspace = mkdtempSync(join(tmpdir(), 'oasis-local-'));
  const teardown = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
    rmSync(workspace, { recursive: true, force: true });
  };
  // Ctrl-C at any point (or after `--keep`) stops what was started: no container is left behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      say('stopping the local stack');
      void teardown().then(() => process.exit(130));
    });
  }
  try {
    say('local stack: Docker engine, registry, kube API double, GitHub API double, GitOps repo');
    const engine = await ensureDockerEngine();
    stops.push(() => engine.stop());
    const registry = await startRegistry();
    stops.push(() => registry.stop());
    const kube = await startKubeDouble({ namespaces: ['production'] });
    stops.push(() => kube.stop());
    const gh = await startGitHubDouble();
    stops.push(() => gh.stop());
    gh.addRepo(REPO);
    gh.addUser(REVIEWER);
    const gitToken = `gitops-${Math.random().toString(36).slice(2)}`;
    const git = await startGitServer({ token: gitToken });
    stops.push(() => git.stop());
    const gitops = await git.createBareRepo('acme/gitops', {
      'envs/staging/sample-app.yaml': deploymentYaml(registry.host).replace(
        'replicas: 3',
        'replicas: 1 # staging runs one',
      ),
    });

    // The service's repository: the sample service's source and its production manifests.
    await sampleBuildContext(workspace);
    mkdirSync(join(workspace, 'k8s'));
    writeFileSync(join(workspace, 'k8s', 'deployment.yaml'), deploymentYaml(registry.host));
    writeFileSync(join(workspace, 'k8s', 'service.yaml'), SERVICE_YAML);
    writeFileSync(join(workspace, 'checks.yaml'), CHECKS);
    const identity = { GIT_AUTHOR_NAME: 'dev', GIT_AUTHOR_EMAIL: 'dev@example.test' };
    for (const args of [
      ['init', '-q', '-b', 'main'],
      ['add', '.'],
      ['commit', '-qm', 'sample app'],
    ]) {
      spawnSync('git', args, {
        cwd: workspace,
        env: {
          ...process.env,
          ...identity,
          GIT_COMMITTER_NAME: 'dev',
          GIT_COMMITTER_EMAIL: 'dev@example.test',
        },
      });
    }

    const token = gh.token('github-actions[bot]', {
      issues: 'write',
      members: 'read',
      deployments: 'write',
      security_events: 'write',
    });
    const context = await resolveContext(
      { repository: REPO, event: 'push', ref: 'refs/heads/main', actor: 'dev', token },
      { cwd: workspace, env: { ...process.env, GITHUB_SERVER_URL: gh.htmlUrl } },
    );
    context.apiUrl = gh.url;
    context.serverUrl = gh.htmlUrl;
    context.workspace = workspace;

    const runDeploy = async (label: string, inputs: Record<string, string>) => {
      say(label);
      const runnerTemp = mkdtempSync(join(tmpdir(), 'oasis-runner-'));
      try {
        const result: ActionRunResult = await runAction({
          action: actionDirFor('deploy'),
          inputs: { 'github-token': token, ...inputs },
          context,
          runnerTemp,
          secrets: [token, gitToken],
          env: { RUNNER_TOOL_CACHE: join(tmpdir(), 'oasis-tool-cache') },
          onLog: (line, kind) => {
            if (kind !== 'debug') console.log(`  ${line}`);
          },
        });
        console.log(`\n${renderSummary(result.summary)}`);
        return result;
      } finally {
        rmSync(runnerTemp, { recursive: true, force: true });
      }
    };

    // 1. Staging through GitOps: build once, scan, commit the digest for Argo CD / Flux.
    const staging = await runDeploy('1/2 staging: build → scan → GitOps commit', {
      environment: 'staging',
      mode: 'gitops',
      images: `${registry.host}/acme/sample-app`,
      tags: 'type=sha\ntype=raw,value=staging',
      'build-args': 'VERSION=1.1.0',
      scan: 'if-available',
      'gitops-repository': gitops.url,
      'gitops-branch': 'main',
      'gitops-token': gitToken,
      'gitops-files': 'envs/staging/**',
    });
    if (staging.exitCode !== 0) return staging.exitCode;
    const imageRef = staging.outputs['image-ref'];

    // 2. Production, direct: the same digest, approved, rolled out and verified.
    say('bootstrap: the production Service exists before the release (its URL is the base-url)');
    const bootstrap = await runAction({
      action: actionDirFor('k8s-rollout'),
      inputs: {
        kubeconfig: kube.kubeconfig,
        namespace: 'production',
        manifests: 'k8s/service.yaml',
      },
      context,
      runnerTemp: workspace,
      secrets: [kube.token],
    });
    if (bootstrap.exitCode !== 0) {
      console.error(bootstrap.log.join('\n'));
      return bootstrap.exitCode;
    }
    const serviceUrl = kube.serviceUrl('production', 'sample-app')!;
    const reviewer = setInterval(() => {
      const issue = gh.state.repos.get(REPO)?.issues.get(1);
      if (!issue) return;
      clearInterval(reviewer);
      console.log(`  (simulated reviewer ${REVIEWER} comments "approve" on issue #1)`);
      gh.addComment(REPO, 1, REVIEWER, 'approve');
    }, 500);
    let production: ActionRunResult;
    try {
      production = await runDeploy('2/2 production: approval → rollout → verify', {
        environment: 'production',
        'environment-url': serviceUrl,
        'image-ref': imageRef,
        scan: 'off',
        approvers: REVIEWER,
        'approval-poll-interval': '1s',
        mode: 'direct',
        kubeconfig: kube.kubeconfig,
        namespace: 'production',
        manifests: 'k8s/deployment.yaml\nk8s/service.yaml',
        checks: 'checks.yaml',
        'base-url': serviceUrl,
        'verify-deadline': '60s',
      });
    } finally {
      clearInterval(reviewer);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    say(
      production.exitCode === 0
        ? `done in ${seconds}s: ${imageRef} is live at ${serviceUrl}`
        : `production deploy failed after ${seconds}s`,
    );
    if (keep) {
      // The doubles live in this process: keep it running until Ctrl-C, then tear down.
      const kubeconfigPath = join(workspace, 'kubeconfig');
      writeFileSync(kubeconfigPath, kube.kubeconfig, { mode: 0o600 });
      console.log(`  try: KUBECONFIG=${kubeconfigPath} kubectl -n production get deploy,rs,pods`);
      console.log(`       curl ${serviceUrl}/version`);
      console.log('  press Ctrl-C to stop the stack');
      await new Promise<never>(() => undefined);
    }
    return production.exitCode;
  } finally {
    await teardown();
  }
}

process.exitCode = await main();
