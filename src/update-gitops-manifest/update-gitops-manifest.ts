/**
 * update-gitops-manifest: bump images and values in a GitOps repository with byte-minimal edits,
 * and land the commit without ever losing a concurrent update: fetch, apply the edits from scratch
 * on the fresh tip, commit, push; on rejection re-fetch and re-apply (jittered, bounded by a
 * deadline); never force. Or open/update a pull request, or only show the diff (dry-run).
 */
import * as core from '@actions/core';
import { createHash } from 'node:crypto';
import { systemClock, type Clock } from '../shared/clock.js';
import { UserError } from '../shared/errors.js';
import { authHeader } from '../shared/git.js';
import type { Exec } from '../shared/exec.js';
import { formatDuration } from '../shared/duration.js';
import {
  commitMessage,
  placeholders,
  renderTemplate,
  type MessageContext,
} from './commit-message.js';
import { planEdits, writeEdits, type EditPlan, type EditSpec } from './edit-plan.js';
import type { Change } from './image-edits.js';
import type { Mode, UpdateGitopsManifestConfig } from './inputs.js';
import type { PullRequestApi, PullRef } from './pull-request.js';
import { renderSummary } from './summary.js';
import { openWorkspace, type Workspace } from './workspace.js';

export type { UpdateGitopsManifestConfig } from './inputs.js';

export interface UpdateGitopsManifestPorts {
  exec?: Exec;
  clock?: Clock;
  random?: () => number;
  /** Progress lines (one per state change). Default core.info. */
  log?: (line: string) => void;
  /** The pull-request API; default: the shared GitHub client with the config's token. */
  pullRequests?: PullRequestApi;
  /** Test hook: called after the commit and before each push attempt. */
  beforePush?: (attempt: number) => Promise<void>;
}

/** A change of someone else's that we re-applied our edit on top of. */
export interface BuiltOn {
  file: string;
  target: string;
  /** The value when we started, and what the other writer had set it to. */
  before: string;
  theirs: string;
  commit?: { sha: string; author: string; subject: string };
}

export interface UpdateGitopsManifestResult {
  mode: Mode;
  changed: boolean;
  /** The commit that landed (push), the PR head commit, or '' (no change, dry-run). */
  commitSha: string;
  files: string[];
  changes: Change[];
  diff: string;
  pullRequestNumber?: number;
  pullRequestUrl?: string;
  repository: string;
  branch: string;
  attempts: number;
  builtOn: BuiltOn[];
  skipped: string[];
  /** Link to the commit when the repository is on a GitHub server. */
  commitUrl?: string;
  /** Markdown for the job summary (verdict first, a table, links). */
  summary: string;
}

function editSpec(config: UpdateGitopsManifestConfig): EditSpec {
  return {
    images: config.images,
    values: config.values,
    files: config.files,
    maxFileSize: config.maxFileSize,
    maxExpandedNodes: config.maxExpandedNodes,
  };
}

const changeKey = (change: Change) => `${change.file}\u0000${change.target}`;

export async function updateGitopsManifest(
  config: UpdateGitopsManifestConfig,
  ports: UpdateGitopsManifestPorts = {},
): Promise<UpdateGitopsManifestResult> {
  const log = ports.log ?? ((line: string) => core.info(line));
  // The header git sends carries the token base64-encoded: mask that form too.
  if (config.token) core.setSecret(authHeader(config.token).split(' ')[2]);
  const workspace = await openWorkspace(config, ports.exec, log);
  let landed: string | undefined;
  try {
    const result =
      config.mode === 'pull-request'
        ? await pullRequestMode(config, workspace, ports, log)
        : await pushMode(config, workspace, ports, log);
    if (config.mode === 'push' && result.changed) landed = result.commitSha;
    result.summary = renderSummary(result, config);
    return result;
  } finally {
    await workspace.finish({ landed });
  }
}

interface Landing {
  plan: EditPlan;
  tip: string;
  sha: string;
  attempts: number;
  builtOn: BuiltOn[];
}

/**
 * The loop: take the fresh tip (`fetchBranch`), apply the edits from scratch on it, commit, push
 * to `pushBranch` without force; on rejection wait (jittered) and start over from a new fetch,
 * until `maxAttempts` or the deadline. Returns `unchanged` when the edits change nothing on the
 * tip (already up to date, or someone else already set our values).
 */
async function land(
  config: UpdateGitopsManifestConfig,
  workspace: Workspace,
  ports: UpdateGitopsManifestPorts,
  log: (line: string) => void,
  target: {
    fetchBranch: () => Promise<string>;
    /** The first attempt's tip when the workspace is already on it (a fresh clone). */
    firstTip?: () => Promise<string>;
    pushBranch: string;
    dryRun?: boolean;
  },
  context: MessageContext,
): Promise<
  | (Landing & { diff: string })
  | { unchanged: true; plan: EditPlan; tip: string; attempts: number; builtOn: BuiltOn[] }
