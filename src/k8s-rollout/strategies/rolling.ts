/**
 * The rolling strategy: apply, wait like `kubectl rollout status` while failing fast on fatal Pod
 * states, and on failure roll back to the previous revision (`kubectl rollout undo`).
 * Also `action: rollback` (on demand) and `action: status` (report only).
 */
import { UserError, errorMessage } from '../../shared/errors.js';
import { applyManifests } from '../apply.js';
import { collectDiagnostics, explainUnready, type Diagnostics } from '../diagnostics.js';
import { failureHeadline, type Failure } from '../failure-detector.js';
import type { KubeObject, ObjectRef } from '../kube-client.js';
import { applyRollback, firstImage, planRollback } from '../rollback.js';
import type { K8sRolloutResult, RolloutContext, RolloutStatus } from '../rollout-context.js';
import { isWorkload, revisionOf, workloadProgress } from '../rollout-status.js';
import { readRolloutPods, watchRollout, type WatchResult } from '../rollout-watcher.js';
import { detectFailure } from '../failure-detector.js';
import { renderSummary, type ResourceReport } from '../summary.js';

interface Before {
  ref: ObjectRef;
  revision?: number;
  image?: string;
  existed: boolean;
}

/** Workloads named by the manifests, or by the `workload` input. */
export function workloadRefs(ctx: RolloutContext): ObjectRef[] {
  const fromManifests = ctx.manifests
    .map((manifest) => manifest.object)
    .filter(isWorkload)
    .map((object) => ({
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: object.metadata.name,
      namespace: object.metadata.namespace ?? ctx.config.namespace,
    }));
  if (fromManifests.length > 0 || !ctx.config.workload) return fromManifests;
  return [parseWorkload(ctx.config.workload, ctx.config.namespace)];
}

export function parseWorkload(text: string, namespace: string): ObjectRef {
  const [kindText, name] = text.includes('/') ? text.split('/', 2) : ['deployment', text];
  const kind = {
    deployment: 'Deployment',
    statefulset: 'StatefulSet',
    daemonset: 'DaemonSet',
    rollout: 'Rollout',
  }[
    kindText
      .toLowerCase()
      .replace(/s$/, '')
      .replace(/^deploy$/, 'deployment')
  ];
  if (!kind) {
    throw new UserError(
      `input 'workload': ${kindText} is not a workload kind; use deployment/NAME, statefulset/NAME, daemonset/NAME or rollout/NAME`,
    );
  }
  return {
    apiVersion: kind === 'Rollout' ? 'argoproj.io/v1alpha1' : 'apps/v1',
    kind,
    name,
    namespace,
  };
}

async function snapshot(ctx: RolloutContext, refs: ObjectRef[]): Promise<Before[]> {
  return Promise.all(
    refs.map(async (ref) => {
      const live = await ctx.kube.get(ref);
      return {
        ref,
        existed: Boolean(live),
        revision: revisionOf(live),
        image: firstImage(live),
      };
    }),
  );
}

function report(
  ref: ObjectRef,
  live: KubeObject | undefined,
  state: string,
  detail?: string,
): ResourceReport {
  return {
    kind: ref.kind,
    name: ref.name,
    namespace: ref.namespace,
    revision: revisionOf(live)?.toString(),
    image: firstImage(live),
    state,
    detail,
  };
}

/** Adds the never-ready explanation and the diagnostics to a failed watch. */
async function explain(
  ctx: RolloutContext,
  ref: ObjectRef,
  watch: WatchResult,
): Promise<{ failure: Failure; headline: string; diagnostics: Diagnostics }> {
  let failure: Failure = watch.failure ?? {
    reason: 'Timeout',
    message: `not complete after ${Math.round(ctx.config.timeoutMs / 1000)}s (${watch.lastLine || 'no status yet'})`,
    resource: `${ref.kind}/${ref.name}`,
  };
  if (
    !failure.pod &&
    (failure.reason === 'ProgressDeadlineExceeded' || failure.reason === 'Timeout')
  ) {
    const unready = await explainUnready(
      ctx.kube,
      ref.namespace ?? ctx.config.namespace,
      watch.pods,
    ).catch(() => undefined);
    if (unready?.pod) {
      failure = {
        ...failure,
        resource: `Pod/${unready.pod}`,
        pod: unready.pod,
        container: unready.container,
        message: `${unready.message} (${failure.reason}: ${failure.message})`,
      };
    }
  }
  const diagnostics = await collectDiagnostics(
    ctx.kube,
    ref.namespace ?? ctx.config.namespace,
    { kind: ref.kind, name: ref.name },
    failure,
    { logLines: ctx.config.logLines, secrets: ctx.secrets },
  ).catch(() => ({ logs: [], events: [] }));
  return { failure, headline: failureHeadline(`${ref.kind}/${ref.name}`, failure), diagnostics };
}

