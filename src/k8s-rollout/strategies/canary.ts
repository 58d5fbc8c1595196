/**
 * Canary: a `<name>-canary` Deployment with the new template next to the stable one.
 * Traffic weight comes from the replica ratio behind the user's Service (canary pods carry the
 * same labels; canary replicas = ceil(stable × w / (100 − w)), at least 1), or, with `ingress`,
 * from ingress-nginx canary annotations on a copy of the Ingress that points at a
 * `<service>-canary` Service (canary pods then leave the stable Service).
 * Steps run in order with a pause and checks (against `<service>-canary`) after each; a failure
 * aborts (canary removed, stable untouched); the step 100 promotes (stable gets the template).
 */
import { UserError } from '../../shared/errors.js';
import { applyManifests } from '../apply.js';
import { collectDiagnostics } from '../diagnostics.js';
import { failureHeadline } from '../failure-detector.js';
import type { KubeObject, ObjectRef } from '../kube-client.js';
import { createMergePatch, firstImage } from '../rollback.js';
import type { K8sRolloutResult, RolloutContext, RolloutStatus } from '../rollout-context.js';
import { revisionOf } from '../rollout-status.js';
import { watchRollout } from '../rollout-watcher.js';
import { renderSummary, type ResourceReport } from '../summary.js';
import { parseWorkload } from './rolling.js';
import {
  LABEL_PREFIX,
  clone,
  derivedDeployment,
  derivedService,
  serviceUrl,
  templateDeployment,
} from './workload-copies.js';

export const TRACK_LABEL = `${LABEL_PREFIX}/track`;
const CANARY_OF = `${LABEL_PREFIX}/canary-of`;
export const NGINX_CANARY = 'nginx.ingress.kubernetes.io/canary';
export const NGINX_WEIGHT = 'nginx.ingress.kubernetes.io/canary-weight';

interface Setup {
  namespace: string;
  name: string;
  template?: KubeObject;
  service?: KubeObject;
  ingress?: KubeObject;
  stableRef: ObjectRef;
  canaryRef: ObjectRef;
  canaryServiceRef?: ObjectRef;
  canaryIngressRef?: ObjectRef;
}

/** Canary replicas for a weight: replica mode keeps the stable count and adds canaries. */
export function canaryReplicas(stable: number, weight: number, byIngress: boolean): number {
  if (byIngress) return Math.max(1, Math.ceil((stable * weight) / 100));
  if (weight >= 100) return Math.max(1, stable);
  return Math.max(1, Math.ceil((stable * weight) / (100 - weight)));
}

/** The share of Pods that are canaries, in percent. */
export function replicaWeight(stable: number, canary: number): number {
  return Math.round((canary / Math.max(1, stable + canary)) * 100);
}

