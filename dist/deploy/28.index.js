export const id = 28;
export const ids = [28,455,588,829];
export const modules = {

/***/ 9291:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ applyManifests),
/* harmony export */   _: () => (/* binding */ prepareManifests)
/* harmony export */ });
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2921);
/* harmony import */ var _manifests_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5829);
/**
 * Server-side apply of every manifest. Before anything is applied, every kind is checked against
 * the API server's discovery (an unknown kind stops the run with nothing applied). Objects go in
 * dependency order (Namespaces, config and Secrets, Services, then workloads). A failure part-way
 * names what was already applied.
 */


const ORDER = [
    'Namespace',
    'CustomResourceDefinition',
    'ResourceQuota',
    'LimitRange',
    'ServiceAccount',
    'Secret',
    'ConfigMap',
    'PersistentVolumeClaim',
    'ClusterRole',
    'ClusterRoleBinding',
    'Role',
    'RoleBinding',
    'Service',
    'DaemonSet',
    'Deployment',
    'StatefulSet',
    'Rollout',
    'Job',
    'CronJob',
    'Ingress',
    'HorizontalPodAutoscaler',
    'PodDisruptionBudget',
];
function rank(kind) {
    const index = ORDER.indexOf(kind);
    return index < 0 ? ORDER.length : index;
}
/**
 * Resolves namespaces (namespaced kinds default to `namespace`) and rejects unknown kinds, all
 * before any change. Returns the manifests in apply order.
 */
async function prepareManifests(kube, manifests, namespace) {
    const unknown = [];
    for (const manifest of manifests) {
        const { apiVersion, kind } = manifest.object;
        const info = await kube.kindInfo(apiVersion, kind);
        if (!info) {
            unknown.push(`${manifest.source}: unknown kind ${kind} in ${apiVersion} (the API server does not serve it)`);
            continue;
        }
        if (info.namespaced)
            manifest.object.metadata.namespace ??= namespace;
        else
            delete manifest.object.metadata.namespace;
    }
    if (unknown.length > 0) {
        throw new _manifests_js__WEBPACK_IMPORTED_MODULE_1__/* .ManifestError */ .Sh(`${unknown.join('\n')}\nnothing was applied`);
    }
    return [...manifests].sort((a, b) => rank(a.object.kind) - rank(b.object.kind));
}
async function applyManifests(kube, manifests, options) {
    const applied = [];
    for (const manifest of manifests) {
        const { object } = manifest;
        try {
            const live = await kube.apply(object, {
                fieldManager: options.fieldManager,
                force: options.force,
            });
            applied.push({
                kind: object.kind,
                name: object.metadata.name,
                namespace: object.metadata.namespace,
                apiVersion: object.apiVersion,
                live,
                applied: object,
            });
            options.log(`applied ${object.kind}/${object.metadata.name}${object.metadata.namespace ? ` in ${object.metadata.namespace}` : ''}`);
        }
        catch (error) {
            const done = applied.map((item) => `${item.kind}/${item.name}`);
            const already = done.length > 0
                ? `; already applied (left in place): ${done.join(', ')}`
                : '; nothing was applied';
            throw new _manifests_js__WEBPACK_IMPORTED_MODULE_1__/* .ManifestError */ .Sh(`${manifest.source}: ${(0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error)}${already}`, {
                cause: error,
            });
        }
    }
    return applied;
}


/***/ }),

/***/ 7771:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ collectDiagnostics),
/* harmony export */   a: () => (/* binding */ explainUnready)
/* harmony export */ });
/* harmony import */ var _shared_exec_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9019);
/* harmony import */ var _failure_detector_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4204);
/**
 * What the summary shows about a failure: the failing container's last log lines and the
 * recent events of its Pod and workload. Also names the cause of a rollout that never became
 * ready (the latest `Unhealthy` event, e.g. a failing readiness probe).
 */


function toEventLine(event) {
    const e = event;
    return {
        type: e.type ?? 'Normal',
        reason: e.reason ?? '',
        object: `${e.involvedObject?.kind ?? '?'}/${e.involvedObject?.name ?? '?'}`,
        message: (e.message ?? '').trim(),
        count: e.count ?? 1,
    };
}
async function collectDiagnostics(kube, namespace, workload, failure, options) {
    const result = { logs: [], events: [] };
    const secrets = options.secrets ?? [];
    if (failure?.pod && failure.container && options.logLines > 0) {
        const previous = failure.restarted === true;
        let text = await kube.podLogs(namespace, failure.pod, failure.container, options.logLines, previous);
        if (!text && previous) {
            text = await kube.podLogs(namespace, failure.pod, failure.container, options.logLines, false);
        }
        result.logs = (0,_shared_exec_js__WEBPACK_IMPORTED_MODULE_0__/* .redact */ .E)(text, secrets)
            .split(/\r?\n/)
            .filter((line) => line !== '')
            .slice(-options.logLines);
        result.logSource = `${failure.pod}/${failure.container}${previous ? ' (previous run)' : ''}`;
    }
    const events = [];
    if (failure?.pod)
        events.push(...(await kube.events(namespace, 'Pod', failure.pod)));
    events.push(...(await kube.events(namespace, workload.kind, workload.name)));
    result.events = events
        .map(toEventLine)
        .map((line) => ({ ...line, message: (0,_shared_exec_js__WEBPACK_IMPORTED_MODULE_0__/* .redact */ .E)(line.message, secrets) }))
        .slice(-(options.maxEvents ?? 10));
    return result;
}
/**
 * For a rollout that timed out or hit its progress deadline without a fatal Pod state: find a
 * running-but-unready Pod and the reason from its latest Unhealthy event.
 */
async function explainUnready(kube, namespace, pods) {
    const pod = (0,_failure_detector_js__WEBPACK_IMPORTED_MODULE_1__/* .unreadyPod */ .KY)(pods);
    if (!pod)
        return undefined;
    const container = (pod.status?.containerStatuses ?? []).find((status) => status.state?.running && !status.ready)?.name;
    const events = (await kube.events(namespace, 'Pod', pod.metadata.name)).map(toEventLine);
    const unhealthy = events.filter((event) => event.reason === 'Unhealthy').pop();
    return {
        pod: pod.metadata.name,
        container,
        message: unhealthy
            ? `never became ready: ${unhealthy.message}`
            : 'never became ready (its readiness probe keeps failing)',
    };
}


/***/ }),

/***/ 4204:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KY: () => (/* binding */ unreadyPod),
/* harmony export */   Ni: () => (/* binding */ failureHeadline),
/* harmony export */   W4: () => (/* binding */ detectFailure)
/* harmony export */ });
/* unused harmony export podFailure */
/** Waiting reasons that never resolve without a new spec. */
const FATAL_WAITING = new Set([
    'ErrImagePull',
    'ImagePullBackOff',
    'InvalidImageName',
    'ErrImageNeverPull',
    'CreateContainerConfigError',
    'CreateContainerError',
    'RunContainerError',
    'CrashLoopBackOff',
]);
const DEFINITE_PULL_FAILURE = /not found|manifest unknown|unknown manifest|unauthorized|denied|forbidden|does not exist|no such host|invalid|pull access/i;
function describeTermination(terminated) {
    const parts = [`exit code ${terminated.exitCode ?? '?'}`];
    if (terminated.reason)
        parts.unshift(terminated.reason);
    const message = terminated.message?.trim().split('\n').filter(Boolean).pop();
    if (message)
        parts.push(message);
    return parts.join(', ');
}
/** The first fatal state of one Pod, or undefined. */
function podFailure(pod, options) {
    const name = pod.metadata.name;
    const resource = `Pod/${name}`;
    const status = pod.status ?? {};
    const statuses = [
        ...(status.initContainerStatuses ?? []),
        ...(status.containerStatuses ?? []),
    ];
    for (const container of statuses) {
        const base = { resource, pod: name, container: container.name };
        const restarts = container.restartCount ?? 0;
        const waiting = container.state?.waiting;
        const last = container.lastState?.terminated;
        const current = container.state?.terminated;
        if (current?.reason === 'OOMKilled' || last?.reason === 'OOMKilled') {
            return {
                ...base,
                reason: 'OOMKilled',
                message: `the container was killed for using more memory than its limit (${describeTermination((current ?? last))}, ${restarts} restarts)`,
                restarted: true,
            };
        }
        // A pull that failed on a network hiccup is retried by the kubelet: only a definite answer
        // (no such image, no access) is fatal at once; otherwise ImagePullBackOff follows shortly.
        const transientPull = waiting?.reason === 'ErrImagePull' && !DEFINITE_PULL_FAILURE.test(waiting.message ?? '');
        if (waiting?.reason && FATAL_WAITING.has(waiting.reason) && !transientPull) {
            let message = waiting.message ?? waiting.reason;
            if (waiting.reason === 'CrashLoopBackOff' && last) {
                message = `${message}; last exit: ${describeTermination(last)} (${restarts} restarts)`;
            }
            return { ...base, reason: waiting.reason, message, restarted: restarts > 0 };
        }
        if (restarts > options.maxRestarts) {
            return {
                ...base,
                reason: 'RestartsOverThreshold',
                message: `${restarts} restarts (more than max-restarts ${options.maxRestarts})${last ? `; last exit: ${describeTermination(last)}` : ''}`,
                restarted: true,
            };
        }
    }
    const conditions = (status.conditions ?? []);
    const scheduled = conditions.find((entry) => entry.type === 'PodScheduled');
    if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
        return {
            resource,
            pod: name,
            reason: 'Unschedulable',
            message: scheduled.message ?? 'the Pod cannot be scheduled on any node',
        };
    }
    // With restartPolicy Always (every Deployment Pod) the kubelet restarts a terminated container;
    // only other policies make a Failed phase final.
    const restartPolicy = pod.spec?.restartPolicy ?? 'Always';
    if (status.phase === 'Failed' && restartPolicy !== 'Always') {
        return {
            resource,
            pod: name,
            reason: status.reason ?? 'PodFailed',
            message: status.message ?? 'the Pod failed',
        };
    }
    return undefined;
}
/** The first fatal state among the Pods (oldest Pod first, so the report is stable). */
function detectFailure(pods, options) {
    const ordered = [...pods].sort((a, b) => String(a.metadata.creationTimestamp ?? '').localeCompare(String(b.metadata.creationTimestamp ?? '')));
    for (const pod of ordered) {
        if (pod.metadata.deletionTimestamp)
            continue;
        const failure = podFailure(pod, options);
        if (failure)
            return failure;
    }
    return undefined;
}
/** A Pod whose containers run but are not ready: the cause of a never-ready rollout. */
function unreadyPod(pods) {
    return pods.find((pod) => (pod.status?.containerStatuses ?? []).some((container) => container.state?.running && !container.ready));
}
/** The first line of an error: resource, container, reason and message. */
function failureHeadline(workload, failure) {
    const container = failure.container ? ` container ${failure.container}` : '';
    const resource = failure.resource === workload ? '' : `${failure.resource}${container}: `;
    return `${workload}: ${resource}${failure.reason}: ${failure.message}`;
}


/***/ }),

/***/ 1028:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  k8sRollout: () => (/* binding */ k8sRollout)
});

// UNUSED EXPORTS: ARGO_API_VERSION

