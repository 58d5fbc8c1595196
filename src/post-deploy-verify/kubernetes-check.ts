/**
 * The kubernetes check: the workload's pods become ready, then stay ready and do not restart
 * during the window. Pods are read through a small port; `createPodWatcher` implements it with
 * @kubernetes/client-node.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { UserError } from '../shared/errors.js';
import { describeKubeFailure } from '../shared/kube.js';
import { formatDuration } from '../shared/duration.js';
import type { Clock } from '../shared/clock.js';
import type { KubernetesCheck } from './checks.js';
import type { Verdict } from './verify.js';

export interface PodState {
  name: string;
  ready: boolean;
  /** Sum of the restart counts of the pod's containers. */
  restarts: number;
  /** Why a container is not running (CrashLoopBackOff, ImagePullBackOff…), when one is. */
  waiting?: string;
  terminating?: boolean;
}

export interface PodWatcher {
  pods(target: { namespace: string; deployment?: string; selector?: string }): Promise<PodState[]>;
}

export const POLL_MS = 1_000;

interface WatchContext {
  clock: Clock;
  deadline: number;
  log: (line: string) => void;
  signal?: AbortSignal;
}

function describePods(pods: PodState[]): string {
  const live = pods.filter((pod) => !pod.terminating);
  const ready = live.filter((pod) => pod.ready).length;
  const waiting = [...new Set(live.map((pod) => pod.waiting).filter(Boolean))];
  return `${ready}/${live.length} ready${waiting.length ? ` (${waiting.join(', ')})` : ''}`;
}

export async function watchPods(
  check: KubernetesCheck,
  watcher: PodWatcher,
  context: WatchContext,
): Promise<{ verdict: Verdict; attempts: number; lastStatus: string; reason?: string }> {
  const { clock, log } = context;
  const target = {
    namespace: check.namespace,
    deployment: check.deployment,
    selector: check.selector,
  };
  let attempts = 0;
  let lastLine = '';
  const read = async () => {
    attempts++;
    const pods = await watcher.pods(target);
    const line = describePods(pods);
    if (line !== lastLine) {
      log(`${check.name}: ${line}`);
      lastLine = line;
    }
    return pods.filter((pod) => !pod.terminating);
  };
  const allReady = (pods: PodState[]) => pods.length > 0 && pods.every((pod) => pod.ready);

  // 1. Wait for every pod to be ready.
  let pods = await read();
  while (!allReady(pods)) {
    if (context.signal?.aborted)
      return { verdict: 'inconclusive', attempts, lastStatus: lastLine, reason: 'cancelled' };
    const left = context.deadline - clock.now();
    if (left <= 0) {
      return {
        verdict: 'fail',
        attempts,
        lastStatus: lastLine,
        reason:
          pods.length === 0
            ? 'no pods found at the deadline'
            : `pods not ready at the deadline: ${describePods(pods)}`,
      };
    }
    await clock.sleep(Math.min(POLL_MS, left), context.signal);
    pods = await read();
  }

  // 2. Watch restart counts and readiness through the window.
  const baseline = new Map(pods.map((pod) => [pod.name, pod.restarts]));
  const windowEnd = clock.now() + check.windowMs;
  log(
    `${check.name}: all ${pods.length} pods ready; watching restarts for ${formatDuration(check.windowMs)}`,
  );
  for (;;) {
    for (const pod of pods) {
      const before = baseline.get(pod.name);
      if (before === undefined) baseline.set(pod.name, pod.restarts);
      else if (pod.restarts > before) {
        return {
          verdict: 'fail',
          attempts,
          lastStatus: lastLine,
          reason: `pod ${pod.name} restarted during the window (restarts ${before} → ${pod.restarts}${pod.waiting ? `, ${pod.waiting}` : ''})`,
        };
      }
    }
    const now = clock.now();
    if (now >= windowEnd) break;
    if (now >= context.deadline) {
      return {
        verdict: 'inconclusive',
        attempts,
        lastStatus: lastLine,
        reason: `the deadline came ${formatDuration(windowEnd - now)} before the end of the window`,
      };
    }
    await clock.sleep(Math.min(POLL_MS, windowEnd - now, context.deadline - now), context.signal);
    if (context.signal?.aborted)
      return { verdict: 'inconclusive', attempts, lastStatus: lastLine, reason: 'cancelled' };
    pods = await read();
  }
  if (!allReady(pods)) {
    return {
      verdict: 'fail',
      attempts,
      lastStatus: lastLine,
      reason: `pods not ready at the end of the window: ${describePods(pods)}`,
    };
  }
  return { verdict: 'pass', attempts, lastStatus: lastLine };
}

interface PodLike {
  metadata?: { name?: string; deletionTimestamp?: unknown };
  status?: {
    conditions?: { type: string; status: string }[];
    containerStatuses?: {
      restartCount?: number;
      state?: { waiting?: { reason?: string } };
    }[];
  };
}

/** Summarise a v1 Pod. */
export function podState(pod: PodLike): PodState {
  const statuses = pod.status?.containerStatuses ?? [];
  const waiting = statuses.map((status) => status.state?.waiting?.reason).find(Boolean);
  return {
    name: pod.metadata?.name ?? '?',
    ready: (pod.status?.conditions ?? []).some(
      (condition) => condition.type === 'Ready' && condition.status === 'True',
    ),
    restarts: statuses.reduce((sum, status) => sum + (status.restartCount ?? 0), 0),
    waiting,
    terminating: Boolean(pod.metadata?.deletionTimestamp),
  };
}

/** A PodWatcher over the Kubernetes API. */
export async function createPodWatcher(kubeConfig: KubeConfig): Promise<PodWatcher> {
  const { AppsV1Api, CoreV1Api } = await import('@kubernetes/client-node');
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const selectors = new Map<string, string>();
  return {
    async pods({ namespace, deployment, selector }) {
      let labelSelector = selector;
      if (deployment) {
        labelSelector = selectors.get(`${namespace}/${deployment}`);
        if (!labelSelector) {
          let found;
          try {
            found = await apps.readNamespacedDeployment({ name: deployment, namespace });
          } catch (error) {
            throw new UserError(
              describeKubeFailure(error, 'get', `deployments/${deployment}`, namespace),
            );
          }
          const labels = found.spec?.selector?.matchLabels ?? {};
          labelSelector = Object.entries(labels)
            .map(([key, value]) => `${key}=${value}`)
            .join(',');
          if (!labelSelector) {
            throw new UserError(
              `deployment ${namespace}/${deployment} has no matchLabels selector`,
            );
          }
          selectors.set(`${namespace}/${deployment}`, labelSelector);
        }
      }
      try {
        const list = await core.listNamespacedPod({ namespace, labelSelector });
        return list.items.map((pod) => podState(pod as PodLike));
      } catch (error) {
        throw new UserError(
          `${describeKubeFailure(error, 'list', `pods (${labelSelector})`, namespace)}`,
        );
      }
    },
  };
}
