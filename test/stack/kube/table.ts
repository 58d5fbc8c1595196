// meta.k8s.io/v1 Table responses, which kubectl asks for (`Accept: ...;as=Table`) to print
// `kubectl get` output with the usual columns.
import type { ResourceType } from './resources.js';
import type { KubeObject } from './types.js';

export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept);
}

function age(ts: string | undefined): string {
  if (!ts) return '<unknown>';
  const s = Math.max(0, Math.floor((Date.now() - Date.parse(ts)) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

type Column = {
  name: string;
  type: string;
  format?: string;
  description: string;
  priority: number;
};
const col = (name: string, type = 'string', priority = 0, format = ''): Column => ({
  name,
  type,
  format,
  description: name,
  priority,
});

function podStatus(pod: KubeObject): string {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  const inits: Array<{
    state?: { waiting?: { reason?: string }; terminated?: { exitCode?: number } };
  }> = pod.status?.initContainerStatuses ?? [];
  const done = inits.filter((c) => c.state?.terminated?.exitCode === 0).length;
  if (done < inits.length) {
    const waiting = inits.find(
      (c) => c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing',
    );
    return waiting ? `Init:${waiting.state!.waiting!.reason}` : `Init:${done}/${inits.length}`;
  }
  for (const c of pod.status?.containerStatuses ?? []) {
    if (c.state?.waiting?.reason) return c.state.waiting.reason;
    if (c.state?.terminated?.reason) return c.state.terminated.reason;
  }
  return pod.status?.phase ?? 'Pending';
}

function columnsFor(rt: ResourceType): { columns: Column[]; cells: (o: KubeObject) => unknown[] } {
  const name = col('Name', 'string', 0, 'name');
  const ageCol = col('Age');
  switch (rt.kind) {
    case 'Deployment':
      return {
        columns: [
          name,
          col('Ready'),
          col('Up-to-date', 'integer'),
          col('Available', 'integer'),
          ageCol,
        ],
        cells: (o) => [
          o.metadata.name,
          `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`,
          o.status?.updatedReplicas ?? 0,
          o.status?.availableReplicas ?? 0,
          age(o.metadata.creationTimestamp),
        ],
      };
    case 'ReplicaSet':
      return {
        columns: [
          name,
          col('Desired', 'integer'),
          col('Current', 'integer'),
          col('Ready', 'integer'),
          ageCol,
        ],
        cells: (o) => [
          o.metadata.name,
          o.spec?.replicas ?? 0,
          o.status?.replicas ?? 0,
          o.status?.readyReplicas ?? 0,
          age(o.metadata.creationTimestamp),
        ],
      };
    case 'Pod':
      return {
        columns: [
          name,
          col('Ready'),
          col('Status'),
          col('Restarts'),
          ageCol,
          col('IP', 'string', 1),
        ],
        cells: (o) => {
          const cs: Array<{ ready?: boolean; restartCount?: number }> =
            o.status?.containerStatuses ?? [];
          return [
            o.metadata.name,
            `${cs.filter((c) => c.ready).length}/${o.spec?.containers?.length ?? 0}`,
            podStatus(o),
            String(cs.reduce((n, c) => n + (c.restartCount ?? 0), 0)),
            age(o.metadata.creationTimestamp),
            o.status?.podIP ?? '<none>',
          ];
        },
      };
    case 'Service':
      return {
        columns: [name, col('Type'), col('Cluster-IP'), col('External-IP'), col('Port(s)'), ageCol],
        cells: (o) => [
          o.metadata.name,
          o.spec?.type ?? 'ClusterIP',
          o.spec?.clusterIP ?? '<none>',
          '<none>',
          (o.spec?.ports ?? [])
            .map((p: { port: number; protocol?: string }) => `${p.port}/${p.protocol ?? 'TCP'}`)
            .join(',') || '<none>',
          age(o.metadata.creationTimestamp),
        ],
      };
    case 'Event':
      return {
        columns: [
          col('Last Seen'),
          col('Type'),
          col('Reason'),
          col('Object'),
          col('Message'),
          { ...name, priority: 1 },
        ],
        cells: (o) => [
          age(o.lastTimestamp ?? o.metadata.creationTimestamp),
          o.type,
          o.reason,
          `${String(o.involvedObject?.kind ?? '').toLowerCase()}/${o.involvedObject?.name ?? ''}`,
          o.message,
          o.metadata.name,
        ],
      };
    case 'Rollout':
      return {
        columns: [
          name,
          col('Desired', 'integer'),
          col('Current', 'integer'),
          col('Up-to-date', 'integer'),
          col('Available', 'integer'),
          ageCol,
        ],
        cells: (o) => [
          o.metadata.name,
          o.spec?.replicas ?? 0,
          o.status?.replicas ?? 0,
          o.status?.updatedReplicas ?? 0,
          o.status?.availableReplicas ?? 0,
          age(o.metadata.creationTimestamp),
        ],
      };
    case 'StatefulSet':
      return {
        columns: [name, col('Ready'), ageCol],
        cells: (o) => [
          o.metadata.name,
          `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`,
          age(o.metadata.creationTimestamp),
        ],
      };
    case 'DaemonSet':
      return {
        columns: [
          name,
          col('Desired', 'integer'),
          col('Current', 'integer'),
          col('Ready', 'integer'),
          col('Up-to-date', 'integer'),
          col('Available', 'integer'),
          ageCol,
        ],
        cells: (o) => [
          o.metadata.name,
          o.status?.desiredNumberScheduled ?? 0,
          o.status?.currentNumberScheduled ?? 0,
          o.status?.numberReady ?? 0,
          o.status?.updatedNumberScheduled ?? 0,
          o.status?.numberAvailable ?? 0,
          age(o.metadata.creationTimestamp),
        ],
      };
    case 'ConfigMap':
      return {
        columns: [name, col('Data', 'integer'), ageCol],
        cells: (o) => [
          o.metadata.name,
          Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length,
          age(o.metadata.creationTimestamp),
        ],
      };
    case 'Secret':
      return {
        columns: [name, col('Type'), col('Data', 'integer'), ageCol],
        cells: (o) => [
          o.metadata.name,
          o.type ?? 'Opaque',
          Object.keys(o.data ?? {}).length,
          age(o.metadata.creationTimestamp),
        ],
      };
    case 'Ingress':
      return {
        columns: [name, col('Class'), col('Hosts'), col('Address'), col('Ports'), ageCol],
        cells: (o) => [
          o.metadata.name,
          o.spec?.ingressClassName ?? '<none>',
          (o.spec?.rules ?? []).map((r: { host?: string }) => r.host ?? '*').join(',') || '*',
          (o.status?.loadBalancer?.ingress ?? []).map((i: { ip?: string }) => i.ip).join(','),
          o.spec?.tls?.length ? '80, 443' : '80',
          age(o.metadata.creationTimestamp),
        ],
      };
    case 'Node':
      return {
        columns: [name, col('Status'), col('Roles'), ageCol, col('Version')],
        cells: (o) => [
          o.metadata.name,
          o.status?.conditions?.find((x: { type: string }) => x.type === 'Ready')?.status === 'True'
            ? 'Ready'
            : 'NotReady',
          'control-plane',
          age(o.metadata.creationTimestamp),
          o.status?.nodeInfo?.kubeletVersion ?? '',
        ],
      };
    case 'Endpoints':
      return {
        columns: [name, col('Endpoints'), ageCol],
        cells: (o) => {
          const list: string[] = [];
          for (const s of o.subsets ?? []) {
            for (const a of s.addresses ?? [])
              for (const p of s.ports ?? []) list.push(`${a.ip}:${p.port}`);
          }
          return [
            o.metadata.name,
            list.length
              ? list.slice(0, 3).join(',') +
                (list.length > 3 ? ` + ${list.length - 3} more...` : '')
              : '<none>',
            age(o.metadata.creationTimestamp),
          ];
        },
      };
    case 'Namespace':
      return {
        columns: [name, col('Status'), ageCol],
        cells: (o) => [
          o.metadata.name,
          o.status?.phase ?? 'Active',
          age(o.metadata.creationTimestamp),
        ],
      };
    default:
      return {
        columns: [name, ageCol],
        cells: (o) => [o.metadata.name, age(o.metadata.creationTimestamp)],
      };
  }
}

export function renderTable(
  rt: ResourceType,
  items: KubeObject[],
  resourceVersion: string,
  _list: boolean,
  cont?: string,
): Record<string, unknown> {
  const { columns, cells } = columnsFor(rt);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion, ...(cont ? { continue: cont } : {}) },
    columnDefinitions: columns,
    rows: items.map((o) => ({
      cells: cells(o),
      object: {
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: o.metadata,
      },
    })),
  };
}
