export const id = 858;
export const ids = [858,867];
export const modules = {

/***/ 6858:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  scan: () => (/* binding */ scan)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(4379);
// EXTERNAL MODULE: ./shared/errors.js
var errors = __webpack_require__(2921);
// EXTERNAL MODULE: ./shared/exec.js
var exec = __webpack_require__(9019);
// EXTERNAL MODULE: ./shared/clock.js
var shared_clock = __webpack_require__(4046);
// EXTERNAL MODULE: ../../node_modules/js-yaml/dist/js-yaml.mjs
var js_yaml = __webpack_require__(2831);
;// CONCATENATED MODULE: ./scan/ignore-file.js



const ENTRY_KEYS = new Set(['id', 'package', 'reason', 'expires']);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Reads and validates the ignore file. A missing file is an empty list unless `required`. */
async function loadIgnoreFile(path, required) {
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT' && !required)
            return [];
        throw new errors/* UserError */.yo(`input 'ignore-file': cannot read ${(0,errors/* quote */.hD)(path)} (${code ?? error.message})`);
    }
    return parseIgnoreFile(text, path);
}
function parseIgnoreFile(text, path) {
    const where = `ignore file ${path}`;
    let data;
    try {
        // CORE schema: dates stay strings, so a bad one (2026-13-01) is an error, not next January.
        data = js_yaml["default"].load(text, { schema: js_yaml["default"].CORE_SCHEMA, filename: path });
    }
    catch (error) {
        throw new errors/* UserError */.yo(`${where} is not valid YAML: ${error.message}`);
    }
    if (data === undefined || data === null)
        return [];
    if (typeof data !== 'object' || Array.isArray(data)) {
        throw new errors/* UserError */.yo(`${where}: expected a mapping with an 'ignores' list`);
    }
    const unknownTop = Object.keys(data).filter((key) => key !== 'ignores');
    if (unknownTop.length > 0) {
        throw new errors/* UserError */.yo(`${where}: unknown key ${(0,errors/* quote */.hD)(unknownTop[0])}; the file has one key, 'ignores'`);
    }
    const ignores = data.ignores;
    if (ignores === undefined || ignores === null)
        return [];
    if (!Array.isArray(ignores))
        throw new errors/* UserError */.yo(`${where}: 'ignores' must be a list`);
    return ignores.map((raw, i) => parseEntry(raw, i + 1, where));
}
function parseEntry(raw, index, where) {
    const at = `${where}, entry ${index}`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        throw new errors/* UserError */.yo(`${at}: expected a mapping with id, reason and optionally package, expires`);
    }
    const record = raw;
    for (const key of Object.keys(record)) {
        if (!ENTRY_KEYS.has(key)) {
            throw new errors/* UserError */.yo(`${at}: unknown key ${(0,errors/* quote */.hD)(key)}; allowed keys are id, package, reason, expires`);
        }
    }
    const text = (key) => {
        const value = record[key];
        if (value === undefined || value === null)
            return undefined;
        if (typeof value !== 'string' && typeof value !== 'number') {
            throw new errors/* UserError */.yo(`${at}: '${key}' must be a string`);
        }
        const trimmed = String(value).trim();
        return trimmed === '' ? undefined : trimmed;
    };
    const id = text('id');
    if (!id)
        throw new errors/* UserError */.yo(`${at}: 'id' is required (a vulnerability id such as CVE-2024-1234)`);
    const reason = text('reason');
    if (!reason) {
        throw new errors/* UserError */.yo(`${at} (${id}): 'reason' is required: say why this risk is accepted`);
    }
    const entry = { id, reason, package: text('package'), index };
    const expires = text('expires');
    if (expires !== undefined) {
        const match = DATE.exec(expires);
        const at0 = match ? Date.UTC(+match[1], +match[2] - 1, +match[3]) : NaN;
        const check = new Date(at0);
        if (!match ||
            Number.isNaN(at0) ||
            check.getUTCFullYear() !== +match[1] ||
            check.getUTCMonth() !== +match[2] - 1 ||
            check.getUTCDate() !== +match[3]) {
            throw new errors/* UserError */.yo(`${at} (${id}): 'expires' ${(0,errors/* quote */.hD)(expires)} is not a date; write YYYY-MM-DD, e.g. 2026-12-31`);
        }
        entry.expires = expires;
        entry.expiresAt = at0 + 86_400_000;
    }
    return entry;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./scan/pruned-json.js
/**
 * A streaming JSON parser that builds only what the gate needs. Scanner reports are mostly
 * text nobody gates on (references, CPEs, layer metadata, match details): only the keys named in
 * `keep` are built, everything else is stepped over without being decoded, long strings are
 * clipped, and repeated long strings (the same CVE description for five packages) are stored
 * once. Bytes arrive in chunks, so a 100 MB report never sits in memory whole. Strict JSON
 * otherwise: a truncated or malformed document is an error with its byte offset.
 */
