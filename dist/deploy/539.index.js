export const id = 539;
export const ids = [539];
export const modules = {

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

/***/ 7539:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  updateGitopsManifest: () => (/* binding */ updateGitopsManifest)
});

// UNUSED EXPORTS: contentionBackoff, pullRequestBranch

// EXTERNAL MODULE: ../../node_modules/@actions/core/lib/core.js + 8 modules
var core = __webpack_require__(8806);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./shared/clock.js
var shared_clock = __webpack_require__(4046);
// EXTERNAL MODULE: ./shared/errors.js
var errors = __webpack_require__(2921);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(4379);
// EXTERNAL MODULE: ./shared/exec.js
var exec = __webpack_require__(9019);
;// CONCATENATED MODULE: ./shared/git.js
/**
 * A small git port over the Exec port. The token reaches git as an `http.<url>.extraheader`
 * through GIT_CONFIG_COUNT/KEY/VALUE environment entries: never in a URL, an argument, a file
 * or a log line (every captured line is redacted of the token and the header).
 */




/** A git command that failed; the message carries git's own (redacted) error lines. */
class GitError extends errors/* UserError */.yo {
    result;
    args;
    constructor(message, result, args) {
        super(message);
        this.result = result;
        this.args = args;
    }
}
/** The header GitHub expects for a token over HTTPS (as actions/checkout sends it). */
function authHeader(token) {
    return `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
}
/** Refuse URLs that carry credentials: they would end up in logs and .git/config. */
function assertNoCredentialsInUrl(url) {
    const match = /^[a-z][a-z0-9+.-]*:\/\/([^/@]*)@/i.exec(url);
    if (match && /^https?:/i.test(url)) {
        throw new UserError('the repository URL carries credentials (user:password@); remove them and pass the token separately');
    }
}
/** Environment that gives git the token and never lets it prompt for anything. */
function gitEnvironment(token, remoteUrl) {
    const config = [
        ['credential.helper', ''],
        // No background housekeeping spawned after every fetch and commit of a short-lived clone.
        ['maintenance.auto', 'false'],
        ['gc.auto', '0'],
    ];
    if (token && remoteUrl && /^https?:/i.test(remoteUrl)) {
        const key = `http.${remoteUrl}.extraheader`;
        // An empty value first resets headers persisted by an earlier checkout for this URL.
        config.push([key, ''], [key, authHeader(token)]);
    }
    const env = {
        GIT_TERMINAL_PROMPT: '0',
        // Only real transports: no ext:: or fd:: helpers, whatever a URL or a submodule says.
        GIT_ALLOW_PROTOCOL: 'https:http:ssh:file',
        GIT_ASKPASS: '',
        SSH_ASKPASS: '',
        GCM_INTERACTIVE: 'never',
        LC_ALL: 'C',
        GIT_CONFIG_COUNT: String(config.length),
    };
    config.forEach(([key, value], index) => {
        env[`GIT_CONFIG_KEY_${index}`] = key;
        env[`GIT_CONFIG_VALUE_${index}`] = value;
    });
    return env;
}
const AUTH_FAILURE = /Authentication failed|could not read (Username|Password)|returned error: 40[13]|Invalid username or (password|token)|Permission to .* denied|terminal prompts disabled/i;
class Git {
    options;
    cwd;
    exec;
    secrets;
    env;
    constructor(options) {
        this.options = options;
        this.cwd = options.cwd;
        this.exec = options.exec ?? exec/* processExec */.l;
        this.secrets = options.token
            ? [options.token, authHeader(options.token), authHeader(options.token).split(' ')[2]]
            : [];
        this.env = gitEnvironment(options.token, options.remoteUrl);
    }
    /** Run git; throws GitError unless `allowFailure`. */
    async run(args, options = {}) {
        const result = await this.exec.run('git', args, {
            cwd: this.cwd,
            env: { ...process.env, ...this.env, ...options.env },
            input: options.input,
            secrets: this.secrets,
            timeoutMs: this.options.timeoutMs,
        });
        if (result.code !== 0 && !options.allowFailure)
            throw this.failure(args, result);
        return result;
    }
    failure(args, result) {
        const detail = (result.stderr || result.stdout).trim().split('\n').slice(-6).join('\n');
        const command = `git ${args
            .filter((a) => !a.startsWith('-c'))
            .slice(0, 3)
            .join(' ')}`;
        if (AUTH_FAILURE.test(detail)) {
            return new GitError(`${command}: authentication to ${this.options.remoteUrl ?? 'the remote'} failed: check that the token is valid and may write to the repository (contents: write)\n${detail}`, result, args);
        }
        if (result.code === 127) {
            return new GitError(`git is not installed or not on PATH`, result, args);
        }
        return new GitError(`${command} failed (exit ${result.code}):\n${detail}`, result, args);
    }
    async text(args) {
        return (await this.run(args)).stdout.trim();
    }
    static async clone(url, dir, options) {
        const git = new Git({ ...options, cwd: dir, remoteUrl: url });
        const args = ['clone', '--quiet', '--no-tags', '--single-branch'];
        if (options.branch)
            args.push('--branch', options.branch);
        args.push('--', url, dir);
        const result = await git.exec.run('git', args, {
            env: { ...process.env, ...git.env },
            secrets: git.secrets,
            timeoutMs: options.timeoutMs,
        });
        if (result.code !== 0) {
            if (options.branch && /Remote branch .* not found/i.test(result.stderr)) {
                throw new GitError(`branch '${options.branch}' does not exist in ${url}`, result, args);
            }
            throw git.failure(args, result);
        }
        return git;
    }
    /** Fetch one branch into refs/remotes/origin/<branch>; returns the fetched commit. */
    async fetchBranch(url, branch) {
        const tracking = `refs/remotes/origin/${branch}`;
        await this.run([
            'fetch',
            '--quiet',
            '--no-tags',
            '--',
            url,
            `+refs/heads/${branch}:${tracking}`,
        ]);
        return this.resolveRef(tracking);
    }
    /**
     * The commit a ref points to. Reads the loose ref file when there is one (a process less per
     * call: it matters in a contended push loop on a busy runner), else asks git.
     */
    async resolveRef(ref) {
        const direct = this.readLooseRef(ref);
        if (direct)
            return direct;
        return this.text(['rev-parse', '--verify', `${ref}^{commit}`]);
    }
    readLooseRef(ref, depth = 0) {
        try {
            const gitDir = (0,external_node_path_.join)(this.cwd, '.git');
            if (depth > 3 || !(0,external_node_fs_.statSync)(gitDir).isDirectory())
                return undefined;
            const text = (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(gitDir, ref), 'utf8').trim();
            if (/^[0-9a-f]{40}$/.test(text))
                return text;
            const symbolic = /^ref: (refs\/\S+)$/.exec(text);
            return symbolic ? this.readLooseRef(symbolic[1], depth + 1) : undefined;
        }
        catch {
            return undefined;
        }
    }
    /** The commit a remote branch points to, or undefined when it does not exist. */
    async remoteBranch(url, branch) {
        const out = await this.text(['ls-remote', '--heads', '--', url, `refs/heads/${branch}`]);
        const line = out.split('\n').find((l) => l.endsWith(`\trefs/heads/${branch}`));
        return line?.split('\t')[0];
    }
    /** Make the working tree exactly `commit` (detached), dropping any local edits of ours. */
    async checkoutDetached(commit) {
        await this.run(['checkout', '--quiet', '--force', '--detach', commit]);
    }
    /** The branch HEAD is on, or '' when detached. */
    async currentBranch() {
        try {
            const text = (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(this.cwd, '.git', 'HEAD'), 'utf8').trim();
            const match = /^ref: refs\/heads\/(\S+)$/.exec(text);
            if (match)
                return match[1];
            if (/^[0-9a-f]{40}$/.test(text))
                return '';
        }
        catch {
            // a worktree or another layout: ask git
        }
        const result = await this.run(['symbolic-ref', '--short', '-q', 'HEAD'], {
            allowFailure: true,
        });
        return result.code === 0 ? result.stdout.trim() : '';
    }
    async head() {
        return this.resolveRef('HEAD');
    }
    /** Paths with uncommitted changes (porcelain), empty when clean. */
    async dirtyPaths() {
        const out = (await this.run(['status', '--porcelain', '--untracked-files=no'])).stdout;
        return out
            .split('\n')
            .filter((line) => line.trim() !== '')
            .map((line) => line.slice(3));
    }
    /**
     * Commit exactly `paths` with the identity as author and committer; returns the sha.
     * `tracked`: every path is already tracked, so no `git add` is needed first.
     */
    async commit(paths, message, identity, options = {}) {
        if (!options.tracked)
            await this.run(['add', '--', ...paths]);
        const env = {
            GIT_AUTHOR_NAME: identity.name,
            GIT_AUTHOR_EMAIL: identity.email,
            GIT_COMMITTER_NAME: identity.name,
            GIT_COMMITTER_EMAIL: identity.email,
        };
        await this.run(['commit', '--quiet', '--no-verify', '--file=-', '--', ...paths], {
            input: message,
            env,
        });
        return this.head();
    }
    /** Push HEAD to a branch, never forcing. A rejection because the remote moved is not thrown. */
    async push(url, branch) {
        const args = ['push', '--porcelain', '--', url, `HEAD:refs/heads/${branch}`];
        const result = await this.run(args, { allowFailure: true });
        const text = `${result.stdout}\n${result.stderr}`;
        if (result.code === 0)
            return { ok: true, rejected: false, detail: '' };
        const refLine = text.split('\n').find((line) => line.startsWith('!\t'));
        if (refLine &&
            /fetch first|non-fast-forward|failed to update ref|failed to lock|cannot lock|stale info|incorrect old value|reference already exists/i.test(text)) {
            return { ok: false, rejected: true, detail: refLine.split('\t').slice(2).join(' ').trim() };
        }
        if (/cannot lock ref|Unable to create .*\.lock/i.test(text)) {
            return { ok: false, rejected: true, detail: 'the remote branch was locked by another push' };
        }
        throw this.failure(args, result);
    }
    /** Unified diff between two commits (or commit and working tree when `to` is omitted). */
    async diff(from, to, paths = []) {
        const args = ['diff', '--no-color', '--no-ext-diff', from];
        if (to)
            args.push(to);
        args.push('--', ...paths);
        return (await this.run(args)).stdout;
    }
    /** The last commit before `tip` that touched `path`: who wrote what we build on. */
    async lastChange(tip, path) {
        const out = await this.text(['log', '-1', '--format=%H%x09%an%x09%s', tip, '--', path]);
        if (!out)
            return undefined;
        const [sha, author, ...subject] = out.split('\t');
        return { sha, author, subject: subject.join('\t') };
    }
}

// EXTERNAL MODULE: ./shared/duration.js
var duration = __webpack_require__(686);
// EXTERNAL MODULE: ../../node_modules/yaml/dist/index.js
var dist = __webpack_require__(3483);
// EXTERNAL MODULE: ./shared/key-path.js
var key_path = __webpack_require__(8891);
;// CONCATENATED MODULE: ./shared/yaml-edit.js
/**
 * Byte-minimal edits of YAML files. The `yaml` package parses the text with source ranges kept;
 * each edit replaces exactly the characters of one scalar (or inserts/removes one mapping pair)
 * in the ORIGINAL text, so comments, anchors, key order, quoting style, indentation, document
 * separators, CRLF line endings and the trailing newline stay byte for byte as they were.
 */



/** Parse every document of a YAML file; a syntax error throws a UserError with file:line:col. */
function parseYaml(text, path, options = {}) {
    const docs = (0,dist/* parseAllDocuments */.hR)(text, { prettyErrors: false, uniqueKeys: false });
    const list = (Array.isArray(docs) ? docs : []);
    const parsed = { path, text, docs: list, eol: '\n' };
    for (const doc of list) {
        const error = doc.errors[0];
        if (error) {
            const { line, col } = position(parsed, error.pos[0]);
            const reason = error.message.split('\n')[0].replace(/ at line \d+, column \d+.*$/, '');
            throw new errors/* UserError */.yo(`${path}:${line}:${col}: not valid YAML: ${reason}`);
        }
    }
    const maxExpanded = options.maxExpandedNodes ?? 10_000;
    for (const doc of list) {
        if (aliasExpansion(doc) > maxExpanded) {
            throw new errors/* UserError */.yo(`${path}: refused: its aliases expand to too many nodes (over ${maxExpanded}; a YAML alias bomb?)`);
        }
    }
    const newline = text.indexOf('\n');
    const eol = newline > 0 && text[newline - 1] === '\r' ? '\r\n' : '\n';
    parsed.eol = eol;
    return parsed;
}
/**
 * How many nodes a document would have with every alias expanded, counted in linear time
 * (each anchored node's expanded size is computed once), without expanding anything. Returns 0
 * for a document without aliases.
 */
function aliasExpansion(doc) {
    let aliases = 0;
    let written = 0;
    const sizes = new Map();
    const size = (node, depth) => {
        if (depth > 1000)
            return Number.POSITIVE_INFINITY;
        if ((0,dist/* isAlias */.Vj)(node)) {
            aliases++;
            const target = node.resolve(doc);
            if (!target)
                return 1;
            const known = sizes.get(target);
            if (known !== undefined)
                return known;
            return size(target, depth + 1);
        }
        const known = sizes.get(node);
        if (known !== undefined)
            return known;
        let total = 1;
        if ((0,dist/* isMap */.jh)(node)) {
            for (const pair of node.items)
                total += size(pair.key, depth + 1) + size(pair.value, depth + 1);
        }
        else if ((0,dist/* isSeq */.oP)(node)) {
            for (const item of node.items)
                total += size(item, depth + 1);
        }
        sizes.set(node, total);
        return total;
    };
    const total = size(doc.contents, 0);
    if (aliases === 0)
        return 0;
    for (const value of sizes.values())
        if (value >= 0)
            written++;
    return total > 10 * written ? total : 0;
}
/** `file:line` of an offset, for messages and annotations. */
function position(parsed, offset) {
    if (!parsed.lineStarts) {
        const starts = [0];
        for (let i = parsed.text.indexOf('\n'); i >= 0; i = parsed.text.indexOf('\n', i + 1)) {
            starts.push(i + 1);
        }
        parsed.lineStarts = starts;
    }
    const starts = parsed.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (starts[mid] <= offset)
            low = mid;
        else
            high = mid - 1;
    }
    return { line: low + 1, col: offset - starts[low] + 1 };
}
/** Follow an alias to the node its anchor names (so an edit lands on the anchored value). */
function resolveAlias(doc, node) {
    let current = node;
    for (let depth = 0; (0,dist/* isAlias */.Vj)(current) && depth < 32; depth++)
        current = current.resolve(doc);
    return current;
}
/** The value of `key` in a map (aliases followed), or undefined. */
function mapGet(doc, map, key) {
    const target = resolveAlias(doc, map);
    if (!(0,dist/* isMap */.jh)(target))
        return undefined;
    for (const pair of target.items) {
        const k = resolveAlias(doc, pair.key);
        if ((0,dist/* isScalar */.jn)(k) && String(k.value) === key)
            return resolveAlias(doc, pair.value);
    }
    return undefined;
}
/** The plain JS value of a scalar node, else undefined. */
function scalarValue(node) {
    return (0,dist/* isScalar */.jn)(node) ? node.value : undefined;
}
const PLAIN_START_FORBIDDEN = /^[[\]{},#&*!|>'"%@`]/;
/** Whether `value` written as a plain scalar reads back as exactly that string. */
function isPlainSafe(value, inFlow) {
    if (value === '' || value.trim() !== value || /[\n\r\t]/.test(value))
        return false;
    if (PLAIN_START_FORBIDDEN.test(value))
        return false;
    if (/^[-?:](\s|$)/.test(value))
        return false;
    if (/: |:$| #/.test(value))
        return false;
    if (inFlow && /[,[\]{}]/.test(value))
        return false;
    try {
        return (0,dist/* parse */.qg)(value) === value;
    }
    catch {
        return false;
    }
}
function doubleQuoted(value) {
    // JSON escapes (\" \\ \n \t \uXXXX …) are all valid YAML double-quoted escapes.
    return JSON.stringify(value);
}
/** Render a string in the style of the scalar it replaces (plain stays plain when safe). */
function renderString(value, style, inFlow) {
    switch (style) {
        case 'QUOTE_SINGLE':
            return /[\n\r]/.test(value) ? doubleQuoted(value) : `'${value.replace(/'/g, "''")}'`;
        case 'QUOTE_DOUBLE':
            return doubleQuoted(value);
        default:
            return isPlainSafe(value, inFlow) ? value : doubleQuoted(value);
    }
}
/** Collects edits against the original text of one file and applies them in one pass. */
class YamlEditor {
    parsed;
    edits = [];
    /** True once a pair was added or removed (not just a scalar replaced): worth re-parsing. */
    structural = false;
    constructor(parsed) {
        this.parsed = parsed;
    }
    get changed() {
        return this.edits.length > 0;
    }
    /**
     * Set a scalar to a new value in its own style. Returns the old value as text, or undefined
     * when the scalar already holds the value (nothing to do).
     */
    setScalar(node, value, inFlow) {
        const range = node.range;
        if (!range)
            throw new Error('scalar without source range');
        const intended = intendedValue(node, value);
        if (intended.same)
            return undefined;
        if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
            const { line } = position(this.parsed, range[0]);
            throw new errors/* UserError */.yo(`${this.parsed.path}:${line}: the value is a block scalar (| or >); write it as a plain or quoted scalar to let it be updated`);
        }
        let text = intended.text ?? renderString(intended.string, node.type, inFlow);
        let start = range[0];
        const end = range[1];
        if (node.source === '' && start === end && node.value === null) {
            // `key:` with nothing after it: insert after the colon with one space.
            text = ` ${text}`;
            if (this.parsed.text[start - 1] === ' ')
                text = text.slice(1);
            start = end;
        }
        this.add({ start, end, text });
        return { old: node.value === null ? 'null' : String(node.value) };
    }
    /** Append `key: value` as the last pair of a mapping (block or flow). */
    addPair(map, key, value) {
        this.structural = true;
        const text = this.parsed.text;
        const rendered = `${renderString(key, 'PLAIN', map.flow ?? false)}: `;
        if (map.flow) {
            const close = text.lastIndexOf('}', (map.range?.[1] ?? 0) - 1);
            if (close < 0)
                throw new Error('flow mapping without }');
            const empty = map.items.length === 0;
            let at = close;
            while (at > 0 && /[ \t\r\n]/.test(text[at - 1]))
                at--;
            this.add({
                start: at,
                end: at,
                text: `${empty ? '' : ', '}${rendered}${renderString(value, 'PLAIN', true)}`,
            });
            return;
        }
        const last = map.items[map.items.length - 1];
        const keyNode = last?.key;
        if (!last || !keyNode?.range)
            throw new Error('cannot add to an empty block mapping');
        const keyStart = keyNode.range[0];
        const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
        let indent = text.slice(lineStart, keyStart);
        if (!/^[ ]*$/.test(indent))
            indent = ' '.repeat(keyStart - lineStart); // `- key:` item
        const valueNode = last.value;
        const after = valueNode?.range ? valueNode.range[1] : keyNode.range[1];
        // Insert after the line that ends the last pair (its trailing comment included).
        let insertAt = text.indexOf('\n', Math.max(after - 1, keyStart));
        const line = `${indent}${rendered}${renderString(value, 'PLAIN', false)}`;
        if (insertAt < 0) {
            this.add({ start: text.length, end: text.length, text: `${this.parsed.eol}${line}` });
            return;
        }
        insertAt += 1;
        this.add({ start: insertAt, end: insertAt, text: `${line}${this.parsed.eol}` });
    }
    /** Remove a `key: value` pair from a block mapping (its whole line(s)). */
    removePair(doc, map, key) {
        const pair = map.items.find((item) => {
            const k = resolveAlias(doc, item.key);
            return (0,dist/* isScalar */.jn)(k) && String(k.value) === key;
        });
        if (!pair)
            return false;
        this.structural = true;
        const keyNode = pair.key;
        const valueNode = pair.value;
        if (map.flow || !keyNode.range) {
            const { line } = position(this.parsed, map.range?.[0] ?? 0);
            throw new errors/* UserError */.yo(`${this.parsed.path}:${line}: cannot remove '${key}' from a flow mapping; edit the file by hand once`);
        }
        const text = this.parsed.text;
        const start = text.lastIndexOf('\n', keyNode.range[0] - 1) + 1;
        if (text.slice(start, keyNode.range[0]).trim() !== '') {
            const { line } = position(this.parsed, keyNode.range[0]);
            throw new errors/* UserError */.yo(`${this.parsed.path}:${line}: cannot remove '${key}' when it shares its line with another key`);
        }
        const after = valueNode?.range ? valueNode.range[1] : keyNode.range[1];
        const newline = text.indexOf('\n', Math.max(after - 1, keyNode.range[0]));
        const end = newline < 0 ? text.length : newline + 1;
        this.add({ start, end, text: '' });
        return true;
    }
    add(edit) {
        const same = this.edits.find((e) => e.start === edit.start && e.end === edit.end);
        if (same) {
            if (same.text === edit.text)
                return;
            const { line } = position(this.parsed, edit.start);
            throw new errors/* UserError */.yo(`${this.parsed.path}:${line}: two requested changes write different values to the same place (an anchor shared by both?)`);
        }
        const overlap = this.edits.find((e) => edit.start < e.end && e.start < edit.end);
        if (overlap) {
            const { line } = position(this.parsed, edit.start);
            throw new errors/* UserError */.yo(`${this.parsed.path}:${line}: overlapping changes`);
        }
        this.edits.push(edit);
    }
    /** The new text: the original with every edit spliced in. */
    result() {
        const text = this.parsed.text;
        const sorted = [...this.edits].sort((a, b) => a.start - b.start || a.end - b.end);
        let out = '';
        let at = 0;
        for (const edit of sorted) {
            out += text.slice(at, edit.start) + edit.text;
            at = edit.end;
        }
        return out + text.slice(at);
    }
}
function intendedValue(node, value) {
    if (value.kind === 'string') {
        return { same: node.value === value.value, string: value.value };
    }
    // Typed: keep the type the file had when the new text reads as that type (replicas: 3 → 5,
    // enabled: false → true); otherwise it is a string.
    let parsed;
    try {
        parsed = (0,dist/* parse */.qg)(value.text);
    }
    catch {
        parsed = value.text;
    }
    const existing = node.value;
    if (existing !== null &&
        typeof existing !== 'string' &&
        typeof parsed === typeof existing &&
        node.type === 'PLAIN') {
        return { same: Object.is(parsed, existing), text: value.text };
    }
    return { same: existing === value.text, string: value.text };
}

