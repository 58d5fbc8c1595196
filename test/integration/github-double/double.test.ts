/**
 * The GitHub API double, driven by the suite's real client (Octokit with retry + throttling over
 * HTTP): every response body is validated against GitHub's OpenAPI description, shapes are
 * compared with recorded real responses, and the ETag / rate-limit / permission / fault
 * behaviour the actions rely on is checked.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { jest } from '@jest/globals';
import {
  createGitHubClient,
  GitHubApiError,
  type GitHubClient,
} from '../../../src/shared/github.js';
import { startGitHubDouble, type GitHubDouble } from '../../stack/github/index.js';
import { validateComponent, validateResponse } from '../../stack/github/openapi.js';

jest.setTimeout(120_000);

const FIXTURES = '/work/shared/fixtures/github/responses';
const fixture = (name: string) => JSON.parse(readFileSync(`${FIXTURES}/${name}`, 'utf8'));

interface Seen {
  method: string;
  template: string;
  status: number;
  body: unknown;
}

let gh: GitHubDouble;
let octokit: GitHubClient;
const seen: Seen[] = [];
const owner = 'acme';
const repo = 'shop';

function client(token: string, baseUrl = gh.url) {
  const o = createGitHubClient({
    token,
    baseUrl,
    retryAfterBaseMs: 5,
    spaceWrites: false,
    log: () => undefined,
  });
  o.hook.after('request', (response, options) => {
    seen.push({
      method: String(options.method),
      template: String(options.url),
      status: response.status,
      body: response.data,
    });
  });
  return o;
}

function lastBody(template: string, method = 'GET') {
  const found = [...seen].reverse().find((s) => s.template === template && s.method === method);
  if (!found) throw new Error(`no response seen for ${method} ${template}`);
  return found.body as Record<string, unknown>;
}

/** Key → JSON type, for comparing shapes with recorded responses. */
function shape(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    out[key] = inner === null ? 'null' : Array.isArray(inner) ? 'array' : typeof inner;
  }
  return out;
}

/** Every field of the recorded response exists in ours with the same JSON type (null = any). */
function expectSameShape(ours: unknown, recorded: unknown, allowedMissing: string[] = []) {
  const a = shape(ours);
  const b = shape(recorded);
  const problems: string[] = [];
  for (const [key, type] of Object.entries(b)) {
    if (allowedMissing.includes(key)) continue;
    if (!(key in a)) problems.push(`missing ${key}`);
    else if (type !== 'null' && a[key] !== 'null' && a[key] !== type) {
      problems.push(`${key}: ${a[key]} instead of ${type}`);
    }
  }
  expect(problems).toEqual([]);
}

beforeAll(async () => {
  gh = await startGitHubDouble();
  gh.addRepo(`${owner}/${repo}`);
  gh.addTeam(owner, 'platform-team', ['alice', 'bob']);
  gh.addUser('carol');
  octokit = client(gh.token('github-actions[bot]'));
});

afterAll(async () => {
  await gh?.stop();
});

