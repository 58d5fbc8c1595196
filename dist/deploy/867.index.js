export const id = 867;
export const ids = [867];
export const modules = {

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


/***/ })

};