;// CONCATENATED MODULE: ./update-gitops-manifest/value-edits.js
/**
 * `set` and `helm-values` requests: `file:key.path=value` on any YAML file, written in place
 * with the scalar's own style; a missing last key is appended to its mapping.
 */



function describeValueUpdate(update) {
    return `${update.file}:${(0,key_path/* formatKeyPath */.K)(update.path)}`;
}
/** Walk the path in one document; returns how far it got when it stops. */
function walk(doc, path) {
    let node = resolveAlias(doc, doc.contents);
    let inFlow = false;
    for (let i = 0; i < path.length; i++) {
        const segment = path[i];
        const last = i === path.length - 1;
        if ((0,dist/* isMap */.jh)(node)) {
            inFlow ||= Boolean(node.flow);
            const key = String(segment);
            const pair = node.items.find((item) => {
                const k = resolveAlias(doc, item.key);
                return (0,dist/* isScalar */.jn)(k) && String(k.value) === key;
            });
            if (!pair) {
                if (last)
                    return { found: { doc, node: undefined, parent: node, inFlow } };
                return { stoppedAt: i, reason: `has no key '${key}'` };
            }
            node = resolveAlias(doc, pair.value);
            continue;
        }
        if ((0,dist/* isSeq */.oP)(node)) {
            inFlow ||= Boolean(node.flow);
            if (typeof segment !== 'number') {
                return { stoppedAt: i, reason: `is a list; use an index like [0] instead of '${segment}'` };
            }
            if (segment >= node.items.length) {
                return { stoppedAt: i, reason: `has only ${node.items.length} items, no [${segment}]` };
            }
            node = resolveAlias(doc, node.items[segment]);
            continue;
        }
        return { stoppedAt: i, reason: 'is not a mapping or list' };
    }
    return { found: { doc, node, parent: undefined, inFlow } };
}
function applyValueUpdate(parsed, editor, update, changes) {
    const keyText = (0,key_path/* formatKeyPath */.K)(update.path);
    const request = describeValueUpdate(update);
    const results = parsed.docs.map((doc) => walk(doc, update.path));
    const existing = results.filter((r) => r.found && r.found.node !== undefined);
    const targets = existing.length > 0
        ? existing
        : results.filter((r) => r.found && r.found.node === undefined).slice(0, 1);
    if (targets.length === 0) {
        const best = results.reduce((a, b) => ((b.stoppedAt ?? -1) > (a.stoppedAt ?? -1) ? b : a), results[0] ?? { stoppedAt: 0, reason: 'is empty' });
        const where = best.stoppedAt && best.stoppedAt > 0
            ? `'${(0,key_path/* formatKeyPath */.K)(update.path.slice(0, best.stoppedAt))}' ${best.reason}`
            : `the document ${best.reason ?? 'is empty'}`;
        throw new errors/* UserError */.yo(`${update.input} ${request}: key not found in ${parsed.path}: ${where}`);
    }
    for (const target of targets) {
        const found = target.found;
        if (found.node === undefined) {
            const map = found.parent;
            if (!(0,dist/* isMap */.jh)(map))
                continue;
            editor.addPair(map, String(update.path[update.path.length - 1]), update.value);
            changes.push({
                file: parsed.path,
                line: position(parsed, map.range?.[0] ?? 0).line,
                target: keyText,
                old: '(none)',
                new: update.value,
                request,
            });
            continue;
        }
        if (!(0,dist/* isScalar */.jn)(found.node)) {
            const what = (0,dist/* isMap */.jh)(found.node) ? 'a mapping' : (0,dist/* isSeq */.oP)(found.node) ? 'a list' : 'not a value';
            throw new errors/* UserError */.yo(`${update.input} ${request}: ${parsed.path} has ${what} at '${keyText}'; name a key that holds a single value`);
        }
        const node = found.node;
        if (!editor.setScalar(node, { kind: 'typed', text: update.value }, found.inFlow))
            continue;
        changes.push({
            file: parsed.path,
            line: position(parsed, node.range?.[0] ?? 0).line,
            target: keyText,
            old: node.value === null ? 'null' : String(node.value),
            new: update.value,
            request,
        });
    }
}

