/**
 * The whole pipeline in one process: build → scan → approval → gitops or direct rollout →
 * verification → rollback on a failed verification. Each stage is the step's own library
 * function; a failure stops the later stages and is named on the first line of the error.
 */
import { errorMessage } from '../shared/errors.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { formatDuration } from '../shared/duration.js';
import type { GitHubClient } from '../shared/github.js';
import type { DeployConfig, ImageStages } from './inputs.js';
import { DeploymentTracker } from './github-deployment.js';
import { renderDeploySummary, type StageRecord } from './deploy-summary.js';

export type DeployStatus = 'succeeded' | 'failed' | 'rolled-back' | 'stopped';

export interface DeployPorts {
  log?: (line: string) => void;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  /** GitHub client for the Deployment, the approval and the SARIF upload (default: the shared
   *  client with the config's token). */
  github?: GitHubClient;
  /** Masks secret values that checks substitute into requests (core.setSecret in the action). */
  mask?: (value: string) => void;
}

export interface DeployResult {
  /** succeeded; failed (a stage failed after something was deployed and was not rolled back);
   *  rolled-back (verification failed and the previous version is back); stopped (a gate
   *  stopped the run before anything was deployed). */
  status: DeployStatus;
  failedStage?: string;
  /** First line: which stage and why. */
  error?: string;
  imageRef: string;
  stages: StageRecord[];
  /** Time spent in docker build and push (the rest of the build stage is oasis's own). */
  timings: { dockerBuildMs: number; pushMs: number };
  outputs: Record<string, string>;
  summary: string;
}

class StageFailure extends Error {
  constructor(
    readonly stage: string,
    message: string,
  ) {
    super(message);
  }
}

