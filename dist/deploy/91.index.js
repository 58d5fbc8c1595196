export const id = 91;
export const ids = [91];
export const modules = {

/***/ 7091:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deploy: () => (/* binding */ deploy)
});

// EXTERNAL MODULE: ./shared/errors.js
var errors = __webpack_require__(2921);
// EXTERNAL MODULE: ./shared/clock.js
var shared_clock = __webpack_require__(4046);
// EXTERNAL MODULE: ./shared/duration.js
var duration = __webpack_require__(686);
;// CONCATENATED MODULE: ./deploy/github-deployment.js
/**
 * A GitHub Deployment for the environment, created when the pipeline starts and moved through
 * in_progress → success / failure, or inactive when a gate (scan, approval) stopped the run
 * before anything was deployed.
 */
class DeploymentTracker {
    github;
    context;
    id;
    environmentUrl;
    constructor(github, context, id, environmentUrl) {
        this.github = github;
        this.context = context;
        this.id = id;
        this.environmentUrl = environmentUrl;
    }
    static async create(github, context, options) {
        const { data } = await github.rest.repos.createDeployment({
            owner: context.owner,
            repo: context.repo,
            ref: context.sha || context.ref || 'HEAD',
            environment: options.environment,
            description: options.description.slice(0, 140),
            auto_merge: false,
            // The pipeline itself is the gate: commit statuses of the ref are not required again.
            required_contexts: [],
            production_environment: /^prod/i.test(options.environment),
        });
        if (!('id' in data)) {
            throw new Error(`GitHub did not create the deployment: ${JSON.stringify(data).slice(0, 200)}`);
        }
        return new DeploymentTracker(github, context, data.id, options.environmentUrl);
    }
    async setState(state, description) {
        await this.github.rest.repos.createDeploymentStatus({
            owner: this.context.owner,
            repo: this.context.repo,
            deployment_id: this.id,
            state,
            description: description.slice(0, 140),
            log_url: this.context.runUrl || undefined,
            environment_url: this.environmentUrl || undefined,
            auto_inactive: state === 'success',
        });
    }
}

;// CONCATENATED MODULE: ./deploy/deploy-summary.js