;// CONCATENATED MODULE: ./update-gitops-manifest/commit-message.js

/** `ghcr.io/acme/api to v1.2.3, values.yaml:image.tag to 1.2.3` */
function describeRequests(context) {
    return [
        ...context.images.map((image) => `${image.name} to ${image.ref}`),
        ...context.values.map((value) => `${describeValueUpdate(value)} to ${value.value}`),
    ].join(', ');
}
function placeholders(context) {
    return {
        image: context.images.map((image) => image.name).join(', '),
        ref: context.images.map((image) => image.ref).join(', '),
        changes: describeRequests(context),
        'source-repository': context.source.repository,
        sha: context.source.sha,
        'short-sha': context.source.sha.slice(0, 7),
        'run-url': context.source.runUrl,
        branch: context.branch,
        repository: context.repository,
    };
}
/**
 * Fill a template. Unknown {names} stay as written; a line whose placeholders all came out empty
 * (e.g. `Run: {run-url}` outside Actions) is dropped rather than left dangling.
 */
function renderTemplate(template, values) {
    const lines = template.replace(/\r\n/g, '\n').split('\n');
    const out = [];
    for (const line of lines) {
        let used = 0;
        let empty = 0;
        const rendered = line.replace(/\{([a-z-]+)\}/g, (whole, name) => {
            if (!(name in values))
                return whole;
            used++;
            if (!values[name])
                empty++;
            return values[name];
        });
        if (used > 0 && used === empty)
            continue;
        out.push(rendered.replace(/@\s*$/, ''));
    }
    return out
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim();
}
function commitMessage(template, trailers, context) {
    const body = renderTemplate(template, placeholders(context));
    return `${body}${trailers.length ? `\n\n${trailers.join('\n')}` : ''}\n`;
}