describe('responses conform to the OpenAPI description', () => {
  test('issues, comments, labels, assignees', async () => {
    const created = await octokit.rest.issues.create({
      owner,
      repo,
      title: 'Approve deploy',
      body: 'please',
      labels: ['approval'],
      assignees: ['alice', 'bob'],
    });
    expect(created.status).toBe(201);
    const number = created.data.number;
    await octokit.rest.issues.get({ owner, repo, issue_number: number });
    await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body: 'lgtm' });
    await octokit.rest.issues.listComments({ owner, repo, issue_number: number });
    const comment = lastBody('/repos/{owner}/{repo}/issues/{issue_number}/comments', 'POST');
    await octokit.rest.issues.updateComment({
      owner,
      repo,
      comment_id: comment.id as number,
      body: 'edited',
    });
    await octokit.rest.issues.getComment({ owner, repo, comment_id: comment.id as number });
    await octokit.rest.issues.addLabels({ owner, repo, issue_number: number, labels: ['prod'] });
    await octokit.rest.issues.listLabelsOnIssue({ owner, repo, issue_number: number });
    await octokit.rest.issues.addAssignees({
      owner,
      repo,
      issue_number: number,
      assignees: ['carol'],
    });
    await octokit.rest.issues.removeAssignees({
      owner,
      repo,
      issue_number: number,
      assignees: ['carol'],
    });
    await octokit.rest.issues.createLabel({ owner, repo, name: 'oasis', color: 'ff0000' });
    await octokit.rest.issues.listLabelsForRepo({ owner, repo });
    const closed = await octokit.rest.issues.update({
      owner,
      repo,
      issue_number: number,
      state: 'closed',
      state_reason: 'completed',
    });
    expect(closed.data.state).toBe('closed');
    expect(closed.data.closed_by?.login).toBe('github-actions[bot]');
    await octokit.rest.issues.listForRepo({ owner, repo, state: 'all' });
  });

  test('users and teams', async () => {
    await octokit.rest.users.getByUsername({ username: 'alice' });
    await octokit.rest.teams.getByName({ org: owner, team_slug: 'platform-team' });
    const members = await octokit.rest.teams.listMembersInOrg({
      org: owner,
      team_slug: 'platform-team',
    });
    expect(members.data.map((m) => m.login).sort()).toEqual(['alice', 'bob']);
    const membership = await octokit.rest.teams.getMembershipForUserInOrg({
      org: owner,
      team_slug: 'platform-team',
      username: 'alice',
    });
    expect(membership.data.state).toBe('active');
    const error = await octokit.rest.teams
      .getMembershipForUserInOrg({ org: owner, team_slug: 'platform-team', username: 'carol' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as GitHubApiError).status).toBe(404);
  });

  test('deployments and statuses', async () => {
    const deployment = await octokit.rest.repos.createDeployment({
      owner,
      repo,
      ref: 'main',
      environment: 'production',
      auto_merge: false,
      required_contexts: [],
      payload: { image: 'registry/app@sha256:abc' },
    });
    expect(deployment.status).toBe(201);
    const id = (deployment.data as { id: number }).id;
    await octokit.rest.repos.createDeploymentStatus({
      owner,
      repo,
      deployment_id: id,
      state: 'success',
      environment_url: 'https://shop.example',
      log_url: 'https://ci.example/run/1',
    });
    await octokit.rest.repos.listDeploymentStatuses({ owner, repo, deployment_id: id });
    await octokit.rest.repos.getDeployment({ owner, repo, deployment_id: id });
    await octokit.rest.repos.listDeployments({ owner, repo, environment: 'production' });
  });

  test('code scanning SARIF upload and its status', async () => {
    const sarif = readFileSync(
      '/work/shared/fixtures/trivy/sarif_image_trivy-0.57.1_3-results_golang-mux-api.sarif',
    );
    const upload = await octokit.rest.codeScanning.uploadSarif({
      owner,
      repo,
      commit_sha: 'a'.repeat(40),
      ref: 'refs/heads/main',
      sarif: gzipSync(sarif).toString('base64'),
      tool_name: 'trivy',
    });
    expect(upload.status).toBe(202);
    const status = await octokit.rest.codeScanning.getSarif({
      owner,
      repo,
      sarif_id: upload.data.id!,
    });
    expect(status.data.processing_status).toBe('complete');
    const stored = gh.state.repos.get(`${owner}/${repo}`)!.sarifs.get(upload.data.id!)!;
    expect((stored.sarif as { runs: unknown[] }).runs.length).toBe(1);
    const bad = await octokit.rest.codeScanning
      .uploadSarif({ owner, repo, commit_sha: 'nope', ref: 'main', sarif: 'x' })
      .catch((e: unknown) => e);
    expect((bad as GitHubApiError).status).toBe(422);
  });

  test('pull requests, reviewers and git refs', async () => {
    const sha = 'b'.repeat(40);
    await octokit.rest.git.createRef({ owner, repo, ref: 'refs/heads/oasis/bump', sha });
    await octokit.rest.git.getRef({ owner, repo, ref: 'heads/oasis/bump' });
    await octokit.rest.git.updateRef({
      owner,
      repo,
      ref: 'heads/oasis/bump',
      sha: 'c'.repeat(40),
      force: true,
    });
    await octokit.rest.git.listMatchingRefs({ owner, repo, ref: 'heads/oasis' });
    const pull = await octokit.rest.pulls.create({
      owner,
      repo,
      title: 'Deploy shop@sha256:abc',
      head: 'oasis/bump',
      base: 'main',
      body: 'bump',
    });
    expect(pull.status).toBe(201);
    const duplicate = await octokit.rest.pulls
      .create({ owner, repo, title: 'again', head: 'oasis/bump', base: 'main' })
      .catch((e: unknown) => e);
    expect((duplicate as GitHubApiError).status).toBe(422);
    expect((duplicate as Error).message).toMatch(/already exists/);
    const listed = await octokit.rest.pulls.list({
      owner,
      repo,
      head: `${owner}:oasis/bump`,
      base: 'main',
      state: 'open',
    });
    expect(listed.data.map((p) => p.number)).toEqual([pull.data.number]);
    const none = await octokit.rest.pulls.list({
      owner,
      repo,
      head: `${owner}:other`,
      state: 'open',
    });
    expect(none.data).toEqual([]);
    await octokit.rest.pulls.requestReviewers({
      owner,
      repo,
      pull_number: pull.data.number,
      reviewers: ['alice'],
      team_reviewers: ['platform-team'],
    });
    await octokit.rest.pulls.listRequestedReviewers({ owner, repo, pull_number: pull.data.number });
    await octokit.rest.issues.addLabels({
      owner,
      repo,
      issue_number: pull.data.number,
      labels: ['gitops'],
    });
    await octokit.rest.pulls.update({
      owner,
      repo,
      pull_number: pull.data.number,
      title: 'Deploy v2',
    });
    await octokit.rest.pulls.get({ owner, repo, pull_number: pull.data.number });
    await octokit.rest.git.deleteRef({ owner, repo, ref: 'heads/oasis/bump' });
  });

  test('every body seen so far validates', () => {
    expect(seen.length).toBeGreaterThanOrEqual(30);
    const problems: string[] = [];
    for (const s of seen) {
      if (s.status === 204) continue;
      const errors = validateResponse(s.method, s.template, s.status, s.body);
      if (errors.length)
        problems.push(`${s.method} ${s.template} ${s.status}: ${errors.slice(0, 3).join('; ')}`);
    }
    expect(problems).toEqual([]);
  });

  test('the validator rejects a body that breaks the schema', () => {
    const issue = seen.find((s) => s.template === '/repos/{owner}/{repo}/issues/{issue_number}')!;
    const broken = { ...(issue.body as Record<string, unknown>), number: 'one', user: undefined };
    const errors = validateResponse('GET', issue.template, 200, broken);
    expect(errors.join('\n')).toMatch(/number/);
  });

  test('error bodies have GitHub shapes', async () => {
    const weak = createGitHubClient({
      token: gh.token('weak', { issues: 'read' }),
      baseUrl: gh.url,
      spaceWrites: false,
      log: () => undefined,
    });
    const denied = (await weak.rest.issues
      .create({ owner, repo, title: 'x' })
      .catch((e) => e)) as GitHubApiError;
    const response = (
      denied.cause as { response: { data: unknown; headers: Record<string, string> } }
    ).response;
    expect(validateComponent('basic-error', response.data)).toEqual([]);
    expect(response.headers['x-accepted-github-permissions']).toBe('issues=write');
    const invalid = (await octokit.rest.issues
      .create({ owner, repo, title: '' })
      .catch((e) => e)) as GitHubApiError;
    expect(invalid.status).toBe(422);
    const body = (invalid.cause as { response: { data: unknown } }).response.data;
    expect(validateComponent('validation-error', body)).toEqual([]);
  });
});