const ICON = { passed: '✅', failed: '❌', skipped: '⏭️' };
function cell(text) {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
/** One summary for the whole run: the verdict and why first, a row per stage, then details. */
function renderDeploySummary(input) {
    const headline = input.status === 'succeeded'
        ? `## ✅ Deployed to ${input.environment}`
        : input.status === 'rolled-back'
            ? `## ↩️ Rolled back in ${input.environment}`
            : input.status === 'stopped'
                ? `## ⛔ Stopped before deploying to ${input.environment}`
                : `## ❌ Deployment to ${input.environment} failed`;
    const lines = [headline, ''];
    if (input.error)
        lines.push(`**${cell(input.error)}**`, '');
    if (input.imageRef)
        lines.push(`Image: \`${input.imageRef}\``);
    if (input.environmentUrl)
        lines.push(`Environment: ${input.environmentUrl}`);
    lines.push('', '| stage | verdict | time | details |', '| --- | --- | --- | --- |');
    for (const stage of input.stages) {
        lines.push(`| ${stage.name} | ${ICON[stage.verdict]} ${stage.verdict} | ${stage.verdict === 'skipped' ? '' : (0,duration/* formatDuration */.a)(stage.durationMs)} | ${cell(stage.note)} |`);
    }
    for (const stage of input.stages) {
        if (!stage.details)
            continue;
        lines.push('', `<details><summary>${stage.name}</summary>`, '', stage.details.trim(), '', '</details>');
    }
    return `${lines.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./deploy/deploy.js
/**
 * The whole pipeline in one process: build → scan → approval → gitops or direct rollout →
 * verification → rollback on a failed verification. Each stage is the step's own library
 * function; a failure stops the later stages and is named on the first line of the error.
 */





class StageFailure extends Error {
    stage;
    constructor(stage, message) {
        super(message);
        this.stage = stage;
    }
}
async function deploy(config, ports = {}) {
    const log = ports.log ?? ((line) => console.log(line));
    const clock = ports.clock ?? shared_clock/* systemClock */.m;
    const env = ports.env ?? process.env;
    const stages = [];
    const outputs = {
        'image-ref': config.imageRef ?? '',
        digest: config.imageRef?.split('@')[1] ?? '',
        tags: '',
        'scan-verdict': '',
        'approval-status': '',
        'commit-sha': '',
        revision: '',
        'verify-verdict': '',
        status: '',
        'failed-stage': '',
        'deployment-id': '',
    };
    let imageRef = config.imageRef ?? '';
    let deployedSomething = false;
    let tracker;
    const timings = { dockerBuildMs: 0, pushMs: 0 };
    async function stage(name, body) {
        const record = { name, verdict: 'passed', durationMs: 0, note: '' };
        stages.push(record);
        log(`── ${name}`);
        const started = clock.now();
        try {
            return await body(record);
        }
        catch (error) {
            record.verdict = 'failed';
            if (!record.note)
                record.note = (0,errors/* errorMessage */.gJ)(error).split('\n')[0];
            throw error instanceof StageFailure ? error : new StageFailure(name, (0,errors/* errorMessage */.gJ)(error));
        }
        finally {
            record.durationMs = clock.now() - started;
            log(`   ${name}: ${record.verdict}${record.note ? ` (${record.note})` : ''} in ${(0,duration/* formatDuration */.a)(record.durationMs)}`);
        }
    }
    const skip = (name, note) => {
        stages.push({ name, verdict: 'skipped', durationMs: 0, note });
        log(`── ${name}: skipped (${note})`);
    };
    // Files the inputs name are read and checked before anything is built or deployed: a typo in
    // a check or a manifest must not be found after the rollout.
    await preflight(config);
    let status = 'succeeded';
    let failure;
    try {
        if (config.createDeployment) {
            const { createGitHubClient, repositoryContext } = await Promise.all(/* import() */[__webpack_require__.e(179), __webpack_require__.e(429)]).then(__webpack_require__.bind(__webpack_require__, 7429));
            const github = ports.github ?? createGitHubClient({ token: config.githubToken, log });
            tracker = await DeploymentTracker.create(github, repositoryContext(env), {
                environment: config.environment,
                environmentUrl: config.environmentUrl,
                description: `oasis deploy to ${config.environment}`,
            });
            outputs['deployment-id'] = String(tracker.id);
            log(`GitHub deployment ${tracker.id} for environment ${config.environment}`);
        }
        // 1. Build (or take the given image).
        if (config.build) {
            const build = config.build;
            const result = await stage('build', async (record) => {
                const { buildImage } = await __webpack_require__.e(/* import() */ 664).then(__webpack_require__.bind(__webpack_require__, 1664));
                const built = await buildImage(build, { log, env });
                record.note = `${built.imageRef}`;
                record.details = built.summary.markdown;
                return built;
            });
            imageRef = result.imageRef;
            timings.dockerBuildMs = result.buildMs;
            timings.pushMs = result.pushMs;
            outputs['image-ref'] = result.imageRef;
            outputs.digest = result.digest;
            outputs.tags = result.tags.join('\n');
        }
        else {
            skip('build', `deploying the given image ${imageRef}`);
        }
        const image = config.withImage(imageRef);
        // 2. Scan: nothing is deployed from an image that failed its gate.
        let scanVerdict = '';
        if (!image.scan) {
            skip('scan', 'scan: off');
        }
        else {
            const scanConfig = image.scan;
            const available = config.scanMode === 'if-available' ? await scannerAvailable(scanConfig.scanner, log) : '';
            if (available) {
                skip('scan', available);
                scanVerdict = 'skipped';
            }
            else {
                await stage('scan', async (record) => {
                    const { scan } = await Promise.all(/* import() */[__webpack_require__.e(831), __webpack_require__.e(858)]).then(__webpack_require__.bind(__webpack_require__, 6858));
                    const result = await scan(scanConfig, { log, env, clock, github: ports.github });
                    scanVerdict = result.verdict;
                    outputs['scan-verdict'] = result.verdict;
                    record.details = result.summary.verdictLine;
                    record.note = `${result.counts.total} findings, ${result.failing} failing the gate`;
                    if (result.verdict === 'fail') {
                        throw new StageFailure('scan', `${result.failing} findings at ${scanConfig.failOn.join(', ')} fail the gate; nothing was deployed`);
                    }
                });
            }
        }
        // 3. Approval.
        if (!image.approval) {
            skip('approval', 'no approvers');
        }
        else {
            const approvalConfig = { ...image.approval, scanVerdict };
            await stage('approval', async (record) => {
                const { manualApproval } = await Promise.all(/* import() */[__webpack_require__.e(179), __webpack_require__.e(678)]).then(__webpack_require__.bind(__webpack_require__, 9678));
                const result = await manualApproval(approvalConfig, {
                    log,
                    clock,
                    env,
                    github: ports.github,
                });
                outputs['approval-status'] = result.status;
                record.details = result.summary.markdown;
                record.note =
                    result.status === 'approved'
                        ? `approved by ${result.approvedBy.join(', ')}`
                        : `${result.status}${result.deniedBy.length ? ` by ${result.deniedBy.join(', ')}` : ''}`;
                if (result.status !== 'approved') {
                    throw new StageFailure('approval', `${record.note}; nothing was deployed (${result.issueUrl})`);
                }
            });
        }
        // 4. Delivery.
        await tracker?.setState('in_progress', `deploying ${imageRef}`);
        if (image.gitops) {
            const gitopsConfig = image.gitops;
            deployedSomething = true;
            await stage('gitops', async (record) => {
                const { updateGitopsManifest } = await Promise.all(/* import() */[__webpack_require__.e(483), __webpack_require__.e(539)]).then(__webpack_require__.bind(__webpack_require__, 7539));
                const result = await updateGitopsManifest(gitopsConfig, { log, clock });
                outputs['commit-sha'] = result.commitSha;
                record.details = result.summary;
                record.note = result.changed
                    ? `${result.files.length} file(s) changed, ${result.pullRequestUrl ?? result.commitSha.slice(0, 12)}`
                    : 'already up to date';
            });
            if (config.gitopsWait) {
                const wait = config.gitopsWait;
                await stage('cluster sync', async (record) => {
                    const { loadKubeConfig } = await __webpack_require__.e(/* import() */ 455).then(__webpack_require__.bind(__webpack_require__, 5455));
                    const { waitForClusterImage } = await __webpack_require__.e(/* import() */ 544).then(__webpack_require__.bind(__webpack_require__, 7544));
                    const loaded = await loadKubeConfig({
                        content: wait.kubeconfig,
                        context: wait.context,
                        env,
                    });
                    try {
                        await waitForClusterImage(loaded.kubeConfig, { ...wait, imageRef, clock, log });
                        record.note = `deployment/${wait.workload} runs the new image`;
                    }
                    finally {
                        loaded.dispose();
                    }
                });
            }
        }
        else if (image.rollout) {
            const rolloutConfig = image.rollout;
            deployedSomething = true;
            await stage('rollout', async (record) => {
                const { k8sRollout } = await __webpack_require__.e(/* import() */ 28).then(__webpack_require__.bind(__webpack_require__, 1028));
                const result = await k8sRollout(rolloutConfig, { log, clock });
                outputs.revision = result.revision;
                record.details = result.summary;
                record.note = `${rolloutConfig.strategy}: ${result.status}${result.revision ? `, revision ${result.revision}` : ''}`;
                if (result.status !== 'succeeded') {
                    if (result.status === 'rolled-back')
                        status = 'rolled-back';
                    throw new StageFailure('rollout', (result.error ?? result.failedReason).split('\n')[0]);
                }
            });
        }
        // 5. Verification, and rollback when it fails.
        if (!config.verify) {
            skip('verify', 'no checks');
        }
        else {
            const verifyConfig = config.verify;
            const verdict = await stage('verify', async (record) => {
                const { postDeployVerify } = await Promise.all(/* import() */[__webpack_require__.e(483), __webpack_require__.e(23), __webpack_require__.e(355)]).then(__webpack_require__.bind(__webpack_require__, 6736));
                const result = await postDeployVerify(verifyConfig, { env, clock, log, mask: ports.mask });
                outputs['verify-verdict'] = result.verdict;
                record.details = result.summary;
                record.note = result.headline;
                const failed = result.verdict === 'fail' ||
                    (result.verdict === 'inconclusive' && verifyConfig.failOnInconclusive);
                if (failed)
                    record.verdict = 'failed';
                return { ...result, failed };
            });
            if (verdict.failed) {
                const why = verdict.checks
                    .filter((check) => check.verdict !== 'pass')
                    .map((check) => `${check.name}: ${check.reason ?? check.verdict}`)
                    .join('; ');
                const message = `verification ${verdict.verdict}: ${why}`;
                if (image.rollout && config.rollbackOnVerifyFailure) {
                    const rolloutConfig = image.rollout;
                    await stage('rollback', async (record) => {
                        const { k8sRollout } = await __webpack_require__.e(/* import() */ 28).then(__webpack_require__.bind(__webpack_require__, 1028));
                        const result = await k8sRollout({ ...rolloutConfig, action: 'rollback' }, { log, clock });
                        record.details = result.summary;
                        record.note = `back to revision ${result.revision || result.previousRevision}`;
                        outputs.revision = result.revision;
                        if (result.error)
                            throw new StageFailure('rollback', result.error.split('\n')[0]);
                    });
                    status = 'rolled-back';
                }
                throw new StageFailure('verify', message);
            }
        }
    }
    catch (error) {
        failure =
            error instanceof StageFailure
                ? error
                : new StageFailure(stages.at(-1)?.name ?? 'setup', (0,errors/* errorMessage */.gJ)(error));
        if (status === 'succeeded')
            status = deployedSomething ? 'failed' : 'stopped';
    }
    outputs.status = status;
    outputs['failed-stage'] = failure?.stage ?? '';
    const error = failure
        ? `deploy ${status === 'rolled-back' ? 'rolled back' : 'failed'} at ${failure.stage}: ${failure.message}`
        : undefined;
    if (tracker) {
        const state = status === 'succeeded' ? 'success' : status === 'stopped' ? 'inactive' : 'failure';
        try {
            await tracker.setState(state, error ?? `deployed ${imageRef}`);
        }
        catch (trackerError) {
            log(`warning: could not update GitHub deployment ${tracker.id}: ${(0,errors/* errorMessage */.gJ)(trackerError)}`);
        }
    }
    const summary = renderDeploySummary({
        environment: config.environment,
        environmentUrl: config.environmentUrl,
        imageRef,
        status,
        error,
        stages,
    });
    return {
        status,
        failedStage: failure?.stage,
        error,
        imageRef,
        stages,
        timings,
        outputs,
        summary,
    };
}
/** Parses the verification checks and the manifests; throws the errors the steps would. */
async function preflight(config) {
    if (config.verify) {
        const { parseChecks } = await Promise.all(/* import() */[__webpack_require__.e(483), __webpack_require__.e(23)]).then(__webpack_require__.bind(__webpack_require__, 8023));
        const verify = config.verify;
        parseChecks(verify.checksText, verify.checksSource, { baseUrl: verify.baseUrl, prometheusUrl: verify.prometheusUrl, namespace: verify.namespace }, verify.checksFile);
    }
    if (config.rollout) {
        const { findManifestFiles } = await __webpack_require__.e(/* import() */ 588).then(__webpack_require__.bind(__webpack_require__, 588));
        const { loadManifests } = await __webpack_require__.e(/* import() */ 829).then(__webpack_require__.bind(__webpack_require__, 5829));
        await loadManifests(findManifestFiles(config.rollout.manifests, config.rollout.workspace), config.rollout.workspace);
    }
}
/** '' when the scanner can be had; otherwise why not (for `scan: if-available`). */
async function scannerAvailable(scanner, log) {
    const { resolveScanner } = await __webpack_require__.e(/* import() */ 867).then(__webpack_require__.bind(__webpack_require__, 8867));
    try {
        await resolveScanner({ scanner, log });
        return '';
    }
    catch (error) {
        return `scan: if-available, and ${scanner} cannot be had here: ${(0,errors/* errorMessage */.gJ)(error)}`;
    }
}


/***/ }),

/***/ 4046:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ systemClock)
/* harmony export */ });
const systemClock = {
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


/***/ })

};
