// A container's environment as the kubelet builds it: env values with $(VAR) expansion,
// secretKeyRef/configMapKeyRef/fieldRef, envFrom. A missing Secret, ConfigMap or key is a
// CreateContainerConfigError with the kubelet's message.
import { Buffer } from 'node:buffer';
import type { Api } from './api.js';
import { byKind } from './resources.js';
import type { KubeObject } from './types.js';

export class ContainerConfigError extends Error {}

/* eslint-disable @typescript-eslint/no-explicit-any */

function expand(value: string, env: Map<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name) => {
    if (m === '$$') return '$';
    return env.has(name) ? env.get(name)! : m;
  });
}

function fieldValue(pod: KubeObject, path: string): string {
  const m = path.match(/^metadata\.(labels|annotations)\['(.+)'\]$/);
  if (m) return pod.metadata[m[1] as 'labels' | 'annotations']?.[m[2]] ?? '';
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.podIP':
      return pod.status?.podIP ?? '';
    case 'status.hostIP':
      return pod.status?.hostIP ?? '127.0.0.1';
    default:
      return '';
  }
}

export function resolveEnv(
  api: Api,
  pod: KubeObject,
  container: any,
  podIp: string,
): Map<string, string> {
  const ns = pod.metadata.namespace!;
  const env = new Map<string, string>();
  const secret = (name: string, optional: boolean) => {
    const s = api.store.get(byKind('Secret'), ns, name);
    if (!s && !optional) throw new ContainerConfigError(`secret "${name}" not found`);
    return s;
  };
  const configMap = (name: string, optional: boolean) => {
    const c = api.store.get(byKind('ConfigMap'), ns, name);
    if (!c && !optional) throw new ContainerConfigError(`configmap "${name}" not found`);
    return c;
  };
  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) {
      const c = configMap(from.configMapRef.name, !!from.configMapRef.optional);
      for (const [k, v] of Object.entries(c?.data ?? {})) env.set(prefix + k, String(v));
    } else if (from.secretRef) {
      const s = secret(from.secretRef.name, !!from.secretRef.optional);
      for (const [k, v] of Object.entries(s?.data ?? {}))
        env.set(prefix + k, Buffer.from(String(v), 'base64').toString('utf8'));
    }
  }
  for (const e of container.env ?? []) {
    if (!e?.name) continue;
    if (e.valueFrom) {
      const vf = e.valueFrom;
      if (vf.secretKeyRef) {
        const { name, key, optional } = vf.secretKeyRef;
        const s = secret(name, !!optional);
        if (s && !(key in (s.data ?? {}))) {
          if (optional) continue;
          throw new ContainerConfigError(`couldn't find key ${key} in Secret ${ns}/${name}`);
        }
        if (s) env.set(e.name, Buffer.from(String(s.data[key]), 'base64').toString('utf8'));
      } else if (vf.configMapKeyRef) {
        const { name, key, optional } = vf.configMapKeyRef;
        const c = configMap(name, !!optional);
        if (c && !(key in (c.data ?? {}))) {
          if (optional) continue;
          throw new ContainerConfigError(`couldn't find key ${key} in ConfigMap ${ns}/${name}`);
        }
        if (c) env.set(e.name, String(c.data[key]));
      } else if (vf.fieldRef) {
        const p = vf.fieldRef.fieldPath;
        env.set(e.name, p === 'status.podIP' ? podIp : fieldValue(pod, p));
      } else env.set(e.name, '');
    } else env.set(e.name, expand(String(e.value ?? ''), env));
  }
  return env;
}

const UNITS: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

/** `64Mi` → bytes. */
export function memoryBytes(q: unknown): number | undefined {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return undefined;
  const m = q.match(/^(\d+(?:\.\d+)?)(k|M|G|T|Ki|Mi|Gi|Ti)?$/);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * UNITS[m[2] ?? '']);
}
