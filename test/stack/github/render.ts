/**
 * JSON shapes of the GitHub REST API objects the double serves, built from its state.
 * Field sets follow GitHub's OpenAPI description (@octokit/openapi) and recorded responses in
 * ../shared/fixtures/github; the double's own tests validate them against the schemas.
 */
import { createHash } from 'node:crypto';

export interface Urls {
  /** API base, e.g. http://127.0.0.1:4567 or http://127.0.0.1:4567/api/v3 (GHES style). */
  api: string;
  /** Web base, e.g. http://127.0.0.1:4567 */
  html: string;
}

export interface UserRecord {
  id: number;
  login: string;
  type: 'User' | 'Bot' | 'Organization';
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  user: string;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | null;
  labels: string[];
  assignees: string[];
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  closedBy: string | null;
  /** Set for pull requests (which are issues too, sharing the number space). */
  pull?: PullRecord;
}

export interface PullRecord {
  head: string;
  headOwner: string;
  base: string;
  headSha: string;
  baseSha: string;
  draft: boolean;
  merged: boolean;
  requestedReviewers: string[];
  requestedTeams: string[];
  maintainerCanModify: boolean;
}

export interface CommentRecord {
  id: number;
  issue: number;
  user: string;
  body: string;
  createdAt: number;
  updatedAt: number;
}

export interface DeploymentRecord {
  id: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  description: string | null;
  payload: Record<string, unknown> | string;
  creator: string;
  transient: boolean;
  production: boolean;
  createdAt: number;
  updatedAt: number;
  statuses: DeploymentStatusRecord[];
}

export interface DeploymentStatusRecord {
  id: number;
  state: string;
  description: string;
  environment: string;
  targetUrl: string;
  logUrl: string;
  environmentUrl: string;
  creator: string;
  createdAt: number;
}

export interface SarifRecord {
  id: string;
  commitSha: string;
  ref: string;
  toolName?: string;
  checkoutUri?: string;
  /** The decoded SARIF document (parsed JSON). */
  sarif: unknown;
  createdAt: number;
}

export interface RefRecord {
  ref: string;
  sha: string;
}

export interface RepoRecord {
  id: number;
  owner: string;
  name: string;
  private: boolean;
  defaultBranch: string;
  createdAt: number;
  nextNumber: number;
  issues: Map<number, IssueRecord>;
  comments: Map<number, CommentRecord>;
  labels: Map<string, LabelRecord>;
  deployments: Map<number, DeploymentRecord>;
  sarifs: Map<string, SarifRecord>;
  refs: Map<string, RefRecord>;
}

export interface TeamRecord {
  id: number;
  org: string;
  slug: string;
  name: string;
  members: Set<string>;
  maintainers: Set<string>;
}

export function iso(ms: number | null): string | null {
  if (ms === null) return null;
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function nodeId(prefix: string, id: number | string): string {
  return `${prefix}_${Buffer.from(`${prefix}:${id}`).toString('base64url')}`;
}

export function fakeSha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

export function renderUser(urls: Urls, user: UserRecord) {
  const login = encodeURIComponent(user.login);
  const apiUser = `${urls.api}/users/${login}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(user.type === 'Bot' ? 'BOT' : 'U', user.id),
    avatar_url: `${urls.html}/avatars/u/${user.id}?v=4`,
    gravatar_id: '',
    url: apiUser,
    html_url: `${urls.html}/${user.type === 'Bot' ? `apps/${user.login.replace(/\[bot\]$/, '')}` : user.login}`,
    followers_url: `${apiUser}/followers`,
    following_url: `${apiUser}/following{/other_user}`,
    gists_url: `${apiUser}/gists{/gist_id}`,
    starred_url: `${apiUser}/starred{/owner}{/repo}`,
    subscriptions_url: `${apiUser}/subscriptions`,
    organizations_url: `${apiUser}/orgs`,
    repos_url: `${apiUser}/repos`,
    events_url: `${apiUser}/events{/privacy}`,
    received_events_url: `${apiUser}/received_events`,
    type: user.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/** The public profile (GET /users/{username}): a simple user plus profile fields. */
export function renderPublicUser(urls: Urls, user: UserRecord, createdAt: number) {
  return {
    ...renderUser(urls, user),
    name: null,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: iso(createdAt),
    updated_at: iso(createdAt),
  };
}

export function renderRepo(urls: Urls, repo: RepoRecord, owner: UserRecord) {
  const full = `${repo.owner}/${repo.name}`;
  const api = `${urls.api}/repos/${full}`;
  const host = new URL(urls.html).host;
  return {
    id: repo.id,
    node_id: nodeId('R', repo.id),
    name: repo.name,
    full_name: full,
    private: repo.private,
    owner: renderUser(urls, owner),
    html_url: `${urls.html}/${full}`,
    description: null,
    fork: false,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `git://${host}/${full}.git`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@${host}:${full}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `${urls.html}/${full}.git`,
    mirror_url: null,
    hooks_url: `${api}/hooks`,
    svn_url: `${urls.html}/${full}`,
    homepage: null,
    language: null,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues_count: [...repo.issues.values()].filter((issue) => issue.state === 'open').length,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: repo.private ? 'private' : 'public',
    pushed_at: iso(repo.createdAt),
    created_at: iso(repo.createdAt),
    updated_at: iso(repo.createdAt),
    allow_forking: true,
    web_commit_signoff_required: false,
    license: null,
    forks: 0,
    open_issues: [...repo.issues.values()].filter((issue) => issue.state === 'open').length,
    watchers: 0,
  };
}

