/**
 * What every example's e2e test needs around the workflow runner: the example copied into a
 * service repository (its workflow and manifests, plus the sample service as the application
 * with the version the push ships), the stand-in scanner, the API doubles, and small helpers to
 * look at the result the way a user would (HTTP through the Service port, the GitOps repo).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { packageRoot } from '../../src/cli/action-metadata.js';
import { installReplayScanner } from '../stack/scanner/install.js';
import { sampleBuildContext } from '../stack/sample-service.js';
import type { KubeDouble } from '../stack/kube/index.js';
import { byKind } from '../stack/kube/resources.js';
import type { KubeObject } from '../stack/kube/types.js';
import { runWorkflow, type WorkflowResult, type WorkflowRunOptions } from './workflow-runner.js';

export const ROOT = packageRoot();
export const FIXTURES = '/work/shared/fixtures';
/** A real Trivy report of an image with no vulnerabilities (the scan gate passes). */
export const CLEAN_REPORT = join(
  FIXTURES,
  'trivy',
  'image_alpine-3.17_zero-vulns_trivy-0.48.1_cns-website.json',
);
/** A real Trivy report with CRITICAL/HIGH/MEDIUM findings (the gate fails). */
export const VULNERABLE_REPORT = join(
  FIXTURES,
  'trivy',
  'image_alpine-3.19_node-pkg_poros-web.json',
);

export function registry(): string {
  const host = process.env.OASIS_TEST_REGISTRY;
  if (!host) throw new Error('OASIS_TEST_REGISTRY is not set: run through the e2e jest project');
  return host;
}

function git(cwd: string, args: string[]): string {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Dev',
      GIT_AUTHOR_EMAIL: 'dev@example.test',
      GIT_COMMITTER_NAME: 'Dev',
      GIT_COMMITTER_EMAIL: 'dev@example.test',
      GIT_CONFIG_NOSYSTEM: '1',
    },
  });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

export interface ServiceRepo {
  dir: string;
  /**
   * Commit a new version of the application (the sample service answering `version`);
   * `dockerfileExtra` adds lines to its Dockerfile (e.g. `ENV ERROR_RATE=0.5`, a bug).
   */
  release(version: string, options?: { dockerfileExtra?: string }): string;
  sha: string;
  cleanup(): void;
}

/**
 * The service's repository: examples/<name> (workflow, manifests, checks) + the sample service
 * sources as the application, built by the Dockerfile names the example uses.
 */
export async function serviceRepo(
  example: string,
  dockerfiles: string[] = ['Dockerfile'],
): Promise<ServiceRepo> {
  const dir = mkdtempSync(join(tmpdir(), `oasis-e2e-${example}-`));
  cpSync(join(ROOT, 'examples', example), dir, { recursive: true });
  const context = await sampleBuildContext();
  cpSync(join(context, 'rootfs'), join(dir, 'rootfs'), { recursive: true, verbatimSymlinks: true });
  const dockerfile = readFileSync(join(context, 'Dockerfile'), 'utf8');
  git(dir, ['init', '--quiet', '--initial-branch=main']);
  const repo: ServiceRepo = {
    dir,
    sha: '',
    release(version, options = {}) {
      const text =
        dockerfile.replace(/^ARG VERSION=.*$/m, `ARG VERSION=${version}`) +
        (options.dockerfileExtra ? `${options.dockerfileExtra}\n` : '');
      for (const name of dockerfiles) writeFileSync(join(dir, name), text);
      git(dir, ['add', '--all']);
      git(dir, ['commit', '--quiet', '--allow-empty', '-m', `Release ${version}`]);
      repo.sha = git(dir, ['rev-parse', 'HEAD']);
      return repo.sha;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return repo;
}

/** A directory with the stand-in `trivy` replaying `report`, and the env that selects it. */
export function standInScanner(report: string): { env: NodeJS.ProcessEnv; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'oasis-e2e-scanner-'));
  installReplayScanner(dir, 'trivy');
  return {
    env: { PATH: `${dir}:${process.env.PATH ?? ''}`, REPLAY_SCANNER_REPORT: report },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Creates what the platform team set up before the first deploy: the namespace and the Service
 * (its load balancer / DNS name is the environment URL configured in GitHub). Returns the
 * Service's loopback URL, the environment's APP_URL in the tests.
 */
export async function provisionService(
  kube: KubeDouble,
  manifest: string,
  namespace?: string,
): Promise<string> {
  const docs = yaml.loadAll(readFileSync(manifest, 'utf8')) as KubeObject[];
  const service = docs.find((doc) => doc?.kind === 'Service');
  if (!service?.metadata.name) throw new Error(`${manifest}: no Service`);
  const name = service.metadata.name;
  const ns = namespace ?? service.metadata.namespace ?? 'default';
  const NS = byKind('Namespace');
  if (!kube.api.store.get(NS, undefined, ns))
    kube.api.create(NS, undefined, { metadata: { name: ns } });
  kube.api.create(byKind('Service'), ns, {
    ...service,
    metadata: { ...service.metadata, namespace: ns },
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const url = kube.serviceUrl(ns, name);
    if (url) return url;
    if (Date.now() > deadline) throw new Error(`no local URL for service ${ns}/${name}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The versions answering `count` requests through a URL (the X-Version header of each). */
export async function versionsServed(url: string, count = 20): Promise<Record<string, number>> {
  const seen: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${url}/version`);
    const version =
      response.status === 200 ? (await response.text()).trim() : `HTTP ${response.status}`;
    seen[version] = (seen[version] ?? 0) + 1;
  }
  return seen;
}

/** Runs the example's workflow as committed, printing its log when it fails. */
export async function runExample(
  repo: ServiceRepo,
  options: Omit<WorkflowRunOptions, 'workflow' | 'workspace'> & { workflowFile?: string },
): Promise<WorkflowResult> {
  const workflowDir = join(repo.dir, '.github', 'workflows');
  const workflow = join(workflowDir, options.workflowFile ?? readdirSync(workflowDir)[0]);
  const lines: string[] = [];
  const result = await runWorkflow({
    ...options,
    workflow,
    workspace: repo.dir,
    onLog: (line) => {
      lines.push(line);
      options.onLog?.(line);
      if (process.env.OASIS_E2E_VERBOSE) console.log(line);
    },
  });
  if (result.conclusion !== 'success' && !process.env.OASIS_E2E_VERBOSE) {
    // The log is the first thing anyone needs when an example fails.
    console.log(lines.join('\n'));
  }
  return result;
}

/** All step outputs of a job, by step id. */
export function stepOutputs(
  result: WorkflowResult,
  job: string,
  step: string,
): Record<string, string> {
  const record = result.jobs[job]?.steps.find((s) => s.id === step);
  if (!record) throw new Error(`job ${job} has no step ${step}`);
  return record.outputs;
}