class JsonSyntaxError extends Error {
}
const ALL = { all: true, children: [] };
function compile(spec) {
    if (spec === true || spec === 'mark')
        return ALL;
    return {
        all: false,
        children: Object.entries(spec).map(([key, child]) => ({
            key,
            bytes: Buffer.from(key, 'utf8'),
            spec: child === 'mark' ? 'mark' : compile(child),
        })),
    };
}
/** The kept key whose bytes are buf[start, end), if any. */
function matchKey(spec, buf, start, end) {
    const length = end - start;
    for (const child of spec.children) {
        const bytes = child.bytes;
        if (bytes.length !== length || bytes[0] !== buf[start])
            continue;
        let i = 1;
        while (i < length && bytes[i] === buf[start + i])
            i++;
        if (i === length)
            return child;
    }
    return undefined;
}
// What the next token may be.
const VALUE = 0; // a value (document start, after ':', after ',' in an array)
const KEY = 1; // a key, or '}' unless right after ','
const COLON = 2;
const AFTER = 3; // ',' or a closing bracket
const FIRST = 4; // right after '[': a value or ']'
const QUOTE = 34;
const BACKSLASH = 92;
/** Strings at least this long are interned (descriptions repeat across packages). */
const INTERN_FROM = 64;
/** Strings up to this many bytes are decoded through the short-string cache. */
const SHORT = 48;
const SHORT_CACHE = 50_000;
class pruned_json_PrunedJsonParser {
    options;
    buf = Buffer.alloc(0);
    pos = 0;
    /** Bytes consumed before `buf` started, for error offsets. */
    base = 0;
    stack = [];
    state = VALUE;
    /** After ',' in an object only a key may follow (no '}'). */
    keyRequired = false;
    /** What to do with the next value: build it with `nextSpec`, skip it, or mark it. */
    skipNext = false;
    markNext = false;
    nextSpec;
    /** >0 while stepping over a skipped container. */
    skipDepth = 0;
    root;
    finished = false;
    rootSpec;
    interned = new Map();
    shorts = new Map();
    converters;
    constructor(options) {
        this.options = options;
        this.rootSpec = options.keep === 'mark' ? ALL : compile(options.keep);
        this.converters = new Map(Object.entries(options.convert ?? {}));
        this.nextSpec = this.rootSpec;
    }
    write(chunk) {
        this.buf =
            this.pos < this.buf.length ? Buffer.concat([this.buf.subarray(this.pos), chunk]) : chunk;
        this.base += this.pos;
        this.pos = 0;
        this.run(false);
    }
    /** Ends the input and returns the document. */
    end() {
        this.run(true);
        if (!this.finished)
            throw this.error('unexpected end of JSON input');
        return this.root;
    }
    error(message, at = this.pos) {
        return new JsonSyntaxError(`${message} at byte ${this.base + at}`);
    }
    unexpected(c, expected) {
        return this.error(`expected ${expected}, found '${String.fromCharCode(c)}'`);
    }
    run(final) {
        const buf = this.buf;
        const n = buf.length;
        while (this.pos < n) {
            if (this.skipDepth > 0) {
                if (!this.skipContainer(final))
                    return;
                continue;
            }
            const c = buf[this.pos];
            if (c === 32 || c === 10 || c === 13 || c === 9) {
                this.pos++;
                continue;
            }
            if (this.finished) {
                throw this.error(`unexpected '${String.fromCharCode(c)}' after the document`);
            }
            switch (this.state) {
                case KEY: {
                    if (c === 125 && !this.keyRequired) {
                        this.pos++;
                        this.close(false);
                        break;
                    }
                    if (c !== QUOTE)
                        throw this.unexpected(c, 'a key');
                    const top = this.stack[this.stack.length - 1];
                    if (top.spec.all) {
                        const key = this.readString(final, true, false);
                        if (key === undefined)
                            return;
                        top.key = key;
                        this.setNext(ALL);
                    }
                    else {
                        // Only kept keys matter here: compare bytes, decode nothing.
                        const start = this.pos + 1;
                        if (this.readString(final, false, false) === undefined)
                            return;
                        const child = matchKey(top.spec, this.buf, start, this.pos - 1);
                        top.key = child ? child.key : '';
                        this.setNext(child?.spec);
                    }
                    this.state = COLON;
                    break;
                }
                case COLON:
                    if (c !== 58)
                        throw this.unexpected(c, "':'");
                    this.pos++;
                    this.state = VALUE;
                    break;
                case AFTER: {
                    const top = this.stack[this.stack.length - 1];
                    if (c === 44) {
                        this.pos++;
                        if (top.isArray) {
                            this.state = VALUE;
                        }
                        else {
                            this.state = KEY;
                            this.keyRequired = true;
                        }
                    }
                    else if (c === (top.isArray ? 93 : 125)) {
                        this.pos++;
                        this.close(top.isArray);
                    }
                    else {
                        throw this.unexpected(c, `',' or '${top.isArray ? ']' : '}'}'`);
                    }
                    break;
                }
                case FIRST:
                    if (c === 93) {
                        this.pos++;
                        this.close(true);
                        break;
                    }
                    if (!this.readValue(c, final))
                        return;
                    break;
                default:
                    if (!this.readValue(c, final))
                        return;
            }
        }
        if (final && this.skipDepth > 0)
            throw this.error('unexpected end of JSON input');
    }
    setNext(spec) {
        this.markNext = spec === 'mark';
        this.skipNext = spec === undefined || spec === 'mark';
        this.nextSpec = spec === undefined || spec === 'mark' ? ALL : spec;
    }
    readValue(c, final) {
        const top = this.stack[this.stack.length - 1];
        // In an array the element spec is the array's; an object's was set when its key was read.
        if (top === undefined)
            this.setNext(this.rootSpec);
        else if (top.isArray)
            this.setNext(top.spec);
        if (c === 123 || c === 91) {
            this.pos++;
            if (this.skipNext) {
                this.skipDepth = 1;
                return true;
            }
            const isArray = c === 91;
            const frame = { value: isArray ? [] : {}, isArray, spec: this.nextSpec, key: '' };
            if (isArray && top !== undefined && !top.isArray && this.options.convert) {
                frame.convert = this.converters.get(top.key);
            }
            this.stack.push(frame);
            if (isArray) {
                this.state = FIRST;
            }
            else {
                this.state = KEY;
                this.keyRequired = false;
            }
            return true;
        }
        let value;
        if (c === QUOTE) {
            const text = this.readString(final, !this.skipNext, true);
            if (text === undefined)
                return false;
            value = text;
        }
        else {
            const buf = this.buf;
            const start = this.pos;
            let i = start;
            while (i < buf.length) {
                const b = buf[i];
                if (b === 44 || b === 93 || b === 125 || b === 32 || b === 10 || b === 13 || b === 9)
                    break;
                i++;
            }
            if (i === buf.length && !final)
                return false;
            if (i === start)
                throw this.error(`unexpected '${String.fromCharCode(c)}'`);
            const token = buf.toString('latin1', start, i);
            if (token === 'true')
                value = true;
            else if (token === 'false')
                value = false;
            else if (token === 'null')
                value = null;
            else if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(token))
                value = Number(token);
            else
                throw this.error(`unexpected '${token.slice(0, 40)}'`);
            this.pos = i;
        }
        if (!this.skipNext)
            this.deliver(value);
        else if (this.markNext)
            this.deliver(true);
        this.afterValue();
        return true;
    }
    afterValue() {
        if (this.stack.length === 0)
            this.finished = true;
        else
            this.state = AFTER;
    }
    deliver(value) {
        const top = this.stack[this.stack.length - 1];
        if (top === undefined)
            this.root = value;
        else if (top.isArray)
            top.value.push(top.convert ? top.convert(value) : value);
        else
            top.value[top.key] = value;
    }
    close(isArray) {
        const frame = this.stack.pop();
        if (frame.isArray !== isArray)
            throw this.error('mismatched bracket', this.pos - 1);
        this.deliver(frame.value);
        this.afterValue();
    }
    /**
     * Reads the string starting at pos (a quote). Returns undefined when it continues in the next
     * chunk. `decode` false: the value is not needed, only stepped over.
     */
    readString(final, decode, clip) {
        const buf = this.buf;
        const start = this.pos + 1;
        let from = start;
        let q;
        for (;;) {
            q = buf.indexOf(QUOTE, from);
            if (q < 0) {
                if (final)
                    throw this.error('unterminated string');
                return undefined;
            }
            // A quote preceded by an odd number of backslashes is escaped.
            let k = q - 1;
            while (k >= start && buf[k] === BACKSLASH)
                k--;
            if ((q - 1 - k) % 2 === 0)
                break;
            from = q + 1;
        }
        this.pos = q + 1;
        if (!decode)
            return '';
        let escaped = false;
        for (let i = start; i < q; i++) {
            if (buf[i] === BACKSLASH) {
                escaped = true;
                break;
            }
        }
        const max = this.options.maxString;
        let text;
        if (!escaped && q - start <= SHORT && (!clip || q - start <= max)) {
            const short = this.short(start, q);
            if (short !== undefined)
                return short;
        }
        if (escaped) {
            try {
                text = JSON.parse(buf.toString('utf8', start - 1, q + 1));
            }
            catch {
                throw this.error('bad escape in string', start - 1);
            }
        }
        else {
            text = buf.toString('utf8', start, clip ? Math.min(q, start + max * 4) : q);
        }
        if (clip && text.length > max)
            text = `${text.slice(0, max - 1)}…`;
        if (text.length >= INTERN_FROM) {
            const known = this.interned.get(text);
            if (known !== undefined)
                return known;
            this.interned.set(text, text);
        }
        return text;
    }
    /**
     * Short ASCII strings (keys, severities, statuses, package names) repeat thousands of times:
     * they are looked up by a hash of their bytes instead of being decoded again.
     */
    short(start, end) {
        const buf = this.buf;
        let hash = 0x811c9dc5;
        for (let i = start; i < end; i++) {
            const b = buf[i];
            if (b >= 0x80)
                return undefined;
            hash = Math.imul(hash ^ b, 0x01000193);
        }
        hash = (hash ^ (end - start)) & 0x3fffffff; // a small integer: no heap number, fast Map key
        const known = this.shorts.get(hash);
        if (known !== undefined && known.length === end - start) {
            let same = true;
            for (let i = 0; i < known.length; i++) {
                if (known.charCodeAt(i) !== buf[start + i]) {
                    same = false;
                    break;
                }
            }
            if (same)
                return known;
        }
        const text = buf.toString('latin1', start, end);
        if (this.shorts.size < SHORT_CACHE)
            this.shorts.set(hash, text);
        return text;
    }
    /** Steps over the rest of a skipped container. False when more input is needed. */
    skipContainer(final) {
        const buf = this.buf;
        const n = buf.length;
        let pos = this.pos;
        while (pos < n) {
            const c = buf[pos];
            if (c === QUOTE) {
                this.pos = pos;
                if (this.readString(final, false, false) === undefined)
                    return false;
                pos = this.pos;
                continue;
            }
            if (c === 123 || c === 91) {
                this.skipDepth++;
            }
            else if (c === 125 || c === 93) {
                if (--this.skipDepth === 0) {
                    this.pos = pos + 1;
                    if (this.markNext)
                        this.deliver(true);
                    this.afterValue();
                    return true;
                }
            }
            pos++;
        }
        this.pos = pos;
        return true;
    }
}
/** Parses a whole document held in memory (tests, small reports). */
function parsePruned(input, options) {
    const parser = new pruned_json_PrunedJsonParser(options);
    parser.write(typeof input === 'string' ? Buffer.from(input, 'utf8') : input);
    return parser.end();
}

// EXTERNAL MODULE: ./scan/findings.js
var scan_findings = __webpack_require__(6304);
;// CONCATENATED MODULE: ./scan/report-parser.js




/**
 * Reads a Trivy JSON report (SchemaVersion 2, from v0.20 on: older ones have no `Status`) or a
 * Grype JSON report (`matches[]`). The format is detected from the content, not declared.
 * `source` names the file (or input) in error messages.
 */
function parseReport(text, source) {
    const parser = new PrunedJsonParser(PRUNE);
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    let data;
    try {
        parser.write(bytes);
        data = parser.end();
    }
    catch (error) {
        throw notJson(error, bytes, source);
    }
    return parseReportData(data, source);
}
/**
 * Streams a report file through the pruning parser: a 100 MB report is never held whole, and
 * what the gate does not use (references, CPEs, layers, match details) is never decoded.
 */
