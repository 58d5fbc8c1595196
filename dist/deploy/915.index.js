export const id = 915;
export const ids = [915];
export const modules = {

/***/ 4915:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  parseChecks: () => (/* binding */ parseChecks)
});

// UNUSED EXPORTS: ChecksError, DEFAULT_HTTP_TIMEOUT_MS, DEFAULT_KUBERNETES_WINDOW_MS, DEFAULT_PROMETHEUS_INTERVAL_MS

// EXTERNAL MODULE: ./node_modules/ajv/dist/ajv.js
var dist_ajv = __webpack_require__(2463);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./.build/tsc-G9mQZn/shared/errors.js
var errors = __webpack_require__(6893);
// EXTERNAL MODULE: ./.build/tsc-G9mQZn/shared/duration.js
var duration = __webpack_require__(6378);
;// CONCATENATED MODULE: ./.build/tsc-G9mQZn/post-deploy-verify/checks-schema.js
/**
 * The JSON Schema of the `checks` input of post-deploy-verify. The repository ships the same
 * document as `schemas/checks.schema.json` (a unit test keeps the two identical), so editors can
 * validate a checks file with `# yaml-language-server: $schema=…`.
 */
const checks_schema_duration = {
    'x-hint': 'is not a duration; use a number of seconds or text such as 500ms, 5s, 1m30s',
    oneOf: [
        { type: 'number', minimum: 0 },
        { type: 'string', pattern: '^\\s*(\\d+(\\.\\d+)?|(\\d+(\\.\\d+)?(ms|s|m|h|d))+)\\s*$' },
    ],
};
const headerMap = {
    type: 'object',
    description: 'Header name to value. Values may reference environment variables as ${NAME}.',
    additionalProperties: { type: ['string', 'number', 'boolean'] },
};
const statusItem = {
    'x-hint': 'is not a status; use a status (200), a class (2xx) or a range (200-299)',
    oneOf: [
        { type: 'integer', minimum: 100, maximum: 599 },
        {
            type: 'string',
            pattern: '^\\s*([1-5]xx|[1-5]\\d\\d(\\s*-\\s*[1-5]\\d\\d)?)\\s*$',
            description: 'A status (200), a class (2xx) or a range (200-299).',
        },
    ],
};
const common = {
    name: { type: 'string', minLength: 1, description: 'Unique name shown in the summary.' },
    kind: { enum: ['http', 'prometheus', 'kubernetes'], description: 'Defaults to http.' },
};
const httpCheck = {
    type: 'object',
    required: ['url', 'expect'],
    additionalProperties: false,
    properties: {
        ...common,
        url: {
            type: 'string',
            minLength: 1,
            description: 'An http(s) URL, or a path resolved against the base-url input.',
        },
        method: {
            type: 'string',
            pattern: '^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|get|head|post|put|patch|delete|options)$',
        },
        headers: { $ref: '#/definitions/headers' },
        body: {
            description: 'Request body: text, or an object/array sent as JSON. May reference ${NAME}.',
            type: ['string', 'object', 'array'],
        },
        timeout: { $ref: '#/definitions/duration', description: 'Per-request timeout (default 10s).' },
        tls: {
            type: 'object',
            additionalProperties: false,
            properties: {
                'ca-file': { type: 'string', minLength: 1, description: 'PEM file of extra trusted CAs.' },
                insecure: {
                    type: 'boolean',
                    description: 'Skip certificate verification (staging only).',
                },
            },
        },
        expect: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            description: 'What the response must satisfy; at least one expectation.',
            properties: {
                status: {
                    'x-hint': statusItem['x-hint'],
                    oneOf: [
                        { $ref: '#/definitions/status' },
                        { type: 'array', minItems: 1, items: { $ref: '#/definitions/status' } },
                    ],
                },
                'body-contains': {
                    oneOf: [
                        { type: 'string', minLength: 1 },
                        { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
                    ],
                },
                'body-regex': { type: 'string', minLength: 1 },
                json: {
                    type: 'array',
                    minItems: 1,
                    items: {
                        type: 'object',
                        required: ['path'],
                        additionalProperties: false,
                        minProperties: 2,
                        properties: {
                            path: {
                                type: 'string',
                                minLength: 1,
                                description: 'Dot path into the JSON body: status, $.data.items[0].id',
                            },
                            equals: { description: 'Any JSON value, compared deeply.' },
                            matches: { type: 'string', minLength: 1, description: 'Regular expression.' },
                            exists: { type: 'boolean' },
                        },
                    },
                },
                headers: {
                    type: 'object',
                    description: 'Header name to a text the header value must contain (case-insensitive).',
                    additionalProperties: { type: ['string', 'number'] },
                },
                'max-latency': {
                    $ref: '#/definitions/duration',
                    description: 'Upper bound of the response time.',
                },
            },
        },
    },
};
const prometheusCheck = {
    type: 'object',
    required: ['kind', 'query', 'condition'],
    additionalProperties: false,
    properties: {
        ...common,
        address: {
            type: 'string',
            minLength: 1,
            description: 'Prometheus base URL; defaults to the prometheus-url input.',
        },
        query: { type: 'string', minLength: 1, description: 'PromQL, evaluated as an instant query.' },
        condition: {
            type: 'string',
            minLength: 1,
            description: 'Success condition on `result`, e.g. result >= 0.99 (each vector element).',
        },
        'failure-condition': {
            type: 'string',
            minLength: 1,
            description: 'Optional failure condition; when neither holds the measurement is inconclusive.',
        },
        interval: {
            $ref: '#/definitions/duration',
            description: 'Time between measurements (default 10s).',
        },
        count: { type: 'integer', minimum: 1, description: 'Number of measurements (default 1).' },
        'failure-limit': { type: 'integer', minimum: 0, description: 'Failures tolerated (0).' },
        'inconclusive-limit': {
            type: 'integer',
            minimum: 0,
            description: 'Inconclusive measurements tolerated (0).',
        },
        'initial-delay': {
            $ref: '#/definitions/duration',
            description: 'Wait before the first measurement.',
        },
        timeout: { $ref: '#/definitions/duration', description: 'Per-query timeout (default 10s).' },
        headers: { $ref: '#/definitions/headers' },
    },
};
const kubernetesCheck = {
    type: 'object',
    required: ['kind'],
    additionalProperties: false,
    properties: {
        ...common,
        namespace: { type: 'string', minLength: 1 },
        deployment: { type: 'string', minLength: 1, description: 'Deployment whose pods to watch.' },
        selector: { type: 'string', minLength: 1, description: 'Label selector of the pods.' },
        window: {
            $ref: '#/definitions/duration',
            description: 'How long restart counts must stay unchanged (default 30s).',
        },
    },
};
const check = {
    type: 'object',
    required: [],
    properties: { kind: common.kind },
    allOf: [
        {
            if: { properties: { kind: { const: 'prometheus' } }, required: ['kind'] },
            then: prometheusCheck,
        },
        {
            if: { properties: { kind: { const: 'kubernetes' } }, required: ['kind'] },
            then: kubernetesCheck,
        },
        { if: { not: { required: ['kind'] } }, then: httpCheck },
        { if: { properties: { kind: { const: 'http' } }, required: ['kind'] }, then: httpCheck },
    ],
};
const checksSchema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/oasis-actions/oasis-actions/schemas/checks.schema.json',
    title: 'post-deploy-verify checks',
    description: 'Checks run by the post-deploy-verify action: a list of checks, or an object with a checks list.',
    oneOf: [
        { type: 'array', minItems: 1, items: { $ref: '#/definitions/check' } },
        {
            type: 'object',
            required: ['checks'],
            additionalProperties: false,
            properties: {
                checks: { type: 'array', minItems: 1, items: { $ref: '#/definitions/check' } },
            },
        },
    ],
    definitions: {
        check,
        httpCheck,
        prometheusCheck,
        kubernetesCheck,
        duration: checks_schema_duration,
        headers: headerMap,
        status: statusItem,
    },
};

