/**
 * manual-approval against the GitHub API double over real HTTP, with an accelerated clock:
 * reviewers act at exact virtual times while the action waits with its default 10 s interval.
 */
import { jest } from '@jest/globals';
import { createGitHubClient, type GitHubClient } from '../../../src/shared/github.js';
import { mapInputs } from '../../../src/shared/inputs.js';
import { getInputs } from '../../../src/manual-approval/inputs.js';
import {
  manualApproval,
  type ManualApprovalResult,
} from '../../../src/manual-approval/manual-approval.js';
import { startGitHubDouble, VirtualClock, type GitHubDouble } from '../../stack/github/index.js';

jest.setTimeout(120_000);

const REPO = 'acme/shop';
const TEAM = 'acme/platform-team';
const INITIATOR = 'erin';

let gh: GitHubDouble;
let clock: VirtualClock;
let token: string;
let lines: string[];

beforeEach(async () => {
  clock = new VirtualClock();
  gh = await startGitHubDouble({ now: clock.now });
  gh.addRepo(REPO);
  gh.addTeam('acme', 'platform-team', ['alice', 'bob', 'carol', INITIATOR, 'frank', 'gina']);
  gh.addTeam('acme', 'lead-developers', ['lena', 'liam']);
  for (const login of ['dave', 'mallory', 'dependabot[bot]']) gh.addUser(login);
  token = gh.token('github-actions[bot]', {
    issues: 'write',
    members: 'read',
  });
  lines = [];
});

afterEach(async () => {
  await gh?.stop();
});

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    GITHUB_REPOSITORY: REPO,
    GITHUB_ACTOR: INITIATOR,
    GITHUB_RUN_ID: '4242',
    GITHUB_SERVER_URL: gh.htmlUrl,
    GITHUB_API_URL: gh.url,
    ...extra,
  };
}

function client(withToken = token): GitHubClient {
  return createGitHubClient({
    token: withToken,
    baseUrl: gh.url,
    spaceWrites: false,
    retryAfterBaseMs: 5,
    log: (line) => lines.push(line),
  });
}

async function run(
  inputs: Record<string, string>,
  options: { token?: string; env?: NodeJS.ProcessEnv; github?: GitHubClient } = {},
): Promise<ManualApprovalResult> {
  const config = getInputs(
    mapInputs({ 'github-token': options.token ?? token, timeout: '5m', ...inputs }),
  );
  return manualApproval(config, {
    github: options.github ?? client(options.token ?? token),
    clock,
    env: options.env ?? env(),
    log: (line) => lines.push(line),
  });
}

/** The approval issue is #1 in a fresh double. */
function comment(offsetMs: number, login: string, body: string, label?: string) {
  clock.at(offsetMs, () => gh.addComment(REPO, 1, login, body), label ?? `${login}:${body}`);
}

function issue(number = 1) {
  return gh.state.repos.get(REPO)!.issues.get(number)!;
}

function comments(number = 1) {
  return [...gh.state.repos.get(REPO)!.comments.values()].filter((c) => c.issue === number);
}

function reasonFor(result: ManualApprovalResult, login: string) {
  return result.ignored
    .filter((i) => i.login === login)
    .map((i) => i.reason)
    .join(' / ');
}

