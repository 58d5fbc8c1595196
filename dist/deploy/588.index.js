export const id = 588;
export const ids = [588];
export const modules = {

/***/ 588:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   findManifestFiles: () => (/* binding */ findManifestFiles)
/* harmony export */ });
/* unused harmony exports isGlob, globToRegExp */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4379);
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2921);
/**
 * Expands the `manifests` input (files, directories, globs) into a sorted list of files.
 * Directories contribute their *.yaml, *.yml and *.json files (not recursively, as `kubectl -f`);
 * globs support `*`, `?`, `**` and `{a,b}`.
 */



const MANIFEST = /\.(ya?ml|json)$/i;
function isGlob(pattern) {
    return /[*?{[]/.test(pattern);
}
/** A glob as a regular expression over '/'-separated relative paths. */
function globToRegExp(pattern) {
    let out = '';
    for (let i = 0; i < pattern.length; i++) {
        const char = pattern[i];
        if (char === '*') {
            if (pattern[i + 1] === '*') {
                const slash = pattern[i + 2] === '/';
                out += slash ? '(?:.*/)?' : '.*';
                i += slash ? 2 : 1;
            }
            else {
                out += '[^/]*';
            }
        }
        else if (char === '?') {
            out += '[^/]';
        }
        else if (char === '{') {
            const end = pattern.indexOf('}', i);
            if (end < 0) {
                out += '\\{';
                continue;
            }
            const options = pattern.slice(i + 1, end).split(',');
            out += `(?:${options.map((option) => option.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('|')})`;
            i = end;
        }
        else {
            out += char.replace(/[.+^$()|[\]\\]/g, '\\$&');
        }
    }
    return new RegExp(`^${out}$`);
}
function walk(root, dir, found) {
    for (const entry of (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(dir, { withFileTypes: true })) {
        if (entry.name === 'node_modules' || entry.name === '.git')
            continue;
        const full = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, entry.name);
        if (entry.isDirectory())
            walk(root, full, found);
        else if (entry.isFile())
            found.push((0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(root, full).split(node_path__WEBPACK_IMPORTED_MODULE_1__.sep).join('/'));
    }
}
/** Resolves the inputs to files; throws a UserError naming every entry that matched nothing. */
function findManifestFiles(entries, workspace) {
    const files = new Set();
    const missing = [];
    let tree;
    for (const entry of entries) {
        const full = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(entry) ? entry : (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(workspace, entry);
        if (!isGlob(entry)) {
            if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(full)) {
                missing.push(entry);
                continue;
            }
            if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(full).isDirectory()) {
                const inside = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(full, { withFileTypes: true })
                    .filter((item) => item.isFile() && MANIFEST.test(item.name))
                    .map((item) => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(full, item.name));
                if (inside.length === 0)
                    missing.push(`${entry} (a directory without .yaml/.yml/.json files)`);
                inside.sort().forEach((file) => files.add(file));
            }
            else {
                files.add(full);
            }
            continue;
        }
        let matched;
        if ((0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(entry)) {
            const base = entry.slice(0, entry.search(/[*?{[]/)).replace(/[^/]*$/, '') || '/';
            const found = [];
            if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(base))
                walk(base, base, found);
            const regex = globToRegExp((0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(base, entry).split(node_path__WEBPACK_IMPORTED_MODULE_1__.sep).join('/'));
            matched = found.filter((file) => regex.test(file)).map((file) => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(base, file));
        }
        else {
            if (!tree) {
                tree = [];
                walk(workspace, workspace, tree);
            }
            const regex = globToRegExp(entry.replace(/^\.\//, ''));
            matched = tree.filter((file) => regex.test(file)).map((file) => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(workspace, file));
        }
        matched = matched.filter((file) => MANIFEST.test(file));
        if (matched.length === 0)
            missing.push(entry);
        matched.sort().forEach((file) => files.add(file));
    }
    if (missing.length > 0) {
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`input 'manifests': no manifest found for ${missing.map((entry) => (0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(entry)).join(', ')} ` +
            `(looked in ${workspace}); list existing files, directories or globs such as k8s/*.yaml`);
    }
    return [...files];
}


/***/ })

};
