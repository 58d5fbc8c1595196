/**
 * k8s-rollout as a library: `k8sRollout(config, ports)` connects, reads the manifests, and runs
 * the requested action with the chosen strategy. It never sets outputs or fails the process:
 * the result carries the outputs, the summary markdown and, when the step should fail, `error`.
 * The deploy pipeline calls it in-process.
 */
import { systemClock, type Clock } from '../shared/clock.js';
import { UserError } from '../shared/errors.js';
import { loadKubeConfig } from '../shared/kube.js';
import { prepareManifests } from './apply.js';
import { createCheckRunner } from './pre-switch-checks.js';
import type { K8sRolloutConfig } from './inputs.js';
import { createKube, type Kube } from './kube-client.js';
import { findManifestFiles } from './manifest-files.js';
import { loadManifests, substituteImages, type Manifest } from './manifests.js';
import type { CheckRunner, K8sRolloutResult, RolloutContext } from './rollout-context.js';
import { rollingDeploy, rollingRollback, rollingStatus } from './strategies/rolling.js';

export type { K8sRolloutResult } from './rollout-context.js';

export interface K8sRolloutPorts {
  /** The API; default: from the config's kubeconfig via @kubernetes/client-node. */
  kube?: Kube;
  clock?: Clock;
  /** Progress lines; default: stdout. */
  log?: (line: string) => void;
  /** Pre-switch / between-step checks; default: the checks file or `check-paths` over HTTP. */
  checks?: CheckRunner;
}

export const ARGO_API_VERSION = 'argoproj.io/v1alpha1';

function isArgoRollout(manifest: Manifest): boolean {
  return (
    manifest.object.kind === 'Rollout' && manifest.object.apiVersion.startsWith('argoproj.io/')
  );
}

export async function k8sRollout(
  config: K8sRolloutConfig,
  ports: K8sRolloutPorts = {},
): Promise<K8sRolloutResult> {
  const clock = ports.clock ?? systemClock;
  const log = ports.log ?? ((line: string) => console.log(line));
  const deadline = clock.now() + config.timeoutMs;
  let kube = ports.kube;
  let dispose: (() => void) | undefined;
  let secrets: string[] = [];
  try {
    // Files first: a typo in a path should not need a cluster to be reported.
    let manifests: Manifest[] = [];
    if (config.manifests.length > 0) {
      const files = findManifestFiles(config.manifests, config.workspace);
      manifests = await loadManifests(files, config.workspace);
      const substituted = substituteImages(manifests, config.images);
      for (const change of substituted.changes) log(`image: ${change}`);
    } else if (config.images.length > 0) {
      throw new UserError("input 'images': needs 'manifests' to substitute the images into");
    }
    const argo = manifests.some(isArgoRollout) || /^rollouts?\//i.test(config.workload);
    if (
      !argo &&
      config.strategy === 'rolling' &&
      !['deploy', 'rollback', 'status'].includes(config.action)
    ) {
      throw new UserError(
        `input 'action': '${config.action}' needs strategy blue-green or canary, or an Argo Rollout; the rolling strategy supports deploy, rollback and status`,
      );
    }
    // A broken checks file should stop the run before anything is deployed.
    const checks = ports.checks ?? (await createCheckRunner(config, clock, deadline, log));
    if (!kube) {
      const loaded = await loadKubeConfig({ content: config.kubeconfig, context: config.context });
      dispose = loaded.dispose;
      secrets = loaded.secrets;
      log(`cluster: ${loaded.server} (context ${loaded.context}), namespace ${config.namespace}`);
      kube = await createKube(loaded.kubeConfig);
    }
    if (manifests.length > 0) manifests = await prepareManifests(kube, manifests, config.namespace);
    if (config.createNamespace && config.action === 'deploy') {
      await kube.apply(
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: config.namespace } },
        { fieldManager: config.fieldManager, force: false },
      );
      log(`namespace ${config.namespace} ensured`);
    }
    const ctx: RolloutContext = {
      config,
      kube,
      clock,
      log,
      deadline,
      secrets,
      manifests,
      checks: ports.checks ?? checks,
    };
    if (argo) {
      const { argoRollout } = await import('./strategies/argo.js');
      return await argoRollout(ctx);
    }
    if (config.strategy === 'blue-green') {
      const { blueGreen } = await import('./strategies/blue-green.js');
      return await blueGreen(ctx);
    }
    if (config.strategy === 'canary') {
      const { canary } = await import('./strategies/canary.js');
      return await canary(ctx);
    }
    switch (config.action) {
      case 'deploy':
        return await rollingDeploy(ctx);
      case 'rollback':
        return await rollingRollback(ctx);
      case 'status':
        return await rollingStatus(ctx);
      default:
        throw new UserError(
          `input 'action': '${config.action}' needs strategy blue-green or canary, or an Argo Rollout; the rolling strategy supports deploy, rollback and status`,
        );
    }
  } finally {
    dispose?.();
  }
}
