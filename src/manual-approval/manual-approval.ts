/**
 * manual-approval: open an issue, wait for N eligible people to approve it by comment (or one to
 * deny), close it, and report. Library entry for the deploy action: `manualApproval(config)`.
 */
import { systemClock, type Clock } from '../shared/clock.js';
import { formatDuration } from '../shared/duration.js';
import { UserError, errorMessage } from '../shared/errors.js';
import {
  apiBaseUrl,
  createGitHubClient,
  GitHubApiError,
  repositoryContext,
  type GitHubClient,
} from '../shared/github.js';
import { CommentFeed } from './comment-feed.js';
import {
  evaluateComments,
  type CountedVote,
  type Evaluation,
  type IgnoredAttempt,
} from './comment-rules.js';
import {
  closingComment,
  defaultBody,
  fillTemplate,
  people,
  summaryMarkdown,
  templateValues,
} from './approval-text.js';
import { approverName, type ManualApprovalConfig } from './inputs.js';

export type ApprovalStatus = 'approved' | 'denied' | 'timed-out';

export interface ManualApprovalPorts {
  github?: GitHubClient;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  /** One line per state change. */
  log?: (line: string) => void;
  /** Aborted when the run is cancelled: the issue is closed as cancelled and the call rejects. */
  signal?: AbortSignal;
}

export interface ManualApprovalResult {
  status: ApprovalStatus;
  approvedBy: string[];
  deniedBy: string[];
  issueNumber: number;
  issueUrl: string;
  approvals: CountedVote[];
  denials: CountedVote[];
  ignored: IgnoredAttempt[];
  waitedMs: number;
  /** Action outputs: approval-status, approved-by, denied-by, issue-number, issue-url. */
  outputs: Record<string, string>;
  summary: { verdictLine: string; markdown: string };
  /** Why the step should fail (denied or timed out and told to fail), else undefined. */
  failure?: string;
}

export class CancelledError extends UserError {
  constructor() {
    super('manual-approval was cancelled before a decision; the approval issue was closed');
  }
}

function isTransient(error: unknown): boolean {
  const status = (error as { status?: number }).status;
  if (status === undefined) return true; // network
  if (status >= 500 || status === 429) return true;
  return status === 403 && /rate limit/i.test(errorMessage(error));
}

