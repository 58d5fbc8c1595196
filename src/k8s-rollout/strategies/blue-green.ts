/**
 * Blue-green: two colour Deployments (`<name>-blue`, `<name>-green`, label oasis.dev/color on
 * their Pods) behind the user's Service. A deploy goes to the idle colour, waits for it (failing
 * fast like the rolling strategy), runs the pre-switch checks against the preview Service
 * (`<service>-preview`, selecting the idle colour), then switches the user's Service selector in
 * one apply. The previous colour keeps running for `keep-previous` as the instant rollback, then
 * is scaled to zero (within the step when that fits in the timeout, else by a later run).
 */
import { UserError, errorMessage } from '../../shared/errors.js';
import { applyManifests } from '../apply.js';
import { collectDiagnostics } from '../diagnostics.js';
import { failureHeadline } from '../failure-detector.js';
import type { KubeObject, ObjectRef } from '../kube-client.js';
import { firstImage } from '../rollback.js';
import type { K8sRolloutResult, RolloutContext, RolloutStatus } from '../rollout-context.js';
import { revisionOf } from '../rollout-status.js';
import { watchRollout } from '../rollout-watcher.js';
import { renderSummary, type ResourceReport } from '../summary.js';
import { parseWorkload } from './rolling.js';
import {
  LABEL_PREFIX,
  derivedDeployment,
  derivedService,
  scaleDeployment,
  serviceUrl,
  templateDeployment,
} from './workload-copies.js';

export const COLOR_LABEL = `${LABEL_PREFIX}/color`;
const ACTIVE = `${LABEL_PREFIX}/active-color`;
const PREVIOUS = `${LABEL_PREFIX}/previous-color`;
const SCALE_DOWN_AT = `${LABEL_PREFIX}/scale-down-at`;
const REPLICAS = `${LABEL_PREFIX}/replicas`;

export type Color = 'blue' | 'green';
const other = (color: Color): Color => (color === 'blue' ? 'green' : 'blue');

interface Setup {
  namespace: string;
  /** Base name of the colour Deployments. */
  name: string;
  template?: KubeObject;
  /** The user's Service as in the manifests (undefined for promote/rollback without manifests). */
  service?: KubeObject;
  serviceRef: ObjectRef;
  previewRef: ObjectRef;
  colorRef: (color: Color) => ObjectRef;
}

function setup(ctx: RolloutContext): Setup {
  const namespace = ctx.config.namespace;
  const template = templateDeployment(ctx, 'blue-green');
  let name = template?.metadata.name;
  if (!name && ctx.config.workload) name = parseWorkload(ctx.config.workload, namespace).name;
  if (!name) {
    throw new UserError(
      "strategy blue-green needs a Deployment: put one in 'manifests' (it is the template of both colours) or name it in 'workload'",
    );
  }
  const services = ctx.manifests.filter((manifest) => manifest.object.kind === 'Service');
  let service = services.find(
    (manifest) => manifest.object.metadata.name === ctx.config.service,
  )?.object;
  if (!service && !ctx.config.service) {
    if (services.length > 1) {
      throw new UserError(
        `strategy blue-green: the manifests have ${services.length} Services (${services
          .map((manifest) => manifest.object.metadata.name)
          .join(', ')}); set 'service' to the one whose traffic is switched`,
      );
    }
    service = services[0]?.object;
  }
  const serviceName = service?.metadata.name ?? ctx.config.service;
  if (!serviceName) {
    throw new UserError(
      "strategy blue-green needs a Service to switch: add one to the manifests (selecting the Deployment's Pods) or set 'service'",
    );
  }
  const ns = template?.metadata.namespace ?? namespace;
  const svcRef = {
    apiVersion: 'v1',
    kind: 'Service',
    name: serviceName,
    namespace: service?.metadata.namespace ?? ns,
  };
  return {
    namespace: ns,
    name,
    template,
    service,
    serviceRef: svcRef,
    previewRef: { ...svcRef, name: `${serviceName}-preview` },
    colorRef: (color) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: `${name}-${color}`,
      namespace: ns,
    }),
  };
}

