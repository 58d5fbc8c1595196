/**
 * Rollout completeness with `kubectl rollout status` semantics, for Deployment, StatefulSet and
 * DaemonSet (k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go), as pure functions.
 */
import type { KubeObject } from './kube-client.js';

export interface RolloutProgress {
  done: boolean;
  /** A fatal state of the workload itself (ProgressDeadlineExceeded). */
  failed?: { reason: string; message: string };
  /** One line for the progress log: `api: 2/3 updated, 1 available`. */
  line: string;
}

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'] as const;

export function isWorkload(object: KubeObject): boolean {
  return (
    object.apiVersion === 'apps/v1' && (WORKLOAD_KINDS as readonly string[]).includes(object.kind)
  );
}

function condition(object: KubeObject, type: string) {
  const conditions = (object.status?.conditions ?? []) as {
    type: string;
    status: string;
    reason?: string;
    message?: string;
  }[];
  return conditions.find((entry) => entry.type === type);
}

function observed(object: KubeObject): boolean {
  const generation = object.metadata.generation ?? 0;
  const observedGeneration = object.status?.observedGeneration ?? 0;
  return observedGeneration > 0 && generation <= observedGeneration;
}

export function deploymentProgress(deployment: KubeObject): RolloutProgress {
  const name = deployment.metadata.name;
  const status = deployment.status ?? {};
  const desired: number = deployment.spec?.replicas ?? 1;
  const updated: number = status.updatedReplicas ?? 0;
  const available: number = status.availableReplicas ?? 0;
  const total: number = status.replicas ?? 0;
  const line = `${name}: ${updated}/${desired} updated, ${available} available${
    total > updated ? `, ${total - updated} old` : ''
  }`;
  if (!observed(deployment)) {
    return { done: false, line: `${name}: waiting for the controller to observe the new spec` };
  }
  const progressing = condition(deployment, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      done: false,
      line,
      failed: {
        reason: 'ProgressDeadlineExceeded',
        message: progressing.message ?? `deployment ${name} exceeded its progress deadline`,
      },
    };
  }
  // Pods cannot even be created (quota, admission webhook, missing service account).
  const replicaFailure = condition(deployment, 'ReplicaFailure');
  if (replicaFailure?.status === 'True') {
    return {
      done: false,
      line,
      failed: {
        reason: replicaFailure.reason ?? 'ReplicaFailure',
        message: replicaFailure.message ?? 'the ReplicaSet cannot create Pods',
      },
    };
  }
  if (updated < desired) return { done: false, line };
  if (total > updated) return { done: false, line };
  if (available < updated) return { done: false, line };
  return {
    done: true,
    line: `${name}: ${updated}/${desired} updated, ${available} available, complete`,
  };
}

export function statefulSetProgress(set: KubeObject): RolloutProgress {
  const name = set.metadata.name;
  const status = set.status ?? {};
  const desired: number = set.spec?.replicas ?? 1;
  const ready: number = status.readyReplicas ?? 0;
  const updated: number = status.updatedReplicas ?? 0;
  const line = `${name}: ${updated}/${desired} updated, ${ready} ready`;
  if (set.spec?.updateStrategy?.type && set.spec.updateStrategy.type !== 'RollingUpdate') {
    return {
      done: true,
      line: `${name}: updateStrategy ${set.spec.updateStrategy.type}, not tracked`,
    };
  }
  if (!observed(set)) {
    return { done: false, line: `${name}: waiting for the controller to observe the new spec` };
  }
  if (ready < desired) return { done: false, line };
  const partition: number | undefined = set.spec?.updateStrategy?.rollingUpdate?.partition;
  if (partition !== undefined && partition > 0) {
    return { done: updated >= desired - partition, line };
  }
  if (status.updateRevision !== status.currentRevision) return { done: false, line };
  return { done: true, line: `${line}, complete` };
}

