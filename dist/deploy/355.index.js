export const id = 355;
export const ids = [355,736];
export const modules = {

/***/ 6736:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  parseChecks: () => (/* reexport */ post_deploy_verify_checks.parseChecks),
  postDeployVerify: () => (/* binding */ postDeployVerify),
  verify: () => (/* reexport */ verify)
});

// UNUSED EXPORTS: ChecksError, overallVerdict

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(4379);
// EXTERNAL MODULE: ./post-deploy-verify/checks.js + 2 modules
var post_deploy_verify_checks = __webpack_require__(8023);
// EXTERNAL MODULE: ./shared/duration.js
var duration = __webpack_require__(686);
;// CONCATENATED MODULE: ./post-deploy-verify/summary.js
/** The job summary of a verification: verdict first, one row per check. */

const ICON = { pass: '✅', fail: '❌', inconclusive: '⚠️' };
function cell(text) {
    return (text ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').slice(0, 300);
}
/** The check's name, linked to what it checked when there is a link. */
function nameCell(check) {
    const name = cell(check.name);
    if (!check.link)
        return name;
    const url = check.link.replace(/[()|\s]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
    return `[${name.replace(/[[\]]/g, '\\$&')}](${url})`;
}
function ms(value) {
    return value === undefined ? '–' : `${Math.round(value)} ms`;
}
/** One sentence: `passed: 3 of 3 checks` / `failed: 1 of 3 checks failed (health)`. */
function verdictLine(verdict, checks, durationMs) {
    const failed = checks.filter((check) => check.verdict === 'fail');
    const inconclusive = checks.filter((check) => check.verdict === 'inconclusive');
    const names = (list) => list.map((check) => check.name).join(', ');
    const took = `in ${(0,duration/* formatDuration */.a)(durationMs)}`;
    if (verdict === 'pass')
        return `${ICON.pass} Post-deploy verification passed: ${checks.length} of ${checks.length} checks ${took}`;
    if (verdict === 'fail') {
        return `${ICON.fail} Post-deploy verification failed: ${failed.length} of ${checks.length} checks failed (${names(failed)}) ${took}`;
    }
    return `${ICON.inconclusive} Post-deploy verification inconclusive: ${inconclusive.length} of ${checks.length} checks inconclusive (${names(inconclusive)}) ${took}`;
}
function summaryMarkdown(verdict, checks, durationMs, reportPath) {
    const lines = [
        `### ${verdictLine(verdict, checks, durationMs)}`,
        '',
        '| Check | Kind | Result | Attempts | Last status | p50 | p95 | Why |',
        '| --- | --- | --- | ---: | --- | ---: | ---: | --- |',
        ...checks.map((check) => `| ${nameCell(check)} | ${check.kind} | ${ICON[check.verdict]} ${check.verdict} | ${check.attempts} | ${cell(check.lastStatus)} | ${ms(check.latencyMs.p50)} | ${ms(check.latencyMs.p95)} | ${cell(check.reason)} |`),
        '',
    ];
    if (reportPath)
        lines.push(`Full report: \`${reportPath}\``, '');
    return lines.join('\n');
}

// EXTERNAL MODULE: ../../node_modules/@actions/core/lib/core.js + 8 modules
var core = __webpack_require__(8806);
// EXTERNAL MODULE: ./shared/errors.js
var errors = __webpack_require__(2921);
// EXTERNAL MODULE: ./shared/clock.js
var shared_clock = __webpack_require__(4046);
// EXTERNAL MODULE: ./shared/retry.js
var retry = __webpack_require__(8754);
;// CONCATENATED MODULE: ./post-deploy-verify/env-template.js

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
/**
 * Replace `${NAME}` with the environment variable NAME (how a workflow passes a secret:
 * `env: { API_TOKEN: ${{ secrets.API_TOKEN }} }`). A missing variable is an error naming the
 * check and the field, never the value.
 */
function expandEnv(template, env, where) {
    const secrets = [];
    const value = template.replace(REFERENCE, (_match, name) => {
        const found = env[name];
        if (found === undefined || found === '') {
            throw new errors/* UserError */.yo(`${where} references \${${name}}, which is not set; pass it to the step with env: ${name}: …`);
        }
        secrets.push(found);
        return found;
    });
    return { value, secrets };
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
;// CONCATENATED MODULE: ./post-deploy-verify/http-requester.js
/**
 * The HTTP port of the checks: one request, the whole (capped) body, and the time it took.
 * Built on node:http/https so a check can trust an extra CA or skip verification per request,
 * with keep-alive agents so repeated attempts do not pay a new connection each time.
 */




/** A request that got no HTTP response: refused, timed out, TLS failure, DNS... */
class HttpTransportError extends Error {
    code;
    constructor(message, code) {
        super(message);
        this.code = code;
        this.name = 'HttpTransportError';
    }
}
const MAX_BODY_BYTES = 1024 * 1024;
function createHttpRequester() {
    const httpAgent = new external_node_http_.Agent({ keepAlive: true, maxSockets: 64 });
    const httpsAgents = new Map();
    const httpsAgent = (ca, insecure) => {
        const key = `${insecure}:${ca ?? ''}`;
        let agent = httpsAgents.get(key);
        if (!agent) {
            agent = new external_node_https_.Agent({
                keepAlive: true,
                maxSockets: 64,
                // Adding a CA must not drop the public roots.
                ca: ca ? [...external_node_tls_.rootCertificates, ca] : undefined,
                rejectUnauthorized: !insecure,
            });
            httpsAgents.set(key, agent);
        }
        return agent;
    };
    return {
        request(request) {
            return new Promise((resolve, reject) => {
                const url = new URL(request.url);
                const secure = url.protocol === 'https:';
                const started = external_node_perf_hooks_.performance.now();
                const headers = { 'user-agent': 'oasis-post-deploy-verify' };
                for (const [name, value] of Object.entries(request.headers))
                    headers[name] = value;
                if (request.body !== undefined) {
                    headers['content-length'] = String(Buffer.byteLength(request.body));
                }
                let settled = false;
                const fail = (message, code) => {
                    if (settled)
                        return;
                    settled = true;
                    clearTimeout(timer);
                    request.signal?.removeEventListener('abort', onAbort);
                    req.destroy();
                    reject(new HttpTransportError(message, code));
                };
                const options = {
                    method: request.method,
                    headers,
                    agent: secure ? httpsAgent(request.ca, request.insecure === true) : httpAgent,
                };
                const req = (secure ? external_node_https_ : external_node_http_).request(url, options, (res) => {
                    const chunks = [];
                    let size = 0;
                    let truncated = false;
                    res.on('data', (chunk) => {
                        if (size + chunk.length > MAX_BODY_BYTES) {
                            truncated = true;
                            chunks.push(chunk.subarray(0, MAX_BODY_BYTES - size));
                            size = MAX_BODY_BYTES;
                            return;
                        }
                        chunks.push(chunk);
                        size += chunk.length;
                    });
                    res.on('error', (error) => fail(error.message, 'ERESPONSE'));
                    res.on('end', () => {
                        if (settled)
                            return;
                        settled = true;
                        clearTimeout(timer);
                        request.signal?.removeEventListener('abort', onAbort);
                        const responseHeaders = {};
                        for (const [name, value] of Object.entries(res.headers)) {
                            if (value !== undefined) {
                                responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
                            }
                        }
                        resolve({
                            status: res.statusCode ?? 0,
                            headers: responseHeaders,
                            body: Buffer.concat(chunks).toString('utf8'),
                            latencyMs: external_node_perf_hooks_.performance.now() - started,
                            truncated,
                        });
                    });
                });
                const timer = setTimeout(() => fail(`no response within ${request.timeoutMs}ms`, 'ETIMEDOUT'), Math.max(1, request.timeoutMs));
                const onAbort = () => fail('cancelled', 'ABORTED');
                if (request.signal?.aborted)
                    onAbort();
                request.signal?.addEventListener('abort', onAbort, { once: true });
                req.on('error', (error) => fail(describeTransportError(error), error.code ?? 'EREQUEST'));
                if (request.body !== undefined)
                    req.end(request.body);
                else
                    req.end();
            });
        },
        close() {
            httpAgent.destroy();
            for (const agent of httpsAgents.values())
                agent.destroy();
        },
    };
}
function describeTransportError(error) {
    switch (error.code) {
        case 'ECONNREFUSED':
            return 'connection refused';
        case 'ENOTFOUND':
        case 'EAI_AGAIN':
            return 'host name not found';
        case 'ECONNRESET':
            return 'connection reset';
        case 'DEPTH_ZERO_SELF_SIGNED_CERT':
        case 'SELF_SIGNED_CERT_IN_CHAIN':
        case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
        case 'CERT_HAS_EXPIRED':
        case 'ERR_TLS_CERT_ALTNAME_INVALID':
            return `TLS: ${error.message} (trust the CA with tls.ca-file)`;
        default:
            return error.message || String(error.code);
    }
}

// EXTERNAL MODULE: ./post-deploy-verify/json-path.js
var json_path = __webpack_require__(8547);
// EXTERNAL MODULE: ./shared/exec.js
var exec = __webpack_require__(9019);
;// CONCATENATED MODULE: ./post-deploy-verify/http-check.js



/**
 * One attempt: `check.requests` requests one after the other; it passes when every response meets
 * every expectation and the p95 of their latencies is within `p95-latency`.
 * @param timeLeft milliseconds until the deadline; each request's timeout is cut to it
 */
async function attemptHttp(check, prepared, http, timeLeft, signal) {
    const latenciesMs = [];
    const redacted = (text) => (0,exec/* redact */.E)(text, prepared.secrets);
    let status = '';
    for (let index = 0; index < check.requests; index++) {
        const timeoutMs = Math.max(1, Math.min(check.timeoutMs, timeLeft()));
        let response;
        try {
            response = await http.request({
                url: prepared.url,
                method: prepared.method,
                headers: prepared.headers,
                body: prepared.body,
                timeoutMs,
                ca: prepared.ca,
                insecure: prepared.insecure,
                signal,
            });
        }
        catch (error) {
            if (!(error instanceof HttpTransportError))
                throw error;
            const timedOut = error.code === 'ETIMEDOUT';
            return {
                ok: false,
                status: timedOut ? 'timeout' : error.message,
                latenciesMs,
                reason: redacted(`${error.message}${ofRequests(index, check.requests)}`),
                cutByDeadline: timedOut && timeoutMs < check.timeoutMs,
            };
        }
        latenciesMs.push(response.latencyMs);
        status = String(response.status);
        const problems = judge(check.expect, response);
        if (problems.length > 0) {
            return {
                ok: false,
                status,
                latenciesMs,
                reason: redacted(`${problems.join('; ')}${ofRequests(index, check.requests)}`),
            };
        }
    }
    const budget = check.expect.p95LatencyMs;
    if (budget !== undefined) {
        const p95 = nearestRank(latenciesMs, 95);
        if (p95 > budget) {
            return {
                ok: false,
                status,
                latenciesMs,
                reason: `p95 latency ${Math.round(p95)}ms over the budget of ${budget}ms (${latenciesMs.length} requests)`,
            };
        }
    }
    return { ok: true, status, latenciesMs };
}
function ofRequests(index, total) {
    return total > 1 ? ` (request ${index + 1} of ${total})` : '';
}
function nearestRank(values, p) {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1];
}
function formatRanges(ranges) {
    return ranges
        .map((range) => range.from === range.to
        ? String(range.from)
        : range.to - range.from === 99 && range.from % 100 === 0
            ? `${range.from / 100}xx`
            : `${range.from}-${range.to}`)
        .join(', ');
}
function snippet(text, max = 80) {
    const flat = text.replace(/\s+/g, ' ').trim();
    return JSON.stringify(flat.length > max ? `${flat.slice(0, max)}…` : flat);
}
function show(value) {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
/** Every unmet expectation, in words; empty when the response passes. */
function judge(expect, response) {
    const problems = [];
    if (!expect.status.some((range) => response.status >= range.from && response.status <= range.to)) {
        problems.push(expect.statusGiven
            ? `status ${response.status}, expected ${formatRanges(expect.status)}`
            : `status ${response.status} is an error (no status expected; any below 400 passes)`);
    }
    if (expect.maxLatencyMs !== undefined && response.latencyMs > expect.maxLatencyMs) {
        problems.push(`latency ${Math.round(response.latencyMs)}ms over the budget of ${expect.maxLatencyMs}ms`);
    }
    for (const text of expect.bodyContains) {
        if (!response.body.includes(text)) {
            problems.push(`body does not contain ${JSON.stringify(text)} (body: ${snippet(response.body)})`);
        }
    }
    if (expect.bodyRegex && !expect.bodyRegex.test(response.body)) {
        problems.push(`body does not match /${expect.bodyRegex.source}/ (body: ${snippet(response.body)})`);
    }
    if (expect.json.length > 0) {
        let parsed;
        let parsedOk = true;
        try {
            parsed = JSON.parse(response.body);
        }
        catch {
            parsedOk = false;
            problems.push(`body is not JSON (body: ${snippet(response.body)})`);
        }
        if (parsedOk) {
            for (const assertion of expect.json) {
                const found = (0,json_path/* lookup */.$I)(parsed, assertion.steps);
                if (assertion.exists === false) {
                    if (found.found)
                        problems.push(`JSON ${assertion.path} exists, expected it absent`);
                    continue;
                }
                if (!found.found) {
                    problems.push(`JSON ${assertion.path} is missing`);
                    continue;
                }
                if (assertion.hasEquals && !(0,json_path/* jsonEqual */.Zm)(found.value, assertion.equals)) {
                    problems.push(`JSON ${assertion.path} is ${show(found.value)}, expected ${show(assertion.equals)}`);
                }
                if (assertion.matches) {
                    const text = typeof found.value === 'string' ? found.value : JSON.stringify(found.value);
                    if (!assertion.matches.test(text)) {
                        problems.push(`JSON ${assertion.path} is ${show(found.value)}, which does not match /${assertion.matches.source}/`);
                    }
                }
            }
        }
    }
    for (const header of expect.headers) {
        const value = response.headers[header.name];
        if (value === undefined)
            problems.push(`header ${header.name} is missing`);
        else if (!value.toLowerCase().includes(header.contains.toLowerCase())) {
            problems.push(`header ${header.name} is ${JSON.stringify(value)}, expected it to contain ${JSON.stringify(header.contains)}`);
        }
    }
    return problems;
}

;// CONCATENATED MODULE: ./post-deploy-verify/prometheus-analysis.js
/**
 * Prometheus analysis as Argo Rollouts' AnalysisTemplate runs it: `count` measurements every
 * `interval`; each measurement is successful, failed or inconclusive; the analysis fails once
 * failures exceed `failure-limit`, is inconclusive once inconclusive measurements exceed
 * `inconclusive-limit`, and passes when all measurements are taken without either.
 */




const TRANSPORT_ATTEMPTS = 3;
/** One instant query; throws UserError for anything a person has to fix. */
async function queryPrometheus(check, http, headers, secrets, clock, timeoutMs, signal) {
    const url = `${check.address}/api/v1/query`;
    const body = new URLSearchParams({ query: check.query }).toString();
    let lastError = '';
    for (let attempt = 1; attempt <= TRANSPORT_ATTEMPTS; attempt++) {
        let response;
        try {
            response = await http.request({
                url,
                method: 'POST',
                headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
                body,
                timeoutMs,
                signal,
            });
        }
        catch (error) {
            if (!(error instanceof HttpTransportError))
                throw error;
            if (error.code === 'ABORTED')
                throw error;
            lastError = (0,exec/* redact */.E)(error.message, secrets);
            if (attempt < TRANSPORT_ATTEMPTS)
                await clock.sleep(500 * attempt, signal);
            continue;
        }
        let parsed;
        try {
            parsed = JSON.parse(response.body);
        }
        catch {
            if (response.status >= 500 && attempt < TRANSPORT_ATTEMPTS) {
                lastError = `HTTP ${response.status}`;
                await clock.sleep(500 * attempt, signal);
                continue;
            }
            throw new errors/* UserError */.yo(`check '${check.name}': ${check.address} did not answer as the Prometheus HTTP API ` +
                `(HTTP ${response.status}, not JSON); check the address`);
        }
        if (parsed.status === 'error') {
            if (response.status >= 500 &&
                parsed.errorType !== 'execution' &&
                attempt < TRANSPORT_ATTEMPTS) {
                lastError = `${parsed.errorType}: ${parsed.error}`;
                await clock.sleep(500 * attempt, signal);
                continue;
            }
            const what = parsed.errorType === 'bad_data' ? 'invalid PromQL' : `query failed (${parsed.errorType})`;
            throw new errors/* UserError */.yo(`check '${check.name}': ${what}: ${parsed.error} (query: ${check.query})`);
        }
        if (parsed.status !== 'success' || !parsed.data) {
            throw new errors/* UserError */.yo(`check '${check.name}': ${check.address} did not answer as the Prometheus HTTP API (HTTP ${response.status})`);
        }
        return { ...toValues(check, parsed.data), latencyMs: response.latencyMs, attempts: attempt };
    }
    throw new errors/* UserError */.yo(`check '${check.name}': Prometheus at ${check.address} is unreachable: ${lastError} ` +
        `(${TRANSPORT_ATTEMPTS} attempts)`);
}
function toValues(check, data) {
    const values = [];
    if (data.resultType === 'scalar') {
        const [, value] = data.result;
        values.push({ labels: {}, value: Number(value) });
    }
    else if (data.resultType === 'vector') {
        for (const sample of data.result) {
            values.push({ labels: sample.metric ?? {}, value: Number(sample.value[1]) });
        }
    }
    else if (data.resultType === 'matrix') {
        throw new errors/* UserError */.yo(`check '${check.name}': the query returns a range vector; wrap it in a function such as rate() or avg_over_time() (query: ${check.query})`);
    }
    else {
        throw new errors/* UserError */.yo(`check '${check.name}': the query returns a ${data.resultType}, not a number (query: ${check.query})`);
    }
    return { values };
}
function labelText(labels) {
    const entries = Object.entries(labels).filter(([name]) => name !== '__name__');
    return entries.length ? `{${entries.map(([k, v]) => `${k}="${v}"`).join(',')}}` : '';
}
/** Judge one query result with the check's conditions. */
function judgeMeasurement(check, values) {
    if (values.length === 0) {
        return { phase: 'inconclusive', message: 'no samples (empty result)' };
    }
    const nanAllowed = /isNaN/.test(`${check.conditionText} ${check.failureConditionText ?? ''}`);
    if (!nanAllowed && values.some((sample) => Number.isNaN(sample.value))) {
        return {
            phase: 'inconclusive',
            message: 'result is NaN (no data in the window yet?)',
        };
    }
    const shown = values
        .slice(0, 5)
        .map((sample) => `${labelText(sample.labels)}${labelText(sample.labels) ? ' ' : ''}${formatNumber(sample.value)}`)
        .join(', ');
    const more = values.length > 5 ? ` and ${values.length - 5} more` : '';
    if (check.failureCondition) {
        const failing = values.filter((sample) => check.failureCondition(sample.value));
        if (failing.length > 0) {
            return {
                phase: 'failed',
                message: `${failing.map((s) => formatNumber(s.value)).join(', ')} meets failure-condition ${check.failureConditionText}`,
            };
        }
        if (values.every((sample) => check.condition(sample.value))) {
            return { phase: 'successful', message: `${shown}${more}` };
        }
        return {
            phase: 'inconclusive',
            message: `${shown}${more} meets neither condition nor failure-condition`,
        };
    }
    const failing = values.filter((sample) => !check.condition(sample.value));
    if (failing.length === 0)
        return { phase: 'successful', message: `${shown}${more}` };
    const failingShown = failing
        .slice(0, 5)
        .map((s) => `${labelText(s.labels)}${labelText(s.labels) ? ' ' : ''}${formatNumber(s.value)}`)
        .join(', ');
    return {
        phase: 'failed',
        message: `${failingShown}${failing.length > 5 ? ` and ${failing.length - 5} more` : ''} does not meet ${check.conditionText}`,
    };
}
function formatNumber(value) {
    if (Number.isNaN(value))
        return 'NaN';
    if (Number.isInteger(value))
        return String(value);
    return String(Number(value.toPrecision(4)));
}
async function runAnalysis(check, context) {
    const { clock, log } = context;
    const measurements = [];
    const latenciesMs = [];
    let queries = 0;
    let failed = 0;
    let inconclusive = 0;
    let lastStatus = '';
    const finish = (verdict, reason) => ({
        verdict,
        measurements,
        queries,
        lastStatus,
        reason,
        latenciesMs,
    });
    if (check.initialDelayMs > 0) {
        log(`${check.name}: waiting ${(0,duration/* formatDuration */.a)(check.initialDelayMs)} before the first measurement`);
        await clock.sleep(Math.min(check.initialDelayMs, Math.max(0, context.deadline - clock.now())), context.signal);
    }
    for (let index = 1; index <= check.count; index++) {
        if (context.signal?.aborted)
            return finish('inconclusive', 'cancelled');
        const remaining = context.deadline - clock.now();
        if (remaining <= 0) {
            return finish('inconclusive', `deadline reached after ${index - 1} of ${check.count} measurements`);
        }
        const result = await queryPrometheus(check, context.http, context.headers, context.secrets, clock, Math.min(check.timeoutMs, remaining), context.signal);
        queries += result.attempts;
        latenciesMs.push(result.latencyMs);
        const judged = judgeMeasurement(check, result.values);
        measurements.push({
            phase: judged.phase,
            values: result.values,
            at: new Date(clock.now()).toISOString(),
            message: judged.message,
        });
        lastStatus =
            result.values.length === 0
                ? 'no samples'
                : result.values.length === 1
                    ? formatNumber(result.values[0].value)
                    : `${result.values.length} series`;
        log(`${check.name}: measurement ${index}/${check.count} ${judged.phase}: ${judged.message}`);
        if (judged.phase === 'failed')
            failed++;
        if (judged.phase === 'inconclusive')
            inconclusive++;
        if (failed > check.failureLimit) {
            return finish('fail', `${failed} failed measurement${failed > 1 ? 's' : ''} (failure-limit ${check.failureLimit}): ${judged.phase === 'failed' ? judged.message : measurements.filter((m) => m.phase === 'failed').pop()?.message}`);
        }
        if (inconclusive > check.inconclusiveLimit) {
            return finish('inconclusive', `${inconclusive} inconclusive measurement${inconclusive > 1 ? 's' : ''} (inconclusive-limit ${check.inconclusiveLimit}): ${judged.message}`);
        }
        if (index < check.count) {
            const wait = check.intervalMs;
            if (clock.now() + wait > context.deadline) {
                return finish('inconclusive', `deadline reached after ${index} of ${check.count} measurements`);
            }
            await clock.sleep(wait, context.signal);
        }
    }
    return finish('pass');
}

;// CONCATENATED MODULE: ./post-deploy-verify/verify.js
/**
 * The check engine: runs checks with a concurrency limit against one deadline, retrying each
 * failing check with jittered backoff until it passes or the deadline comes, and decides the
 * verdict. A library: k8s-rollout (blue-green pre-switch, canary steps) and deploy call it
 * in-process.
 */










const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 5_000;
/** No attempt is started with less time than this left before the deadline. */
const MIN_ATTEMPT_MS = 200;
/** pass when every check passed; fail when any failed; otherwise inconclusive. */
function overallVerdict(results) {
    if (results.some((result) => result.verdict === 'fail'))
        return 'fail';
    if (results.some((result) => result.verdict === 'inconclusive'))
        return 'inconclusive';
    return 'pass';
}
/** Nearest-rank percentile of a list of numbers. */
function percentile(values, p) {
    if (values.length === 0)
        return undefined;
    const sorted = [...values].sort((a, b) => a - b);
    const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
    return sorted[rank - 1];
}
function latencySummary(values) {
    const round = (value) => value === undefined ? undefined : Math.round(value * 10) / 10;
    return {
        p50: round(percentile(values, 50)),
        p95: round(percentile(values, 95)),
        max: round(values.length ? Math.max(...values) : undefined),
    };
}
/** Expand `${NAME}` references and read CA files before anything runs: errors come first. */
function prepare(check, ports) {
    const secrets = [];
    const expandMap = (map, what) => {
        const out = {};
        for (const [name, template] of Object.entries(map)) {
            const expanded = expandEnv(template, ports.env, `check '${check.name}': ${what} '${name}'`);
            secrets.push(...expanded.secrets);
            out[name] = expanded.value;
        }
        return out;
    };
    if (check.kind === 'http') {
        const headers = expandMap(check.headers, 'header');
        let body;
        if (check.body !== undefined) {
            const expanded = expandEnv(check.body, ports.env, `check '${check.name}': the body`);
            secrets.push(...expanded.secrets);
            body = expanded.value;
        }
        let ca;
        if (check.tls.caFile) {
            try {
                ca = ports.readFile(check.tls.caFile);
            }
            catch (error) {
                throw new errors/* UserError */.yo(`check '${check.name}': tls.ca-file '${check.tls.caFile}' cannot be read: ${(0,errors/* errorMessage */.gJ)(error)}`);
            }
        }
        for (const secret of secrets)
            ports.mask(secret);
        return {
            check,
            secrets,
            request: {
                url: check.url,
                method: check.method,
                headers,
                body,
                ca,
                insecure: check.tls.insecure,
                secrets,
            },
        };
    }
    if (check.kind === 'prometheus') {
        const headers = expandMap(check.headers, 'header');
        for (const secret of secrets)
            ports.mask(secret);
        return { check, secrets, headers };
    }
    return { check, secrets };
}
function linkOf(check) {
    if (check.kind === 'http')
        return check.method === 'GET' ? check.url : undefined;
    if (check.kind === 'prometheus') {
        return `${check.address}/graph?g0.expr=${encodeURIComponent(check.query)}&g0.tab=1`;
    }
    return undefined;
}
function targetOf(check) {
    if (check.kind === 'http')
        return `${check.method} ${check.url}`;
    if (check.kind === 'prometheus')
        return check.query;
    return `${check.namespace}/${check.deployment ? `deployment/${check.deployment}` : check.selector}`;
}
/** Run every check; resolves with the verdict, or throws a UserError for a broken check. */
async function verify(config, ports = {}) {
    const clock = ports.clock ?? shared_clock/* systemClock */.m;
    const log = ports.log ?? ((line) => core/* info */.pq(line));
    const ownHttp = ports.http === undefined;
    const http = ports.http ?? createHttpRequester();
    const env = ports.env ?? process.env;
    const mask = ports.mask ?? ((value) => core/* setSecret */.Pq(value));
    const readFile = ports.readFile ?? ((path) => (0,external_node_fs_.readFileSync)(path, 'utf8'));
    const random = ports.random ?? Math.random;
    if (config.checks.length === 0)
        throw new errors/* UserError */.yo('no checks to run');
    for (const check of config.checks) {
        if (check.kind === 'prometheus') {
            const needed = check.initialDelayMs + (check.count - 1) * check.intervalMs;
            if (needed > config.deadlineMs) {
                throw new errors/* UserError */.yo(`check '${check.name}': ${check.count} measurements ${(0,duration/* formatDuration */.a)(check.intervalMs)} apart ` +
                    `need ${(0,duration/* formatDuration */.a)(needed)}, more than the deadline of ${(0,duration/* formatDuration */.a)(config.deadlineMs)}; ` +
                    'raise deadline or lower count/interval');
            }
        }
        if (check.kind === 'kubernetes' && !ports.pods) {
            throw new errors/* UserError */.yo(`check '${check.name}': kubernetes checks need a cluster; set the kubeconfig input (or KUBECONFIG)`);
        }
    }
    const prepared = config.checks.map((check) => prepare(check, { env, mask, readFile }));
    const startedAt = clock.now();
    const deadline = startedAt + config.deadlineMs;
    const abort = new AbortController();
    const results = new Array(config.checks.length);
    let next = 0;
    let failure;
    const runOne = async (item) => {
        const { check } = item;
        const began = clock.now();
        const base = {
            name: check.name,
            kind: check.kind,
            target: targetOf(check),
            link: linkOf(check),
            line: check.line,
        };
        if (check.kind === 'http') {
            const outcome = await runHttp(check, item.request, {
                http,
                clock,
                deadline,
                log,
                random,
                signal: abort.signal,
            });
            return { ...base, ...outcome, durationMs: clock.now() - began };
        }
        if (check.kind === 'prometheus') {
            const outcome = await runAnalysis(check, {
                http,
                clock,
                headers: item.headers ?? {},
                secrets: item.secrets,
                deadline,
                log,
                signal: abort.signal,
            });
            return {
                ...base,
                verdict: outcome.verdict,
                attempts: outcome.measurements.length,
                lastStatus: outcome.lastStatus,
                reason: outcome.reason,
                latencyMs: latencySummary(outcome.latenciesMs),
                measurements: outcome.measurements,
                durationMs: clock.now() - began,
            };
        }
        const { watchPods } = await __webpack_require__.e(/* import() */ 772).then(__webpack_require__.bind(__webpack_require__, 1772));
        const outcome = await watchPods(check, ports.pods, {
            clock,
            deadline,
            log,
            signal: abort.signal,
        });
        return { ...base, ...outcome, latencyMs: {}, durationMs: clock.now() - began };
    };
    const worker = async () => {
        while (next < prepared.length && failure === undefined) {
            const index = next++;
            try {
                results[index] = await runOne(prepared[index]);
            }
            catch (error) {
                if (failure === undefined)
                    failure = error;
                abort.abort();
            }
        }
    };
    const workers = Math.max(1, Math.min(config.concurrency, prepared.length));
    try {
        await Promise.all(Array.from({ length: workers }, worker));
    }
    finally {
        if (ownHttp)
            http.close?.();
    }
    if (failure !== undefined)
        throw failure;
    const verdict = overallVerdict(results);
    const report = {
        verdict,
        startedAt: new Date(startedAt).toISOString(),
        durationMs: clock.now() - startedAt,
        deadlineMs: config.deadlineMs,
        concurrency: config.concurrency,
        checks: results,
    };
    return { verdict, checks: results, report };
}
/**
 * Attempts until the check passes or the deadline comes. Each request's timeout is cut to the
 * time left, and the wait before the next attempt never passes the deadline, so a check that
 * never passes fails at the deadline: not before, and not later than one request would take.
 */
async function runHttp(check, request, context) {
    const { clock, log } = context;
    const latencies = [];
    let attempts = 0;
    let lastReason;
    let lastStatus = '';
    const done = (verdict, reason) => ({
        verdict,
        attempts,
        lastStatus,
        reason,
        latencyMs: latencySummary(latencies),
    });
    for (;;) {
        const remaining = context.deadline - clock.now();
        if (remaining <= 0 && attempts > 0)
            break;
        attempts++;
        const outcome = await attemptHttp(check, request, context.http, () => context.deadline - clock.now(), context.signal);
        if (context.signal.aborted)
            return done('inconclusive', 'cancelled');
        latencies.push(...outcome.latenciesMs);
        if (outcome.cutByDeadline && lastReason !== undefined) {
            // The last attempt ran out of time at the deadline: the reason before it says more.
            break;
        }
        lastStatus = outcome.status;
        if (outcome.ok) {
            const last = outcome.latenciesMs[outcome.latenciesMs.length - 1];
            const latency = last === undefined ? '' : `, ${Math.round(last)}ms`;
            log(`${check.name}: passed (${outcome.status}${latency}) after ${attempts} attempt${attempts > 1 ? 's' : ''}`);
            return done('pass');
        }
        if (outcome.reason !== lastReason) {
            log(`${check.name}: attempt ${attempts} failed: ${outcome.reason}; retrying until the deadline`);
            lastReason = outcome.reason;
        }
        const left = context.deadline - clock.now();
        if (left <= 0)
            break;
        const wait = Math.min((0,retry/* backoffDelay */.EY)(attempts, BACKOFF_BASE_MS, BACKOFF_MAX_MS, context.random), left);
        if (left - wait < MIN_ATTEMPT_MS) {
            // Too little time after the wait for a meaningful attempt: wait for the deadline.
            await clock.sleep(left, context.signal);
            break;
        }
        await clock.sleep(wait, context.signal);
        if (context.signal.aborted)
            return done('inconclusive', 'cancelled');
    }
    log(`${check.name}: failed at the deadline after ${attempts} attempt${attempts > 1 ? 's' : ''}: ${lastReason}`);
    return done('fail', lastReason);
}

;// CONCATENATED MODULE: ./post-deploy-verify/post-deploy-verify.js
/**
 * post-deploy-verify as a library: parse the checks, run them, write the JSON report and
 * return outputs and summary. The action's main.ts and the deploy action call this in-process;
 * k8s-rollout's strategies call `verify` (and `parseChecks`) directly.
 */








function defaultReportPath(env) {
    const root = env.RUNNER_TEMP || (0,external_node_os_.tmpdir)();
    return (0,external_node_path_.join)(root, `post-deploy-verify-report-${Date.now()}-${process.pid}.json`);
}
async function postDeployVerify(config, ports = {}) {
    const env = ports.env ?? process.env;
    const checks = (0,post_deploy_verify_checks.parseChecks)(config.checksText, config.checksSource, { baseUrl: config.baseUrl, prometheusUrl: config.prometheusUrl, namespace: config.namespace }, config.checksFile);
    let dispose;
    let pods = ports.pods;
    try {
        if (!pods && checks.some((check) => check.kind === 'kubernetes')) {
            const { loadKubeConfig } = await __webpack_require__.e(/* import() */ 455).then(__webpack_require__.bind(__webpack_require__, 5455));
            const { createPodWatcher } = await __webpack_require__.e(/* import() */ 772).then(__webpack_require__.bind(__webpack_require__, 1772));
            const loaded = await loadKubeConfig({
                content: config.kubeconfig,
                context: config.context,
                env: env,
            });
            dispose = loaded.dispose;
            pods = await createPodWatcher(loaded.kubeConfig);
        }
        const result = await verify({ checks, deadlineMs: config.deadlineMs, concurrency: config.concurrency }, { ...ports, env, pods });
        const reportPath = config.reportPath ?? defaultReportPath(env);
        (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(reportPath), { recursive: true });
        (0,external_node_fs_.writeFileSync)(reportPath, `${JSON.stringify(result.report, null, 2)}\n`);
        const failedChecks = result.checks
            .filter((check) => check.verdict === 'fail')
            .map((check) => check.name);
        return {
            verdict: result.verdict,
            reportPath,
            failedChecks,
            checks: result.checks,
            report: result.report,
            headline: verdictLine(result.verdict, result.checks, result.report.durationMs),
            summary: summaryMarkdown(result.verdict, result.checks, result.report.durationMs, reportPath),
            outputs: {
                verdict: result.verdict,
                report: reportPath,
                'failed-checks': failedChecks.join(','),
            },
        };
    }
    finally {
        dispose?.();
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