function activeColorOf(service: KubeObject | undefined): Color | undefined {
  const color = service?.spec?.selector?.[COLOR_LABEL];
  return color === 'blue' || color === 'green' ? color : undefined;
}

/** The user's Service with its selector pointing at `color`, as one apply. */
function serviceFor(
  s: Setup,
  live: KubeObject | undefined,
  color: Color,
  previous?: Color,
): KubeObject {
  const base = s.service ?? live;
  if (!base)
    throw new UserError(`Service/${s.serviceRef.name} does not exist in namespace ${s.namespace}`);
  const selector = { ...(base.spec?.selector ?? {}) };
  const object = derivedService(
    base,
    s.serviceRef.name,
    { ...selector, [COLOR_LABEL]: color },
    {
      ...(s.service?.metadata.annotations ?? {}),
      [ACTIVE]: color,
      ...(previous ? { [PREVIOUS]: previous } : {}),
    },
  );
  // Keep what the user wrote (type, clusterIP…) for the user's own Service.
  object.spec = { ...(base.spec ?? {}), selector: object.spec.selector };
  if (!s.service && live) {
    delete object.spec.clusterIP;
    delete object.spec.clusterIPs;
  }
  return object;
}

interface Outcome {
  status: RolloutStatus;
  headline: string;
  error?: string;
  failedReason?: string;
  active?: Color;
  previous?: Color;
  previewUrl?: string;
  notes: string[];
  diagnostics?: K8sRolloutResult['diagnostics'];
  previousImage?: string;
}

async function result(ctx: RolloutContext, s: Setup, outcome: Outcome): Promise<K8sRolloutResult> {
  const resources: ResourceReport[] = [];
  let revision = '';
  for (const color of ['blue', 'green'] as Color[]) {
    const live = await ctx.kube.get(s.colorRef(color));
    if (!live) continue;
    const state =
      color === outcome.active
        ? 'active'
        : live.spec?.replicas === 0
          ? 'scaled to zero'
          : color === outcome.previous
            ? 'previous (kept)'
            : 'idle';
    resources.push({
      kind: 'Deployment',
      name: live.metadata.name,
      namespace: s.namespace,
      revision: revisionOf(live)?.toString(),
      image: firstImage(live),
      state,
    });
    if (color === outcome.active) revision = revisionOf(live)?.toString() ?? '';
  }
  return {
    status: outcome.status,
    revision,
    previousRevision: '',
    previousImage: outcome.previousImage ?? '',
    failedReason: outcome.failedReason ?? '',
    resources,
    activeColor: outcome.active ?? '',
    previousColor: outcome.previous ?? '',
    previewUrl: outcome.previewUrl ?? '',
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
        ...(outcome.active ? [`Service/${s.serviceRef.name} → **${outcome.active}**`] : []),
        ...(outcome.previewUrl ? [`preview: ${outcome.previewUrl}`] : []),
        ...outcome.notes,
      ],
    }),
  };
}

/** Scales down colours whose keep-previous time has passed (left by an earlier run). */
async function scaleDownExpired(ctx: RolloutContext, s: Setup, active: Color | undefined) {
  for (const color of ['blue', 'green'] as Color[]) {
    if (color === active) continue;
    const live = await ctx.kube.get(s.colorRef(color));
    const at = live?.metadata.annotations?.[SCALE_DOWN_AT];
    if (live && at && Date.parse(at) <= Date.now() && (live.spec?.replicas ?? 1) > 0) {
      ctx.log(`${live.metadata.name}: kept until ${at}, scaling down`);
      await scaleDeployment(ctx, s.colorRef(color), 0);
    }
  }
}