export async function deploy(config: DeployConfig, ports: DeployPorts = {}): Promise<DeployResult> {
  const log = ports.log ?? ((line: string) => console.log(line));
  const clock = ports.clock ?? systemClock;
  const env = ports.env ?? process.env;
  const stages: StageRecord[] = [];
  const outputs: Record<string, string> = {
    'image-ref': config.imageRef ?? '',
    digest: config.imageRef?.split('@')[1] ?? '',
    tags: '',
    'scan-verdict': '',
    'approval-status': '',
    'commit-sha': '',
    revision: '',
    'verify-verdict': '',
    status: '',
    'failed-stage': '',
    'deployment-id': '',
  };
  let imageRef = config.imageRef ?? '';
  let deployedSomething = false;
  let tracker: DeploymentTracker | undefined;
  const timings = { dockerBuildMs: 0, pushMs: 0 };

  async function stage<T>(name: string, body: (record: StageRecord) => Promise<T>): Promise<T> {
    const record: StageRecord = { name, verdict: 'passed', durationMs: 0, note: '' };
    stages.push(record);
    log(`── ${name}`);
    const started = clock.now();
    try {
      return await body(record);
    } catch (error) {
      record.verdict = 'failed';
      if (!record.note) record.note = errorMessage(error).split('\n')[0];
      throw error instanceof StageFailure ? error : new StageFailure(name, errorMessage(error));
    } finally {
      record.durationMs = clock.now() - started;
      log(
        `   ${name}: ${record.verdict}${record.note ? ` (${record.note})` : ''} in ${formatDuration(record.durationMs)}`,
      );
    }
  }
  const skip = (name: string, note: string) => {
    stages.push({ name, verdict: 'skipped', durationMs: 0, note });
    log(`── ${name}: skipped (${note})`);
  };

  // Files the inputs name are read and checked before anything is built or deployed: a typo in
  // a check or a manifest must not be found after the rollout.
  await preflight(config);

  let status: DeployStatus = 'succeeded';
  let failure: StageFailure | undefined;
  try {
    if (config.createDeployment) {
      const { createGitHubClient, repositoryContext } = await import('../shared/github.js');
      const github = ports.github ?? createGitHubClient({ token: config.githubToken, log });
      tracker = await DeploymentTracker.create(github, repositoryContext(env), {
        environment: config.environment,
        environmentUrl: config.environmentUrl,
        description: `oasis deploy to ${config.environment}`,
      });
      outputs['deployment-id'] = String(tracker.id);
      log(`GitHub deployment ${tracker.id} for environment ${config.environment}`);
    }

    // 1. Build (or take the given image).
    if (config.build) {
      const build = config.build;
      const result = await stage('build', async (record) => {
        const { buildImage } = await import('../build-image/build-image.js');
        const built = await buildImage(build, { log, env });
        record.note = `${built.imageRef}`;
        record.details = built.summary.markdown;
        return built;
      });
      imageRef = result.imageRef;
      timings.dockerBuildMs = result.buildMs;
      timings.pushMs = result.pushMs;
      outputs['image-ref'] = result.imageRef;
      outputs.digest = result.digest;
      outputs.tags = result.tags.join('\n');
    } else {
      skip('build', `deploying the given image ${imageRef}`);
    }
    const image: ImageStages = config.withImage(imageRef);

    // 2. Scan: nothing is deployed from an image that failed its gate.
    let scanVerdict = '';
    if (!image.scan) {
      skip('scan', 'scan: off');
    } else {
      const scanConfig = image.scan;
      const available =
        config.scanMode === 'if-available' ? await scannerAvailable(scanConfig.scanner, log) : '';
      if (available) {
        skip('scan', available);
        scanVerdict = 'skipped';
      } else {
        await stage('scan', async (record) => {
          const { scan } = await import('../scan/scan.js');
          const result = await scan(scanConfig, { log, env, clock, github: ports.github });
          scanVerdict = result.verdict;
          outputs['scan-verdict'] = result.verdict;
          record.details = result.summary.verdictLine;
          record.note = `${result.counts.total} findings, ${result.failing} failing the gate`;
          if (result.verdict === 'fail') {
            throw new StageFailure(
              'scan',
              `${result.failing} findings at ${scanConfig.failOn.join(', ')} fail the gate; nothing was deployed`,
            );
          }
        });
      }
    }

    // 3. Approval.
    if (!image.approval) {
      skip('approval', 'no approvers');
    } else {
      const approvalConfig = { ...image.approval, scanVerdict };
      await stage('approval', async (record) => {
        const { manualApproval } = await import('../manual-approval/manual-approval.js');
        const result = await manualApproval(approvalConfig, {
          log,
          clock,
          env,
          github: ports.github,
        });
        outputs['approval-status'] = result.status;
        record.details = result.summary.markdown;
        record.note =
          result.status === 'approved'
            ? `approved by ${result.approvedBy.join(', ')}`
            : `${result.status}${result.deniedBy.length ? ` by ${result.deniedBy.join(', ')}` : ''}`;
        if (result.status !== 'approved') {
          throw new StageFailure(
            'approval',
            `${record.note}; nothing was deployed (${result.issueUrl})`,
          );
        }
      });
    }

    // 4. Delivery.
    await tracker?.setState('in_progress', `deploying ${imageRef}`);
    if (image.gitops) {
      const gitopsConfig = image.gitops;
      deployedSomething = true;
      await stage('gitops', async (record) => {
        const { updateGitopsManifest } =
          await import('../update-gitops-manifest/update-gitops-manifest.js');
        const result = await updateGitopsManifest(gitopsConfig, { log, clock });
        outputs['commit-sha'] = result.commitSha;
        record.details = result.summary;
        record.note = result.changed
          ? `${result.files.length} file(s) changed, ${result.pullRequestUrl ?? result.commitSha.slice(0, 12)}`
          : 'already up to date';
      });
      if (config.gitopsWait) {
        const wait = config.gitopsWait;
        await stage('cluster sync', async (record) => {
          const { loadKubeConfig } = await import('../shared/kube.js');
          const { waitForClusterImage } = await import('./cluster-wait.js');
          const loaded = await loadKubeConfig({
            content: wait.kubeconfig,
            context: wait.context,
            env,
          });
          try {
            await waitForClusterImage(loaded.kubeConfig, { ...wait, imageRef, clock, log });
            record.note = `deployment/${wait.workload} runs the new image`;
          } finally {
            loaded.dispose();
          }
        });
      }
    } else if (image.rollout) {
      const rolloutConfig = image.rollout;
      deployedSomething = true;
      await stage('rollout', async (record) => {
        const { k8sRollout } = await import('../k8s-rollout/k8s-rollout.js');
        const result = await k8sRollout(rolloutConfig, { log, clock });
        outputs.revision = result.revision;
        record.details = result.summary;
        record.note = `${rolloutConfig.strategy}: ${result.status}${result.revision ? `, revision ${result.revision}` : ''}`;
        if (result.status !== 'succeeded') {
          if (result.status === 'rolled-back') status = 'rolled-back';
          throw new StageFailure('rollout', (result.error ?? result.failedReason).split('\n')[0]);
        }
      });
    }

    // 5. Verification, and rollback when it fails.
    if (!config.verify) {
      skip('verify', 'no checks');
    } else {
      const verifyConfig = config.verify;
      const verdict = await stage('verify', async (record) => {
        const { postDeployVerify } = await import('../post-deploy-verify/post-deploy-verify.js');
        const result = await postDeployVerify(verifyConfig, { env, clock, log, mask: ports.mask });
        outputs['verify-verdict'] = result.verdict;
        record.details = result.summary;
        record.note = result.headline;
        const failed =
          result.verdict === 'fail' ||
          (result.verdict === 'inconclusive' && verifyConfig.failOnInconclusive);
        if (failed) record.verdict = 'failed';
        return { ...result, failed };
      });
      if (verdict.failed) {
        const why = verdict.checks
          .filter((check) => check.verdict !== 'pass')
          .map((check) => `${check.name}: ${check.reason ?? check.verdict}`)
          .join('; ');
        const message = `verification ${verdict.verdict}: ${why}`;
        if (image.rollout && config.rollbackOnVerifyFailure) {
          const rolloutConfig = image.rollout;
          await stage('rollback', async (record) => {
            const { k8sRollout } = await import('../k8s-rollout/k8s-rollout.js');
            const result = await k8sRollout(
              { ...rolloutConfig, action: 'rollback' },
              { log, clock },
            );
            record.details = result.summary;
            record.note = `back to revision ${result.revision || result.previousRevision}`;
            outputs.revision = result.revision;
            if (result.error) throw new StageFailure('rollback', result.error.split('\n')[0]);
          });
          status = 'rolled-back';
        }
        throw new StageFailure('verify', message);
      }
    }
  } catch (error) {
    failure =
      error instanceof StageFailure
        ? error
        : new StageFailure(stages.at(-1)?.name ?? 'setup', errorMessage(error));
    if (status === 'succeeded') status = deployedSomething ? 'failed' : 'stopped';
  }

  outputs.status = status;
  outputs['failed-stage'] = failure?.stage ?? '';
  const error = failure
    ? `deploy ${status === 'rolled-back' ? 'rolled back' : 'failed'} at ${failure.stage}: ${failure.message}`
    : undefined;
  if (tracker) {
    const state =
      status === 'succeeded' ? 'success' : status === 'stopped' ? 'inactive' : 'failure';
    try {
      await tracker.setState(state, error ?? `deployed ${imageRef}`);
    } catch (trackerError) {
      log(
        `warning: could not update GitHub deployment ${tracker.id}: ${errorMessage(trackerError)}`,
      );
    }
  }
  const summary = renderDeploySummary({
    environment: config.environment,
    environmentUrl: config.environmentUrl,
    imageRef,
    status,
    error,
    stages,
  });
  return {
    status,
    failedStage: failure?.stage,
    error,
    imageRef,
    stages,
    timings,
    outputs,
    summary,
  };
}

/** Parses the verification checks and the manifests; throws the errors the steps would. */
async function preflight(config: DeployConfig): Promise<void> {
  if (config.verify) {
    const { parseChecks } = await import('../post-deploy-verify/checks.js');
    const verify = config.verify;
    parseChecks(
      verify.checksText,
      verify.checksSource,
      { baseUrl: verify.baseUrl, prometheusUrl: verify.prometheusUrl, namespace: verify.namespace },
      verify.checksFile,
    );
  }
  if (config.rollout) {
    const { findManifestFiles } = await import('../k8s-rollout/manifest-files.js');
    const { loadManifests } = await import('../k8s-rollout/manifests.js');
    await loadManifests(
      findManifestFiles(config.rollout.manifests, config.rollout.workspace),
      config.rollout.workspace,
    );
  }
}

/** '' when the scanner can be had; otherwise why not (for `scan: if-available`). */
async function scannerAvailable(
  scanner: 'trivy' | 'grype',
  log: (line: string) => void,
): Promise<string> {
  const { resolveScanner } = await import('../scan/scanner-install.js');
  try {
    await resolveScanner({ scanner, log });
    return '';
  } catch (error) {
    return `scan: if-available, and ${scanner} cannot be had here: ${errorMessage(error)}`;
  }
}