;// CONCATENATED MODULE: ./update-gitops-manifest/checkout-files.js
/**
 * Files of the checkout: listing YAML files by glob, and resolving a named file so that it can
 * never lead outside the checkout (`..`, absolute paths and symlinks that escape are refused).
 */



/** Compile a glob (`**`, `*`, `?`, `{a,b}`, `[abc]`) over `/`-separated relative paths. */
function globToRegExp(glob) {
    let pattern = glob.trim().replace(/^\.\//, '');
    if (pattern.endsWith('/'))
        pattern += '**';
    let out = '';
    let braces = 0;
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === '*') {
            if (pattern[i + 1] === '*') {
                const slashBefore = i === 0 || pattern[i - 1] === '/';
                const slashAfter = pattern[i + 2] === '/';
                if (slashBefore && slashAfter) {
                    out += '(?:[^/]+/)*';
                    i += 2;
                }
                else {
                    out += '.*';
                    i += 1;
                }
            }
            else {
                out += '[^/]*';
            }
        }
        else if (c === '?')
            out += '[^/]';
        else if (c === '{') {
            braces++;
            out += '(?:';
        }
        else if (c === '}' && braces > 0) {
            braces--;
            out += ')';
        }
        else if (c === ',' && braces > 0)
            out += '|';
        else if (c === '[') {
            const end = pattern.indexOf(']', i + 1);
            if (end < 0)
                out += '\\[';
            else {
                out += `[${pattern
                    .slice(i + 1, end)
                    .replace(/^!/, '^')
                    .replace(/\\/g, '\\\\')}]`;
                i = end;
            }
        }
        else
            out += c.replace(/[.+^$()|\\\]]/g, '\\$&');
    }
    return new RegExp(`^${out}$`);
}
/** Globs as given in `files` (a leading `!` excludes); default every YAML file. */
function fileFilter(globs) {
    const include = [];
    const exclude = [];
    for (const glob of globs) {
        if (glob.startsWith('!'))
            exclude.push(globToRegExp(glob.slice(1)));
        else
            include.push(globToRegExp(glob));
    }
    if (include.length === 0)
        include.push(globToRegExp('**'));
    return { include, exclude };
}
const YAML_FILE = /\.ya?ml$/i;
/**
 * Every `.yaml`/`.yml` file of the checkout that matches the filter. `.git` is never entered,
 * symlinked directories are not followed, and a symlinked file counts only when its target is
 * inside the checkout.
 */
async function listYamlFiles(root, filter, maxFileSize) {
    const realRoot = await external_node_fs_.promises.realpath(root);
    const files = [];
    const skipped = [];
    // Synchronous on purpose: for thousands of small entries it is several times faster than
    // promises (no thread-pool round trip per call), and nothing else runs meanwhile.
    const walk = (dir, rel) => {
        for (const entry of (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true })) {
            const path = rel ? `${rel}/${entry.name}` : entry.name;
            const absolute = (0,external_node_path_.join)(dir, entry.name);
            if (entry.isDirectory()) {
                if (entry.name !== '.git')
                    walk(absolute, path);
                continue;
            }
            if (!YAML_FILE.test(entry.name))
                continue;
            if (!filter.include.some((re) => re.test(path)))
                continue;
            if (filter.exclude.some((re) => re.test(path)))
                continue;
            if (!entry.isFile() && !entry.isSymbolicLink())
                continue;
            let target = absolute;
            if (entry.isSymbolicLink()) {
                try {
                    target = (0,external_node_fs_.realpathSync)(absolute);
                }
                catch {
                    skipped.push(`${path}: a broken symlink`);
                    continue;
                }
                if (!isInside(realRoot, target)) {
                    skipped.push(`${path}: a symlink to outside the checkout`);
                    continue;
                }
            }
            const stat = (0,external_node_fs_.statSync)(target);
            if (!stat.isFile())
                continue;
            if (stat.size > maxFileSize) {
                skipped.push(`${path}: ${stat.size} bytes, over the limit of ${maxFileSize}`);
                continue;
            }
            files.push({ path, absolute: target, size: stat.size });
        }
    };
    walk(realRoot, '');
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    skipped.sort();
    return { files, skipped };
}
function isInside(root, path) {
    const rel = (0,external_node_path_.relative)(root, path);
    return rel === '' || (!rel.startsWith(`..${external_node_path_.sep}`) && rel !== '..' && !(0,external_node_path_.isAbsolute)(rel));
}
/**
 * Resolve a file named in an input to its real path inside the checkout, or throw a UserError.
 * `what` names the request for the message (e.g. `set 'values.yaml:image.tag'`).
 */