/** After a switch: keep the previous colour for keep-previous, then scale it down. */
async function keepPrevious(ctx: RolloutContext, s: Setup, previous: Color, notes: string[]) {
  const ref = s.colorRef(previous);
  const keepMs = ctx.config.blueGreen.keepPreviousMs;
  const until = new Date(Date.now() + keepMs).toISOString();
  await ctx.kube.mergePatch(
    ref,
    { metadata: { annotations: { [SCALE_DOWN_AT]: until } } },
    ctx.config.fieldManager,
  );
  if (keepMs <= 0) {
    await scaleDeployment(ctx, ref, 0);
    notes.push(`${ref.name} scaled to zero right after the switch (keep-previous 0)`);
  } else if (ctx.clock.now() + keepMs <= ctx.deadline) {
    ctx.log(`${ref.name}: kept running for ${Math.round(keepMs / 1000)}s as the instant rollback`);
    await ctx.clock.sleep(keepMs);
    await scaleDeployment(ctx, ref, 0);
    notes.push(`${ref.name} was kept for ${Math.round(keepMs / 1000)}s, then scaled to zero`);
  } else {
    notes.push(
      `${ref.name} keeps running until ${until} as the instant rollback (action: rollback); a later deploy or cleanup scales it down after that`,
    );
  }
}

async function switchTraffic(ctx: RolloutContext, s: Setup, to: Color, from: Color | undefined) {
  const live = await ctx.kube.get(s.serviceRef);
  await ctx.kube.apply(serviceFor(s, live, to, from), {
    fieldManager: ctx.config.fieldManager,
    force: ctx.config.forceConflicts,
  });
  ctx.log(`traffic switched: Service/${s.serviceRef.name} ${from ?? '(none)'} → ${to}`);
}

async function applyPreview(ctx: RolloutContext, s: Setup, color: Color, base: KubeObject) {
  const selector = { ...(base.spec?.selector ?? {}), [COLOR_LABEL]: color };
  await ctx.kube.apply(
    derivedService(base, s.previewRef.name, selector, {
      [`${LABEL_PREFIX}/preview-of`]: s.serviceRef.name,
    }),
    {
      fieldManager: ctx.config.fieldManager,
      force: ctx.config.forceConflicts,
    },
  );
  return serviceUrl(ctx.kube, ctx, s.previewRef);
}

async function runChecks(ctx: RolloutContext, url: string, color: Color): Promise<string[]> {
  if (!ctx.config.checks && ctx.config.checkPaths.length === 0) return [];
  ctx.log(`pre-switch checks against ${color} (${url})`);
  return ctx.checks(url, `pre-switch checks on ${color}`);
}

export async function blueGreen(ctx: RolloutContext): Promise<K8sRolloutResult> {
  const s = setup(ctx);
  switch (ctx.config.action) {
    case 'deploy':
      return deploy(ctx, s);
    case 'promote':
      return promote(ctx, s);
    case 'rollback':
      return rollback(ctx, s);
    case 'cleanup':
      return cleanup(ctx, s);
    case 'status':
      return status(ctx, s);
    default:
      throw new UserError(
        `strategy blue-green has no action '${ctx.config.action}'; use deploy, promote, rollback, cleanup or status`,
      );
  }
}

