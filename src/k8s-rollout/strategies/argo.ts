/**
 * Argo Rollouts: apply the manifests (image substituted), then follow the Rollout's status
 * (Progressing / Paused / Healthy / Degraded, step index, message) with one line per change,
 * failing fast on fatal Pod states of the new ReplicaSet. `promote` and `abort` patch the Rollout
 * as the Argo kubectl plugin does (status subresource first, the object itself when the CRD has
 * no status subresource).
 */
import { UserError, errorMessage } from '../../shared/errors.js';
import { applyManifests } from '../apply.js';
import { argoProgress, type ArgoProgress } from '../argo-status.js';
import { collectDiagnostics } from '../diagnostics.js';
import { detectFailure, failureHeadline, type Failure } from '../failure-detector.js';
import { statusCodeOf, type KubeObject, type ObjectRef } from '../kube-client.js';
import { firstImage } from '../rollback.js';
import type { K8sRolloutResult, RolloutContext, RolloutStatus } from '../rollout-context.js';
import { selectorString } from '../rollout-status.js';
import { ResourceStream } from '../resource-stream.js';
import { renderSummary, type ResourceReport } from '../summary.js';
import { parseWorkload } from './rolling.js';

const REVISION = 'rollout.argoproj.io/revision';
const POD_HASH = 'rollouts-pod-template-hash';

function rolloutRefs(ctx: RolloutContext): ObjectRef[] {
  const fromManifests = ctx.manifests
    .map((manifest) => manifest.object)
    .filter((object) => object.kind === 'Rollout' && object.apiVersion.startsWith('argoproj.io/'))
    .map((object) => ({
      apiVersion: object.apiVersion,
      kind: 'Rollout',
      name: object.metadata.name,
      namespace: object.metadata.namespace ?? ctx.config.namespace,
    }));
  if (fromManifests.length > 0) return fromManifests;
  return [parseWorkload(ctx.config.workload, ctx.config.namespace)];
}

interface Followed {
  outcome: 'healthy' | 'paused' | 'progressing' | 'degraded' | 'failed' | 'timeout';
  progress?: ArgoProgress;
  rollout?: KubeObject;
  failure?: Failure;
}

/** Follows a Rollout until it is Healthy, Paused, Degraded, a Pod is fatal, or the deadline. */
export async function followRollout(
  ctx: RolloutContext,
  ref: ObjectRef,
  options: { untilDegraded?: boolean } = {},
): Promise<Followed> {
  const initial = await ctx.kube.get(ref);
  if (!initial)
    throw new UserError(`Rollout/${ref.name} does not exist in namespace ${ref.namespace}`);
  const namespace = ref.namespace ?? ctx.config.namespace;
  let done = false;
  let settle: (value: Followed) => void = () => undefined;
  const finished = new Promise<Followed>((resolve) => (settle = resolve));
  let lastLine = '';
  const finish = (value: Followed) => {
    if (done) return;
    done = true;
    settle(value);
  };
  const evaluate = () => {
    if (done) return;
    const fatal = [rollouts, pods].find((stream) => stream.fatal)?.fatal;
    if (fatal) {
      finish({
        outcome: 'failed',
        failure: {
          reason: 'WatchFailed',
          message: errorMessage(fatal),
          resource: `Rollout/${ref.name}`,
        },
      });
      return;
    }
    const rollout = rollouts.objects.get(ref.name);
    if (!rollout) return;
    const progress = argoProgress(rollout);
    if (progress.line !== lastLine) {
      lastLine = progress.line;
      ctx.log(progress.line);
    }
    if (progress.phase === 'Degraded') {
      finish({ outcome: 'degraded', progress, rollout });
      return;
    }
    if (options.untilDegraded) return;
    const hash = rollout.status?.currentPodHash;
    const current = hash
      ? pods.list().filter((pod) => pod.metadata.labels?.[POD_HASH] === hash)
      : [];
    const failure = detectFailure(current, { maxRestarts: ctx.config.maxRestarts });
    if (failure) {
      finish({ outcome: 'failed', failure, progress, rollout });
      return;
    }
    if (!progress.observed) return;
    if (progress.phase === 'Healthy') finish({ outcome: 'healthy', progress, rollout });
    else if (progress.awaitingPromotion) finish({ outcome: 'paused', progress, rollout });
  };
  const rollouts = new ResourceStream(
    ctx.kube,
    {
      apiVersion: ref.apiVersion,
      kind: 'Rollout',
      namespace,
      fieldSelector: `metadata.name=${ref.name}`,
    },
    evaluate,
    ctx.log,
    ctx.clock,
  );
  const pods = new ResourceStream(
    ctx.kube,
    {
      apiVersion: 'v1',
      kind: 'Pod',
      namespace,
      labelSelector: selectorString(initial.spec?.selector),
    },
    evaluate,
    ctx.log,
    ctx.clock,
  );
  const wake = new AbortController();
  const ticker = (async () => {
    while (!done) {
      if (ctx.clock.now() >= ctx.deadline) {
        const rollout = rollouts.objects.get(ref.name);
        finish({
          outcome: 'timeout',
          rollout,
          progress: rollout ? argoProgress(rollout) : undefined,
        });
        return;
      }
      await ctx.clock.sleep(
        Math.min(500, Math.max(1, ctx.deadline - ctx.clock.now())),
        wake.signal,
      );
      evaluate();
    }
  })();
  try {
    await pods.start();
    await rollouts.start();
    evaluate();
    return await finished;
  } finally {
    done = true;
    wake.abort();
    rollouts.stop();
    pods.stop();
    await ticker.catch(() => undefined);
  }
}

