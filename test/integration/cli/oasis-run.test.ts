/**
 * `oasis run` as a user runs it: bin/oasis.js (the committed bundle dist/cli) running the real
 * scan bundle on real recorded Trivy reports, in a scratch git repository.
 */
import { jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../../src/cli/action-metadata.js';
import { resolveContext } from '../../../src/cli/github-context.js';

jest.setTimeout(60_000);

const ROOT = packageRoot();
const TRIVY = '/work/shared/fixtures/trivy';
const CRITICAL_REPORT = join(TRIVY, 'image_alpine-3.21_gobinary_trivy-0.69.3_weather.json');
const CLEAN_REPORT = join(TRIVY, 'image_alpine-3.17_zero-vulns_trivy-0.48.1_cns-website.json');

let workspace: string;

function git(args: string[]) {
  const result = spawnSync('git', args, {
    cwd: workspace,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.trim();
}

function oasis(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'oasis.js'), ...args], {
    cwd: workspace,
    encoding: 'utf8',
    env: { ...process.env, GITHUB_TOKEN: '', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'oasis-cli-it-'));
  git(['init', '--quiet', '--initial-branch=feature/login']);
  git(['config', 'user.name', 'Dev Person']);
  git(['config', 'user.email', 'dev@example.test']);
  git(['remote', 'add', 'origin', 'git@github.com:acme/todo.git']);
  writeFileSync(join(workspace, 'README.md'), 'hello\n');
  mkdirSync(join(workspace, '.oasis'));
  writeFileSync(join(workspace, '.oasis', 'scan-ignore.yaml'), 'ignores: []\n');
  git(['add', '.']);
  git(['commit', '--quiet', '-m', 'init']);
});

afterAll(() => rmSync(workspace, { recursive: true, force: true }));

test('a failing gate: exit code 1, outputs and the summary rendered for a terminal', () => {
  const run = oasis(['run', 'scan', '--input', `report=${CRITICAL_REPORT}`]);
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(/^scan failed \(exit code 1\) in \d+\.\ds$/m);
  expect(run.stdout).toMatch(/^verdict +fail$/m);
  expect(run.stdout).toMatch(/^critical +1$/m);
  expect(run.stdout).toMatch(/^high +6$/m);
  expect(run.stdout).toContain('JOB SUMMARY');
  // The summary's HTML table became aligned text.
  expect(run.stdout).not.toMatch(/<\/?t[dhr]>/);
  expect(run.stdout).toMatch(/Error: vulnerability gate failed/);
});

test('context from the local repository: branch, sha and origin', async () => {
  const context = await resolveContext({}, { cwd: workspace, env: {} });
  expect(context).toMatchObject({
    eventName: 'push',
    ref: 'refs/heads/feature/login',
    refName: 'feature/login',
    refType: 'branch',
    sha: git(['rev-parse', 'HEAD']),
    repository: 'acme/todo',
    repositoryOwner: 'acme',
    actor: 'dev-person',
  });
  expect(context.event).toMatchObject({ ref: 'refs/heads/feature/login', after: context.sha });
  const run = oasis(['run', 'scan', '--input', `report=${CLEAN_REPORT}`, '--json']);
  expect(run.code).toBe(0);
  const result = JSON.parse(run.stdout) as { exitCode: number; outputs: Record<string, string> };
  expect(result.exitCode).toBe(0);
  expect(result.outputs.verdict).toBe('pass');
  expect(result.outputs.total).toBe('0');
  // The log goes to stderr in --json mode; the SARIF names the repository's commit.
  expect(run.stderr).toContain('scan passed');
});

test('flags override the git context; bad input is the action error, named', () => {
  const run = oasis([
    'run',
    'scan',
    '--input',
    `report=${CLEAN_REPORT}`,
    '--input',
    'fail-on=HIHG',
    '--ref',
    'refs/tags/v1.2.3',
    '--sha',
    'f'.repeat(40),
    '--repository',
    'acme/other',
  ]);
  expect(run.code).toBe(1);
  expect(run.stdout).toContain("input 'fail-on'");
  expect(run.stdout).toContain('HIHG');
});

test('unknown steps, options and malformed inputs are refused before anything runs', () => {
  expect(oasis(['run', 'nope']).stderr).toMatch(/no action 'nope'; available: .*scan/);
  expect(oasis(['run', 'scan', '--input', 'novalue']).stderr).toContain('expected name=value');
  expect(oasis(['run', 'scan', '--frobnicate']).stderr).toContain("unknown option '--frobnicate'");
  expect(oasis(['run', 'scan', '--input-env', 'password=NOT_SET_ANYWHERE']).code).toBe(2);
  const list = oasis(['list']);
  expect(list.code).toBe(0);
  expect(list.stdout).toMatch(/^scan: /m);
  expect(list.stdout).toContain('--input fail-on=');
});

test('--input-env keeps a secret off the command line and out of the output', () => {
  const secret = 'ghp_supersecretvalue123456';
  const run = oasis(
    ['run', 'scan', '--input', `report=${CLEAN_REPORT}`, '--input-env', 'github-token=MY_TOKEN'],
    { MY_TOKEN: secret },
  );
  expect(run.code).toBe(0);
  expect(run.stdout + run.stderr).not.toContain(secret);
});

test('scan in a repository without .oasis/scan-ignore.yaml (the runner fills in the default)', () => {
  // The GitHub runner sets INPUT_IGNORE-FILE to action.yml's default when the workflow gives no
  // value, exactly as `oasis run` does: a missing default file must not be an error.
  const bare = mkdtempSync(join(tmpdir(), 'oasis-cli-it-bare-'));
  try {
    const result = spawnSync(
      process.execPath,
      [
        join(ROOT, 'bin', 'oasis.js'),
        'run',
        'scan',
        '--input',
        `report=${CLEAN_REPORT}`,
        '--repository',
        'acme/todo',
      ],
      { cwd: bare, encoding: 'utf8', env: { ...process.env, GITHUB_TOKEN: '' } },
    );
    expect(result.stdout).not.toContain("input 'ignore-file'");
    expect(result.status).toBe(0);
  } finally {
    rmSync(bare, { recursive: true, force: true });
  }
});