describe('shapes match recorded real responses', () => {
  test('issue, comment, pull request, deployment, status, sarif, team membership', async () => {
    const issue = await octokit.rest.issues.create({ owner, repo, title: 'shape' });
    expectSameShape(issue.data, fixture('issue_get_GET_200_2025.json'), [
      // newer github.com fields the suite does not read
      'type',
      'sub_issues_summary',
      'issue_dependencies_summary',
      'pinned_comment',
      'issue_field_values',
      'parent_issue_url',
    ]);
    const comment = await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: issue.data.number,
      body: 'approve',
    });
    expectSameShape(comment.data, fixture('issue-comments_list_page1_GET_200_2024.json')[0]);
    expectSameShape(
      comment.data.user,
      fixture('issue-comments_list_page1_GET_200_2024.json')[0].user,
    );
    const pull = await octokit.rest.pulls.create({
      owner,
      repo,
      title: 's',
      head: 'shape',
      base: 'main',
    });
    expectSameShape(pull.data, fixture('pull-request_create_POST_201.json'));
    expectSameShape(pull.data.head.repo, fixture('pull-request_create_POST_201.json').head.repo);
    const deployment = await octokit.rest.repos.createDeployment({
      owner,
      repo,
      ref: 'main',
      required_contexts: [],
    });
    expectSameShape(deployment.data, fixture('deployment_create_POST_201.json'));
    const status = await octokit.rest.repos.createDeploymentStatus({
      owner,
      repo,
      deployment_id: (deployment.data as { id: number }).id,
      state: 'success',
    });
    expectSameShape(status.data, fixture('deployment-status_create_POST_201.json'));
    const upload = await octokit.rest.codeScanning.uploadSarif({
      owner,
      repo,
      commit_sha: 'd'.repeat(40),
      ref: 'refs/heads/main',
      sarif: gzipSync(JSON.stringify({ version: '2.1.0', runs: [] })).toString('base64'),
    });
    expectSameShape(upload.data, fixture('code-scanning_upload-sarif_POST_202.json'));
    const sarifStatus = await octokit.rest.codeScanning.getSarif({
      owner,
      repo,
      sarif_id: upload.data.id!,
    });
    expectSameShape(sarifStatus.data, fixture('code-scanning_get-sarif-upload_GET_200.json'));
    const membership = await octokit.rest.teams.getMembershipForUserInOrg({
      org: owner,
      team_slug: 'platform-team',
      username: 'bob',
    });
    expectSameShape(membership.data, fixture('team-membership_GET_200.json'));
    const members = await octokit.rest.teams.listMembersInOrg({
      org: owner,
      team_slug: 'platform-team',
    });
    expectSameShape(members.data[0], fixture('team-members_list_GET_200.json')[0]);
    const team = await octokit.rest.teams.getByName({ org: owner, team_slug: 'platform-team' });
    expectSameShape(team.data, fixture('team_get_GET_200.json'));
  });
});

