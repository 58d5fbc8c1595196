export const id = 906;
export const ids = [906];
export const modules = {

/***/ 7906:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ChecksError: () => (/* reexport */ ChecksError),
  postDeployVerify: () => (/* binding */ postDeployVerify)
});

// UNUSED EXPORTS: overallVerdict, parseChecks, verify

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/ajv/dist/ajv.js
var dist_ajv = __webpack_require__(2463);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./.build/tsc-U0v5zS/shared/errors.js
var errors = __webpack_require__(9936);
// EXTERNAL MODULE: ./.build/tsc-U0v5zS/shared/duration.js
var duration = __webpack_require__(3219);
;// CONCATENATED MODULE: ./.build/tsc-U0v5zS/post-deploy-verify/checks-schema.js
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

;// CONCATENATED MODULE: ./.build/tsc-U0v5zS/post-deploy-verify/condition.js
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

;// CONCATENATED MODULE: ./.build/tsc-U0v5zS/post-deploy-verify/json-path.js
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

;// CONCATENATED MODULE: ./.build/tsc-U0v5zS/post-deploy-verify/checks.js
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
        const steps = parseJsonPath(path);
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

;// CONCATENATED MODULE: ./.build/tsc-U0v5zS/post-deploy-verify/summary.js
/** The job summary of a verification: verdict first, one row per check. */

const ICON = { pass: '✅', fail: '❌', inconclusive: '⚠️' };
function cell(text) {
    return (text ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').slice(0, 300);
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
        ...checks.map((check) => `| ${cell(check.name)} | ${check.kind} | ${ICON[check.verdict]} ${check.verdict} | ${check.attempts} | ${cell(check.lastStatus)} | ${ms(check.latencyMs.p50)} | ${ms(check.latencyMs.p95)} | ${cell(check.reason)} |`),
        '',
    ];
    if (reportPath)
        lines.push(`Full report: \`${reportPath}\``, '');
    return lines.join('\n');
}

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 16 modules
var core = __webpack_require__(8179);
;// CONCATENATED MODULE: ./.build/tsc-U0v5zS/shared/clock.js
const clock_systemClock = {
    now: () => Date.now(),
    sleep: (ms, signal) => new Promise((resolve) => {
        if (signal?.aborted)
            return resolve();
        const timer = setTimeout(done, Math.max(0, ms));
        function done() {
            signal?.removeEventListener('abort', done);
            clearTimeout(timer);
            resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
    }),
};

;// CONCATENATED MODULE: ./.build/tsc-U0v5zS/shared/retry.js

/** Exponential backoff with full jitter, capped, honouring a server's requested wait. */
function backoffDelay(attempt, baseMs, maxMs, random) {
    const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
async function retry(fn, options) {
    const clock = options.clock ?? systemClock;
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

;// CONCATENATED MODULE: ./.build/tsc-U0v5zS/post-deploy-verify/env-template.js

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
;// CONCATENATED MODULE: ./.build/tsc-U0v5zS/post-deploy-verify/http-requester.js
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

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./.build/tsc-U0v5zS/shared/exec.js

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
            const child = (0,external_node_child_process_.spawn)(command, [...args], {
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

;// CONCATENATED MODULE: ./.build/tsc-U0v5zS/post-deploy-verify/http-check.js



async function attemptHttp(check, prepared, http, timeoutMs, signal) {
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
        if (error instanceof HttpTransportError) {
            const status = error.code === 'ETIMEDOUT' ? 'timeout' : error.message;
            return { ok: false, status, reason: redact(error.message, prepared.secrets) };
        }
        throw error;
    }
    const problems = judge(check.expect, response);
    return {
        ok: problems.length === 0,
        status: String(response.status),
        latencyMs: response.latencyMs,
        reason: problems.length ? redact(problems.join('; '), prepared.secrets) : undefined,
    };
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
                const found = lookup(parsed, assertion.steps);
                if (assertion.exists === false) {
                    if (found.found)
                        problems.push(`JSON ${assertion.path} exists, expected it absent`);
                    continue;
                }
                if (!found.found) {
                    problems.push(`JSON ${assertion.path} is missing`);
                    continue;
                }
                if (assertion.hasEquals && !jsonEqual(found.value, assertion.equals)) {
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

;// CONCATENATED MODULE: ./.build/tsc-U0v5zS/post-deploy-verify/prometheus-analysis.js
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
            lastError = redact(error.message, secrets);
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

;// CONCATENATED MODULE: ./.build/tsc-U0v5zS/post-deploy-verify/verify.js
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
function targetOf(check) {
    if (check.kind === 'http')
        return `${check.method} ${check.url}`;
    if (check.kind === 'prometheus')
        return check.query;
    return `${check.namespace}/${check.deployment ? `deployment/${check.deployment}` : check.selector}`;
}
/** Run every check; resolves with the verdict, or throws a UserError for a broken check. */
async function verify(config, ports = {}) {
    const clock = ports.clock ?? clock_systemClock;
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
        const base = { name: check.name, kind: check.kind, target: targetOf(check), line: check.line };
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
        const { watchPods } = await __webpack_require__.e(/* import() */ 121).then(__webpack_require__.bind(__webpack_require__, 6121));
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
        const timeoutMs = Math.max(1, Math.min(check.timeoutMs, remaining));
        const outcome = await attemptHttp(check, request, context.http, timeoutMs, context.signal);
        if (context.signal.aborted)
            return done('inconclusive', 'cancelled');
        if (outcome.latencyMs !== undefined)
            latencies.push(outcome.latencyMs);
        const cutByDeadline = outcome.status === 'timeout' && timeoutMs < check.timeoutMs;
        if (cutByDeadline && lastReason !== undefined) {
            // The last attempt ran out of time at the deadline: the reason before it says more.
            break;
        }
        lastStatus = outcome.status;
        if (outcome.ok) {
            const latency = outcome.latencyMs === undefined ? '' : `, ${Math.round(outcome.latencyMs)}ms`;
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
        const wait = Math.min(backoffDelay(attempts, BACKOFF_BASE_MS, BACKOFF_MAX_MS, context.random), left);
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

;// CONCATENATED MODULE: ./.build/tsc-U0v5zS/post-deploy-verify/post-deploy-verify.js
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
    const checks = parseChecks(config.checksText, config.checksSource, { baseUrl: config.baseUrl, prometheusUrl: config.prometheusUrl, namespace: config.namespace }, config.checksFile);
    let dispose;
    let pods = ports.pods;
    try {
        if (!pods && checks.some((check) => check.kind === 'kubernetes')) {
            const { loadKubeConfig } = await __webpack_require__.e(/* import() */ 226).then(__webpack_require__.bind(__webpack_require__, 8226));
            const { createPodWatcher } = await __webpack_require__.e(/* import() */ 121).then(__webpack_require__.bind(__webpack_require__, 6121));
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


/***/ })

};