// EXTERNAL MODULE: ./shared/clock.js
var shared_clock = __webpack_require__(4046);
// EXTERNAL MODULE: ./shared/errors.js
var errors = __webpack_require__(2921);
// EXTERNAL MODULE: ./shared/kube.js
var shared_kube = __webpack_require__(5455);
// EXTERNAL MODULE: ./k8s-rollout/apply.js
var apply = __webpack_require__(9291);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(4379);
;// CONCATENATED MODULE: ./k8s-rollout/pre-switch-checks.js
/**
 * Pre-switch (blue-green) and between-step (canary) checks against the preview / canary
 * endpoint. With `checks` (a file or inline YAML in the post-deploy-verify format) they run through
 * post-deploy-verify's own engine with the endpoint as base-url, so the same file verifies the
 * preview before the switch and production after it. Without it, each `check-paths` entry must
 * answer 2xx (retried a few times, so a Pod that just turned ready is not judged on one request).
 */



/** Plain HTTP checks of `check-paths`. */
function pathChecks(paths, clock, deadline, attempts = 3) {
    return async (baseUrl, what) => {
        const failures = [];
        for (const path of paths) {
            const url = new URL(path, baseUrl).toString();
            let last = '';
            for (let attempt = 1; attempt <= attempts; attempt++) {
                try {
                    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
                    await response.arrayBuffer();
                    if (response.status >= 200 && response.status < 300) {
                        last = '';
                        break;
                    }
                    last = `HTTP ${response.status}`;
                }
                catch (error) {
                    last = (0,errors/* errorMessage */.gJ)(error);
                }
                if (attempt < attempts && clock.now() < deadline)
                    await clock.sleep(500 * attempt);
            }
            if (last)
                failures.push(`${what}: GET ${path} failed after ${attempts} attempts: ${last}`);
        }
        return failures;
    };
}
/** Reads the `checks` input: a workspace file when it names one, else inline YAML. */
function readChecks(value, workspace) {
    if (!value.includes('\n')) {
        const path = (0,external_node_path_.isAbsolute)(value) ? value : (0,external_node_path_.resolve)(workspace, value);
        if ((0,external_node_fs_.existsSync)(path) && (0,external_node_fs_.statSync)(path).isFile()) {
            return { text: (0,external_node_fs_.readFileSync)(path, 'utf8'), source: value, file: value };
        }
        if (/\.(ya?ml|json)$/i.test(value)) {
            throw new errors/* ConfigError */.xL('checks', `the file ${(0,errors/* quote */.hD)(value)} does not exist (looked in ${workspace})`);
        }
    }
    return { text: value, source: "input 'checks'", file: undefined };
}
/**
 * The runner for the config. A checks document is parsed and validated here, before anything is
 * deployed, so a mistake in it costs no rollout.
 */
async function createCheckRunner(config, clock, deadline, log = () => undefined) {
    if (!config.checks)
        return pathChecks(config.checkPaths, clock, deadline);
    const { parseChecks, verify } = await Promise.all(/* import() */[__webpack_require__.e(483), __webpack_require__.e(23), __webpack_require__.e(736)]).then(__webpack_require__.bind(__webpack_require__, 6736));
    const { text, source, file } = readChecks(config.checks, config.workspace);
    parseChecks(text, source, { baseUrl: 'http://preview.invalid', namespace: config.namespace }, file);
    const paths = pathChecks(config.checkPaths, clock, deadline);
    return async (baseUrl, what) => {
        const checks = parseChecks(text, source, { baseUrl, namespace: config.namespace }, file);
        const budget = Math.max(1000, Math.min(120_000, deadline - clock.now()));
        const result = await verify({ checks, deadlineMs: budget, concurrency: 4 }, { clock, log });
        const failures = result.checks
            .filter((check) => check.verdict !== 'pass')
            .map((check) => `${what}: ${check.name} ${check.verdict}: ${check.reason ?? check.lastStatus}`);
        return [...failures, ...(config.checkPaths.length > 0 ? await paths(baseUrl, what) : [])];
    };
}

// EXTERNAL MODULE: ./k8s-rollout/kube-client.js
var kube_client = __webpack_require__(3372);
// EXTERNAL MODULE: ./k8s-rollout/manifest-files.js
var manifest_files = __webpack_require__(588);
// EXTERNAL MODULE: ./k8s-rollout/manifests.js
var k8s_rollout_manifests = __webpack_require__(5829);
// EXTERNAL MODULE: ./k8s-rollout/strategies/rolling.js
var rolling = __webpack_require__(4560);
;// CONCATENATED MODULE: ./k8s-rollout/k8s-rollout.js
/**
 * k8s-rollout as a library: `k8sRollout(config, ports)` connects, reads the manifests, and runs
 * the requested action with the chosen strategy. It never sets outputs or fails the process:
 * the result carries the outputs, the summary markdown and, when the step should fail, `error`.
 * The deploy pipeline calls it in-process.
 */









const ARGO_API_VERSION = 'argoproj.io/v1alpha1';
function isArgoRollout(manifest) {
    return (manifest.object.kind === 'Rollout' && manifest.object.apiVersion.startsWith('argoproj.io/'));
}
async function k8sRollout(config, ports = {}) {
    const clock = ports.clock ?? shared_clock/* systemClock */.m;
    const log = ports.log ?? ((line) => console.log(line));
    const deadline = clock.now() + config.timeoutMs;
    let kube = ports.kube;
    let dispose;
    let secrets = [];
    try {
        // Files first: a typo in a path should not need a cluster to be reported.
        let manifests = [];
        if (config.manifests.length > 0) {
            const files = (0,manifest_files.findManifestFiles)(config.manifests, config.workspace);
            manifests = await (0,k8s_rollout_manifests.loadManifests)(files, config.workspace);
            const substituted = (0,k8s_rollout_manifests/* substituteImages */.Rd)(manifests, config.images);
            for (const change of substituted.changes)
                log(`image: ${change}`);
        }
        else if (config.images.length > 0) {
            throw new errors/* UserError */.yo("input 'images': needs 'manifests' to substitute the images into");
        }
        const argo = manifests.some(isArgoRollout) || /^rollouts?\//i.test(config.workload);
        if (!argo &&
            config.strategy === 'rolling' &&
            !['deploy', 'rollback', 'status'].includes(config.action)) {
            throw new errors/* UserError */.yo(`input 'action': '${config.action}' needs strategy blue-green or canary, or an Argo Rollout; the rolling strategy supports deploy, rollback and status`);
        }
        // A broken checks file should stop the run before anything is deployed.
        const checks = ports.checks ?? (await createCheckRunner(config, clock, deadline, log));
        if (!kube) {
            const loaded = await (0,shared_kube.loadKubeConfig)({ content: config.kubeconfig, context: config.context });
            dispose = loaded.dispose;
            secrets = loaded.secrets;
            log(`cluster: ${loaded.server} (context ${loaded.context}), namespace ${config.namespace}`);
            kube = await (0,kube_client/* createKube */.gN)(loaded.kubeConfig);
        }
        if (manifests.length > 0)
            manifests = await (0,apply/* prepareManifests */._)(kube, manifests, config.namespace);
        if (config.createNamespace && config.action === 'deploy') {
            await kube.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: config.namespace } }, { fieldManager: config.fieldManager, force: false });
            log(`namespace ${config.namespace} ensured`);
        }
        const ctx = {
            config,
            kube,
            clock,
            log,
            deadline,
            secrets,
            manifests,
            checks: ports.checks ?? checks,
        };
        if (argo) {
            const { argoRollout } = await __webpack_require__.e(/* import() */ 857).then(__webpack_require__.bind(__webpack_require__, 4857));
            return await argoRollout(ctx);
        }
        if (config.strategy === 'blue-green') {
            const { blueGreen } = await __webpack_require__.e(/* import() */ 779).then(__webpack_require__.bind(__webpack_require__, 3779));
            return await blueGreen(ctx);
        }
        if (config.strategy === 'canary') {
            const { canary } = await __webpack_require__.e(/* import() */ 81).then(__webpack_require__.bind(__webpack_require__, 4081));
            return await canary(ctx);
        }
        switch (config.action) {
            case 'deploy':
                return await (0,rolling/* rollingDeploy */.HJ)(ctx);
            case 'rollback':
                return await (0,rolling/* rollingRollback */.cc)(ctx);
            case 'status':
                return await (0,rolling/* rollingStatus */.yI)(ctx);
            default:
                throw new errors/* UserError */.yo(`input 'action': '${config.action}' needs strategy blue-green or canary, or an Argo Rollout; the rolling strategy supports deploy, rollback and status`);
        }
    }
    finally {
        dispose?.();
    }
}


/***/ }),

/***/ 3372:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   PU: () => (/* binding */ statusCodeOf),
/* harmony export */   gN: () => (/* binding */ createKube),
/* harmony export */   r3: () => (/* binding */ isRetryable)
/* harmony export */ });
/* unused harmony exports KubeRequestError, conflictManagers, eventTime, toRef, describeRef */
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2921);
/* harmony import */ var _shared_kube_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5455);