export function renderLabel(urls: Urls, repo: RepoRecord, label: LabelRecord) {
  return {
    id: label.id,
    node_id: nodeId('LA', label.id),
    url: `${urls.api}/repos/${repo.owner}/${repo.name}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: false,
    description: label.description,
  };
}

function reactions(url: string) {
  return {
    url: `${url}/reactions`,
    total_count: 0,
    '+1': 0,
    '-1': 0,
    laugh: 0,
    hooray: 0,
    confused: 0,
    heart: 0,
    rocket: 0,
    eyes: 0,
  };
}

export interface RenderContext {
  urls: Urls;
  user(login: string): UserRecord;
  association(repo: RepoRecord, login: string): string;
}

export function renderIssue(ctx: RenderContext, repo: RepoRecord, issue: IssueRecord) {
  const { urls } = ctx;
  const full = `${repo.owner}/${repo.name}`;
  const api = `${urls.api}/repos/${full}/issues/${issue.number}`;
  const comments = [...repo.comments.values()].filter((c) => c.issue === issue.number).length;
  const assignees = issue.assignees.map((login) => renderUser(urls, ctx.user(login)));
  const labels = issue.labels.map((name) => renderLabel(urls, repo, repo.labels.get(name)!));
  const rendered: Record<string, unknown> = {
    url: api,
    repository_url: `${urls.api}/repos/${full}`,
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: `${urls.html}/${full}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`,
    id: issue.id,
    node_id: nodeId(issue.pull ? 'PR' : 'I', issue.id),
    number: issue.number,
    title: issue.title,
    user: renderUser(urls, ctx.user(issue.user)),
    labels,
    state: issue.state,
    locked: false,
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    comments,
    created_at: iso(issue.createdAt),
    updated_at: iso(issue.updatedAt),
    closed_at: iso(issue.closedAt),
    author_association: ctx.association(repo, issue.user),
    active_lock_reason: null,
    body: issue.body,
    closed_by: issue.closedBy ? renderUser(urls, ctx.user(issue.closedBy)) : null,
    reactions: reactions(api),
    timeline_url: `${api}/timeline`,
    performed_via_github_app: null,
    state_reason: issue.stateReason,
  };
  if (issue.pull) {
    const pullApi = `${urls.api}/repos/${full}/pulls/${issue.number}`;
    rendered.draft = issue.pull.draft;
    rendered.pull_request = {
      url: pullApi,
      html_url: `${urls.html}/${full}/pull/${issue.number}`,
      diff_url: `${urls.html}/${full}/pull/${issue.number}.diff`,
      patch_url: `${urls.html}/${full}/pull/${issue.number}.patch`,
      merged_at: null,
    };
  }
  return rendered;
}

export function renderComment(ctx: RenderContext, repo: RepoRecord, comment: CommentRecord) {
  const { urls } = ctx;
  const full = `${repo.owner}/${repo.name}`;
  const url = `${urls.api}/repos/${full}/issues/comments/${comment.id}`;
  const issue = repo.issues.get(comment.issue);
  return {
    url,
    html_url: `${urls.html}/${full}/${issue?.pull ? 'pull' : 'issues'}/${comment.issue}#issuecomment-${comment.id}`,
    issue_url: `${urls.api}/repos/${full}/issues/${comment.issue}`,
    id: comment.id,
    node_id: nodeId('IC', comment.id),
    user: renderUser(urls, ctx.user(comment.user)),
    created_at: iso(comment.createdAt),
    updated_at: iso(comment.updatedAt),
    author_association: ctx.association(repo, comment.user),
    body: comment.body,
    reactions: reactions(url),
    performed_via_github_app: null,
  };
}

