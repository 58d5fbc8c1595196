export const id = 455;
export const ids = [455];
export const modules = {

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