/** A failed API request; `code` is the HTTP status (0 for a network error). */
class KubeRequestError extends _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo {
    code;
    constructor(message, code, options) {
        super(message, options);
        this.code = code;
    }
    /** 5xx, 429 and network errors are worth retrying; 4xx are not. */
    get retryable() {
        return this.code === 0 || this.code === 429 || this.code >= 500;
    }
}
function statusCodeOf(error) {
    if (error instanceof KubeRequestError)
        return error.code;
    return (0,_shared_kube_js__WEBPACK_IMPORTED_MODULE_1__/* .kubeApiFailure */ .Q)(error)?.code ?? 0;
}
function isRetryable(error) {
    const code = statusCodeOf(error);
    return code === 0 || code === 429 || code >= 500;
}
function plain(value) {
    return JSON.parse(JSON.stringify(value));
}
/** The real port over @kubernetes/client-node. */
async function createKube(kubeConfig) {
    const client = await Promise.all(/* import() */[__webpack_require__.e(831), __webpack_require__.e(280)]).then(__webpack_require__.bind(__webpack_require__, 8280));
    const { KubernetesObjectApi, CoreV1Api, Watch, PatchStrategy, HttpMethod } = client;
    class ObjectApi extends KubernetesObjectApi {
        async kind(apiVersion, kind) {
            return this.resource(apiVersion, kind);
        }
        /** A merge patch of a subresource (KubernetesObjectApi has none). */
        async patchSubresource(spec, subresource, patch) {
            const path = `${await this.specUriPath(spec, 'patch')}/${subresource}`;
            const request = this.configuration.baseServer.makeRequestContext(path, HttpMethod.PATCH);
            request.setHeaderParam('Accept', 'application/json');
            request.setHeaderParam('Content-Type', PatchStrategy.MergePatch);
            request.setBody(JSON.stringify(patch));
            return this.requestPromise(request);
        }
    }
    const objects = kubeConfig.makeApiClient(ObjectApi);
    // makeApiClient does not set the default namespace the way KubernetesObjectApi.makeApiClient does.
    objects.defaultNamespace = 'default';
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const watcher = new Watch(kubeConfig);
    const discovered = new Map();
    const fail = (error, verb, resource, namespace) => {
        if (error instanceof KubeRequestError)
            throw error;
        const failure = (0,_shared_kube_js__WEBPACK_IMPORTED_MODULE_1__/* .kubeApiFailure */ .Q)(error);
        throw new KubeRequestError((0,_shared_kube_js__WEBPACK_IMPORTED_MODULE_1__/* .describeKubeFailure */ .h)(error, verb, resource, namespace), failure?.code ?? 0, { cause: error });
    };
    const resourceName = (ref) => `${ref.kind.toLowerCase()}/${ref.name}`;
    const header = (ref) => ({
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        metadata: { name: ref.name, namespace: ref.namespace },
    });
    const kube = {
        async kindInfo(apiVersion, kind) {
            const key = `${apiVersion}/${kind}`;
            if (discovered.has(key))
                return discovered.get(key);
            let info;
            try {
                const resource = await objects.kind(apiVersion, kind);
                info = resource ? { plural: resource.name, namespaced: resource.namespaced } : undefined;
            }
            catch (error) {
                const code = (0,_shared_kube_js__WEBPACK_IMPORTED_MODULE_1__/* .kubeApiFailure */ .Q)(error)?.code;
                // An unknown group/version answers 404 to discovery.
                if (code === 404)
                    info = undefined;
                else
                    fail(error, 'discover', `${kind} (${apiVersion})`);
            }
            discovered.set(key, info);
            return info;
        },
        async apply(object, options) {
            const send = (force) => objects.patch(object, undefined, undefined, options.fieldManager, force, PatchStrategy.ServerSideApply);
            try {
                try {
                    return plain(await send(options.force));
                }
                catch (error) {
                    // Fields we changed ourselves by a patch (a rollback, a scale) belong to the same
                    // manager name with the Update operation: taking them back is no conflict with anyone.
                    const managers = conflictManagers((0,_shared_kube_js__WEBPACK_IMPORTED_MODULE_1__/* .kubeApiFailure */ .Q)(error)?.message);
                    if (options.force ||
                        managers.length === 0 ||
                        managers.some((name) => name !== options.fieldManager)) {
                        throw error;
                    }
                    return plain(await send(true));
                }
            }
            catch (error) {
                const failure = (0,_shared_kube_js__WEBPACK_IMPORTED_MODULE_1__/* .kubeApiFailure */ .Q)(error);
                if (failure?.code === 409) {
                    throw new KubeRequestError(`server-side apply conflict on ${resourceName(toRef(object))}: ${failure.message ?? 'conflict'}; ` +
                        "another field manager owns these fields: set 'force-conflicts: true' to take them over, " +
                        "or change 'field-manager' to the one that owns them", 409, { cause: error });
                }
                return fail(error, 'patch', resourceName(toRef(object)), object.metadata.namespace);
            }
        },
        async get(ref) {
            try {
                return plain(await objects.read(header(ref)));
            }
            catch (error) {
                if ((0,_shared_kube_js__WEBPACK_IMPORTED_MODULE_1__/* .kubeApiFailure */ .Q)(error)?.code === 404)
                    return undefined;
                return fail(error, 'get', resourceName(ref), ref.namespace);
            }
        },
        async list(apiVersion, kind, namespace, options = {}) {
            try {
                const list = await objects.list(apiVersion, kind, namespace, undefined, undefined, undefined, options.fieldSelector, options.labelSelector);
                const items = plain(list.items);
                for (const item of items) {
                    item.apiVersion ??= apiVersion;
                    item.kind ??= kind;
                }
                return { items, resourceVersion: list.metadata?.resourceVersion ?? '' };
            }
            catch (error) {
                return fail(error, 'list', `${kind.toLowerCase()}s`, namespace);
            }
        },
        async mergePatch(ref, patch, fieldManager, subresource) {
            try {
                if (subresource) {
                    return plain(await objects.patchSubresource(header(ref), subresource, patch));
                }
                // KubernetesObjectApi finds the object by the body's apiVersion, kind and metadata.
                const { metadata, ...rest } = patch;
                const body = {
                    ...rest,
                    ...header(ref),
                    metadata: { ...(metadata ?? {}), ...header(ref).metadata },
                };
                const result = await objects.patch(body, undefined, undefined, fieldManager, undefined, PatchStrategy.MergePatch);
                return plain(result);
            }
            catch (error) {
                return fail(error, 'patch', resourceName(ref), ref.namespace);
            }
        },
        async delete(ref) {
            try {
                await objects.delete(header(ref), undefined, undefined, undefined, undefined, 'Background');
            }
            catch (error) {
                if ((0,_shared_kube_js__WEBPACK_IMPORTED_MODULE_1__/* .kubeApiFailure */ .Q)(error)?.code === 404)
                    return;
                fail(error, 'delete', resourceName(ref), ref.namespace);
            }
        },
        async watch(apiVersion, kind, namespace, options, onEvent, onDone) {
            const info = await kube.kindInfo(apiVersion, kind);
            if (!info)
                throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`the API server does not serve ${kind} (${apiVersion})`);
            const group = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
            const path = `${group}${info.namespaced ? `/namespaces/${namespace}` : ''}/${info.plural}`;
            const params = {
                resourceVersion: options.resourceVersion,
                allowWatchBookmarks: true,
            };
            if (options.labelSelector)
                params.labelSelector = options.labelSelector;
            if (options.fieldSelector)
                params.fieldSelector = options.fieldSelector;
            const controller = await watcher.watch(path, params, (type, object) => onEvent({ type: type, object }), (error) => onDone(error ?? undefined));
            return () => controller.abort();
        },
        async podLogs(namespace, pod, container, tailLines, previous = false) {
            try {
                const text = await core.readNamespacedPodLog({
                    name: pod,
                    namespace,
                    container,
                    tailLines,
                    previous,
                });
                return typeof text === 'string' ? text : String(text ?? '');
            }
            catch {
                return '';
            }
        },
        async events(namespace, kind, name) {
            try {
                const list = await core.listNamespacedEvent({
                    namespace,
                    fieldSelector: `involvedObject.kind=${kind},involvedObject.name=${name}`,
                });
                const items = plain(list.items);
                return items.sort((a, b) => eventTime(a).localeCompare(eventTime(b)));
            }
            catch (error) {
                if ((0,_shared_kube_js__WEBPACK_IMPORTED_MODULE_1__/* .kubeApiFailure */ .Q)(error))
                    return [];
                throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`cannot list events: ${(0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error)}`);
            }
        },
    };
    return kube;
}
/** Field managers named in a server-side apply conflict message. */
function conflictManagers(message) {
    return [...(message ?? '').matchAll(/conflict with "([^"]+)"/g)].map((match) => match[1]);
}
function eventTime(event) {
    const e = event;
    return String(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '');
}
function toRef(object) {
    return {
        apiVersion: object.apiVersion,
        kind: object.kind,
        name: object.metadata.name,
        namespace: object.metadata.namespace,
    };
}
function describeRef(ref) {
    return `${ref.kind}/${ref.name}`;
}


/***/ }),

/***/ 588:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   findManifestFiles: () => (/* binding */ findManifestFiles)
/* harmony export */ });
/* unused harmony exports isGlob, globToRegExp */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4379);
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2921);
/**
 * Expands the `manifests` input (files, directories, globs) into a sorted list of files.
 * Directories contribute their *.yaml, *.yml and *.json files (not recursively, as `kubectl -f`);
 * globs support `*`, `?`, `**` and `{a,b}`.
 */



const MANIFEST = /\.(ya?ml|json)$/i;
function isGlob(pattern) {
    return /[*?{[]/.test(pattern);
}
/** A glob as a regular expression over '/'-separated relative paths. */
function globToRegExp(pattern) {
    let out = '';
    for (let i = 0; i < pattern.length; i++) {
        const char = pattern[i];
        if (char === '*') {
            if (pattern[i + 1] === '*') {
                const slash = pattern[i + 2] === '/';
                out += slash ? '(?:.*/)?' : '.*';
                i += slash ? 2 : 1;
            }
            else {
                out += '[^/]*';
            }
        }
        else if (char === '?') {
            out += '[^/]';
        }
        else if (char === '{') {
            const end = pattern.indexOf('}', i);
            if (end < 0) {
                out += '\\{';
                continue;
            }
            const options = pattern.slice(i + 1, end).split(',');
            out += `(?:${options.map((option) => option.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('|')})`;
            i = end;
        }
        else {
            out += char.replace(/[.+^$()|[\]\\]/g, '\\$&');
        }
    }
    return new RegExp(`^${out}$`);
}
function walk(root, dir, found) {
    for (const entry of (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(dir, { withFileTypes: true })) {
        if (entry.name === 'node_modules' || entry.name === '.git')
            continue;
        const full = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, entry.name);
        if (entry.isDirectory())
            walk(root, full, found);
        else if (entry.isFile())
            found.push((0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(root, full).split(node_path__WEBPACK_IMPORTED_MODULE_1__.sep).join('/'));
    }
}
/** Resolves the inputs to files; throws a UserError naming every entry that matched nothing. */
function findManifestFiles(entries, workspace) {
    const files = new Set();
    const missing = [];
    let tree;
    for (const entry of entries) {
        const full = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(entry) ? entry : (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(workspace, entry);
        if (!isGlob(entry)) {
            if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(full)) {
                missing.push(entry);
                continue;
            }
            if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(full).isDirectory()) {
                const inside = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(full, { withFileTypes: true })
                    .filter((item) => item.isFile() && MANIFEST.test(item.name))
                    .map((item) => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(full, item.name));
                if (inside.length === 0)
                    missing.push(`${entry} (a directory without .yaml/.yml/.json files)`);
                inside.sort().forEach((file) => files.add(file));
            }
            else {
                files.add(full);
            }
            continue;
        }
        let matched;
        if ((0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(entry)) {
            const base = entry.slice(0, entry.search(/[*?{[]/)).replace(/[^/]*$/, '') || '/';
            const found = [];
            if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(base))
                walk(base, base, found);
            const regex = globToRegExp((0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(base, entry).split(node_path__WEBPACK_IMPORTED_MODULE_1__.sep).join('/'));
            matched = found.filter((file) => regex.test(file)).map((file) => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(base, file));
        }
        else {
            if (!tree) {
                tree = [];
                walk(workspace, workspace, tree);
            }
            const regex = globToRegExp(entry.replace(/^\.\//, ''));
            matched = tree.filter((file) => regex.test(file)).map((file) => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(workspace, file));
        }
        matched = matched.filter((file) => MANIFEST.test(file));
        if (matched.length === 0)
            missing.push(entry);
        matched.sort().forEach((file) => files.add(file));
    }
    if (missing.length > 0) {
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`input 'manifests': no manifest found for ${missing.map((entry) => (0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(entry)).join(', ')} ` +
            `(looked in ${workspace}); list existing files, directories or globs such as k8s/*.yaml`);
    }
    return [...files];
}


/***/ }),

/***/ 5829:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Rd: () => (/* binding */ substituteImages),
/* harmony export */   Sh: () => (/* binding */ ManifestError),
/* harmony export */   loadManifests: () => (/* binding */ loadManifests)
/* harmony export */ });
/* unused harmony exports parseManifests, podSpecsOf, containersOf */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4379);
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2921);
/* harmony import */ var _shared_image_ref_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6901);
/**
 * Reads manifests: multi-document YAML (and JSON), `kind: List` expanded, each document
 * remembering its file and line for error messages; image substitution before apply.
 */




/**
 * A problem at a place in a manifest file: the message starts with `file:line:`, and the action
 * annotates that line.
 */
