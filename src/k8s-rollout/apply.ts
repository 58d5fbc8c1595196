/**
 * Server-side apply of every manifest. Before anything is applied, every kind is checked against
 * the API server's discovery (an unknown kind stops the run with nothing applied). Objects go in
 * dependency order (Namespaces, config and Secrets, Services, then workloads). A failure part-way
 * names what was already applied.
 */
import { errorMessage } from '../shared/errors.js';
import type { Kube, KubeObject } from './kube-client.js';
import { ManifestError, type Manifest } from './manifests.js';

const ORDER = [
  'Namespace',
  'CustomResourceDefinition',
  'ResourceQuota',
  'LimitRange',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'PersistentVolumeClaim',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'Service',
  'DaemonSet',
  'Deployment',
  'StatefulSet',
  'Rollout',
  'Job',
  'CronJob',
  'Ingress',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
];

function rank(kind: string): number {
  const index = ORDER.indexOf(kind);
  return index < 0 ? ORDER.length : index;
}

export interface AppliedObject {
  kind: string;
  name: string;
  namespace?: string;
  apiVersion: string;
  /** The object as the server returned it. */
  live: KubeObject;
  /** The object as applied (after image substitution and namespace defaulting). */
  applied: KubeObject;
}

/**
 * Resolves namespaces (namespaced kinds default to `namespace`) and rejects unknown kinds, all
 * before any change. Returns the manifests in apply order.
 */
export async function prepareManifests(
  kube: Kube,
  manifests: Manifest[],
  namespace: string,
): Promise<Manifest[]> {
  const unknown: string[] = [];
  for (const manifest of manifests) {
    const { apiVersion, kind } = manifest.object;
    const info = await kube.kindInfo(apiVersion, kind);
    if (!info) {
      unknown.push(
        `${manifest.source}: unknown kind ${kind} in ${apiVersion} (the API server does not serve it)`,
      );
      continue;
    }
    if (info.namespaced) manifest.object.metadata.namespace ??= namespace;
    else delete manifest.object.metadata.namespace;
  }
  if (unknown.length > 0) {
    throw new ManifestError(`${unknown.join('\n')}\nnothing was applied`);
  }
  return [...manifests].sort((a, b) => rank(a.object.kind) - rank(b.object.kind));
}

export async function applyManifests(
  kube: Kube,
  manifests: Manifest[],
  options: { fieldManager: string; force: boolean; log: (line: string) => void },
): Promise<AppliedObject[]> {
  const applied: AppliedObject[] = [];
  for (const manifest of manifests) {
    const { object } = manifest;
    try {
      const live = await kube.apply(object, {
        fieldManager: options.fieldManager,
        force: options.force,
      });
      applied.push({
        kind: object.kind,
        name: object.metadata.name,
        namespace: object.metadata.namespace,
        apiVersion: object.apiVersion,
        live,
        applied: object,
      });
      options.log(
        `applied ${object.kind}/${object.metadata.name}${object.metadata.namespace ? ` in ${object.metadata.namespace}` : ''}`,
      );
    } catch (error) {
      const done = applied.map((item) => `${item.kind}/${item.name}`);
      const already =
        done.length > 0
          ? `; already applied (left in place): ${done.join(', ')}`
          : '; nothing was applied';
      throw new ManifestError(`${manifest.source}: ${errorMessage(error)}${already}`, {
        cause: error,
      });
    }
  }
  return applied;
}