describe('happy paths', () => {
  test('2-of-team approval, decided within one poll interval of the second approval', async () => {
    comment(31_000, 'alice', 'approve');
    comment(64_500, 'bob', 'LGTM.', 'second');
    const result = await run({
      approvers: TEAM,
      'minimum-approvals': '2',
      'image-ref': 'reg/shop@sha256:' + 'a'.repeat(64),
    });
    expect(result.status).toBe('approved');
    expect(result.approvedBy).toEqual(['alice', 'bob']);
    expect(result.outputs).toMatchObject({
      'approval-status': 'approved',
      'approved-by': 'alice,bob',
      'issue-number': '1',
      'issue-url': `${gh.htmlUrl}/${REPO}/issues/1`,
    });
    expect(result.failure).toBeUndefined();
    const reaction = clock.now() - clock.happened.get('second')!;
    expect(reaction).toBeLessThanOrEqual(10_000);
    expect(issue().state).toBe('closed');
    expect(issue().stateReason).toBe('completed');
    expect(issue().title).toBe(
      `Approve deployment of reg/shop@sha256:${'a'.repeat(64)} to production`,
    );
    expect(issue().body).toContain(`${gh.htmlUrl}/${REPO}/actions/runs/4242`);
    expect(comments().at(-1)!.body).toMatch(/Approved\*\* by @alice, @bob \(2 of 2 needed\)/);
    expect(result.summary.markdown.split('\n')[0]).toBe('### ✅ Approved by @alice, @bob');
  });

  test('a single listed user approves; assigned to the issue', async () => {
    comment(12_000, 'dave', 'Yes!');
    const result = await run({ approvers: 'dave', labels: 'approval, production' });
    expect(result.status).toBe('approved');
    expect(result.approvedBy).toEqual(['dave']);
    expect(issue().assignees).toEqual(['dave']);
    expect(issue().labels).toEqual(['approval', 'production']);
  });

  test('deny wins even after approvals', async () => {
    comment(10_000, 'alice', 'approve');
    comment(40_000, 'bob', 'deny', 'deny');
    const result = await run({
      approvers: `${TEAM}, acme/lead-developers`,
      'minimum-approvals': '2',
    });
    expect(result.status).toBe('denied');
    expect(result.deniedBy).toEqual(['bob']);
    expect(result.outputs['approval-status']).toBe('denied');
    expect(result.failure).toMatch(/denied by bob/);
    expect(clock.now() - clock.happened.get('deny')!).toBeLessThanOrEqual(10_000);
    expect(comments().at(-1)!.body).toMatch(/Denied\*\* by @bob/);
    expect(issue().state).toBe('closed');
  });

  test('a denial in the same poll as enough approvals still wins', async () => {
    comment(15_000, 'alice', 'approve');
    comment(15_500, 'liam', 'approved');
    comment(16_000, 'carol', 'no');
    const result = await run({
      approvers: `${TEAM}, acme/lead-developers`,
      'minimum-approvals': '2',
    });
    expect(result.status).toBe('denied');
    expect(result.deniedBy).toEqual(['carol']);
  });

  test('timeout closes the issue with "timed out" and fails unless told not to', async () => {
    const result = await run({ approvers: TEAM, timeout: '2m' });
    expect(result.status).toBe('timed-out');
    expect(result.outputs['approval-status']).toBe('timed-out');
    expect(result.failure).toMatch(/no decision within 2m 00s/);
    expect(comments().at(-1)!.body).toMatch(/Timed out\*\* after 2m 00s/);
    expect(issue().state).toBe('closed');
    expect(issue().stateReason).toBe('not_planned');
    // The quiet wait cost almost nothing: 304s are not counted.
    const polls = gh.requests.filter((r) => r.path.includes('/comments?'));
    expect(polls.length).toBeGreaterThanOrEqual(12);
    expect(polls.filter((r) => r.status === 304).length).toBe(polls.length - 1);
    expect(gh.counted()).toBeLessThanOrEqual(7);

    const relaxed = await run({ approvers: TEAM, timeout: '1m', 'fail-on-timeout': 'false' });
    expect(relaxed.status).toBe('timed-out');
    expect(relaxed.failure).toBeUndefined();
  });

  test('closing the issue denies, by whoever closed it', async () => {
    clock.at(25_000, () => gh.closeIssue(REPO, 1, 'dave'));
    const result = await run({ approvers: 'dave, alice', 'minimum-approvals': '1' });
    expect(result.status).toBe('denied');
    expect(result.deniedBy).toEqual(['dave']);
    expect(comments().at(-1)!.body).toMatch(/Denied\*\* by @dave \(closed the issue\)/);
  });
});