class ManifestError extends _shared_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo {
    file;
    line;
    constructor(message, options) {
        super(message, options);
        const match = /^([^\s:]+?)(?::(\d+))?:\s/.exec(message);
        this.file = match?.[1] ?? '';
        this.line = match?.[2] ? Number(match[2]) : undefined;
    }
}
/** Line numbers (1-based) of the first content line of each YAML document of the text. */
function documentStarts(text) {
    const starts = [];
    let current;
    let separatorLine = 1;
    let open = false;
    text.split(/\r?\n/).forEach((line, index) => {
        if (/^---(\s|$)/.test(line)) {
            if (open || starts.length > 0 || current !== undefined)
                starts.push(current ?? separatorLine);
            current = undefined;
            separatorLine = index + 1;
            open = false;
        }
        else if (line.trim() !== '' && !line.trim().startsWith('#')) {
            current ??= index + 1;
            open = true;
        }
    });
    starts.push(current ?? separatorLine);
    return starts;
}
/** Parses one file's text; `name` is how the file is shown in messages. */
async function parseManifests(text, name) {
    const yaml = await __webpack_require__.e(/* import() */ 831).then(__webpack_require__.bind(__webpack_require__, 2831));
    let documents;
    try {
        documents = yaml.loadAll(text, undefined, { filename: name });
    }
    catch (error) {
        const mark = error.mark;
        const reason = error.reason ?? (0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error).split('\n')[0];
        const line = mark?.line !== undefined ? mark.line + 1 : undefined;
        throw new ManifestError(`${name}${line ? `:${line}` : ''}: invalid YAML: ${reason}`);
    }
    const starts = documentStarts(text);
    const result = [];
    documents.forEach((document, index) => {
        const line = starts[index] ?? starts[starts.length - 1] ?? 1;
        const source = `${name}:${line}`;
        if (document === null || document === undefined)
            return;
        if (typeof document !== 'object' || Array.isArray(document)) {
            throw new ManifestError(`${source}: a manifest must be a mapping with apiVersion, kind and metadata`);
        }
        const object = document;
        if (object.kind === 'List' && Array.isArray(object.items)) {
            for (const item of object.items) {
                result.push({ object: validate(item, source), source });
            }
            return;
        }
        result.push({ object: validate(object, source), source });
    });
    return result;
}
function validate(object, source) {
    const missing = ['apiVersion', 'kind'].filter((field) => typeof object?.[field] !== 'string' || object[field] === '');
    if (typeof object?.metadata?.name !== 'string' || object.metadata.name === '') {
        missing.push('metadata.name');
    }
    if (missing.length > 0) {
        throw new ManifestError(`${source}: the manifest has no ${missing.join(', ')}`);
    }
    return object;
}
/** Reads and parses every file; messages show paths relative to the workspace. */
async function loadManifests(files, workspace) {
    const all = [];
    for (const file of files) {
        const shown = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(workspace, file) || file;
        const text = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file, 'utf8');
        all.push(...(await parseManifests(text, shown.startsWith('..') ? file : shown)));
    }
    if (all.length === 0) {
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`input 'manifests': the files (${files.join(', ')}) contain no Kubernetes objects`);
    }
    const seen = new Map();
    for (const manifest of all) {
        const { kind, metadata } = manifest.object;
        const key = `${kind}/${metadata.namespace ?? ''}/${metadata.name}`;
        const first = seen.get(key);
        if (first) {
            throw new ManifestError(`${manifest.source}: ${kind}/${metadata.name} is also defined at ${first}; each object once`);
        }
        seen.set(key, manifest.source);
    }
    return all;
}
/** Pod specs inside an object: Pod, workloads, Job, CronJob, Argo Rollout. */
function podSpecsOf(object) {
    const spec = object.spec;
    if (!spec || typeof spec !== 'object')
        return [];
    if (object.kind === 'Pod')
        return [spec];
    if (object.kind === 'CronJob')
        return spec.jobTemplate?.spec?.template?.spec ? [spec.jobTemplate.spec.template.spec] : [];
    return spec.template?.spec ? [spec.template.spec] : [];
}
function containersOf(object) {
    return podSpecsOf(object).flatMap((pod) => [
        ...(pod.initContainers ?? []),
        ...(pod.containers ?? []),
    ]);
}
/**
 * Replaces the image of every container whose image NAME (registry/repository, tag and digest
 * ignored) is one of the substitutions. A substitution that matches nothing is an error: it is
 * almost always a typo, and deploying the old image silently is the worst outcome.
 */
function substituteImages(manifests, substitutions) {
    const changes = [];
    const used = new Set();
    const wanted = substitutions.map((sub) => ({
        ...sub,
        canonical: (0,_shared_image_ref_js__WEBPACK_IMPORTED_MODULE_3__/* .canonicalName */ .Ew)((0,_shared_image_ref_js__WEBPACK_IMPORTED_MODULE_3__/* .parseImageRef */ .Q)(sub.name)),
    }));
    for (const { object } of manifests) {
        for (const container of containersOf(object)) {
            if (typeof container.image !== 'string')
                continue;
            const ref = (0,_shared_image_ref_js__WEBPACK_IMPORTED_MODULE_3__/* .parseImageRef */ .Q)(container.image);
            if (!ref)
                continue;
            const match = wanted.find((sub) => sub.canonical === (0,_shared_image_ref_js__WEBPACK_IMPORTED_MODULE_3__/* .canonicalName */ .Ew)(ref));
            if (!match)
                continue;
            used.add(match.name);
            if (container.image !== match.ref) {
                changes.push(`${object.kind}/${object.metadata.name} container ${container.name}: ${container.image} → ${match.ref}`);
                container.image = match.ref;
            }
        }
    }
    const unused = substitutions.filter((sub) => !used.has(sub.name));
    if (unused.length > 0) {
        const images = [
            ...new Set(manifests.flatMap(({ object }) => containersOf(object).map((c) => c.image ?? ''))),
        ].filter(Boolean);
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`input 'images': ${unused.map((sub) => (0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(sub.name)).join(', ')} matched no container image in the manifests` +
            ` (images there: ${images.join(', ') || 'none'}); write the image name as in the manifests, without tag`);
    }
    return { changes };
}


/***/ }),

/***/ 6256:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ ResourceStream)
/* harmony export */ });
/* harmony import */ var _shared_clock_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4046);
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2921);
/* harmony import */ var _kube_client_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3372);
/**
 * A live view of a set of objects: list once, then watch from the list's resourceVersion.
 * A dropped watch or a failed request (5xx, network) resumes from the last resourceVersion seen,
 * with a growing pause; `410 Gone` (the version expired) lists afresh. 401/403 are fatal.
 */



class ResourceStream {
    kube;
    target;
    onChange;
    log;
    clock;
    objects = new Map();
    /** Set when the stream cannot go on (e.g. 403); the watcher reports it. */
    fatal;
    /** How many times the watch was re-established after a drop (for logs and tests). */
    reconnects = 0;
    resourceVersion = '';
    stopWatch;
    stopped = false;
    failures = 0;
    ready;
    constructor(kube, target, onChange, log = () => undefined, clock = _shared_clock_js__WEBPACK_IMPORTED_MODULE_0__/* .systemClock */ .m) {
        this.kube = kube;
        this.target = target;
        this.onChange = onChange;
        this.log = log;
        this.clock = clock;
    }
    /** Lists, starts the watch, and resolves once the first list is in. */
    start() {
        this.ready ??= this.connect(true);
        return this.ready;
    }
    stop() {
        this.stopped = true;
        this.stopWatch?.();
        this.stopWatch = undefined;
    }
    list() {
        return [...this.objects.values()];
    }
    async connect(first = false) {
        while (!this.stopped) {
            try {
                if (!this.resourceVersion) {
                    const list = await this.kube.list(this.target.apiVersion, this.target.kind, this.target.namespace, this.target);
                    this.objects.clear();
                    for (const item of list.items)
                        this.objects.set(item.metadata.name, item);
                    this.resourceVersion = list.resourceVersion;
                    this.onChange();
                }
                if (this.stopped)
                    return;
                this.stopWatch = await this.kube.watch(this.target.apiVersion, this.target.kind, this.target.namespace, { ...this.target, resourceVersion: this.resourceVersion }, (event) => this.handle(event.type, event.object), (error) => this.dropped(error));
                if (this.stopped)
                    this.stopWatch();
                return;
            }
            catch (error) {
                if (this.stopped)
                    return;
                if ((0,_kube_client_js__WEBPACK_IMPORTED_MODULE_2__/* .statusCodeOf */ .PU)(error) === 410) {
                    // Our resourceVersion is too old for the server: list afresh.
                    this.resourceVersion = '';
                    continue;
                }
                if (!(0,_kube_client_js__WEBPACK_IMPORTED_MODULE_2__/* .isRetryable */ .r3)(error)) {
                    if (first)
                        throw error;
                    this.fatal = error;
                    this.onChange();
                    return;
                }
                await this.pause(error);
            }
        }
    }
    handle(type, object) {
        if (type === 'ERROR') {
            // A Status object inside the stream: 410 means our version is too old.
            const code = object.code;
            if (code === 410)
                this.resourceVersion = '';
            return;
        }
        if (object?.metadata?.resourceVersion)
            this.resourceVersion = object.metadata.resourceVersion;
        if (type === 'BOOKMARK')
            return;
        if (type === 'DELETED')
            this.objects.delete(object.metadata.name);
        else
            this.objects.set(object.metadata.name, object);
        this.failures = 0;
        this.onChange();
    }
    dropped(error) {
        this.stopWatch = undefined;
        if (this.stopped)
            return;
        if (error && (0,_kube_client_js__WEBPACK_IMPORTED_MODULE_2__/* .statusCodeOf */ .PU)(error) === 410)
            this.resourceVersion = '';
        if (error && !(0,_kube_client_js__WEBPACK_IMPORTED_MODULE_2__/* .isRetryable */ .r3)(error) && (0,_kube_client_js__WEBPACK_IMPORTED_MODULE_2__/* .statusCodeOf */ .PU)(error) !== 410) {
            this.fatal = error;
            this.onChange();
            return;
        }
        this.reconnects++;
        const reason = error ? (0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error) : 'closed by the server';
        const resume = async () => {
            if (error)
                await this.pause(error, reason);
            else
                await this.clock.sleep(50);
            await this.connect();
        };
        resume().catch((failure) => {
            this.fatal = failure;
            this.onChange();
        });
    }
    async pause(error, reason = (0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)) {
        this.failures++;
        const waitMs = Math.min(5000, 200 * 2 ** Math.min(this.failures - 1, 5));
        if (this.failures === 1 || this.failures % 5 === 0) {
            this.log(`watch of ${this.target.kind} interrupted (${reason}); resuming from resourceVersion ${this.resourceVersion || '(fresh list)'}`);
        }
        await this.clock.sleep(waitMs);
    }
}


/***/ }),

/***/ 6323:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   II: () => (/* binding */ planRollback),
/* harmony export */   Pw: () => (/* binding */ applyRollback),
/* harmony export */   o2: () => (/* binding */ firstImage),
/* harmony export */   vE: () => (/* binding */ createMergePatch)
/* harmony export */ });
/* unused harmony export templateOf */
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2921);
/* harmony import */ var _rollout_status_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4341);
/**
 * Rollback as `kubectl rollout undo` does it: find the ReplicaSet of the previous revision,
 * take its pod template (without the pod-template-hash label) and put it back on the Deployment.
 * The Deployment controller then scales that old ReplicaSet up again and gives it a new revision.
 *
 * When the manifest that was applied is known, the template goes back through server-side apply
 * with the same field manager (so the next deploy does not conflict with our own rollback);
 * otherwise through a JSON merge patch that replaces the template exactly.
 */


