/**
 * Waits for one workload's rollout with `kubectl rollout status` semantics while watching the
 * new revision's Pods, and returns as soon as the rollout completes, a Pod reaches a fatal state,
 * the workload reports ProgressDeadlineExceeded, or the deadline passes.
 * Prints one line per state change.
 */
import { systemClock, type Clock } from '../shared/clock.js';
import { UserError, errorMessage } from '../shared/errors.js';
import { detectFailure, type Failure } from './failure-detector.js';
import type { Kube, KubeObject, ObjectRef } from './kube-client.js';
import { ResourceStream } from './resource-stream.js';
import { newReplicaSet, podsOwnedBy, selectorString, workloadProgress } from './rollout-status.js';

export interface WatchOptions {
  /** Absolute Clock time after which the wait gives up. */
  deadline: number;
  maxRestarts: number;
  log: (line: string) => void;
  clock?: Clock;
  /** How often the deadline is checked besides watch events (ms). */
  tickMs?: number;
  /** Ignore pod failures (used while waiting for a rollback to settle: report, don't stop). */
  ignorePodFailures?: boolean;
  /** Stops the wait early (another workload already failed); the outcome is then 'timeout'. */
  signal?: AbortSignal;
}

export interface WatchResult {
  outcome: 'complete' | 'failed' | 'timeout';
  failure?: Failure;
  workload?: KubeObject;
  /** Pods of the new revision at the end. */
  pods: KubeObject[];
  newReplicaSet?: KubeObject;
  lastLine: string;
  /** Watch reconnections after drops (resilience evidence). */
  reconnects: number;
}

export async function watchRollout(
  kube: Kube,
  ref: ObjectRef,
  options: WatchOptions,
): Promise<WatchResult> {
  const clock = options.clock ?? systemClock;
  const namespace = ref.namespace ?? 'default';
  const initial = await kube.get(ref);
  if (!initial)
    throw new UserError(`${ref.kind}/${ref.name} does not exist in namespace ${namespace}`);
  const selector = selectorString(initial.spec?.selector);
  let settle: (result: WatchResult) => void = () => undefined;
  const finished = new Promise<WatchResult>((resolve) => (settle = resolve));
  let lastLine = '';
  let lastPodLine = '';
  let done = false;

  const streams: ResourceStream[] = [];
  const evaluate = () => {
    if (done) return;
    const fatal = streams.find((stream) => stream.fatal)?.fatal;
    if (fatal) {
      finish({
        outcome: 'failed',
        failure: {
          reason: 'WatchFailed',
          message: errorMessage(fatal),
          resource: `${ref.kind}/${ref.name}`,
        },
      });
      return;
    }
    const workload = workloadStream.objects.get(ref.name);
    if (!workload) return;
    const pods = currentPods(workload);
    const progress = workloadProgress(workload);
    if (progress.line !== lastLine) {
      lastLine = progress.line;
      options.log(progress.line);
    }
    const podLine = describePods(pods);
    if (podLine && podLine !== lastPodLine) {
      lastPodLine = podLine;
      options.log(`${ref.name}: pods ${podLine}`);
    }
    if (!options.ignorePodFailures) {
      const failure = detectFailure(pods, { maxRestarts: options.maxRestarts });
      if (failure) {
        finish({ outcome: 'failed', failure, workload, pods });
        return;
      }
    }
    if (progress.failed) {
      finish({
        outcome: 'failed',
        failure: { ...progress.failed, resource: `${ref.kind}/${ref.name}` },
        workload,
        pods,
      });
      return;
    }
    if (progress.done) finish({ outcome: 'complete', workload, pods });
  };

  const currentPods = (workload: KubeObject): KubeObject[] => {
    const pods = podStream.list();
    if (workload.kind === 'Deployment') {
      const set = newReplicaSet(workload, replicaSetStream?.list() ?? []);
      return set ? podsOwnedBy(set, pods) : [];
    }
    const owned = podsOwnedBy(workload, pods);
    const revision = workload.status?.updateRevision;
    if (workload.kind === 'StatefulSet' && revision) {
      return owned.filter((pod) => pod.metadata.labels?.['controller-revision-hash'] === revision);
    }
    return owned;
  };

  const finish = (partial: Partial<WatchResult> & { outcome: WatchResult['outcome'] }) => {
    if (done) return;
    done = true;
    const workload = partial.workload ?? workloadStream.objects.get(ref.name);
    const set =
      workload?.kind === 'Deployment'
        ? newReplicaSet(workload, replicaSetStream?.list() ?? [])
        : undefined;
    settle({
      pods: workload ? currentPods(workload) : [],
      ...partial,
      workload,
      newReplicaSet: set,
      lastLine,
      reconnects: streams.reduce((sum, stream) => sum + stream.reconnects, 0),
    });
  };

  const workloadStream = new ResourceStream(
    kube,
    {
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      namespace,
      fieldSelector: `metadata.name=${ref.name}`,
    },
    evaluate,
    options.log,
    clock,
  );
  const replicaSetStream =
    ref.kind === 'Deployment'
      ? new ResourceStream(
          kube,
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace, labelSelector: selector },
          evaluate,
          options.log,
          clock,
        )
      : undefined;
  const podStream = new ResourceStream(
    kube,
    { apiVersion: 'v1', kind: 'Pod', namespace, labelSelector: selector },
    evaluate,
    options.log,
    clock,
  );
  streams.push(workloadStream, podStream);
  if (replicaSetStream) streams.push(replicaSetStream);

  const wake = new AbortController();
  const onAbort = () => wake.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const ticker = (async () => {
    while (!done) {
      if (clock.now() >= options.deadline || options.signal?.aborted) {
        finish({ outcome: 'timeout' });
        return;
      }
      await clock.sleep(
        Math.min(options.tickMs ?? 500, Math.max(1, options.deadline - clock.now())),
        wake.signal,
      );
      evaluate();
    }
  })();
  try {
    // Pods and ReplicaSets first, so that the first evaluation of the workload sees them.
    await Promise.all([podStream.start(), replicaSetStream?.start()]);
    await workloadStream.start();
    evaluate();
    return await finished;
  } finally {
    done = true;
    wake.abort();
    options.signal?.removeEventListener('abort', onAbort);
    for (const stream of streams) stream.stop();
    await ticker.catch(() => undefined);
  }
}