async function setup(ctx: RolloutContext): Promise<Setup> {
  const namespace = ctx.config.namespace;
  const template = templateDeployment(ctx, 'canary');
  const name =
    template?.metadata.name ??
    (ctx.config.workload ? parseWorkload(ctx.config.workload, namespace).name : '');
  if (!name) {
    throw new UserError(
      "strategy canary needs the Deployment: put it in 'manifests' or name it in 'workload'",
    );
  }
  const ns = template?.metadata.namespace ?? namespace;
  const services = ctx.manifests
    .filter((manifest) => manifest.object.kind === 'Service')
    .map((m) => m.object);
  let service = ctx.config.service
    ? services.find((object) => object.metadata.name === ctx.config.service)
    : services[0];
  const serviceName = service?.metadata.name ?? ctx.config.service;
  if (!service && serviceName) {
    service = await ctx.kube.get({
      apiVersion: 'v1',
      kind: 'Service',
      name: serviceName,
      namespace: ns,
    });
  }
  let ingress: KubeObject | undefined;
  if (ctx.config.canary.ingress) {
    ingress =
      ctx.manifests.find(
        (m) => m.object.kind === 'Ingress' && m.object.metadata.name === ctx.config.canary.ingress,
      )?.object ??
      (await ctx.kube.get({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        name: ctx.config.canary.ingress,
        namespace: ns,
      }));
    if (!ingress) {
      throw new UserError(
        `input 'ingress': Ingress/${ctx.config.canary.ingress} is neither in the manifests nor in namespace ${ns}`,
      );
    }
    if (!service) {
      throw new UserError(
        "strategy canary with 'ingress' needs the Service the Ingress routes to: put it in the manifests or set 'service'",
      );
    }
  }
  const stableRef = { apiVersion: 'apps/v1', kind: 'Deployment', name, namespace: ns };
  return {
    namespace: ns,
    name,
    template,
    service,
    ingress,
    stableRef,
    canaryRef: { ...stableRef, name: `${name}-canary` },
    canaryServiceRef: service
      ? {
          apiVersion: 'v1',
          kind: 'Service',
          name: `${service.metadata.name}-canary`,
          namespace: ns,
        }
      : undefined,
    canaryIngressRef: ingress
      ? {
          apiVersion: ingress.apiVersion,
          kind: 'Ingress',
          name: `${ingress.metadata.name}-canary`,
          namespace: ns,
        }
      : undefined,
  };
}

function canaryDeployment(s: Setup, template: KubeObject, replicas: number): KubeObject {
  const selectorKeys = Object.keys(s.service?.spec?.selector ?? {});
  const copy = derivedDeployment(
    template,
    s.canaryRef.name,
    { [TRACK_LABEL]: 'canary', [CANARY_OF]: s.name },
    { [`${LABEL_PREFIX}/canary-of`]: s.name },
    // With an Ingress, the stable Service must not see the canary pods.
    s.ingress ? selectorKeys : [],
  );
  copy.spec.replicas = replicas;
  return copy;
}

function canaryIngress(s: Setup, weight: number): KubeObject {
  const ingress = clone(s.ingress!);
  const from = s.service!.metadata.name;
  const to = s.canaryServiceRef!.name;
  const swap = (backend: { service?: { name?: string } } | undefined) => {
    if (backend?.service?.name === from) backend.service.name = to;
  };
  swap(ingress.spec?.defaultBackend);
  for (const rule of ingress.spec?.rules ?? []) {
    for (const path of rule.http?.paths ?? []) swap(path.backend);
  }
  return {
    apiVersion: ingress.apiVersion,
    kind: 'Ingress',
    metadata: {
      name: s.canaryIngressRef!.name,
      namespace: s.namespace,
      labels: ingress.metadata.labels ?? {},
      annotations: {
        ...(ingress.metadata.annotations ?? {}),
        [NGINX_CANARY]: 'true',
        [NGINX_WEIGHT]: String(weight),
      },
    },
    spec: { ...ingress.spec, tls: undefined },
  };
}

/** Removes the canary Deployment, Service and Ingress. */
async function removeCanary(ctx: RolloutContext, s: Setup): Promise<string[]> {
  const removed: string[] = [];
  for (const ref of [s.canaryIngressRef, s.canaryServiceRef, s.canaryRef]) {
    if (!ref) continue;
    if (await ctx.kube.get(ref)) {
      await ctx.kube.delete(ref);
      removed.push(`${ref.kind}/${ref.name}`);
      ctx.log(`removed ${ref.kind}/${ref.name}`);
    }
  }
  return removed;
}