;// CONCATENATED MODULE: ./.build/tsc-G9mQZn/post-deploy-verify/condition.js
/**
 * Conditions of Prometheus checks, as in Argo Rollouts' successCondition: a small expression over
 * `result` (one number: the scalar, or one vector element), e.g. `result >= 0.99`,
 * `result > 0 && result < 0.5`, `(result * 100) >= 99.5`. Comparisons, arithmetic (+ - * /),
 * `&&`/`and`, `||`/`or`, `!`/`not`, parentheses and `isNaN(result)`.
 */
const TOKEN = /\s*(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(>=|<=|==|!=|&&|\|\||[<>+\-*/()!])|([A-Za-z_][A-Za-z0-9_]*))/y;
class ConditionSyntaxError extends Error {
}
function tokenize(text) {
    const tokens = [];
    TOKEN.lastIndex = 0;
    let at = 0;
    while (at < text.length) {
        if (/^\s*$/.test(text.slice(at)))
            break;
        TOKEN.lastIndex = at;
        const match = TOKEN.exec(text);
        if (!match) {
            throw new ConditionSyntaxError(`unexpected '${text.slice(at).trim()[0]}'`);
        }
        tokens.push(match[1] ?? match[2] ?? match[3]);
        at = TOKEN.lastIndex;
    }
    return tokens;
}
/** Parse a condition; throws ConditionSyntaxError with what is wrong. */
function parseCondition(text) {
    const tokens = tokenize(text);
    let index = 0;
    const peek = () => tokens[index];
    const take = () => tokens[index++];
    const expect = (token) => {
        if (peek() !== token) {
            throw new ConditionSyntaxError(`expected '${token}' but found ${peek() === undefined ? 'the end' : `'${peek()}'`}`);
        }
        index++;
    };
    const orExpr = () => {
        let left = andExpr();
        while (peek() === '||' || peek() === 'or') {
            take();
            left = { type: 'binary', op: '||', left, right: andExpr() };
        }
        return left;
    };
    const andExpr = () => {
        let left = notExpr();
        while (peek() === '&&' || peek() === 'and') {
            take();
            left = { type: 'binary', op: '&&', left, right: notExpr() };
        }
        return left;
    };
    const notExpr = () => {
        if (peek() === '!' || peek() === 'not') {
            take();
            return { type: 'not', arg: notExpr() };
        }
        return comparison();
    };
    const comparison = () => {
        const left = sum();
        const op = peek();
        if (op && ['>=', '<=', '==', '!=', '<', '>'].includes(op)) {
            take();
            return { type: 'binary', op, left, right: sum() };
        }
        return left;
    };
    const sum = () => {
        let left = product();
        while (peek() === '+' || peek() === '-') {
            const op = take();
            left = { type: 'binary', op, left, right: product() };
        }
        return left;
    };
    const product = () => {
        let left = unary();
        while (peek() === '*' || peek() === '/') {
            const op = take();
            left = { type: 'binary', op, left, right: unary() };
        }
        return left;
    };
    const unary = () => {
        if (peek() === '-') {
            take();
            return { type: 'neg', arg: unary() };
        }
        return primary();
    };
    const primary = () => {
        const token = take();
        if (token === undefined)
            throw new ConditionSyntaxError('unexpected end of the condition');
        if (/^\d/.test(token))
            return { type: 'number', value: Number(token) };
        if (token === 'result')
            return { type: 'result' };
        if (token === 'isNaN') {
            expect('(');
            const arg = orExpr();
            expect(')');
            return { type: 'isNaN', arg };
        }
        if (token === '(') {
            const inner = orExpr();
            expect(')');
            return inner;
        }
        if (/^[A-Za-z_]/.test(token)) {
            throw new ConditionSyntaxError(`unknown name '${token}'; the value is called 'result'`);
        }
        throw new ConditionSyntaxError(`unexpected '${token}'`);
    };
    if (tokens.length === 0)
        throw new ConditionSyntaxError('the condition is empty');
    const tree = orExpr();
    if (index < tokens.length)
        throw new ConditionSyntaxError(`unexpected '${tokens[index]}'`);
    if (!isBoolean(tree)) {
        throw new ConditionSyntaxError('the condition must compare result, e.g. result >= 0.99');
    }
    return (result) => Boolean(evaluate(tree, result));
}
function isBoolean(node) {
    if (node.type === 'not' || node.type === 'isNaN')
        return true;
    if (node.type === 'binary') {
        return ['&&', '||', '>=', '<=', '==', '!=', '<', '>'].includes(node.op);
    }
    return false;
}
function evaluate(node, result) {
    switch (node.type) {
        case 'number':
            return node.value;
        case 'result':
            return result;
        case 'isNaN':
            return Number.isNaN(Number(evaluate(node.arg, result)));
        case 'not':
            return !evaluate(node.arg, result);
        case 'neg':
            return -Number(evaluate(node.arg, result));
        case 'binary': {
            if (node.op === '&&')
                return Boolean(evaluate(node.left, result)) && Boolean(evaluate(node.right, result));
            if (node.op === '||')
                return Boolean(evaluate(node.left, result)) || Boolean(evaluate(node.right, result));
            const left = Number(evaluate(node.left, result));
            const right = Number(evaluate(node.right, result));
            switch (node.op) {
                case '>=':
                    return left >= right;
                case '<=':
                    return left <= right;
                case '==':
                    return left === right;
                case '!=':
                    return left !== right;
                case '<':
                    return left < right;
                case '>':
                    return left > right;
                case '+':
                    return left + right;
                case '-':
                    return left - right;
                case '*':
                    return left * right;
                default:
                    return left / right;
            }
        }
    }
}

