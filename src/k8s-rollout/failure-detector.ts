/**
 * Fail-fast inspection of the new revision's Pods: the states that will not fix themselves
 * however long one waits (an image that cannot be pulled, a container that keeps crashing, a
 * missing Secret, an OOM kill, a Pod that cannot be scheduled). Pure: fed Pod objects.
 */
import type { KubeObject } from './kube-client.js';

export interface Failure {
  /** Machine-readable cause, e.g. ImagePullBackOff, CrashLoopBackOff, OOMKilled. */
  reason: string;
  /** What the cluster said, e.g. `Back-off pulling image "x:does-not-exist"`. */
  message: string;
  /** `Pod/api-7d4b578979-x2x9q`, or the workload for workload-level failures. */
  resource: string;
  pod?: string;
  container?: string;
  /** The container restarted at least once: its previous log is the interesting one. */
  restarted?: boolean;
}

export interface DetectorOptions {
  /** Restarts above this count are fatal even before CrashLoopBackOff shows. */
  maxRestarts: number;
}

/** Waiting reasons that never resolve without a new spec. */
const FATAL_WAITING = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'CrashLoopBackOff',
]);

const DEFINITE_PULL_FAILURE =
  /not found|manifest unknown|unknown manifest|unauthorized|denied|forbidden|does not exist|no such host|invalid|pull access/i;

interface ContainerStatus {
  name: string;
  restartCount?: number;
  ready?: boolean;
  state?: {
    waiting?: { reason?: string; message?: string };
    terminated?: { reason?: string; message?: string; exitCode?: number };
    running?: object;
  };
  lastState?: { terminated?: { reason?: string; message?: string; exitCode?: number } };
}

function describeTermination(terminated: { reason?: string; message?: string; exitCode?: number }) {
  const parts = [`exit code ${terminated.exitCode ?? '?'}`];
  if (terminated.reason) parts.unshift(terminated.reason);
  const message = terminated.message?.trim().split('\n').filter(Boolean).pop();
  if (message) parts.push(message);
  return parts.join(', ');
}

/** The first fatal state of one Pod, or undefined. */
export function podFailure(pod: KubeObject, options: DetectorOptions): Failure | undefined {
  const name = pod.metadata.name;
  const resource = `Pod/${name}`;
  const status = pod.status ?? {};
  const statuses: ContainerStatus[] = [
    ...(status.initContainerStatuses ?? []),
    ...(status.containerStatuses ?? []),
  ];
  for (const container of statuses) {
    const base = { resource, pod: name, container: container.name };
    const restarts = container.restartCount ?? 0;
    const waiting = container.state?.waiting;
    const last = container.lastState?.terminated;
    const current = container.state?.terminated;
    if (current?.reason === 'OOMKilled' || last?.reason === 'OOMKilled') {
      return {
        ...base,
        reason: 'OOMKilled',
        message: `the container was killed for using more memory than its limit (${describeTermination((current ?? last)!)}, ${restarts} restarts)`,
        restarted: true,
      };
    }
    // A pull that failed on a network hiccup is retried by the kubelet: only a definite answer
    // (no such image, no access) is fatal at once; otherwise ImagePullBackOff follows shortly.
    const transientPull =
      waiting?.reason === 'ErrImagePull' && !DEFINITE_PULL_FAILURE.test(waiting.message ?? '');
    if (waiting?.reason && FATAL_WAITING.has(waiting.reason) && !transientPull) {
      let message = waiting.message ?? waiting.reason;
      if (waiting.reason === 'CrashLoopBackOff' && last) {
        message = `${message}; last exit: ${describeTermination(last)} (${restarts} restarts)`;
      }
      return { ...base, reason: waiting.reason, message, restarted: restarts > 0 };
    }
    if (restarts > options.maxRestarts) {
      return {
        ...base,
        reason: 'RestartsOverThreshold',
        message: `${restarts} restarts (more than max-restarts ${options.maxRestarts})${
          last ? `; last exit: ${describeTermination(last)}` : ''
        }`,
        restarted: true,
      };
    }
  }
  const conditions = (status.conditions ?? []) as {
    type: string;
    status: string;
    reason?: string;
    message?: string;
  }[];
  const scheduled = conditions.find((entry) => entry.type === 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    return {
      resource,
      pod: name,
      reason: 'Unschedulable',
      message: scheduled.message ?? 'the Pod cannot be scheduled on any node',
    };
  }
  // With restartPolicy Always (every Deployment Pod) the kubelet restarts a terminated container;
  // only other policies make a Failed phase final.
  const restartPolicy = pod.spec?.restartPolicy ?? 'Always';
  if (status.phase === 'Failed' && restartPolicy !== 'Always') {
    return {
      resource,
      pod: name,
      reason: status.reason ?? 'PodFailed',
      message: status.message ?? 'the Pod failed',
    };
  }
  return undefined;
}

/** The first fatal state among the Pods (oldest Pod first, so the report is stable). */
export function detectFailure(pods: KubeObject[], options: DetectorOptions): Failure | undefined {
  const ordered = [...pods].sort((a, b) =>
    String(a.metadata.creationTimestamp ?? '').localeCompare(
      String(b.metadata.creationTimestamp ?? ''),
    ),
  );
  for (const pod of ordered) {
    if (pod.metadata.deletionTimestamp) continue;
    const failure = podFailure(pod, options);
    if (failure) return failure;
  }
  return undefined;
}

/** A Pod whose containers run but are not ready: the cause of a never-ready rollout. */
export function unreadyPod(pods: KubeObject[]): KubeObject | undefined {
  return pods.find((pod) =>
    ((pod.status?.containerStatuses ?? []) as ContainerStatus[]).some(
      (container) => container.state?.running && !container.ready,
    ),
  );
}

/** The first line of an error: resource, container, reason and message. */
export function failureHeadline(workload: string, failure: Failure): string {
  const container = failure.container ? ` container ${failure.container}` : '';
  const resource = failure.resource === workload ? '' : `${failure.resource}${container}: `;
  return `${workload}: ${resource}${failure.reason}: ${failure.message}`;
}