async function report(
  ctx: RolloutContext,
  s: Setup,
  outcome: {
    status: RolloutStatus;
    headline: string;
    weight?: number;
    error?: string;
    failedReason?: string;
    notes?: string[];
    previousImage?: string;
    previousRevision?: string;
    diagnostics?: K8sRolloutResult['diagnostics'];
  },
): Promise<K8sRolloutResult> {
  const resources: ResourceReport[] = [];
  const stable = await ctx.kube.get(s.stableRef);
  const canary = await ctx.kube.get(s.canaryRef);
  for (const [live, state] of [
    [stable, 'stable'],
    [canary, 'canary'],
  ] as const) {
    if (!live) continue;
    resources.push({
      kind: 'Deployment',
      name: live.metadata.name,
      namespace: s.namespace,
      revision: revisionOf(live)?.toString(),
      image: firstImage(live),
      state: `${state} (${live.spec?.replicas ?? 1} replicas)`,
    });
  }
  return {
    status: outcome.status,
    revision: revisionOf(stable)?.toString() ?? '',
    previousRevision: outcome.previousRevision ?? '',
    previousImage: outcome.previousImage ?? '',
    failedReason: outcome.failedReason ?? '',
    resources,
    canaryWeight: outcome.weight,
    error: outcome.error,
    diagnostics: outcome.diagnostics,
    summary: renderSummary({
      status: outcome.status,
      namespace: s.namespace,
      headline: outcome.headline,
      resources,
      error: outcome.error,
      diagnostics: outcome.diagnostics,
      notes: [
        ...(outcome.weight !== undefined ? [`canary weight: ${outcome.weight}%`] : []),
        ...(outcome.notes ?? []),
      ],
    }),
  };
}

export async function canary(ctx: RolloutContext): Promise<K8sRolloutResult> {
  const s = await setup(ctx);
  switch (ctx.config.action) {
    case 'deploy':
      return deploy(ctx, s);
    case 'promote':
      return promote(ctx, s);
    case 'abort':
    case 'rollback': {
      const removed = await removeCanary(ctx, s);
      return report(ctx, s, {
        status: 'aborted',
        headline:
          removed.length > 0
            ? `Canary aborted: removed ${removed.join(', ')}; the stable version takes all traffic.`
            : 'No canary to abort; the stable version takes all traffic.',
        weight: 0,
      });
    }
    case 'status': {
      const stable = await ctx.kube.get(s.stableRef);
      const live = await ctx.kube.get(s.canaryRef);
      const weight = live
        ? replicaWeight(stable?.spec?.replicas ?? 0, live.spec?.replicas ?? 0)
        : 0;
      return report(ctx, s, {
        status: live ? 'paused' : 'succeeded',
        headline: live ? `A canary is running (${weight}% of the pods).` : 'No canary is running.',
        weight,
      });
    }
    default:
      throw new UserError(
        `strategy canary has no action '${ctx.config.action}'; use deploy, promote, abort or status`,
      );
  }
}

async function abortWith(
  ctx: RolloutContext,
  s: Setup,
  weight: number,
  reason: string,
  error: string,
  extra: {
    diagnostics?: K8sRolloutResult['diagnostics'];
    notes?: string[];
    previousImage?: string;
  },
) {
  const removed = await removeCanary(ctx, s);
  return report(ctx, s, {
    status: 'aborted',
    headline: `Canary aborted at ${weight}% (${reason}); the stable version is untouched and takes all traffic again.`,
    error: `${error}\ncanary aborted: removed ${removed.join(', ') || 'nothing'}; stable untouched`,
    failedReason: reason,
    weight: 0,
    ...extra,
  });
}

