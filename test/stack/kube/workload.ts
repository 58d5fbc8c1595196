// What the workload controllers share: pod-template hashing, readiness and availability,
// owner references, int-or-percent values.
import type { OwnerReference } from './types.js';
import { clone, deepEqual, type KubeObject } from './types.js';

const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Like the controller's pod-template-hash: FNV-1a over the template, safe-encoded. */
export function podTemplateHash(
  template: unknown,
  collisionCount = 0,
  hashLabel = 'pod-template-hash',
): string {
  const t = clone(template) as KubeObject | undefined;
  if (t?.metadata?.labels) delete t.metadata.labels[hashLabel];
  let h = 0x811c9dc5;
  const text = stable(t) + (collisionCount ? String(collisionCount) : '');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return [...String(h)].map((c) => SAFE[c.charCodeAt(0) % SAFE.length]).join('');
}

export function templatesEqualIgnoringHash(
  a: unknown,
  b: unknown,
  hashLabel = 'pod-template-hash',
): boolean {
  const strip = (t: unknown) => {
    const c = clone(t) as KubeObject | undefined;
    if (c?.metadata?.labels) {
      delete c.metadata.labels[hashLabel];
      if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
    }
    if (c?.metadata && 'creationTimestamp' in c.metadata) delete c.metadata.creationTimestamp;
    return c;
  };
  return deepEqual(strip(a), strip(b));
}

export function controllerRef(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller);
}

export function ownerRefTo(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion!,
    kind: owner.kind!,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  return controllerRef(obj)?.uid === owner.metadata.uid;
}

export function podCondition(
  pod: KubeObject,
  type: string,
): { status: string; lastTransitionTime?: string } | undefined {
  return (pod.status?.conditions ?? []).find((c: { type: string }) => c.type === type);
}

export function isPodActive(pod: KubeObject): boolean {
  return (
    !pod.metadata.deletionTimestamp &&
    pod.status?.phase !== 'Succeeded' &&
    pod.status?.phase !== 'Failed'
  );
}

export function isPodReady(pod: KubeObject): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** Ready for at least minReadySeconds; also returns ms until it will be, if not yet. */
export function podAvailability(
  pod: KubeObject,
  minReadySeconds: number,
  nowMs = Date.now(),
): { available: boolean; inMs?: number } {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True') return { available: false };
  if (!minReadySeconds) return { available: true };
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : 0;
  const at = since + minReadySeconds * 1000;
  return at <= nowMs ? { available: true } : { available: false, inMs: at - nowMs };
}

/** An int-or-percent field against a total (percentages round up for surge, down for unavailable). */
export function intOrPercent(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.endsWith('%')) {
    const pct = Number(value.slice(0, -1));
    const raw = (pct * total) / 100;
    return roundUp ? Math.ceil(raw) : Math.floor(raw);
  }
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return 0;
}

export const REVISION = 'deployment.kubernetes.io/revision';

export function revisionOf(obj: KubeObject | undefined, key = REVISION): number {
  const v = Number(obj?.metadata.annotations?.[key] ?? 0);
  return Number.isFinite(v) ? v : 0;
}

export function timestamp(ms = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}