async function deploy(ctx: RolloutContext, s: Setup): Promise<K8sRolloutResult> {
  if (!s.template || !s.service) {
    throw new UserError(
      'strategy blue-green, action deploy: the manifests need the Deployment and the Service',
    );
  }
  const liveService = await ctx.kube.get(s.serviceRef);
  const active = activeColorOf(liveService);
  const idle: Color = active ? other(active) : 'blue';
  await scaleDownExpired(ctx, s, active);
  const activeLive = active ? await ctx.kube.get(s.colorRef(active)) : undefined;
  const previousImage = firstImage(activeLive) ?? '';
  // Everything but the template Deployment and the Service goes in as it is.
  const rest = ctx.manifests.filter(
    (manifest) => manifest.object !== s.template && manifest.object !== s.service,
  );
  await applyManifests(ctx.kube, rest, {
    fieldManager: ctx.config.fieldManager,
    force: ctx.config.forceConflicts,
    log: ctx.log,
  });
  if (active) {
    // Re-apply the user's Service (it may have changed) without moving traffic.
    const previous = liveService?.metadata.annotations?.[PREVIOUS] as Color | undefined;
    await ctx.kube.apply(serviceFor(s, liveService, active, previous), {
      fieldManager: ctx.config.fieldManager,
      force: ctx.config.forceConflicts,
    });
  }
  const idleRef = s.colorRef(idle);
  const colored = derivedDeployment(
    s.template,
    idleRef.name,
    { [COLOR_LABEL]: idle },
    { [`${LABEL_PREFIX}/blue-green-of`]: s.name },
  );
  delete colored.metadata.annotations?.[SCALE_DOWN_AT];
  // A colour scaled to zero earlier comes back with the template's replicas.
  colored.spec.replicas ??= 1;
  await ctx.kube.apply(colored, {
    fieldManager: ctx.config.fieldManager,
    force: ctx.config.forceConflicts,
  });
  ctx.log(
    `deploying ${firstImage(colored)} to ${idle} (${idleRef.name}); traffic stays on ${active ?? 'nothing yet'}`,
  );
  const watch = await watchRollout(ctx.kube, idleRef, {
    deadline: ctx.deadline,
    maxRestarts: ctx.config.maxRestarts,
    log: ctx.log,
    clock: ctx.clock,
  });
  const previewUrl = await applyPreview(ctx, s, idle, s.service);
  if (watch.outcome !== 'complete') {
    const failure = watch.failure ?? {
      reason: 'Timeout',
      message: `not ready after ${Math.round(ctx.config.timeoutMs / 1000)}s (${watch.lastLine})`,
      resource: `Deployment/${idleRef.name}`,
    };
    const diagnostics = await collectDiagnostics(
      ctx.kube,
      s.namespace,
      { kind: 'Deployment', name: idleRef.name },
      failure,
      {
        logLines: ctx.config.logLines,
        secrets: ctx.secrets,
      },
    ).catch(() => undefined);
    await scaleDeployment(ctx, idleRef, 0);
    const headline = failureHeadline(`Deployment/${idleRef.name}`, failure);
    return result(ctx, s, {
      status: active ? 'rolled-back' : 'failed',
      headline: `The new version failed on ${idle} (${failure.reason}); traffic never left ${active ?? '(no active colour)'}.`,
      error: `${headline}\n${idle} scaled to zero; traffic stays on ${active ?? 'nothing (first deploy)'}`,
      failedReason: failure.reason,
      active,
      previewUrl,
      notes: [],
      diagnostics,
      previousImage,
    });
  }
  const failures = await runChecks(ctx, previewUrl, idle);
  if (failures.length > 0) {
    await scaleDeployment(ctx, idleRef, 0);
    return result(ctx, s, {
      status: active ? 'rolled-back' : 'failed',
      headline: `Pre-switch checks failed on ${idle}; traffic stays on ${active ?? '(no active colour)'}.`,
      error: `Deployment/${idleRef.name}: CheckFailed: ${failures[0]}${failures.length > 1 ? ` (and ${failures.length - 1} more)` : ''}\n${idle} scaled to zero; traffic stays on ${active ?? 'nothing (first deploy)'}`,
      failedReason: 'CheckFailed',
      active,
      previewUrl,
      notes: failures,
      previousImage,
    });
  }
  if (!ctx.config.blueGreen.autoPromote && active) {
    return result(ctx, s, {
      status: 'paused',
      headline: `${idle} is ready and its checks passed; traffic stays on ${active} until action: promote.`,
      active,
      previous: undefined,
      previewUrl,
      notes: [`preview the new version at ${previewUrl}`],
      previousImage,
    });
  }
  await switchTraffic(ctx, s, idle, active);
  const notes: string[] = [];
  if (active) await keepPrevious(ctx, s, active, notes);
  const plain = { apiVersion: 'apps/v1', kind: 'Deployment', name: s.name, namespace: s.namespace };
  if (await ctx.kube.get(plain)) {
    notes.push(
      `Deployment/${s.name} (from before blue-green) still runs but no longer gets traffic from Service/${s.serviceRef.name}; delete it once ${idle} serves well`,
    );
  }
  return result(ctx, s, {
    status: 'succeeded',
    headline: active
      ? `Switched Service/${s.serviceRef.name} from ${active} to ${idle} (${firstImage(colored)}).`
      : `First deploy: ${idle} (${firstImage(colored)}) serves Service/${s.serviceRef.name}.`,
    active: idle,
    previous: active,
    previewUrl,
    notes,
    previousImage,
  });
}

