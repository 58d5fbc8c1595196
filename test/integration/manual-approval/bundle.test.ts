/**
 * The built action (dist/manual-approval/index.js) as the runner starts it: INPUT_* variables,
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, GHES-style GITHUB_API_URL, real time, and a
 * reviewer commenting on the issue it opens. Needs a fresh `node scripts/build.js manual-approval`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { startGitHubDouble, type GitHubDouble } from '../../stack/github/index.js';

jest.setTimeout(120_000);

const REPO = 'acme/shop';
let gh: GitHubDouble;
let dir: string;

beforeEach(async () => {
  gh = await startGitHubDouble();
  gh.addRepo(REPO);
  gh.addUser('dave');
  dir = mkdtempSync(join(tmpdir(), 'oasis-approval-'));
});

afterEach(async () => {
  await gh?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function runBundle(reviewer: { login: string; body: string }) {
  const output = join(dir, 'output');
  const summary = join(dir, 'summary');
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const token = gh.token('github-actions[bot]', { issues: 'write' });
  const child = spawn(process.execPath, ['dist/manual-approval/index.js'], {
    env: {
      PATH: process.env.PATH,
      INPUT_APPROVERS: 'dave',
      'INPUT_GITHUB-TOKEN': token,
      'INPUT_POLL-INTERVAL': '1s',
      INPUT_TIMEOUT: '60s',
      'INPUT_IMAGE-REF': `127.0.0.1:5000/shop@sha256:${'b'.repeat(64)}`,
      GITHUB_API_URL: gh.ghesUrl,
      GITHUB_SERVER_URL: gh.htmlUrl,
      GITHUB_REPOSITORY: REPO,
      GITHUB_ACTOR: 'erin',
      GITHUB_RUN_ID: '7',
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      RUNNER_TEMP: dir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stdout += chunk));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  // The reviewer answers once the issue exists.
  for (let i = 0; i < 200 && !gh.state.repos.get(REPO)!.issues.get(1); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(gh.state.repos.get(REPO)!.issues.get(1)).toBeDefined();
  gh.addComment(REPO, 1, reviewer.login, reviewer.body);
  const code = await exited;
  return {
    code,
    stdout,
    output: readFileSync(output, 'utf8'),
    summary: readFileSync(summary, 'utf8'),
  };
}

test('approved: outputs and summary written, exit 0, token never printed', async () => {
  const result = await runBundle({ login: 'dave', body: 'Approve' });
  expect(result.code).toBe(0);
  expect(result.output).toMatch(/approval-status<<[^\n]+\napproved\n/);
  expect(result.output).toMatch(/approved-by<<[^\n]+\ndave\n/);
  expect(result.output).toMatch(
    /issue-url<<[^\n]+\nhttp:\/\/127\.0\.0\.1:\d+\/acme\/shop\/issues\/1\n/,
  );
  expect(result.summary).toMatch(/^### ✅ Approved by @dave/);
  expect(result.stdout).toMatch(/Waiting up to 1m 00s for 1 approval\(s\) from dave/);
  expect(gh.requests.every((r) => r.ghes)).toBe(true);
  const token = [...gh.state.tokens.keys()][0];
  // Masked at read (the runner's ::add-mask:: command), and never printed otherwise.
  expect(result.stdout.split('\n').filter((line) => line.includes(token))).toEqual([
    `::add-mask::${token}`,
  ]);
});

test('denied: the step fails with who denied it', async () => {
  const result = await runBundle({ login: 'dave', body: 'no' });
  expect(result.code).toBe(1);
  expect(result.output).toMatch(/approval-status<<[^\n]+\ndenied\n/);
  expect(result.stdout).toMatch(/::error::deployment denied by dave on http/);
});
