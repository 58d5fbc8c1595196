/**
 * The "Move the major tag" step of .github/workflows/release.yml, run as committed (its bash
 * script) against a scratch repository with a bare origin: vX follows the newest vX.Y.Z and is
 * never moved back to an older release.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { packageRoot } from '../../../src/cli/action-metadata.js';

const workflow = yaml.load(
  readFileSync(join(packageRoot(), '.github', 'workflows', 'release.yml'), 'utf8'),
) as { jobs: Record<string, { steps: Array<{ name?: string; run?: string; if?: string }> }> };
const step = workflow.jobs.release.steps.find((s) => s.name === 'Move the major tag')!;

let dir: string;
const env = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Dev',
  GIT_AUTHOR_EMAIL: 'dev@example.test',
  GIT_COMMITTER_NAME: 'Dev',
  GIT_COMMITTER_EMAIL: 'dev@example.test',
};

function sh(command: string, args: string[], extra: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, {
    cwd: join(dir, 'work'),
    encoding: 'utf8',
    env: { ...env, ...extra },
  });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')}: ${result.stderr}${result.stdout}`);
  return result.stdout.trim();
}

function moveMajorTag(tag: string) {
  return sh('bash', ['-e', '-c', step.run!], { TAG: tag, GITHUB_STEP_SUMMARY: '/dev/null' });
}

function remoteTag(name: string) {
  return sh('git', ['ls-remote', 'origin', `refs/tags/${name}^{}`]).split(/\s/)[0];
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oasis-release-'));
  spawnSync('git', ['init', '--quiet', '--bare', join(dir, 'origin.git')], { env });
  spawnSync('git', ['clone', '--quiet', join(dir, 'origin.git'), join(dir, 'work')], { env });
  for (const version of ['v1.0.0', 'v1.1.0', 'v2.0.0-rc.1']) {
    sh('git', ['commit', '--quiet', '--allow-empty', '-m', version]);
    sh('git', ['tag', version]);
  }
  sh('git', ['push', '--quiet', 'origin', 'HEAD:refs/heads/main', '--tags']);
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('pre-releases do not move the major tag', () => {
  expect(step.if).toContain("!contains(github.ref_name, '-')");
});

test('v1 is created at the release, moved forward, never backward', () => {
  moveMajorTag('v1.0.0');
  expect(remoteTag('v1')).toBe(sh('git', ['rev-parse', 'v1.0.0^{commit}']));
  moveMajorTag('v1.1.0');
  expect(remoteTag('v1')).toBe(sh('git', ['rev-parse', 'v1.1.0^{commit}']));
  // Re-running the older release's workflow leaves v1 where it is, with a warning.
  sh('git', ['fetch', '--quiet', '--force', 'origin', 'refs/tags/*:refs/tags/*']);
  expect(moveMajorTag('v1.0.0')).toContain('::warning::v1 points at v1.1.0, newer than v1.0.0');
  expect(remoteTag('v1')).toBe(sh('git', ['rev-parse', 'v1.1.0^{commit}']));
});