function outputsFor(before: Before[], finals: (KubeObject | undefined)[]) {
  const primary = before.findIndex((entry) => entry.ref.kind === 'Deployment');
  const index = primary >= 0 ? primary : 0;
  return {
    revision: revisionOf(finals[index])?.toString() ?? '',
    previousRevision: before[index]?.revision?.toString() ?? '',
    previousImage: before[index]?.image ?? '',
  };
}

export async function rollingDeploy(ctx: RolloutContext): Promise<K8sRolloutResult> {
  const refs = workloadRefs(ctx);
  const before = await snapshot(ctx, refs);
  const applied = await applyManifests(ctx.kube, ctx.manifests, {
    fieldManager: ctx.config.fieldManager,
    force: ctx.config.forceConflicts,
    log: ctx.log,
  });
  const others: ResourceReport[] = applied
    .filter((item) => !isWorkload(item.live ?? item.applied))
    .map((item) => ({
      kind: item.kind,
      name: item.name,
      namespace: item.namespace,
      state: 'applied',
    }));
  if (refs.length === 0) {
    return {
      status: 'succeeded',
      revision: '',
      previousRevision: '',
      previousImage: '',
      failedReason: '',
      resources: others,
      summary: renderSummary({
        status: 'succeeded',
        namespace: ctx.config.namespace,
        headline: `Applied ${applied.length} object(s); no Deployment, StatefulSet or DaemonSet to wait for.`,
        resources: others,
      }),
    };
  }
  const abort = new AbortController();
  const watches = await Promise.all(
    refs.map(async (ref) => {
      const result = await watchRollout(ctx.kube, ref, {
        deadline: ctx.deadline,
        maxRestarts: ctx.config.maxRestarts,
        log: ctx.log,
        clock: ctx.clock,
        signal: abort.signal,
      });
      if (result.outcome !== 'complete') abort.abort();
      return result;
    }),
  );
  const firstFailed = watches.findIndex((watch) => watch.outcome === 'failed');
  const failedIndex =
    firstFailed >= 0 ? firstFailed : watches.findIndex((watch) => watch.outcome !== 'complete');
  if (failedIndex < 0) {
    const resources = [
      ...refs.map((ref, index) => report(ref, watches[index].workload, 'complete')),
      ...others,
    ];
    const outputs = outputsFor(
      before,
      watches.map((watch) => watch.workload),
    );
    return {
      status: 'succeeded',
      ...outputs,
      failedReason: '',
      resources,
      summary: renderSummary({
        status: 'succeeded',
        namespace: ctx.config.namespace,
        headline: `Rolled out ${refs.map((ref) => `${ref.kind}/${ref.name}`).join(', ')}${
          outputs.revision ? ` to revision ${outputs.revision}` : ''
        }${outputs.previousRevision ? ` (was ${outputs.previousRevision})` : ''}.`,
        resources,
      }),
    };
  }
  const failedRef = refs[failedIndex];
  const { failure, headline, diagnostics } = await explain(ctx, failedRef, watches[failedIndex]);
  ctx.log(`failed: ${headline}`);
  const lines = [headline];
  let status: RolloutStatus = 'failed';
  const states: string[] = refs.map((_ref, index) =>
    index === failedIndex
      ? 'failed'
      : watches[index].outcome === 'complete'
        ? 'complete'
        : 'interrupted',
  );
  const finals: (KubeObject | undefined)[] = watches.map((watch) => watch.workload);
  if (!ctx.config.rollbackOnFailure) {
    lines.push('rollback-on-failure is false: the failed revision was left in place');
  } else {
    const rolled = await rollBackChanged(
      ctx,
      refs,
      before,
      applied.map((item) => item.applied),
      finals,
    );
    lines.push(...rolled.lines);
    rolled.states.forEach((state, index) => {
      if (state) states[index] = state;
    });
    if (rolled.ok) status = 'rolled-back';
  }
  const resources = [
    ...refs.map((ref, index) =>
      report(ref, finals[index], states[index], index === failedIndex ? failure.reason : undefined),
    ),
    ...others,
  ];
  const outputs = outputsFor(before, finals);
  const error = lines.join('\n');
  return {
    status,
    ...outputs,
    failedReason: failure.reason,
    resources,
    error,
    diagnostics,
    summary: renderSummary({
      status,
      namespace: ctx.config.namespace,
      headline:
        status === 'rolled-back'
          ? `The new revision failed (${failure.reason}) and was rolled back${outputs.revision ? ` (now revision ${outputs.revision})` : ''}.`
          : `The rollout failed (${failure.reason}).`,
      resources,
      error,
      diagnostics,
    }),
  };
}