export function renderTeam(urls: Urls, team: TeamRecord, orgId: number) {
  const api = `${urls.api}/organizations/${orgId}/team/${team.id}`;
  return {
    name: team.name,
    id: team.id,
    node_id: nodeId('T', team.id),
    slug: team.slug,
    description: null,
    privacy: 'closed',
    notification_setting: 'notifications_enabled',
    url: api,
    html_url: `${urls.html}/orgs/${team.org}/teams/${team.slug}`,
    members_url: `${api}/members{/member}`,
    repositories_url: `${api}/repos`,
    type: 'organization',
    organization_id: orgId,
    permission: 'pull',
    parent: null,
  };
}

export function renderTeamFull(urls: Urls, team: TeamRecord, org: UserRecord, createdAt: number) {
  return {
    ...renderTeam(urls, team, org.id),
    created_at: iso(createdAt),
    updated_at: iso(createdAt),
    members_count: team.members.size,
    repos_count: 0,
    organization: {
      login: org.login,
      id: org.id,
      node_id: nodeId('O', org.id),
      url: `${urls.api}/orgs/${org.login}`,
      repos_url: `${urls.api}/orgs/${org.login}/repos`,
      events_url: `${urls.api}/orgs/${org.login}/events`,
      hooks_url: `${urls.api}/orgs/${org.login}/hooks`,
      issues_url: `${urls.api}/orgs/${org.login}/issues`,
      members_url: `${urls.api}/orgs/${org.login}/members{/member}`,
      public_members_url: `${urls.api}/orgs/${org.login}/public_members{/member}`,
      avatar_url: `${urls.html}/avatars/u/${org.id}?v=4`,
      description: null,
      html_url: `${urls.html}/${org.login}`,
      has_organization_projects: true,
      has_repository_projects: true,
      public_repos: 0,
      public_gists: 0,
      followers: 0,
      following: 0,
      created_at: iso(createdAt),
      updated_at: iso(createdAt),
      type: 'Organization',
      archived_at: null,
    },
  };
}

export function renderDeployment(ctx: RenderContext, repo: RepoRecord, d: DeploymentRecord) {
  const { urls } = ctx;
  const full = `${urls.api}/repos/${repo.owner}/${repo.name}`;
  const url = `${full}/deployments/${d.id}`;
  return {
    url,
    id: d.id,
    node_id: nodeId('DE', d.id),
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload,
    original_environment: d.environment,
    environment: d.environment,
    description: d.description,
    creator: renderUser(urls, ctx.user(d.creator)),
    created_at: iso(d.createdAt),
    updated_at: iso(d.updatedAt),
    statuses_url: `${url}/statuses`,
    repository_url: full,
    transient_environment: d.transient,
    production_environment: d.production,
    performed_via_github_app: null,
  };
}

export function renderDeploymentStatus(
  ctx: RenderContext,
  repo: RepoRecord,
  d: DeploymentRecord,
  s: DeploymentStatusRecord,
) {
  const { urls } = ctx;
  const full = `${urls.api}/repos/${repo.owner}/${repo.name}`;
  const deploymentUrl = `${full}/deployments/${d.id}`;
  return {
    url: `${deploymentUrl}/statuses/${s.id}`,
    id: s.id,
    node_id: nodeId('DES', s.id),
    state: s.state,
    creator: renderUser(urls, ctx.user(s.creator)),
    description: s.description,
    environment: s.environment,
    target_url: s.targetUrl,
    created_at: iso(s.createdAt),
    updated_at: iso(s.createdAt),
    deployment_url: deploymentUrl,
    repository_url: full,
    environment_url: s.environmentUrl,
    log_url: s.logUrl,
    performed_via_github_app: null,
  };
}