async function parseReportFile(path, source) {
    const parser = new pruned_json_PrunedJsonParser(PRUNE);
    let head;
    let data;
    try {
        for await (const chunk of (0,external_node_fs_.createReadStream)(path, { highWaterMark: 1024 * 1024 })) {
            head ??= chunk.subarray(0, 200);
            parser.write(chunk);
        }
        data = parser.end();
    }
    catch (error) {
        if (!(error instanceof JsonSyntaxError))
            throw error;
        throw notJson(error, head ?? Buffer.alloc(0), source);
    }
    return parseReportData(data, source);
}
/**
 * The parts of Trivy and Grype reports the gate reads; all else is stepped over unparsed
 * (references, CPEs, layers, match details, and secrets' `Match`, which is part of the secret).
 */
const CVSS_LIST = { version: true, metrics: { baseScore: true } };
const PRUNE = {
    keep: {
        // Trivy
        SchemaVersion: true,
        ArtifactName: true,
        ArtifactType: true,
        Trivy: { Version: true },
        Results: {
            Target: true,
            Class: true,
            Type: true,
            Vulnerabilities: {
                VulnerabilityID: true,
                VendorIDs: true,
                PkgName: true,
                InstalledVersion: true,
                FixedVersion: true,
                Status: true,
                Severity: true,
                Title: true,
                Description: true,
                PrimaryURL: true,
                CVSS: true,
            },
            Misconfigurations: {
                AVDID: true,
                ID: true,
                Status: true,
                Severity: true,
                Title: true,
                Message: true,
                Resolution: true,
                PrimaryURL: true,
                CauseMetadata: { StartLine: true },
            },
            Secrets: { RuleID: true, Category: true, Severity: true, Title: true, StartLine: true },
        },
        // Grype
        descriptor: { name: true, version: true },
        source: { type: true, target: { userInput: true, imageID: true } },
        matches: {
            vulnerability: {
                id: true,
                severity: true,
                description: true,
                dataSource: true,
                fix: { versions: true, state: true },
                cvss: CVSS_LIST,
            },
            relatedVulnerabilities: { id: true, description: true, cvss: CVSS_LIST },
            artifact: { name: true, version: true, type: true, locations: { path: true } },
        },
        // SARIF, recognised to say so
        version: true,
        runs: 'mark',
    },
    // The SARIF rule text is clipped to 1,000 characters too.
    maxString: 1_000,
    convert: {
        Vulnerabilities: (v) => converted(trivyVulnerability(v)) ?? v,
        matches: (m) => (isObject(m) && isObject(m.vulnerability) ? converted(grypeMatch(m, '')) : m),
    },
};
function notJson(error, head, source) {
    const snippet = head
        .toString('utf8', 0, Math.min(head.length, 200))
        .trim()
        .slice(0, 60)
        .replace(/\s+/g, ' ');
    return new errors/* UserError */.yo(`${source} is not a JSON scanner report (${error.message}); it starts with '${snippet}'`);
}
function parseReportData(data, source) {
    if (Array.isArray(data)) {
        throw new errors/* UserError */.yo(`${source} looks like a Trivy report of schema version 1 (before Trivy v0.20); ` +
            'produce it with a Trivy of v0.20 or later (--format json)');
    }
    if (!isObject(data)) {
        throw new errors/* UserError */.yo(`${source} is not a Trivy JSON or Grype JSON report: not a JSON object`);
    }
    if ('SchemaVersion' in data || 'Results' in data || 'ArtifactName' in data) {
        return parseTrivy(data, source);
    }
    if (Array.isArray(data.matches))
        return parseGrype(data, source);
    if ('runs' in data && 'version' in data) {
        throw new errors/* UserError */.yo(`${source} is a SARIF file; give the scanner's JSON report (trivy --format json, grype -o json)`);
    }
    throw new errors/* UserError */.yo(`${source} is neither a Trivy JSON report (SchemaVersion, Results) nor a Grype JSON report (matches)`);
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function str(value) {
    return typeof value === 'string' && value !== '' ? value : undefined;
}
function list(value) {
    return Array.isArray(value) ? value : [];
}
const urls = new Map();
/** A valid http(s) URL, normalised; advisory URLs repeat across packages, so they are cached. */
function httpUrl(value) {
    const text = str(value);
    if (!text || !/^https?:\/\//i.test(text))
        return undefined;
    if (urls.has(text))
        return urls.get(text);
    let href;
    try {
        href = new URL(text).href;
    }
    catch {
        href = undefined;
    }
    if (urls.size > 100_000)
        urls.clear();
    urls.set(text, href);
    return href;
}
/** A 1-based line number, or undefined (SARIF's startLine must be an integer >= 1). */
function lineNumber(value) {
    return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}
function severityOf(value) {
    const upper = typeof value === 'string' ? value.toUpperCase() : '';
    // Grype's Negligible is below Low; Trivy files the same distro rating under LOW.
    if (upper === 'NEGLIGIBLE')
        return 'LOW';
    return (0,scan_findings/* isSeverity */._Z)(upper) ? upper : 'UNKNOWN';
}
// Trivy Result classes and types that are OS package databases.
const OS_TYPES = new Set([
    'alpine',
    'alma',
    'amazon',
    'azurelinux',
    'bottlerocket',
    'cbl-mariner',
    'centos',
    'chainguard',
    'debian',
    'echo',
    'fedora',
    'minimos',
    'oracle',
    'photon',
    'redhat',
    'rocky',
    'suse linux enterprise server',
    'opensuse.leap',
    'opensuse.tumbleweed',
    'ubuntu',
    'wolfi',
]);
// Result targets Trivy aggregates from installed packages, not files: Python, Node.js, Java…
const AGGREGATED_TYPES = new Set(['python-pkg', 'node-pkg', 'jar', 'gemspec', 'conda-pkg']);
function parseTrivy(data, source) {
    if (data.SchemaVersion !== undefined && data.SchemaVersion !== 2) {
        throw new errors/* UserError */.yo(`${source} is a Trivy report of SchemaVersion ${String(data.SchemaVersion)}; only SchemaVersion 2 is supported`);
    }
    if (data.Results !== undefined && data.Results !== null && !Array.isArray(data.Results)) {
        throw new errors/* UserError */.yo(`${source}: Trivy report field Results is not a list`);
    }
    const artifactType = str(data.ArtifactType) ?? 'unknown';
    const onDisk = artifactType === 'filesystem' || artifactType === 'repository';
    const findings = [];
    for (const result of list(data.Results)) {
        if (!isObject(result))
            continue;
        const target = str(result.Target) ?? str(data.ArtifactName) ?? 'unknown';
        const type = str(result.Type) ?? '';
        const cls = str(result.Class) ?? (OS_TYPES.has(type) ? 'os-pkgs' : 'lang-pkgs');
        const file = onDisk && !AGGREGATED_TYPES.has(type) && /^[^\s]+$/.test(target) && target !== '.'
            ? target
            : undefined;
        const vulnType = cls === 'os-pkgs' ? 'os' : 'library';
        for (const v of list(result.Vulnerabilities)) {
            // Entries arrive converted (trivyVulnerability); the result gives their place.
            const finding = isFinding(v) ? v : trivyVulnerability(v);
            if (!finding)
                continue;
            finding.vulnType = vulnType;
            finding.target = target;
            if (file)
                finding.file = file;
            findings.push(finding);
        }
        for (const m of list(result.Misconfigurations)) {
            if (!isObject(m) || (m.Status !== undefined && m.Status !== 'FAIL'))
                continue;
            const cause = isObject(m.CauseMetadata) ? m.CauseMetadata : {};
            const line = lineNumber(cause.StartLine);
            findings.push({
                kind: 'misconfiguration',
                id: str(m.AVDID) ?? str(m.ID) ?? 'UNKNOWN-CHECK',
                aliases: str(m.ID) && str(m.AVDID) ? [m.ID] : [],
                severity: severityOf(m.Severity),
                title: str(m.Title),
                description: [str(m.Message), str(m.Resolution)].filter(Boolean).join(' ') || undefined,
                url: httpUrl(m.PrimaryURL),
                fixable: false,
                target,
                file: onDisk || target.includes('/') || target.includes('.') ? target : undefined,
                line,
            });
        }
        for (const s of list(result.Secrets)) {
            if (!isObject(s))
                continue;
            const line = lineNumber(s.StartLine);
            // The matched text (s.Match) is never copied: it is (part of) the secret.
            findings.push({
                kind: 'secret',
                id: str(s.RuleID) ?? 'secret',
                aliases: [],
                severity: severityOf(s.Severity),
                title: str(s.Title) ?? `${str(s.Category) ?? 'Secret'} exposed`,
                fixable: false,
                target,
                file: target,
                line,
            });
        }
    }
    const trivy = isObject(data.Trivy) ? data.Trivy : {};
    return {
        format: 'trivy',
        scanner: { name: 'trivy', version: str(trivy.Version) },
        artifact: { name: str(data.ArtifactName) ?? 'unknown', type: artifactType },
        findings,
    };
}
/** A Trivy vulnerability entry as a Finding, without its place (target, file, class). */
function trivyVulnerability(v) {
    if (!isObject(v))
        return undefined;
    const status = str(v.Status);
    const fixedVersion = str(v.FixedVersion);
    return {
        kind: 'vulnerability',
        id: str(v.VulnerabilityID) ?? 'UNKNOWN-ID',
        aliases: list(v.VendorIDs).filter((id) => typeof id === 'string'),
        severity: severityOf(v.Severity),
        title: str(v.Title),
        description: str(v.Description),
        url: httpUrl(v.PrimaryURL),
        pkg: str(v.PkgName),
        installedVersion: str(v.InstalledVersion),
        fixedVersion,
        // v0.20-era reports have no Status: a FixedVersion is the only sign of a fix.
        fixable: status ? status === 'fixed' : fixedVersion !== undefined,
        target: '',
        cvss: trivyCvss(v.CVSS),
    };
}
/** Converted entries are tagged so a second pass does not convert them again. */
const CONVERTED = new WeakSet();
function isFinding(value) {
    return typeof value === 'object' && value !== null && CONVERTED.has(value);
}
function converted(value) {
    if (value)
        CONVERTED.add(value);
    return value;
}
function trivyCvss(value) {
    if (!isObject(value))
        return undefined;
    let v3;
    let v2;
    for (const entry of Object.values(value)) {
        if (!isObject(entry))
            continue;
        if (typeof entry.V3Score === 'number')
            v3 = Math.max(v3 ?? 0, entry.V3Score);
        if (typeof entry.V2Score === 'number')
            v2 = Math.max(v2 ?? 0, entry.V2Score);
    }
    return v3 ?? v2;
}
/** A Grype match as a Finding; `file` holds the artifact's first location until placed. */
function grypeMatch(match, source) {
    if (!isObject(match) || !isObject(match.vulnerability)) {
        throw new errors/* UserError */.yo(`${source}: Grype match without a vulnerability object`);
    }
    const v = match.vulnerability;
    const artifact = isObject(match.artifact) ? match.artifact : {};
    const related = list(match.relatedVulnerabilities).filter(isObject);
    const fix = isObject(v.fix) ? v.fix : {};
    const fixVersions = list(fix.versions).filter((x) => typeof x === 'string');
    const location = list(artifact.locations).find(isObject);
    const path = location ? str(location.path) : undefined;
    const id = str(v.id) ?? 'UNKNOWN-ID';
    return {
        kind: 'vulnerability',
        id,
        aliases: related.map((r) => str(r.id)).filter((x) => x !== undefined && x !== id),
        severity: severityOf(v.severity),
        description: str(v.description) ?? related.map((r) => str(r.description)).find(Boolean),
        url: httpUrl(v.dataSource) ?? list(v.urls).map(httpUrl).find(Boolean),
        pkg: str(artifact.name),
        installedVersion: str(artifact.version),
        fixedVersion: fixVersions.length > 0 ? fixVersions.join(', ') : undefined,
        fixable: fix.state === 'fixed' && fixVersions.length > 0,
        vulnType: GRYPE_OS_TYPES.has(str(artifact.type) ?? '') ? 'os' : 'library',
        target: '',
        file: path ? path.replace(/^\/+/, '') : undefined,
        cvss: grypeCvss(v.cvss) ?? related.map((r) => grypeCvss(r.cvss)).find((x) => x !== undefined),
    };
}
// Grype artifact types that are OS packages.
const GRYPE_OS_TYPES = new Set(['deb', 'rpm', 'apk', 'alpm', 'portage', 'linux-kernel']);
function parseGrype(data, source) {
    const descriptor = isObject(data.descriptor) ? data.descriptor : {};
    const src = isObject(data.source) ? data.source : {};
    const sourceType = str(src.type) ?? 'unknown';
    const srcTarget = src.target;
    const artifactName = str(srcTarget) ??
        (isObject(srcTarget) ? (str(srcTarget.userInput) ?? str(srcTarget.imageID)) : undefined) ??
        'unknown';
    const onDisk = sourceType === 'directory' || sourceType === 'file';
    const findings = [];
    for (const match of data.matches) {
        const finding = isFinding(match) ? match : grypeMatch(match, source);
        // Where a match is depends on what was scanned (`source` may come after `matches`).
        const path = finding.file;
        finding.target = onDisk && path ? path : artifactName;
        if (!onDisk || !path)
            delete finding.file;
        findings.push(finding);
    }
    return {
        format: 'grype',
        scanner: { name: 'grype', version: str(descriptor.version) },
        artifact: { name: artifactName, type: sourceType },
        findings,
    };
}
function grypeCvss(value) {
    let best;
    let bestV3 = false;
    for (const entry of list(value)) {
        if (!isObject(entry) || !isObject(entry.metrics))
            continue;
        const score = entry.metrics.baseScore;
        if (typeof score !== 'number')
            continue;
        const v3 = String(entry.version ?? '').startsWith('3') || String(entry.version) === '4.0';
        if (best === undefined || (v3 && !bestV3) || (v3 === bestV3 && score > best)) {
            best = score;
            bestV3 = v3;
        }
    }
    return best;
}

;// CONCATENATED MODULE: ./scan/policy.js

/** Applies the policy to parsed findings. `now` decides which ignore entries have expired. */
function evaluate(findings, policy, now) {
    const failOn = new Set(policy.failOn);
    const vulnTypes = new Set(policy.vulnTypes);
    const live = new Map();
    const expiredIgnores = [];
    for (const entry of policy.ignores) {
        if (entry.expiresAt !== undefined && now >= entry.expiresAt) {
            expiredIgnores.push(entry);
            continue;
        }
        const key = entry.id.toUpperCase();
        const bucket = live.get(key);
        if (bucket)
            bucket.push(entry);
        else
            live.set(key, [entry]);
    }
    const used = new Set();
    const match = (finding) => {
        if (live.size === 0)
            return undefined;
        for (const id of [finding.id, ...finding.aliases]) {
            const bucket = live.get(id.toUpperCase());
            const entry = bucket?.find((e) => e.package === undefined || e.package === finding.pkg);
            if (entry)
                return entry;
        }
        return undefined;
    };
    const found = (0,scan_findings/* emptyCounts */.W1)();
    const suppressed = (0,scan_findings/* emptyCounts */.W1)();
    const failing = (0,scan_findings/* emptyCounts */.W1)();
    let fixable = 0;
    let outOfScope = 0;
    let unfixedNotFailing = 0;
    const evaluated = [];
    const sorted = [...findings].sort(scan_findings/* compareFindings */.Eg);
    for (const finding of sorted) {
        if (finding.kind === 'vulnerability' && finding.vulnType && !vulnTypes.has(finding.vulnType)) {
            outOfScope++;
            continue;
        }
        found[finding.severity]++;
        if (finding.fixable)
            fixable++;
        const ignoredBy = match(finding);
        let disposition;
        if (ignoredBy) {
            used.add(ignoredBy);
            suppressed[finding.severity]++;
            disposition = 'suppressed';
        }
        else if (!failOn.has(finding.severity)) {
            disposition = 'below-threshold';
        }
        else if (policy.ignoreUnfixed && finding.kind === 'vulnerability' && !finding.fixable) {
            disposition = 'unfixed';
            unfixedNotFailing++;
        }
        else {
            failing[finding.severity]++;
            disposition = 'failing';
        }
        evaluated.push(ignoredBy ? { finding, disposition, ignoredBy } : { finding, disposition });
    }
    const sum = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);
    const failingTotal = sum(failing);
    return {
        verdict: failingTotal > 0 ? 'fail' : 'pass',
        found,
        suppressed,
        failing,
        total: sum(found),
        fixable,
        suppressedTotal: sum(suppressed),
        failingTotal,
        unfixedNotFailing,
        evaluated,
        outOfScope,
        expiredIgnores,
        unusedIgnores: [...live.values()].flat().filter((entry) => !used.has(entry)),
    };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./shared/image-ref.js
var image_ref = __webpack_require__(6901);
;// CONCATENATED MODULE: ./scan/sarif.js




/** GitHub code scanning limits for one SARIF upload. */
const SARIF_LIMITS = {
    resultsPerRun: 25_000,
    gzippedBytes: 10 * 1024 * 1024,
};
const SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const DESCRIPTION_MAX = 1_000;
// GitHub reads `security-severity` (0.0–10.0) to rank alerts: >= 9 critical, >= 7 high,
// >= 4 medium, > 0 low. One value per band keeps its ranking the same as the gate's.
const SECURITY_SEVERITY = {
    CRITICAL: '9.5',
    HIGH: '8.0',
    MEDIUM: '5.5',
    LOW: '2.0',
    UNKNOWN: '0.0',
};
const LEVEL = {
    CRITICAL: 'error',
    HIGH: 'error',
    MEDIUM: 'warning',
    LOW: 'note',
    UNKNOWN: 'note',
};
const INFORMATION_URI = {
    trivy: 'https://github.com/aquasecurity/trivy',
    grype: 'https://github.com/anchore/grype',
};
/**
 * Builds one SARIF 2.1.0 run from evaluated findings (most severe first, as `evaluate` returns
 * them). Suppressed findings are accepted risks and left out. When GitHub's limits would be
 * passed, the least severe results are cut until the file fits.
 */
function buildSarif(evaluated, options) {
    const limits = options.limits ?? SARIF_LIMITS;
    const candidates = evaluated.filter((e) => e.disposition !== 'suppressed');
    let count = Math.min(candidates.length, limits.resultsPerRun);
    let reason = count < candidates.length
        ? `GitHub accepts at most ${limits.resultsPerRun} results per run`
        : undefined;
    for (;;) {
        const bytes = sarifDocument(candidates.slice(0, count), options);
        // Fast compression first; the best one only when the fast one is over the limit.
        let gzipped = (0,external_node_zlib_.gzipSync)(bytes, { level: 1 });
        if (gzipped.length > limits.gzippedBytes)
            gzipped = (0,external_node_zlib_.gzipSync)(bytes, { level: 9 });
        if (gzipped.length <= limits.gzippedBytes || count === 0) {
            const dropped = (0,scan_findings/* emptyCounts */.W1)();
            for (const e of candidates.slice(count))
                dropped[e.finding.severity]++;
            const droppedTotal = candidates.length - count;
            return {
                bytes,
                get text() {
                    return bytes.toString('utf8');
                },
                gzipped,
                results: count,
                dropped,
                droppedTotal,
                truncation: droppedTotal > 0 ? reason : undefined,
            };
        }
        reason = `GitHub accepts at most ${formatBytes(limits.gzippedBytes)} of gzipped SARIF`;
        // Shrink in proportion to the overshoot, with a margin, and at least by one.
        count = Math.min(count - 1, Math.floor((count * limits.gzippedBytes * 0.95) / gzipped.length));
        count = Math.max(0, count);
    }
}
/** Collects the document as UTF-8 in batches: no document-sized object tree or string. */
class Utf8Sink {
    chunks = [];
    batch = '';
    push(text) {
        this.batch += text;
        if (this.batch.length >= 1 << 18)
            this.flush();
    }
    flush() {
        this.chunks.push(Buffer.from(this.batch, 'utf8'));
        this.batch = '';
    }
    bytes() {
        this.flush();
        return Buffer.concat(this.chunks);
    }
}
/**
 * The document, written result by result: one run whose results come before its tool (key
 * order means nothing in JSON), so rules are complete, with their worst severity, when written.
 */
function sarifDocument(selected, options) {
    const rules = [];
    const ruleIndex = new Map();
    const ruleSeverity = [];
    // An image is located by its name without tag or digest, so that alerts stay the same alerts
    // from one build to the next.
    const imagePath = (0,image_ref/* parseImageRef */.Q)(options.artifact.name)?.name ?? options.artifact.name;
    const category = options.category.endsWith('/') ? options.category : `${options.category}/`;
    const sink = new Utf8Sink();
    sink.push(`{"$schema":${JSON.stringify(SCHEMA_URI)},"version":"2.1.0","runs":[{"results":[`);
    selected.forEach(({ finding, disposition }, n) => {
        const ruleId = finding.id;
        let index = ruleIndex.get(ruleId);
        if (index === undefined) {
            index = rules.length;
            ruleIndex.set(ruleId, index);
            rules.push(rule(finding));
            ruleSeverity.push(finding.severity);
        }
        else if (rank(finding.severity) > rank(ruleSeverity[index])) {
            // The rule shows the worst severity any of its results has.
            ruleSeverity[index] = finding.severity;
            setRuleSeverity(rules[index], finding.severity);
        }
        // Written as text directly: 25,000 of these, so no object per result to stringify.
        const q = JSON.stringify;
        sink.push(`${n === 0 ? '' : ','}{"ruleId":${q(ruleId)},"ruleIndex":${index},"level":"${LEVEL[finding.severity]}",` +
            `"message":{"text":${q(message(finding))}},"locations":[{"physicalLocation":{"artifactLocation":` +
            `{"uri":${q(locationUri(finding.file ?? imagePath))},"uriBaseId":"ROOTPATH"},` +
            `"region":{"startLine":${finding.line ?? 1}}},"message":{"text":${q(locationText(finding))}}}],` +
            `"partialFingerprints":{"oasisFinding/v1":"${fingerprint(finding)}"},` +
            `"properties":{"severity":"${finding.severity}","gate":"${disposition}","fixable":${finding.fixable}}}`);
    });
    const driver = {
        name: options.scanner.name,
        informationUri: INFORMATION_URI[options.scanner.name] ?? 'https://github.com/',
    };
    if (options.scanner.version)
        driver.version = options.scanner.version;
    const driverJson = JSON.stringify(driver);
    sink.push(`],"tool":{"driver":${driverJson.slice(0, -1)},"rules":[`);
    rules.forEach((entry, n) => sink.push(n === 0 ? JSON.stringify(entry) : `,${JSON.stringify(entry)}`));
    sink.push(`]}},"automationDetails":${JSON.stringify({ id: category })},"columnKind":"utf16CodeUnits",` +
        `"originalUriBaseIds":{"ROOTPATH":{"uri":"file:///"}},` +
        `"properties":${JSON.stringify({ artifactName: options.artifact.name, artifactType: options.artifact.type })}}]}`);
    return sink.bytes();
}
function rank(severity) {
    return scan_findings/* SEVERITIES */.oC.length - scan_findings/* SEVERITIES */.oC.indexOf(severity);
}
function rule(finding) {
    const short = finding.title ?? firstSentence(finding.description) ?? finding.id;
    const entry = {
        id: finding.id,
        name: ruleName(finding),
        shortDescription: { text: clip(short, 200) },
        fullDescription: { text: clip(finding.description ?? short, DESCRIPTION_MAX) },
        defaultConfiguration: { level: LEVEL[finding.severity] },
        help: { text: helpText(finding) },
        properties: {
            'security-severity': SECURITY_SEVERITY[finding.severity],
            tags: [finding.kind, 'security', finding.severity],
            precision: 'very-high',
        },
    };
    if (finding.url)
        entry.helpUri = finding.url;
    return entry;
}
function setRuleSeverity(entry, severity) {
    entry.defaultConfiguration = { level: LEVEL[severity] };
    const properties = entry.properties;
    properties['security-severity'] = SECURITY_SEVERITY[severity];
    properties.tags = [properties.tags[0], 'security', severity];
}
function ruleName(finding) {
    if (finding.kind === 'misconfiguration')
        return 'Misconfiguration';
    if (finding.kind === 'secret')
        return 'ExposedSecret';
    return finding.vulnType === 'os'
        ? 'OsPackageVulnerability'
        : 'LanguageSpecificPackageVulnerability';
}
function helpText(finding) {
    const lines = [`${kindLabel(finding)} ${finding.id}`, `Severity: ${finding.severity}`];
    if (finding.pkg)
        lines.push(`Package: ${finding.pkg}`);
    if (finding.fixedVersion)
        lines.push(`Fixed Version: ${finding.fixedVersion}`);
    if (finding.url)
        lines.push(`Link: ${finding.url}`);
    return lines.join('\n');
}
function message(finding) {
    const lines = [];
    if (finding.pkg)
        lines.push(`Package: ${finding.pkg}`);
    if (finding.installedVersion)
        lines.push(`Installed Version: ${finding.installedVersion}`);
    lines.push(`${kindLabel(finding)} ${finding.id}`, `Severity: ${finding.severity}`);
    if (finding.kind === 'vulnerability') {
        lines.push(`Fixed Version: ${finding.fixedVersion ?? 'none available'}`);
    }
    else if (finding.title) {
        lines.push(finding.title);
    }
    if (finding.url)
        lines.push(`Link: ${finding.url}`);
    return lines.join('\n');
}
function kindLabel(finding) {
    return finding.kind === 'vulnerability'
        ? 'Vulnerability'
        : finding.kind === 'secret'
            ? 'Secret'
            : 'Misconfiguration';
}
function locationText(finding) {
    const what = finding.pkg
        ? `${finding.pkg}${finding.installedVersion ? `@${finding.installedVersion}` : ''}`
        : finding.id;
    return `${finding.target}: ${what}`;
}
/** A relative URI reference: each path segment percent-encoded (`:`, `@`, spaces…). */
function locationUri(path) {
    const uri = path
        .split('/')
        .filter((segment) => segment !== '')
        .map((segment) => encodeURIComponent(segment))
        .join('/');
    return uri === '' ? 'unknown' : uri;
}
/** Stable across runs for the same issue in the same place: kind, id, package, version, where. */
function fingerprint(finding) {
    const key = [
        finding.kind,
        finding.id,
        finding.pkg ?? '',
        finding.installedVersion ?? '',
        // An image's OS target names the image tag ('app:1.2 (debian 12.7)'), which changes.
        finding.file ?? (finding.vulnType === 'os' ? 'os' : finding.target),
        finding.kind === 'vulnerability' ? '' : String(finding.line ?? ''),
    ].join('\u0000');
    return (0,external_node_crypto_.createHash)('sha256').update(key).digest('hex').slice(0, 32);
}
function firstSentence(text) {
    if (!text)
        return undefined;
    const end = text.search(/\.(\s|$)/);
    return end > 0 ? text.slice(0, end + 1) : text;
}
function clip(text, max) {
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
function formatBytes(bytes) {
    return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(0)} MB` : `${bytes} bytes`;
}

// EXTERNAL MODULE: ./scan/scanner-install.js + 1 modules
var scanner_install = __webpack_require__(8867);
;// CONCATENATED MODULE: ./scan/scanner-run.js



/** The exact command line, for the log and for tests. Never a shell string. */
function scannerCommand(run) {
    if (run.scanner === 'trivy') {
        const args = [
            run.target.kind === 'image' ? 'image' : 'fs',
            '--format',
            'json',
            '--output',
            run.reportPath,
            '--exit-code',
            '0',
            '--scanners',
            'vuln',
            '--no-progress',
            '--timeout',
            `${Math.ceil(run.timeoutMs / 1000)}s`,
        ];
        if (run.dbRepository)
            args.push('--db-repository', run.dbRepository);
        if (run.javaDbRepository)
            args.push('--java-db-repository', run.javaDbRepository);
        if (run.cacheDir)
            args.push('--cache-dir', run.cacheDir);
        args.push('--', run.target.kind === 'image' ? run.target.ref : run.target.path);
        return { args, env: {} };
    }
    const env = { GRYPE_CHECK_FOR_APP_UPDATE: 'false' };
    if (run.dbRepository)
        env.GRYPE_DB_UPDATE_URL = run.dbRepository;
    if (run.cacheDir)
        env.GRYPE_DB_CACHE_DIR = run.cacheDir;
    const source = run.target.kind === 'image' ? run.target.ref : `dir:${run.target.path}`;
    return { args: [source, '--output', 'json'], env };
}
/**
 * Runs the scanner and leaves its JSON report at `reportPath`. A non-zero exit is an error that
 * quotes the end of the scanner's own explanation.
 */
async function runScanner(run, exec, log) {
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(run.reportPath), { recursive: true });
    if (run.cacheDir)
        await (0,promises_.mkdir)(run.cacheDir, { recursive: true });
    const { args, env } = scannerCommand(run);
    log(`${run.scanner} ${args.join(' ')}`);
    const stderrTail = [];
    const result = await exec.run(run.binary, args, {
        env: { ...process.env, ...env },
        timeoutMs: run.timeoutMs + 60_000,
        onLine: (line, stream) => {
            if (stream !== 'stderr' || line.trim() === '')
                return;
            log(`  ${line}`);
            stderrTail.push(line);
            if (stderrTail.length > 8)
                stderrTail.shift();
        },
    });
    if (result.code !== 0) {
        const why = stderrTail.length > 0 ? stderrTail.join('\n') : result.stderr.trim().slice(-2000);
        throw new errors/* UserError */.yo(`${run.scanner} failed with exit code ${result.code}${why ? `:\n${why}` : ' and printed nothing'}`);
    }
    if (run.scanner === 'grype') {
        await (0,promises_.writeFile)(run.reportPath, result.stdout);
    }
    else {
        try {
            await (0,promises_.stat)(run.reportPath);
        }
        catch {
            throw new errors/* UserError */.yo(`trivy exited 0 but wrote no report to ${run.reportPath}`);
        }
    }
}

;// CONCATENATED MODULE: ./scan/sarif-upload.js

/**
 * `POST /repos/{owner}/{repo}/code-scanning/sarifs`: the SARIF gzipped and base64-encoded, with
 * the commit and ref. A 403 is explained: the job needs `security-events: write`.
 */
async function uploadSarif(client, target, gzipped, toolName) {
    if (!/^[0-9a-f]{40}$/.test(target.commitSha)) {
        throw new errors/* UserError */.yo(`cannot upload SARIF: commit sha ${JSON.stringify(target.commitSha)} is not a full 40-character sha (GITHUB_SHA)`);
    }
    if (!/^refs\/(heads|tags|pull)\/.+/.test(target.ref)) {
        throw new errors/* UserError */.yo(`cannot upload SARIF: ref ${JSON.stringify(target.ref)} is not of the form refs/heads/<branch>, refs/tags/<tag> or refs/pull/<n>/merge (GITHUB_REF)`);
    }
    let data;
    try {
        const response = await client.request('POST /repos/{owner}/{repo}/code-scanning/sarifs', {
            owner: target.owner,
            repo: target.repo,
            commit_sha: target.commitSha,
            ref: target.ref,
            sarif: gzipped.toString('base64'),
            tool_name: toolName,
        });
        data = response.data;
    }
    catch (error) {
        const status = error.status;
        if (status === 403) {
            throw new errors/* UserError */.yo(`uploading SARIF to code scanning was refused (403): ${error.message}. ` +
                'The job needs `permissions: { security-events: write }` (and, for a private ' +
                'repository, GitHub Code Security enabled); or set upload-sarif: false', { cause: error });
        }
        throw error;
    }
    const web = `${target.serverUrl.replace(/\/+$/, '')}/${target.owner}/${target.repo}`;
    const branch = target.ref.replace(/^refs\/heads\//, '');
    return {
        id: data.id ?? '',
        url: data.url ?? '',
        codeScanningUrl: `${web}/security/code-scanning?query=${encodeURIComponent(`is:open branch:${branch}`)}`,
    };
}

;// CONCATENATED MODULE: ./scan/file-annotations.js


/** GitHub shows at most 10 annotations of a level per step; one per file keeps them readable. */
const MAX_ANNOTATIONS = 10;
/**
 * One annotation per manifest/lock file holding findings that fail the gate, on the line that
 * names the first such package (or the line the scanner gave for misconfigurations and secrets).
 */
async function fileAnnotations(evaluated, scanRoot, workspace) {
    const byFile = new Map();
    for (const e of evaluated) {
        if (e.disposition !== 'failing' || !e.finding.file)
            continue;
        const bucket = byFile.get(e.finding.file);
        if (bucket)
            bucket.push(e);
        else
            byFile.set(e.finding.file, [e]);
    }
    const annotations = [];
    for (const [file, entries] of [...byFile.entries()].slice(0, MAX_ANNOTATIONS)) {
        const absolute = (0,external_node_path_.isAbsolute)(file) ? file : (0,external_node_path_.join)(scanRoot, file);
        const repoPath = (0,external_node_path_.relative)(workspace, absolute);
        if (repoPath.startsWith('..'))
            continue;
        const first = entries[0].finding;
        let line = first.line;
        if (line === undefined && first.pkg)
            line = await lineNaming(absolute, first.pkg);
        const ids = entries
            .slice(0, 5)
            .map(({ finding: f }) => f.pkg
            ? `${f.id} (${f.severity}) in ${f.pkg} ${f.installedVersion ?? ''}${f.fixedVersion ? `, fixed in ${f.fixedVersion}` : ''}`
            : `${f.id} (${f.severity}) ${f.title ?? ''}`.trim());
        const more = entries.length > ids.length ? `\n… and ${entries.length - ids.length} more` : '';
        annotations.push({
            level: 'error',
            title: `${entries.length} finding${entries.length === 1 ? '' : 's'} fail the scan gate`,
            message: `${ids.join('\n')}${more}`,
            file: repoPath,
            startLine: line,
        });
    }
    return annotations;
}
async function lineNaming(path, pkg) {
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch {
        return undefined;
    }
    const lines = text.split('\n');
    const exact = new RegExp(`(^|[^A-Za-z0-9_.-])${pkg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Za-z0-9_-]|$)`);
    const index = lines.findIndex((l) => exact.test(l));
    return index >= 0 ? index + 1 : undefined;
}

;// CONCATENATED MODULE: ./scan/scan-summary.js

const TOP_FINDINGS = 25;
function scanSummary(report, gate, failOn, sarif, links = {}) {
    const threshold = failOn.length ? failOn.join(', ') : 'no severity (fail-on: none)';
    const verdictLine = gate.verdict === 'fail'
        ? `❌ scan failed: ${plural(gate.failingTotal, 'finding')} at ${threshold} ${gate.failingTotal === 1 ? 'fails' : 'fail'} the gate`
        : `✅ scan passed: no finding at ${threshold} fails the gate`;
    const version = report.scanner.version ? ` ${report.scanner.version}` : '';
    const subject = `\`${cell(report.artifact.name)}\` (${report.artifact.type}) scanned by ${report.scanner.name}${version}: ` +
        `${plural(gate.total, 'finding')}, ${gate.fixable} fixable, ${gate.suppressedTotal} suppressed`;
    const rows = scan_findings/* SEVERITIES */.oC.map((s) => `| ${s} | ${gate.found[s]} | ${gate.suppressed[s]} | ${gate.failing[s]}${failOn.includes(s) ? '' : ' (not gated)'} |`);
    const countsTable = [
        '| Severity | Found | Suppressed | Failing |',
        '| --- | ---: | ---: | ---: |',
        ...rows,
        `| **Total** | **${gate.total}** | **${gate.suppressedTotal}** | **${gate.failingTotal}** |`,
    ].join('\n');
    const failing = gate.evaluated.filter((e) => e.disposition === 'failing');
    let topFindings = '';
    if (failing.length > 0) {
        const shown = failing.slice(0, TOP_FINDINGS);
        const title = failing.length > shown.length
            ? `Findings that fail the gate (top ${shown.length} of ${failing.length})`
            : 'Findings that fail the gate';
        topFindings = [
            `#### ${title}`,
            '',
            '| Severity | ID | Package | Installed | Fixed in | Where |',
            '| --- | --- | --- | --- | --- | --- |',
            ...shown.map(({ finding: f }) => {
                const id = f.url ? `[${cell(f.id)}](${f.url})` : cell(f.id);
                const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : f.target;
                return `| ${f.severity} | ${id} | ${cell(f.pkg ?? f.title ?? f.kind)} | ${cell(f.installedVersion ?? '')} | ${cell(f.fixedVersion ?? (f.kind === 'vulnerability' ? 'no fix yet' : ''))} | ${cell(where)} |`;
            }),
        ].join('\n');
    }
    const notes = [];
    for (const entry of gate.expiredIgnores) {
        notes.push(`⚠️ Ignore entry ${entry.index} for \`${cell(entry.id)}\`${entry.package ? ` (${cell(entry.package)})` : ''} expired on ${entry.expires} and no longer suppresses (reason was: ${cell(entry.reason)})`);
    }
    if (gate.unfixedNotFailing > 0) {
        notes.push(`${plural(gate.unfixedNotFailing, 'finding')} at ${threshold} without an available fix ${gate.unfixedNotFailing === 1 ? 'does' : 'do'} not fail the gate (ignore-unfixed)`);
    }
    if (gate.outOfScope > 0) {
        notes.push(`${plural(gate.outOfScope, 'vulnerability', 'vulnerabilities')} outside vuln-types left out of the counts`);
    }
    if (gate.unusedIgnores.length > 0) {
        notes.push(`Ignore entries that matched nothing (can be removed): ${gate.unusedIgnores.map((e) => `\`${cell(e.id)}\``).join(', ')}`);
    }
    if (sarif && sarif.droppedTotal > 0) {
        const bySeverity = scan_findings/* SEVERITIES */.oC.filter((s) => sarif.dropped[s] > 0)
            .map((s) => `${sarif.dropped[s]} ${s}`)
            .join(', ');
        notes.push(`⚠️ SARIF holds the ${sarif.results} most severe findings; ${sarif.droppedTotal} were left out (${bySeverity}) because ${sarif.truncation}`);
    }
    if (links.codeScanningUrl)
        notes.push(`[Code scanning alerts](${links.codeScanningUrl})`);
    else if (links.sarifPath)
        notes.push(`SARIF written to \`${links.sarifPath}\` (not uploaded)`);
    const markdown = [
        `### ${verdictLine}`,
        '',
        subject,
        '',
        countsTable,
        '',
        ...(topFindings ? [topFindings, ''] : []),
        ...notes.map((note) => `- ${note}`),
        '',
    ].join('\n');
    return { verdictLine, subject, countsTable, topFindings, notes, markdown };
}
function plural(count, one, many = `${one}s`) {
    return `${count} ${count === 1 ? one : many}`;
}
/** Text safe inside a markdown table cell. */
function cell(text) {
    return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').replace(/`/g, "'");
}