/** A merge patch of the Rollout's status subresource, or of the Rollout when it has none. */
async function patchStatus(
  ctx: RolloutContext,
  ref: ObjectRef,
  statusPatch: object,
  unified: object,
) {
  try {
    await ctx.kube.mergePatch(ref, statusPatch, ctx.config.fieldManager, 'status');
  } catch (error) {
    if (statusCodeOf(error) !== 404) throw error;
    await ctx.kube.mergePatch(ref, unified, ctx.config.fieldManager);
  }
}

/** `kubectl argo rollouts promote`: unpause and clear pause conditions (or move one step on). */
export async function promoteRollout(ctx: RolloutContext, rollout: KubeObject): Promise<void> {
  const ref = {
    apiVersion: rollout.apiVersion,
    kind: 'Rollout',
    name: rollout.metadata.name,
    namespace: rollout.metadata.namespace,
  };
  const paused = Boolean(rollout.spec?.paused);
  const conditions = (rollout.status?.pauseConditions ?? []).length > 0;
  const steps = (rollout.spec?.strategy?.canary?.steps ?? []).length;
  if (conditions) {
    await patchStatus(
      ctx,
      ref,
      { status: { pauseConditions: null } },
      { spec: { paused: false }, status: { pauseConditions: null } },
    );
  } else if (rollout.spec?.strategy?.canary && steps > 0) {
    const index = Math.min((rollout.status?.currentStepIndex ?? 0) + 1, steps);
    await patchStatus(
      ctx,
      ref,
      { status: { pauseConditions: null, currentStepIndex: index } },
      { spec: { paused: false }, status: { pauseConditions: null, currentStepIndex: index } },
    );
  }
  if (paused) await ctx.kube.mergePatch(ref, { spec: { paused: false } }, ctx.config.fieldManager);
}

/** `kubectl argo rollouts abort`. */
export async function abortRollout(ctx: RolloutContext, ref: ObjectRef): Promise<void> {
  await patchStatus(ctx, ref, { status: { abort: true } }, { status: { abort: true } });
}

function resourcesOf(
  ref: ObjectRef,
  rollout: KubeObject | undefined,
  state: string,
): ResourceReport[] {
  return [
    {
      kind: 'Rollout',
      name: ref.name,
      namespace: ref.namespace,
      revision: rollout?.metadata.annotations?.[REVISION],
      image: firstImage(rollout),
      state,
    },
  ];
}

