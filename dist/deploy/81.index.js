export const id = 81;
export const ids = [81];
export const modules = {

/***/ 4081:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   canary: () => (/* binding */ canary)
/* harmony export */ });
/* unused harmony exports TRACK_LABEL, NGINX_CANARY, NGINX_WEIGHT, canaryReplicas, replicaWeight */
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2921);
/* harmony import */ var _apply_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9291);
/* harmony import */ var _diagnostics_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7771);
/* harmony import */ var _failure_detector_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4204);
/* harmony import */ var _rollback_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6323);
/* harmony import */ var _rollout_status_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(4341);
/* harmony import */ var _rollout_watcher_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4335);
/* harmony import */ var _summary_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2135);
/* harmony import */ var _rolling_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4560);
/* harmony import */ var _workload_copies_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(9200);
/**
 * Canary: a `<name>-canary` Deployment with the new template next to the stable one.
 * Traffic weight comes from the replica ratio behind the user's Service (canary pods carry the
 * same labels; canary replicas = ceil(stable × w / (100 − w)), at least 1), or, with `ingress`,
 * from ingress-nginx canary annotations on a copy of the Ingress that points at a
 * `<service>-canary` Service (canary pods then leave the stable Service).
 * Steps run in order with a pause and checks (against `<service>-canary`) after each; a failure
 * aborts (canary removed, stable untouched); the step 100 promotes (stable gets the template).
 */