/**
 * Rolls back every Deployment this run changed. `ok` when every changed Deployment is back and
 * complete; lines describe what happened to each.
 */
async function rollBackChanged(
  ctx: RolloutContext,
  refs: ObjectRef[],
  before: Before[],
  appliedObjects: KubeObject[],
  finals: (KubeObject | undefined)[],
): Promise<{ ok: boolean; lines: string[]; states: (string | undefined)[] }> {
  const lines: string[] = [];
  const states: (string | undefined)[] = refs.map(() => undefined);
  let ok = true;
  let any = false;
  // The rollback gets its own budget: the rollout may have used all of its time.
  const deadline = ctx.clock.now() + ctx.config.timeoutMs;
  await Promise.all(
    refs.map(async (ref, index) => {
      const previous = before[index];
      const live = finals[index] ?? (await ctx.kube.get(ref));
      if (ref.kind !== 'Deployment') {
        lines.push(
          `${ref.kind}/${ref.name}: automatic rollback covers Deployments only; left as is`,
        );
        ok = false;
        return;
      }
      if (!previous.existed || previous.revision === undefined) {
        lines.push(
          `${ref.kind}/${ref.name}: created by this run, no previous revision to roll back to; left as is`,
        );
        ok = false;
        return;
      }
      if (revisionOf(live) === previous.revision) return;
      any = true;
      try {
        const plan = await planRollback(ctx.kube, ref, previous.revision);
        const applied = appliedObjects.find(
          (object) => object.kind === ref.kind && object.metadata.name === ref.name,
        );
        ctx.log(
          `rolling back ${ref.kind}/${ref.name} to revision ${plan.toRevision} (${plan.image ?? 'previous template'})`,
        );
        await applyRollback(ctx.kube, plan, { fieldManager: ctx.config.fieldManager, applied });
        const watch = await watchRollout(ctx.kube, ref, {
          deadline,
          maxRestarts: ctx.config.maxRestarts,
          log: ctx.log,
          clock: ctx.clock,
        });
        finals[index] = watch.workload;
        if (watch.outcome === 'complete') {
          states[index] = 'rolled-back';
          lines.push(
            `rolled back ${ref.kind}/${ref.name} to the previous template (${plan.image ?? 'image unknown'}), now revision ${revisionOf(watch.workload) ?? '?'}`,
          );
        } else {
          ok = false;
          states[index] = 'rollback-failed';
          lines.push(
            `rollback of ${ref.kind}/${ref.name} did not complete: ${watch.failure ? `${watch.failure.reason}: ${watch.failure.message}` : watch.lastLine}`,
          );
        }
      } catch (error) {
        ok = false;
        states[index] = 'rollback-failed';
        lines.push(`rollback of ${ref.kind}/${ref.name} failed: ${errorMessage(error)}`);
      }
    }),
  );
  return { ok: ok && any, lines, states };
}

