// The kinds the double serves, with what discovery publishes about them.

export interface ResourceType {
  group: string; // '' for the core group
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Subresources: status and scale behave as in the API server; log only for pods. */
  subresources: Array<'status' | 'scale' | 'log'>;
}

const t = (
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  subresources: ResourceType['subresources'],
  shortNames?: string[],
): ResourceType => ({
  group,
  version,
  kind,
  listKind: `${kind}List`,
  plural,
  singular: kind.toLowerCase(),
  namespaced,
  subresources,
  shortNames,
  categories: ['all'].filter(() =>
    ['Pod', 'Service', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Rollout'].includes(
      kind,
    ),
  ),
});

export const RESOURCE_TYPES: ResourceType[] = [
  t('', 'v1', 'Namespace', 'namespaces', false, ['status'], ['ns']),
  t('', 'v1', 'Node', 'nodes', false, ['status'], ['no']),
  t('', 'v1', 'Pod', 'pods', true, ['status', 'log'], ['po']),
  t('', 'v1', 'Service', 'services', true, ['status'], ['svc']),
  t('', 'v1', 'Endpoints', 'endpoints', true, [], ['ep']),
  t('', 'v1', 'ConfigMap', 'configmaps', true, [], ['cm']),
  t('', 'v1', 'Secret', 'secrets', true, []),
  t('', 'v1', 'ServiceAccount', 'serviceaccounts', true, [], ['sa']),
  t('', 'v1', 'Event', 'events', true, [], ['ev']),
  t('apps', 'v1', 'Deployment', 'deployments', true, ['status', 'scale'], ['deploy']),
  t('apps', 'v1', 'ReplicaSet', 'replicasets', true, ['status', 'scale'], ['rs']),
  t('apps', 'v1', 'StatefulSet', 'statefulsets', true, ['status', 'scale'], ['sts']),
  t('apps', 'v1', 'DaemonSet', 'daemonsets', true, ['status'], ['ds']),
  t('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, ['status'], ['ing']),
  t('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true, []),
  t('argoproj.io', 'v1alpha1', 'Rollout', 'rollouts', true, ['status', 'scale'], ['ro']),
];

export function groupVersion(rt: Pick<ResourceType, 'group' | 'version'>): string {
  return rt.group ? `${rt.group}/${rt.version}` : rt.version;
}

/** `deployments.apps` / `pods`: how the API server names a resource in messages. */
export function qualifiedResource(rt: ResourceType): string {
  return rt.group ? `${rt.plural}.${rt.group}` : rt.plural;
}

export function typeKey(rt: ResourceType): string {
  return `${rt.group}/${rt.plural}`;
}

export function findByPath(
  group: string,
  version: string,
  plural: string,
): ResourceType | undefined {
  return RESOURCE_TYPES.find(
    (r) => r.group === group && r.version === version && r.plural === plural,
  );
}

export function findByKind(apiVersion: string, kind: string): ResourceType | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return RESOURCE_TYPES.find((r) => r.group === group && r.version === version && r.kind === kind);
}

export function byKind(kind: string): ResourceType {
  const rt = RESOURCE_TYPES.find((r) => r.kind === kind);
  if (!rt) throw new Error(`unknown kind ${kind}`);
  return rt;
}

export function groups(): Array<{ name: string; versions: string[] }> {
  const out = new Map<string, Set<string>>();
  for (const r of RESOURCE_TYPES) {
    if (!r.group) continue;
    if (!out.has(r.group)) out.set(r.group, new Set());
    out.get(r.group)!.add(r.version);
  }
  return [...out].map(([name, versions]) => ({ name, versions: [...versions] }));
}