function clone(value) {
    return JSON.parse(JSON.stringify(value));
}
function isPlainObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function deepEqual(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
}
/** An RFC 7386 merge patch turning `source` into `target` (null removes, arrays replace). */
function createMergePatch(source, target) {
    if (!isPlainObject(source) || !isPlainObject(target))
        return clone(target);
    const patch = {};
    for (const key of Object.keys(source)) {
        if (!(key in target))
            patch[key] = null;
    }
    for (const [key, value] of Object.entries(target)) {
        if (!(key in source)) {
            patch[key] = clone(value);
        }
        else if (isPlainObject(value) && isPlainObject(source[key])) {
            const inner = createMergePatch(source[key], value);
            if (Object.keys(inner).length > 0)
                patch[key] = inner;
        }
        else if (!deepEqual(source[key], value)) {
            patch[key] = value === null ? null : clone(value);
        }
    }
    return patch;
}
/** The pod template of a ReplicaSet as the Deployment would carry it. */
function templateOf(replicaSet) {
    const template = clone(replicaSet.spec?.template ?? {});
    if (template.metadata?.labels)
        delete template.metadata.labels['pod-template-hash'];
    if (template.metadata && 'creationTimestamp' in template.metadata)
        delete template.metadata.creationTimestamp;
    return template;
}
function firstImage(object) {
    return object?.spec?.template?.spec?.containers?.[0]?.image;
}
/**
 * Finds what to roll back to: the newest ReplicaSet with a revision below the Deployment's
 * (or exactly `toRevision`). Throws a UserError when there is none.
 */
async function planRollback(kube, ref, toRevision) {
    const deployment = await kube.get(ref);
    if (!deployment) {
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`cannot roll back ${ref.kind}/${ref.name}: it does not exist in namespace ${ref.namespace}`);
    }
    if (deployment.kind !== 'Deployment') {
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`cannot roll back ${deployment.kind}/${ref.name}: only Deployments keep previous revisions as ReplicaSets`);
    }
    const { items } = await kube.list('apps/v1', 'ReplicaSet', ref.namespace ?? 'default', {
        labelSelector: (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_1__/* .selectorString */ .zD)(deployment.spec?.selector),
    });
    const owned = (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_1__/* .ownedReplicaSets */ .$y)(deployment, items);
    const current = (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_1__/* .revisionOf */ .DT)(deployment);
    const target = owned.find((set) => {
        const revision = (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_1__/* .revisionOf */ .DT)(set);
        if (revision === undefined)
            return false;
        if (toRevision !== undefined)
            return revision === toRevision;
        return current === undefined || revision < current;
    });
    if (!target) {
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(toRevision !== undefined
            ? `cannot roll back Deployment/${ref.name}: revision ${toRevision} not found (revisions: ${owned.map(_rollout_status_js__WEBPACK_IMPORTED_MODULE_1__/* .revisionOf */ .DT).join(', ') || 'none'})`
            : `cannot roll back Deployment/${ref.name}: it has no previous revision (revision ${current ?? 'unknown'} is its first)`);
    }
    const template = templateOf(target);
    return {
        deployment,
        target,
        fromRevision: current,
        toRevision: (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_1__/* .revisionOf */ .DT)(target),
        template,
        image: firstImage({ spec: { template } }),
    };
}
/** Puts the plan's template back on the Deployment. */
async function applyRollback(kube, plan, options) {
    const { deployment } = plan;
    const ref = {
        apiVersion: deployment.apiVersion ?? 'apps/v1',
        kind: 'Deployment',
        name: deployment.metadata.name,
        namespace: deployment.metadata.namespace,
    };
    if (options.applied) {
        const object = clone(options.applied);
        object.spec = { ...object.spec, template: clone(plan.template) };
        return kube.apply(object, { fieldManager: options.fieldManager, force: true });
    }
    const patch = createMergePatch(deployment.spec?.template ?? {}, plan.template);
    return kube.mergePatch(ref, { spec: { template: patch } }, options.fieldManager);
}


/***/ }),

/***/ 4341:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $y: () => (/* binding */ ownedReplicaSets),
/* harmony export */   DT: () => (/* binding */ revisionOf),
/* harmony export */   Nr: () => (/* binding */ podsOwnedBy),
/* harmony export */   Vs: () => (/* binding */ newReplicaSet),
/* harmony export */   fG: () => (/* binding */ workloadProgress),
/* harmony export */   gv: () => (/* binding */ isWorkload),
/* harmony export */   zD: () => (/* binding */ selectorString)
/* harmony export */ });
/* unused harmony exports WORKLOAD_KINDS, deploymentProgress, statefulSetProgress, daemonSetProgress, REVISION */
const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'];
function isWorkload(object) {
    return (object.apiVersion === 'apps/v1' && WORKLOAD_KINDS.includes(object.kind));
}
function condition(object, type) {
    const conditions = (object.status?.conditions ?? []);
    return conditions.find((entry) => entry.type === type);
}
function observed(object) {
    const generation = object.metadata.generation ?? 0;
    const observedGeneration = object.status?.observedGeneration ?? 0;
    return observedGeneration > 0 && generation <= observedGeneration;
}
function deploymentProgress(deployment) {
    const name = deployment.metadata.name;
    const status = deployment.status ?? {};
    const desired = deployment.spec?.replicas ?? 1;
    const updated = status.updatedReplicas ?? 0;
    const available = status.availableReplicas ?? 0;
    const total = status.replicas ?? 0;
    const line = `${name}: ${updated}/${desired} updated, ${available} available${total > updated ? `, ${total - updated} old` : ''}`;
    if (!observed(deployment)) {
        return { done: false, line: `${name}: waiting for the controller to observe the new spec` };
    }
    const progressing = condition(deployment, 'Progressing');
    if (progressing?.reason === 'ProgressDeadlineExceeded') {
        return {
            done: false,
            line,
            failed: {
                reason: 'ProgressDeadlineExceeded',
                message: progressing.message ?? `deployment ${name} exceeded its progress deadline`,
            },
        };
    }
    // Pods cannot even be created (quota, admission webhook, missing service account).
    const replicaFailure = condition(deployment, 'ReplicaFailure');
    if (replicaFailure?.status === 'True') {
        return {
            done: false,
            line,
            failed: {
                reason: replicaFailure.reason ?? 'ReplicaFailure',
                message: replicaFailure.message ?? 'the ReplicaSet cannot create Pods',
            },
        };
    }
    if (updated < desired)
        return { done: false, line };
    if (total > updated)
        return { done: false, line };
    if (available < updated)
        return { done: false, line };
    return {
        done: true,
        line: `${name}: ${updated}/${desired} updated, ${available} available, complete`,
    };
}
function statefulSetProgress(set) {
    const name = set.metadata.name;
    const status = set.status ?? {};
    const desired = set.spec?.replicas ?? 1;
    const ready = status.readyReplicas ?? 0;
    const updated = status.updatedReplicas ?? 0;
    const line = `${name}: ${updated}/${desired} updated, ${ready} ready`;
    if (set.spec?.updateStrategy?.type && set.spec.updateStrategy.type !== 'RollingUpdate') {
        return {
            done: true,
            line: `${name}: updateStrategy ${set.spec.updateStrategy.type}, not tracked`,
        };
    }
    if (!observed(set)) {
        return { done: false, line: `${name}: waiting for the controller to observe the new spec` };
    }
    if (ready < desired)
        return { done: false, line };
    const partition = set.spec?.updateStrategy?.rollingUpdate?.partition;
    if (partition !== undefined && partition > 0) {
        return { done: updated >= desired - partition, line };
    }
    if (status.updateRevision !== status.currentRevision)
        return { done: false, line };
    return { done: true, line: `${line}, complete` };
}
function daemonSetProgress(set) {
    const name = set.metadata.name;
    const status = set.status ?? {};
    const desired = status.desiredNumberScheduled ?? 0;
    const updated = status.updatedNumberScheduled ?? 0;
    const available = status.numberAvailable ?? 0;
    const line = `${name}: ${updated}/${desired} updated, ${available} available`;
    if (set.spec?.updateStrategy?.type && set.spec.updateStrategy.type !== 'RollingUpdate') {
        return {
            done: true,
            line: `${name}: updateStrategy ${set.spec.updateStrategy.type}, not tracked`,
        };
    }
    if (!observed(set)) {
        return { done: false, line: `${name}: waiting for the controller to observe the new spec` };
    }
    if (updated < desired || available < desired)
        return { done: false, line };
    return { done: true, line: `${line}, complete` };
}
function workloadProgress(object) {
    switch (object.kind) {
        case 'Deployment':
            return deploymentProgress(object);
        case 'StatefulSet':
            return statefulSetProgress(object);
        case 'DaemonSet':
            return daemonSetProgress(object);
        default:
            return { done: true, line: `${object.kind}/${object.metadata.name}: not a workload` };
    }
}
const REVISION = 'deployment.kubernetes.io/revision';
function revisionOf(object) {
    const value = object?.metadata.annotations?.[REVISION];
    return value === undefined ? undefined : Number(value);
}
/** The ReplicaSets a Deployment controls, newest revision first. */
function ownedReplicaSets(deployment, replicaSets) {
    return replicaSets
        .filter((set) => (set.metadata.ownerReferences ?? []).some((owner) => owner.kind === 'Deployment' &&
        owner.name === deployment.metadata.name &&
        (!deployment.metadata.uid || !owner.uid || owner.uid === deployment.metadata.uid)))
        .sort((a, b) => (revisionOf(b) ?? 0) - (revisionOf(a) ?? 0));
}
/** The ReplicaSet of the Deployment's current revision, once the controller has observed it. */
function newReplicaSet(deployment, replicaSets) {
    if (!observed(deployment))
        return undefined;
    const revision = revisionOf(deployment);
    const owned = ownedReplicaSets(deployment, replicaSets);
    if (revision === undefined)
        return owned[0];
    return owned.find((set) => revisionOf(set) === revision);
}
/** Pods owned by a controller (ReplicaSet, StatefulSet, DaemonSet), matched by owner uid or name. */
function podsOwnedBy(owner, pods) {
    return pods.filter((pod) => (pod.metadata.ownerReferences ?? []).some((ref) => ref.kind === owner.kind &&
        ref.name === owner.metadata.name &&
        (!owner.metadata.uid || !ref.uid || ref.uid === owner.metadata.uid)));
}
/** `a=b,c=d` from a LabelSelector's matchLabels (matchExpressions are rare for workloads). */
function selectorString(selector) {
    const parts = Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
    for (const expression of selector?.matchExpressions ?? []) {
        const values = (expression.values ?? []).join(',');
        if (expression.operator === 'In')
            parts.push(`${expression.key} in (${values})`);
        else if (expression.operator === 'NotIn')
            parts.push(`${expression.key} notin (${values})`);
        else if (expression.operator === 'Exists')
            parts.push(expression.key);
        else if (expression.operator === 'DoesNotExist')
            parts.push(`!${expression.key}`);
    }
    return parts.join(',');
}


/***/ }),

