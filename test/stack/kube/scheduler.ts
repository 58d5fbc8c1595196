// The scheduler of the double's one node: a pod fits when its nodeSelector / required node
// affinity match the node labels and its resource requests fit next to the pods already there;
// otherwise it stays Pending with PodScheduled=False reason Unschedulable and the scheduler's
// message, and a FailedScheduling event.
import type { Api } from './api.js';
import type { EventRecorder } from './events.js';
import { byKind } from './resources.js';
import type { KubeObject } from './types.js';
import { isPodActive, timestamp } from './workload.js';
import { memoryBytes } from './container-env.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

export const NODE_NAME = 'oasis-double-node';
export const NODE_LABELS: Record<string, string> = {
  'kubernetes.io/hostname': NODE_NAME,
  'kubernetes.io/os': 'linux',
  'kubernetes.io/arch': 'amd64',
  'node-role.kubernetes.io/control-plane': '',
};
export const NODE_CAPACITY = {
  cpu: '8',
  memory: '16Gi',
  pods: '110',
  'ephemeral-storage': '100Gi',
};
const POD = byKind('Pod');

export function milliCpu(q: unknown): number {
  if (typeof q === 'number') return q * 1000;
  if (typeof q !== 'string') return 0;
  if (q.endsWith('m')) return Number(q.slice(0, -1)) || 0;
  return Math.round((Number(q) || 0) * 1000);
}

function requests(pod: KubeObject): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    const r = c.resources?.requests ?? c.resources?.limits ?? {};
    cpu += milliCpu(r.cpu);
    memory += memoryBytes(r.memory) ?? 0;
  }
  return { cpu, memory };
}

function affinityMatches(pod: KubeObject): boolean {
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {}))
    if (NODE_LABELS[k] !== v) return false;
  const terms: any[] =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms ?? [];
  if (terms.length === 0) return true;
  return terms.some((t) =>
    (t.matchExpressions ?? []).every((e: any) => {
      const has = e.key in NODE_LABELS;
      const v = NODE_LABELS[e.key];
      switch (e.operator) {
        case 'In':
          return has && (e.values ?? []).includes(v);
        case 'NotIn':
          return !has || !(e.values ?? []).includes(v);
        case 'Exists':
          return has;
        case 'DoesNotExist':
          return !has;
        default:
          return false;
      }
    }),
  );
}

/** Undefined when the pod fits on the node, else the scheduler's message. */
export function unschedulableReason(api: Api, pod: KubeObject): string | undefined {
  if (!affinityMatches(pod)) {
    return "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.";
  }
  const want = requests(pod);
  let cpu = 0;
  let memory = 0;
  let count = 0;
  for (const p of api.store.list(POD)) {
    if (p.spec?.nodeName !== NODE_NAME || !isPodActive(p) || p.metadata.uid === pod.metadata.uid)
      continue;
    const r = requests(p);
    cpu += r.cpu;
    memory += r.memory;
    count++;
  }
  const short: string[] = [];
  if (cpu + want.cpu > milliCpu(NODE_CAPACITY.cpu)) short.push('1 Insufficient cpu');
  if (memory + want.memory > (memoryBytes(NODE_CAPACITY.memory) ?? 0))
    short.push('1 Insufficient memory');
  if (count + 1 > Number(NODE_CAPACITY.pods)) short.push('1 Too many pods');
  if (short.length === 0) return undefined;
  return `0/1 nodes are available: ${short.join(', ')}. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.`;
}

/**
 * Binds the pod to the node (returns the stored pod), or marks it Unschedulable (returns
 * undefined; the caller retries later).
 */
export function bindOrReject(
  api: Api,
  events: EventRecorder,
  pod: KubeObject,
): KubeObject | undefined {
  if (pod.spec?.nodeName) return pod;
  const reason = unschedulableReason(api, pod);
  if (reason) {
    const prev = (pod.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled');
    if (prev?.reason !== 'Unschedulable' || prev.message !== reason) {
      pod.status = {
        ...(pod.status ?? {}),
        phase: 'Pending',
        conditions: [
          {
            lastProbeTime: null,
            lastTransitionTime: timestamp(),
            message: reason,
            reason: 'Unschedulable',
            status: 'False',
            type: 'PodScheduled',
          },
        ],
      };
      const stored = api.store.update(POD, pod);
      events.record(stored, 'Warning', 'FailedScheduling', reason);
    }
    return undefined;
  }
  pod.spec.nodeName = NODE_NAME;
  pod.status = {
    ...(pod.status ?? {}),
    phase: 'Pending',
    conditions: [
      {
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: timestamp(),
      },
    ],
  };
  const stored = api.store.update(POD, pod);
  events.record(
    stored,
    'Normal',
    'Scheduled',
    `Successfully assigned ${stored.metadata.namespace}/${stored.metadata.name} to ${NODE_NAME}`,
  );
  return stored;
}

/** The Node object kubectl and clients see. */
export function nodeObject(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: NODE_NAME, labels: NODE_LABELS },
    spec: {},
    status: {
      capacity: NODE_CAPACITY,
      allocatable: NODE_CAPACITY,
      addresses: [
        { type: 'InternalIP', address: '127.0.0.1' },
        { type: 'Hostname', address: NODE_NAME },
      ],
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: timestamp(),
          lastTransitionTime: timestamp(),
        },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.32.4-oasis-double',
        containerRuntimeVersion: 'docker://20.10',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}
