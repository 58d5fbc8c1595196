/**
 * Helpers shared by blue-green and canary: derived copies of the user's Deployment and Service,
 * scaling, and the URL at which a Service answers.
 */
import { UserError } from '../../shared/errors.js';
import type { Kube, KubeObject, ObjectRef } from '../kube-client.js';
import type { RolloutContext } from '../rollout-context.js';

export const LABEL_PREFIX = 'oasis.dev';
/** Annotation the kube test double (and a local setup) puts on a Service: its reachable URL. */
export const LOCAL_URL = 'oasis.dev/local-url';

export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function refOf(object: KubeObject, namespace: string): ObjectRef {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.metadata.name,
    namespace: object.metadata.namespace ?? namespace,
  };
}

/** The one Deployment of the manifests (the template the strategy copies). */
export function templateDeployment(ctx: RolloutContext, strategy: string): KubeObject | undefined {
  const deployments = ctx.manifests.filter((manifest) => manifest.object.kind === 'Deployment');
  if (deployments.length > 1) {
    throw new UserError(
      `strategy ${strategy} handles one Deployment per run; the manifests have ${deployments.length} (${deployments
        .map((manifest) => `${manifest.object.metadata.name} at ${manifest.source}`)
        .join(', ')})`,
    );
  }
  return deployments[0]?.object;
}

/**
 * A copy of a Deployment under another name whose selector and Pods carry extra labels.
 * `dropLabels` removes labels from the Pods (so that a Service no longer selects them).
 */
export function derivedDeployment(
  template: KubeObject,
  name: string,
  labels: Record<string, string>,
  annotations: Record<string, string> = {},
  dropLabels: string[] = [],
): KubeObject {
  const copy = clone(template);
  const metadata = copy.metadata;
  copy.metadata = {
    name,
    namespace: metadata.namespace,
    labels: { ...(metadata.labels ?? {}), ...labels },
    annotations: { ...(metadata.annotations ?? {}), ...annotations },
  };
  copy.spec ??= {};
  const matchLabels = { ...(copy.spec.selector?.matchLabels ?? {}), ...labels };
  const podLabels = { ...(copy.spec.template?.metadata?.labels ?? {}), ...labels };
  for (const label of dropLabels) {
    delete matchLabels[label];
    delete podLabels[label];
  }
  copy.spec.selector = { ...(copy.spec.selector ?? {}), matchLabels };
  copy.spec.template = {
    ...(copy.spec.template ?? {}),
    metadata: { ...(copy.spec.template?.metadata ?? {}), labels: podLabels },
  };
  return copy;
}

/** A copy of a Service with another name and selector (no clusterIP / nodePort carried over). */
export function derivedService(
  service: KubeObject,
  name: string,
  selector: Record<string, string>,
  annotations: Record<string, string> = {},
): KubeObject {
  const spec = clone(service.spec ?? {});
  delete spec.clusterIP;
  delete spec.clusterIPs;
  for (const port of spec.ports ?? []) delete port.nodePort;
  if (spec.type === 'LoadBalancer' || spec.type === 'NodePort') spec.type = 'ClusterIP';
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: service.metadata.namespace,
      labels: { ...(service.metadata.labels ?? {}) },
      annotations,
    },
    spec: { ...spec, selector },
  };
}

/** Scales a Deployment, remembering its replicas when going to zero. */
export async function scaleDeployment(
  ctx: RolloutContext,
  ref: ObjectRef,
  replicas: number,
): Promise<void> {
  const live = await ctx.kube.get(ref);
  if (!live) return;
  const annotations: Record<string, string> = {};
  if (replicas === 0 && (live.spec?.replicas ?? 1) > 0) {
    annotations[`${LABEL_PREFIX}/replicas`] = String(live.spec?.replicas ?? 1);
  }
  await ctx.kube.mergePatch(
    ref,
    {
      metadata: Object.keys(annotations).length > 0 ? { annotations } : undefined,
      spec: { replicas },
    },
    ctx.config.fieldManager,
  );
  ctx.log(`scaled ${ref.kind}/${ref.name} to ${replicas}`);
}

/**
 * Where a Service answers: the local URL the kube double publishes, or the cluster DNS name.
 * Waits briefly for the annotation of a Service that was just created.
 */
export async function serviceUrl(
  kube: Kube,
  ctx: Pick<RolloutContext, 'clock'>,
  ref: ObjectRef,
  waitMs = 5000,
): Promise<string> {
  const until = ctx.clock.now() + waitMs;
  let live = await kube.get(ref);
  // Only wait where Services get a local URL at all (the kube double, a local setup).
  const published =
    !live?.metadata.annotations?.[LOCAL_URL] &&
    waitMs > 0 &&
    (await kube.list('v1', 'Service', ref.namespace ?? 'default')).items.some(
      (item) => item.metadata.annotations?.[LOCAL_URL],
    );
  while (published && live && !live.metadata.annotations?.[LOCAL_URL] && ctx.clock.now() < until) {
    await ctx.clock.sleep(100);
    live = await kube.get(ref);
  }
  const local = live?.metadata.annotations?.[LOCAL_URL];
  if (local) return local;
  const port = live?.spec?.ports?.[0]?.port ?? 80;
  return `http://${ref.name}.${ref.namespace}.svc.cluster.local${port === 80 ? '' : `:${port}`}`;
}