export async function manualApproval(
  config: ManualApprovalConfig,
  ports: ManualApprovalPorts = {},
): Promise<ManualApprovalResult> {
  const clock = ports.clock ?? systemClock;
  const log = ports.log ?? (() => undefined);
  const env = ports.env ?? process.env;
  const context = repositoryContext(env, config.targetRepository || undefined);
  const { owner, repo } = context;
  const github =
    ports.github ??
    createGitHubClient({
      token: config.githubToken,
      baseUrl: apiBaseUrl(env),
      tokenInput: 'github-token',
      log,
    });
  const initiator = context.actor;
  const excluded = config.excludeInitiator && initiator ? initiator.toLowerCase() : undefined;

  const users = config.approvers.flatMap((a) => (a.kind === 'user' ? [a.login] : []));
  const teams = config.approvers.flatMap((a) => (a.kind === 'team' ? [a] : []));
  const teamNames = teams.map((t) => `${t.org}/${t.slug}`);

  // 1. Everyone listed exists, every team can be read, and the minimum can be reached.
  const pool = new Set<string>();
  for (const login of users) {
    try {
      const { data } = await github.rest.users.getByUsername({ username: login });
      if (data.type === 'Bot') {
        throw new UserError(
          `approvers: '${login}' is a bot, and bots cannot approve; list people or teams`,
        );
      }
    } catch (error) {
      if (error instanceof GitHubApiError && error.status === 404) {
        throw new UserError(`approvers: '${login}' is not a GitHub user (check the spelling)`, {
          cause: error,
        });
      }
      throw error;
    }
    if (login.toLowerCase() !== excluded) pool.add(login.toLowerCase());
  }
  for (const team of teams) {
    const name = `${team.org}/${team.slug}`;
    let members: Array<{ login: string; type?: string }>;
    try {
      members = await github.paginate(github.rest.teams.listMembersInOrg, {
        org: team.org,
        team_slug: team.slug,
        per_page: 100,
      });
    } catch (error) {
      if (error instanceof GitHubApiError && error.status === 404) {
        throw new UserError(
          `approvers: team '${name}' was not found. Use the team's slug (as in github.com/orgs/${team.org}/teams/<slug>); ` +
            `if it exists, the token in 'github-token' cannot see it: reading team members needs the organization ` +
            `permission members: read (a GitHub App token or a PAT with read:org; the workflow's GITHUB_TOKEN cannot have it)`,
          { cause: error },
        );
      }
      if (error instanceof GitHubApiError) {
        throw new UserError(
          `approvers: cannot read the members of team '${name}': ${error.message}`,
          { cause: error },
        );
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
    throw new UserError(
      `minimum-approvals ${config.minimumApprovals} can never be reached: only ${pool.size} eligible approver(s) (${who})` +
        (excluded
          ? `; ${initiator} started this run and is excluded (exclude-initiator: true)`
          : '') +
        '; lower minimum-approvals or list more people',
    );
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
  log(
    `Waiting up to ${formatDuration(config.timeoutMs)} for ${config.minimumApprovals} approval(s) from ` +
      `${config.approvers.map(approverName).join(', ')} on ${issueUrl}`,
  );

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
    teamOf: async (login: string) => {
      for (const team of teams) {
        try {
          const { data } = await github.rest.teams.getMembershipForUserInOrg({
            org: team.org,
            team_slug: team.slug,
            username: login,
          });
          if (data.state === 'active') return `${team.org}/${team.slug}`;
        } catch (error) {
          if (error instanceof GitHubApiError && error.status === 404) continue;
          throw error;
        }
      }
      return undefined;
    },
  };
  let evaluation: Evaluation = { approvals: [], denials: [], ignored: [] };
  let status: ApprovalStatus = 'timed-out';
  let closedBy: string | undefined;
  let closed = false;
  let reported = { approvals: 0, ignored: 0 };
  let unavailableSince: number | undefined;
  try {
    for (;;) {
      try {
        const changed = await feed.poll();
        if (unavailableSince !== undefined) {
          log(`GitHub API reachable again after ${formatDuration(clock.now() - unavailableSince)}`);
          unavailableSince = undefined;
        }
        if (changed) {
          evaluation = await evaluateComments(feed.all(), rules);
          for (const attempt of evaluation.ignored.slice(reported.ignored)) {
            log(`Not counted: @${attempt.login} said "${attempt.said}": ${attempt.reason}`);
          }
          if (evaluation.approvals.length !== reported.approvals) {
            log(
              `${evaluation.approvals.length}/${config.minimumApprovals} approvals` +
                (evaluation.approvals.length ? ` (${people(evaluation.approvals)})` : ''),
            );
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
      } catch (error) {
        if (!isTransient(error)) throw error;
        if (unavailableSince === undefined) {
          unavailableSince = clock.now();
          log(
            `GitHub API unavailable (${errorMessage(error)}); still waiting, next try in ${formatDuration(config.pollIntervalMs)}`,
          );
        }
      }
      const now = clock.now();
      if (now >= deadline) {
        status = 'timed-out';
        break;
      }
      if (ports.signal?.aborted) throw new CancelledError();
      await clock.sleep(Math.min(config.pollIntervalMs, deadline - now), ports.signal);
      if (ports.signal?.aborted) throw new CancelledError();
    }
  } catch (error) {
    // The wait itself broke (a permission error on a membership check, the run cancelled, …):
    // do not leave an open approval issue behind that someone might still answer.
    const body =
      error instanceof CancelledError
        ? '🚫 **Cancelled**: the workflow run was cancelled before a decision, so nothing here counts any more.'
        : `⚠️ The approval wait stopped with an error, so nothing here counts any more: ${errorMessage(error)}`;
    log(
      error instanceof CancelledError
        ? 'Cancelled: closing the approval issue'
        : `Stopped: ${errorMessage(error)}`,
    );
    await github.rest.issues
      .createComment({ owner, repo, issue_number: issue.number, body })
      .then(() =>
        github.rest.issues.update({
          owner,
          repo,
          issue_number: issue.number,
          state: 'closed',
          state_reason: 'not_planned',
        }),
      )
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
  const verdictLine =
    status === 'approved'
      ? `✅ Approved by ${people(approvals)}`
      : status === 'denied'
        ? `❌ Denied by ${deniedBy.map((l) => `@${l}`).join(', ')}${closedBy ? ' (closed the issue)' : ''}`
        : `⏱️ Timed out after ${formatDuration(waitedMs)} with ${approvals.length} of ${config.minimumApprovals} approvals`;
  log(verdictLine);
  let failure: string | undefined;
  if (status === 'denied' && config.failOnDenial) {
    failure = `deployment denied by ${deniedBy.join(', ')} on ${issueUrl}`;
  } else if (status === 'timed-out' && config.failOnTimeout) {
    failure =
      `no decision within ${formatDuration(config.timeoutMs)} (${approvals.length} of ${config.minimumApprovals} approvals) on ${issueUrl}; ` +
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