async function deploy(ctx: RolloutContext, s: Setup): Promise<K8sRolloutResult> {
  if (!s.template)
    throw new UserError('strategy canary, action deploy: the manifests need the Deployment');
  const stable = await ctx.kube.get(s.stableRef);
  const rest = ctx.manifests.filter((manifest) => manifest.object !== s.template);
  if (!stable) {
    // Nothing to compare against: the first version goes straight in.
    await applyManifests(ctx.kube, ctx.manifests, {
      fieldManager: ctx.config.fieldManager,
      force: ctx.config.forceConflicts,
      log: ctx.log,
    });
    const watch = await watchRollout(ctx.kube, s.stableRef, {
      deadline: ctx.deadline,
      maxRestarts: ctx.config.maxRestarts,
      log: ctx.log,
      clock: ctx.clock,
    });
    if (watch.outcome !== 'complete') {
      const failure = watch.failure ?? {
        reason: 'Timeout',
        message: watch.lastLine,
        resource: `Deployment/${s.name}`,
      };
      return report(ctx, s, {
        status: 'failed',
        headline: `The first version of ${s.name} did not become ready (${failure.reason}).`,
        error: failureHeadline(`Deployment/${s.name}`, failure),
        failedReason: failure.reason,
      });
    }
    return report(ctx, s, {
      status: 'succeeded',
      headline: `First deploy of ${s.name}: no stable version to compare with, deployed directly.`,
      weight: 100,
    });
  }
  const previousImage = firstImage(stable) ?? '';
  const previousRevision = revisionOf(stable)?.toString() ?? '';
  await applyManifests(ctx.kube, rest, {
    fieldManager: ctx.config.fieldManager,
    force: ctx.config.forceConflicts,
    log: ctx.log,
  });
  const stableReplicas: number = stable.spec?.replicas ?? 1;
  const steps = ctx.config.canary.steps;
  const byIngress = Boolean(s.ingress);
  let weight = 0;
  for (const [index, step] of steps.entries()) {
    if (step >= 100) return promoteWith(ctx, s, s.template, { previousImage, previousRevision });
    const replicas = canaryReplicas(stableReplicas, step, byIngress);
    weight = byIngress ? step : replicaWeight(stableReplicas, replicas);
    ctx.log(
      `canary step ${index + 1}/${steps.length}: ${step}% → ${replicas} canary pod(s) next to ${stableReplicas} stable${byIngress ? `, ingress weight ${step}` : ` (${weight}% of the pods)`}`,
    );
    await ctx.kube.apply(canaryDeployment(s, s.template, replicas), {
      fieldManager: ctx.config.fieldManager,
      force: ctx.config.forceConflicts,
    });
    if (s.service) {
      const selector = s.ingress
        ? { [TRACK_LABEL]: 'canary', [CANARY_OF]: s.name }
        : { ...(s.service.spec?.selector ?? {}), [TRACK_LABEL]: 'canary' };
      await ctx.kube.apply(
        derivedService(s.service, s.canaryServiceRef!.name, selector, {
          [`${LABEL_PREFIX}/canary-of`]: s.service.metadata.name,
        }),
        {
          fieldManager: ctx.config.fieldManager,
          force: ctx.config.forceConflicts,
        },
      );
    }
    const watch = await watchRollout(ctx.kube, s.canaryRef, {
      deadline: ctx.deadline,
      maxRestarts: ctx.config.maxRestarts,
      log: ctx.log,
      clock: ctx.clock,
    });
    if (watch.outcome !== 'complete') {
      const failure = watch.failure ?? {
        reason: 'Timeout',
        message: `not ready (${watch.lastLine})`,
        resource: `Deployment/${s.canaryRef.name}`,
      };
      const diagnostics = await collectDiagnostics(
        ctx.kube,
        s.namespace,
        { kind: 'Deployment', name: s.canaryRef.name },
        failure,
        {
          logLines: ctx.config.logLines,
          secrets: ctx.secrets,
        },
      ).catch(() => undefined);
      return abortWith(
        ctx,
        s,
        weight,
        failure.reason,
        failureHeadline(`Deployment/${s.canaryRef.name}`, failure),
        { diagnostics, previousImage },
      );
    }
    if (s.ingress) {
      await ctx.kube.apply(canaryIngress(s, step), {
        fieldManager: ctx.config.fieldManager,
        force: ctx.config.forceConflicts,
      });
    }
    const pause = Math.min(
      ctx.config.canary.stepPauseMs,
      Math.max(0, ctx.deadline - ctx.clock.now()),
    );
    if (pause > 0) {
      ctx.log(`canary at ${weight}%: pausing ${Math.round(pause / 1000)}s`);
      await ctx.clock.sleep(pause);
    }
    if (ctx.config.checks || ctx.config.checkPaths.length > 0) {
      const url = s.canaryServiceRef ? await serviceUrl(ctx.kube, ctx, s.canaryServiceRef) : '';
      const failures = url
        ? await ctx.checks(url, `canary checks at ${weight}%`)
        : ['no Service to check the canary through'];
      if (failures.length > 0) {
        return abortWith(
          ctx,
          s,
          weight,
          'CheckFailed',
          `Deployment/${s.canaryRef.name}: CheckFailed: ${failures[0]}`,
          { notes: failures, previousImage },
        );
      }
      ctx.log(`canary at ${weight}%: checks passed`);
    }
  }
  return report(ctx, s, {
    status: 'paused',
    headline: `Canary holds at ${weight}% (last step ${steps[steps.length - 1]}%); promote with action: promote, or abort with action: abort.`,
    weight,
    previousImage,
    previousRevision,
  });
}