const TRACK_LABEL = `${_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .LABEL_PREFIX */ .Ag}/track`;
const CANARY_OF = `${_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .LABEL_PREFIX */ .Ag}/canary-of`;
const NGINX_CANARY = 'nginx.ingress.kubernetes.io/canary';
const NGINX_WEIGHT = 'nginx.ingress.kubernetes.io/canary-weight';
/** Canary replicas for a weight: replica mode keeps the stable count and adds canaries. */
function canaryReplicas(stable, weight, byIngress) {
    if (byIngress)
        return Math.max(1, Math.ceil((stable * weight) / 100));
    if (weight >= 100)
        return Math.max(1, stable);
    return Math.max(1, Math.ceil((stable * weight) / (100 - weight)));
}
/** The share of Pods that are canaries, in percent. */
function replicaWeight(stable, canary) {
    return Math.round((canary / Math.max(1, stable + canary)) * 100);
}
async function setup(ctx) {
    const namespace = ctx.config.namespace;
    const template = (0,_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .templateDeployment */ .E1)(ctx, 'canary');
    const name = template?.metadata.name ??
        (ctx.config.workload ? (0,_rolling_js__WEBPACK_IMPORTED_MODULE_7__/* .parseWorkload */ .jH)(ctx.config.workload, namespace).name : '');
    if (!name) {
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo("strategy canary needs the Deployment: put it in 'manifests' or name it in 'workload'");
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
    let ingress;
    if (ctx.config.canary.ingress) {
        ingress =
            ctx.manifests.find((m) => m.object.kind === 'Ingress' && m.object.metadata.name === ctx.config.canary.ingress)?.object ??
                (await ctx.kube.get({
                    apiVersion: 'networking.k8s.io/v1',
                    kind: 'Ingress',
                    name: ctx.config.canary.ingress,
                    namespace: ns,
                }));
        if (!ingress) {
            throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`input 'ingress': Ingress/${ctx.config.canary.ingress} is neither in the manifests nor in namespace ${ns}`);
        }
        if (!service) {
            throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo("strategy canary with 'ingress' needs the Service the Ingress routes to: put it in the manifests or set 'service'");
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
function canaryDeployment(s, template, replicas) {
    const selectorKeys = Object.keys(s.service?.spec?.selector ?? {});
    const copy = (0,_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .derivedDeployment */ .Xj)(template, s.canaryRef.name, { [TRACK_LABEL]: 'canary', [CANARY_OF]: s.name }, { [`${_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .LABEL_PREFIX */ .Ag}/canary-of`]: s.name }, 
    // With an Ingress, the stable Service must not see the canary pods.
    s.ingress ? selectorKeys : []);
    copy.spec.replicas = replicas;
    return copy;
}
function canaryIngress(s, weight) {
    const ingress = (0,_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .clone */ .o8)(s.ingress);
    const from = s.service.metadata.name;
    const to = s.canaryServiceRef.name;
    const swap = (backend) => {
        if (backend?.service?.name === from)
            backend.service.name = to;
    };
    swap(ingress.spec?.defaultBackend);
    for (const rule of ingress.spec?.rules ?? []) {
        for (const path of rule.http?.paths ?? [])
            swap(path.backend);
    }
    return {
        apiVersion: ingress.apiVersion,
        kind: 'Ingress',
        metadata: {
            name: s.canaryIngressRef.name,
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
async function removeCanary(ctx, s) {
    const removed = [];
    for (const ref of [s.canaryIngressRef, s.canaryServiceRef, s.canaryRef]) {
        if (!ref)
            continue;
        if (await ctx.kube.get(ref)) {
            await ctx.kube.delete(ref);
            removed.push(`${ref.kind}/${ref.name}`);
            ctx.log(`removed ${ref.kind}/${ref.name}`);
        }
    }
    return removed;
}
async function report(ctx, s, outcome) {
    const resources = [];
    const stable = await ctx.kube.get(s.stableRef);
    const canary = await ctx.kube.get(s.canaryRef);
    for (const [live, state] of [
        [stable, 'stable'],
        [canary, 'canary'],
    ]) {
        if (!live)
            continue;
        resources.push({
            kind: 'Deployment',
            name: live.metadata.name,
            namespace: s.namespace,
            revision: (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_9__/* .revisionOf */ .DT)(live)?.toString(),
            image: (0,_rollback_js__WEBPACK_IMPORTED_MODULE_4__/* .firstImage */ .o2)(live),
            state: `${state} (${live.spec?.replicas ?? 1} replicas)`,
        });
    }
    return {
        status: outcome.status,
        revision: (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_9__/* .revisionOf */ .DT)(stable)?.toString() ?? '',
        previousRevision: outcome.previousRevision ?? '',
        previousImage: outcome.previousImage ?? '',
        failedReason: outcome.failedReason ?? '',
        resources,
        canaryWeight: outcome.weight,
        error: outcome.error,
        diagnostics: outcome.diagnostics,
        summary: (0,_summary_js__WEBPACK_IMPORTED_MODULE_6__/* .renderSummary */ .B)({
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
async function canary(ctx) {
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
                headline: removed.length > 0
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
            throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`strategy canary has no action '${ctx.config.action}'; use deploy, promote, abort or status`);
    }
}
async function abortWith(ctx, s, weight, reason, error, extra) {
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
async function deploy(ctx, s) {
    if (!s.template)
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('strategy canary, action deploy: the manifests need the Deployment');
    const stable = await ctx.kube.get(s.stableRef);
    const rest = ctx.manifests.filter((manifest) => manifest.object !== s.template);
    if (!stable) {
        // Nothing to compare against: the first version goes straight in.
        await (0,_apply_js__WEBPACK_IMPORTED_MODULE_1__/* .applyManifests */ .Z)(ctx.kube, ctx.manifests, {
            fieldManager: ctx.config.fieldManager,
            force: ctx.config.forceConflicts,
            log: ctx.log,
        });
        const watch = await (0,_rollout_watcher_js__WEBPACK_IMPORTED_MODULE_5__/* .watchRollout */ .Dl)(ctx.kube, s.stableRef, {
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
                error: (0,_failure_detector_js__WEBPACK_IMPORTED_MODULE_3__/* .failureHeadline */ .Ni)(`Deployment/${s.name}`, failure),
                failedReason: failure.reason,
            });
        }
        return report(ctx, s, {
            status: 'succeeded',
            headline: `First deploy of ${s.name}: no stable version to compare with, deployed directly.`,
            weight: 100,
        });
    }
    const previousImage = (0,_rollback_js__WEBPACK_IMPORTED_MODULE_4__/* .firstImage */ .o2)(stable) ?? '';
    const previousRevision = (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_9__/* .revisionOf */ .DT)(stable)?.toString() ?? '';
    await (0,_apply_js__WEBPACK_IMPORTED_MODULE_1__/* .applyManifests */ .Z)(ctx.kube, rest, {
        fieldManager: ctx.config.fieldManager,
        force: ctx.config.forceConflicts,
        log: ctx.log,
    });
    const stableReplicas = stable.spec?.replicas ?? 1;
    const steps = ctx.config.canary.steps;
    const byIngress = Boolean(s.ingress);
    let weight = 0;
    for (const [index, step] of steps.entries()) {
        if (step >= 100)
            return promoteWith(ctx, s, s.template, { previousImage, previousRevision });
        const replicas = canaryReplicas(stableReplicas, step, byIngress);
        weight = byIngress ? step : replicaWeight(stableReplicas, replicas);
        ctx.log(`canary step ${index + 1}/${steps.length}: ${step}% → ${replicas} canary pod(s) next to ${stableReplicas} stable${byIngress ? `, ingress weight ${step}` : ` (${weight}% of the pods)`}`);
        await ctx.kube.apply(canaryDeployment(s, s.template, replicas), {
            fieldManager: ctx.config.fieldManager,
            force: ctx.config.forceConflicts,
        });
        if (s.service) {
            const selector = s.ingress
                ? { [TRACK_LABEL]: 'canary', [CANARY_OF]: s.name }
                : { ...(s.service.spec?.selector ?? {}), [TRACK_LABEL]: 'canary' };
            await ctx.kube.apply((0,_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .derivedService */ .bP)(s.service, s.canaryServiceRef.name, selector, {
                [`${_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .LABEL_PREFIX */ .Ag}/canary-of`]: s.service.metadata.name,
            }), {
                fieldManager: ctx.config.fieldManager,
                force: ctx.config.forceConflicts,
            });
        }
        const watch = await (0,_rollout_watcher_js__WEBPACK_IMPORTED_MODULE_5__/* .watchRollout */ .Dl)(ctx.kube, s.canaryRef, {
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
            const diagnostics = await (0,_diagnostics_js__WEBPACK_IMPORTED_MODULE_2__/* .collectDiagnostics */ .R)(ctx.kube, s.namespace, { kind: 'Deployment', name: s.canaryRef.name }, failure, {
                logLines: ctx.config.logLines,
                secrets: ctx.secrets,
            }).catch(() => undefined);
            return abortWith(ctx, s, weight, failure.reason, (0,_failure_detector_js__WEBPACK_IMPORTED_MODULE_3__/* .failureHeadline */ .Ni)(`Deployment/${s.canaryRef.name}`, failure), { diagnostics, previousImage });
        }
        if (s.ingress) {
            await ctx.kube.apply(canaryIngress(s, step), {
                fieldManager: ctx.config.fieldManager,
                force: ctx.config.forceConflicts,
            });
        }
        const pause = Math.min(ctx.config.canary.stepPauseMs, Math.max(0, ctx.deadline - ctx.clock.now()));
        if (pause > 0) {
            ctx.log(`canary at ${weight}%: pausing ${Math.round(pause / 1000)}s`);
            await ctx.clock.sleep(pause);
        }
        if (ctx.config.checks || ctx.config.checkPaths.length > 0) {
            const url = s.canaryServiceRef ? await (0,_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .serviceUrl */ .Rs)(ctx.kube, ctx, s.canaryServiceRef) : '';
            const failures = url
                ? await ctx.checks(url, `canary checks at ${weight}%`)
                : ['no Service to check the canary through'];
            if (failures.length > 0) {
                return abortWith(ctx, s, weight, 'CheckFailed', `Deployment/${s.canaryRef.name}: CheckFailed: ${failures[0]}`, { notes: failures, previousImage });
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
async function promoteWith(ctx, s, template, outputs) {
    const stable = await ctx.kube.get(s.stableRef);
    if (!stable)
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`cannot promote: the stable Deployment/${s.name} does not exist`);
    if (template) {
        await ctx.kube.apply(template, {
            fieldManager: ctx.config.fieldManager,
            force: ctx.config.forceConflicts,
        });
    }
    else {
        const canaryLive = await ctx.kube.get(s.canaryRef);
        const next = (0,_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .clone */ .o8)(canaryLive.spec.template);
        next.metadata = {
            ...(next.metadata ?? {}),
            labels: { ...(stable.spec?.template?.metadata?.labels ?? {}) },
        };
        await ctx.kube.mergePatch(s.stableRef, { spec: { template: (0,_rollback_js__WEBPACK_IMPORTED_MODULE_4__/* .createMergePatch */ .vE)(stable.spec?.template ?? {}, next) } }, ctx.config.fieldManager);
    }
    ctx.log(`promoting: Deployment/${s.name} gets the canary's template`);
    const watch = await (0,_rollout_watcher_js__WEBPACK_IMPORTED_MODULE_5__/* .watchRollout */ .Dl)(ctx.kube, s.stableRef, {
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
            error: (0,_failure_detector_js__WEBPACK_IMPORTED_MODULE_3__/* .failureHeadline */ .Ni)(`Deployment/${s.name}`, failure),
            failedReason: failure.reason,
            ...outputs,
        });
    }
    const removed = await removeCanary(ctx, s);
    return report(ctx, s, {
        status: 'succeeded',
        headline: `Promoted: Deployment/${s.name} runs ${(0,_rollback_js__WEBPACK_IMPORTED_MODULE_4__/* .firstImage */ .o2)(watch.workload)}; removed ${removed.join(', ') || 'no canary objects'}.`,
        weight: 100,
        ...outputs,
    });
}
async function promote(ctx, s) {
    const canaryLive = await ctx.kube.get(s.canaryRef);
    if (!canaryLive) {
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`nothing to promote: there is no canary (Deployment/${s.canaryRef.name} does not exist in namespace ${s.namespace})`);
    }
    const stable = await ctx.kube.get(s.stableRef);
    const template = s.template ? (0,_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .clone */ .o8)(s.template) : undefined;
    if (template) {
        // Promote what the canary runs, even when the manifests were re-read with other images.
        template.spec.template.spec = (0,_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .clone */ .o8)(canaryLive.spec.template.spec);
    }
    return promoteWith(ctx, s, template, {
        previousImage: (0,_rollback_js__WEBPACK_IMPORTED_MODULE_4__/* .firstImage */ .o2)(stable),
        previousRevision: (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_9__/* .revisionOf */ .DT)(stable)?.toString(),
    });
}


/***/ }),

/***/ 9200:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ag: () => (/* binding */ LABEL_PREFIX),
/* harmony export */   E1: () => (/* binding */ templateDeployment),
/* harmony export */   Rs: () => (/* binding */ serviceUrl),
/* harmony export */   Xj: () => (/* binding */ derivedDeployment),
/* harmony export */   bP: () => (/* binding */ derivedService),
/* harmony export */   eV: () => (/* binding */ scaleDeployment),
/* harmony export */   o8: () => (/* binding */ clone)
/* harmony export */ });
/* unused harmony exports LOCAL_URL, refOf */
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2921);
/**
 * Helpers shared by blue-green and canary: derived copies of the user's Deployment and Service,
 * scaling, and the URL at which a Service answers.
 */

const LABEL_PREFIX = 'oasis.dev';
/** Annotation the kube test double (and a local setup) puts on a Service: its reachable URL. */
const LOCAL_URL = 'oasis.dev/local-url';
function clone(value) {
    return JSON.parse(JSON.stringify(value));
}
function refOf(object, namespace) {
    return {
        apiVersion: object.apiVersion,
        kind: object.kind,
        name: object.metadata.name,
        namespace: object.metadata.namespace ?? namespace,
    };
}
/** The one Deployment of the manifests (the template the strategy copies). */
function templateDeployment(ctx, strategy) {
    const deployments = ctx.manifests.filter((manifest) => manifest.object.kind === 'Deployment');
    if (deployments.length > 1) {
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`strategy ${strategy} handles one Deployment per run; the manifests have ${deployments.length} (${deployments
            .map((manifest) => `${manifest.object.metadata.name} at ${manifest.source}`)
            .join(', ')})`);
    }
    return deployments[0]?.object;
}
/**
 * A copy of a Deployment under another name whose selector and Pods carry extra labels.
 * `dropLabels` removes labels from the Pods (so that a Service no longer selects them).
 */
function derivedDeployment(template, name, labels, annotations = {}, dropLabels = []) {
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
function derivedService(service, name, selector, annotations = {}) {
    const spec = clone(service.spec ?? {});
    delete spec.clusterIP;
    delete spec.clusterIPs;
    for (const port of spec.ports ?? [])
        delete port.nodePort;
    if (spec.type === 'LoadBalancer' || spec.type === 'NodePort')
        spec.type = 'ClusterIP';
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
async function scaleDeployment(ctx, ref, replicas) {
    const live = await ctx.kube.get(ref);
    if (!live)
        return;
    const annotations = {};
    if (replicas === 0 && (live.spec?.replicas ?? 1) > 0) {
        annotations[`${LABEL_PREFIX}/replicas`] = String(live.spec?.replicas ?? 1);
    }
    await ctx.kube.mergePatch(ref, {
        metadata: Object.keys(annotations).length > 0 ? { annotations } : undefined,
        spec: { replicas },
    }, ctx.config.fieldManager);
    ctx.log(`scaled ${ref.kind}/${ref.name} to ${replicas}`);
}
/**
 * Where a Service answers: the local URL the kube double publishes, or the cluster DNS name.
 * Waits briefly for the annotation of a Service that was just created.
 */
async function serviceUrl(kube, ctx, ref, waitMs = 5000) {
    const until = ctx.clock.now() + waitMs;
    let live = await kube.get(ref);
    // Only wait where Services get a local URL at all (the kube double, a local setup).
    const published = !live?.metadata.annotations?.[LOCAL_URL] &&
        waitMs > 0 &&
        (await kube.list('v1', 'Service', ref.namespace ?? 'default')).items.some((item) => item.metadata.annotations?.[LOCAL_URL]);
    while (published && live && !live.metadata.annotations?.[LOCAL_URL] && ctx.clock.now() < until) {
        await ctx.clock.sleep(100);
        live = await kube.get(ref);
    }
    const local = live?.metadata.annotations?.[LOCAL_URL];
    if (local)
        return local;
    const port = live?.spec?.ports?.[0]?.port ?? 80;
    return `http://${ref.name}.${ref.namespace}.svc.cluster.local${port === 80 ? '' : `:${port}`}`;
}


/***/ })

};