;// CONCATENATED MODULE: ./scan/scan.js














/**
 * The scan step as a library: scans (or reads a report), applies the policy, writes SARIF,
 * uploads it when asked, and returns verdict, counts, paths and summary pieces. Throws a
 * UserError for anything the user can fix; never sets outputs itself.
 */
async function scan(config, ports = {}) {
    const log = ports.log ?? ((message) => console.log(message));
    const clock = ports.clock ?? shared_clock/* systemClock */.m;
    const env = ports.env ?? process.env;
    const ignores = await loadIgnoreFile(config.ignoreFile, config.ignoreFileRequired);
    if (ignores.length > 0)
        log(`ignore file ${config.ignoreFile}: ${ignores.length} entries`);
    let report;
    if (config.target.kind === 'report') {
        try {
            report = await parseReportFile(config.target.path, config.target.path);
        }
        catch (error) {
            if (error instanceof errors/* UserError */.yo) {
                throw new errors/* UserError */.yo(`input 'report': ${(0,errors/* errorMessage */.gJ)(error)}`, { cause: error });
            }
            throw new errors/* UserError */.yo(`input 'report': cannot read ${config.target.path} (${error.code ?? (0,errors/* errorMessage */.gJ)(error)})`);
        }
    }
    else {
        const resolved = await (0,scanner_install.resolveScanner)({
            scanner: config.scanner,
            mirror: config.scannerMirror,
            searchPath: ports.searchPath,
            toolCache: ports.toolCache,
            log,
        });
        await runScanner({
            scanner: config.scanner,
            binary: resolved.path,
            target: config.target.kind === 'image'
                ? { kind: 'image', ref: config.target.ref }
                : { kind: 'path', path: config.target.path },
            reportPath: config.reportPath,
            dbRepository: config.dbRepository,
            javaDbRepository: config.javaDbRepository,
            cacheDir: config.cacheDir,
            timeoutMs: config.timeoutMs,
        }, ports.exec ?? exec/* processExec */.l, log);
        try {
            report = await parseReportFile(config.reportPath, `${config.scanner} output (${config.reportPath})`);
        }
        catch (error) {
            throw new errors/* UserError */.yo(`${config.scanner} produced no usable report: ${(0,errors/* errorMessage */.gJ)(error)}`, {
                cause: error,
            });
        }
    }
    log(`${report.format} report of ${report.artifact.name}: ${report.findings.length} findings`);
    const gate = evaluate(report.findings, {
        failOn: config.failOn,
        ignoreUnfixed: config.ignoreUnfixed,
        vulnTypes: config.vulnTypes,
        ignores,
    }, clock.now());
    const warnings = [];
    for (const entry of gate.expiredIgnores) {
        warnings.push(`ignore entry ${entry.index} for ${entry.id}${entry.package ? ` (${entry.package})` : ''} in ${config.ignoreFile} expired on ${entry.expires} and no longer suppresses; renew it with a reason or fix the finding`);
    }
    const sarif = buildSarif(gate.evaluated, {
        category: config.category,
        scanner: report.scanner,
        artifact: report.artifact,
    });
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(config.sarifPath), { recursive: true });
    await (0,promises_.writeFile)(config.sarifPath, sarif.bytes);
    if (sarif.droppedTotal > 0) {
        warnings.push(`SARIF holds the ${sarif.results} most severe of ${sarif.results + sarif.droppedTotal} findings: ${sarif.truncation}`);
    }
    log(`SARIF: ${sarif.results} results in ${config.sarifPath} (${sarif.gzipped.length} bytes gzipped)`);
    let upload;
    if (config.uploadSarif) {
        const { createGitHubClient, repositoryContext } = await Promise.all(/* import() */[__webpack_require__.e(179), __webpack_require__.e(429)]).then(__webpack_require__.bind(__webpack_require__, 7429));
        const context = repositoryContext(env);
        const client = ports.github ??
            createGitHubClient({ token: config.githubToken, baseUrl: context.apiUrl, log });
        upload = await uploadSarif(client, {
            owner: context.owner,
            repo: context.repo,
            commitSha: context.sha,
            ref: context.ref,
            serverUrl: context.serverUrl,
        }, sarif.gzipped, report.scanner.name);
        log(`SARIF uploaded to code scanning (id ${upload.id})`);
    }
    const onDisk = config.target.kind === 'path' ||
        report.artifact.type === 'filesystem' ||
        report.artifact.type === 'repository' ||
        report.artifact.type === 'directory';
    const annotations = onDisk
        ? await fileAnnotations(gate.evaluated, config.target.kind === 'path' ? config.target.path : config.workspace, config.workspace)
        : [];
    const summary = scanSummary(report, gate, config.failOn, sarif, {
        codeScanningUrl: upload?.codeScanningUrl,
        sarifPath: config.sarifPath,
    });
    const counts = {
        critical: gate.found.CRITICAL,
        high: gate.found.HIGH,
        medium: gate.found.MEDIUM,
        low: gate.found.LOW,
        unknown: gate.found.UNKNOWN,
        total: gate.total,
        fixable: gate.fixable,
        suppressed: gate.suppressedTotal,
    };
    return {
        verdict: gate.verdict,
        counts,
        failing: gate.failingTotal,
        outputs: {
            verdict: gate.verdict,
            critical: String(counts.critical),
            high: String(counts.high),
            medium: String(counts.medium),
            low: String(counts.low),
            unknown: String(counts.unknown),
            total: String(counts.total),
            fixable: String(counts.fixable),
            suppressed: String(counts.suppressed),
            sarif: config.sarifPath,
            report: config.reportPath,
        },
        scanner: report.scanner,
        artifact: report.artifact,
        gate,
        sarif: {
            path: config.sarifPath,
            results: sarif.results,
            droppedTotal: sarif.droppedTotal,
            truncation: sarif.truncation,
        },
        reportPath: config.reportPath,
        upload,
        annotations,
        warnings,
        summary,
    };
}