async function resolveInCheckout(root, file, what, maxFileSize) {
    if ((0,external_node_path_.isAbsolute)(file) || file.includes('\0')) {
        throw new errors/* UserError */.yo(`${what}: '${file}' must be a path relative to the checkout`);
    }
    const normal = external_node_path_.posix.normalize(file.replace(/\\/g, '/'));
    if (normal === '..' || normal.startsWith('../')) {
        throw new errors/* UserError */.yo(`${what}: '${file}' leads outside the checkout; '..' is not allowed`);
    }
    if (normal.split('/').includes('.git')) {
        throw new errors/* UserError */.yo(`${what}: '${file}' is inside .git; refused`);
    }
    const realRoot = await external_node_fs_.promises.realpath(root);
    const candidate = (0,external_node_path_.resolve)(realRoot, normal);
    let real;
    try {
        real = await external_node_fs_.promises.realpath(candidate);
    }
    catch {
        throw new errors/* UserError */.yo(`${what}: '${file}' does not exist in the checkout`);
    }
    if (!isInside(realRoot, real)) {
        throw new errors/* UserError */.yo(`${what}: '${file}' is a symlink leading outside the checkout; refused`);
    }
    const stat = await external_node_fs_.promises.stat(real);
    if (!stat.isFile())
        throw new errors/* UserError */.yo(`${what}: '${file}' is not a file`);
    if (stat.size > maxFileSize) {
        throw new errors/* UserError */.yo(`${what}: '${file}' is ${stat.size} bytes, over the limit of ${maxFileSize}; refused`);
    }
    return { path: normal, absolute: real, size: stat.size };
}

// EXTERNAL MODULE: ./shared/image-ref.js
var image_ref = __webpack_require__(6901);
;// CONCATENATED MODULE: ./update-gitops-manifest/image-edits.js
/**
 * Finds the container images of workload manifests and kustomization `images:` entries in a
 * parsed YAML file and records byte-minimal edits that point them at a new reference.
 */



/** Workload kinds and where their pod spec sits. */
const POD_SPEC_PATHS = {
    Pod: ['spec'],
    Deployment: ['spec', 'template', 'spec'],
    StatefulSet: ['spec', 'template', 'spec'],
    DaemonSet: ['spec', 'template', 'spec'],
    ReplicaSet: ['spec', 'template', 'spec'],
    Job: ['spec', 'template', 'spec'],
    CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    Rollout: ['spec', 'template', 'spec'],
};
function isRollout(doc, root) {
    const apiVersion = scalarValue(mapGet(doc, root, 'apiVersion'));
    return typeof apiVersion === 'string' && apiVersion.startsWith('argoproj.io/');
}
function canonicalOf(text) {
    if (typeof text !== 'string')
        return undefined;
    const ref = (0,image_ref/* parseImageRef */.Q)(text);
    return ref ? (0,image_ref/* canonicalName */.Ew)(ref) : undefined;
}
function matches(canonical, update) {
    return (canonical !== undefined && (canonical === update.canonical || canonical === update.newCanonical));
}
/** The new image string for a container image `current` under `update`, or undefined. */
function newImageFor(current, update) {
    const ref = (0,image_ref/* parseImageRef */.Q)(current);
    if (!ref || !matches((0,image_ref/* canonicalName */.Ew)(ref), update))
        return undefined;
    const base = update.newName ?? ref.name;
    return `${base}${update.tag ? `:${update.tag}` : ''}${update.digest ? `@${update.digest}` : ''}`;
}
function scanImages(parsed, editor, updates, scan, fileName) {
    for (const doc of parsed.docs) {
        visitObject(doc, doc.contents, false);
    }
    function visitObject(doc, root, inFlow) {
        const node = resolveAlias(doc, root);
        if (!(0,dist/* isMap */.jh)(node))
            return;
        const flow = inFlow || Boolean(node.flow);
        const kind = scalarValue(mapGet(doc, node, 'kind'));
        if (kind === 'List') {
            const items = mapGet(doc, node, 'items');
            if ((0,dist/* isSeq */.oP)(items))
                for (const item of items.items)
                    visitObject(doc, item, flow || !!items.flow);
            return;
        }
        if (kind === 'Kustomization' ||
            (kind === undefined && /^kustomization\.ya?ml$/i.test(fileName))) {
            visitKustomization(doc, node, flow);
            return;
        }
        if (typeof kind !== 'string' || !(kind in POD_SPEC_PATHS))
            return;
        if (kind === 'Rollout' && !isRollout(doc, node))
            return;
        let spec = node;
        let specFlow = flow;
        for (const key of POD_SPEC_PATHS[kind]) {
            spec = mapGet(doc, spec, key);
            if ((0,dist/* isMap */.jh)(spec) && spec.flow)
                specFlow = true;
        }
        if (!(0,dist/* isMap */.jh)(spec))
            return;
        const name = scalarValue(mapGet(doc, mapGet(doc, node, 'metadata'), 'name'));
        const owner = `${kind}/${typeof name === 'string' ? name : '?'}`;
        for (const listKey of ['initContainers', 'containers']) {
            const list = mapGet(doc, spec, listKey);
            if (!(0,dist/* isSeq */.oP)(list))
                continue;
            const listFlow = specFlow || Boolean(list.flow);
            list.items.forEach((item, index) => {
                const container = resolveAlias(doc, item);
                if (!(0,dist/* isMap */.jh)(container))
                    return;
                const containerName = scalarValue(mapGet(doc, container, 'name'));
                const image = mapGet(doc, container, 'image');
                if (!(0,dist/* isScalar */.jn)(image) || typeof image.value !== 'string')
                    return;
                scan.seen.add(image.value);
                const label = typeof containerName === 'string' ? containerName : `${listKey}[${index}]`;
                const kindLabel = listKey === 'initContainers' ? 'initContainer' : 'container';
                for (const update of updates) {
                    const next = newImageFor(image.value, update);
                    if (next === undefined)
                        continue;
                    count(update);
                    record(image, next, `${owner} ${kindLabel} ${label} image`, update.name, listFlow || !!container.flow);
                }
            });
        }
    }
    function visitKustomization(doc, root, inFlow) {
        const images = mapGet(doc, root, 'images');
        if (!(0,dist/* isSeq */.oP)(images))
            return;
        for (const item of images.items) {
            const entry = resolveAlias(doc, item);
            if (!(0,dist/* isMap */.jh)(entry))
                continue;
            const flow = inFlow || Boolean(images.flow) || Boolean(entry.flow);
            const name = scalarValue(mapGet(doc, entry, 'name'));
            const newName = scalarValue(mapGet(doc, entry, 'newName'));
            if (typeof name === 'string')
                scan.seen.add(name);
            if (typeof newName === 'string')
                scan.seen.add(newName);
            for (const update of updates) {
                const byName = matches(canonicalOf(name), update);
                const byNewName = matches(canonicalOf(newName), update);
                if (!byName && !byNewName)
                    continue;
                count(update);
                const label = `kustomization image ${typeof name === 'string' ? name : '?'}`;
                setKey(doc, entry, 'newName', update.newName, label, update, flow);
                if (update.tag !== undefined)
                    setKey(doc, entry, 'newTag', update.tag, label, update, flow);
                if (update.digest !== undefined) {
                    setKey(doc, entry, 'digest', update.digest, label, update, flow);
                }
                else if (mapGet(doc, entry, 'digest') !== undefined) {
                    // A digest wins over newTag in kustomize: a tag-only bump must drop the old digest.
                    const old = mapGet(doc, entry, 'digest');
                    const line = lineOf(entry.range?.[0] ?? 0);
                    if (editor)
                        editor.removePair(doc, entry, 'digest');
                    scan.changes.push({
                        file: parsed.path,
                        line,
                        target: `${label} digest`,
                        old: String(scalarValue(old) ?? ''),
                        new: '(removed)',
                        request: update.name,
                    });
                }
            }
        }
    }
    function setKey(doc, entry, key, value, label, update, flow) {
        if (value === undefined)
            return;
        const node = mapGet(doc, entry, key);
        if ((0,dist/* isScalar */.jn)(node)) {
            record(node, value, `${label} ${key}`, update.name, flow);
            return;
        }
        if (node !== undefined)
            return;
        if (editor)
            editor.addPair(entry, key, value);
        scan.changes.push({
            file: parsed.path,
            line: lineOf(entry.range?.[0] ?? 0),
            target: `${label} ${key}`,
            old: '(none)',
            new: value,
            request: update.name,
        });
    }
    function record(node, value, target, request, inFlow) {
        const old = node.value;
        if (old === value)
            return;
        if (editor)
            editor.setScalar(node, { kind: 'string', value }, inFlow);
        scan.changes.push({
            file: parsed.path,
            line: lineOf(node.range?.[0] ?? 0),
            target,
            old: String(old),
            new: value,
            request,
        });
    }
    function count(update) {
        scan.matched.set(update.name, (scan.matched.get(update.name) ?? 0) + 1);
    }
    function lineOf(offset) {
        return position(parsed, offset).line;
    }
}