describe('conditional requests and rate-limit accounting', () => {
  test('a matching If-None-Match gets 304 and is not counted', async () => {
    const token = gh.token('poller', { issues: 'read' });
    const poller = client(token);
    const issue = await octokit.rest.issues.create({ owner, repo, title: 'etag' });
    const first = await poller.rest.issues.listComments({
      owner,
      repo,
      issue_number: issue.data.number,
    });
    const used = Number(first.headers['x-ratelimit-used']);
    expect(first.headers.etag).toMatch(/^W\/"/);
    for (let i = 0; i < 5; i++) {
      const again = await poller.rest.issues
        .listComments({
          owner,
          repo,
          issue_number: issue.data.number,
          headers: { 'if-none-match': first.headers.etag },
        })
        .catch((e: { status?: number; response?: { headers: Record<string, string> } }) => e);
      expect((again as { status: number }).status).toBe(304);
    }
    expect(gh.counted('poller')).toBe(used);
    gh.addComment(`${owner}/${repo}`, issue.data.number, 'alice', 'approve');
    const changed = await poller.rest.issues.listComments({
      owner,
      repo,
      issue_number: issue.data.number,
      headers: { 'if-none-match': first.headers.etag },
    });
    expect(changed.status).toBe(200);
    expect(changed.data).toHaveLength(1);
    expect(Number(changed.headers['x-ratelimit-used'])).toBe(used + 1);
    expect(Number(changed.headers['x-ratelimit-remaining'])).toBe(5000 - used - 1);
  });

  test('comments paginate with Link headers and filter by since', async () => {
    const issue = await octokit.rest.issues.create({ owner, repo, title: 'many' });
    for (let i = 0; i < 7; i++)
      gh.addComment(`${owner}/${repo}`, issue.data.number, 'bob', `c${i}`);
    const page = await octokit.rest.issues.listComments({
      owner,
      repo,
      issue_number: issue.data.number,
      per_page: 3,
    });
    expect(page.headers.link).toMatch(/rel="next"/);
    expect(page.headers.link).toMatch(/rel="last"/);
    const all = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: issue.data.number,
      per_page: 3,
    });
    expect(all.map((c) => c.body)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const none = await octokit.rest.issues.listComments({
      owner,
      repo,
      issue_number: issue.data.number,
      since: future,
    });
    expect(none.data).toEqual([]);
  });
});