export function renderRef(urls: Urls, repo: RepoRecord, ref: RefRecord) {
  const full = `${urls.api}/repos/${repo.owner}/${repo.name}`;
  return {
    ref: ref.ref,
    node_id: nodeId('REF', `${repo.id}:${ref.ref}`),
    url: `${full}/git/${ref.ref}`,
    object: { sha: ref.sha, type: 'commit', url: `${full}/git/commits/${ref.sha}` },
  };
}

export function renderPull(
  ctx: RenderContext,
  repo: RepoRecord,
  issue: IssueRecord,
  teams: (slug: string) => Record<string, unknown>,
  options: { full: boolean },
) {
  const { urls } = ctx;
  const pull = issue.pull!;
  const full = `${repo.owner}/${repo.name}`;
  const api = `${urls.api}/repos/${full}/pulls/${issue.number}`;
  const issueApi = `${urls.api}/repos/${full}/issues/${issue.number}`;
  const owner = ctx.user(repo.owner);
  const repoJson = renderRepo(urls, repo, owner);
  const base = issue.labels.map((name) => renderLabel(urls, repo, repo.labels.get(name)!));
  const assignees = issue.assignees.map((login) => renderUser(urls, ctx.user(login)));
  const rendered: Record<string, unknown> = {
    url: api,
    id: issue.id,
    node_id: nodeId('PR', issue.id),
    html_url: `${urls.html}/${full}/pull/${issue.number}`,
    diff_url: `${urls.html}/${full}/pull/${issue.number}.diff`,
    patch_url: `${urls.html}/${full}/pull/${issue.number}.patch`,
    issue_url: issueApi,
    number: issue.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: renderUser(urls, ctx.user(issue.user)),
    body: issue.body,
    created_at: iso(issue.createdAt),
    updated_at: iso(issue.updatedAt),
    closed_at: iso(issue.closedAt),
    merged_at: null,
    merge_commit_sha: null,
    assignee: assignees[0] ?? null,
    assignees,
    requested_reviewers: pull.requestedReviewers.map((login) => renderUser(urls, ctx.user(login))),
    requested_teams: pull.requestedTeams.map(teams),
    labels: base,
    milestone: null,
    draft: pull.draft,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${urls.api}/repos/${full}/pulls/comments{/number}`,
    comments_url: `${issueApi}/comments`,
    statuses_url: `${urls.api}/repos/${full}/statuses/${pull.headSha}`,
    head: {
      label: `${pull.headOwner}:${pull.head}`,
      ref: pull.head,
      sha: pull.headSha,
      user: renderUser(urls, ctx.user(pull.headOwner)),
      repo: repoJson,
    },
    base: {
      label: `${repo.owner}:${pull.base}`,
      ref: pull.base,
      sha: pull.baseSha,
      user: renderUser(urls, owner),
      repo: repoJson,
    },
    _links: {
      self: { href: api },
      html: { href: `${urls.html}/${full}/pull/${issue.number}` },
      issue: { href: issueApi },
      comments: { href: `${issueApi}/comments` },
      review_comments: { href: `${api}/comments` },
      review_comment: { href: `${urls.api}/repos/${full}/pulls/comments{/number}` },
      commits: { href: `${api}/commits` },
      statuses: { href: `${urls.api}/repos/${full}/statuses/${pull.headSha}` },
    },
    author_association: ctx.association(repo, issue.user),
    auto_merge: null,
    active_lock_reason: null,
  };
  if (options.full) {
    Object.assign(rendered, {
      merged: pull.merged,
      mergeable: true,
      rebaseable: true,
      mergeable_state: 'clean',
      merged_by: null,
      comments: [...repo.comments.values()].filter((c) => c.issue === issue.number).length,
      review_comments: 0,
      maintainer_can_modify: pull.maintainerCanModify,
      commits: 1,
      additions: 1,
      deletions: 1,
      changed_files: 1,
    });
  }
  return rendered;
}
