/**
 * The GitHub API test double: a stateful HTTP server on 127.0.0.1 for the REST routes the suite
 * uses. Token auth with per-token permissions, ETag / If-None-Match → 304 (not counted),
 * X-RateLimit-* accounting per token, pagination with Link headers, and fault injection.
 *
 *   const gh = await startGitHubDouble();
 *   const token = gh.token('ci', { issues: 'write', members: 'read' });
 *   // point the code under test at gh.url (or gh.ghesUrl for the GHES-style /api/v3 prefix)
 *   await gh.stop();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import {
  fakeSha,
  renderComment,
  renderDeployment,
  renderDeploymentStatus,
  renderIssue,
  renderLabel,
  renderPublicUser,
  renderPull,
  renderRef,
  renderTeam,
  renderTeamFull,
  renderUser,
  type CommentRecord,
  type DeploymentRecord,
  type IssueRecord,
  type RenderContext,
  type RepoRecord,
  type TeamRecord,
  type Urls,
  type UserRecord,
} from './render.js';

export type Access = 'read' | 'write' | 'admin';
/** Fine-grained permission names as GitHub spells them: issues, pull_requests, members, … */
export type Permissions = Record<string, Access>;

export const ALL_PERMISSIONS: Permissions = {
  issues: 'write',
  pull_requests: 'write',
  contents: 'write',
  deployments: 'write',
  security_events: 'write',
  statuses: 'write',
  members: 'read',
  metadata: 'read',
};

export interface TokenRecord {
  token: string;
  name: string;
  /** The account the token acts as (author of what it creates). */
  login: string;
  permissions: Permissions;
  used: number;
  limit: number;
  resetAt: number;
}

export interface Fault {
  status: 502 | 500 | 503 | 403 | 429;
  /** Seconds, sent as Retry-After (secondary rate limits). */
  retryAfter?: number;
  /** How many matching requests fail (default 1). */
  times?: number;
  method?: string;
  /** Only requests whose path (without the /api/v3 prefix) matches. */
  path?: RegExp | string;
}

export interface RequestLogEntry {
  at: number;
  method: string;
  /** Path and query as sent, without the /api/v3 prefix. */
  path: string;
  status: number;
  /** Counted against the rate limit (everything but 304s and auth failures). */
  counted: boolean;
  token?: string;
  conditional: boolean;
  /** Came in through the GHES-style /api/v3 prefix. */
  ghes: boolean;
}

export interface DoubleOptions {
  /** Time source for timestamps and rate-limit windows (an accelerated clock in benches). */
  now?: () => number;
  /** Requests per hour per token (default 5000, as for a GitHub App installation token). */
  rateLimit?: number;
  /** Create a repository on first use of /repos/{owner}/{repo} (default true). */
  autoCreateRepos?: boolean;
}

export interface GitHubDouble {
  /** API base URL (github.com style). */
  url: string;
  /** Same server with the GHES prefix: http://127.0.0.1:port/api/v3 */
  ghesUrl: string;
  /** Web base used in html_url fields. */
  htmlUrl: string;
  state: DoubleState;
  addUser(login: string, options?: { type?: 'User' | 'Bot' }): UserRecord;
  addRepo(full: string, options?: { defaultBranch?: string; private?: boolean }): RepoRecord;
  addTeam(org: string, slug: string, members?: string[]): TeamRecord;
  removeTeamMember(org: string, slug: string, login: string): void;
  addTeamMember(org: string, slug: string, login: string): void;
  /** A token acting as `name` (a user, or `github-actions[bot]`) with these permissions. */
  token(name?: string, permissions?: Permissions): string;
  /** Post a comment as `login` without going through HTTP (a reviewer acting). */
  /** `at` backdates (or postdates) the comment, e.g. to one older than the issue. */
  addComment(
    repo: string,
    issue: number,
    login: string,
    body: string,
    options?: { at?: number },
  ): CommentRecord;
  editComment(repo: string, id: number, body: string): CommentRecord;
  deleteComment(repo: string, id: number): void;
  /** Close an issue as `login` (a person closing the approval issue). */
  closeIssue(repo: string, issue: number, login: string): IssueRecord;
  injectFault(fault: Fault): void;
  requests: RequestLogEntry[];
  /** Requests counted against the rate limit (optionally for one token name). */
  counted(tokenName?: string): number;
  stop(): Promise<void>;
}

export interface DoubleState {
  users: Map<string, UserRecord>;
  repos: Map<string, RepoRecord>;
  teams: Map<string, TeamRecord>;
  tokens: Map<string, TokenRecord>;
  faults: Array<Fault & { remaining: number }>;
  now: () => number;
  startedAt: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.message));
  }
}

const DOCS = 'https://docs.github.com/rest';

function notFound(doc = DOCS) {
  return new HttpError(404, { message: 'Not Found', documentation_url: doc, status: '404' });
}

function validation(
  errors: Array<Record<string, unknown>>,
  doc = DOCS,
  message = 'Validation Failed',
) {
  return new HttpError(422, { message, errors, documentation_url: doc, status: '422' });
}

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  /** Permission needed: [name, access]; undefined = metadata only. */
  permission?: [string, Access];
  handler: (req: Req) => Promise<Reply> | Reply;
}

interface Req {
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  token: TokenRecord;
  urls: Urls;
  /** Absolute URL of this request, for Link headers. */
  self: URL;
}

interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export async function startGitHubDouble(options: DoubleOptions = {}): Promise<GitHubDouble> {
  const now = options.now ?? (() => Date.now());
  const state: DoubleState = {
    users: new Map(),
    repos: new Map(),
    teams: new Map(),
    tokens: new Map(),
    faults: [],
    now,
    startedAt: now(),
  };
  const requests: RequestLogEntry[] = [];
  let nextId = 1000;
  const id = () => ++nextId;
  const routes: Route[] = [];

  function route(
    method: string,
    path: string,
    permission: [string, Access] | undefined,
    handler: Route['handler'],
  ) {
    const keys: string[] = [];
    const pattern = new RegExp(
      `^${path.replace(/\{(\w+)(\+?)\}/g, (_m, key: string, plus: string) => {
        keys.push(key);
        return plus ? '(.+)' : '([^/]+)';
      })}$`,
    );
    routes.push({ method, pattern, keys, permission, handler });
  }

  function addUser(login: string, opts: { type?: 'User' | 'Bot' | 'Organization' } = {}) {
    const existing = state.users.get(login.toLowerCase());
    if (existing) return existing;
    const type = opts.type ?? (login.endsWith('[bot]') ? 'Bot' : 'User');
    const user: UserRecord = { id: id(), login, type };
    state.users.set(login.toLowerCase(), user);
    return user;
  }

  function user(login: string): UserRecord {
    return state.users.get(login.toLowerCase()) ?? addUser(login);
  }

  function addRepo(full: string, opts: { defaultBranch?: string; private?: boolean } = {}) {
    const key = full.toLowerCase();
    const existing = state.repos.get(key);
    if (existing) return existing;
    const [owner, name] = full.split('/');
    addUser(owner);
    const defaultBranch = opts.defaultBranch ?? 'main';
    const repo: RepoRecord = {
      id: id(),
      owner,
      name,
      private: opts.private ?? true,
      defaultBranch,
      createdAt: now(),
      nextNumber: 1,
      issues: new Map(),
      comments: new Map(),
      labels: new Map(),
      deployments: new Map(),
      sarifs: new Map(),
      refs: new Map([
        [`refs/heads/${defaultBranch}`, { ref: `refs/heads/${defaultBranch}`, sha: fakeSha(full) }],
      ]),
    };
    state.repos.set(key, repo);
    return repo;
  }

  function getRepo(owner: string, name: string): RepoRecord {
    const repo = state.repos.get(`${owner}/${name}`.toLowerCase());
    if (repo) return repo;
    if (options.autoCreateRepos === false) throw notFound();
    return addRepo(`${owner}/${name}`);
  }

  function addTeam(org: string, slug: string, members: string[] = []) {
    addUser(org, { type: 'Organization' });
    const key = `${org}/${slug}`.toLowerCase();
    let team = state.teams.get(key);
    if (!team) {
      team = { id: id(), org, slug, name: slug, members: new Set(), maintainers: new Set() };
      state.teams.set(key, team);
    }
    for (const login of members) {
      addUser(login);
      team.members.add(login.toLowerCase());
    }
    return team;
  }

  function getTeam(org: string, slug: string): TeamRecord {
    const team = state.teams.get(`${org}/${slug}`.toLowerCase());
    if (!team) throw notFound(`${DOCS}/teams/teams#get-a-team-by-name`);
    return team;
  }

  function association(repo: RepoRecord, login: string): string {
    if (login.toLowerCase() === repo.owner.toLowerCase()) return 'OWNER';
    for (const team of state.teams.values()) {
      if (
        team.org.toLowerCase() === repo.owner.toLowerCase() &&
        team.members.has(login.toLowerCase())
      )
        return 'MEMBER';
    }
    return 'NONE';
  }

  function getIssue(repo: RepoRecord, number: string | number): IssueRecord {
    const issue = repo.issues.get(Number(number));
    if (!issue) throw notFound(`${DOCS}/issues/issues#get-an-issue`);
    return issue;
  }

  function getPull(repo: RepoRecord, number: string): IssueRecord {
    const issue = repo.issues.get(Number(number));
    if (!issue?.pull) throw notFound(`${DOCS}/pulls/pulls#get-a-pull-request`);
    return issue;
  }

  function ensureLabel(repo: RepoRecord, name: string) {
    let label = repo.labels.get(name);
    if (!label) {
      label = { id: id(), name, color: 'ededed', description: null };
      repo.labels.set(name, label);
    }
    return label;
  }

  function setAssignees(issue: IssueRecord, logins: unknown, doc: string) {
    if (!Array.isArray(logins)) return;
    const list = [...new Set(logins.map(String))];
    if (list.length > 10) {
      throw validation(
        [{ resource: 'Issue', field: 'assignees', code: 'invalid', value: list.join(',') }],
        doc,
      );
    }
    for (const login of list) {
      if (!state.users.has(login.toLowerCase())) {
        throw validation(
          [{ resource: 'Issue', field: 'assignees', code: 'invalid', value: login }],
          doc,
        );
      }
    }
    issue.assignees = list.map((login) => state.users.get(login.toLowerCase())!.login);
  }

  function touch(issue: IssueRecord) {
    issue.updatedAt = now();
  }

  function createComment(repo: RepoRecord, issue: IssueRecord, login: string, body: string) {
    addUser(login);
    const at = now();
    const comment: CommentRecord = {
      id: id(),
      issue: issue.number,
      user: user(login).login,
      body,
      createdAt: at,
      updatedAt: at,
    };
    repo.comments.set(comment.id, comment);
    touch(issue);
    return comment;
  }

  function closeIssueAs(issue: IssueRecord, login: string, reason: IssueRecord['stateReason']) {
    if (issue.state === 'closed') return;
    issue.state = 'closed';
    issue.closedAt = now();
    issue.closedBy = user(login).login;
    issue.stateReason = reason ?? 'completed';
    touch(issue);
  }

  const ctx = (urls: Urls): RenderContext => ({ urls, user, association });

  function paginate(req: Req, items: unknown[]): Reply {
    const perPage = Math.min(100, Math.max(1, Number(req.query.get('per_page') ?? 30) || 30));
    const page = Math.max(1, Number(req.query.get('page') ?? 1) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const link = (n: number, rel: string) => {
      const url = new URL(req.self);
      url.searchParams.set('per_page', String(perPage));
      url.searchParams.set('page', String(n));
      return `<${url.toString()}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page > 1) links.push(link(page - 1, 'prev'));
    if (page < last) links.push(link(page + 1, 'next'));
    if (page < last) links.push(link(last, 'last'));
    if (page > 1) links.push(link(1, 'first'));
    return { body: slice, headers: links.length ? { link: links.join(', ') } : {} };
  }

  function sinceFilter(req: Req) {
    const since = req.query.get('since');
    if (!since) return () => true;
    const at = Date.parse(since);
    if (Number.isNaN(at)) {
      throw validation([{ resource: 'Issue', field: 'since', code: 'invalid', value: since }]);
    }
    return (updatedAt: number) => Math.floor(updatedAt / 1000) * 1000 >= at;
  }

  // ---------------------------------------------------------------- users and teams
  route('GET', '/user', undefined, (req) => ({
    body: renderPublicUser(req.urls, user(req.token.login), state.startedAt),
  }));
  route('GET', '/users/{username}', undefined, (req) => {
    const found = state.users.get(req.params.username.toLowerCase());
    if (!found) throw notFound(`${DOCS}/users/users#get-a-user`);
    return { body: renderPublicUser(req.urls, found, state.startedAt) };
  });
  route('GET', '/orgs/{org}/teams/{team_slug}', ['members', 'read'], (req) => {
    const team = getTeam(req.params.org, req.params.team_slug);
    return { body: renderTeamFull(req.urls, team, user(team.org), state.startedAt) };
  });
  route('GET', '/orgs/{org}/teams/{team_slug}/members', ['members', 'read'], (req) => {
    const team = getTeam(req.params.org, req.params.team_slug);
    return paginate(
      req,
      [...team.members].map((login) => renderUser(req.urls, user(login))),
    );
  });
  route(
    'GET',
    '/orgs/{org}/teams/{team_slug}/memberships/{username}',
    ['members', 'read'],
    (req) => {
      const team = getTeam(req.params.org, req.params.team_slug);
      const login = req.params.username.toLowerCase();
      if (!team.members.has(login)) {
        throw notFound(`${DOCS}/teams/members#get-team-membership-for-a-user`);
      }
      return {
        body: {
          url: `${req.urls.api}/organizations/${user(team.org).id}/team/${team.id}/memberships/${user(login).login}`,
          role: team.maintainers.has(login) ? 'maintainer' : 'member',
          state: 'active',
        },
      };
    },
  );

  // ---------------------------------------------------------------- issues
  const ISSUES_DOC = `${DOCS}/issues/issues`;
  route('POST', '/repos/{owner}/{repo}/issues', ['issues', 'write'], (req) => {
    const repo = getRepo(req.params.owner, req.params.repo);
    const title = req.body.title;
    if (typeof title !== 'string' || title.trim() === '') {
      throw validation(
        [{ resource: 'Issue', code: 'missing_field', field: 'title' }],
        `${ISSUES_DOC}#create-an-issue`,
      );
    }
    const at = now();
    const issue: IssueRecord = {
      id: id(),
      number: repo.nextNumber++,
      title,
      body: typeof req.body.body === 'string' ? req.body.body : null,
      user: user(req.token.login).login,
      state: 'open',
      stateReason: null,
      labels: [],
      assignees: [],
      createdAt: at,
      updatedAt: at,
      closedAt: null,
      closedBy: null,
    };
    setAssignees(issue, req.body.assignees, `${ISSUES_DOC}#create-an-issue`);
    if (Array.isArray(req.body.labels)) {
      issue.labels = [
        ...new Set(
          req.body.labels.map(
            (l) =>
              ensureLabel(
                repo,
                String(typeof l === 'object' && l ? (l as { name: string }).name : l),
              ).name,
          ),
        ),
      ];
    }
    repo.issues.set(issue.number, issue);
    return { status: 201, body: renderIssue(ctx(req.urls), repo, issue) };
  });
  route('GET', '/repos/{owner}/{repo}/issues', ['issues', 'read'], (req) => {
    const repo = getRepo(req.params.owner, req.params.repo);
    const wanted = req.query.get('state') ?? 'open';
    const labels = (req.query.get('labels') ?? '').split(',').filter(Boolean);
    const since = sinceFilter(req);
    const items = [...repo.issues.values()]
      .filter((issue) => wanted === 'all' || issue.state === wanted)
      .filter((issue) => labels.every((label) => issue.labels.includes(label)))
      .filter((issue) => since(issue.updatedAt))
      .sort((a, b) => b.number - a.number)
      .map((issue) => renderIssue(ctx(req.urls), repo, issue));
    return paginate(req, items);
  });
  route('GET', '/repos/{owner}/{repo}/issues/{issue_number}', ['issues', 'read'], (req) => {
    const repo = getRepo(req.params.owner, req.params.repo);
    return { body: renderIssue(ctx(req.urls), repo, getIssue(repo, req.params.issue_number)) };
  });
  route('PATCH', '/repos/{owner}/{repo}/issues/{issue_number}', ['issues', 'write'], (req) => {
    const repo = getRepo(req.params.owner, req.params.repo);
    const issue = getIssue(repo, req.params.issue_number);
    const doc = `${ISSUES_DOC}#update-an-issue`;
    if (typeof req.body.title === 'string') issue.title = req.body.title;
    if (typeof req.body.body === 'string' || req.body.body === null)
      issue.body = req.body.body as string | null;
    setAssignees(issue, req.body.assignees, doc);
    if (Array.isArray(req.body.labels)) {
      issue.labels = [...new Set(req.body.labels.map((l) => ensureLabel(repo, String(l)).name))];
    }
    if (req.body.state === 'closed') {
      closeIssueAs(
        issue,
        req.token.login,
        (req.body.state_reason as IssueRecord['stateReason']) ?? 'completed',
      );
    } else if (req.body.state === 'open' && issue.state === 'closed') {
      issue.state = 'open';
      issue.closedAt = null;
      issue.closedBy = null;
      issue.stateReason = 'reopened';
    } else if (
      req.body.state !== undefined &&
      req.body.state !== 'open' &&
      req.body.state !== 'closed'
    ) {
      throw validation([{ resource: 'Issue', field: 'state', code: 'invalid' }], doc);
    }
    touch(issue);
    return { body: renderIssue(ctx(req.urls), repo, issue) };
  });
  route(
    'POST',
    '/repos/{owner}/{repo}/issues/{issue_number}/assignees',
    ['issues', 'write'],
    (req) => {
      const repo = getRepo(req.params.owner, req.params.repo);
      const issue = getIssue(repo, req.params.issue_number);
      const wanted = Array.isArray(req.body.assignees) ? req.body.assignees.map(String) : [];
      setAssignees(issue, [...issue.assignees, ...wanted], `${DOCS}/issues/assignees`);
      touch(issue);
      return { status: 201, body: renderIssue(ctx(req.urls), repo, issue) };
    },
  );
  route(
    'DELETE',
    '/repos/{owner}/{repo}/issues/{issue_number}/assignees',
    ['issues', 'write'],
    (req) => {
      const repo = getRepo(req.params.owner, req.params.repo);
      const issue = getIssue(repo, req.params.issue_number);
      const drop = new Set(
        (Array.isArray(req.body.assignees) ? req.body.assignees : []).map((a) =>
          String(a).toLowerCase(),
        ),
      );
      issue.assignees = issue.assignees.filter((login) => !drop.has(login.toLowerCase()));
      touch(issue);
      return { body: renderIssue(ctx(req.urls), repo, issue) };
    },
  );
  route('GET', '/repos/{owner}/{repo}/issues/{issue_number}/labels', ['issues', 'read'], (req) => {
    const repo = getRepo(req.params.owner, req.params.repo);
    const issue = getIssue(repo, req.params.issue_number);
    return paginate(
      req,
      issue.labels.map((name) => renderLabel(req.urls, repo, repo.labels.get(name)!)),
    );
  });
  route(
    'POST',
    '/repos/{owner}/{repo}/issues/{issue_number}/labels',
    ['issues', 'write'],
    (req) => {
      const repo = getRepo(req.params.owner, req.params.repo);
      const issue = getIssue(repo, req.params.issue_number);
      const raw = Array.isArray(req.body.labels)
        ? req.body.labels
        : Array.isArray(req.body)
          ? req.body
          : [];
      for (const l of raw as unknown[]) {
        const name = typeof l === 'object' && l ? String((l as { name: string }).name) : String(l);
        ensureLabel(repo, name);
        if (!issue.labels.includes(name)) issue.labels.push(name);
      }
      touch(issue);
      return {
        body: issue.labels.map((name) => renderLabel(req.urls, repo, repo.labels.get(name)!)),
      };
    },
  );
  route('GET', '/repos/{owner}/{repo}/labels', ['issues', 'read'], (req) => {
    const repo = getRepo(req.params.owner, req.params.repo);
    return paginate(
      req,
      [...repo.labels.values()].map((label) => renderLabel(req.urls, repo, label)),
    );
  });
  route('POST', '/repos/{owner}/{repo}/labels', ['issues', 'write'], (req) => {
    const repo = getRepo(req.params.owner, req.params.repo);
    const name = String(req.body.name ?? '');
    if (!name) throw validation([{ resource: 'Label', code: 'missing_field', field: 'name' }]);
    if (repo.labels.has(name)) {
      throw validation([{ resource: 'Label', code: 'already_exists', field: 'name' }]);
    }
    const label = ensureLabel(repo, name);
    if (typeof req.body.color === 'string') label.color = req.body.color.replace(/^#/, '');
    if (typeof req.body.description === 'string') label.description = req.body.description;
    return { status: 201, body: renderLabel(req.urls, repo, label) };
  });

  // ---------------------------------------------------------------- issue comments
  const COMMENTS_DOC = `${DOCS}/issues/comments`;
  route(
    'GET',
    '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    ['issues', 'read'],
    (req) => {
      const repo = getRepo(req.params.owner, req.params.repo);
      const issue = getIssue(repo, req.params.issue_number);
      const since = sinceFilter(req);
      const items = [...repo.comments.values()]
        .filter((comment) => comment.issue === issue.number && since(comment.updatedAt))
        .sort((a, b) => a.id - b.id)
        .map((comment) => renderComment(ctx(req.urls), repo, comment));
      return paginate(req, items);
    },
  );
  route(
    'POST',
    '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    ['issues', 'write'],
    (req) => {
      const repo = getRepo(req.params.owner, req.params.repo);
      const issue = getIssue(repo, req.params.issue_number);
      if (typeof req.body.body !== 'string' || req.body.body === '') {
        throw validation(
          [{ resource: 'IssueComment', code: 'missing_field', field: 'body' }],
          `${COMMENTS_DOC}#create-an-issue-comment`,
        );
      }
      const comment = createComment(repo, issue, req.token.login, req.body.body);
      return { status: 201, body: renderComment(ctx(req.urls), repo, comment) };
    },
  );
  route('GET', '/repos/{owner}/{repo}/issues/comments/{comment_id}', ['issues', 'read'], (req) => {
    const repo = getRepo(req.params.owner, req.params.repo);
    const comment = repo.comments.get(Number(req.params.comment_id));
    if (!comment) throw notFound(`${COMMENTS_DOC}#get-an-issue-comment`);
    return { body: renderComment(ctx(req.urls), repo, comment) };
  });
  route(
    'PATCH',
    '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    ['issues', 'write'],
    (req) => {
      const repo = getRepo(req.params.owner, req.params.repo);
      const comment = repo.comments.get(Number(req.params.comment_id));
      if (!comment) throw notFound(`${COMMENTS_DOC}#update-an-issue-comment`);
      comment.body = String(req.body.body ?? comment.body);
      comment.updatedAt = now();
      return { body: renderComment(ctx(req.urls), repo, comment) };
    },
  );

  route(
    'DELETE',
    '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    ['issues', 'write'],
    (req) => {
      const repo = getRepo(req.params.owner, req.params.repo);
      const comment = repo.comments.get(Number(req.params.comment_id));
      if (!comment) throw notFound(`${COMMENTS_DOC}#delete-an-issue-comment`);
      repo.comments.delete(comment.id);
      touch(getIssue(repo, comment.issue));
      return { status: 204 };
    },
  );

  // ---------------------------------------------------------------- deployments
  route('POST', '/repos/{owner}/{repo}/deployments', ['deployments', 'write'], (req) => {
    const repo = getRepo(req.params.owner, req.params.repo);
    const ref = String(req.body.ref ?? '');
    if (!ref) throw validation([{ resource: 'Deployment', code: 'missing_field', field: 'ref' }]);
    const branch = repo.refs.get(`refs/heads/${ref}`) ?? repo.refs.get(`refs/tags/${ref}`);
    const sha = /^[0-9a-f]{40}$/.test(ref) ? ref : (branch?.sha ?? fakeSha(`${repo.id}:${ref}`));
    const at = now();
    const environment = String(req.body.environment ?? 'production');
    const deployment: DeploymentRecord = {
      id: id(),
      sha,
      ref,
      task: String(req.body.task ?? 'deploy'),
      environment,
      description: typeof req.body.description === 'string' ? req.body.description : null,
      payload: (req.body.payload as Record<string, unknown>) ?? {},
      creator: req.token.login,
      transient: Boolean(req.body.transient_environment),
      production:
        req.body.production_environment === undefined
          ? environment === 'production'
          : Boolean(req.body.production_environment),
      createdAt: at,
      updatedAt: at,
      statuses: [],
    };
    repo.deployments.set(deployment.id, deployment);
    return { status: 201, body: renderDeployment(ctx(req.urls), repo, deployment) };
  });
  route('GET', '/repos/{owner}/{repo}/deployments', ['deployments', 'read'], (req) => {
    const repo = getRepo(req.params.owner, req.params.repo);
    const filters = ['sha', 'ref', 'task', 'environment'] as const;
    const items = [...repo.deployments.values()]
      .filter((d) => filters.every((key) => !req.query.get(key) || d[key] === req.query.get(key)))
      .sort((a, b) => b.id - a.id)
      .map((d) => renderDeployment(ctx(req.urls), repo, d));
    return paginate(req, items);
  });
  function getDeployment(repo: RepoRecord, idText: string) {
    const deployment = repo.deployments.get(Number(idText));
    if (!deployment) throw notFound(`${DOCS}/deployments/deployments#get-a-deployment`);
    return deployment;
  }
  route(
    'GET',
    '/repos/{owner}/{repo}/deployments/{deployment_id}',
    ['deployments', 'read'],
    (req) => {
      const repo = getRepo(req.params.owner, req.params.repo);
      return {
        body: renderDeployment(ctx(req.urls), repo, getDeployment(repo, req.params.deployment_id)),
      };
    },
  );
  const STATES = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'];
  route(
    'POST',
    '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
    ['deployments', 'write'],
    (req) => {
      const repo = getRepo(req.params.owner, req.params.repo);
      const deployment = getDeployment(repo, req.params.deployment_id);
      const stateName = String(req.body.state ?? '');
      if (!STATES.includes(stateName)) {
        throw validation([
          { resource: 'DeploymentStatus', code: 'invalid', field: 'state', value: stateName },
        ]);
      }
      const status = {
        id: id(),
        state: stateName,
        description: String(req.body.description ?? ''),
        environment: String(req.body.environment ?? deployment.environment),
        targetUrl: String(req.body.target_url ?? req.body.log_url ?? ''),
        logUrl: String(req.body.log_url ?? req.body.target_url ?? ''),
        environmentUrl: String(req.body.environment_url ?? ''),
        creator: req.token.login,
        createdAt: now(),
      };
      deployment.statuses.push(status);
      deployment.updatedAt = status.createdAt;
      if (req.body.auto_inactive !== false && stateName === 'success') {
        for (const other of repo.deployments.values()) {
          if (other !== deployment && other.environment === deployment.environment) {
            const last = other.statuses.at(-1);
            if (last && last.state === 'success') {
              other.statuses.push({ ...last, id: id(), state: 'inactive', createdAt: now() });
            }
          }
        }
      }
      return { status: 201, body: renderDeploymentStatus(ctx(req.urls), repo, deployment, status) };
    },
  );
  route(
    'GET',
    '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
    ['deployments', 'read'],
    (req) => {
      const repo = getRepo(req.params.owner, req.params.repo);
      const deployment = getDeployment(repo, req.params.deployment_id);
      return paginate(
        req,
        [...deployment.statuses]
          .reverse()
          .map((s) => renderDeploymentStatus(ctx(req.urls), repo, deployment, s)),
      );
    },
  );

  // ---------------------------------------------------------------- code scanning
  const SARIF_DOC = `${DOCS}/code-scanning/code-scanning#upload-an-analysis-as-sarif-data`;
  route(
    'POST',
    '/repos/{owner}/{repo}/code-scanning/sarifs',
    ['security_events', 'write'],
    (req) => {
      const repo = getRepo(req.params.owner, req.params.repo);
      const commitSha = String(req.body.commit_sha ?? '');
      const ref = String(req.body.ref ?? '');
      const errors: Array<Record<string, unknown>> = [];
      if (!/^[0-9a-f]{40}$/.test(commitSha))
        errors.push({ resource: 'SarifUpload', field: 'commit_sha', code: 'invalid' });
      if (!/^refs\/(heads|tags|pull)\/.+/.test(ref))
        errors.push({ resource: 'SarifUpload', field: 'ref', code: 'invalid' });
      if (typeof req.body.sarif !== 'string')
        errors.push({ resource: 'SarifUpload', field: 'sarif', code: 'missing_field' });
      if (errors.length) throw validation(errors, SARIF_DOC);
      let sarif: unknown;
      try {
        sarif = JSON.parse(
          gunzipSync(Buffer.from(String(req.body.sarif), 'base64')).toString('utf8'),
        );
      } catch {
        throw new HttpError(400, {
          message:
            'Invalid request.\n\nThe sarif field must be a gzip-compressed, base64-encoded SARIF file.',
          documentation_url: SARIF_DOC,
          status: '400',
        });
      }
      const doc = sarif as { version?: unknown; runs?: unknown };
      if (doc.version !== '2.1.0' || !Array.isArray(doc.runs)) {
        throw new HttpError(400, {
          message: 'Invalid SARIF: version must be 2.1.0 and runs must be an array',
          documentation_url: SARIF_DOC,
          status: '400',
        });
      }
      const upload = {
        id: `${randomBytes(4).toString('hex')}-${randomBytes(2).toString('hex')}-11ee-98fe-${randomBytes(6).toString('hex')}`,
        commitSha,
        ref,
        toolName: typeof req.body.tool_name === 'string' ? req.body.tool_name : undefined,
        checkoutUri: typeof req.body.checkout_uri === 'string' ? req.body.checkout_uri : undefined,
        sarif,
        createdAt: now(),
      };
      repo.sarifs.set(upload.id, upload);
      return {
        status: 202,
        body: {
          id: upload.id,
          url: `${req.urls.api}/repos/${repo.owner}/${repo.name}/code-scanning/sarifs/${upload.id}`,
        },
      };
    },
  );
  route(
    'GET',
    '/repos/{owner}/{repo}/code-scanning/sarifs/{sarif_id}',
    ['security_events', 'read'],
    (req) => {
      const repo = getRepo(req.params.owner, req.params.repo);
      const upload = repo.sarifs.get(req.params.sarif_id);
      if (!upload)
        throw notFound(`${DOCS}/code-scanning/code-scanning#get-information-about-a-sarif-upload`);
      return {
        body: {
          processing_status: 'complete',
          analyses_url: `${req.urls.api}/repos/${repo.owner}/${repo.name}/code-scanning/analyses?sarif_id=${upload.id}`,
          errors: null,
        },
      };
    },
  );

  // ---------------------------------------------------------------- pulls
  const PULLS_DOC = `${DOCS}/pulls/pulls`;
  const teamJson = (urls: Urls, org: string) => (slug: string) => {
    const team = state.teams.get(`${org}/${slug}`.toLowerCase()) ?? addTeam(org, slug);
    return renderTeam(urls, team, user(team.org).id);
  };
  const pullJson = (req: Req, repo: RepoRecord, issue: IssueRecord, full: boolean) =>
    renderPull(ctx(req.urls), repo, issue, teamJson(req.urls, repo.owner), { full });
  route('POST', '/repos/{owner}/{repo}/pulls', ['pull_requests', 'write'], (req) => {
    const repo = getRepo(req.params.owner, req.params.repo);
    const doc = `${PULLS_DOC}#create-a-pull-request`;
    const headText = String(req.body.head ?? '');
    const base = String(req.body.base ?? '');
    const missing = ['head', 'base'].filter((key) => !req.body[key]);
    if (!req.body.title && !req.body.issue) missing.push('title');
    if (missing.length) {
      throw validation(
        missing.map((field) => ({ resource: 'PullRequest', code: 'missing_field', field })),
        doc,
      );
    }
    const [headOwner, head] = headText.includes(':')
      ? headText.split(':', 2)
      : [repo.owner, headText];
    if (head === base && headOwner.toLowerCase() === repo.owner.toLowerCase()) {
      throw validation(
        [
          {
            resource: 'PullRequest',
            code: 'custom',
            message: `No commits between ${base} and ${head}`,
          },
        ],
        doc,
      );
    }
    for (const existing of repo.issues.values()) {
      if (
        existing.pull &&
        existing.state === 'open' &&
        existing.pull.head === head &&
        existing.pull.base === base &&
        existing.pull.headOwner.toLowerCase() === headOwner.toLowerCase()
      ) {
        throw validation(
          [
            {
              resource: 'PullRequest',
              code: 'custom',
              message: `A pull request already exists for ${headOwner}:${head}.`,
            },
          ],
          doc,
        );
      }
    }
    const at = now();
    const issue: IssueRecord = {
      id: id(),
      number: repo.nextNumber++,
      title: String(req.body.title),
      body: typeof req.body.body === 'string' ? req.body.body : null,
      user: user(req.token.login).login,
      state: 'open',
      stateReason: null,
      labels: [],
      assignees: [],
      createdAt: at,
      updatedAt: at,
      closedAt: null,
      closedBy: null,
      pull: {
        head,
        headOwner: user(headOwner).login,
        base,
        headSha: repo.refs.get(`refs/heads/${head}`)?.sha ?? fakeSha(`${repo.id}:${head}:${at}`),
        baseSha: repo.refs.get(`refs/heads/${base}`)?.sha ?? fakeSha(`${repo.id}:${base}`),
        draft: Boolean(req.body.draft),
        merged: false,
        requestedReviewers: [],
        requestedTeams: [],
        maintainerCanModify: req.body.maintainer_can_modify !== false,
      },
    };
    repo.issues.set(issue.number, issue);
    return { status: 201, body: pullJson(req, repo, issue, true) };
  });
  route('GET', '/repos/{owner}/{repo}/pulls', ['pull_requests', 'read'], (req) => {
    const repo = getRepo(req.params.owner, req.params.repo);
    const wanted = req.query.get('state') ?? 'open';
    const head = req.query.get('head');
    const base = req.query.get('base');
    const items = [...repo.issues.values()]
      .filter((issue) => issue.pull)
      .filter((issue) => wanted === 'all' || issue.state === wanted)
      .filter((issue) => {
        if (!head) return true;
        const [owner, branch] = head.includes(':') ? head.split(':', 2) : [head, undefined];
        if (owner.toLowerCase() !== issue.pull!.headOwner.toLowerCase()) return false;
        return branch === undefined || branch === issue.pull!.head;
      })
      .filter((issue) => !base || issue.pull!.base === base)
      .sort((a, b) =>
        req.query.get('direction') === 'asc'
          ? a.createdAt - b.createdAt || a.number - b.number
          : b.createdAt - a.createdAt || b.number - a.number,
      )
      .map((issue) => pullJson(req, repo, issue, false));
    return paginate(req, items);
  });
  route('GET', '/repos/{owner}/{repo}/pulls/{pull_number}', ['pull_requests', 'read'], (req) => {
    const repo = getRepo(req.params.owner, req.params.repo);
    return { body: pullJson(req, repo, getPull(repo, req.params.pull_number), true) };
  });
  route('PATCH', '/repos/{owner}/{repo}/pulls/{pull_number}', ['pull_requests', 'write'], (req) => {
    const repo = getRepo(req.params.owner, req.params.repo);
    const issue = getPull(repo, req.params.pull_number);
    if (typeof req.body.title === 'string') issue.title = req.body.title;
    if (typeof req.body.body === 'string') issue.body = req.body.body;
    if (typeof req.body.base === 'string') issue.pull!.base = req.body.base;
    if (req.body.state === 'closed') closeIssueAs(issue, req.token.login, 'completed');
    if (req.body.state === 'open' && issue.state === 'closed') {
      issue.state = 'open';
      issue.closedAt = null;
      issue.closedBy = null;
    }
    if (typeof req.body.maintainer_can_modify === 'boolean')
      issue.pull!.maintainerCanModify = req.body.maintainer_can_modify;
    touch(issue);
    return { body: pullJson(req, repo, issue, true) };
  });
  route(
    'GET',
    '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers',
    ['pull_requests', 'read'],
    (req) => {
      const repo = getRepo(req.params.owner, req.params.repo);
      const issue = getPull(repo, req.params.pull_number);
      return {
        body: {
          users: issue.pull!.requestedReviewers.map((login) => renderUser(req.urls, user(login))),
          teams: issue.pull!.requestedTeams.map(teamJson(req.urls, repo.owner)),
        },
      };
    },
  );
  route(
    'POST',
    '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers',
    ['pull_requests', 'write'],
    (req) => {
      const repo = getRepo(req.params.owner, req.params.repo);
      const issue = getPull(repo, req.params.pull_number);
      const doc = `${DOCS}/pulls/review-requests#request-reviewers-for-a-pull-request`;
      const reviewers = Array.isArray(req.body.reviewers) ? req.body.reviewers.map(String) : [];
      const teams = Array.isArray(req.body.team_reviewers)
        ? req.body.team_reviewers.map(String)
        : [];
      for (const login of reviewers) {
        if (!state.users.has(login.toLowerCase())) {
          throw validation(
            [],
            doc,
            'Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ' +
              `${repo.owner}/${repo.name} repository.`,
          );
        }
        if (login.toLowerCase() === issue.user.toLowerCase()) {
          throw validation([], doc, 'Review cannot be requested from pull request author.');
        }
      }
      for (const slug of teams) {
        if (!state.teams.has(`${repo.owner}/${slug}`.toLowerCase())) {
          throw validation(
            [],
            doc,
            'Reviews may only be requested from collaborators. One or more of the teams you specified is not a collaborator of the ' +
              `${repo.owner}/${repo.name} repository.`,
          );
        }
      }
      for (const login of reviewers) {
        const name = user(login).login;
        if (!issue.pull!.requestedReviewers.includes(name))
          issue.pull!.requestedReviewers.push(name);
      }
      for (const slug of teams)
        if (!issue.pull!.requestedTeams.includes(slug)) issue.pull!.requestedTeams.push(slug);
      touch(issue);
      return { status: 201, body: pullJson(req, repo, issue, false) };
    },
  );
  route(
    'DELETE',
    '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers',
    ['pull_requests', 'write'],
    (req) => {
      const repo = getRepo(req.params.owner, req.params.repo);
      const issue = getPull(repo, req.params.pull_number);
      const users = new Set(
        (Array.isArray(req.body.reviewers) ? req.body.reviewers : []).map((r) =>
          String(r).toLowerCase(),
        ),
      );
      const teams = new Set(
        (Array.isArray(req.body.team_reviewers) ? req.body.team_reviewers : []).map(String),
      );
      issue.pull!.requestedReviewers = issue.pull!.requestedReviewers.filter(
        (l) => !users.has(l.toLowerCase()),
      );
      issue.pull!.requestedTeams = issue.pull!.requestedTeams.filter((t) => !teams.has(t));
      return { body: pullJson(req, repo, issue, false) };
    },
  );

  // ---------------------------------------------------------------- git refs
  const REFS_DOC = `${DOCS}/git/refs`;
  route('GET', '/repos/{owner}/{repo}/git/ref/{ref+}', ['contents', 'read'], (req) => {
    const repo = getRepo(req.params.owner, req.params.repo);
    const ref = repo.refs.get(`refs/${req.params.ref}`);
    if (!ref) throw notFound(`${REFS_DOC}#get-a-reference`);
    return { body: renderRef(req.urls, repo, ref) };
  });
  route('GET', '/repos/{owner}/{repo}/git/matching-refs/{ref+}', ['contents', 'read'], (req) => {
    const repo = getRepo(req.params.owner, req.params.repo);
    const prefix = `refs/${req.params.ref}`;
    return paginate(
      req,
      [...repo.refs.values()]
        .filter((r) => r.ref.startsWith(prefix))
        .map((r) => renderRef(req.urls, repo, r)),
    );
  });
  route('POST', '/repos/{owner}/{repo}/git/refs', ['contents', 'write'], (req) => {
    const repo = getRepo(req.params.owner, req.params.repo);
    const ref = String(req.body.ref ?? '');
    const sha = String(req.body.sha ?? '');
    if (!/^refs\/.+\/.+/.test(ref)) {
      throw validation(
        [],
        `${REFS_DOC}#create-a-reference`,
        `${ref || 'ref'} is not a valid ref name.`,
      );
    }
    if (!/^[0-9a-f]{40}$/.test(sha))
      throw validation([], `${REFS_DOC}#create-a-reference`, 'Object does not exist');
    if (repo.refs.has(ref))
      throw validation([], `${REFS_DOC}#create-a-reference`, 'Reference already exists');
    const record = { ref, sha };
    repo.refs.set(ref, record);
    return { status: 201, body: renderRef(req.urls, repo, record) };
  });
  route('PATCH', '/repos/{owner}/{repo}/git/refs/{ref+}', ['contents', 'write'], (req) => {
    const repo = getRepo(req.params.owner, req.params.repo);
    const record = repo.refs.get(`refs/${req.params.ref}`);
    if (!record) throw validation([], `${REFS_DOC}#update-a-reference`, 'Reference does not exist');
    const sha = String(req.body.sha ?? '');
    if (!/^[0-9a-f]{40}$/.test(sha))
      throw validation([], `${REFS_DOC}#update-a-reference`, 'Object does not exist');
    record.sha = sha;
    return { body: renderRef(req.urls, repo, record) };
  });
  route('DELETE', '/repos/{owner}/{repo}/git/refs/{ref+}', ['contents', 'write'], (req) => {
    const repo = getRepo(req.params.owner, req.params.repo);
    if (!repo.refs.delete(`refs/${req.params.ref}`)) {
      throw validation([], `${REFS_DOC}#delete-a-reference`, 'Reference does not exist');
    }
    return { status: 204 };
  });

  // ---------------------------------------------------------------- HTTP plumbing
  function rateHeaders(token: TokenRecord | undefined): Record<string, string> {
    if (!token) return {};
    const at = now();
    if (at >= token.resetAt) {
      token.used = 0;
      token.resetAt = at + 3_600_000;
    }
    return {
      'x-ratelimit-limit': String(token.limit),
      'x-ratelimit-remaining': String(Math.max(0, token.limit - token.used)),
      'x-ratelimit-used': String(token.used),
      'x-ratelimit-reset': String(Math.ceil(token.resetAt / 1000)),
      'x-ratelimit-resource': 'core',
    };
  }

  async function readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  function send(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string>,
  ) {
    const text = body === undefined || status === 204 || status === 304 ? '' : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
      'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(),
      'access-control-expose-headers':
        'ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset',
      vary: 'Accept, Authorization, Cookie, X-GitHub-OTP',
      ...headers,
      'content-length': String(Buffer.byteLength(text)),
    });
    res.end(text);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const method = (req.method ?? 'GET').toUpperCase();
    const host = req.headers.host ?? '127.0.0.1';
    const full = new URL(req.url ?? '/', `http://${host}`);
    const ghes = full.pathname.startsWith('/api/v3/') || full.pathname === '/api/v3';
    const path = ghes ? full.pathname.slice('/api/v3'.length) || '/' : full.pathname;
    const urls: Urls = { api: `http://${host}${ghes ? '/api/v3' : ''}`, html: `http://${host}` };
    const entry: RequestLogEntry = {
      at: now(),
      method,
      path: path + full.search,
      status: 0,
      counted: false,
      conditional: Boolean(req.headers['if-none-match']),
      ghes,
    };
    requests.push(entry);
    const raw = await readBody(req);
    const auth = String(req.headers.authorization ?? '');
    const tokenText = /^(?:token|bearer)\s+(.+)$/i.exec(auth)?.[1]?.trim();
    const token = tokenText ? state.tokens.get(tokenText) : undefined;
    let headers: Record<string, string> = {};
    const reply = (status: number, body: unknown, extra: Record<string, string> = {}) => {
      entry.status = status;
      send(res, status, body, { ...headers, ...extra });
    };
    if (!token) {
      reply(401, {
        message: tokenText ? 'Bad credentials' : 'Requires authentication',
        documentation_url: DOCS,
        status: '401',
      });
      return;
    }
    entry.token = token.name;
    headers = rateHeaders(token);
    // Faults come first: a 502 from the edge, a secondary rate limit.
    const fault = state.faults.find(
      (f) =>
        f.remaining > 0 &&
        (!f.method || f.method.toUpperCase() === method) &&
        (!f.path || (typeof f.path === 'string' ? path.startsWith(f.path) : f.path.test(path))),
    );
    if (fault) {
      fault.remaining--;
      token.used++;
      entry.counted = true;
      headers = rateHeaders(token);
      if (fault.status === 403 || fault.status === 429) {
        reply(
          fault.status,
          {
            message:
              'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
              `If you reach out to GitHub Support for help, please include the request ID ${randomBytes(8).toString('hex').toUpperCase()}.`,
            documentation_url:
              'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
            status: String(fault.status),
          },
          fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {},
        );
      } else {
        reply(fault.status, {
          message: fault.status === 502 ? 'Server Error' : 'Service Unavailable',
        });
      }
      return;
    }
    if (token.used >= token.limit) {
      reply(403, {
        message: `API rate limit exceeded for installation. If you reach out to GitHub Support for help, please include the request ID.`,
        documentation_url:
          'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-rate-limit',
        status: '403',
      });
      return;
    }
    const candidates = routes.filter((r) => r.pattern.test(path));
    const found = candidates.find((r) => r.method === method);
    if (!found) {
      token.used++;
      entry.counted = true;
      headers = rateHeaders(token);
      reply(candidates.length ? 405 : 404, {
        message: 'Not Found',
        documentation_url: DOCS,
        status: '404',
      });
      return;
    }
    const match = found.pattern.exec(path)!;
    const params: Record<string, string> = {};
    found.keys.forEach((key, index) => {
      params[key] = decodeURIComponent(match[index + 1]);
    });
    if (found.permission) {
      const [name, access] = found.permission;
      const have = token.permissions[name];
      const rank = { read: 1, write: 2, admin: 3 };
      if (!have || rank[have] < rank[access]) {
        token.used++;
        entry.counted = true;
        headers = rateHeaders(token);
        reply(
          403,
          {
            message: 'Resource not accessible by integration',
            documentation_url: DOCS,
            status: '403',
          },
          { 'x-accepted-github-permissions': `${name}=${access}` },
        );
        return;
      }
    }
    let body: Record<string, unknown> = {};
    if (raw.length) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        token.used++;
        entry.counted = true;
        reply(400, { message: 'Problems parsing JSON', documentation_url: DOCS, status: '400' });
        return;
      }
    }
    let result: Reply;
    try {
      result = await found.handler({
        method,
        params,
        query: full.searchParams,
        body,
        token,
        urls,
        self: new URL(`${urls.api}${path}${full.search}`),
      });
    } catch (error) {
      token.used++;
      entry.counted = true;
      headers = rateHeaders(token);
      if (error instanceof HttpError) {
        reply(error.status, error.body, error.headers);
        return;
      }
      reply(500, { message: `double: ${(error as Error).message}` });
      return;
    }
    const status = result.status ?? 200;
    if (method === 'GET' && status === 200) {
      const etag = `W/"${createHash('sha256')
        .update(JSON.stringify(result.body))
        .update(result.headers?.link ?? '')
        .digest('hex')}"`;
      const extra = {
        etag,
        'cache-control': 'private, max-age=60, s-maxage=60',
        ...result.headers,
      };
      const sent = String(req.headers['if-none-match'] ?? '')
        .split(',')
        .map((tag) => tag.trim());
      if (sent.includes(etag)) {
        reply(304, undefined, extra); // not counted, as on github.com
        return;
      }
      token.used++;
      entry.counted = true;
      headers = rateHeaders(token);
      reply(200, result.body, extra);
      return;
    }
    token.used++;
    entry.counted = true;
    headers = rateHeaders(token);
    reply(status, result.body, result.headers ?? {});
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) send(res, 500, { message: String(error) }, {});
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    ghesUrl: `${url}/api/v3`,
    htmlUrl: url,
    state,
    requests,
    addUser,
    addRepo,
    addTeam,
    addTeamMember(org, slug, login) {
      addTeam(org, slug, [login]);
    },
    removeTeamMember(org, slug, login) {
      getTeam(org, slug).members.delete(login.toLowerCase());
    },
    token(name = 'github-actions[bot]', permissions = ALL_PERMISSIONS) {
      addUser(name);
      const token = `ghs_${randomBytes(18).toString('base64url')}`;
      state.tokens.set(token, {
        token,
        name,
        login: user(name).login,
        permissions: { metadata: 'read', ...permissions },
        used: 0,
        limit: options.rateLimit ?? 5000,
        resetAt: now() + 3_600_000,
      });
      return token;
    },
    addComment(repoName, issueNumber, login, body, opts = {}) {
      const repo = addRepo(repoName);
      const comment = createComment(repo, getIssue(repo, issueNumber), login, body);
      if (opts.at !== undefined) {
        comment.createdAt = opts.at;
        comment.updatedAt = opts.at;
      }
      return comment;
    },
    editComment(repoName, commentId, body) {
      const repo = addRepo(repoName);
      const comment = repo.comments.get(commentId);
      if (!comment) throw new Error(`no comment ${commentId} in ${repoName}`);
      comment.body = body;
      comment.updatedAt = now();
      return comment;
    },
    deleteComment(repoName, commentId) {
      const repo = addRepo(repoName);
      const comment = repo.comments.get(commentId);
      if (!comment) throw new Error(`no comment ${commentId} in ${repoName}`);
      repo.comments.delete(commentId);
      touch(getIssue(repo, comment.issue));
    },
    closeIssue(repoName, issueNumber, login) {
      const repo = addRepo(repoName);
      const issue = getIssue(repo, issueNumber);
      closeIssueAs(issue, login, 'not_planned');
      return issue;
    },
    injectFault(fault) {
      state.faults.push({ ...fault, remaining: fault.times ?? 1 });
    },
    counted(tokenName) {
      return requests.filter((r) => r.counted && (!tokenName || r.token === tokenName)).length;
    },
    stop() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