> {
  const clock = ports.clock ?? systemClock;
  const random = ports.random ?? Math.random;
  const { git } = workspace;
  const deadline = clock.now() + config.timeoutMs;
  const started = clock.now();
  const first = new Map<string, string>();
  let cycleMs = 0;
  for (let attempt = 1; ; attempt++) {
    const cycleStart = clock.now();
    const fresh = attempt === 1 && target.firstTip;
    const tip = fresh ? await target.firstTip!() : await target.fetchBranch();
    if (!fresh) await git.checkoutDetached(tip);
    const plan = await planEdits(workspace.root, editSpec(config));
    const builtOn: BuiltOn[] = [];
    if (attempt === 1) {
      for (const change of plan.changes) first.set(changeKey(change), change.old);
    } else {
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
    const sha = await git.commit(
      paths,
      commitMessage(config.commit.message, config.commit.trailers, context),
      config.commit.author,
      { tracked: workspace.cloned },
    );
    await ports.beforePush?.(attempt);
    const outcome = await git.push(workspace.repository.url, target.pushBranch);
    if (outcome.ok) {
      for (const entry of builtOn) {
        const who = entry.commit
          ? ` by ${entry.commit.author} (${entry.commit.sha.slice(0, 7)} ${entry.commit.subject})`
          : '';
        log(
          `${entry.file} ${entry.target}: built on a change${who}: ${entry.before} → ${entry.theirs}, now ${plan.changes.find((c) => changeKey(c) === `${entry.file}\u0000${entry.target}`)?.new}`,
        );
      }
      log(
        `Pushed ${sha.slice(0, 7)} to ${target.pushBranch} on attempt ${attempt} after ${formatDuration(clock.now() - started)}`,
      );
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
      throw new UserError(
        `gave up after ${attempt} attempts in ${formatDuration(clock.now() - started)}: ${target.pushBranch} kept moving (${outcome.detail}); nothing was force-pushed. Raise 'timeout' or 'max-attempts', or serialize the writers`,
      );
    }
    log(
      `Attempt ${attempt}: push rejected (${outcome.detail}); ${target.pushBranch} moved on, re-applying on the new tip in ${formatDuration(wait)}`,
    );
    await clock.sleep(wait);
  }
}

/** Milliseconds to wait after the `attempt`-th rejected push, given one cycle's duration. */
export function contentionBackoff(attempt: number, cycleMs: number, random: () => number): number {
  const unit = Math.min(Math.max(cycleMs, 50), 2000);
  const window = unit * Math.min(2 ** (attempt - 1), 4);
  return Math.round(random() * Math.min(window, 5_000));
}

function messageContext(
  config: UpdateGitopsManifestConfig,
  workspace: Workspace,
  branch: string,
): MessageContext {
  return {
    images: config.images,
    values: config.values,
    source: config.source,
    branch,
    repository: workspace.repository.display,
  };
}

function commitUrl(workspace: Workspace, sha: string) {
  const repo = workspace.repository;
  if (!sha || !repo.owner || !repo.name || !/^https?:/.test(repo.url)) return undefined;
  const origin = new URL(repo.url).origin;
  return `${origin}/${repo.owner}/${repo.name}/commit/${sha}`;
}

async function pushMode(
  config: UpdateGitopsManifestConfig,
  workspace: Workspace,
  ports: UpdateGitopsManifestPorts,
  log: (line: string) => void,
): Promise<UpdateGitopsManifestResult> {
  const { git, branch } = workspace;
  const outcome = await land(
    config,
    workspace,
    ports,
    log,
    {
      fetchBranch: () => git.fetchBranch(workspace.repository.url, branch),
      firstTip: workspace.cloned ? () => git.head() : undefined,
      pushBranch: branch,
      dryRun: config.mode === 'dry-run',
    },
    messageContext(config, workspace, branch),
  );
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
export function pullRequestBranch(config: UpdateGitopsManifestConfig, base: string): string {
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
  const hash = createHash('sha256')
    .update(
      JSON.stringify([
        config.images.map((i) => i.canonical),
        config.values.map((v) => [v.file, v.path]),
      ]),
    )
    .digest('hex')
    .slice(0, 8);
  return `oasis/gitops/${base}/${slug || 'update'}-${hash}`;
}

async function defaultPullRequests(
  config: UpdateGitopsManifestConfig,
  workspace: Workspace,
): Promise<PullRequestApi> {
  const { createGitHubClient } = await import('../shared/github.js');
  const { githubPullRequests } = await import('./pull-request.js');
  const octokit = createGitHubClient({ token: config.token, tokenInput: 'token' });
  return githubPullRequests(octokit, workspace.repository.owner!, workspace.repository.name!);
}

async function pullRequestMode(
  config: UpdateGitopsManifestConfig,
  workspace: Workspace,
  ports: UpdateGitopsManifestPorts,
  log: (line: string) => void,
): Promise<UpdateGitopsManifestResult> {
  const { git, branch: base, repository } = workspace;
  if (!repository.owner || !repository.name) {
    throw new UserError(
      `pull-request mode needs a GitHub repository; ${repository.display} is not one`,
    );
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
  if (existing) log(`Open pull request #${existing.number} for ${head} → ${base}: updating it`);
  const context = messageContext(config, workspace, base);
  const outcome = await land(
    config,
    workspace,
    ports,
    log,
    {
      fetchBranch: async () => {
        const baseTip = await git.fetchBranch(repository.url, base);
        // A concurrent run may have created the head branch since: build on it, never force.
        if (!onHead && (await git.remoteBranch(repository.url, head))) onHead = true;
        return onHead ? git.fetchBranch(repository.url, head) : baseTip;
      },
      pushBranch: head,
    },
    context,
  );
  const values = placeholders(context);
  const title = renderTemplate(config.pullRequest.title, values);
  const body = pullRequestBody(config, values, 'plan' in outcome ? outcome.plan.changes : []);
  const result: UpdateGitopsManifestResult = {
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
  let pull: PullRef;
  if (existing) pull = await api.update(existing.number, { title, body });
  else pull = await api.create({ head, base, title, body });
  await api.addLabels(pull.number, config.pullRequest.labels);
  await api.requestReviewers(
    pull.number,
    config.pullRequest.reviewers,
    config.pullRequest.teamReviewers,
  );
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

function pullRequestBody(
  config: UpdateGitopsManifestConfig,
  values: Record<string, string>,
  changes: Change[],
) {
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
