import type { KubeConfig } from '@kubernetes/client-node';
import { UserError } from '../shared/errors.js';
import { formatDuration } from '../shared/duration.js';
import type { Clock } from '../shared/clock.js';

export interface ClusterWaitOptions {
  namespace: string;
  workload: string;
  imageRef: string;
  timeoutMs: number;
  pollMs?: number;
  clock: Clock;
  log: (line: string) => void;
}

interface DeploymentView {
  images: string[];
  state: string;
  complete: boolean;
}

async function readDeployment(
  kubeConfig: KubeConfig,
  namespace: string,
  name: string,
): Promise<DeploymentView | undefined> {
  const { AppsV1Api } = await import('@kubernetes/client-node');
  const api = kubeConfig.makeApiClient(AppsV1Api);
  let deployment;
  try {
    deployment = await api.readNamespacedDeployment({ name, namespace });
  } catch (error) {
    if ((error as { code?: number }).code === 404) return undefined;
    throw error;
  }
  const spec = deployment.spec;
  const status = deployment.status ?? {};
  const desired = spec?.replicas ?? 1;
  const images = (spec?.template.spec?.containers ?? []).map((c) => c.image ?? '');
  const generationSeen = (status.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0);
  const updated = status.updatedReplicas ?? 0;
  const available = status.availableReplicas ?? 0;
  const total = status.replicas ?? 0;
  return {
    images,
    state: `${updated}/${desired} updated, ${available} available`,
    complete: generationSeen && updated === desired && available === desired && total === desired,
  };
}

/**
 * GitOps delivery: after the commit, wait until the cluster (synced by Argo CD or Flux) runs the
 * new image in the named Deployment and its rollout is complete. One log line per change.
 */
export async function waitForClusterImage(
  kubeConfig: KubeConfig,
  options: ClusterWaitOptions,
): Promise<void> {
  const { clock, log } = options;
  const started = clock.now();
  const deadline = started + options.timeoutMs;
  let last = '';
  for (;;) {
    const view = await readDeployment(kubeConfig, options.namespace, options.workload);
    const hasImage = view?.images.includes(options.imageRef) ?? false;
    const line = !view
      ? `${options.workload}: not found in namespace ${options.namespace} yet`
      : hasImage
        ? `${options.workload}: new image synced, ${view.state}`
        : `${options.workload}: waiting for the sync (running ${view.images.join(', ')})`;
    if (line !== last) log(line);
    last = line;
    if (view && hasImage && view.complete) return;
    if (clock.now() >= deadline) {
      throw new UserError(
        `the cluster did not run ${options.imageRef} in deployment/${options.workload} within ` +
          `${formatDuration(options.timeoutMs)}: ${line}. Check that Argo CD / Flux syncs the GitOps repository`,
      );
    }
    await clock.sleep(options.pollMs ?? 2000);
  }
}