async function conclude(
  ctx: RolloutContext,
  ref: ObjectRef,
  followed: Followed,
  before: KubeObject | undefined,
  verb: string,
): Promise<K8sRolloutResult> {
  const rollout = followed.rollout ?? (await ctx.kube.get(ref));
  const progress = followed.progress ?? (rollout ? argoProgress(rollout) : undefined);
  let status: RolloutStatus;
  let error: string | undefined;
  let failedReason = '';
  let headline: string;
  let diagnostics: K8sRolloutResult['diagnostics'];
  const notes: string[] = [];
  switch (followed.outcome) {
    case 'healthy':
      status = 'succeeded';
      headline = `Rollout/${ref.name} is Healthy${verb ? ` after ${verb}` : ''}.`;
      break;
    case 'paused':
      status = 'paused';
      headline = `Rollout/${ref.name} is Paused${progress?.step !== undefined && progress.steps ? ` at step ${progress.step}/${progress.steps}` : ''} (${progress?.message || 'paused'}); continue with action: promote, or abort with action: abort.`;
      break;
    case 'progressing':
      status = 'progressing';
      headline = `Rollout/${ref.name} is Progressing (${progress?.line ?? ''}).`;
      break;
    case 'degraded':
      status = 'failed';
      failedReason = 'Degraded';
      error = `Rollout/${ref.name}: Degraded: ${progress?.message || 'the rollout is degraded'}`;
      headline = `Rollout/${ref.name} is Degraded.`;
      break;
    default: {
      const failure = followed.failure ?? {
        reason: 'Timeout',
        message: `not Healthy after ${Math.round(ctx.config.timeoutMs / 1000)}s (${progress?.line ?? 'no status'})`,
        resource: `Rollout/${ref.name}`,
      };
      failedReason = failure.reason;
      error = failureHeadline(`Rollout/${ref.name}`, failure);
      diagnostics = await collectDiagnostics(
        ctx.kube,
        ref.namespace ?? ctx.config.namespace,
        { kind: 'Rollout', name: ref.name },
        failure,
        {
          logLines: ctx.config.logLines,
          secrets: ctx.secrets,
        },
      ).catch(() => undefined);
      status = 'failed';
      headline = `Rollout/${ref.name} failed (${failure.reason}).`;
      if (ctx.config.rollbackOnFailure && verb !== 'abort') {
        try {
          await abortRollout(ctx, ref);
          status = 'rolled-back';
          error +=
            '\naborted the Rollout: the Argo Rollouts controller moves traffic back to the stable ReplicaSet';
          headline = `Rollout/${ref.name} failed (${failure.reason}) and was aborted back to its stable version.`;
        } catch (abortError) {
          notes.push(`could not abort the Rollout: ${errorMessage(abortError)}`);
        }
      }
    }
  }
  if (verb === 'abort' && followed.outcome === 'degraded') {
    status = 'aborted';
    error = undefined;
    failedReason = '';
    headline = `Rollout/${ref.name} aborted: the stable version takes the traffic again (${progress?.message ?? ''}).`;
  }
  const resources = resourcesOf(ref, rollout, progress?.phase ?? status);
  return {
    status,
    revision: rollout?.metadata.annotations?.[REVISION] ?? '',
    previousRevision: before?.metadata.annotations?.[REVISION] ?? '',
    previousImage: firstImage(before) ?? '',
    failedReason,
    resources,
    canaryWeight: progress?.phase === 'Healthy' ? 100 : progress?.weight,
    error,
    diagnostics,
    summary: renderSummary({
      status,
      namespace: ref.namespace ?? ctx.config.namespace,
      headline,
      resources,
      error,
      diagnostics,
      notes,
    }),
  };
}

export async function argoRollout(ctx: RolloutContext): Promise<K8sRolloutResult> {
  const refs = rolloutRefs(ctx);
  if (refs.length > 1) {
    throw new UserError(
      `one Argo Rollout per run: the manifests have ${refs.map((ref) => ref.name).join(', ')}`,
    );
  }
  const ref = refs[0];
  const before = await ctx.kube.get(ref);
  switch (ctx.config.action) {
    case 'deploy': {
      await applyManifests(ctx.kube, ctx.manifests, {
        fieldManager: ctx.config.fieldManager,
        force: ctx.config.forceConflicts,
        log: ctx.log,
      });
      return conclude(ctx, ref, await followRollout(ctx, ref), before, '');
    }
    case 'promote': {
      if (!before)
        throw new UserError(
          `nothing to promote: Rollout/${ref.name} does not exist in namespace ${ref.namespace}`,
        );
      const progress = argoProgress(before);
      if (progress.phase !== 'Paused') {
        throw new UserError(
          `nothing to promote: Rollout/${ref.name} is ${progress.phase}, not Paused (${progress.line})`,
        );
      }
      await promoteRollout(ctx, before);
      ctx.log(`rollout '${ref.name}' promoted`);
      return conclude(ctx, ref, await followRollout(ctx, ref), before, 'promote');
    }
    case 'abort':
    case 'rollback': {
      if (!before)
        throw new UserError(
          `nothing to abort: Rollout/${ref.name} does not exist in namespace ${ref.namespace}`,
        );
      await abortRollout(ctx, ref);
      ctx.log(`rollout '${ref.name}' aborted`);
      return conclude(
        ctx,
        ref,
        await followRollout(ctx, ref, { untilDegraded: true }),
        before,
        'abort',
      );
    }
    case 'status': {
      if (!before)
        throw new UserError(`Rollout/${ref.name} does not exist in namespace ${ref.namespace}`);
      const progress = argoProgress(before);
      ctx.log(progress.line);
      const outcome = progress.phase.toLowerCase() as Followed['outcome'];
      return conclude(ctx, ref, { outcome, progress, rollout: before }, before, 'status');
    }
    default:
      throw new UserError(
        `an Argo Rollout has no action '${ctx.config.action}'; use deploy, promote, abort or status`,
      );
  }
}
