export const id = 544;
export const ids = [544];
export const modules = {

/***/ 7544:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   waitForClusterImage: () => (/* binding */ waitForClusterImage)
/* harmony export */ });
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2921);
/* harmony import */ var _shared_duration_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(686);


async function readDeployment(kubeConfig, namespace, name) {
    const { AppsV1Api } = await Promise.all(/* import() */[__webpack_require__.e(831), __webpack_require__.e(280)]).then(__webpack_require__.bind(__webpack_require__, 8280));
    const api = kubeConfig.makeApiClient(AppsV1Api);
    let deployment;
    try {
        deployment = await api.readNamespacedDeployment({ name, namespace });
    }
    catch (error) {
        if (error.code === 404)
            return undefined;
        throw error;
    }
    const spec = deployment.spec;
    const status = deployment.status ?? {};
    const desired = spec?.replicas ?? 1;
    const images = (spec?.template.spec?.containers ?? []).map((c) => c.image ?? '');
    const generationSeen = (status.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0);
    const updated = status.updatedReplicas ?? 0;
    const available = status.availableReplicas ?? 0;
    const total = status.replicas ?? 0;
    return {
        images,
        state: `${updated}/${desired} updated, ${available} available`,
        complete: generationSeen && updated === desired && available === desired && total === desired,
    };
}
/**
 * GitOps delivery: after the commit, wait until the cluster (synced by Argo CD or Flux) runs the
 * new image in the named Deployment and its rollout is complete. One log line per change.
 */
async function waitForClusterImage(kubeConfig, options) {
    const { clock, log } = options;
    const started = clock.now();
    const deadline = started + options.timeoutMs;
    let last = '';
    for (;;) {
        const view = await readDeployment(kubeConfig, options.namespace, options.workload);
        const hasImage = view?.images.includes(options.imageRef) ?? false;
        const line = !view
            ? `${options.workload}: not found in namespace ${options.namespace} yet`
            : hasImage
                ? `${options.workload}: new image synced, ${view.state}`
                : `${options.workload}: waiting for the sync (running ${view.images.join(', ')})`;
        if (line !== last)
            log(line);
        last = line;
        if (view && hasImage && view.complete)
            return;
        if (clock.now() >= deadline) {
            throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`the cluster did not run ${options.imageRef} in deployment/${options.workload} within ` +
                `${(0,_shared_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a)(options.timeoutMs)}: ${line}. Check that Argo CD / Flux syncs the GitOps repository`);
        }
        await clock.sleep(options.pollMs ?? 2000);
    }
}


/***/ })

};