/** `action: rollback`: undo the last revision of each workload on demand. */
export async function rollingRollback(ctx: RolloutContext): Promise<K8sRolloutResult> {
  const refs = workloadRefs(ctx);
  if (refs.length === 0)
    throw new UserError('action rollback: the manifests contain no Deployment to roll back');
  const resources: ResourceReport[] = [];
  const lines: string[] = [];
  let first:
    | { from?: number; to?: number; image?: string; revision?: number; previousImage?: string }
    | undefined;
  let failed: string | undefined;
  for (const ref of refs) {
    const plan = await planRollback(ctx.kube, ref);
    const previousImage = firstImage(plan.deployment);
    ctx.log(
      `rolling back ${ref.kind}/${ref.name} from revision ${plan.fromRevision} to ${plan.toRevision} (${plan.image})`,
    );
    const applied = ctx.manifests.find(
      (manifest) => manifest.object.kind === ref.kind && manifest.object.metadata.name === ref.name,
    )?.object;
    await applyRollback(ctx.kube, plan, { fieldManager: ctx.config.fieldManager, applied });
    const watch = await watchRollout(ctx.kube, ref, {
      deadline: ctx.deadline,
      maxRestarts: ctx.config.maxRestarts,
      log: ctx.log,
      clock: ctx.clock,
    });
    const state = watch.outcome === 'complete' ? 'rolled-back' : 'rollback-failed';
    resources.push(report(ref, watch.workload, state, watch.failure?.reason));
    first ??= {
      from: plan.fromRevision,
      to: plan.toRevision,
      image: plan.image,
      revision: revisionOf(watch.workload),
      previousImage,
    };
    if (watch.outcome !== 'complete') {
      const { headline } = await explain(ctx, ref, watch);
      failed ??= watch.failure?.reason ?? 'Timeout';
      lines.push(`rollback did not complete: ${headline}`);
    } else {
      lines.push(
        `rolled back ${ref.kind}/${ref.name} to the template of revision ${plan.toRevision} (${plan.image})`,
      );
    }
  }
  const status: RolloutStatus = failed ? 'failed' : 'rolled-back';
  return {
    status,
    revision: first?.revision?.toString() ?? '',
    previousRevision: first?.from?.toString() ?? '',
    previousImage: first?.previousImage ?? '',
    failedReason: failed ?? '',
    resources,
    error: failed ? lines.join('\n') : undefined,
    summary: renderSummary({
      status,
      namespace: ctx.config.namespace,
      headline: lines[0] ?? '',
      resources,
      error: failed ? lines.join('\n') : undefined,
    }),
  };
}

/** `action: status`: where each workload stands, changing nothing. */
export async function rollingStatus(ctx: RolloutContext): Promise<K8sRolloutResult> {
  const refs = workloadRefs(ctx);
  const resources: ResourceReport[] = [];
  let status: RolloutStatus = 'succeeded';
  let failedReason = '';
  let error: string | undefined;
  let revision = '';
  let previousRevision = '';
  let previousImage = '';
  for (const ref of refs) {
    const live = await ctx.kube.get(ref);
    if (!live) {
      resources.push({
        kind: ref.kind,
        name: ref.name,
        namespace: ref.namespace,
        state: 'missing',
      });
      status = 'failed';
      failedReason ||= 'NotFound';
      error ??= `${ref.kind}/${ref.name} does not exist in namespace ${ref.namespace}`;
      continue;
    }
    const progress = workloadProgress(live);
    const pods = await readRolloutPods(ctx.kube, live);
    const failure =
      detectFailure(pods, { maxRestarts: ctx.config.maxRestarts }) ??
      (progress.failed ? { ...progress.failed, resource: `${ref.kind}/${ref.name}` } : undefined);
    let state = progress.done ? 'complete' : 'progressing';
    if (failure && !progress.done) {
      state = 'failed';
      status = 'failed';
      failedReason ||= failure.reason;
      error ??= failureHeadline(`${ref.kind}/${ref.name}`, failure);
    } else if (!progress.done && status === 'succeeded') {
      status = 'progressing';
    }
    ctx.log(progress.line);
    resources.push(report(ref, live, state, failure?.reason));
    if (!revision && ref.kind === 'Deployment') {
      revision = revisionOf(live)?.toString() ?? '';
      const plan = await planRollback(ctx.kube, ref).catch(() => undefined);
      previousRevision = plan?.toRevision?.toString() ?? '';
      previousImage = plan?.image ?? '';
    }
  }
  return {
    status,
    revision,
    previousRevision,
    previousImage,
    failedReason,
    resources,
    error: status === 'failed' ? error : undefined,
    summary: renderSummary({
      status,
      namespace: ctx.config.namespace,
      headline: `Status of ${refs.map((ref) => `${ref.kind}/${ref.name}`).join(', ')} (nothing was changed).`,
      resources,
      error,
    }),
  };
}