/***/ }),

/***/ 8867:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  resolveScanner: () => (/* binding */ resolveScanner)
});

// UNUSED EXPORTS: sha256File

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(4379);
// EXTERNAL MODULE: ./shared/errors.js
var errors = __webpack_require__(2921);
;// CONCATENATED MODULE: ./scan/pinned-scanners.js
const PINNED_SCANNERS = {
    trivy: {
        version: '0.69.3',
        url: 'https://github.com/aquasecurity/trivy/releases/download/v{version}/{file}',
        binary: 'trivy',
        assets: {
            'linux-x64': {
                file: 'trivy_0.69.3_Linux-64bit.tar.gz',
                sha256: '1816b632dfe529869c740c0913e36bd1629cb7688bd5634f4a858c1d57c88b75',
            },
            'linux-arm64': {
                file: 'trivy_0.69.3_Linux-ARM64.tar.gz',
                sha256: '7e3924a974e912e57b4a99f65ece7931f8079584dae12eb7845024f97087bdfd',
            },
        },
    },
    grype: {
        version: '0.110.0',
        url: 'https://github.com/anchore/grype/releases/download/v{version}/{file}',
        binary: 'grype',
        assets: {
            'linux-x64': {
                file: 'grype_0.110.0_linux_amd64.tar.gz',
                sha256: 'aaa98d27d2d7efd9317c6a1ad6d9b15f3e65bab320e7d03bde41e251387bb71c',
            },
            'linux-arm64': {
                file: 'grype_0.110.0_linux_arm64.tar.gz',
                sha256: '804041ee69f119022e3e866741a558eae6f2df372a5dc1a5376d456d16f8c931',
            },
        },
    },
};