;// CONCATENATED MODULE: ./update-gitops-manifest/edit-plan.js
/**
 * Works out every edit the requests make to a checkout (without git): which files change, how,
 * and what each change was. Applied from scratch on each fresh tip by the push loop.
 */







/** The last path component of an image repository: a file without it cannot mention the image. */
function needle(update) {
    const parts = update.canonical.split('/');
    return parts[parts.length - 1];
}
function looksTemplated(text) {
    return text.includes('{{');
}
async function planEdits(root, spec) {
    const changes = [];
    const edits = new Map();
    const parsedCache = new Map();
    const skipped = [];
    const load = async (file) => {
        let entry = edits.get(file.path);
        if (!entry) {
            const text = await external_node_fs_.promises.readFile(file.absolute, 'utf8');
            entry = { file, text };
            edits.set(file.path, entry);
        }
        return entry;
    };
    const parse = (entry) => {
        let parsed = parsedCache.get(entry.file.path);
        if (!parsed) {
            parsed = parseYaml(entry.text, entry.file.path, { maxExpandedNodes: spec.maxExpandedNodes });
            parsedCache.set(entry.file.path, parsed);
        }
        return parsed;
    };
    const editorFor = (entry) => {
        entry.editor ??= new YamlEditor(parse(entry));
        return entry.editor;
    };
    const scan = { changes, matched: new Map(), seen: new Set() };
    const valueFiles = new Set(spec.values.map((value) => external_node_path_.posix.normalize(value.file)));
    let listing = [];
    if (spec.images.length > 0) {
        const listed = await listYamlFiles(root, fileFilter(spec.files), spec.maxFileSize);
        listing = listed.files;
        skipped.push(...listed.skipped);
        const needles = spec.images.map(needle);
        // Synchronous reads: thousands of small files go faster without the thread-pool hops.
        const candidates = listing.map((file) => {
            const text = (0,external_node_fs_.readFileSync)(file.absolute, 'utf8');
            return needles.some((n) => text.includes(n)) ? { file, text } : undefined;
        });
        for (const candidate of candidates) {
            if (!candidate)
                continue;
            let parsed;
            try {
                parsed = parse(candidate);
            }
            catch (error) {
                // A Helm/Go template is not YAML until rendered: pass it over, say so. Anything else
                // that does not parse is an error (file:line), and nothing gets committed.
                if (!looksTemplated(candidate.text))
                    throw error;
                skipped.push(`${candidate.file.path}: a template ({{ … }}), not plain YAML`);
                continue;
            }
            edits.set(candidate.file.path, candidate);
            const entry = edits.get(candidate.file.path);
            entry.editor = new YamlEditor(parsed);
            scanImages(parsed, entry.editor, spec.images, scan, baseName(entry.file.path));
            if (!valueFiles.has(entry.file.path)) {
                // Only the text and the collected edits are needed from here on: let the tree go
                // (thousands of parsed files held at once cost more in GC than they are worth).
                parsed.docs = [];
                parsedCache.delete(entry.file.path);
                if (!entry.editor.changed)
                    edits.delete(entry.file.path);
            }
        }
        const unmatched = spec.images.filter((update) => !scan.matched.get(update.name));
        if (unmatched.length > 0) {
            throw new errors/* UserError */.yo(await unmatchedMessage(unmatched, listing, spec));
        }
    }
    for (const update of spec.values) {
        const file = await resolveInCheckout(root, update.file, `${update.input} '${describeValueUpdate(update)}'`, spec.maxFileSize);
        const entry = await load(file);
        applyValueUpdate(parse(entry), editorFor(entry), update, changes);
    }
    const files = [];
    for (const entry of edits.values()) {
        if (!entry.editor?.changed)
            continue;
        const after = entry.editor.result();
        if (after === entry.text)
            continue;
        // Scalar swaps are rendered safe by construction; added/removed lines get re-parsed.
        if (entry.editor.structural)
            verify(entry.file.path, after, spec);
        files.push({ path: entry.file.path, absolute: entry.file.absolute, before: entry.text, after });
    }
    files.sort((a, b) => (a.path < b.path ? -1 : 1));
    return { files, changes, matched: Object.fromEntries(scan.matched), skipped };
}
function baseName(path) {
    return path.slice(path.lastIndexOf('/') + 1);
}
/** The edited text must parse; a broken edit is a bug, never something to commit. */
function verify(path, after, spec) {
    try {
        parseYaml(after, path, { maxExpandedNodes: spec.maxExpandedNodes });
    }
    catch (error) {
        throw new Error(`internal error: the edit of ${path} would not parse: ${String(error)}`);
    }
}
async function unmatchedMessage(unmatched, listing, spec) {
    const seen = new Set();
    const scan = { changes: [], matched: new Map(), seen };
    for (const file of listing) {
        const text = await external_node_fs_.promises.readFile(file.absolute, 'utf8');
        try {
            const parsed = parseYaml(text, file.path, { maxExpandedNodes: spec.maxExpandedNodes });
            scanImages(parsed, undefined, [], scan, baseName(file.path));
        }
        catch {
            // a broken file unrelated to the request is not this error's subject
        }
    }
    const names = unmatched.map((u) => `'${u.name}'`).join(', ');
    const list = [...seen].sort();
    const shown = list.slice(0, 50).join(', ');
    const where = spec.files.length > 0 ? ` (files: ${spec.files.join(', ')})` : '';
    return (`images: ${names} matched no container, initContainer or kustomization image in ${listing.length} YAML files${where}. ` +
        (list.length > 0
            ? `Images seen: ${shown}${list.length > 50 ? ` … and ${list.length - 50} more` : ''}`
            : 'No images were seen at all; check `files` and `path`.'));
}
/** Write the planned files (through the real paths checked to be inside the checkout). */
async function writeEdits(plan) {
    let next = 0;
    const worker = async () => {
        while (next < plan.files.length) {
            const file = plan.files[next++];
            await external_node_fs_.promises.writeFile(file.absolute, file.after, 'utf8');
        }
    };
    await Promise.all(Array.from({ length: Math.min(16, plan.files.length) }, worker));
}

