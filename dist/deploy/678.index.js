export const id = 678;
export const ids = [678,429];
export const modules = {

/***/ 9678:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  manualApproval: () => (/* binding */ manualApproval)
});

// UNUSED EXPORTS: CancelledError

// EXTERNAL MODULE: ./shared/clock.js
var shared_clock = __webpack_require__(4046);
// EXTERNAL MODULE: ./shared/duration.js
var duration = __webpack_require__(686);
// EXTERNAL MODULE: ./shared/errors.js
var errors = __webpack_require__(2921);
// EXTERNAL MODULE: ./shared/github.js
var shared_github = __webpack_require__(7429);
;// CONCATENATED MODULE: ./manual-approval/comment-feed.js
const PER_PAGE = 100;
function isNotModified(error) {
    return error.status === 304;
}
function toView(comment) {
    return {
        id: comment.id,
        login: comment.user?.login ?? 'ghost',
        userType: comment.user?.type ?? 'User',
        body: comment.body ?? '',
        createdAt: Date.parse(comment.created_at),
        updatedAt: Date.parse(comment.updated_at),
        url: comment.html_url,
    };
}
class CommentFeed {
    github;
    where;
    comments = new Map();
    etag;
    issueEtag;
    /** Only comments updated at or after this time are asked for (ISO, second precision). */
    since;
    issueCreatedAt;
    constructor(github, where, issueCreatedAt) {
        this.github = github;
        this.where = where;
        this.since = issueCreatedAt;
        this.issueCreatedAt = issueCreatedAt;
    }
    /** Everything seen so far, in posting order. */
    all() {
        return [...this.comments.values()].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
    }
    /** Ask for changes; true when a comment was added, edited or removed. */
    async poll() {
        const { owner, repo, issue } = this.where;
        let first;
        try {
            first = await this.github.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
                owner,
                repo,
                issue_number: issue,
                since: this.since,
                per_page: PER_PAGE,
                headers: this.etag ? { 'if-none-match': this.etag } : {},
            });
        }
        catch (error) {
            if (isNotModified(error))
                return false;
            throw error;
        }
        const received = [...first.data];
        let link = String(first.headers.link ?? '');
        while (/rel="next"/.test(link)) {
            const next = /<([^>]+)>;\s*rel="next"/.exec(link)[1];
            const page = await this.github.request({ method: 'GET', url: next });
            received.push(...page.data);
            link = String(page.headers.link ?? '');
        }
        let changed = false;
        if (this.since === this.issueCreatedAt) {
            // The whole thread came back: a deleted comment (a withdrawn approval) is gone.
            const ids = new Set(received.map((c) => c.id));
            for (const id of [...this.comments.keys()]) {
                if (!ids.has(id)) {
                    this.comments.delete(id);
                    changed = true;
                }
            }
        }
        for (const raw of received) {
            const view = toView(raw);
            const known = this.comments.get(view.id);
            if (!known || known.updatedAt !== view.updatedAt || known.body !== view.body) {
                this.comments.set(view.id, view);
                changed = true;
            }
        }
        if (received.length >= PER_PAGE) {
            // A long thread: narrow the window to what changed last, so one page keeps holding
            // every change and its ETag keeps covering them all. Comments seen before stay known.
            const latest = Math.max(...received.map((c) => Date.parse(c.updated_at)));
            this.since = new Date(latest).toISOString().replace(/\.\d{3}Z$/, 'Z');
            this.etag = undefined;
        }
        else {
            this.etag = first.headers.etag;
        }
        return changed;
    }
    /** The issue's state, conditionally: undefined when unchanged since the last call. */
    async issueState() {
        const { owner, repo, issue } = this.where;
        try {
            const response = await this.github.request('GET /repos/{owner}/{repo}/issues/{issue_number}', {
                owner,
                repo,
                issue_number: issue,
                headers: this.issueEtag ? { 'if-none-match': this.issueEtag } : {},
            });
            this.issueEtag = response.headers.etag;
            const data = response.data;
            return { state: data.state, closedBy: data.closed_by?.login };
        }
        catch (error) {
            if (isNotModified(error))
                return undefined;
            throw error;
        }
    }
}