describe('auth, permissions and faults', () => {
  test('a bad token is a 401 naming the input', async () => {
    const bad = createGitHubClient({
      token: 'ghs_nope',
      baseUrl: gh.url,
      spaceWrites: false,
      tokenInput: 'github-token',
      log: () => undefined,
    });
    const error = (await bad.rest.issues
      .get({ owner, repo, issue_number: 1 })
      .catch((e) => e)) as GitHubApiError;
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/Bad credentials/);
    expect(error.message).toMatch(/'github-token'/);
  });

  test('a missing permission is a 403 naming it, for each family of routes', async () => {
    const none = createGitHubClient({
      token: gh.token('nothing', {}),
      baseUrl: gh.url,
      spaceWrites: false,
      log: () => undefined,
    });
    const cases: Array<[Promise<unknown>, RegExp]> = [
      [none.rest.issues.create({ owner, repo, title: 'x' }), /'issues: write'/],
      [none.rest.pulls.list({ owner, repo }), /'pull-requests: read'/],
      [
        none.rest.teams.getMembershipForUserInOrg({
          org: owner,
          team_slug: 'platform-team',
          username: 'bob',
        }),
        /'members: read'.*GITHUB_TOKEN can never have it/,
      ],
      [
        none.rest.codeScanning.uploadSarif({
          owner,
          repo,
          commit_sha: 'a'.repeat(40),
          ref: 'refs/heads/main',
          sarif: 'x',
        }),
        /'security-events: write'/,
      ],
      [none.rest.repos.createDeployment({ owner, repo, ref: 'main' }), /'deployments: write'/],
      [
        none.rest.git.createRef({ owner, repo, ref: 'refs/heads/x', sha: 'a'.repeat(40) }),
        /'contents: write'/,
      ],
    ];
    for (const [call, message] of cases) {
      const error = (await call.catch((e) => e)) as GitHubApiError;
      expect(error).toBeInstanceOf(GitHubApiError);
      expect(error.status).toBe(403);
      expect(error.message).toMatch(message);
    }
  });

  test('502s and secondary rate limits (403 and 429 with Retry-After) are retried', async () => {
    const before = gh.requests.length;
    gh.injectFault({ status: 502, times: 2, path: '/repos/acme/shop/issues' });
    const a = await octokit.rest.issues.listForRepo({ owner, repo });
    expect(a.status).toBe(200);
    gh.injectFault({ status: 403, retryAfter: 1, times: 1 });
    const b = await octokit.rest.issues.listForRepo({ owner, repo });
    expect(b.status).toBe(200);
    gh.injectFault({ status: 429, retryAfter: 1, times: 1 });
    const c = await octokit.rest.issues.listForRepo({ owner, repo });
    expect(c.status).toBe(200);
    const statuses = gh.requests.slice(before).map((r) => r.status);
    expect(statuses).toEqual([502, 502, 200, 403, 200, 429, 200]);
  });

  test('a fault that outlasts the retries surfaces as an error', async () => {
    gh.injectFault({ status: 502, times: 10, path: '/users/alice' });
    const error = (await octokit.rest.users
      .getByUsername({ username: 'alice' })
      .catch((e) => e)) as GitHubApiError;
    expect(error.status).toBe(502);
    gh.state.faults.length = 0;
  });

  test('an exhausted primary rate limit is a 403 with remaining 0 and a reset time', async () => {
    const small = await startGitHubDouble({ rateLimit: 3 });
    try {
      const limited = createGitHubClient({
        token: small.token('ci'),
        baseUrl: small.url,
        spaceWrites: false,
        log: () => undefined,
      });
      for (let i = 0; i < 3; i++) await limited.rest.users.getByUsername({ username: 'ci' });
      const error = (await limited.rest.users
        .getByUsername({ username: 'ci' })
        .catch((e) => e)) as GitHubApiError;
      expect(error.status).toBe(403);
      expect(error.headers['x-ratelimit-remaining']).toBe('0');
      expect(Number(error.headers['x-ratelimit-reset']) * 1000).toBeGreaterThan(Date.now());
      // GitHub asks to wait ~an hour: the client gives up at once instead of hanging the job.
      expect(error.message).toMatch(
        /rate limit hit and retries did not help \(API rate limit exceeded/,
      );
    } finally {
      await small.stop();
    }
  });

  test('the GHES prefix /api/v3 serves the same API with matching URLs', async () => {
    const ghes = client(gh.token('ghes'), gh.ghesUrl);
    const issue = await ghes.rest.issues.create({ owner, repo, title: 'on ghes' });
    expect(issue.data.url).toBe(`${gh.ghesUrl}/repos/${owner}/${repo}/issues/${issue.data.number}`);
    expect(issue.data.html_url).toBe(`${gh.htmlUrl}/${owner}/${repo}/issues/${issue.data.number}`);
  });
});
