/**
 * Rollback as `kubectl rollout undo` does it: find the ReplicaSet of the previous revision,
 * take its pod template (without the pod-template-hash label) and put it back on the Deployment.
 * The Deployment controller then scales that old ReplicaSet up again and gives it a new revision.
 *
 * When the manifest that was applied is known, the template goes back through server-side apply
 * with the same field manager (so the next deploy does not conflict with our own rollback);
 * otherwise through a JSON merge patch that replaces the template exactly.
 */
import { UserError } from '../shared/errors.js';
import type { Kube, KubeObject, ObjectRef } from './kube-client.js';
import { ownedReplicaSets, revisionOf, selectorString } from './rollout-status.js';

export interface RollbackPlan {
  deployment: KubeObject;
  /** The ReplicaSet whose template goes back. */
  target: KubeObject;
  fromRevision?: number;
  toRevision?: number;
  template: Record<string, unknown>;
  image?: string;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** An RFC 7386 merge patch turning `source` into `target` (null removes, arrays replace). */
export function createMergePatch(source: unknown, target: unknown): unknown {
  if (!isPlainObject(source) || !isPlainObject(target)) return clone(target);
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    if (!(key in target)) patch[key] = null;
  }
  for (const [key, value] of Object.entries(target)) {
    if (!(key in source)) {
      patch[key] = clone(value);
    } else if (isPlainObject(value) && isPlainObject(source[key])) {
      const inner = createMergePatch(source[key], value) as Record<string, unknown>;
      if (Object.keys(inner).length > 0) patch[key] = inner;
    } else if (!deepEqual(source[key], value)) {
      patch[key] = value === null ? null : clone(value);
    }
  }
  return patch;
}

/** The pod template of a ReplicaSet as the Deployment would carry it. */
export function templateOf(replicaSet: KubeObject): Record<string, unknown> {
  const template = clone(replicaSet.spec?.template ?? {}) as {
    metadata?: { labels?: Record<string, string>; creationTimestamp?: unknown };
  };
  if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
  if (template.metadata && 'creationTimestamp' in template.metadata)
    delete template.metadata.creationTimestamp;
  return template as Record<string, unknown>;
}

export function firstImage(
  object: { spec?: { template?: { spec?: { containers?: { image?: string }[] } } } } | undefined,
) {
  return object?.spec?.template?.spec?.containers?.[0]?.image;
}

/**
 * Finds what to roll back to: the newest ReplicaSet with a revision below the Deployment's
 * (or exactly `toRevision`). Throws a UserError when there is none.
 */
export async function planRollback(
  kube: Kube,
  ref: ObjectRef,
  toRevision?: number,
): Promise<RollbackPlan> {
  const deployment = await kube.get(ref);
  if (!deployment) {
    throw new UserError(
      `cannot roll back ${ref.kind}/${ref.name}: it does not exist in namespace ${ref.namespace}`,
    );
  }
  if (deployment.kind !== 'Deployment') {
    throw new UserError(
      `cannot roll back ${deployment.kind}/${ref.name}: only Deployments keep previous revisions as ReplicaSets`,
    );
  }
  const { items } = await kube.list('apps/v1', 'ReplicaSet', ref.namespace ?? 'default', {
    labelSelector: selectorString(deployment.spec?.selector),
  });
  const owned = ownedReplicaSets(deployment, items);
  const current = revisionOf(deployment);
  const target = owned.find((set) => {
    const revision = revisionOf(set);
    if (revision === undefined) return false;
    if (toRevision !== undefined) return revision === toRevision;
    return current === undefined || revision < current;
  });
  if (!target) {
    throw new UserError(
      toRevision !== undefined
        ? `cannot roll back Deployment/${ref.name}: revision ${toRevision} not found (revisions: ${owned.map(revisionOf).join(', ') || 'none'})`
        : `cannot roll back Deployment/${ref.name}: it has no previous revision (revision ${current ?? 'unknown'} is its first)`,
    );
  }
  const template = templateOf(target);
  return {
    deployment,
    target,
    fromRevision: current,
    toRevision: revisionOf(target),
    template,
    image: firstImage({ spec: { template } } as never),
  };
}

/** Puts the plan's template back on the Deployment. */
export async function applyRollback(
  kube: Kube,
  plan: RollbackPlan,
  options: { fieldManager: string; applied?: KubeObject },
): Promise<KubeObject> {
  const { deployment } = plan;
  const ref = {
    apiVersion: deployment.apiVersion ?? 'apps/v1',
    kind: 'Deployment',
    name: deployment.metadata.name,
    namespace: deployment.metadata.namespace,
  };
  if (options.applied) {
    const object = clone(options.applied);
    object.spec = { ...object.spec, template: clone(plan.template) };
    return kube.apply(object, { fieldManager: options.fieldManager, force: true });
  }
  const patch = createMergePatch(deployment.spec?.template ?? {}, plan.template);
  return kube.mergePatch(ref, { spec: { template: patch } }, options.fieldManager);
}