/***/ 4335:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dl: () => (/* binding */ watchRollout),
/* harmony export */   E: () => (/* binding */ readRolloutPods)
/* harmony export */ });
/* unused harmony export describePods */
/* harmony import */ var _shared_clock_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4046);
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2921);
/* harmony import */ var _failure_detector_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4204);
/* harmony import */ var _resource_stream_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6256);
/* harmony import */ var _rollout_status_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4341);
/**
 * Waits for one workload's rollout with `kubectl rollout status` semantics while watching the
 * new revision's Pods, and returns as soon as the rollout completes, a Pod reaches a fatal state,
 * the workload reports ProgressDeadlineExceeded, or the deadline passes.
 * Prints one line per state change.
 */





async function watchRollout(kube, ref, options) {
    const clock = options.clock ?? _shared_clock_js__WEBPACK_IMPORTED_MODULE_0__/* .systemClock */ .m;
    const namespace = ref.namespace ?? 'default';
    const initial = await kube.get(ref);
    if (!initial)
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${ref.kind}/${ref.name} does not exist in namespace ${namespace}`);
    const selector = (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_4__/* .selectorString */ .zD)(initial.spec?.selector);
    let settle = () => undefined;
    const finished = new Promise((resolve) => (settle = resolve));
    let lastLine = '';
    let lastPodLine = '';
    let done = false;
    const streams = [];
    const evaluate = () => {
        if (done)
            return;
        const fatal = streams.find((stream) => stream.fatal)?.fatal;
        if (fatal) {
            finish({
                outcome: 'failed',
                failure: {
                    reason: 'WatchFailed',
                    message: (0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(fatal),
                    resource: `${ref.kind}/${ref.name}`,
                },
            });
            return;
        }
        const workload = workloadStream.objects.get(ref.name);
        if (!workload)
            return;
        const pods = currentPods(workload);
        const progress = (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_4__/* .workloadProgress */ .fG)(workload);
        if (progress.line !== lastLine) {
            lastLine = progress.line;
            options.log(progress.line);
        }
        const podLine = describePods(pods);
        if (podLine && podLine !== lastPodLine) {
            lastPodLine = podLine;
            options.log(`${ref.name}: pods ${podLine}`);
        }
        if (!options.ignorePodFailures) {
            const failure = (0,_failure_detector_js__WEBPACK_IMPORTED_MODULE_2__/* .detectFailure */ .W4)(pods, { maxRestarts: options.maxRestarts });
            if (failure) {
                finish({ outcome: 'failed', failure, workload, pods });
                return;
            }
        }
        if (progress.failed) {
            finish({
                outcome: 'failed',
                failure: { ...progress.failed, resource: `${ref.kind}/${ref.name}` },
                workload,
                pods,
            });
            return;
        }
        if (progress.done)
            finish({ outcome: 'complete', workload, pods });
    };
    const currentPods = (workload) => {
        const pods = podStream.list();
        if (workload.kind === 'Deployment') {
            const set = (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_4__/* .newReplicaSet */ .Vs)(workload, replicaSetStream?.list() ?? []);
            return set ? (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_4__/* .podsOwnedBy */ .Nr)(set, pods) : [];
        }
        const owned = (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_4__/* .podsOwnedBy */ .Nr)(workload, pods);
        const revision = workload.status?.updateRevision;
        if (workload.kind === 'StatefulSet' && revision) {
            return owned.filter((pod) => pod.metadata.labels?.['controller-revision-hash'] === revision);
        }
        return owned;
    };
    const finish = (partial) => {
        if (done)
            return;
        done = true;
        const workload = partial.workload ?? workloadStream.objects.get(ref.name);
        const set = workload?.kind === 'Deployment'
            ? (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_4__/* .newReplicaSet */ .Vs)(workload, replicaSetStream?.list() ?? [])
            : undefined;
        settle({
            pods: workload ? currentPods(workload) : [],
            ...partial,
            workload,
            newReplicaSet: set,
            lastLine,
            reconnects: streams.reduce((sum, stream) => sum + stream.reconnects, 0),
        });
    };
    const workloadStream = new _resource_stream_js__WEBPACK_IMPORTED_MODULE_3__/* .ResourceStream */ .V(kube, {
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        namespace,
        fieldSelector: `metadata.name=${ref.name}`,
    }, evaluate, options.log, clock);
    const replicaSetStream = ref.kind === 'Deployment'
        ? new _resource_stream_js__WEBPACK_IMPORTED_MODULE_3__/* .ResourceStream */ .V(kube, { apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace, labelSelector: selector }, evaluate, options.log, clock)
        : undefined;
    const podStream = new _resource_stream_js__WEBPACK_IMPORTED_MODULE_3__/* .ResourceStream */ .V(kube, { apiVersion: 'v1', kind: 'Pod', namespace, labelSelector: selector }, evaluate, options.log, clock);
    streams.push(workloadStream, podStream);
    if (replicaSetStream)
        streams.push(replicaSetStream);
    const wake = new AbortController();
    const onAbort = () => wake.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const ticker = (async () => {
        while (!done) {
            if (clock.now() >= options.deadline || options.signal?.aborted) {
                finish({ outcome: 'timeout' });
                return;
            }
            await clock.sleep(Math.min(options.tickMs ?? 500, Math.max(1, options.deadline - clock.now())), wake.signal);
            evaluate();
        }
    })();
    try {
        // Pods and ReplicaSets first, so that the first evaluation of the workload sees them.
        await Promise.all([podStream.start(), replicaSetStream?.start()]);
        await workloadStream.start();
        evaluate();
        return await finished;
    }
    finally {
        done = true;
        wake.abort();
        options.signal?.removeEventListener('abort', onAbort);
        for (const stream of streams)
            stream.stop();
        await ticker.catch(() => undefined);
    }
}
/** The Pods of a workload's current revision, read once (for `action: status`). */
async function readRolloutPods(kube, workload) {
    const namespace = workload.metadata.namespace ?? 'default';
    const labelSelector = (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_4__/* .selectorString */ .zD)(workload.spec?.selector);
    const { items: pods } = await kube.list('v1', 'Pod', namespace, { labelSelector });
    if (workload.kind === 'Deployment') {
        const { items: sets } = await kube.list('apps/v1', 'ReplicaSet', namespace, { labelSelector });
        const set = (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_4__/* .newReplicaSet */ .Vs)(workload, sets);
        return set ? (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_4__/* .podsOwnedBy */ .Nr)(set, pods) : [];
    }
    return (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_4__/* .podsOwnedBy */ .Nr)(workload, pods);
}
/** `2 running/ready, 1 ImagePullBackOff` for the progress line. */
function describePods(pods) {
    const counts = new Map();
    for (const pod of pods) {
        if (pod.metadata.deletionTimestamp)
            continue;
        const statuses = [
            ...(pod.status?.initContainerStatuses ?? []),
            ...(pod.status?.containerStatuses ?? []),
        ];
        const waiting = statuses.find((status) => status.state?.waiting?.reason)?.state?.waiting
            ?.reason;
        let state;
        if (waiting)
            state = waiting;
        else if (statuses.length > 0 && statuses.every((status) => status.ready))
            state = 'ready';
        else if (statuses.some((status) => status.state?.running))
            state = 'running, not ready';
        else
            state = pod.status?.phase ?? 'Pending';
        counts.set(state, (counts.get(state) ?? 0) + 1);
    }
    return [...counts.entries()].map(([state, count]) => `${count} ${state}`).join(', ');
}


/***/ }),

/***/ 4560:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HJ: () => (/* binding */ rollingDeploy),
/* harmony export */   cc: () => (/* binding */ rollingRollback),
/* harmony export */   jH: () => (/* binding */ parseWorkload),
/* harmony export */   yI: () => (/* binding */ rollingStatus)
/* harmony export */ });
/* unused harmony export workloadRefs */
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2921);
/* harmony import */ var _apply_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9291);
/* harmony import */ var _diagnostics_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7771);
/* harmony import */ var _failure_detector_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4204);
/* harmony import */ var _rollback_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6323);
/* harmony import */ var _rollout_status_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4341);
/* harmony import */ var _rollout_watcher_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4335);
/* harmony import */ var _summary_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2135);
/**
 * The rolling strategy: apply, wait like `kubectl rollout status` while failing fast on fatal Pod
 * states, and on failure roll back to the previous revision (`kubectl rollout undo`).
 * Also `action: rollback` (on demand) and `action: status` (report only).
 */









/** Workloads named by the manifests, or by the `workload` input. */
function workloadRefs(ctx) {
    const fromManifests = ctx.manifests
        .map((manifest) => manifest.object)
        .filter(_rollout_status_js__WEBPACK_IMPORTED_MODULE_7__/* .isWorkload */ .gv)
        .map((object) => ({
        apiVersion: object.apiVersion,
        kind: object.kind,
        name: object.metadata.name,
        namespace: object.metadata.namespace ?? ctx.config.namespace,
    }));
    if (fromManifests.length > 0 || !ctx.config.workload)
        return fromManifests;
    return [parseWorkload(ctx.config.workload, ctx.config.namespace)];
}
function parseWorkload(text, namespace) {
    const [kindText, name] = text.includes('/') ? text.split('/', 2) : ['deployment', text];
    const kind = {
        deployment: 'Deployment',
        statefulset: 'StatefulSet',
        daemonset: 'DaemonSet',
        rollout: 'Rollout',
    }[kindText
        .toLowerCase()
        .replace(/s$/, '')
        .replace(/^deploy$/, 'deployment')];
    if (!kind) {
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`input 'workload': ${kindText} is not a workload kind; use deployment/NAME, statefulset/NAME, daemonset/NAME or rollout/NAME`);
    }
    return {
        apiVersion: kind === 'Rollout' ? 'argoproj.io/v1alpha1' : 'apps/v1',
        kind,
        name,
        namespace,
    };
}
async function snapshot(ctx, refs) {
    return Promise.all(refs.map(async (ref) => {
        const live = await ctx.kube.get(ref);
        return {
            ref,
            existed: Boolean(live),
            revision: (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_7__/* .revisionOf */ .DT)(live),
            image: (0,_rollback_js__WEBPACK_IMPORTED_MODULE_4__/* .firstImage */ .o2)(live),
        };
    }));
}
function report(ref, live, state, detail) {
    return {
        kind: ref.kind,
        name: ref.name,
        namespace: ref.namespace,
        revision: (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_7__/* .revisionOf */ .DT)(live)?.toString(),
        image: (0,_rollback_js__WEBPACK_IMPORTED_MODULE_4__/* .firstImage */ .o2)(live),
        state,
        detail,
    };
}
/** Adds the never-ready explanation and the diagnostics to a failed watch. */
async function explain(ctx, ref, watch) {
    let failure = watch.failure ?? {
        reason: 'Timeout',
        message: `not complete after ${Math.round(ctx.config.timeoutMs / 1000)}s (${watch.lastLine || 'no status yet'})`,
        resource: `${ref.kind}/${ref.name}`,
    };
    if (!failure.pod &&
        (failure.reason === 'ProgressDeadlineExceeded' || failure.reason === 'Timeout')) {
        const unready = await (0,_diagnostics_js__WEBPACK_IMPORTED_MODULE_2__/* .explainUnready */ .a)(ctx.kube, ref.namespace ?? ctx.config.namespace, watch.pods).catch(() => undefined);
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
    const diagnostics = await (0,_diagnostics_js__WEBPACK_IMPORTED_MODULE_2__/* .collectDiagnostics */ .R)(ctx.kube, ref.namespace ?? ctx.config.namespace, { kind: ref.kind, name: ref.name }, failure, { logLines: ctx.config.logLines, secrets: ctx.secrets }).catch(() => ({ logs: [], events: [] }));
    return { failure, headline: (0,_failure_detector_js__WEBPACK_IMPORTED_MODULE_3__/* .failureHeadline */ .Ni)(`${ref.kind}/${ref.name}`, failure), diagnostics };
}
function outputsFor(before, finals) {
    const primary = before.findIndex((entry) => entry.ref.kind === 'Deployment');
    const index = primary >= 0 ? primary : 0;
    return {
        revision: (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_7__/* .revisionOf */ .DT)(finals[index])?.toString() ?? '',
        previousRevision: before[index]?.revision?.toString() ?? '',
        previousImage: before[index]?.image ?? '',
    };
}
async function rollingDeploy(ctx) {
    const refs = workloadRefs(ctx);
    const before = await snapshot(ctx, refs);
    const applied = await (0,_apply_js__WEBPACK_IMPORTED_MODULE_1__/* .applyManifests */ .Z)(ctx.kube, ctx.manifests, {
        fieldManager: ctx.config.fieldManager,
        force: ctx.config.forceConflicts,
        log: ctx.log,
    });
    const others = applied
        .filter((item) => !(0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_7__/* .isWorkload */ .gv)(item.live ?? item.applied))
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
            summary: (0,_summary_js__WEBPACK_IMPORTED_MODULE_6__/* .renderSummary */ .B)({
                status: 'succeeded',
                namespace: ctx.config.namespace,
                headline: `Applied ${applied.length} object(s); no Deployment, StatefulSet or DaemonSet to wait for.`,
                resources: others,
            }),
        };
    }
    const abort = new AbortController();
    const watches = await Promise.all(refs.map(async (ref) => {
        const result = await (0,_rollout_watcher_js__WEBPACK_IMPORTED_MODULE_5__/* .watchRollout */ .Dl)(ctx.kube, ref, {
            deadline: ctx.deadline,
            maxRestarts: ctx.config.maxRestarts,
            log: ctx.log,
            clock: ctx.clock,
            signal: abort.signal,
        });
        if (result.outcome !== 'complete')
            abort.abort();
        return result;
    }));
    const firstFailed = watches.findIndex((watch) => watch.outcome === 'failed');
    const failedIndex = firstFailed >= 0 ? firstFailed : watches.findIndex((watch) => watch.outcome !== 'complete');
    if (failedIndex < 0) {
        const resources = [
            ...refs.map((ref, index) => report(ref, watches[index].workload, 'complete')),
            ...others,
        ];
        const outputs = outputsFor(before, watches.map((watch) => watch.workload));
        return {
            status: 'succeeded',
            ...outputs,
            failedReason: '',
            resources,
            summary: (0,_summary_js__WEBPACK_IMPORTED_MODULE_6__/* .renderSummary */ .B)({
                status: 'succeeded',
                namespace: ctx.config.namespace,
                headline: `Rolled out ${refs.map((ref) => `${ref.kind}/${ref.name}`).join(', ')}${outputs.revision ? ` to revision ${outputs.revision}` : ''}${outputs.previousRevision ? ` (was ${outputs.previousRevision})` : ''}.`,
                resources,
            }),
        };
    }
    const failedRef = refs[failedIndex];
    const { failure, headline, diagnostics } = await explain(ctx, failedRef, watches[failedIndex]);
    ctx.log(`failed: ${headline}`);
    const lines = [headline];
    let status = 'failed';
    const states = refs.map((_ref, index) => index === failedIndex
        ? 'failed'
        : watches[index].outcome === 'complete'
            ? 'complete'
            : 'interrupted');
    const finals = watches.map((watch) => watch.workload);
    if (!ctx.config.rollbackOnFailure) {
        lines.push('rollback-on-failure is false: the failed revision was left in place');
    }
    else {
        const rolled = await rollBackChanged(ctx, refs, before, applied.map((item) => item.applied), finals);
        lines.push(...rolled.lines);
        rolled.states.forEach((state, index) => {
            if (state)
                states[index] = state;
        });
        if (rolled.ok)
            status = 'rolled-back';
    }
    const resources = [
        ...refs.map((ref, index) => report(ref, finals[index], states[index], index === failedIndex ? failure.reason : undefined)),
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
        summary: (0,_summary_js__WEBPACK_IMPORTED_MODULE_6__/* .renderSummary */ .B)({
            status,
            namespace: ctx.config.namespace,
            headline: status === 'rolled-back'
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
async function rollBackChanged(ctx, refs, before, appliedObjects, finals) {
    const lines = [];
    const states = refs.map(() => undefined);
    let ok = true;
    let any = false;
    // The rollback gets its own budget: the rollout may have used all of its time.
    const deadline = ctx.clock.now() + ctx.config.timeoutMs;
    await Promise.all(refs.map(async (ref, index) => {
        const previous = before[index];
        const live = finals[index] ?? (await ctx.kube.get(ref));
        if (ref.kind !== 'Deployment') {
            lines.push(`${ref.kind}/${ref.name}: automatic rollback covers Deployments only; left as is`);
            ok = false;
            return;
        }
        if (!previous.existed || previous.revision === undefined) {
            lines.push(`${ref.kind}/${ref.name}: created by this run, no previous revision to roll back to; left as is`);
            ok = false;
            return;
        }
        if ((0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_7__/* .revisionOf */ .DT)(live) === previous.revision)
            return;
        any = true;
        try {
            const plan = await (0,_rollback_js__WEBPACK_IMPORTED_MODULE_4__/* .planRollback */ .II)(ctx.kube, ref, previous.revision);
            const applied = appliedObjects.find((object) => object.kind === ref.kind && object.metadata.name === ref.name);
            ctx.log(`rolling back ${ref.kind}/${ref.name} to revision ${plan.toRevision} (${plan.image ?? 'previous template'})`);
            await (0,_rollback_js__WEBPACK_IMPORTED_MODULE_4__/* .applyRollback */ .Pw)(ctx.kube, plan, { fieldManager: ctx.config.fieldManager, applied });
            const watch = await (0,_rollout_watcher_js__WEBPACK_IMPORTED_MODULE_5__/* .watchRollout */ .Dl)(ctx.kube, ref, {
                deadline,
                maxRestarts: ctx.config.maxRestarts,
                log: ctx.log,
                clock: ctx.clock,
            });
            finals[index] = watch.workload;
            if (watch.outcome === 'complete') {
                states[index] = 'rolled-back';
                lines.push(`rolled back ${ref.kind}/${ref.name} to the previous template (${plan.image ?? 'image unknown'}), now revision ${(0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_7__/* .revisionOf */ .DT)(watch.workload) ?? '?'}`);
            }
            else {
                ok = false;
                states[index] = 'rollback-failed';
                lines.push(`rollback of ${ref.kind}/${ref.name} did not complete: ${watch.failure ? `${watch.failure.reason}: ${watch.failure.message}` : watch.lastLine}`);
            }
        }
        catch (error) {
            ok = false;
            states[index] = 'rollback-failed';
            lines.push(`rollback of ${ref.kind}/${ref.name} failed: ${(0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error)}`);
        }
    }));
    return { ok: ok && any, lines, states };
}
/** `action: rollback`: undo the last revision of each workload on demand. */
async function rollingRollback(ctx) {
    const refs = workloadRefs(ctx);
    if (refs.length === 0)
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('action rollback: the manifests contain no Deployment to roll back');
    const resources = [];
    const lines = [];
    let first;
    let failed;
    for (const ref of refs) {
        const plan = await (0,_rollback_js__WEBPACK_IMPORTED_MODULE_4__/* .planRollback */ .II)(ctx.kube, ref);
        const previousImage = (0,_rollback_js__WEBPACK_IMPORTED_MODULE_4__/* .firstImage */ .o2)(plan.deployment);
        ctx.log(`rolling back ${ref.kind}/${ref.name} from revision ${plan.fromRevision} to ${plan.toRevision} (${plan.image})`);
        const applied = ctx.manifests.find((manifest) => manifest.object.kind === ref.kind && manifest.object.metadata.name === ref.name)?.object;
        await (0,_rollback_js__WEBPACK_IMPORTED_MODULE_4__/* .applyRollback */ .Pw)(ctx.kube, plan, { fieldManager: ctx.config.fieldManager, applied });
        const watch = await (0,_rollout_watcher_js__WEBPACK_IMPORTED_MODULE_5__/* .watchRollout */ .Dl)(ctx.kube, ref, {
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
            revision: (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_7__/* .revisionOf */ .DT)(watch.workload),
            previousImage,
        };
        if (watch.outcome !== 'complete') {
            const { headline } = await explain(ctx, ref, watch);
            failed ??= watch.failure?.reason ?? 'Timeout';
            lines.push(`rollback did not complete: ${headline}`);
        }
        else {
            lines.push(`rolled back ${ref.kind}/${ref.name} to the template of revision ${plan.toRevision} (${plan.image})`);
        }
    }
    const status = failed ? 'failed' : 'rolled-back';
    return {
        status,
        revision: first?.revision?.toString() ?? '',
        previousRevision: first?.from?.toString() ?? '',
        previousImage: first?.previousImage ?? '',
        failedReason: failed ?? '',
        resources,
        error: failed ? lines.join('\n') : undefined,
        summary: (0,_summary_js__WEBPACK_IMPORTED_MODULE_6__/* .renderSummary */ .B)({
            status,
            namespace: ctx.config.namespace,
            headline: lines[0] ?? '',
            resources,
            error: failed ? lines.join('\n') : undefined,
        }),
    };
}
/** `action: status`: where each workload stands, changing nothing. */
async function rollingStatus(ctx) {
    const refs = workloadRefs(ctx);
    const resources = [];
    let status = 'succeeded';
    let failedReason = '';
    let error;
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
        const progress = (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_7__/* .workloadProgress */ .fG)(live);
        const pods = await (0,_rollout_watcher_js__WEBPACK_IMPORTED_MODULE_5__/* .readRolloutPods */ .E)(ctx.kube, live);
        const failure = (0,_failure_detector_js__WEBPACK_IMPORTED_MODULE_3__/* .detectFailure */ .W4)(pods, { maxRestarts: ctx.config.maxRestarts }) ??
            (progress.failed ? { ...progress.failed, resource: `${ref.kind}/${ref.name}` } : undefined);
        let state = progress.done ? 'complete' : 'progressing';
        if (failure && !progress.done) {
            state = 'failed';
            status = 'failed';
            failedReason ||= failure.reason;
            error ??= (0,_failure_detector_js__WEBPACK_IMPORTED_MODULE_3__/* .failureHeadline */ .Ni)(`${ref.kind}/${ref.name}`, failure);
        }
        else if (!progress.done && status === 'succeeded') {
            status = 'progressing';
        }
        ctx.log(progress.line);
        resources.push(report(ref, live, state, failure?.reason));
        if (!revision && ref.kind === 'Deployment') {
            revision = (0,_rollout_status_js__WEBPACK_IMPORTED_MODULE_7__/* .revisionOf */ .DT)(live)?.toString() ?? '';
            const plan = await (0,_rollback_js__WEBPACK_IMPORTED_MODULE_4__/* .planRollback */ .II)(ctx.kube, ref).catch(() => undefined);
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
        summary: (0,_summary_js__WEBPACK_IMPORTED_MODULE_6__/* .renderSummary */ .B)({
            status,
            namespace: ctx.config.namespace,
            headline: `Status of ${refs.map((ref) => `${ref.kind}/${ref.name}`).join(', ')} (nothing was changed).`,
            resources,
            error,
        }),
    };
}


/***/ }),

/***/ 2135:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ renderSummary)
/* harmony export */ });
const ICON = {
    succeeded: '✅',
    'rolled-back': '↩️',
    failed: '❌',
    aborted: '⛔',
    progressing: '⏳',
    paused: '⏸️',
};
function cell(text) {
    return (text ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
function renderSummary(input) {
    const lines = [];
    lines.push(`### ${ICON[input.status] ?? ''} k8s-rollout: ${input.status}`.replace('  ', ' '));
    lines.push('');
    lines.push(input.headline);
    lines.push('');
    const workloads = input.resources.filter((resource) => resource.state !== 'applied');
    const table = workloads.length > 0 ? workloads : input.resources;
    if (table.length > 0) {
        lines.push('| resource | namespace | state | revision | image |');
        lines.push('|---|---|---|---|---|');
        for (const resource of table) {
            lines.push(`| ${cell(`${resource.kind}/${resource.name}`)} | ${cell(resource.namespace ?? input.namespace)} | ${cell(resource.state)}${resource.detail ? `: ${cell(resource.detail)}` : ''} | ${cell(resource.revision ?? '')} | ${cell(resource.image ? `\`${resource.image}\`` : '')} |`);
        }
        const others = input.resources.length - table.length;
        if (others > 0)
            lines.push('', `${others} more object(s) applied (config, services…).`);
        lines.push('');
    }
    if (input.error) {
        lines.push('**Why it failed**', '', '```', input.error, '```', '');
    }
    const diagnostics = input.diagnostics;
    if (diagnostics?.logs.length) {
        lines.push(`<details open><summary>Last log lines of ${diagnostics.logSource}</summary>`, '');
        lines.push('```', ...diagnostics.logs, '```', '', '</details>', '');
    }
    if (diagnostics?.events.length) {
        lines.push('<details open><summary>Recent events</summary>', '');
        lines.push('| type | reason | object | message |', '|---|---|---|---|');
        for (const event of diagnostics.events) {
            lines.push(`| ${cell(event.type)} | ${cell(event.reason)} | ${cell(event.object)} | ${cell(event.message)}${event.count > 1 ? ` (×${event.count})` : ''} |`);
        }
        lines.push('', '</details>', '');
    }
    for (const note of input.notes ?? [])
        lines.push(`- ${note}`);
    return `${lines.join('\n').trimEnd()}\n`;
}


/***/ }),

/***/ 9019:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ redact),
/* harmony export */   l: () => (/* binding */ processExec)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);

function redact(text, secrets = []) {
    let out = text;
    for (const secret of secrets) {
        if (secret && secret.length >= 3)
            out = out.split(secret).join('***');
    }
    return out;
}
/** The real process runner. A missing program is reported as exit code 127 with a message. */
const processExec = {
    run(command, args, options = {}) {
        return new Promise((resolve) => {
            const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(command, [...args], {
                cwd: options.cwd,
                env: options.env ?? process.env,
                stdio: ['pipe', 'pipe', 'pipe'],
                shell: false,
            });
            const chunks = { stdout: [], stderr: [] };
            const partial = { stdout: '', stderr: '' };
            const secrets = options.secrets ?? [];
            let timer;
            if (options.timeoutMs) {
                timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
            }
            const collect = (stream) => (data) => {
                chunks[stream].push(data);
                if (!options.onLine)
                    return;
                const text = partial[stream] + data.toString('utf8');
                const lines = text.split(/\r?\n/);
                partial[stream] = lines.pop() ?? '';
                for (const line of lines)
                    options.onLine(redact(line, secrets), stream);
            };
            child.stdout.on('data', collect('stdout'));
            child.stderr.on('data', collect('stderr'));
            child.stdin.on('error', () => undefined);
            if (options.input !== undefined)
                child.stdin.end(options.input);
            else
                child.stdin.end();
            let spawnError;
            child.on('error', (error) => {
                spawnError = error;
            });
            child.on('close', (code, signal) => {
                if (timer)
                    clearTimeout(timer);
                if (options.onLine) {
                    for (const stream of ['stdout', 'stderr']) {
                        if (partial[stream])
                            options.onLine(redact(partial[stream], secrets), stream);
                    }
                }
                const stdout = redact(Buffer.concat(chunks.stdout).toString('utf8'), secrets);
                let stderr = redact(Buffer.concat(chunks.stderr).toString('utf8'), secrets);
                if (spawnError) {
                    const missing = spawnError.code === 'ENOENT';
                    stderr += missing ? `${command}: command not found` : spawnError.message;
                    resolve({ code: missing ? 127 : 1, stdout, stderr });
                    return;
                }
                if (signal)
                    stderr += `\n${command} was killed by ${signal}`;
                resolve({ code: code ?? 1, stdout, stderr });
            });
        });
    },
};


/***/ }),

/***/ 5455:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ kubeApiFailure),
/* harmony export */   h: () => (/* binding */ describeKubeFailure),
/* harmony export */   loadKubeConfig: () => (/* binding */ loadKubeConfig)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8806);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4379);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2921);
/**
 * Kubeconfig loading shared by the steps that talk to a cluster (k8s-rollout,
 * post-deploy-verify's kubernetes checks).
 *
 * Either the kubeconfig CONTENT comes from an input (a secret: masked, written 0600 under
 * RUNNER_TEMP for the lifetime of the step and removed by `dispose()`), or the ambient
 * configuration is used (KUBECONFIG, then ~/.kube/config), as kubectl does.
 * `@kubernetes/client-node` is loaded lazily so that the action's cold start stays light.
 */





/** Loads and validates a kubeconfig; every failure is a UserError that never quotes credentials. */
async function loadKubeConfig(options = {}) {
    const { KubeConfig } = await Promise.all(/* import() */[__webpack_require__.e(831), __webpack_require__.e(280)]).then(__webpack_require__.bind(__webpack_require__, 8280));
    const kubeConfig = new KubeConfig();
    const env = options.env ?? process.env;
    let tempDir;
    let path;
    const dispose = () => {
        if (tempDir)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(tempDir, { recursive: true, force: true });
        tempDir = undefined;
    };
    try {
        if (options.content) {
            const root = options.tempRoot ?? env.RUNNER_TEMP ?? (0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)();
            tempDir = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdtempSync)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(root, 'kubeconfig-'));
            path = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(tempDir, 'config');
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.writeFileSync)(path, options.content, { mode: 0o600 });
            try {
                kubeConfig.loadFromFile(path);
            }
            catch (error) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`input 'kubeconfig': the content is not a valid kubeconfig (${describeParseError(error)}); ` +
                    'pass the whole file, e.g. `kubeconfig: ${{ secrets.KUBECONFIG }}`');
            }
        }
        else {
            const ambient = env.KUBECONFIG;
            try {
                if (ambient) {
                    path = ambient.split(process.platform === 'win32' ? ';' : ':')[0];
                    const previous = process.env.KUBECONFIG;
                    process.env.KUBECONFIG = ambient;
                    try {
                        kubeConfig.loadFromDefault();
                    }
                    finally {
                        if (previous === undefined)
                            delete process.env.KUBECONFIG;
                        else
                            process.env.KUBECONFIG = previous;
                    }
                }
                else {
                    kubeConfig.loadFromDefault();
                }
            }
            catch (error) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`the kubeconfig at ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(ambient ?? '~/.kube/config')} could not be read: ${describeParseError(error)}`);
            }
        }
        const secrets = collectSecrets(kubeConfig);
        for (const secret of secrets)
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(secret);
        if (kubeConfig.contexts.length === 0) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(options.content
                ? "input 'kubeconfig': the kubeconfig has no contexts; pass a complete kubeconfig file"
                : "no kubeconfig found: set the 'kubeconfig' input or the KUBECONFIG environment variable");
        }
        if (options.context) {
            if (!kubeConfig.contexts.some((context) => context.name === options.context)) {
                const names = kubeConfig.contexts.map((context) => context.name).join(', ');
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`input 'context': ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(options.context)} is not a context of the kubeconfig; it has: ${names}`);
            }
            kubeConfig.setCurrentContext(options.context);
        }
        const context = kubeConfig.getCurrentContext();
        if (!context || !kubeConfig.getContextObject(context)) {
            const names = kubeConfig.contexts.map((entry) => entry.name).join(', ');
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`the kubeconfig has no current-context; set the 'context' input to one of: ${names}`);
        }
        const cluster = kubeConfig.getCurrentCluster();
        if (!cluster?.server) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`the kubeconfig context ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(context)} names no cluster with a server`);
        }
        return { kubeConfig, path, context, server: cluster.server, secrets, dispose };
    }
    catch (error) {
        dispose();
        throw error;
    }
}
function collectSecrets(kubeConfig) {
    const found = [];
    for (const user of kubeConfig.users) {
        for (const value of [user.token, user.password, user.keyData]) {
            if (value && value.length >= 3)
                found.push(value);
        }
    }
    return found;
}
function describeParseError(error) {
    // js-yaml messages quote the offending text, which may be a credential: keep the first line only
    // and cut any snippet.
    const message = (0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error).split('\n')[0];
    return message.replace(/\s*\(\d+:\d+\)$/, '').slice(0, 160);
}
/** Reads the status code and the API server's Status message out of a client-node error. */
function kubeApiFailure(error) {
    if (!error || typeof error !== 'object')
        return undefined;
    const candidate = error;
    const code = typeof candidate.code === 'number'
        ? candidate.code
        : typeof candidate.statusCode === 'number'
            ? candidate.statusCode
            : undefined;
    if (code === undefined)
        return undefined;
    let body = candidate.body;
    if (typeof body === 'string') {
        try {
            body = JSON.parse(body);
        }
        catch {
            body = { message: body };
        }
    }
    const status = (body ?? {});
    return { code, reason: status.reason, message: status.message };
}
/**
 * A sentence for an API failure naming the verb and the resource, e.g.
 * `forbidden: cannot patch deployments/api in namespace shop (HTTP 403): …`.
 */
function describeKubeFailure(error, verb, resource, namespace) {
    const failure = kubeApiFailure(error);
    const where = namespace ? ` in namespace ${namespace}` : '';
    if (!failure)
        return `cannot ${verb} ${resource}${where}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error)}`;
    const detail = failure.message ? `: ${failure.message}` : '';
    switch (failure.code) {
        case 401:
            return `unauthorized: the API server rejected the credentials while trying to ${verb} ${resource}${where} (HTTP 401); check the kubeconfig's token or certificate`;
        case 403:
            return `forbidden: not allowed to ${verb} ${resource}${where} (HTTP 403)${detail}; grant the deploying identity RBAC '${verb}' on it`;
        case 404:
            return `not found: cannot ${verb} ${resource}${where} (HTTP 404)${detail}`;
        default:
            return `cannot ${verb} ${resource}${where} (HTTP ${failure.code})${detail}`;
    }
}


/***/ })

};