;// CONCATENATED MODULE: ./update-gitops-manifest/summary.js
const cell = (text) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text) => `\`${cell(text).replace(/`/g, "'")}\``;
function renderSummary(result, config) {
    const lines = [];
    const short = result.commitSha.slice(0, 7);
    const commit = result.commitUrl ? `[${short}](${result.commitUrl})` : code(short);
    const where = `${result.repository} ${code(result.branch)}`;
    if (!result.changed) {
        lines.push(result.pullRequestUrl
            ? `### ✅ No new changes: pull request [#${result.pullRequestNumber}](${result.pullRequestUrl}) already has them`
            : `### ✅ No change: everything already matches on ${where}`);
    }
    else if (config.mode === 'dry-run') {
        lines.push(`### 🔍 Dry run: ${result.changes.length} change(s) in ${result.files.length} file(s) of ${where} (nothing committed)`);
    }
    else if (config.mode === 'pull-request') {
        lines.push(`### ✅ Pull request [#${result.pullRequestNumber}](${result.pullRequestUrl}) into ${where}: ${result.changes.length} change(s), commit ${commit}`);
    }
    else {
        lines.push(`### ✅ Pushed ${commit} to ${where}: ${result.changes.length} change(s) in ${result.files.length} file(s)` +
            (result.attempts > 1 ? ` (attempt ${result.attempts})` : ''));
    }
    if (result.changes.length > 0) {
        lines.push('', '| File | Line | What | Old | New |', '|---|---|---|---|---|');
        for (const change of result.changes) {
            lines.push(`| ${code(change.file)} | ${change.line} | ${cell(change.target)} | ${code(change.old)} | ${code(change.new)} |`);
        }
    }
    if (result.builtOn.length > 0) {
        lines.push('', '**Built on changes made by others since this run started:**', '');
        for (const entry of result.builtOn) {
            const who = entry.commit
                ? `${entry.commit.sha.slice(0, 7)} by ${cell(entry.commit.author)} (“${cell(entry.commit.subject)}”)`
                : 'another writer';
            lines.push(`- ${code(entry.file)} ${cell(entry.target)}: ${code(entry.before)} was changed to ${code(entry.theirs)} by ${who}; our value was applied on top of theirs`);
        }
    }
    if (config.mode === 'dry-run' && result.diff) {
        const limit = 20_000;
        const diff = result.diff.length > limit ? `${result.diff.slice(0, limit)}\n… (truncated)` : result.diff;
        lines.push('', '<details><summary>Diff</summary>', '', '```diff', diff.replace(/```/g, "'''").trimEnd(), '```', '', '</details>');
    }
    if (result.skipped.length > 0) {
        lines.push('', `<details><summary>${result.skipped.length} file(s) skipped</summary>`, '');
        for (const skipped of result.skipped.slice(0, 50))
            lines.push(`- ${cell(skipped)}`);
        lines.push('', '</details>');
    }
    return `${lines.join('\n')}\n`;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./update-gitops-manifest/inputs.js
var inputs = __webpack_require__(138);
;// CONCATENATED MODULE: ./update-gitops-manifest/workspace.js
/**
 * Where the edits happen: a fresh clone in a private temp dir (default), or the checkout the
 * workflow already made (`path`), which must be clean and is put back on its branch afterwards.
 */






async function defaultBranch(git, url) {
    const out = await git.text(['ls-remote', '--symref', '--', url, 'HEAD']);
    const match = /^ref: refs\/heads\/(\S+)\tHEAD$/m.exec(out);
    if (!match)
        throw new errors/* UserError */.yo(`cannot tell the default branch of ${url}; set input 'branch'`);
    return match[1];
}
async function openWorkspace(config, exec, log) {
    if (config.path)
        return openCheckout(config, config.path, exec, log);
    const parent = process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)();
    const dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(parent, 'oasis-gitops-'));
    const repository = config.repository;
    const cleanup = () => external_node_fs_.promises.rm(dir, { recursive: true, force: true });
    try {
        const git = await Git.clone(repository.url, (0,external_node_path_.join)(dir, 'repo'), {
            exec,
            token: config.token,
            branch: config.branch,
            timeoutMs: config.timeoutMs,
        });
        const branch = config.branch ?? (await git.currentBranch());
        if (!branch)
            throw new errors/* UserError */.yo(`${repository.display} has no branch to update; set input 'branch'`);
        log(`Cloned ${repository.display} (${branch})`);
        return { git, root: git.cwd, repository, branch, cloned: true, finish: cleanup };
    }
    catch (error) {
        await cleanup();
        throw error;
    }
}
async function openCheckout(config, path, exec, log) {
    const root = (0,external_node_path_.resolve)(path);
    const probe = new Git({ cwd: root, exec });
    const inside = await probe.run(['rev-parse', '--show-toplevel'], { allowFailure: true });
    if (inside.code !== 0) {
        throw new errors/* UserError */.yo(`input 'path': '${path}' is not a git checkout`);
    }
    let repository = config.repository;
    if (!repository) {
        const origin = await probe.run(['remote', 'get-url', 'origin'], { allowFailure: true });
        if (origin.code !== 0) {
            throw new errors/* UserError */.yo(`input 'path': the checkout has no 'origin' remote; set input 'repository'`);
        }
        repository = (0,inputs/* parseRepository */.SU)(origin.stdout.trim());
    }
    const git = new Git({
        cwd: root,
        exec,
        token: config.token,
        remoteUrl: repository.url,
        timeoutMs: config.timeoutMs,
    });
    const dirty = await git.dirtyPaths();
    if (dirty.length > 0) {
        throw new errors/* UserError */.yo(`input 'path': the checkout has uncommitted changes (${dirty.slice(0, 5).join(', ')}); commit or discard them first`);
    }
    const original = await git.currentBranch();
    const originalSha = await git.head().catch(() => '');
    const branch = config.branch ?? (original || (await defaultBranch(git, repository.url)));
    log(`Using the checkout in ${path} (${repository.display}, ${branch})`);
    return {
        git,
        root,
        repository,
        branch,
        cloned: false,
        async finish({ landed }) {
            // Fast-forward the local branch to what landed when that loses nothing; else go back.
            if (landed && original === branch) {
                const ff = await git.run(['merge-base', '--is-ancestor', originalSha, landed], {
                    allowFailure: true,
                });
                if (ff.code === 0) {
                    await git.run(['checkout', '--quiet', '--force', '-B', branch, landed]);
                    return;
                }
                log(`The local branch ${branch} has commits of its own; left as it was`);
            }
            if (original)
                await git.run(['checkout', '--quiet', '--force', original]);
            else if (originalSha)
                await git.run(['checkout', '--quiet', '--force', '--detach', originalSha]);
        },
    };
}

;// CONCATENATED MODULE: ./update-gitops-manifest/update-gitops-manifest.js
/**
 * update-gitops-manifest: bump images and values in a GitOps repository with byte-minimal edits,
 * and land the commit without ever losing a concurrent update: fetch, apply the edits from scratch
 * on the fresh tip, commit, push; on rejection re-fetch and re-apply (jittered, bounded by a
 * deadline); never force. Or open/update a pull request, or only show the diff (dry-run).
 */










function editSpec(config) {
    return {
        images: config.images,
        values: config.values,
        files: config.files,
        maxFileSize: config.maxFileSize,
        maxExpandedNodes: config.maxExpandedNodes,
    };
}
const changeKey = (change) => `${change.file}\u0000${change.target}`;
async function updateGitopsManifest(config, ports = {}) {
    const log = ports.log ?? ((line) => core/* info */.pq(line));
    // The header git sends carries the token base64-encoded: mask that form too.
    if (config.token)
        core/* setSecret */.Pq(authHeader(config.token).split(' ')[2]);
    const workspace = await openWorkspace(config, ports.exec, log);
    let landed;
    try {
        const result = config.mode === 'pull-request'
            ? await pullRequestMode(config, workspace, ports, log)
            : await pushMode(config, workspace, ports, log);
        if (config.mode === 'push' && result.changed)
            landed = result.commitSha;
        result.summary = renderSummary(result, config);
        return result;
    }
    finally {
        await workspace.finish({ landed });
    }
}
/**
 * The loop: take the fresh tip (`fetchBranch`), apply the edits from scratch on it, commit, push
 * to `pushBranch` without force; on rejection wait (jittered) and start over from a new fetch,
 * until `maxAttempts` or the deadline. Returns `unchanged` when the edits change nothing on the
 * tip (already up to date, or someone else already set our values).
 */
async function land(config, workspace, ports, log, target, context) {
    const clock = ports.clock ?? shared_clock/* systemClock */.m;
    const random = ports.random ?? Math.random;
    const { git } = workspace;
    const deadline = clock.now() + config.timeoutMs;
    const started = clock.now();
    const first = new Map();
    let cycleMs = 0;
    for (let attempt = 1;; attempt++) {
        const cycleStart = clock.now();
        const fresh = attempt === 1 && target.firstTip;
        const tip = fresh ? await target.firstTip() : await target.fetchBranch();
        if (!fresh)
            await git.checkoutDetached(tip);
        const plan = await planEdits(workspace.root, editSpec(config));
        const builtOn = [];
        if (attempt === 1) {
            for (const change of plan.changes)
                first.set(changeKey(change), change.old);
        }
        else {
            for (const change of plan.changes) {
                const before = first.get(changeKey(change));
                if (before !== undefined && before !== change.old) {
                    builtOn.push({
                        file: change.file,
                        target: change.target,
                        before,
                        theirs: change.old,
                        commit: await git.lastChange(tip, change.file),
                    });
                }
            }
        }
        if (plan.files.length === 0) {
            return { unchanged: true, plan, tip, attempts: attempt, builtOn };
        }
        await writeEdits(plan);
        const paths = plan.files.map((file) => file.path);
        if (target.dryRun) {
            const diff = await git.diff('HEAD', undefined, paths);
            await git.checkoutDetached(tip);
            return { plan, tip, sha: '', attempts: attempt, builtOn, diff };
        }
        const sha = await git.commit(paths, commitMessage(config.commit.message, config.commit.trailers, context), config.commit.author, { tracked: workspace.cloned });
        await ports.beforePush?.(attempt);
        const outcome = await git.push(workspace.repository.url, target.pushBranch);
        if (outcome.ok) {
            for (const entry of builtOn) {
                const who = entry.commit
                    ? ` by ${entry.commit.author} (${entry.commit.sha.slice(0, 7)} ${entry.commit.subject})`
                    : '';
                log(`${entry.file} ${entry.target}: built on a change${who}: ${entry.before} → ${entry.theirs}, now ${plan.changes.find((c) => changeKey(c) === `${entry.file}\u0000${entry.target}`)?.new}`);
            }
            log(`Pushed ${sha.slice(0, 7)} to ${target.pushBranch} on attempt ${attempt} after ${(0,duration/* formatDuration */.a)(clock.now() - started)}`);
            const diff = await git.diff(tip, sha);
            return { plan, tip, sha, attempts: attempt, builtOn, diff };
        }
        // Contention backoff: a rejection means another writer landed. Spread the retries over a
        // window of 1, 2, then 4 cycles (a cycle = how long one fetch-apply-push takes here, so it
        // adapts to a slow remote or a busy machine), with full jitter. Measured with 20 writers:
        // wider windows (up to 16 cycles) doubled p95 time-to-land; narrower ones wasted attempts.
        cycleMs = cycleMs ? (cycleMs + (clock.now() - cycleStart)) / 2 : clock.now() - cycleStart;
        const wait = contentionBackoff(attempt, cycleMs, random);
        if (attempt >= config.maxAttempts || clock.now() + wait > deadline) {
            throw new errors/* UserError */.yo(`gave up after ${attempt} attempts in ${(0,duration/* formatDuration */.a)(clock.now() - started)}: ${target.pushBranch} kept moving (${outcome.detail}); nothing was force-pushed. Raise 'timeout' or 'max-attempts', or serialize the writers`);
        }
        log(`Attempt ${attempt}: push rejected (${outcome.detail}); ${target.pushBranch} moved on, re-applying on the new tip in ${(0,duration/* formatDuration */.a)(wait)}`);
        await clock.sleep(wait);
    }
}
/** Milliseconds to wait after the `attempt`-th rejected push, given one cycle's duration. */
function contentionBackoff(attempt, cycleMs, random) {
    const unit = Math.min(Math.max(cycleMs, 50), 2000);
    const window = unit * Math.min(2 ** (attempt - 1), 4);
    return Math.round(random() * Math.min(window, 5_000));
}
function messageContext(config, workspace, branch) {
    return {
        images: config.images,
        values: config.values,
        source: config.source,
        branch,
        repository: workspace.repository.display,
    };
}
function commitUrl(workspace, sha) {
    const repo = workspace.repository;
    if (!sha || !repo.owner || !repo.name || !/^https?:/.test(repo.url))
        return undefined;
    const origin = new URL(repo.url).origin;
    return `${origin}/${repo.owner}/${repo.name}/commit/${sha}`;
}
async function pushMode(config, workspace, ports, log) {
    const { git, branch } = workspace;
    const outcome = await land(config, workspace, ports, log, {
        fetchBranch: () => git.fetchBranch(workspace.repository.url, branch),
        firstTip: workspace.cloned ? () => git.head() : undefined,
        pushBranch: branch,
        dryRun: config.mode === 'dry-run',
    }, messageContext(config, workspace, branch));
    const base = {
        mode: config.mode,
        repository: workspace.repository.display,
        branch,
        attempts: outcome.attempts,
        builtOn: outcome.builtOn,
        skipped: outcome.plan.skipped,
        summary: '',
    };
    if ('unchanged' in outcome) {
        log(`Everything already matches on ${branch} (${outcome.tip.slice(0, 7)}): nothing to commit`);
        return { ...base, changed: false, commitSha: '', files: [], changes: [], diff: '' };
    }
    if (config.mode === 'dry-run')
        log(`Dry run: would change ${outcome.plan.files.length} file(s):\n${outcome.diff}`);
    return {
        ...base,
        changed: true,
        commitSha: outcome.sha,
        files: outcome.plan.files.map((file) => file.path),
        changes: outcome.plan.changes,
        diff: outcome.diff,
        commitUrl: commitUrl(workspace, outcome.sha),
    };
}
/** `oasis/gitops/<base>/<what>`: stable for the same target, so a second run updates the PR. */
function pullRequestBranch(config, base) {
    const what = [
        ...config.images.map((image) => image.name.split('/').pop() ?? image.name),
        ...config.values.map((value) => value.file.replace(/\.ya?ml$/i, '')),
    ];
    const slug = what
        .join('-')
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 60);
    const hash = (0,external_node_crypto_.createHash)('sha256')
        .update(JSON.stringify([
        config.images.map((i) => i.canonical),
        config.values.map((v) => [v.file, v.path]),
    ]))
        .digest('hex')
        .slice(0, 8);
    return `oasis/gitops/${base}/${slug || 'update'}-${hash}`;
}
async function defaultPullRequests(config, workspace) {
    const { createGitHubClient } = await Promise.all(/* import() */[__webpack_require__.e(179), __webpack_require__.e(429)]).then(__webpack_require__.bind(__webpack_require__, 7429));
    const { githubPullRequests } = await Promise.all(/* import() */[__webpack_require__.e(179), __webpack_require__.e(460)]).then(__webpack_require__.bind(__webpack_require__, 1460));
    const octokit = createGitHubClient({ token: config.token, tokenInput: 'token' });
    return githubPullRequests(octokit, workspace.repository.owner, workspace.repository.name);
}
async function pullRequestMode(config, workspace, ports, log) {
    const { git, branch: base, repository } = workspace;
    if (!repository.owner || !repository.name) {
        throw new errors/* UserError */.yo(`pull-request mode needs a GitHub repository; ${repository.display} is not one`);
    }
    const api = ports.pullRequests ?? (await defaultPullRequests(config, workspace));
    let head = config.pullRequest.branch ?? pullRequestBranch(config, base);
    const existing = await api.findOpen(head, base);
    const headTip = await git.remoteBranch(repository.url, head);
    let onHead = Boolean(existing && headTip);
    if (!existing && headTip) {
        // A branch left from a closed PR: never force it; use a new one.
        head = `${head}-${Date.now().toString(36)}`;
        log(`Branch of an earlier, closed pull request exists; using ${head}`);
    }
    if (existing)
        log(`Open pull request #${existing.number} for ${head} → ${base}: updating it`);
    const context = messageContext(config, workspace, base);
    const outcome = await land(config, workspace, ports, log, {
        fetchBranch: async () => {
            const baseTip = await git.fetchBranch(repository.url, base);
            // A concurrent run may have created the head branch since: build on it, never force.
            if (!onHead && (await git.remoteBranch(repository.url, head)))
                onHead = true;
            return onHead ? git.fetchBranch(repository.url, head) : baseTip;
        },
        pushBranch: head,
    }, context);
    const values = placeholders(context);
    const title = renderTemplate(config.pullRequest.title, values);
    const body = pullRequestBody(config, values, 'plan' in outcome ? outcome.plan.changes : []);
    const result = {
        mode: config.mode,
        repository: repository.display,
        branch: base,
        attempts: outcome.attempts,
        builtOn: outcome.builtOn,
        skipped: outcome.plan.skipped,
        summary: '',
        changed: false,
        commitSha: '',
        files: [],
        changes: [],
        diff: '',
    };
    if ('unchanged' in outcome) {
        if (!existing) {
            log(`Everything already matches on ${base}: no pull request needed`);
            return result;
        }
        log(`Pull request #${existing.number} already carries these changes`);
        return { ...result, pullRequestNumber: existing.number, pullRequestUrl: existing.url };
    }
    let pull;
    if (existing)
        pull = await api.update(existing.number, { title, body });
    else
        pull = await api.create({ head, base, title, body });
    await api.addLabels(pull.number, config.pullRequest.labels);
    await api.requestReviewers(pull.number, config.pullRequest.reviewers, config.pullRequest.teamReviewers);
    log(`${existing ? 'Updated' : 'Opened'} pull request #${pull.number}: ${pull.url}`);
    return {
        ...result,
        changed: true,
        commitSha: outcome.sha,
        files: outcome.plan.files.map((file) => file.path),
        changes: outcome.plan.changes,
        diff: outcome.diff,
        pullRequestNumber: pull.number,
        pullRequestUrl: pull.url,
        commitUrl: commitUrl(workspace, outcome.sha),
    };
}
function pullRequestBody(config, values, changes) {
    const intro = config.pullRequest.body ? renderTemplate(config.pullRequest.body, values) : '';
    const rows = changes.map((c) => `| \`${c.file}\` | ${c.target} | \`${c.old}\` | \`${c.new}\` |`);
    const table = rows.length
        ? `| File | What | Old | New |\n|---|---|---|---|\n${rows.join('\n')}`
        : '';
    const source = values['source-repository']
        ? `\n\nSource: ${values['source-repository']}@${values['short-sha']}${values['run-url'] ? ` ([run](${values['run-url']}))` : ''}`
        : '';
    return `${intro ? `${intro}\n\n` : ''}${table}${source}\n`;
}


/***/ })

};