/** The Pods of a workload's current revision, read once (for `action: status`). */
export async function readRolloutPods(kube: Kube, workload: KubeObject): Promise<KubeObject[]> {
  const namespace = workload.metadata.namespace ?? 'default';
  const labelSelector = selectorString(workload.spec?.selector);
  const { items: pods } = await kube.list('v1', 'Pod', namespace, { labelSelector });
  if (workload.kind === 'Deployment') {
    const { items: sets } = await kube.list('apps/v1', 'ReplicaSet', namespace, { labelSelector });
    const set = newReplicaSet(workload, sets);
    return set ? podsOwnedBy(set, pods) : [];
  }
  return podsOwnedBy(workload, pods);
}

/** `2 running/ready, 1 ImagePullBackOff` for the progress line. */
export function describePods(pods: KubeObject[]): string {
  const counts = new Map<string, number>();
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const statuses = [
      ...(pod.status?.initContainerStatuses ?? []),
      ...(pod.status?.containerStatuses ?? []),
    ] as { ready?: boolean; state?: { waiting?: { reason?: string }; running?: object } }[];
    const waiting = statuses.find((status) => status.state?.waiting?.reason)?.state?.waiting
      ?.reason;
    let state: string;
    if (waiting) state = waiting;
    else if (statuses.length > 0 && statuses.every((status) => status.ready)) state = 'ready';
    else if (statuses.some((status) => status.state?.running)) state = 'running, not ready';
    else state = pod.status?.phase ?? 'Pending';
    counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  return [...counts.entries()].map(([state, count]) => `${count} ${state}`).join(', ');
}
