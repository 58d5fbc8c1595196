export const id = 857;
export const ids = [857];
export const modules = {

/***/ 4857:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  argoRollout: () => (/* binding */ argoRollout)
});

// UNUSED EXPORTS: abortRollout, followRollout, promoteRollout

// EXTERNAL MODULE: ./shared/errors.js
var errors = __webpack_require__(2921);
// EXTERNAL MODULE: ./k8s-rollout/apply.js
var apply = __webpack_require__(9291);
;// CONCATENATED MODULE: ./k8s-rollout/argo-status.js
function condition(rollout, type) {
    return (rollout.status?.conditions ?? []).find((entry) => entry.type === type);
}
/** The weight set by the last setWeight step at or before `index`. */
function weightAt(steps, index) {
    let weight;
    for (let i = 0; i <= Math.min(index, steps.length - 1); i++) {
        if (steps[i].setWeight !== undefined)
            weight = steps[i].setWeight;
    }
    return weight;
}
function argoProgress(rollout) {
    const status = rollout.status ?? {};
    const name = rollout.metadata.name;
    const generation = rollout.metadata.generation;
    const observedGeneration = Number(status.observedGeneration);
    const observed = generation === undefined ||
        Number.isNaN(observedGeneration) ||
        observedGeneration >= generation;
    const progressing = condition(rollout, 'Progressing');
    let phase;
    let message = status.message ?? '';
    if (status.phase) {
        phase = status.phase;
    }
    else if (status.abort) {
        phase = 'Degraded';
        message = `RolloutAborted: ${progressing?.message ?? 'the rollout was aborted'}`;
    }
    else if (progressing?.reason === 'ProgressDeadlineExceeded') {
        phase = 'Degraded';
        message = `ProgressDeadlineExceeded: ${progressing.message ?? ''}`.trim();
    }
    else if ((status.pauseConditions ?? []).length > 0 || rollout.spec?.paused) {
        phase = 'Paused';
        message ||= status.pauseConditions?.[0]?.reason ?? 'paused';
    }
    else if (condition(rollout, 'Completed')?.status === 'True' ||
        (status.updatedReplicas === status.replicas &&
            status.availableReplicas >= (rollout.spec?.replicas ?? 1) &&
            status.currentPodHash === status.stableRS)) {
        phase = 'Healthy';
    }
    else {
        phase = 'Progressing';
    }
    if (!observed && phase !== 'Degraded') {
        phase = 'Progressing';
        message = 'waiting for the rollout spec update to be observed';
    }
    const steps = (rollout.spec?.strategy?.canary?.steps ?? []);
    const step = typeof status.currentStepIndex === 'number' ? status.currentStepIndex : undefined;
    const timedPause = !rollout.spec?.paused &&
        step !== undefined &&
        steps[step]?.pause?.duration !== undefined &&
        (status.pauseConditions ?? []).every((entry) => entry.reason === 'CanaryPauseStep');
    const awaitingPromotion = phase === 'Paused' && !timedPause;
    const weight = step !== undefined && steps.length > 0 ? weightAt(steps, step) : undefined;
    const parts = [`${name}: ${phase}`];
    if (steps.length > 0 && step !== undefined) {
        parts.push(`step ${Math.min(step, steps.length)}/${steps.length}${weight !== undefined ? ` (weight ${weight}%)` : ''}`);
    }
    parts.push(`${status.updatedReplicas ?? 0}/${rollout.spec?.replicas ?? 1} updated, ${status.availableReplicas ?? 0} available`);
    if (message)
        parts.push(message);
    return {
        phase,
        message,
        step,
        steps: steps.length > 0 ? steps.length : undefined,
        weight,
        observed,
        awaitingPromotion,
        line: parts.join(', '),
    };
}

// EXTERNAL MODULE: ./k8s-rollout/diagnostics.js
var k8s_rollout_diagnostics = __webpack_require__(7771);
// EXTERNAL MODULE: ./k8s-rollout/failure-detector.js
var failure_detector = __webpack_require__(4204);
// EXTERNAL MODULE: ./k8s-rollout/kube-client.js
var kube_client = __webpack_require__(3372);
// EXTERNAL MODULE: ./k8s-rollout/rollback.js
var rollback = __webpack_require__(6323);
// EXTERNAL MODULE: ./k8s-rollout/rollout-status.js
var rollout_status = __webpack_require__(4341);
// EXTERNAL MODULE: ./k8s-rollout/resource-stream.js
var resource_stream = __webpack_require__(6256);
// EXTERNAL MODULE: ./k8s-rollout/summary.js
var summary = __webpack_require__(2135);
// EXTERNAL MODULE: ./k8s-rollout/strategies/rolling.js
var rolling = __webpack_require__(4560);
;// CONCATENATED MODULE: ./k8s-rollout/strategies/argo.js
/**
 * Argo Rollouts: apply the manifests (image substituted), then follow the Rollout's status
 * (Progressing / Paused / Healthy / Degraded, step index, message) with one line per change,
 * failing fast on fatal Pod states of the new ReplicaSet. `promote` and `abort` patch the Rollout
 * as the Argo kubectl plugin does (status subresource first, the object itself when the CRD has
 * no status subresource).
 */