export function daemonSetProgress(set: KubeObject): RolloutProgress {
  const name = set.metadata.name;
  const status = set.status ?? {};
  const desired: number = status.desiredNumberScheduled ?? 0;
  const updated: number = status.updatedNumberScheduled ?? 0;
  const available: number = status.numberAvailable ?? 0;
  const line = `${name}: ${updated}/${desired} updated, ${available} available`;
  if (set.spec?.updateStrategy?.type && set.spec.updateStrategy.type !== 'RollingUpdate') {
    return {
      done: true,
      line: `${name}: updateStrategy ${set.spec.updateStrategy.type}, not tracked`,
    };
  }
  if (!observed(set)) {
    return { done: false, line: `${name}: waiting for the controller to observe the new spec` };
  }
  if (updated < desired || available < desired) return { done: false, line };
  return { done: true, line: `${line}, complete` };
}

export function workloadProgress(object: KubeObject): RolloutProgress {
  switch (object.kind) {
    case 'Deployment':
      return deploymentProgress(object);
    case 'StatefulSet':
      return statefulSetProgress(object);
    case 'DaemonSet':
      return daemonSetProgress(object);
    default:
      return { done: true, line: `${object.kind}/${object.metadata.name}: not a workload` };
  }
}

export const REVISION = 'deployment.kubernetes.io/revision';

export function revisionOf(object: KubeObject | undefined): number | undefined {
  const value = object?.metadata.annotations?.[REVISION];
  return value === undefined ? undefined : Number(value);
}

/** The ReplicaSets a Deployment controls, newest revision first. */
export function ownedReplicaSets(deployment: KubeObject, replicaSets: KubeObject[]): KubeObject[] {
  return replicaSets
    .filter((set) =>
      (set.metadata.ownerReferences ?? []).some(
        (owner) =>
          owner.kind === 'Deployment' &&
          owner.name === deployment.metadata.name &&
          (!deployment.metadata.uid || !owner.uid || owner.uid === deployment.metadata.uid),
      ),
    )
    .sort((a, b) => (revisionOf(b) ?? 0) - (revisionOf(a) ?? 0));
}

/** The ReplicaSet of the Deployment's current revision, once the controller has observed it. */
export function newReplicaSet(
  deployment: KubeObject,
  replicaSets: KubeObject[],
): KubeObject | undefined {
  if (!observed(deployment)) return undefined;
  const revision = revisionOf(deployment);
  const owned = ownedReplicaSets(deployment, replicaSets);
  if (revision === undefined) return owned[0];
  return owned.find((set) => revisionOf(set) === revision);
}

/** Pods owned by a controller (ReplicaSet, StatefulSet, DaemonSet), matched by owner uid or name. */
export function podsOwnedBy(owner: KubeObject, pods: KubeObject[]): KubeObject[] {
  return pods.filter((pod) =>
    (pod.metadata.ownerReferences ?? []).some(
      (ref) =>
        ref.kind === owner.kind &&
        ref.name === owner.metadata.name &&
        (!owner.metadata.uid || !ref.uid || ref.uid === owner.metadata.uid),
    ),
  );
}

/** `a=b,c=d` from a LabelSelector's matchLabels (matchExpressions are rare for workloads). */
export function selectorString(
  selector:
    | {
        matchLabels?: Record<string, string>;
        matchExpressions?: { key: string; operator: string; values?: string[] }[];
      }
    | undefined,
): string {
  const parts = Object.entries(selector?.matchLabels ?? {}).map(
    ([key, value]) => `${key}=${value}`,
  );
  for (const expression of selector?.matchExpressions ?? []) {
    const values = (expression.values ?? []).join(',');
    if (expression.operator === 'In') parts.push(`${expression.key} in (${values})`);
    else if (expression.operator === 'NotIn') parts.push(`${expression.key} notin (${values})`);
    else if (expression.operator === 'Exists') parts.push(expression.key);
    else if (expression.operator === 'DoesNotExist') parts.push(`!${expression.key}`);
  }
  return parts.join(',');
}