async function promote(ctx: RolloutContext, s: Setup): Promise<K8sRolloutResult> {
  const liveService = await ctx.kube.get(s.serviceRef);
  if (!liveService)
    throw new UserError(
      `cannot promote: Service/${s.serviceRef.name} does not exist in namespace ${s.namespace}`,
    );
  const active = activeColorOf(liveService);
  const idle: Color = active ? other(active) : 'blue';
  const idleLive = await ctx.kube.get(s.colorRef(idle));
  if (!idleLive || (idleLive.spec?.replicas ?? 1) === 0) {
    throw new UserError(
      `nothing to promote: ${s.colorRef(idle).name} ${idleLive ? 'is scaled to zero' : 'does not exist'}; Service/${s.serviceRef.name} already sends traffic to ${active ?? 'nothing'}. Deploy with auto-promote: false first`,
    );
  }
  const watch = await watchRollout(ctx.kube, s.colorRef(idle), {
    deadline: ctx.deadline,
    maxRestarts: ctx.config.maxRestarts,
    log: ctx.log,
    clock: ctx.clock,
  });
  if (watch.outcome !== 'complete') {
    const failure = watch.failure;
    throw new UserError(
      `cannot promote ${idle}: it is not ready (${failure ? failureHeadline(`Deployment/${s.colorRef(idle).name}`, failure) : watch.lastLine})`,
    );
  }
  const previewUrl = await serviceUrl(ctx.kube, ctx, s.previewRef, 0);
  const failures = await runChecks(ctx, previewUrl, idle);
  if (failures.length > 0) {
    return result(ctx, s, {
      status: 'failed',
      headline: `Pre-switch checks failed on ${idle}; traffic stays on ${active}.`,
      error: `Deployment/${s.colorRef(idle).name}: CheckFailed: ${failures[0]}`,
      failedReason: 'CheckFailed',
      active,
      previewUrl,
      notes: failures,
    });
  }
  s.service ??= liveService;
  await switchTraffic(ctx, { ...s, service: undefined }, idle, active);
  const notes: string[] = [];
  if (active) await keepPrevious(ctx, s, active, notes);
  return result(ctx, s, {
    status: 'succeeded',
    headline: `Promoted ${idle}: Service/${s.serviceRef.name} switched from ${active ?? 'nothing'} to ${idle}.`,
    active: idle,
    previous: active,
    previewUrl,
    notes,
    previousImage: firstImage(active ? await ctx.kube.get(s.colorRef(active)) : undefined),
  });
}