describe('adversarial: none of these count', () => {
  // minimum-approvals 1: a single wrongly counted comment would approve instead of timing out.
  const oneOfTeam = { approvers: TEAM, 'minimum-approvals': '1', timeout: '1m' };

  test('the initiator approving their own deploy', async () => {
    comment(10_000, INITIATOR, 'approve');
    const result = await run(oneOfTeam);
    expect(result.status).toBe('timed-out');
    expect(reasonFor(result, INITIATOR)).toMatch(/started this run/);
  });

  test('...unless exclude-initiator is false', async () => {
    comment(10_000, INITIATOR, 'approve');
    const result = await run({ ...oneOfTeam, 'exclude-initiator': 'false' });
    expect(result.status).toBe('approved');
  });

  test('a non-member', async () => {
    comment(10_000, 'mallory', 'approve');
    const result = await run(oneOfTeam);
    expect(result.status).toBe('timed-out');
    expect(reasonFor(result, 'mallory')).toMatch(
      /not a listed approver or a current member of acme\/platform-team/,
    );
  });

  test('an ex-member, removed from the team before the decision', async () => {
    comment(10_000, 'carol', 'approve');
    clock.at(20_000, () => gh.removeTeamMember('acme', 'platform-team', 'carol'));
    comment(30_000, 'alice', 'approve');
    const result = await run({ ...oneOfTeam, 'minimum-approvals': '2' });
    expect(result.status).toBe('timed-out');
    expect(result.approvedBy).toEqual(['alice']);
    expect(reasonFor(result, 'carol')).toMatch(/not a listed approver/);
  });

  test('a bot', async () => {
    comment(10_000, 'dependabot[bot]', 'approve');
    const result = await run({ approvers: 'dave', timeout: '1m' });
    expect(result.status).toBe('timed-out');
    expect(reasonFor(result, 'dependabot[bot]')).toMatch(/bots cannot/);
  });

  test('an edited comment', async () => {
    let id = 0;
    clock.at(10_000, () => {
      id = gh.addComment(REPO, 1, 'alice', 'looking…').id;
    });
    clock.at(30_000, () => gh.editComment(REPO, id, 'approve'));
    const result = await run(oneOfTeam);
    expect(result.status).toBe('timed-out');
    expect(reasonFor(result, 'alice')).toMatch(/edited after posting/);
  });

  test('"not approved" and "approve after lunch"', async () => {
    comment(10_000, 'alice', 'not approved');
    comment(11_000, 'bob', 'approve after lunch');
    const result = await run(oneOfTeam);
    expect(result.status).toBe('timed-out');
    expect(reasonFor(result, 'alice')).toMatch(/not exactly one of the words/);
    expect(reasonFor(result, 'bob')).toMatch(/not exactly one of the words/);
  });

  test('an approval inside a comment quoting another', async () => {
    comment(10_000, 'frank', '> approve\n\nI agree with the above');
    comment(11_000, 'gina', '> approve');
    const result = await run(oneOfTeam);
    expect(result.status).toBe('timed-out');
    expect(reasonFor(result, 'frank')).toMatch(/not exactly/);
    expect(reasonFor(result, 'gina')).toMatch(/not exactly/);
  });

  test('a comment dated before the issue', async () => {
    clock.at(5_000, () =>
      gh.addComment(REPO, 1, 'alice', 'approve', { at: clock.now() - 3_600_000 }),
    );
    const result = await run(oneOfTeam);
    expect(result.status).toBe('timed-out');
    expect(result.approvedBy).toEqual([]);
  });

  test('an approval deleted before the decision', async () => {
    let id = 0;
    clock.at(10_000, () => {
      id = gh.addComment(REPO, 1, 'alice', 'approve').id;
    });
    clock.at(25_000, () => gh.deleteComment(REPO, id));
    comment(40_000, 'bob', 'approve');
    const result = await run({ ...oneOfTeam, 'minimum-approvals': '2' });
    expect(result.status).toBe('timed-out');
    expect(result.approvedBy).toEqual(['bob']);
  });

  test('the same person twice', async () => {
    comment(10_000, 'alice', 'approve');
    comment(20_000, 'alice', 'approved');
    const result = await run({ ...oneOfTeam, 'minimum-approvals': '2' });
    expect(result.status).toBe('timed-out');
    expect(result.approvedBy).toEqual(['alice']);
    expect(reasonFor(result, 'alice')).toMatch(/each person counts once/);
    expect(result.summary.markdown).toContain('Not counted');
  });
});

