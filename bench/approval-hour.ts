/**
 * One simulated hour of waiting for an approval (accelerated clock, real HTTP to the GitHub API
 * double), with the default 10 s interval: rate-limit-counted requests and reaction latency of
 * oasis manual-approval (conditional requests), side by side with an unconditional 10 s polling
 * loop of the comments list (the anchor action's behaviour), in the same run.
 *
 *   node --import tsx bench/approval-hour.ts [trials]
 *
 * Seed 003's gate: approvers platform-team and lead-developers, minimum-approvals 2. The hour is
 * quiet; then the two approvals arrive, at a different phase of the poll interval in each trial.
 */
import { createGitHubClient, type GitHubClient } from '../src/shared/github.js';
import { mapInputs } from '../src/shared/inputs.js';
import { getInputs } from '../src/manual-approval/inputs.js';
import { manualApproval } from '../src/manual-approval/manual-approval.js';
import { matchVote } from '../src/manual-approval/comment-rules.js';
import { startGitHubDouble, VirtualClock, type GitHubDouble } from '../test/stack/github/index.js';

const HOUR = 3_600_000;
const INTERVAL = 10_000;
const REPO = 'acme/shop';
const trials = Number(process.argv[2] ?? 5);

interface Trial {
  quietCounted: number;
  quietNotModified: number;
  totalCounted: number;
  latencyMs: number;
}

async function setup() {
  const clock = new VirtualClock();
  const gh = await startGitHubDouble({ now: clock.now });
  gh.addRepo(REPO);
  gh.addTeam('acme', 'platform-team', ['alice', 'bob', 'carol']);
  gh.addTeam('acme', 'lead-developers', ['lena', 'liam']);
  const token = gh.token('github-actions[bot]', { issues: 'write', members: 'read' });
  const github = createGitHubClient({
    token,
    baseUrl: gh.url,
    spaceWrites: false,
    retryAfterBaseMs: 5,
    log: () => undefined,
  });
  return { clock, gh, github };
}

function schedule(clock: VirtualClock, gh: GitHubDouble, phaseMs: number) {
  const first = HOUR + phaseMs;
  clock.at(first, () => gh.addComment(REPO, 1, 'alice', 'approve'));
  clock.at(first + 400, () => gh.addComment(REPO, 1, 'lena', 'LGTM'), 'decisive');
  return first;
}

function measure(
  gh: GitHubDouble,
  clock: VirtualClock,
  quietEnd: number,
  decidedAt: number,
): Trial {
  const quiet = gh.requests.filter((r) => r.at < quietEnd);
  return {
    quietCounted: quiet.filter((r) => r.counted).length,
    quietNotModified: quiet.filter((r) => r.status === 304).length,
    totalCounted: gh.counted(),
    latencyMs: decidedAt - clock.happened.get('decisive')!,
  };
}

// The action's own input parsing, once (the token is unused: the client below is passed in).
const config = getInputs(
  mapInputs({
    approvers: 'acme/platform-team, acme/lead-developers',
    'minimum-approvals': '2',
    timeout: '2h',
    'github-token': 'unused-the-client-is-passed',
  }),
);

async function oasisTrial(phaseMs: number): Promise<Trial> {
  const { clock, gh, github } = await setup();
  try {
    const start = clock.now();
    const quietEnd = start + schedule(clock, gh, phaseMs);
    let decidedAt = 0;
    const result = await manualApproval(config, {
      github,
      clock,
      env: { GITHUB_REPOSITORY: REPO, GITHUB_ACTOR: 'erin', GITHUB_RUN_ID: '1' },
      log: (line) => {
        if (/^✅|^❌|^⏱/.test(line)) decidedAt = clock.now();
      },
    });
    if (result.status !== 'approved') throw new Error(`oasis trial ended ${result.status}`);
    return measure(gh, clock, quietEnd, decidedAt);
  } finally {
    await gh.stop();
  }
}