// EXTERNAL MODULE: ./.build/tsc-G9mQZn/post-deploy-verify/json-path.js
var json_path = __webpack_require__(2631);
;// CONCATENATED MODULE: ./.build/tsc-G9mQZn/post-deploy-verify/checks.js
/**
 * The checks file: YAML (or JSON) validated against the shipped JSON Schema, then turned into
 * typed checks. Every problem is reported at the line and column where it is, naming the check.
 */







/** A mistake in the checks file, with where it is. */
class ChecksError extends errors/* UserError */.yo {
    source;
    line;
    column;
    file;
    constructor(message, source, line, column, file) {
        super(message);
        this.source = source;
        this.line = line;
        this.column = column;
        this.file = file;
    }
}
const DEFAULT_HTTP_TIMEOUT_MS = 10_000;
const DEFAULT_PROMETHEUS_INTERVAL_MS = 10_000;
const DEFAULT_KUBERNETES_WINDOW_MS = 30_000;
/**
 * Parse and validate a checks document.
 * @param text YAML or JSON text
 * @param source where it came from, for messages: a file path, or `input 'checks'`
 * @param file set when `source` is a file, so errors can be annotated on it
 */
function parseChecks(text, source, context = {}, file) {
    const lineCounter = new dist/* LineCounter */.HN();
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    const at = (offset) => {
        if (offset === undefined)
            return { line: undefined, column: undefined };
        const pos = lineCounter.linePos(offset);
        return { line: pos.line, column: pos.col };
    };
    const fail = (offset, problem) => {
        const { line, column } = at(offset);
        const where = line === undefined ? source : `${source}, line ${line}, column ${column}`;
        throw new ChecksError(`${where}: ${problem}`, source, line, column, file);
    };
    if (doc.errors.length > 0) {
        const error = doc.errors[0];
        fail(error.pos[0], `not valid YAML: ${error.message.split('\n')[0]}`);
    }
    const root = doc.contents;
    if (!root)
        fail(undefined, 'no checks: the document is empty');
    const value = doc.toJS({ maxAliasCount: 100 });
    const listNode = (0,dist/* isSeq */.oP)(root) ? root : (0,dist/* isMap */.jh)(root) ? root.get('checks', true) : undefined;
    const prefix = (0,dist/* isSeq */.oP)(root) ? [] : ['checks'];
    const validate = compiledValidator();
    if ((0,dist/* isMap */.jh)(root)) {
        const extra = root.items.find((pair) => !(0,dist/* isScalar */.jn)(pair.key) || pair.key.value !== 'checks');
        if (extra) {
            fail(nodeOffset(extra.key), `unknown field ${(0,errors/* quote */.hD)(String(scalarText(extra.key)))} at the top; ` +
                'write a list of checks, or an object with only a checks: list');
        }
        if (!root.has('checks'))
            fail(nodeOffset(root), 'missing the checks: list');
    }
    else if (!(0,dist/* isSeq */.oP)(root)) {
        fail(nodeOffset(root), 'expected a list of checks, or an object with a checks: list');
    }
    const listValue = Array.isArray(value) ? value : value.checks;
    if (!Array.isArray(listValue)) {
        fail(nodeOffset(listNode), 'checks: must be a list of checks');
    }
    else if (listValue.length === 0) {
        fail(nodeOffset(listNode), 'no checks: the list is empty');
    }
    const list = listValue;
    const names = new Map();
    const checks = [];
    list.forEach((raw, index) => {
        const path = [...prefix, index];
        const node = doc.getIn(path, true);
        const label = checkLabel(raw, index);
        const failHere = (subPath, problem, onKey = false) => fail(offsetOf(doc, [...path, ...subPath], onKey), `${label}: ${problem}`);
        if (!validate.check(raw)) {
            const error = pickError(validate.check.errors ?? []);
            const { subPath, onKey, problem } = describe(error, raw);
            failHere(subPath, problem, onKey);
        }
        const item = raw;
        const kind = item.kind ?? 'http';
        const name = typeof item.name === 'string' ? item.name : defaultName(kind, item);
        const previous = names.get(name);
        if (previous !== undefined) {
            failHere(['name'], `the name ${(0,errors/* quote */.hD)(name)} is already used by check #${previous + 1}; names must be unique`);
        }
        names.set(name, index);
        const line = node?.range ? at(node.range[0]).line : undefined;
        const common = { name, line };
        if (kind === 'http')
            checks.push(checks_httpCheck(item, common, context, failHere));
        else if (kind === 'prometheus')
            checks.push(checks_prometheusCheck(item, common, context, failHere));
        else
            checks.push(checks_kubernetesCheck(item, common, context, failHere));
    });
    return checks;
}
function checks_duration(value, fallback) {
    if (value === undefined)
        return fallback;
    if (typeof value === 'number')
        return Math.round(value * 1000);
    return (0,duration/* parseDuration */.E)(String(value)) ?? fallback;
}
function stringMap(value) {
    const out = {};
    if (value && typeof value === 'object') {
        for (const [key, item] of Object.entries(value))
            out[key] = String(item);
    }
    return out;
}
function compileRegex(pattern, subPath, failHere) {
    try {
        return new RegExp(pattern);
    }
    catch (error) {
        return failHere(subPath, `${(0,errors/* quote */.hD)(pattern)} is not a valid regular expression: ${error.message}`);
    }
}
function statusRange(item) {
    if (typeof item === 'number')
        return { from: item, to: item };
    const text = String(item).trim().toLowerCase();
    const klass = /^([1-5])xx$/.exec(text);
    if (klass)
        return { from: Number(klass[1]) * 100, to: Number(klass[1]) * 100 + 99 };
    const [from, to] = text.split('-').map((part) => Number(part.trim()));
    return { from, to: to ?? from };
}
function resolveUrl(url, context, failHere) {
    const absolute = /^[A-Za-z][A-Za-z0-9+.-]*:/.test(url);
    if (absolute) {
        let parsed;
        try {
            parsed = new URL(url);
        }
        catch {
            return failHere(['url'], `${(0,errors/* quote */.hD)(url)} is not a valid URL`);
        }
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
            return failHere(['url'], `${(0,errors/* quote */.hD)(url)} is not an http(s) URL`);
        }
        return parsed.toString();
    }
    if (!context.baseUrl) {
        return failHere(['url'], `${(0,errors/* quote */.hD)(url)} is a path but the base-url input is not set; set base-url or write a full http(s) URL`);
    }
    const joined = `${context.baseUrl.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
    try {
        return new URL(joined).toString();
    }
    catch {
        return failHere(['url'], `${(0,errors/* quote */.hD)(joined)} (base-url + path) is not a valid URL`);
    }
}
function checks_httpCheck(item, common, context, failHere) {
    const url = resolveUrl(String(item.url), context, failHere);
    const expect = item.expect;
    const headers = stringMap(item.headers);
    let body;
    if (typeof item.body === 'string')
        body = item.body;
    else if (item.body !== undefined) {
        body = JSON.stringify(item.body);
        if (!Object.keys(headers).some((key) => key.toLowerCase() === 'content-type')) {
            headers['Content-Type'] = 'application/json';
        }
    }
    const statusValue = expect.status;
    const status = statusValue === undefined
        ? [{ from: 100, to: 399 }]
        : (Array.isArray(statusValue) ? statusValue : [statusValue]).map(statusRange);
    status.forEach((range, i) => {
        if (range.from > range.to) {
            failHere(['expect', 'status', ...(Array.isArray(statusValue) ? [i] : [])], `the status range ${range.from}-${range.to} is empty; write the lower status first`);
        }
    });
    const bodyContains = expect['body-contains'] === undefined
        ? []
        : [].concat(expect['body-contains']);
    const json = (expect.json ?? []).map((assertion, i) => {
        const path = String(assertion.path);
        const steps = (0,json_path/* parseJsonPath */.Hf)(path);
        if (!steps) {
            failHere(['expect', 'json', i, 'path'], `${(0,errors/* quote */.hD)(path)} is not a JSON path; write e.g. status, $.data.items[0].id`);
        }
        return {
            path,
            steps: steps,
            equals: assertion.equals,
            hasEquals: Object.prototype.hasOwnProperty.call(assertion, 'equals'),
            matches: assertion.matches === undefined
                ? undefined
                : compileRegex(String(assertion.matches), ['expect', 'json', i, 'matches'], failHere),
            exists: assertion.exists,
        };
    });
    const tls = item.tls ?? {};
    return {
        ...common,
        kind: 'http',
        url,
        method: String(item.method ?? (body === undefined ? 'GET' : 'POST')).toUpperCase(),
        headers,
        body,
        timeoutMs: checks_duration(item.timeout, DEFAULT_HTTP_TIMEOUT_MS),
        tls: { caFile: tls['ca-file'], insecure: tls.insecure === true },
        expect: {
            status,
            statusGiven: statusValue !== undefined,
            bodyContains,
            bodyRegex: expect['body-regex'] === undefined
                ? undefined
                : compileRegex(String(expect['body-regex']), ['expect', 'body-regex'], failHere),
            json,
            headers: Object.entries(stringMap(expect.headers)).map(([name, contains]) => ({
                name: name.toLowerCase(),
                contains,
            })),
            maxLatencyMs: expect['max-latency'] === undefined ? undefined : checks_duration(expect['max-latency'], 0),
        },
    };
}
function condition(text, field, failHere) {
    try {
        return parseCondition(text);
    }
    catch (error) {
        if (error instanceof ConditionSyntaxError) {
            return failHere([field], `${field} ${(0,errors/* quote */.hD)(text)} is not valid: ${error.message}`);
        }
        throw error;
    }
}
function checks_prometheusCheck(item, common, context, failHere) {
    const address = item.address ?? context.prometheusUrl;
    if (!address) {
        failHere(['kind'], 'no Prometheus address: set address: on the check or the prometheus-url input');
    }
    let parsed;
    try {
        parsed = new URL(address);
    }
    catch {
        parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
        failHere(['address'], `Prometheus address ${(0,errors/* quote */.hD)(address)} is not an http(s) URL`);
    }
    const conditionText = String(item.condition);
    const failureConditionText = item['failure-condition'];
    return {
        ...common,
        kind: 'prometheus',
        address: address.replace(/\/+$/, ''),
        query: String(item.query),
        conditionText,
        condition: condition(conditionText, 'condition', failHere),
        failureConditionText,
        failureCondition: failureConditionText === undefined
            ? undefined
            : condition(failureConditionText, 'failure-condition', failHere),
        intervalMs: checks_duration(item.interval, DEFAULT_PROMETHEUS_INTERVAL_MS),
        count: item.count ?? 1,
        failureLimit: item['failure-limit'] ?? 0,
        inconclusiveLimit: item['inconclusive-limit'] ?? 0,
        initialDelayMs: checks_duration(item['initial-delay'], 0),
        timeoutMs: checks_duration(item.timeout, DEFAULT_HTTP_TIMEOUT_MS),
        headers: stringMap(item.headers),
    };
}
function checks_kubernetesCheck(item, common, context, failHere) {
    if (item.deployment === undefined && item.selector === undefined) {
        failHere(['kind'], 'name the pods to watch with deployment: <name> or selector: <labels>');
    }
    return {
        ...common,
        kind: 'kubernetes',
        namespace: item.namespace ?? context.namespace ?? 'default',
        deployment: item.deployment,
        selector: item.selector,
        windowMs: checks_duration(item.window, DEFAULT_KUBERNETES_WINDOW_MS),
    };
}
function defaultName(kind, item) {
    if (kind === 'http')
        return `${String(item.method ?? 'GET').toUpperCase()} ${String(item.url)}`;
    if (kind === 'prometheus')
        return String(item.query);
    return `pods of ${String(item.deployment ?? item.selector)}`;
}
function checkLabel(raw, index) {
    const name = raw && typeof raw === 'object' && typeof raw.name === 'string'
        ? raw.name
        : undefined;
    return name ? `check ${(0,errors/* quote */.hD)(name)}` : `check #${index + 1}`;
}
let validators;
function compiledValidator() {
    if (validators)
        return validators;
    const ajv = new dist_ajv.Ajv({ allErrors: true, verbose: true, strict: false });
    ajv.addSchema(checksSchema);
    validators = {
        check: ajv.compile({ $ref: `${checksSchema.$id}#/definitions/check` }),
    };
    return validators;
}
/** The most useful of ajv's errors: the deepest one that is not a wrapper of others. */
function pickError(errors) {
    const useful = errors.filter((error) => error.keyword !== 'if');
    const depth = (error) => error.instancePath.split('/').length;
    const score = (error) => {
        // A oneOf at a path speaks for the branch errors under it at the same path.
        if (error.keyword === 'oneOf')
            return 3;
        if (error.keyword === 'enum' || error.keyword === 'additionalProperties')
            return 2;
        if (error.keyword === 'required')
            return 2;
        if (/\/oneOf\/\d+\//.test(error.schemaPath))
            return 0;
        return 1;
    };
    return useful.sort((a, b) => depth(b) - depth(a) || score(b) - score(a))[0] ?? errors[0];
}
function pointerSteps(pointer) {
    if (pointer === '')
        return [];
    return pointer
        .slice(1)
        .split('/')
        .map((step) => step.replace(/~1/g, '/').replace(/~0/g, '~'))
        .map((step) => (/^\d+$/.test(step) ? Number(step) : step));
}
function describe(error, raw) {
    const subPath = pointerSteps(error.instancePath);
    const field = subPath.length > 0
        ? subPath
            .map((step, i) => (typeof step === 'number' ? `[${step}]` : i ? `.${step}` : step))
            .join('')
        : 'the check';
    const shown = (value) => typeof value === 'string' ? (0,errors/* quote */.hD)(value) : (0,errors/* quote */.hD)(JSON.stringify(value) ?? String(value));
    const schema = error.parentSchema;
    switch (error.keyword) {
        case 'additionalProperties': {
            const extra = error.params.additionalProperty;
            const allowed = Object.keys(schema?.properties ?? {});
            return {
                subPath: [...subPath, extra],
                onKey: true,
                problem: `unknown field ${(0,errors/* quote */.hD)(extra)}${subPath.length ? ` in ${field}` : ''}; allowed: ${allowed.join(', ')}`,
            };
        }
        case 'required': {
            const missing = error.params.missingProperty;
            const hint = missing === 'expect'
                ? ' (a check without expectations verifies nothing; add e.g. expect: { status: 200 })'
                : '';
            return {
                subPath,
                onKey: false,
                problem: `missing required field ${(0,errors/* quote */.hD)(missing)}${subPath.length ? ` in ${field}` : ''}${hint}`,
            };
        }
        case 'enum': {
            const allowed = error.params.allowedValues;
            const what = subPath[subPath.length - 1] === 'kind' ? 'check kind' : field;
            return {
                subPath,
                onKey: false,
                problem: `unknown ${what} ${shown(error.data)}; use one of ${allowed.join(', ')}`,
            };
        }
        case 'minProperties':
            return {
                subPath,
                onKey: false,
                problem: subPath[subPath.length - 1] === 'expect'
                    ? 'expect: is empty; a check without expectations verifies nothing (add e.g. status: 200)'
                    : `${field} needs more fields`,
            };
        case 'oneOf':
        case 'pattern':
        case 'type':
            return {
                subPath,
                onKey: false,
                problem: schema?.['x-hint']
                    ? `${field}: ${shown(error.data)} ${schema['x-hint']}`
                    : `${field}: ${shown(error.data)} is not valid (${error.message})`,
            };
        default:
            void raw;
            return { subPath, onKey: false, problem: `${field} ${error.message ?? 'is not valid'}` };
    }
}
function nodeOffset(node) {
    return node?.range?.[0];
}
function scalarText(node) {
    return (0,dist/* isScalar */.jn)(node) ? node.value : node;
}
/** Offset of the node at a path, or of its key; falls back to the nearest existing parent. */
function offsetOf(doc, path, onKey) {
    for (let length = path.length; length >= 0; length--) {
        const sub = path.slice(0, length);
        if (onKey && length === path.length && length > 0) {
            const parent = doc.getIn(sub.slice(0, -1), true);
            if ((0,dist/* isMap */.jh)(parent)) {
                const key = sub[sub.length - 1];
                const pair = parent.items.find((p) => (0,dist/* isScalar */.jn)(p.key) && String(p.key.value) === String(key));
                if (pair)
                    return nodeOffset(pair.key);
            }
            continue;
        }
        const node = (length === 0 ? doc.contents : doc.getIn(sub, true));
        if (node && typeof node === 'object' && 'range' in node && node.range) {
            return node.range[0];
        }
    }
    return undefined;
}


/***/ }),