const REVISION = 'rollout.argoproj.io/revision';
const POD_HASH = 'rollouts-pod-template-hash';
function rolloutRefs(ctx) {
    const fromManifests = ctx.manifests
        .map((manifest) => manifest.object)
        .filter((object) => object.kind === 'Rollout' && object.apiVersion.startsWith('argoproj.io/'))
        .map((object) => ({
        apiVersion: object.apiVersion,
        kind: 'Rollout',
        name: object.metadata.name,
        namespace: object.metadata.namespace ?? ctx.config.namespace,
    }));
    if (fromManifests.length > 0)
        return fromManifests;
    return [(0,rolling/* parseWorkload */.jH)(ctx.config.workload, ctx.config.namespace)];
}
/** Follows a Rollout until it is Healthy, Paused, Degraded, a Pod is fatal, or the deadline. */
async function followRollout(ctx, ref, options = {}) {
    const initial = await ctx.kube.get(ref);
    if (!initial)
        throw new errors/* UserError */.yo(`Rollout/${ref.name} does not exist in namespace ${ref.namespace}`);
    const namespace = ref.namespace ?? ctx.config.namespace;
    let done = false;
    let settle = () => undefined;
    const finished = new Promise((resolve) => (settle = resolve));
    let lastLine = '';
    const finish = (value) => {
        if (done)
            return;
        done = true;
        settle(value);
    };
    const evaluate = () => {
        if (done)
            return;
        const fatal = [rollouts, pods].find((stream) => stream.fatal)?.fatal;
        if (fatal) {
            finish({
                outcome: 'failed',
                failure: {
                    reason: 'WatchFailed',
                    message: (0,errors/* errorMessage */.gJ)(fatal),
                    resource: `Rollout/${ref.name}`,
                },
            });
            return;
        }
        const rollout = rollouts.objects.get(ref.name);
        if (!rollout)
            return;
        const progress = argoProgress(rollout);
        if (progress.line !== lastLine) {
            lastLine = progress.line;
            ctx.log(progress.line);
        }
        if (progress.phase === 'Degraded') {
            finish({ outcome: 'degraded', progress, rollout });
            return;
        }
        if (options.untilDegraded)
            return;
        const hash = rollout.status?.currentPodHash;
        const current = hash
            ? pods.list().filter((pod) => pod.metadata.labels?.[POD_HASH] === hash)
            : [];
        const failure = (0,failure_detector/* detectFailure */.W4)(current, { maxRestarts: ctx.config.maxRestarts });
        if (failure) {
            finish({ outcome: 'failed', failure, progress, rollout });
            return;
        }
        if (!progress.observed)
            return;
        if (progress.phase === 'Healthy')
            finish({ outcome: 'healthy', progress, rollout });
        else if (progress.awaitingPromotion)
            finish({ outcome: 'paused', progress, rollout });
    };
    const rollouts = new resource_stream/* ResourceStream */.V(ctx.kube, {
        apiVersion: ref.apiVersion,
        kind: 'Rollout',
        namespace,
        fieldSelector: `metadata.name=${ref.name}`,
    }, evaluate, ctx.log, ctx.clock);
    const pods = new resource_stream/* ResourceStream */.V(ctx.kube, {
        apiVersion: 'v1',
        kind: 'Pod',
        namespace,
        labelSelector: (0,rollout_status/* selectorString */.zD)(initial.spec?.selector),
    }, evaluate, ctx.log, ctx.clock);
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
            await ctx.clock.sleep(Math.min(500, Math.max(1, ctx.deadline - ctx.clock.now())), wake.signal);
            evaluate();
        }
    })();
    try {
        await pods.start();
        await rollouts.start();
        evaluate();
        return await finished;
    }
    finally {
        done = true;
        wake.abort();
        rollouts.stop();
        pods.stop();
        await ticker.catch(() => undefined);
    }
}
/** A merge patch of the Rollout's status subresource, or of the Rollout when it has none. */
async function patchStatus(ctx, ref, statusPatch, unified) {
    try {
        await ctx.kube.mergePatch(ref, statusPatch, ctx.config.fieldManager, 'status');
    }
    catch (error) {
        if ((0,kube_client/* statusCodeOf */.PU)(error) !== 404)
            throw error;
        await ctx.kube.mergePatch(ref, unified, ctx.config.fieldManager);
    }
}
/** `kubectl argo rollouts promote`: unpause and clear pause conditions (or move one step on). */
async function promoteRollout(ctx, rollout) {
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
        await patchStatus(ctx, ref, { status: { pauseConditions: null } }, { spec: { paused: false }, status: { pauseConditions: null } });
    }
    else if (rollout.spec?.strategy?.canary && steps > 0) {
        const index = Math.min((rollout.status?.currentStepIndex ?? 0) + 1, steps);
        await patchStatus(ctx, ref, { status: { pauseConditions: null, currentStepIndex: index } }, { spec: { paused: false }, status: { pauseConditions: null, currentStepIndex: index } });
    }
    if (paused)
        await ctx.kube.mergePatch(ref, { spec: { paused: false } }, ctx.config.fieldManager);
}
/** `kubectl argo rollouts abort`. */
async function abortRollout(ctx, ref) {
    await patchStatus(ctx, ref, { status: { abort: true } }, { status: { abort: true } });
}
function resourcesOf(ref, rollout, state) {
    return [
        {
            kind: 'Rollout',
            name: ref.name,
            namespace: ref.namespace,
            revision: rollout?.metadata.annotations?.[REVISION],
            image: (0,rollback/* firstImage */.o2)(rollout),
            state,
        },
    ];
}
async function conclude(ctx, ref, followed, before, verb) {
    const rollout = followed.rollout ?? (await ctx.kube.get(ref));
    const progress = followed.progress ?? (rollout ? argoProgress(rollout) : undefined);
    let status;
    let error;
    let failedReason = '';
    let headline;
    let diagnostics;
    const notes = [];
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
            error = (0,failure_detector/* failureHeadline */.Ni)(`Rollout/${ref.name}`, failure);
            diagnostics = await (0,k8s_rollout_diagnostics/* collectDiagnostics */.R)(ctx.kube, ref.namespace ?? ctx.config.namespace, { kind: 'Rollout', name: ref.name }, failure, {
                logLines: ctx.config.logLines,
                secrets: ctx.secrets,
            }).catch(() => undefined);
            status = 'failed';
            headline = `Rollout/${ref.name} failed (${failure.reason}).`;
            if (ctx.config.rollbackOnFailure && verb !== 'abort') {
                try {
                    await abortRollout(ctx, ref);
                    status = 'rolled-back';
                    error +=
                        '\naborted the Rollout: the Argo Rollouts controller moves traffic back to the stable ReplicaSet';
                    headline = `Rollout/${ref.name} failed (${failure.reason}) and was aborted back to its stable version.`;
                }
                catch (abortError) {
                    notes.push(`could not abort the Rollout: ${(0,errors/* errorMessage */.gJ)(abortError)}`);
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
        previousImage: (0,rollback/* firstImage */.o2)(before) ?? '',
        failedReason,
        resources,
        canaryWeight: progress?.phase === 'Healthy' ? 100 : progress?.weight,
        error,
        diagnostics,
        summary: (0,summary/* renderSummary */.B)({
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
async function argoRollout(ctx) {
    const refs = rolloutRefs(ctx);
    if (refs.length > 1) {
        throw new errors/* UserError */.yo(`one Argo Rollout per run: the manifests have ${refs.map((ref) => ref.name).join(', ')}`);
    }
    const ref = refs[0];
    const before = await ctx.kube.get(ref);
    switch (ctx.config.action) {
        case 'deploy': {
            await (0,apply/* applyManifests */.Z)(ctx.kube, ctx.manifests, {
                fieldManager: ctx.config.fieldManager,
                force: ctx.config.forceConflicts,
                log: ctx.log,
            });
            return conclude(ctx, ref, await followRollout(ctx, ref), before, '');
        }
        case 'promote': {
            if (!before)
                throw new errors/* UserError */.yo(`nothing to promote: Rollout/${ref.name} does not exist in namespace ${ref.namespace}`);
            const progress = argoProgress(before);
            if (progress.phase !== 'Paused') {
                throw new errors/* UserError */.yo(`nothing to promote: Rollout/${ref.name} is ${progress.phase}, not Paused (${progress.line})`);
            }
            await promoteRollout(ctx, before);
            ctx.log(`rollout '${ref.name}' promoted`);
            return conclude(ctx, ref, await followRollout(ctx, ref), before, 'promote');
        }
        case 'abort':
        case 'rollback': {
            if (!before)
                throw new errors/* UserError */.yo(`nothing to abort: Rollout/${ref.name} does not exist in namespace ${ref.namespace}`);
            await abortRollout(ctx, ref);
            ctx.log(`rollout '${ref.name}' aborted`);
            return conclude(ctx, ref, await followRollout(ctx, ref, { untilDegraded: true }), before, 'abort');
        }
        case 'status': {
            if (!before)
                throw new errors/* UserError */.yo(`Rollout/${ref.name} does not exist in namespace ${ref.namespace}`);
            const progress = argoProgress(before);
            ctx.log(progress.line);
            const outcome = progress.phase.toLowerCase();
            return conclude(ctx, ref, { outcome, progress, rollout: before }, before, 'status');
        }
        default:
            throw new errors/* UserError */.yo(`an Argo Rollout has no action '${ctx.config.action}'; use deploy, promote, abort or status`);
    }
}


/***/ })

};
