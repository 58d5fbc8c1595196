export const id = 779;
export const ids = [779];
export const modules = {

/***/ 3779:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   blueGreen: () => (/* binding */ blueGreen)
/* harmony export */ });
/* unused harmony export COLOR_LABEL */
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
 * Blue-green: two colour Deployments (`<name>-blue`, `<name>-green`, label oasis.dev/color on
 * their Pods) behind the user's Service. A deploy goes to the idle colour, waits for it (failing
 * fast like the rolling strategy), runs the pre-switch checks against the preview Service
 * (`<service>-preview`, selecting the idle colour), then switches the user's Service selector in
 * one apply. The previous colour keeps running for `keep-previous` as the instant rollback, then
 * is scaled to zero (within the step when that fits in the timeout, else by a later run).
 */










const COLOR_LABEL = `${_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .LABEL_PREFIX */ .Ag}/color`;
const ACTIVE = `${_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .LABEL_PREFIX */ .Ag}/active-color`;
const PREVIOUS = `${_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .LABEL_PREFIX */ .Ag}/previous-color`;
const SCALE_DOWN_AT = `${_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .LABEL_PREFIX */ .Ag}/scale-down-at`;
const REPLICAS = `${_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .LABEL_PREFIX */ .Ag}/replicas`;
const other = (color) => (color === 'blue' ? 'green' : 'blue');
function setup(ctx) {
    const namespace = ctx.config.namespace;
    const template = (0,_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .templateDeployment */ .E1)(ctx, 'blue-green');
    let name = template?.metadata.name;
    if (!name && ctx.config.workload)
        name = (0,_rolling_js__WEBPACK_IMPORTED_MODULE_7__/* .parseWorkload */ .jH)(ctx.config.workload, namespace).name;
    if (!name) {
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo("strategy blue-green needs a Deployment: put one in 'manifests' (it is the template of both colours) or name it in 'workload'");
    }
    const services = ctx.manifests.filter((manifest) => manifest.object.kind === 'Service');
    let service = services.find((manifest) => manifest.object.metadata.name === ctx.config.service)?.object;
    if (!service && !ctx.config.service) {
        if (services.length > 1) {
            throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`strategy blue-green: the manifests have ${services.length} Services (${services
                .map((manifest) => manifest.object.metadata.name)
                .join(', ')}); set 'service' to the one whose traffic is switched`);
        }
        service = services[0]?.object;
    }
    const serviceName = service?.metadata.name ?? ctx.config.service;
    if (!serviceName) {
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo("strategy blue-green needs a Service to switch: add one to the manifests (selecting the Deployment's Pods) or set 'service'");
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
function activeColorOf(service) {
    const color = service?.spec?.selector?.[COLOR_LABEL];
    return color === 'blue' || color === 'green' ? color : undefined;
}
/** The user's Service with its selector pointing at `color`, as one apply. */
function serviceFor(s, live, color, previous) {
    const base = s.service ?? live;
    if (!base)
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`Service/${s.serviceRef.name} does not exist in namespace ${s.namespace}`);
    const selector = { ...(base.spec?.selector ?? {}) };
    const object = (0,_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .derivedService */ .bP)(base, s.serviceRef.name, { ...selector, [COLOR_LABEL]: color }, {
        ...(s.service?.metadata.annotations ?? {}),
        [ACTIVE]: color,
        ...(previous ? { [PREVIOUS]: previous } : {}),
    });
    // Keep what the user wrote (type, clusterIP…) for the user's own Service.
    object.spec = { ...(base.spec ?? {}), selector: object.spec.selector };
    if (!s.service && live) {
        delete object.spec.clusterIP;
        delete object.spec.clusterIPs;
    }
    return object;
}
async function result(ctx, s, outcome) {
    const resources = [];
    let revision = '';
    for (const color of ['blue', 'green']) {
        const live = await ctx.kube.get(s.colorRef(color));
        if (!live)
            continue;
        const state = color === outcome.active
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
            revision: (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_9__/* .revisionOf */ .DT)(live)?.toString(),
            image: (0,_rollback_js__WEBPACK_IMPORTED_MODULE_4__/* .firstImage */ .o2)(live),
            state,
        });
        if (color === outcome.active)
            revision = (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_9__/* .revisionOf */ .DT)(live)?.toString() ?? '';
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
        summary: (0,_summary_js__WEBPACK_IMPORTED_MODULE_6__/* .renderSummary */ .B)({
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
async function scaleDownExpired(ctx, s, active) {
    for (const color of ['blue', 'green']) {
        if (color === active)
            continue;
        const live = await ctx.kube.get(s.colorRef(color));
        const at = live?.metadata.annotations?.[SCALE_DOWN_AT];
        if (live && at && Date.parse(at) <= Date.now() && (live.spec?.replicas ?? 1) > 0) {
            ctx.log(`${live.metadata.name}: kept until ${at}, scaling down`);
            await (0,_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .scaleDeployment */ .eV)(ctx, s.colorRef(color), 0);
        }
    }
}
/** After a switch: keep the previous colour for keep-previous, then scale it down. */
async function keepPrevious(ctx, s, previous, notes) {
    const ref = s.colorRef(previous);
    const keepMs = ctx.config.blueGreen.keepPreviousMs;
    const until = new Date(Date.now() + keepMs).toISOString();
    await ctx.kube.mergePatch(ref, { metadata: { annotations: { [SCALE_DOWN_AT]: until } } }, ctx.config.fieldManager);
    if (keepMs <= 0) {
        await (0,_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .scaleDeployment */ .eV)(ctx, ref, 0);
        notes.push(`${ref.name} scaled to zero right after the switch (keep-previous 0)`);
    }
    else if (ctx.clock.now() + keepMs <= ctx.deadline) {
        ctx.log(`${ref.name}: kept running for ${Math.round(keepMs / 1000)}s as the instant rollback`);
        await ctx.clock.sleep(keepMs);
        await (0,_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .scaleDeployment */ .eV)(ctx, ref, 0);
        notes.push(`${ref.name} was kept for ${Math.round(keepMs / 1000)}s, then scaled to zero`);
    }
    else {
        notes.push(`${ref.name} keeps running until ${until} as the instant rollback (action: rollback); a later deploy or cleanup scales it down after that`);
    }
}
async function switchTraffic(ctx, s, to, from) {
    const live = await ctx.kube.get(s.serviceRef);
    await ctx.kube.apply(serviceFor(s, live, to, from), {
        fieldManager: ctx.config.fieldManager,
        force: ctx.config.forceConflicts,
    });
    ctx.log(`traffic switched: Service/${s.serviceRef.name} ${from ?? '(none)'} → ${to}`);
}
async function applyPreview(ctx, s, color, base) {
    const selector = { ...(base.spec?.selector ?? {}), [COLOR_LABEL]: color };
    await ctx.kube.apply((0,_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .derivedService */ .bP)(base, s.previewRef.name, selector, {
        [`${_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .LABEL_PREFIX */ .Ag}/preview-of`]: s.serviceRef.name,
    }), {
        fieldManager: ctx.config.fieldManager,
        force: ctx.config.forceConflicts,
    });
    return (0,_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .serviceUrl */ .Rs)(ctx.kube, ctx, s.previewRef);
}
async function runChecks(ctx, url, color) {
    if (!ctx.config.checks && ctx.config.checkPaths.length === 0)
        return [];
    ctx.log(`pre-switch checks against ${color} (${url})`);
    return ctx.checks(url, `pre-switch checks on ${color}`);
}
async function blueGreen(ctx) {
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
            throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`strategy blue-green has no action '${ctx.config.action}'; use deploy, promote, rollback, cleanup or status`);
    }
}
async function deploy(ctx, s) {
    if (!s.template || !s.service) {
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('strategy blue-green, action deploy: the manifests need the Deployment and the Service');
    }
    const liveService = await ctx.kube.get(s.serviceRef);
    const active = activeColorOf(liveService);
    const idle = active ? other(active) : 'blue';
    await scaleDownExpired(ctx, s, active);
    const activeLive = active ? await ctx.kube.get(s.colorRef(active)) : undefined;
    const previousImage = (0,_rollback_js__WEBPACK_IMPORTED_MODULE_4__/* .firstImage */ .o2)(activeLive) ?? '';
    // Everything but the template Deployment and the Service goes in as it is.
    const rest = ctx.manifests.filter((manifest) => manifest.object !== s.template && manifest.object !== s.service);
    await (0,_apply_js__WEBPACK_IMPORTED_MODULE_1__/* .applyManifests */ .Z)(ctx.kube, rest, {
        fieldManager: ctx.config.fieldManager,
        force: ctx.config.forceConflicts,
        log: ctx.log,
    });
    if (active) {
        // Re-apply the user's Service (it may have changed) without moving traffic.
        const previous = liveService?.metadata.annotations?.[PREVIOUS];
        await ctx.kube.apply(serviceFor(s, liveService, active, previous), {
            fieldManager: ctx.config.fieldManager,
            force: ctx.config.forceConflicts,
        });
    }
    const idleRef = s.colorRef(idle);
    const colored = (0,_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .derivedDeployment */ .Xj)(s.template, idleRef.name, { [COLOR_LABEL]: idle }, { [`${_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .LABEL_PREFIX */ .Ag}/blue-green-of`]: s.name });
    delete colored.metadata.annotations?.[SCALE_DOWN_AT];
    // A colour scaled to zero earlier comes back with the template's replicas.
    colored.spec.replicas ??= 1;
    await ctx.kube.apply(colored, {
        fieldManager: ctx.config.fieldManager,
        force: ctx.config.forceConflicts,
    });
    ctx.log(`deploying ${(0,_rollback_js__WEBPACK_IMPORTED_MODULE_4__/* .firstImage */ .o2)(colored)} to ${idle} (${idleRef.name}); traffic stays on ${active ?? 'nothing yet'}`);
    const watch = await (0,_rollout_watcher_js__WEBPACK_IMPORTED_MODULE_5__/* .watchRollout */ .Dl)(ctx.kube, idleRef, {
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
        const diagnostics = await (0,_diagnostics_js__WEBPACK_IMPORTED_MODULE_2__/* .collectDiagnostics */ .R)(ctx.kube, s.namespace, { kind: 'Deployment', name: idleRef.name }, failure, {
            logLines: ctx.config.logLines,
            secrets: ctx.secrets,
        }).catch(() => undefined);
        await (0,_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .scaleDeployment */ .eV)(ctx, idleRef, 0);
        const headline = (0,_failure_detector_js__WEBPACK_IMPORTED_MODULE_3__/* .failureHeadline */ .Ni)(`Deployment/${idleRef.name}`, failure);
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
        await (0,_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .scaleDeployment */ .eV)(ctx, idleRef, 0);
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
    const notes = [];
    if (active)
        await keepPrevious(ctx, s, active, notes);
    const plain = { apiVersion: 'apps/v1', kind: 'Deployment', name: s.name, namespace: s.namespace };
    if (await ctx.kube.get(plain)) {
        notes.push(`Deployment/${s.name} (from before blue-green) still runs but no longer gets traffic from Service/${s.serviceRef.name}; delete it once ${idle} serves well`);
    }
    return result(ctx, s, {
        status: 'succeeded',
        headline: active
            ? `Switched Service/${s.serviceRef.name} from ${active} to ${idle} (${(0,_rollback_js__WEBPACK_IMPORTED_MODULE_4__/* .firstImage */ .o2)(colored)}).`
            : `First deploy: ${idle} (${(0,_rollback_js__WEBPACK_IMPORTED_MODULE_4__/* .firstImage */ .o2)(colored)}) serves Service/${s.serviceRef.name}.`,
        active: idle,
        previous: active,
        previewUrl,
        notes,
        previousImage,
    });
}
async function promote(ctx, s) {
    const liveService = await ctx.kube.get(s.serviceRef);
    if (!liveService)
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`cannot promote: Service/${s.serviceRef.name} does not exist in namespace ${s.namespace}`);
    const active = activeColorOf(liveService);
    const idle = active ? other(active) : 'blue';
    const idleLive = await ctx.kube.get(s.colorRef(idle));
    if (!idleLive || (idleLive.spec?.replicas ?? 1) === 0) {
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`nothing to promote: ${s.colorRef(idle).name} ${idleLive ? 'is scaled to zero' : 'does not exist'}; Service/${s.serviceRef.name} already sends traffic to ${active ?? 'nothing'}. Deploy with auto-promote: false first`);
    }
    const watch = await (0,_rollout_watcher_js__WEBPACK_IMPORTED_MODULE_5__/* .watchRollout */ .Dl)(ctx.kube, s.colorRef(idle), {
        deadline: ctx.deadline,
        maxRestarts: ctx.config.maxRestarts,
        log: ctx.log,
        clock: ctx.clock,
    });
    if (watch.outcome !== 'complete') {
        const failure = watch.failure;
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`cannot promote ${idle}: it is not ready (${failure ? (0,_failure_detector_js__WEBPACK_IMPORTED_MODULE_3__/* .failureHeadline */ .Ni)(`Deployment/${s.colorRef(idle).name}`, failure) : watch.lastLine})`);
    }
    const previewUrl = await (0,_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .serviceUrl */ .Rs)(ctx.kube, ctx, s.previewRef, 0);
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
    const notes = [];
    if (active)
        await keepPrevious(ctx, s, active, notes);
    return result(ctx, s, {
        status: 'succeeded',
        headline: `Promoted ${idle}: Service/${s.serviceRef.name} switched from ${active ?? 'nothing'} to ${idle}.`,
        active: idle,
        previous: active,
        previewUrl,
        notes,
        previousImage: (0,_rollback_js__WEBPACK_IMPORTED_MODULE_4__/* .firstImage */ .o2)(active ? await ctx.kube.get(s.colorRef(active)) : undefined),
    });
}
async function rollback(ctx, s) {
    const liveService = await ctx.kube.get(s.serviceRef);
    const active = activeColorOf(liveService);
    if (!liveService || !active) {
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`cannot roll back: Service/${s.serviceRef.name} is not switched by blue-green (no ${COLOR_LABEL} in its selector)`);
    }
    const previous = other(active);
    const ref = s.colorRef(previous);
    const kept = await ctx.kube.get(ref);
    if (!kept) {
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`cannot roll back to ${previous}: Deployment/${ref.name} is gone (removed by cleanup); deploy the previous image instead`);
    }
    if ((kept.spec?.replicas ?? 1) === 0) {
        const replicas = Number(kept.metadata.annotations?.[REPLICAS] ?? s.template?.spec?.replicas ?? 1);
        ctx.log(`${ref.name} was scaled to zero after keep-previous; scaling it back to ${replicas}`);
        await (0,_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .scaleDeployment */ .eV)(ctx, ref, replicas);
    }
    const watch = await (0,_rollout_watcher_js__WEBPACK_IMPORTED_MODULE_5__/* .watchRollout */ .Dl)(ctx.kube, ref, {
        deadline: ctx.deadline,
        maxRestarts: ctx.config.maxRestarts,
        log: ctx.log,
        clock: ctx.clock,
    });
    if (watch.outcome !== 'complete') {
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`cannot roll back to ${previous}: it does not become ready (${watch.failure ? (0,_failure_detector_js__WEBPACK_IMPORTED_MODULE_3__/* .failureHeadline */ .Ni)(`Deployment/${ref.name}`, watch.failure) : watch.lastLine}); traffic stays on ${active}`);
    }
    await switchTraffic(ctx, { ...s, service: undefined }, previous, active);
    const notes = [];
    try {
        await (0,_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .scaleDeployment */ .eV)(ctx, s.colorRef(active), 0);
        notes.push(`${s.colorRef(active).name} (the version rolled back from) scaled to zero`);
    }
    catch (error) {
        notes.push(`could not scale down ${s.colorRef(active).name}: ${(0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error)}`);
    }
    return result(ctx, s, {
        status: 'rolled-back',
        headline: `Rolled back: Service/${s.serviceRef.name} switched from ${active} back to ${previous} (${(0,_rollback_js__WEBPACK_IMPORTED_MODULE_4__/* .firstImage */ .o2)(kept)}).`,
        active: previous,
        previous: active,
        notes,
        previousImage: (0,_rollback_js__WEBPACK_IMPORTED_MODULE_4__/* .firstImage */ .o2)(await ctx.kube.get(s.colorRef(active))),
    });
}
async function cleanup(ctx, s) {
    const liveService = await ctx.kube.get(s.serviceRef);
    const active = activeColorOf(liveService);
    const notes = [];
    for (const color of ['blue', 'green']) {
        if (color === active)
            continue;
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
        headline: notes.length > 0
            ? `Cleaned up; ${active ?? 'no colour'} stays active.`
            : `Nothing to clean up; ${active ?? 'no colour'} is active.`,
        active,
        notes,
    });
}
async function status(ctx, s) {
    const liveService = await ctx.kube.get(s.serviceRef);
    const active = activeColorOf(liveService);
    const previous = liveService?.metadata.annotations?.[PREVIOUS];
    const previewUrl = (await ctx.kube.get(s.previewRef))
        ? await (0,_workload_copies_js__WEBPACK_IMPORTED_MODULE_8__/* .serviceUrl */ .Rs)(ctx.kube, ctx, s.previewRef, 0)
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