async function rollback(ctx: RolloutContext, s: Setup): Promise<K8sRolloutResult> {
  const liveService = await ctx.kube.get(s.serviceRef);
  const active = activeColorOf(liveService);
  if (!liveService || !active) {
    throw new UserError(
      `cannot roll back: Service/${s.serviceRef.name} is not switched by blue-green (no ${COLOR_LABEL} in its selector)`,
    );
  }
  const previous = other(active);
  const ref = s.colorRef(previous);
  const kept = await ctx.kube.get(ref);
  if (!kept) {
    throw new UserError(
      `cannot roll back to ${previous}: Deployment/${ref.name} is gone (removed by cleanup); deploy the previous image instead`,
    );
  }
  if ((kept.spec?.replicas ?? 1) === 0) {
    const replicas = Number(
      kept.metadata.annotations?.[REPLICAS] ?? s.template?.spec?.replicas ?? 1,
    );
    ctx.log(`${ref.name} was scaled to zero after keep-previous; scaling it back to ${replicas}`);
    await scaleDeployment(ctx, ref, replicas);
  }
  const watch = await watchRollout(ctx.kube, ref, {
    deadline: ctx.deadline,
    maxRestarts: ctx.config.maxRestarts,
    log: ctx.log,
    clock: ctx.clock,
  });
  if (watch.outcome !== 'complete') {
    throw new UserError(
      `cannot roll back to ${previous}: it does not become ready (${watch.failure ? failureHeadline(`Deployment/${ref.name}`, watch.failure) : watch.lastLine}); traffic stays on ${active}`,
    );
  }
  await switchTraffic(ctx, { ...s, service: undefined }, previous, active);
  const notes: string[] = [];
  try {
    await scaleDeployment(ctx, s.colorRef(active), 0);
    notes.push(`${s.colorRef(active).name} (the version rolled back from) scaled to zero`);
  } catch (error) {
    notes.push(`could not scale down ${s.colorRef(active).name}: ${errorMessage(error)}`);
  }
  return result(ctx, s, {
    status: 'rolled-back',
    headline: `Rolled back: Service/${s.serviceRef.name} switched from ${active} back to ${previous} (${firstImage(kept)}).`,
    active: previous,
    previous: active,
    notes,
    previousImage: firstImage(await ctx.kube.get(s.colorRef(active))),
  });
}

async function cleanup(ctx: RolloutContext, s: Setup): Promise<K8sRolloutResult> {
  const liveService = await ctx.kube.get(s.serviceRef);
  const active = activeColorOf(liveService);
  const notes: string[] = [];
  for (const color of ['blue', 'green'] as Color[]) {
    if (color === active) continue;
    const ref = s.colorRef(color);
    if (await ctx.kube.get(ref)) {
      await ctx.kube.delete(ref);
      notes.push(`deleted Deployment/${ref.name}`);
      ctx.log(`deleted Deployment/${ref.name}`);
    }
  }
  if (await ctx.kube.get(s.previewRef)) {
    await ctx.kube.delete(s.previewRef);
    notes.push(`deleted Service/${s.previewRef.name}`);
  }
  return result(ctx, s, {
    status: 'succeeded',
    headline:
      notes.length > 0
        ? `Cleaned up; ${active ?? 'no colour'} stays active.`
        : `Nothing to clean up; ${active ?? 'no colour'} is active.`,
    active,
    notes,
  });
}

async function status(ctx: RolloutContext, s: Setup): Promise<K8sRolloutResult> {
  const liveService = await ctx.kube.get(s.serviceRef);
  const active = activeColorOf(liveService);
  const previous = liveService?.metadata.annotations?.[PREVIOUS] as Color | undefined;
  const previewUrl = (await ctx.kube.get(s.previewRef))
    ? await serviceUrl(ctx.kube, ctx, s.previewRef, 0)
    : '';
  return result(ctx, s, {
    status: active ? 'succeeded' : 'failed',
    headline: active
      ? `Service/${s.serviceRef.name} sends traffic to ${active}.`
      : `Service/${s.serviceRef.name} is not switched by blue-green.`,
    error: active ? undefined : `Service/${s.serviceRef.name}: no active colour`,
    failedReason: active ? '' : 'NotFound',
    active,
    previous,
    previewUrl,
    notes: [],
  });
}