;// CONCATENATED MODULE: ./manual-approval/comment-rules.js
/**
 * Which comments count as an approval or a denial. Pure rules; team membership, the one thing
 * that needs the API, is passed in as a lookup.
 */
/** The whole comment as a word: trimmed, lower-case, inner spaces collapsed, end punctuation gone. */
function normalizeComment(body) {
    return body
        .trim()
        .toLowerCase()
        .replace(/\s+/g, ' ')
        .replace(/[\s.!?,;:…]+$/u, '');
}
/** 'approve' / 'deny' when the whole comment is one of the words, else undefined. */
function matchVote(body, approveWords, denyWords) {
    const text = normalizeComment(body);
    if (approveWords.includes(text))
        return 'approve';
    if (denyWords.includes(text))
        return 'deny';
    return undefined;
}
/** True when a word appears inside a longer comment ("not approved", "> approve", "lgtm but…"). */
function mentionsVote(body, words) {
    const text = body.toLowerCase();
    return words.some((word) => new RegExp(`(^|[^\\p{L}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'u').test(text));
}
function isBot(comment) {
    return comment.userType === 'Bot' || /\[bot\]$/i.test(comment.login);
}
function said(body) {
    const text = body.trim().replace(/\s+/g, ' ');
    return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
/**
 * Apply every rule to the comments (in the order they were posted). Membership is looked up
 * fresh for each evaluation, so someone removed from a team before the decision does not count.
 */
async function evaluateComments(comments, rules) {
    const ordered = [...comments].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
    const approvals = [];
    const denials = [];
    const ignored = [];
    const membership = new Map();
    const allWords = [...rules.approveWords, ...rules.denyWords];
    for (const comment of ordered) {
        const vote = matchVote(comment.body, rules.approveWords, rules.denyWords);
        const ignore = (reason) => ignored.push({
            login: comment.login,
            said: said(comment.body),
            reason,
            url: comment.url,
            at: comment.createdAt,
        });
        if (!vote) {
            if (!isBot(comment) && mentionsVote(comment.body, allWords)) {
                ignore(`not exactly one of the words: the whole comment must be the word`);
            }
            continue;
        }
        if (comment.createdAt < rules.issueCreatedAt) {
            ignore('posted before the approval issue was opened');
            continue;
        }
        if (comment.updatedAt !== comment.createdAt) {
            ignore('edited after posting; post a new comment instead');
            continue;
        }
        if (isBot(comment)) {
            ignore('bots cannot approve or deny');
            continue;
        }
        const login = comment.login.toLowerCase();
        if (rules.excludedInitiator && login === rules.excludedInitiator) {
            ignore('started this run and cannot decide on it (exclude-initiator is true)');
            continue;
        }
        let via;
        if (rules.listedUsers.has(login)) {
            via = 'listed';
        }
        else if (rules.teamNames.length) {
            if (!membership.has(login))
                membership.set(login, rules.teamOf(comment.login));
            via = await membership.get(login);
        }
        if (!via) {
            const teams = rules.teamNames.length
                ? ` or a current member of ${rules.teamNames.join(', ')}`
                : '';
            ignore(`not a listed approver${teams}`);
            continue;
        }
        const counted = {
            login: comment.login,
            vote,
            at: comment.createdAt,
            url: comment.url,
            via,
        };
        if (vote === 'deny') {
            denials.push(counted);
            continue;
        }
        if (approvals.some((a) => a.login.toLowerCase() === login)) {
            ignore('already approved; each person counts once');
            continue;
        }
        approvals.push(counted);
    }
    let decision;
    if (denials.length)
        decision = 'denied';
    else if (approvals.length >= rules.minimumApprovals)
        decision = 'approved';
    return { approvals, denials, ignored, decision };
}

// EXTERNAL MODULE: ./manual-approval/inputs.js
var inputs = __webpack_require__(5632);
;// CONCATENATED MODULE: ./manual-approval/approval-text.js
/** The words people read: the issue title and body, the closing comment, the job summary. */


function templateValues(config, context) {
    return {
        'image-ref': config.imageRef || 'the new image',
        environment: config.environment,
        'scan-verdict': config.scanVerdict,
        'run-url': context.runUrl,
        repository: context.repository,
        sha: context.sha,
        ref: context.ref,
        initiator: context.initiator,
        approvers: config.approvers.map((a) => `@${(0,inputs/* approverName */.Rz)(a)}`).join(', '),
        'minimum-approvals': String(config.minimumApprovals),
        'approve-words': config.approveWords.join(', '),
        'deny-words': config.denyWords.join(', '),
        timeout: (0,duration/* formatDuration */.a)(config.timeoutMs),
    };
}
function fillTemplate(template, values) {
    return template.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_m, name) => values[name] ?? '');
}
const code = (words) => words.map((w) => `\`${w}\``).join(', ');
function defaultBody(config, values) {
    const lines = [
        `## Deployment approval: ${values.environment}`,
        '',
        '| | |',
        '|---|---|',
        `| Image | \`${values['image-ref']}\` |`,
        `| Environment | ${values.environment} |`,
    ];
    if (values['scan-verdict'])
        lines.push(`| Scan verdict | ${values['scan-verdict']} |`);
    if (values['run-url'])
        lines.push(`| Workflow run | ${values['run-url']} |`);
    if (values.initiator)
        lines.push(`| Started by | @${values.initiator} |`);
    lines.push('', `**${config.minimumApprovals}** approval(s) needed from ${values.approvers}.`, '', `To approve, comment with exactly one of ${code(config.approveWords)}; to deny, ${code(config.denyWords)}. ` +
        'The whole comment must be the word (case and a trailing full stop do not matter).', '', 'Not counted: edited comments, bots' +
        (config.excludeInitiator ? ', the person who started the run' : '') +
        ', anyone not listed or not currently in a listed team. Each person counts once; one denial ends the wait.' +
        (config.closeIssueMeansDenial ? ' Closing this issue denies.' : ''), '', `The request times out after ${values.timeout}.`);
    return lines.join('\n');
}
function people(votes) {
    return votes.map((v) => `@${v.login}`).join(', ');
}
function closingComment(status, details) {
    if (status === 'approved') {
        return `✅ **Approved** by ${people(details.approvals)} (${details.approvals.length} of ${details.minimum} needed). The deployment continues.`;
    }
    if (status === 'denied') {
        const by = details.denials.length
            ? people(details.denials)
            : `@${details.closedBy} (closed the issue)`;
        return `❌ **Denied** by ${by}. The deployment stops.`;
    }
    const so = details.approvals.length
        ? ` with ${details.approvals.length} of ${details.minimum} approvals (${people(details.approvals)})`
        : ' without any counted approval';
    return `⏱️ **Timed out** after ${(0,duration/* formatDuration */.a)(details.waitedMs)}${so}. The deployment stops.`;
}
const cell = (text) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
function summaryMarkdown(details) {
    const lines = [
        `### ${details.verdictLine}`,
        '',
        `Approval issue: [#${details.issueNumber}](${details.issueUrl}) · waited ${(0,duration/* formatDuration */.a)(details.waitedMs)} · ${details.approvals.length} of ${details.minimum} approvals`,
        '',
    ];
    const votes = [...details.approvals, ...details.denials].sort((a, b) => a.at - b.at);
    if (votes.length) {
        lines.push('| Person | Decision | Eligible as | When |', '|---|---|---|---|');
        for (const v of votes) {
            lines.push(`| @${v.login} | [${v.vote === 'approve' ? 'approved' : 'denied'}](${v.url}) | ${v.via === 'listed' ? 'listed approver' : `member of ${v.via}`} | ${new Date(v.at).toISOString()} |`);
        }
        lines.push('');
    }
    if (details.ignored.length) {
        lines.push('**Not counted**', '', '| Person | Said | Why not |', '|---|---|---|');
        for (const a of details.ignored) {
            lines.push(`| @${a.login} | [${cell(a.said)}](${a.url}) | ${cell(a.reason)} |`);
        }
        lines.push('');
    }
    if (details.runUrl)
        lines.push(`[Workflow run](${details.runUrl})`);
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./manual-approval/manual-approval.js
/**
 * manual-approval: open an issue, wait for N eligible people to approve it by comment (or one to
 * deny), close it, and report. Library entry for the deploy action: `manualApproval(config)`.
 */








class CancelledError extends errors/* UserError */.yo {
    constructor() {
        super('manual-approval was cancelled before a decision; the approval issue was closed');
    }
}
function isTransient(error) {
    const status = error.status;
    if (status === undefined)
        return true; // network
    if (status >= 500 || status === 429)
        return true;
    return status === 403 && /rate limit/i.test((0,errors/* errorMessage */.gJ)(error));
}
async function manualApproval(config, ports = {}) {
    const clock = ports.clock ?? shared_clock/* systemClock */.m;
    const log = ports.log ?? (() => undefined);
    const env = ports.env ?? process.env;
    const context = (0,shared_github.repositoryContext)(env, config.targetRepository || undefined);
    const { owner, repo } = context;
    const github = ports.github ??
        (0,shared_github.createGitHubClient)({
            token: config.githubToken,
            baseUrl: (0,shared_github/* apiBaseUrl */.tj)(env),
            tokenInput: 'github-token',
            log,
        });
    const initiator = context.actor;
    const excluded = config.excludeInitiator && initiator ? initiator.toLowerCase() : undefined;
    const users = config.approvers.flatMap((a) => (a.kind === 'user' ? [a.login] : []));
    const teams = config.approvers.flatMap((a) => (a.kind === 'team' ? [a] : []));
    const teamNames = teams.map((t) => `${t.org}/${t.slug}`);
    // 1. Everyone listed exists, every team can be read, and the minimum can be reached.
    const pool = new Set();
    for (const login of users) {
        try {
            const { data } = await github.rest.users.getByUsername({ username: login });
            if (data.type === 'Bot') {
                throw new errors/* UserError */.yo(`approvers: '${login}' is a bot, and bots cannot approve; list people or teams`);
            }
        }
        catch (error) {
            if (error instanceof shared_github/* GitHubApiError */.OS && error.status === 404) {
                throw new errors/* UserError */.yo(`approvers: '${login}' is not a GitHub user (check the spelling)`, {
                    cause: error,
                });
            }
            throw error;
        }
        if (login.toLowerCase() !== excluded)
            pool.add(login.toLowerCase());
    }
    for (const team of teams) {
        const name = `${team.org}/${team.slug}`;
        let members;
        try {
            members = await github.paginate(github.rest.teams.listMembersInOrg, {
                org: team.org,
                team_slug: team.slug,
                per_page: 100,
            });
        }
        catch (error) {
            if (error instanceof shared_github/* GitHubApiError */.OS && error.status === 404) {
                throw new errors/* UserError */.yo(`approvers: team '${name}' was not found. Use the team's slug (as in github.com/orgs/${team.org}/teams/<slug>); ` +
                    `if it exists, the token in 'github-token' cannot see it: reading team members needs the organization ` +
                    `permission members: read (a GitHub App token or a PAT with read:org; the workflow's GITHUB_TOKEN cannot have it)`, { cause: error });
            }
            if (error instanceof shared_github/* GitHubApiError */.OS) {
                throw new errors/* UserError */.yo(`approvers: cannot read the members of team '${name}': ${error.message}`, { cause: error });
            }
            throw error;
        }
        for (const member of members) {
            if (member.type !== 'Bot' && member.login.toLowerCase() !== excluded)
                pool.add(member.login.toLowerCase());
        }
    }
    if (pool.size < config.minimumApprovals) {
        const who = pool.size ? [...pool].join(', ') : 'nobody';
        throw new errors/* UserError */.yo(`minimum-approvals ${config.minimumApprovals} can never be reached: only ${pool.size} eligible approver(s) (${who})` +
            (excluded
                ? `; ${initiator} started this run and is excluded (exclude-initiator: true)`
                : '') +
            '; lower minimum-approvals or list more people');
    }
    // 2. The issue.
    const values = templateValues(config, {
        runUrl: context.runUrl,
        repository: context.repository,
        sha: context.sha,
        ref: context.ref,
        initiator,
    });
    const title = fillTemplate(config.issueTitle, values).trim() || 'Deployment approval';
    const body = config.issueBody
        ? fillTemplate(config.issueBody, values)
        : defaultBody(config, values);
    const { data: issue } = await github.rest.issues.create({
        owner,
        repo,
        title,
        body,
        labels: config.labels,
        assignees: users,
    });
    const issueUrl = issue.html_url;
    const startedAt = clock.now();
    const deadline = startedAt + config.timeoutMs;
    log(`Waiting up to ${(0,duration/* formatDuration */.a)(config.timeoutMs)} for ${config.minimumApprovals} approval(s) from ` +
        `${config.approvers.map(inputs/* approverName */.Rz).join(', ')} on ${issueUrl}`);
    // 3. Wait.
    const feed = new CommentFeed(github, { owner, repo, issue: issue.number }, issue.created_at);
    const rules = {
        approveWords: config.approveWords,
        denyWords: config.denyWords,
        listedUsers: new Set(users.map((u) => u.toLowerCase())),
        excludedInitiator: excluded,
        issueCreatedAt: Date.parse(issue.created_at),
        minimumApprovals: config.minimumApprovals,
        teamNames,
        teamOf: async (login) => {
            for (const team of teams) {
                try {
                    const { data } = await github.rest.teams.getMembershipForUserInOrg({
                        org: team.org,
                        team_slug: team.slug,
                        username: login,
                    });
                    if (data.state === 'active')
                        return `${team.org}/${team.slug}`;
                }
                catch (error) {
                    if (error instanceof shared_github/* GitHubApiError */.OS && error.status === 404)
                        continue;
                    throw error;
                }
            }
            return undefined;
        },
    };
    let evaluation = { approvals: [], denials: [], ignored: [] };
    let status = 'timed-out';
    let closedBy;
    let closed = false;
    let reported = { approvals: 0, ignored: 0 };
    let unavailableSince;
    try {
        for (;;) {
            try {
                const changed = await feed.poll();
                if (unavailableSince !== undefined) {
                    log(`GitHub API reachable again after ${(0,duration/* formatDuration */.a)(clock.now() - unavailableSince)}`);
                    unavailableSince = undefined;
                }
                if (changed) {
                    evaluation = await evaluateComments(feed.all(), rules);
                    for (const attempt of evaluation.ignored.slice(reported.ignored)) {
                        log(`Not counted: @${attempt.login} said "${attempt.said}": ${attempt.reason}`);
                    }
                    if (evaluation.approvals.length !== reported.approvals) {
                        log(`${evaluation.approvals.length}/${config.minimumApprovals} approvals` +
                            (evaluation.approvals.length ? ` (${people(evaluation.approvals)})` : ''));
                    }
                    reported = { approvals: evaluation.approvals.length, ignored: evaluation.ignored.length };
                    if (evaluation.decision) {
                        status = evaluation.decision;
                        break;
                    }
                }
                if (config.closeIssueMeansDenial) {
                    const state = await feed.issueState();
                    if (state?.state === 'closed') {
                        status = 'denied';
                        closedBy = state.closedBy ?? 'someone';
                        closed = true;
                        log(`@${closedBy} closed the approval issue: denied`);
                        break;
                    }
                }
            }
            catch (error) {
                if (!isTransient(error))
                    throw error;
                if (unavailableSince === undefined) {
                    unavailableSince = clock.now();
                    log(`GitHub API unavailable (${(0,errors/* errorMessage */.gJ)(error)}); still waiting, next try in ${(0,duration/* formatDuration */.a)(config.pollIntervalMs)}`);
                }
            }
            const now = clock.now();
            if (now >= deadline) {
                status = 'timed-out';
                break;
            }
            if (ports.signal?.aborted)
                throw new CancelledError();
            await clock.sleep(Math.min(config.pollIntervalMs, deadline - now), ports.signal);
            if (ports.signal?.aborted)
                throw new CancelledError();
        }
    }
    catch (error) {
        // The wait itself broke (a permission error on a membership check, the run cancelled, …):
        // do not leave an open approval issue behind that someone might still answer.
        const body = error instanceof CancelledError
            ? '🚫 **Cancelled**: the workflow run was cancelled before a decision, so nothing here counts any more.'
            : `⚠️ The approval wait stopped with an error, so nothing here counts any more: ${(0,errors/* errorMessage */.gJ)(error)}`;
        log(error instanceof CancelledError
            ? 'Cancelled: closing the approval issue'
            : `Stopped: ${(0,errors/* errorMessage */.gJ)(error)}`);
        await github.rest.issues
            .createComment({ owner, repo, issue_number: issue.number, body })
            .then(() => github.rest.issues.update({
            owner,
            repo,
            issue_number: issue.number,
            state: 'closed',
            state_reason: 'not_planned',
        }))
            .catch(() => undefined);
        throw error;
    }
    const waitedMs = clock.now() - startedAt;
    const { approvals, denials, ignored } = evaluation;
    await github.rest.issues.createComment({
        owner,
        repo,
        issue_number: issue.number,
        body: closingComment(status, {
            approvals,
            denials,
            closedBy,
            waitedMs,
            minimum: config.minimumApprovals,
        }),
    });
    if (!closed) {
        await github.rest.issues.update({
            owner,
            repo,
            issue_number: issue.number,
            state: 'closed',
            state_reason: status === 'approved' ? 'completed' : 'not_planned',
        });
    }
    const deniedBy = denials.length ? denials.map((d) => d.login) : closedBy ? [closedBy] : [];
    const verdictLine = status === 'approved'
        ? `✅ Approved by ${people(approvals)}`
        : status === 'denied'
            ? `❌ Denied by ${deniedBy.map((l) => `@${l}`).join(', ')}${closedBy ? ' (closed the issue)' : ''}`
            : `⏱️ Timed out after ${(0,duration/* formatDuration */.a)(waitedMs)} with ${approvals.length} of ${config.minimumApprovals} approvals`;
    log(verdictLine);
    let failure;
    if (status === 'denied' && config.failOnDenial) {
        failure = `deployment denied by ${deniedBy.join(', ')} on ${issueUrl}`;
    }
    else if (status === 'timed-out' && config.failOnTimeout) {
        failure =
            `no decision within ${(0,duration/* formatDuration */.a)(config.timeoutMs)} (${approvals.length} of ${config.minimumApprovals} approvals) on ${issueUrl}; ` +
                'raise timeout or ask the approvers sooner';
    }
    return {
        status,
        approvedBy: approvals.map((a) => a.login),
        deniedBy,
        issueNumber: issue.number,
        issueUrl,
        approvals,
        denials,
        ignored,
        waitedMs,
        outputs: {
            'approval-status': status,
            'approved-by': approvals.map((a) => a.login).join(','),
            'denied-by': deniedBy.join(','),
            'issue-number': String(issue.number),
            'issue-url': issueUrl,
        },
        summary: {
            verdictLine,
            markdown: summaryMarkdown({
                verdictLine,
                issueUrl,
                issueNumber: issue.number,
                runUrl: context.runUrl,
                approvals,
                denials,
                ignored,
                minimum: config.minimumApprovals,
                waitedMs,
            }),
        },
        failure,
    };
}


/***/ }),

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
