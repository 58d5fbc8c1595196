export const id = 429;
export const ids = [429];
export const modules = {

/***/ 7429:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OS: () => (/* binding */ GitHubApiError),
/* harmony export */   createGitHubClient: () => (/* binding */ createGitHubClient),
/* harmony export */   repositoryContext: () => (/* binding */ repositoryContext),
/* harmony export */   tj: () => (/* binding */ apiBaseUrl)
/* harmony export */ });
/* unused harmony exports acceptedPermissions, toGitHubApiError */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8806);
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1738);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4491);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2812);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2921);
/**
 * The one GitHub API client of the suite: Octokit from @actions/github with the retry and
 * throttling plugins, GHES through GITHUB_API_URL, and API failures turned into errors a user
 * can act on (which permission the token lacks, which thing was not found).
 */





/** Default API base: GITHUB_API_URL (set by the runner, also on GHES) or api.github.com. */
function apiBaseUrl(env = process.env) {
    return (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
}
function createGitHubClient(options) {
    if (!options.token) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`no GitHub token: set input '${options.tokenInput ?? 'github-token'}' (the default is \${{ github.token }})`);
    }
    const log = options.log ?? ((message) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(message));
    const retries = options.retries ?? 3;
    const baseMs = options.retryAfterBaseMs ?? 1000;
    const maxWait = options.maxRetryAfterSeconds ?? 600;
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_1__/* .getOctokit */ .Q)(options.token, {
        baseUrl: (options.baseUrl ?? apiBaseUrl()).replace(/\/+$/, ''),
        userAgent: options.userAgent ?? 'oasis-actions',
        retry: { retries, retryAfterBaseValue: baseMs },
        throttle: {
            retryAfterBaseValue: baseMs,
            ...(options.spaceWrites === false ? unspacedWrites : {}),
            onRateLimit: (retryAfter, request, _octokit, count) => decide('rate limit', retryAfter, request, count),
            onSecondaryRateLimit: (retryAfter, request, _octokit, count) => decide('secondary rate limit', retryAfter, request, count),
        },
        log: { debug: () => undefined, info: () => undefined, warn: log, error: log },
    }, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_3__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_4__/* .throttling */ .A);
    function decide(kind, retryAfter, request, count) {
        const what = `${request.method} ${request.url}`;
        if (count >= retries || retryAfter > maxWait) {
            log(`GitHub ${kind} on ${what}: giving up after ${count} retries (asked to wait ${retryAfter}s)`);
            return false;
        }
        log(`GitHub ${kind} on ${what}: retrying in ${retryAfter}s`);
        return true;
    }
    const tokenInput = options.tokenInput ?? 'github-token';
    octokit.hook.error('request', (error, request) => {
        throw toGitHubApiError(error, request, tokenInput);
    });
    return octokit;
}
/** Stand-ins for the throttling plugin's write and notification limiters: run at once. */
const immediate = {
    key: () => ({
        schedule: (...args) => args.find((a) => typeof a === 'function')(),
    }),
};
const unspacedWrites = {
    write: immediate,
    notifications: immediate,
    triggersNotification: () => false,
};
/** A failed GitHub API call, explained. `status` is kept so callers can branch on 404 etc. */
class GitHubApiError extends _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo {
    status;
    method;
    path;
    /** The permission GitHub said was needed (from X-Accepted-GitHub-Permissions), if any. */
    permission;
    documentationUrl;
    headers;
    constructor(message, details) {
        super(message, { cause: details.cause });
        this.status = details.status;
        this.method = details.method;
        this.path = details.path;
        this.permission = details.permission;
        this.documentationUrl = details.documentationUrl;
        this.headers = details.headers ?? {};
    }
}
/** Permission a route needs, for when GitHub does not say (the X-Accepted header is missing). */
const ROUTE_PERMISSIONS = [
    [/\/orgs\/[^/]+\/teams\/[^/]+\/(memberships|members)/, 'members'],
    [/\/repos\/[^/]+\/[^/]+\/issues/, 'issues'],
    [/\/repos\/[^/]+\/[^/]+\/pulls/, 'pull-requests'],
    [/\/repos\/[^/]+\/[^/]+\/code-scanning/, 'security-events'],
    [/\/repos\/[^/]+\/[^/]+\/deployments/, 'deployments'],
    [/\/repos\/[^/]+\/[^/]+\/statuses/, 'statuses'],
    [/\/repos\/[^/]+\/[^/]+\/(git|contents)\//, 'contents'],
];
/** `issues=write; pull_requests=write,contents=read` → `issues: write` (first set, readable). */
function acceptedPermissions(header) {
    if (!header)
        return undefined;
    const sets = header
        .split(';')
        .map((set) => set
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)
        .map((part) => part.replace(/_/g, '-').replace('=', ': '))
        .join(' and '))
        .filter(Boolean);
    return sets.length ? sets.join(' or ') : undefined;
}
function guessPermission(method, path) {
    const entry = ROUTE_PERMISSIONS.find(([pattern]) => pattern.test(path));
    if (!entry)
        return undefined;
    return `${entry[1]}: ${method.toUpperCase() === 'GET' ? 'read' : 'write'}`;
}
function permissionHint(permission, tokenInput) {
    if (permission.startsWith('members')) {
        return (`the token in '${tokenInput}' lacks the organization permission '${permission}'; ` +
            `the workflow's GITHUB_TOKEN can never have it, so pass a GitHub App token or a PAT with ` +
            `read:org in '${tokenInput}'`);
    }
    const [name, level] = permission.split(' and ')[0].split(' or ')[0].split(': ');
    return (`the token in '${tokenInput}' lacks the '${permission}' permission; ` +
        `add \`permissions: { ${name}: ${level ?? 'write'} }\` to the job (or give the token that access)`);
}
/** Turn an Octokit RequestError into a GitHubApiError; anything below 400 passes unchanged. */
function toGitHubApiError(error, request, tokenInput = 'github-token') {
    const status = error.status;
    if (typeof status !== 'number' || status < 400)
        return error;
    const response = (error.response ?? {});
    const headers = response.headers ?? {};
    const data = (response.data ?? {});
    const apiMessage = typeof data.message === 'string' ? data.message : String(status);
    const sent = error.request ?? {};
    const method = (sent.method ?? request.method ?? 'GET').toUpperCase();
    let path = sent.url ?? request.url ?? '';
    try {
        path = new URL(path, 'http://x').pathname;
    }
    catch {
        // keep as is
    }
    const what = `${method} ${path}`;
    const fromHeader = acceptedPermissions(headers['x-accepted-github-permissions']);
    const permission = fromHeader ?? guessPermission(method, path);
    let explanation;
    if (status === 401) {
        explanation = `GitHub rejected the token in '${tokenInput}' (${apiMessage}): check that the secret is set, spelled right and not expired`;
    }
    else if (status === 403 && /rate limit/i.test(apiMessage)) {
        explanation = `GitHub rate limit hit and retries did not help (${apiMessage})`;
    }
    else if (status === 403 && permission) {
        explanation = `${apiMessage}: ${permissionHint(permission, tokenInput)}`;
    }
    else if (status === 404) {
        explanation = `${apiMessage}: it does not exist, or the token in '${tokenInput}' cannot see it`;
    }
    else {
        const errors = Array.isArray(data.errors)
            ? (data.errors ?? [])
            : [];
        const details = errors
            .map((e) => typeof e === 'string'
            ? e
            : String(e.message ?? [e.field, e.code, e.value].filter(Boolean).join(' ')))
            .filter(Boolean);
        explanation = details.length ? `${apiMessage}: ${details.join('; ')}` : apiMessage;
    }
    const doc = data.documentation_url ? ` (${data.documentation_url})` : '';
    return new GitHubApiError(`GitHub API ${what} failed with ${status}: ${explanation}${doc}`, {
        status,
        method,
        path,
        permission,
        documentationUrl: data.documentation_url,
        headers,
        cause: error,
    });
}
/** Read the repository context; `repository` overrides GITHUB_REPOSITORY (`owner/repo`). */
function repositoryContext(env = process.env, repository) {
    const full = (repository || env.GITHUB_REPOSITORY || '').trim();
    const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(full);
    if (!match) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(full
            ? `repository '${full}' is not of the form owner/name`
            : 'no repository: GITHUB_REPOSITORY is not set (run inside GitHub Actions or name the repository)');
    }
    const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
    const runId = env.GITHUB_RUN_ID ?? '';
    const runRepo = env.GITHUB_REPOSITORY || full;
    return {
        owner: match[1],
        repo: match[2],
        repository: full,
        sha: env.GITHUB_SHA ?? '',
        ref: env.GITHUB_REF ?? '',
        serverUrl,
        apiUrl: apiBaseUrl(env),
        runId,
        runUrl: runId ? `${serverUrl}/${runRepo}/actions/runs/${runId}` : '',
        actor: env.GITHUB_TRIGGERING_ACTOR || env.GITHUB_ACTOR || '',
    };
}


/***/ })

};