/** The anchor's loop: every 10 s, list all comments without a conditional header. */
async function anchorTrial(phaseMs: number): Promise<Trial> {
  const { clock, gh, github } = await setup();
  try {
    const start = clock.now();
    const quietEnd = start + schedule(clock, gh, phaseMs);
    const members = new Set<string>();
    for (const team of ['platform-team', 'lead-developers']) {
      const list = await github.paginate(github.rest.teams.listMembersInOrg, {
        org: 'acme',
        team_slug: team,
      });
      for (const m of list) members.add(m.login);
    }
    const { data: issue } = await github.rest.issues.create({
      owner: 'acme',
      repo: 'shop',
      title: 'Manual approval required',
    });
    let decidedAt = 0;
    for (;;) {
      const comments = await listAll(github, issue.number);
      const approvers = new Set(
        comments
          .filter(
            (c) =>
              members.has(c.user?.login ?? '') && matchVote(c.body ?? '', ['approve', 'lgtm'], []),
          )
          .map((c) => c.user!.login),
      );
      if (approvers.size >= 2) {
        decidedAt = clock.now();
        break;
      }
      await clock.sleep(INTERVAL);
    }
    return measure(gh, clock, quietEnd, decidedAt);
  } finally {
    await gh.stop();
  }
}

async function listAll(github: GitHubClient, issue: number) {
  return github.paginate(github.rest.issues.listComments, {
    owner: 'acme',
    repo: 'shop',
    issue_number: issue,
    per_page: 100,
  });
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    min: sorted[0],
    median: sorted[Math.floor(sorted.length / 2)],
    max: sorted[sorted.length - 1],
  };
}

const wall = Date.now();
const oasis: Trial[] = [];
const anchor: Trial[] = [];
for (let i = 0; i < trials; i++) {
  const phase = Math.round((i * INTERVAL) / trials) + 137;
  oasis.push(await oasisTrial(phase));
  anchor.push(await anchorTrial(phase));
}
const row = (label: string, a: string | number, b: string | number) =>
  console.log(`${label.padEnd(50)}${String(a).padStart(16)}${String(b).padStart(22)}`);
const s = (t: Trial[], key: keyof Trial) => stats(t.map((x) => x[key]));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

console.log(
  `approval-hour: ${trials} trials, 1 simulated hour each, poll interval 10 s, approvers 2 teams, minimum 2`,
);
console.log(`wall time ${((Date.now() - wall) / 1000).toFixed(1)} s\n`);
row('', 'oasis', 'anchor-style polling');
row(
  'counted requests in the quiet hour (median)',
  s(oasis, 'quietCounted').median,
  s(anchor, 'quietCounted').median,
);
row(
  'counted requests in the quiet hour (max)',
  s(oasis, 'quietCounted').max,
  s(anchor, 'quietCounted').max,
);
row(
  '304 Not Modified in the quiet hour (median)',
  s(oasis, 'quietNotModified').median,
  s(anchor, 'quietNotModified').median,
);
row(
  'counted requests, whole run incl. decision (max)',
  s(oasis, 'totalCounted').max,
  s(anchor, 'totalCounted').max,
);
row(
  'reaction latency (min)',
  seconds(s(oasis, 'latencyMs').min),
  seconds(s(anchor, 'latencyMs').min),
);
row(
  'reaction latency (median)',
  seconds(s(oasis, 'latencyMs').median),
  seconds(s(anchor, 'latencyMs').median),
);
row(
  'reaction latency (max)',
  seconds(s(oasis, 'latencyMs').max),
  seconds(s(anchor, 'latencyMs').max),
);
const ok = s(oasis, 'quietCounted').max <= 20 && s(oasis, 'latencyMs').max <= 10_000;
console.log(`\ngoal (≤ 20 counted requests per hour, reaction ≤ 10 s): ${ok ? 'met' : 'NOT met'}`);