describe('faults during the wait are survived', () => {
  test('502s, including more than the client retries', async () => {
    clock.at(20_000, () =>
      gh.injectFault({ status: 502, times: 2, path: '/repos/acme/shop/issues/1/comments' }),
    );
    clock.at(40_000, () =>
      gh.injectFault({ status: 502, times: 12, path: '/repos/acme/shop/issues/1/comments' }),
    );
    comment(45_000, 'alice', 'approve', 'approve');
    const result = await run({ approvers: TEAM, 'minimum-approvals': '1' });
    expect(result.status).toBe('approved');
    expect(gh.requests.filter((r) => r.status === 502).length).toBe(14);
    expect(lines.some((l) => /GitHub API unavailable/.test(l))).toBe(true);
    expect(lines.some((l) => /reachable again/.test(l))).toBe(true);
  });

  test('secondary rate limits (403 and 429 with Retry-After)', async () => {
    clock.at(20_000, () => gh.injectFault({ status: 403, retryAfter: 2, times: 1 }));
    clock.at(30_000, () => gh.injectFault({ status: 429, retryAfter: 1, times: 2 }));
    comment(35_000, 'alice', 'approve');
    const result = await run({ approvers: TEAM, 'minimum-approvals': '1' });
    expect(result.status).toBe('approved');
    expect(gh.requests.filter((r) => r.status === 403 || r.status === 429).length).toBe(3);
  });
});

describe('clear errors', () => {
  test('a token without issues: write', async () => {
    const weak = gh.token('weak', { issues: 'read', members: 'read' });
    const error = await run({ approvers: 'dave' }, { token: weak }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/'issues: write'/);
    expect((error as Error).message).toMatch(/'github-token'/);
  });

  test('a token that cannot read team members, before any issue is opened', async () => {
    const noMembers = gh.token('no-members', { issues: 'write' });
    const error = await run({ approvers: TEAM }, { token: noMembers }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/members: read/);
    expect((error as Error).message).toMatch(/acme\/platform-team/);
    expect(gh.state.repos.get(REPO)!.issues.size).toBe(0);
  });

  test('unknown users and teams', async () => {
    const user = await run({ approvers: 'ghost-user' }).catch((e: Error) => e);
    expect((user as Error).message).toBe(
      "approvers: 'ghost-user' is not a GitHub user (check the spelling)",
    );
    const team = await run({ approvers: 'acme/platfrom-team' }).catch((e: Error) => e);
    expect((team as Error).message).toMatch(/team 'acme\/platfrom-team' was not found/);
  });

  test('a minimum that cannot be reached because the initiator is excluded', async () => {
    gh.addTeam('acme', 'solo', [INITIATOR]);
    const error = await run({ approvers: 'acme/solo' }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/can never be reached.*erin started this run/);
  });
});

test('a cancelled run closes the issue as cancelled', async () => {
  const controller = new AbortController();
  clock.at(35_000, () => controller.abort());
  const config = getInputs(mapInputs({ 'github-token': token, approvers: 'dave', timeout: '1m' }));
  const error = await manualApproval(config, {
    github: client(),
    clock,
    env: env(),
    signal: controller.signal,
  }).catch((e: Error) => e);
  expect((error as Error).message).toMatch(/cancelled before a decision/);
  expect(issue().state).toBe('closed');
  expect(comments().at(-1)!.body).toMatch(/Cancelled/);
  expect(clock.elapsed()).toBeLessThan(40_000);
});

test('GHES: the default client follows GITHUB_API_URL (/api/v3)', async () => {
  comment(10_000, 'dave', 'approve');
  const config = getInputs(mapInputs({ 'github-token': token, approvers: 'dave', timeout: '1m' }));
  const result = await manualApproval(config, {
    clock,
    env: env({ GITHUB_API_URL: gh.ghesUrl }),
    log: (line) => lines.push(line),
  });
  expect(result.status).toBe('approved');
  expect(gh.requests.length).toBeGreaterThan(3);
  expect(gh.requests.every((r) => r.ghes)).toBe(true);
});
