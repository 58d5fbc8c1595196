export const id = 664;
export const ids = [664];
export const modules = {

/***/ 1664:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  buildImage: () => (/* binding */ buildImage)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(4379);
// EXTERNAL MODULE: ./shared/clock.js
var shared_clock = __webpack_require__(4046);
// EXTERNAL MODULE: ./shared/errors.js
var errors = __webpack_require__(2921);
// EXTERNAL MODULE: ./shared/exec.js
var shared_exec = __webpack_require__(9019);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./shared/retry.js
var retry = __webpack_require__(8754);
;// CONCATENATED MODULE: ./shared/registry-api.js






/**
 * A small Registry HTTP API v2 client: resolves a tag to the digest the registry serves (HEAD or
 * GET of the manifest with the Accept headers of every current manifest format), with token
 * (Bearer) or basic auth, and retries on 429 (honouring Retry-After), 5xx and dropped connections.
 */
const MANIFEST_MEDIA_TYPES = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json',
];
/** Docker Hub's API host for `docker.io` names; everything else is its own host. */
function apiHost(registry) {
    if (!registry || registry === 'docker.io' || registry === 'index.docker.io')
        return 'registry-1.docker.io';
    return registry;
}
/** Loopback registries speak plain HTTP (as the docker engine treats them); all others HTTPS. */
function registryBaseUrl(registry) {
    const host = apiHost(registry);
    const hostname = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    const loopback = hostname === 'localhost' || /^127\./.test(hostname) || hostname === '::1';
    return `${loopback ? 'http' : 'https'}://${host}`;
}
/** Credentials a `docker login` stored (base64 `auth` entries; credential helpers are not read). */
function dockerConfigCredentials(registry, configDir = process.env.DOCKER_CONFIG || (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.docker')) {
    const file = (0,external_node_path_.join)(configDir, 'config.json');
    if (!(0,external_node_fs_.existsSync)(file))
        return undefined;
    try {
        const config = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
        const keys = !registry || registry === 'docker.io'
            ? ['https://index.docker.io/v1/', 'docker.io', 'index.docker.io']
            : [registry, `https://${registry}`, `http://${registry}`];
        for (const key of keys) {
            const auth = config.auths?.[key]?.auth;
            if (!auth)
                continue;
            const decoded = Buffer.from(auth, 'base64').toString('utf8');
            const at = decoded.indexOf(':');
            if (at > 0)
                return { username: decoded.slice(0, at), password: decoded.slice(at + 1) };
        }
    }
    catch {
        return undefined;
    }
    return undefined;
}
class RetryableHttpError extends Error {
    retryAfter;
    constructor(message, retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }
}
function parseChallenge(header) {
    const space = header.indexOf(' ');
    const scheme = (space > 0 ? header.slice(0, space) : header).toLowerCase();
    const params = {};
    for (const match of header.slice(space + 1).matchAll(/(\w+)="([^"]*)"/g))
        params[match[1]] = match[2];
    return { scheme, params };
}
class RegistryClient {
    options;
    fetch;
    tokens = new Map();
    constructor(options = {}) {
        this.options = options;
        this.fetch = options.fetch ?? fetch;
    }
    /**
     * The digest (and media type, size for GET) the registry serves for `repository:reference`;
     * undefined when it has no such manifest.
     */
    async manifest(registry, repository, reference, method = 'HEAD') {
        const repo = apiHost(registry) === 'registry-1.docker.io' && !repository.includes('/')
            ? `library/${repository}`
            : repository;
        const url = `${registryBaseUrl(registry)}/v2/${repo}/manifests/${reference}`;
        const response = await this.request(registry, repo, url, method);
        if (response.status === 404)
            return undefined;
        const digest = response.headers.get('docker-content-digest') ?? '';
        const mediaType = (response.headers.get('content-type') ?? '').split(';')[0].trim();
        if (method === 'HEAD') {
            if (!digest)
                throw new errors/* UserError */.yo(`registry ${apiHost(registry)} sent no Docker-Content-Digest for ${repository}:${reference}`);
            return { digest, mediaType };
        }
        const body = Buffer.from(await response.arrayBuffer());
        const computed = `sha256:${(0,external_node_crypto_.createHash)('sha256').update(body).digest('hex')}`;
        if (digest && digest !== computed) {
            throw new errors/* UserError */.yo(`registry ${apiHost(registry)}: manifest of ${repository}:${reference} does not match its digest ${digest}`);
        }
        const manifest = JSON.parse(body.toString('utf8'));
        const sum = (items) => (items ?? []).reduce((total, item) => total + (item.size ?? 0), 0);
        const size = manifest.layers
            ? (manifest.config?.size ?? 0) + sum(manifest.layers)
            : sum(manifest.manifests);
        return { digest: digest || computed, mediaType: mediaType || manifest.mediaType || '', size };
    }
    /**
     * One unretried GET of `/v2/`: the wait a rate-limited registry asks for (Retry-After on a
     * 429), or undefined when it sends none.
     */
    async probeRetryAfter(registry) {
        const response = await this.fetch(`${registryBaseUrl(registry)}/v2/`, {
            signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer().catch(() => undefined);
        return response.status === 429 ? (0,retry/* retryAfterMs */.Vs)(response.headers.get('retry-after')) : undefined;
    }
    async request(registry, repository, url, method) {
        const host = apiHost(registry);
        return (0,retry/* retry */.L5)(async () => {
            let response = await this.send(url, method, this.authHeader(host, repository));
            if (response.status === 401) {
                const challenge = response.headers.get('www-authenticate');
                await response.arrayBuffer().catch(() => undefined);
                const header = challenge
                    ? await this.authenticate(registry, repository, challenge)
                    : undefined;
                if (!header) {
                    throw new errors/* UserError */.yo(`registry ${host} refused ${method} ${repository} (401 unauthorized)` +
                        (this.options.credentials?.(registry ?? 'docker.io')
                            ? ': check the username and password'
                            : ': it needs credentials (username/password, or docker login before this step)'));
                }
                response = await this.send(url, method, header);
                if (response.status === 401 || response.status === 403) {
                    throw new errors/* UserError */.yo(`registry ${host} refused the credentials for ${repository} (${response.status}): check the username, password and their permissions`);
                }
            }
            if (response.status === 429 || response.status >= 500) {
                await response.arrayBuffer().catch(() => undefined);
                throw new RetryableHttpError(`registry ${host}: ${method} ${url} → ${response.status}`, (0,retry/* retryAfterMs */.Vs)(response.headers.get('retry-after')));
            }
            if (!response.ok && response.status !== 404) {
                const text = await response.text().catch(() => '');
                throw new errors/* UserError */.yo(`registry ${host}: ${method} ${url} → ${response.status} ${text.slice(0, 300)}`);
            }
            return response;
        }, {
            attempts: this.options.attempts ?? 5,
            baseMs: this.options.baseMs ?? 500,
            maxMs: 15_000,
            clock: this.options.clock,
            decide: (error) => {
                if (error instanceof RetryableHttpError)
                    return { retry: true, afterMs: error.retryAfter, reason: error.message };
                if (error instanceof errors/* UserError */.yo)
                    return { retry: false };
                return { retry: true, reason: `connection failed: ${error.message}` };
            },
            onRetry: ({ attempt, waitMs, reason }) => this.options.onRetry?.(`${reason ?? 'request failed'}; retry ${attempt} in ${(waitMs / 1000).toFixed(1)}s`),
        });
    }
    send(url, method, authorization) {
        const headers = { Accept: MANIFEST_MEDIA_TYPES.join(', ') };
        if (authorization)
            headers.Authorization = authorization;
        return this.fetch(url, {
            method,
            headers,
            redirect: 'follow',
            signal: AbortSignal.timeout(30_000),
        });
    }
    authHeader(host, repository) {
        return this.tokens.get(`${host}/${repository}`);
    }
    async authenticate(registry, repository, challenge) {
        const host = apiHost(registry);
        const credentials = this.options.credentials?.(registry ?? 'docker.io');
        const basic = credentials
            ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
            : undefined;
        const { scheme, params } = parseChallenge(challenge);
        let header;
        if (scheme === 'basic') {
            header = basic;
        }
        else if (scheme === 'bearer' && params.realm) {
            const tokenUrl = new URL(params.realm);
            if (params.service)
                tokenUrl.searchParams.set('service', params.service);
            tokenUrl.searchParams.set('scope', params.scope ?? `repository:${repository}:pull`);
            const response = await this.fetch(tokenUrl, {
                headers: basic ? { Authorization: basic } : {},
                signal: AbortSignal.timeout(30_000),
            });
            if (response.status === 429 || response.status >= 500) {
                throw new RetryableHttpError(`token service ${tokenUrl.host} → ${response.status}`, (0,retry/* retryAfterMs */.Vs)(response.headers.get('retry-after')));
            }
            if (!response.ok) {
                throw new errors/* UserError */.yo(`registry ${host}: the token service refused ${credentials ? 'the credentials' : 'anonymous access'} (${response.status})`);
            }
            const body = (await response.json());
            const token = body.token ?? body.access_token;
            header = token ? `Bearer ${token}` : undefined;
        }
        if (header)
            this.tokens.set(`${host}/${repository}`, header);
        return header;
    }
}

;// CONCATENATED MODULE: ./build-image/build-failure.js

/** A failed image build, with the Dockerfile line to annotate when one can be told. */
class BuildFailedError extends errors/* UserError */.yo {
    file;
    line;
    reason;
    constructor(message, 
    /** The Dockerfile, relative to the workspace. */
    file, 
    /** 1-based line of the failing instruction, when known. */
    line, 
    /** The builder's own words for the cause (one line). */
    reason) {
        super(message);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }
}
/**
 * Finds where a build failed from the builder's output: a parse error's line, buildx's
 * `Dockerfile:N` marker, or the failing step's instruction (`> [2/3] COPY missing /y:`) looked
 * up in the Dockerfile. The cause is the builder's last error line.
 */
function locateBuildFailure(output, dockerfile) {
    const lines = output.split('\n').map((line) => line.trimEnd());
    const errorLine = [...lines]
        .reverse()
        .find((line) => /^(ERROR|error|failed to|executor failed|.*dockerfile parse error)/i.test(line.replace(/^#\d+\s+/, ''))) ??
        [...lines].reverse().find((line) => line.trim() !== '') ??
        'the build failed';
    const cause = errorLine.replace(/^#\d+\s+/, '').trim();
    const parse = /dockerfile parse error (?:on )?line (\d+)/i.exec(output);
    if (parse)
        return { line: Number(parse[1]), cause };
    const marker = /^Dockerfile:(\d+)\s*$/m.exec(output);
    if (marker)
        return { line: Number(marker[1]), cause };
    const step = [...output.matchAll(/^\s*> \[(?:[^\]]*\s)?\d+\/\d+\] (.+?):\s*$/gm)].pop();
    if (step) {
        const instruction = step[1].replace(/\s+/g, ' ').trim();
        const source = dockerfile.split('\n');
        const index = source.findIndex((text) => text.replace(/\s+/g, ' ').trim() === instruction);
        const loose = index >= 0
            ? index
            : source.findIndex((text) => text.replace(/\s+/g, ' ').trim().startsWith(instruction.slice(0, 40)));
        if (loose >= 0)
            return { line: loose + 1, cause };
    }
    return { cause };
}

// EXTERNAL MODULE: ./shared/duration.js
var duration = __webpack_require__(686);
;// CONCATENATED MODULE: ./build-image/build-summary.js

function formatBytes(bytes) {
    if (bytes < 1024)
        return `${bytes} B`;
    const units = ['KiB', 'MiB', 'GiB'];
    let value = bytes / 1024;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}
const code = (text) => `\`${text.replace(/`/g, "'")}\``;
/** The job summary: the verdict first, then a table. */
function renderSummary(facts) {
    const verdictLine = facts.pushed
        ? `build-image: pushed ${facts.imageRef}`
        : `build-image: built ${facts.image} (not pushed: ${facts.pushSkippedBecause ?? 'push: false'})`;
    const heading = facts.pushed
        ? `### ✅ Image pushed: ${code(facts.imageRef)}`
        : `### ✅ Image built, not pushed (${facts.pushSkippedBecause ?? 'push: false'})`;
    const rows = [
        ['Image', code(facts.image)],
        ['Digest', facts.digest ? code(facts.digest) : '— (not pushed)'],
        ['Tags', facts.tags.map(code).join(' ') || '—'],
        ['Version', facts.version ? code(facts.version) : '—'],
        ['Size', facts.sizeBytes !== undefined ? formatBytes(facts.sizeBytes) : '—'],
        ['Build time', `${(0,duration/* formatDuration */.a)(facts.buildMs)} (${facts.builder})`],
        [
            'Push time',
            facts.pushed
                ? `${(0,duration/* formatDuration */.a)(facts.pushMs)}${facts.pushAttempts > facts.tags.length ? ` (${facts.pushAttempts} push attempts for ${facts.tags.length} tags)` : ''}`
                : '—',
        ],
        [
            'Revision',
            facts.revisionUrl
                ? `[${facts.revision.slice(0, 7)}](${facts.revisionUrl})`
                : code(facts.revision || 'unknown'),
        ],
    ];
    const table = ['| | |', '|---|---|', ...rows.map(([key, value]) => `| ${key} | ${value} |`)].join('\n');
    const deploy = facts.pushed ? `\n\nDeploy by digest: ${code(facts.imageRef)}\n` : '\n';
    return { markdown: `${heading}\n\n${table}${deploy}`, verdictLine };
}

;// CONCATENATED MODULE: ./build-image/docker-builder.js



const majorOf = (version) => Number(/^(\d+)/.exec(version)?.[1] ?? 'NaN');
async function clientVersion(exec, docker) {
    const result = await exec.run(docker, ['version', '--format', '{{.Client.Version}}'], {
        timeoutMs: 30_000,
    });
    const version = result.stdout.trim().split('\n')[0];
    return version && /^\d/.test(version) ? version : undefined;
}
/** Other docker clients on PATH (and /usr/bin), after the first one. */
function dockerCandidates(env) {
    const dirs = (env.PATH ?? '').split(external_node_path_.delimiter).filter(Boolean);
    const found = [...dirs, '/usr/bin', '/bin']
        .map((dir) => (0,external_node_path_.join)(dir, 'docker'))
        .filter((path) => (0,external_node_fs_.existsSync)(path));
    return [...new Set(found)];
}
async function detectBuilder(exec, env = process.env) {
    const buildx = await exec.run('docker', ['buildx', 'version'], { timeoutMs: 30_000 });
    const version = await clientVersion(exec, 'docker');
    if (buildx.code === 0)
        return { kind: 'buildx', docker: 'docker', version: version ?? 'unknown' };
    if (version === undefined) {
        throw new errors/* UserError */.yo('no docker client answered `docker version`: install Docker (a docker CLI and a running engine) on the runner');
    }
    if (majorOf(version) < 23)
        return { kind: 'buildkit', docker: 'docker', version };
    for (const candidate of dockerCandidates(env)) {
        const other = await clientVersion(exec, candidate);
        if (other && majorOf(other) < 23)
            return { kind: 'buildkit', docker: candidate, version: other };
    }
    throw new errors/* UserError */.yo(`docker ${version} builds with BuildKit only through buildx, and buildx is not installed: ` +
        'add docker/setup-buildx-action before this step, or install the docker-buildx plugin');
}
/** Problems with the config that only show once the builder is known (e.g. multi-platform). */
function checkBuilderSupport(config, builder) {
    if (builder.kind === 'buildx')
        return;
    if (config.platforms.length > 1) {
        throw new errors/* UserError */.yo(`input 'platforms': ${config.platforms.join(', ')} needs buildx (a multi-platform image cannot be built ` +
            'by the classic docker build); add docker/setup-buildx-action (and docker/setup-qemu-action) before this step, ' +
            'or build one platform');
    }
    if (config.cacheTo.length > 0) {
        throw new errors/* UserError */.yo("input 'cache-to': exporting a build cache needs buildx; add docker/setup-buildx-action before this step");
    }
    const unsupported = config.cacheFrom.find((entry) => entry.includes('=') && !/^type=registry,ref=[^,]+$/.test(entry));
    if (unsupported) {
        throw new errors/* UserError */.yo(`input 'cache-from': '${unsupported}' needs buildx; without it only image references (or type=registry,ref=…) work`);
    }
}
/**
 * The build command as an argument array: every user value is its own argument, so nothing in
 * a build arg, label or tag is ever interpreted by a shell. Secrets appear only as
 * `id=…,src=<0600 temp file>`.
 */
function buildCommand(config, builder, build, env) {
    const args = builder.kind === 'buildx' ? ['buildx', 'build'] : ['build'];
    args.push('--file', config.file);
    for (const tag of build.tags)
        args.push('--tag', tag);
    for (const [key, value] of Object.entries(build.labels))
        args.push('--label', `${key}=${value}`);
    for (const { key, value } of config.buildArgs)
        args.push('--build-arg', `${key}=${value}`);
    for (const { id, path } of build.secretFiles)
        args.push('--secret', `id=${id},src=${path}`);
    if (config.target)
        args.push('--target', config.target);
    if (config.platforms.length > 0)
        args.push('--platform', config.platforms.join(','));
    if (config.network)
        args.push('--network', config.network);
    for (const entry of config.cacheFrom) {
        const ref = builder.kind === 'buildkit' ? entry.replace(/^type=registry,ref=/, '') : entry;
        args.push('--cache-from', ref);
    }
    for (const entry of config.cacheTo)
        args.push('--cache-to', entry);
    args.push('--iidfile', build.iidFile);
    if (builder.kind === 'buildx') {
        args.push('--provenance=false');
        args.push(build.pushFromBuilder ? '--push' : '--load');
    }
    args.push('--progress', 'plain');
    args.push(config.context);
    return {
        command: builder.docker,
        args,
        env: builder.kind === 'buildkit' ? { ...env, DOCKER_BUILDKIT: '1' } : env,
    };
}

;// CONCATENATED MODULE: ./build-image/docker-login.js




/** Runner temp (RUNNER_TEMP) or the OS temp dir: where 0600 secret files and private configs go. */
function runnerTemp(env = process.env) {
    return env.RUNNER_TEMP && (0,external_node_fs_.existsSync)(env.RUNNER_TEMP) ? env.RUNNER_TEMP : (0,external_node_os_.tmpdir)();
}
/**
 * With credentials: `docker login --password-stdin` into a private DOCKER_CONFIG temp dir (so
 * the runner's own config never holds them), with the user's cli-plugins and buildx builders
 * linked in. Without credentials: the ambient docker config, unchanged.
 */
async function openDockerSession(exec, docker, login, env = process.env, log = () => undefined) {
    if (!login)
        return { env, close: async () => undefined };
    const dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(runnerTemp(env), 'oasis-docker-config-'));
    const userConfig = env.DOCKER_CONFIG || (0,external_node_path_.join)(env.HOME || (0,external_node_os_.homedir)(), '.docker');
    for (const shared of ['cli-plugins', 'buildx']) {
        if ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(userConfig, shared)))
            (0,external_node_fs_.symlinkSync)((0,external_node_path_.join)(userConfig, shared), (0,external_node_path_.join)(dir, shared));
    }
    const sessionEnv = { ...env, DOCKER_CONFIG: dir };
    let closed = false;
    const close = async () => {
        if (closed)
            return;
        closed = true;
        try {
            await exec.run(docker, ['logout', login.registry], {
                env: sessionEnv,
                secrets: [login.password],
                timeoutMs: 60_000,
            });
        }
        finally {
            (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
        }
    };
    try {
        const result = await exec.run(docker, ['login', '--username', login.username, '--password-stdin', login.registry], {
            env: sessionEnv,
            input: login.password,
            secrets: [login.password],
            timeoutMs: 120_000,
        });
        if (result.code !== 0) {
            const detail = (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ');
            if (/unauthorized|denied|incorrect|401|403/i.test(detail)) {
                throw new errors/* ConfigError */.xL('password', `docker login to ${login.registry} as '${login.username}' was refused (${detail}); check 'username' and 'password' (a token needs push rights)`);
            }
            throw new errors/* UserError */.yo(`docker login to ${login.registry} failed: ${detail}`);
        }
        log(`Logged in to ${login.registry} as ${login.username} (private DOCKER_CONFIG)`);
        return { env: sessionEnv, close };
    }
    catch (error) {
        await close();
        throw error;
    }
}

// EXTERNAL MODULE: ./build-image/github-context.js
var github_context = __webpack_require__(1054);
// EXTERNAL MODULE: ./build-image/image-tags.js
var image_tags = __webpack_require__(534);
;// CONCATENATED MODULE: ./build-image/image-push.js



const RATE_LIMITED = /toomanyrequests|too many requests|\b429\b/i;
const SERVER_ERROR = /\b50[0-4]\b|service unavailable|bad gateway|gateway time-?out|internal server error/i;
const CONNECTION = /connection reset|connection refused|broken pipe|unexpected EOF|\bEOF\b|i\/o timeout|TLS handshake timeout|client connection lost|net\/http: request canceled|no such host|server misbehaving|use of closed network connection/i;
const AUTH = /unauthorized|authentication required|denied|forbidden|\b401\b|\b403\b/i;
/** Classifies the output of a failed push: retry on 429, 5xx and dropped connections only. */
function classifyPushFailure(output) {
    const lastLine = output.trim().split('\n').filter(Boolean).pop() ?? 'docker push failed';
    if (AUTH.test(output) && !RATE_LIMITED.test(output))
        return { retryable: false, reason: lastLine };
    if (RATE_LIMITED.test(output)) {
        const after = /retry[- ]after[":= ]+(\d+)/i.exec(output);
        return {
            retryable: true,
            rateLimited: true,
            reason: 'rate limited (429)',
            afterMs: after ? Number(after[1]) * 1000 : undefined,
        };
    }
    const server = SERVER_ERROR.exec(output);
    if (server)
        return { retryable: true, reason: `registry error (${server[0]})` };
    const connection = CONNECTION.exec(output);
    if (connection)
        return { retryable: true, reason: `connection failed (${connection[0]})` };
    return { retryable: false, reason: lastLine };
}
class PushError extends Error {
    failure;
    output;
    constructor(failure, output) {
        super(failure.reason);
        this.failure = failure;
        this.output = output;
    }
}
/**
 * `docker push ref` with bounded exponential backoff (full jitter, capped) on 429 (a
 * Retry-After in the output wins when longer), 5xx and dropped connections; a clear error
 * with the registry's last words otherwise or when the attempts run out.
 */
async function pushImage(exec, docker, ref, options) {
    const attempts = options.retries + 1;
    let used = 0;
    try {
        await (0,retry/* retry */.L5)(async (attempt) => {
            used = attempt;
            const result = await exec.run(docker, ['push', ref], {
                env: options.env,
                secrets: options.secrets,
                timeoutMs: 30 * 60_000,
            });
            if (result.code !== 0) {
                const output = `${result.stdout}\n${result.stderr}`;
                const failure = classifyPushFailure(output);
                if (failure.rateLimited && failure.afterMs === undefined && options.retryAfterProbe) {
                    failure.afterMs = await options.retryAfterProbe().catch(() => undefined);
                }
                throw new PushError(failure, output);
            }
        }, {
            attempts,
            baseMs: options.baseMs ?? 1000,
            maxMs: options.maxMs ?? 30_000,
            clock: options.clock ?? shared_clock/* systemClock */.m,
            random: options.random,
            decide: (error) => {
                if (!(error instanceof PushError))
                    return { retry: false };
                return {
                    retry: error.failure.retryable,
                    afterMs: error.failure.afterMs,
                    reason: error.failure.reason,
                };
            },
            onRetry: ({ attempt, waitMs, reason }) => options.log?.(`push ${ref}: ${reason}; attempt ${attempt + 1}/${attempts} in ${(waitMs / 1000).toFixed(1)}s`),
        });
    }
    catch (error) {
        if (!(error instanceof PushError))
            throw error;
        const tail = error.output.trim().split('\n').filter(Boolean).slice(-3).join(' | ');
        if (!error.failure.retryable) {
            const hint = AUTH.test(error.output)
                ? ": the registry refused the credentials; check 'username'/'password' and that they may push to this repository"
                : '';
            throw new errors/* UserError */.yo(`docker push ${ref} failed${hint}: ${tail}`);
        }
        throw new errors/* UserError */.yo(`docker push ${ref} failed after ${used} attempt${used === 1 ? '' : 's'} (${error.failure.reason}): ${tail}. ` +
            "The registry kept failing; retry the job later or raise 'push-retries'");
    }
    return { attempts: used };
}

;// CONCATENATED MODULE: ./build-image/oci-labels.js
/** The 8 OCI annotation keys build-image always sets (user labels may override each). */
const OCI_LABEL_KEYS = (/* unused pure expression or super */ null && ([
    'org.opencontainers.image.created',
    'org.opencontainers.image.source',
    'org.opencontainers.image.revision',
    'org.opencontainers.image.version',
    'org.opencontainers.image.title',
    'org.opencontainers.image.description',
    'org.opencontainers.image.url',
    'org.opencontainers.image.licenses',
]));
/** The OCI labels for this build, then the user's labels (which win on a clash). Pure. */
function computeLabels(context, version, userLabels = {}) {
    const url = context.repository ? `${context.serverUrl}/${context.repository}` : '';
    const title = context.repository.split('/').pop() ?? '';
    const labels = {
        'org.opencontainers.image.created': context.now.toISOString(),
        'org.opencontainers.image.source': url,
        'org.opencontainers.image.revision': context.sha,
        'org.opencontainers.image.version': version,
        'org.opencontainers.image.title': title,
        'org.opencontainers.image.description': context.description ?? '',
        'org.opencontainers.image.url': url,
        'org.opencontainers.image.licenses': context.license ?? '',
    };
    return { ...labels, ...userLabels };
}

;// CONCATENATED MODULE: ./build-image/build-image.js















const isPullRequest = (eventName) => eventName === 'pull_request' || eventName === 'pull_request_target';
function credentialsFor(config, env) {
    return (registry) => {
        if (config.login && config.login.registry === registry) {
            return { username: config.login.username, password: config.login.password };
        }
        return dockerConfigCredentials(registry, env.DOCKER_CONFIG || undefined);
    };
}
/**
 * Builds the image (buildx, else BuildKit), pushes every tag of every image with retries, and
 * reads the digest back from the registry, checking that every tag resolves to it.
 */
async function buildImage(config, ports = {}) {
    const exec = ports.exec ?? shared_exec/* processExec */.l;
    const clock = ports.clock ?? shared_clock/* systemClock */.m;
    const env = ports.env ?? process.env;
    const log = ports.log ?? (() => undefined);
    const context = ports.context ?? (0,github_context/* readGitHubContext */.L7)(env, new Date(clock.now()));
    const secretValues = [
        ...config.secrets.map((secret) => secret.value.trim()).filter(Boolean),
        ...(config.login ? [config.login.password] : []),
    ];
    const computed = (0,image_tags/* computeTags */.$o)(config.tagRules, config.flavor, context);
    let tags = computed.tags;
    if (tags.length === 0) {
        if (!context.sha) {
            throw new errors/* UserError */.yo(`input 'tags': no rule gives a tag for this ${context.eventName || 'run'} (ref ${context.ref || 'unknown'}); add a rule such as type=raw,value=dev`);
        }
        tags = [`sha-${context.sha.slice(0, 7)}`];
        log(`No tag rule applies to this ${context.eventName} event; tagging ${tags[0]}`);
    }
    const version = computed.version || tags[0];
    const labels = computeLabels(context, version, config.labels);
    const push = config.push === 'auto' ? !isPullRequest(context.eventName) : config.push;
    const pushSkippedBecause = push
        ? undefined
        : config.push === 'auto'
            ? `${context.eventName} event`
            : 'push: false';
    const refs = config.images.flatMap((image) => tags.map((tag) => `${image.name}:${tag}`));
    const builder = await detectBuilder(exec, env);
    checkBuilderSupport(config, builder);
    const builderName = builder.kind === 'buildx'
        ? `buildx, docker ${builder.version}`
        : `BuildKit, docker ${builder.version}`;
    log(`Builder: ${builderName}${builder.docker !== 'docker' ? ` (${builder.docker})` : ''}`);
    const work = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(runnerTemp(env), 'oasis-build-'));
    (0,external_node_fs_.chmodSync)(work, 0o700);
    const session = await openDockerSession(exec, builder.docker, config.login, env, log).catch((error) => {
        (0,external_node_fs_.rmSync)(work, { recursive: true, force: true });
        throw error;
    });
    try {
        const secretFiles = config.secrets.map(({ id, value }, index) => {
            const path = (0,external_node_path_.join)(work, `secret-${index}`);
            (0,external_node_fs_.writeFileSync)(path, value, { mode: 0o600 });
            return { id, path };
        });
        const iidFile = (0,external_node_path_.join)(work, 'iid');
        const multiPlatform = config.platforms.length > 1;
        const pushFromBuilder = builder.kind === 'buildx' && multiPlatform && push;
        const plan = buildCommand(config, builder, {
            tags: refs,
            labels,
            secretFiles: [...secretFiles, ...config.secretFiles],
            iidFile,
            pushFromBuilder,
        }, session.env);
        if (builder.kind === 'buildx' && multiPlatform && !push) {
            // A multi-platform image cannot be loaded into the engine: build it (and its cache) only.
            plan.args.splice(plan.args.indexOf('--load'), 1);
        }
        log(`Building ${refs[0]}${refs.length > 1 ? ` (+${refs.length - 1} more tags)` : ''}`);
        const buildStart = clock.now();
        const tail = [];
        const runBuild = () => exec.run(plan.command, plan.args, {
            env: plan.env,
            secrets: secretValues,
            onLine: (line) => {
                log(line);
                tail.push(line);
                if (tail.length > 25)
                    tail.shift();
            },
        });
        const group = ports.group ?? ((_name, fn) => fn());
        let built = await group(`docker ${plan.args[0] === 'buildx' ? 'buildx build' : 'build'}`, runBuild);
        // buildx pushes a multi-platform image itself: a registry failure during that push is
        // retried like any push (the layers are cached, so a retry only exports again).
        for (let attempt = 1; pushFromBuilder && built.code !== 0 && attempt <= config.pushRetries; attempt++) {
            const failure = classifyPushFailure(`${built.stdout}\n${built.stderr}`);
            if (!failure.retryable)
                break;
            const waitMs = Math.max(failure.afterMs ?? 0, (0,retry/* backoffDelay */.EY)(attempt, ports.retryBaseMs ?? 1000, 30_000, ports.random ?? Math.random));
            log(`buildx push: ${failure.reason}; attempt ${attempt + 1}/${config.pushRetries + 1} in ${(waitMs / 1000).toFixed(1)}s`);
            await clock.sleep(waitMs);
            tail.length = 0;
            built = await group('docker buildx build (retry)', runBuild);
        }
        const buildMs = clock.now() - buildStart;
        if (built.code !== 0) {
            const dockerfile = (0,external_node_path_.relative)(config.workspace, config.file);
            const { line, cause } = locateBuildFailure(`${built.stdout}\n${built.stderr}`, (0,external_node_fs_.readFileSync)(config.file, 'utf8'));
            throw new BuildFailedError(`docker build failed (exit ${built.code})${line ? ` at ${dockerfile}:${line}` : ''}: ${cause}\n${tail.join('\n')}`, dockerfile, line, cause);
        }
        let imageId = '';
        try {
            imageId = (0,external_node_fs_.readFileSync)(iidFile, 'utf8').trim();
        }
        catch {
            imageId = '';
        }
        log(`Built ${imageId || refs[0]} in ${(buildMs / 1000).toFixed(1)}s`);
        let pushMs = 0;
        let pushAttempts = 0;
        let digest = '';
        let sizeBytes;
        if (push) {
            const pushStart = clock.now();
            const registry = new RegistryClient({
                credentials: credentialsFor(config, session.env),
                fetch: ports.fetch,
                clock,
                baseMs: ports.retryBaseMs,
                attempts: config.pushRetries + 1,
                onRetry: log,
            });
            if (!pushFromBuilder) {
                for (const [index, ref] of refs.entries()) {
                    const image = config.images[Math.floor(index / tags.length)];
                    const { attempts } = await pushImage(exec, builder.docker, ref, {
                        env: session.env,
                        retries: config.pushRetries,
                        clock,
                        random: ports.random,
                        baseMs: ports.retryBaseMs,
                        log,
                        secrets: secretValues,
                        retryAfterProbe: () => registry.probeRetryAfter(image.registry),
                    });
                    pushAttempts += attempts;
                    log(`Pushed ${ref}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}`);
                }
            }
            else {
                pushAttempts = refs.length;
            }
            pushMs = clock.now() - pushStart;
            const resolved = await resolveDigests(registry, config.images, tags);
            digest = resolved.digest;
            sizeBytes = resolved.size;
            if (builder.kind === 'buildkit' || !multiPlatform) {
                await checkLocalDigest(exec, builder.docker, refs[0], config.images[0], digest, session.env);
            }
            log(`Registry digest ${digest}; all ${refs.length} tags resolve to it`);
        }
        const image = config.images[0].name;
        const imageRef = digest ? `${image}@${digest}` : '';
        const summary = renderSummary({
            pushed: push,
            pushSkippedBecause,
            image,
            imageRef,
            digest,
            tags,
            sizeBytes,
            buildMs,
            pushMs,
            pushAttempts,
            builder: builderName,
            revision: context.sha,
            revisionUrl: context.repository && context.sha
                ? `${context.serverUrl}/${context.repository}/commit/${context.sha}`
                : undefined,
            version,
        });
        const metadata = {
            image,
            digest,
            imageRef,
            imageId,
            pushed: push,
            refs,
            tags,
            version,
            labels,
            sizeBytes,
            buildMs,
            pushMs,
            pushAttempts,
            builder: builderName,
            platforms: config.platforms,
        };
        return {
            outputs: {
                image,
                digest,
                'image-ref': imageRef,
                tags: refs.join('\n'),
                labels: Object.entries(labels)
                    .map(([key, value]) => `${key}=${value}`)
                    .join('\n'),
                version,
                metadata: JSON.stringify(metadata),
            },
            pushed: push,
            image,
            digest,
            imageRef,
            refs,
            tags,
            labels,
            version,
            imageId,
            sizeBytes,
            buildMs,
            pushMs,
            pushAttempts,
            builder: builderName,
            summary,
        };
    }
    finally {
        (0,external_node_fs_.rmSync)(work, { recursive: true, force: true });
        await session.close();
    }
}
/** The registry's digest for the first image's first tag; every image:tag must resolve to it. */
async function resolveDigests(registry, images, tags) {
    const first = await registry.manifest(images[0].registry, images[0].repository, tags[0], 'GET');
    if (!first)
        throw new errors/* UserError */.yo(`registry has no manifest for ${images[0].name}:${tags[0]} right after the push`);
    const mismatches = [];
    for (const image of images) {
        for (const tag of tags) {
            if (image === images[0] && tag === tags[0])
                continue;
            const other = await registry.manifest(image.registry, image.repository, tag, 'HEAD');
            if (other?.digest !== first.digest)
                mismatches.push(`${image.name}:${tag} → ${other?.digest ?? 'missing'}`);
        }
    }
    if (mismatches.length > 0) {
        throw new errors/* UserError */.yo(`tags do not all resolve to the pushed digest ${first.digest}: ${mismatches.join(', ')} (did another job push the same tag at the same time?)`);
    }
    return { digest: first.digest, size: first.size };
}
/** The engine's record of what it pushed must name the registry's digest. */
async function checkLocalDigest(exec, docker, ref, image, digest, env) {
    const result = await exec.run(docker, ['image', 'inspect', '--format', '{{json .RepoDigests}}', ref], { env });
    if (result.code !== 0)
        return;
    let repoDigests = [];
    try {
        repoDigests = JSON.parse(result.stdout.trim());
    }
    catch {
        return;
    }
    const mine = repoDigests.filter((entry) => entry.startsWith(`${image.name}@`));
    if (mine.length > 0 && !mine.includes(`${image.name}@${digest}`)) {
        throw new errors/* UserError */.yo(`the registry serves ${digest} for ${ref}, but the engine pushed ${mine.join(', ')}: another push to the same tag won the race`);
    }
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

/***/ 8754:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EY: () => (/* binding */ backoffDelay),
/* harmony export */   L5: () => (/* binding */ retry),
/* harmony export */   Vs: () => (/* binding */ retryAfterMs)
/* harmony export */ });
/* harmony import */ var _clock_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4046);

/** Exponential backoff with full jitter, capped, honouring a server's requested wait. */
function backoffDelay(attempt, baseMs, maxMs, random) {
    const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
async function retry(fn, options) {
    const clock = options.clock ?? _clock_js__WEBPACK_IMPORTED_MODULE_0__/* .systemClock */ .m;
    const random = options.random ?? Math.random;
    const baseMs = options.baseMs ?? 500;
    const maxMs = options.maxMs ?? 30_000;
    for (let attempt = 1;; attempt++) {
        try {
            return await fn(attempt);
        }
        catch (error) {
            const decision = options.decide(error, attempt);
            if (!decision.retry || attempt >= options.attempts)
                throw error;
            const waitMs = Math.max(decision.afterMs ?? 0, backoffDelay(attempt, baseMs, maxMs, random));
            if (options.deadline !== undefined && clock.now() + waitMs > options.deadline)
                throw error;
            options.onRetry?.({ attempt, waitMs, error, reason: decision.reason });
            await clock.sleep(waitMs);
        }
    }
}
/** Parse an HTTP Retry-After header (seconds or an HTTP date) into milliseconds. */
function retryAfterMs(header, now = Date.now()) {
    if (!header)
        return undefined;
    if (/^\d+$/.test(header.trim()))
        return Number(header.trim()) * 1000;
    const at = Date.parse(header);
    return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}


/***/ })

};
