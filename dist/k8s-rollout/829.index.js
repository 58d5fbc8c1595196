export const id = 829;
export const ids = [829];
export const modules = {

/***/ 5829:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DD: () => (/* binding */ loadManifests),
/* harmony export */   ManifestError: () => (/* binding */ ManifestError),
/* harmony export */   Rd: () => (/* binding */ substituteImages)
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


/***/ })

};