async function promoteWith(
  ctx: RolloutContext,
  s: Setup,
  template: KubeObject | undefined,
  outputs: { previousImage?: string; previousRevision?: string },
): Promise<K8sRolloutResult> {
  const stable = await ctx.kube.get(s.stableRef);
  if (!stable)
    throw new UserError(`cannot promote: the stable Deployment/${s.name} does not exist`);
  if (template) {
    await ctx.kube.apply(template, {
      fieldManager: ctx.config.fieldManager,
      force: ctx.config.forceConflicts,
    });
  } else {
    const canaryLive = await ctx.kube.get(s.canaryRef);
    const next = clone(canaryLive!.spec.template);
    next.metadata = {
      ...(next.metadata ?? {}),
      labels: { ...(stable.spec?.template?.metadata?.labels ?? {}) },
    };
    await ctx.kube.mergePatch(
      s.stableRef,
      { spec: { template: createMergePatch(stable.spec?.template ?? {}, next) } },
      ctx.config.fieldManager,
    );
  }
  ctx.log(`promoting: Deployment/${s.name} gets the canary's template`);
  const watch = await watchRollout(ctx.kube, s.stableRef, {
    deadline: ctx.deadline,
    maxRestarts: ctx.config.maxRestarts,
    log: ctx.log,
    clock: ctx.clock,
  });
  if (watch.outcome !== 'complete') {
    const failure = watch.failure ?? {
      reason: 'Timeout',
      message: watch.lastLine,
      resource: `Deployment/${s.name}`,
    };
    return report(ctx, s, {
      status: 'failed',
      headline: `Promotion of ${s.name} did not complete (${failure.reason}); the canary is kept.`,
      error: failureHeadline(`Deployment/${s.name}`, failure),
      failedReason: failure.reason,
      ...outputs,
    });
  }
  const removed = await removeCanary(ctx, s);
  return report(ctx, s, {
    status: 'succeeded',
    headline: `Promoted: Deployment/${s.name} runs ${firstImage(watch.workload)}; removed ${removed.join(', ') || 'no canary objects'}.`,
    weight: 100,
    ...outputs,
  });
}

async function promote(ctx: RolloutContext, s: Setup): Promise<K8sRolloutResult> {
  const canaryLive = await ctx.kube.get(s.canaryRef);
  if (!canaryLive) {
    throw new UserError(
      `nothing to promote: there is no canary (Deployment/${s.canaryRef.name} does not exist in namespace ${s.namespace})`,
    );
  }
  const stable = await ctx.kube.get(s.stableRef);
  const template = s.template ? clone(s.template) : undefined;
  if (template) {
    // Promote what the canary runs, even when the manifests were re-read with other images.
    template.spec.template.spec = clone(canaryLive.spec.template.spec);
  }
  return promoteWith(ctx, s, template, {
    previousImage: firstImage(stable),
    previousRevision: revisionOf(stable)?.toString(),
  });
}