;// CONCATENATED MODULE: ./scan/scanner-install.js








/**
 * Finds the scanner: on PATH, else in the runner's tool cache at the pinned version, else
 * downloads the pinned release, verifies its sha256 against the checksum kept in the repository
 * and only then unpacks and caches it. A mismatching archive is deleted and never run.
 */
async function resolveScanner(options) {
    const log = options.log ?? (() => undefined);
    const pin = (options.pins ?? PINNED_SCANNERS)[options.scanner];
    const onPath = await findOnPath(pin.binary, options.searchPath ?? process.env.PATH ?? '');
    if (onPath) {
        log(`${options.scanner}: using ${onPath} from PATH`);
        return { path: onPath, source: 'path' };
    }
    const platform = `${options.platform ?? process.platform}-${options.arch ?? process.arch}`;
    const asset = pin.assets[platform];
    if (!asset) {
        throw new errors/* UserError */.yo(`${options.scanner} is not on PATH and no pinned release exists for ${platform} ` +
            `(pinned: ${Object.keys(pin.assets).join(', ')}); install ${options.scanner} before this step`);
    }
    // Outside Actions (a laptop, the oasis CLI) the runner's tool cache and temp dirs are unset;
    // @actions/tool-cache needs both, so they get stable defaults.
    process.env.RUNNER_TOOL_CACHE ||= (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.cache', 'oasis-scan', 'tools');
    process.env.RUNNER_TEMP ||= (0,external_node_os_.tmpdir)();
    const toolCache = options.toolCache ?? (await __webpack_require__.e(/* import() */ 777).then(__webpack_require__.bind(__webpack_require__, 2777)));
    const cached = toolCache.find(options.scanner, pin.version, options.arch ?? process.arch);
    if (cached) {
        log(`${options.scanner} ${pin.version}: found in the tool cache`);
        return { path: (0,external_node_path_.join)(cached, pin.binary), version: pin.version, source: 'tool-cache' };
    }
    const url = options.mirror
        ? `${options.mirror.replace(/\/+$/, '')}/${asset.file}`
        : pin.url.replace('{version}', pin.version).replace('{file}', asset.file);
    log(`${options.scanner} ${pin.version}: downloading ${url}`);
    let archive;
    try {
        archive = await toolCache.downloadTool(url);
    }
    catch (error) {
        throw new errors/* UserError */.yo(`could not download ${options.scanner} ${pin.version} from ${url}: ${error.message}`, { cause: error });
    }
    let unpacked;
    try {
        const actual = await sha256File(archive);
        if (actual !== asset.sha256) {
            throw new errors/* UserError */.yo(`refusing to run ${options.scanner}: ${asset.file} from ${url} has sha256 ${actual}, ` +
                `but the pinned checksum is ${asset.sha256}. The download was altered or is not the ` +
                `pinned release; it was deleted and not run`);
        }
        log(`${options.scanner} ${pin.version}: sha256 verified (${actual})`);
        unpacked = await toolCache.extractTar(archive);
        const dir = await toolCache.cacheDir(unpacked, options.scanner, pin.version, options.arch ?? process.arch);
        const binary = (0,external_node_path_.join)(dir, pin.binary);
        if (!(await isExecutable(binary))) {
            throw new errors/* UserError */.yo(`${asset.file} holds no executable '${pin.binary}'`);
        }
        return { path: binary, version: pin.version, source: 'download' };
    }
    finally {
        await (0,promises_.rm)(archive, { force: true });
        // cacheDir copied what it needs; the unpacked copy in RUNNER_TEMP is not left behind.
        if (unpacked)
            await (0,promises_.rm)(unpacked, { recursive: true, force: true });
    }
}
async function sha256File(path) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of (0,external_node_fs_.createReadStream)(path))
        hash.update(chunk);
    return hash.digest('hex');
}
async function isExecutable(path) {
    try {
        await (0,promises_.access)(path, external_node_fs_.constants.X_OK);
        return true;
    }
    catch {
        return false;
    }
}
async function findOnPath(binary, searchPath) {
    for (const dir of searchPath.split(external_node_path_.delimiter)) {
        if (!dir)
            continue;
        const candidate = (0,external_node_path_.join)(dir, binary);
        if (await isExecutable(candidate))
            return candidate;
    }
    return undefined;
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


/***/ })

};
