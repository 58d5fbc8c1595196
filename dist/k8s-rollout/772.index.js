export const id = 772;
export const ids = [772];
export const modules = {

/***/ 1772:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createPodWatcher: () => (/* binding */ createPodWatcher),
/* harmony export */   watchPods: () => (/* binding */ watchPods)
/* harmony export */ });
/* unused harmony exports POLL_MS, podState */
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2921);
/* harmony import */ var _shared_kube_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5455);
/* harmony import */ var _shared_duration_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(686);



const POLL_MS = 1_000;
function describePods(pods) {
    const live = pods.filter((pod) => !pod.terminating);
    const ready = live.filter((pod) => pod.ready).length;
    const waiting = [...new Set(live.map((pod) => pod.waiting).filter(Boolean))];
    return `${ready}/${live.length} ready${waiting.length ? ` (${waiting.join(', ')})` : ''}`;
}
async function watchPods(check, watcher, context) {
    const { clock, log } = context;
    const target = {
        namespace: check.namespace,
        deployment: check.deployment,
        selector: check.selector,
    };
    let attempts = 0;
    let lastLine = '';
    const read = async () => {
        attempts++;
        const pods = await watcher.pods(target);
        const line = describePods(pods);
        if (line !== lastLine) {
            log(`${check.name}: ${line}`);
            lastLine = line;
        }
        return pods.filter((pod) => !pod.terminating);
    };
    const allReady = (pods) => pods.length > 0 && pods.every((pod) => pod.ready);
    // 1. Wait for every pod to be ready.
    let pods = await read();
    while (!allReady(pods)) {
        if (context.signal?.aborted)
            return { verdict: 'inconclusive', attempts, lastStatus: lastLine, reason: 'cancelled' };
        const left = context.deadline - clock.now();
        if (left <= 0) {
            return {
                verdict: 'fail',
                attempts,
                lastStatus: lastLine,
                reason: pods.length === 0
                    ? 'no pods found at the deadline'
                    : `pods not ready at the deadline: ${describePods(pods)}`,
            };
        }
        await clock.sleep(Math.min(POLL_MS, left), context.signal);
        pods = await read();
    }
    // 2. Watch restart counts and readiness through the window.
    const baseline = new Map(pods.map((pod) => [pod.name, pod.restarts]));
    const windowEnd = clock.now() + check.windowMs;
    log(`${check.name}: all ${pods.length} pods ready; watching restarts for ${(0,_shared_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a)(check.windowMs)}`);
    for (;;) {
        for (const pod of pods) {
            const before = baseline.get(pod.name);
            if (before === undefined)
                baseline.set(pod.name, pod.restarts);
            else if (pod.restarts > before) {
                return {
                    verdict: 'fail',
                    attempts,
                    lastStatus: lastLine,
                    reason: `pod ${pod.name} restarted during the window (restarts ${before} → ${pod.restarts}${pod.waiting ? `, ${pod.waiting}` : ''})`,
                };
            }
        }
        const now = clock.now();
        if (now >= windowEnd)
            break;
        if (now >= context.deadline) {
            return {
                verdict: 'inconclusive',
                attempts,
                lastStatus: lastLine,
                reason: `the deadline came ${(0,_shared_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a)(windowEnd - now)} before the end of the window`,
            };
        }
        await clock.sleep(Math.min(POLL_MS, windowEnd - now, context.deadline - now), context.signal);
        if (context.signal?.aborted)
            return { verdict: 'inconclusive', attempts, lastStatus: lastLine, reason: 'cancelled' };
        pods = await read();
    }
    if (!allReady(pods)) {
        return {
            verdict: 'fail',
            attempts,
            lastStatus: lastLine,
            reason: `pods not ready at the end of the window: ${describePods(pods)}`,
        };
    }
    return { verdict: 'pass', attempts, lastStatus: lastLine };
}
/** Summarise a v1 Pod. */
function podState(pod) {
    const statuses = pod.status?.containerStatuses ?? [];
    const waiting = statuses.map((status) => status.state?.waiting?.reason).find(Boolean);
    return {
        name: pod.metadata?.name ?? '?',
        ready: (pod.status?.conditions ?? []).some((condition) => condition.type === 'Ready' && condition.status === 'True'),
        restarts: statuses.reduce((sum, status) => sum + (status.restartCount ?? 0), 0),
        waiting,
        terminating: Boolean(pod.metadata?.deletionTimestamp),
    };
}
/** A PodWatcher over the Kubernetes API. */
async function createPodWatcher(kubeConfig) {
    const { AppsV1Api, CoreV1Api } = await Promise.all(/* import() */[__webpack_require__.e(831), __webpack_require__.e(280)]).then(__webpack_require__.bind(__webpack_require__, 8280));
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const apps = kubeConfig.makeApiClient(AppsV1Api);
    const selectors = new Map();
    return {
        async pods({ namespace, deployment, selector }) {
            let labelSelector = selector;
            if (deployment) {
                labelSelector = selectors.get(`${namespace}/${deployment}`);
                if (!labelSelector) {
                    let found;
                    try {
                        found = await apps.readNamespacedDeployment({ name: deployment, namespace });
                    }
                    catch (error) {
                        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo((0,_shared_kube_js__WEBPACK_IMPORTED_MODULE_1__/* .describeKubeFailure */ .h)(error, 'get', `deployments/${deployment}`, namespace));
                    }
                    const labels = found.spec?.selector?.matchLabels ?? {};
                    labelSelector = Object.entries(labels)
                        .map(([key, value]) => `${key}=${value}`)
                        .join(',');
                    if (!labelSelector) {
                        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`deployment ${namespace}/${deployment} has no matchLabels selector`);
                    }
                    selectors.set(`${namespace}/${deployment}`, labelSelector);
                }
            }
            try {
                const list = await core.listNamespacedPod({ namespace, labelSelector });
                return list.items.map((pod) => podState(pod));
            }
            catch (error) {
                throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${(0,_shared_kube_js__WEBPACK_IMPORTED_MODULE_1__/* .describeKubeFailure */ .h)(error, 'list', `pods (${labelSelector})`, namespace)}`);
            }
        },
    };
}


/***/ })

};