/***/ 2631:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $I: () => (/* binding */ lookup),
/* harmony export */   Hf: () => (/* binding */ parseJsonPath),
/* harmony export */   Zm: () => (/* binding */ jsonEqual)
/* harmony export */ });
/**
 * The small JSON path of `expect.json`: dot and bracket steps from the root, `$` optional.
 * `status`, `$.status`, `data.items[0].id`, `$['content-type']`.
 */
const STEP = /\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[(?:'([^']*)'|"([^"]*)")\]/y;
/** Parse a path; returns undefined when it is not one. */
function parseJsonPath(path) {
    let text = path.trim();
    if (text === '$')
        return [];
    if (text.startsWith('$.') || text.startsWith('$['))
        text = text.slice(1);
    const steps = [];
    STEP.lastIndex = 0;
    let at = 0;
    while (at < text.length) {
        STEP.lastIndex = at;
        const match = STEP.exec(text);
        if (!match || (at === 0 && text[0] === '.' && !match[1]))
            return undefined;
        if (match[1] !== undefined)
            steps.push(match[1]);
        else if (match[2] !== undefined)
            steps.push(Number(match[2]));
        else
            steps.push(match[3] ?? match[4]);
        at = STEP.lastIndex;
    }
    return steps.length > 0 ? steps : undefined;
}
/** The value at the path, or `found: false` when a step is missing. */
function lookup(value, steps) {
    let current = value;
    for (const step of steps) {
        if (typeof step === 'number') {
            if (!Array.isArray(current) || step >= current.length)
                return { found: false };
            current = current[step];
        }
        else {
            if (current === null || typeof current !== 'object' || Array.isArray(current)) {
                return { found: false };
            }
            if (!Object.prototype.hasOwnProperty.call(current, step))
                return { found: false };
            current = current[step];
        }
    }
    return { found: true, value: current };
}
/** Deep equality of JSON values. */
function jsonEqual(a, b) {
    if (a === b)
        return true;
    if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object')
        return false;
    if (Array.isArray(a) !== Array.isArray(b))
        return false;
    if (Array.isArray(a)) {
        const other = b;
        return a.length === other.length && a.every((item, i) => jsonEqual(item, other[i]));
    }
    const left = a;
    const right = b;
    const keys = Object.keys(left);
    if (keys.length !== Object.keys(right).length)
        return false;
    return keys.every((key) => jsonEqual(left[key], right[key]));
}


/***/ })

};
