import { jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { installReplayScanner } from '../../stack/scanner/install.js';

jest.setTimeout(120_000);

// The action as a runner starts it: `node dist/scan/index.js` with INPUT_* variables and the
// GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files.
const FIXTURES = process.env.OASIS_FIXTURES ?? join(process.cwd(), '../shared/fixtures');
const ENTRY = join(process.cwd(), 'dist/scan/index.js');
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'oasis-scan-action-'));
  installReplayScanner(join(work, 'bin'), 'trivy');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function runAction(
  name: string,
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {},
) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const output = join(dir, 'output');
  const summary = join(dir, 'summary.md');
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    GITHUB_WORKSPACE: dir,
    RUNNER_TEMP: join(dir, 'tmp'),
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    ...extraEnv,
  };
  for (const [key, value] of Object.entries(inputs)) env[`INPUT_${key.toUpperCase()}`] = value;
  const run = spawnSync(process.execPath, [ENTRY], { env, encoding: 'utf8', cwd: dir });
  const outputs: Record<string, string> = {};
  const text = readFileSync(output, 'utf8');
  for (const match of text.matchAll(/^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm))
    outputs[match[1]] = match[3];
  return {
    code: run.status,
    stdout: run.stdout,
    outputs,
    summary: readFileSync(summary, 'utf8'),
    dir,
  };
}

test('a failing gate: outputs and summary are written, then the step fails naming the counts', () => {
  const run = runAction('fail', {
    report: join(FIXTURES, 'trivy/image_redhat-8.7_jar_older-trivy.json'),
  });
  expect(run.code).toBe(1);
  expect(run.outputs).toMatchObject({
    verdict: 'fail',
    critical: '5',
    high: '4',
    medium: '12',
    low: '0',
    unknown: '0',
    total: '21',
    fixable: '21',
    suppressed: '0',
    report: join(FIXTURES, 'trivy/image_redhat-8.7_jar_older-trivy.json'),
    sarif: join(run.dir, 'tmp/oasis-scan/results.sarif'),
  });
  expect(run.stdout).toContain(
    '::error::vulnerability gate failed: 5 CRITICAL, 4 HIGH (fail-on: CRITICAL, HIGH)',
  );
  expect(
    run.summary.startsWith('### ❌ scan failed: 9 findings at CRITICAL, HIGH fail the gate'),
  ).toBe(true);
  expect(run.summary).toContain('| CRITICAL | 5 | 0 | 5 |');
});

test('an ignore file with a live and an expired entry: suppression counted, expiry warned', () => {
  const report = join(FIXTURES, 'trivy/fs_uv-lock_prometheus-mcp-server.json');
  const ids = (
    JSON.parse(readFileSync(report, 'utf8')).Results as {
      Vulnerabilities?: { VulnerabilityID: string; Severity: string }[];
    }[]
  ).flatMap((r) => r.Vulnerabilities ?? []);
  const critical = ids.find((v) => v.Severity === 'CRITICAL')!.VulnerabilityID;
  const high = ids.find((v) => v.Severity === 'HIGH')!.VulnerabilityID;
  const dir = join(work, 'ignores');
  mkdirSync(join(dir, '.oasis'), { recursive: true });
  writeFileSync(
    join(dir, '.oasis/scan-ignore.yaml'),
    `ignores:\n  - id: ${critical}\n    reason: dev-only tool\n    expires: 2999-01-01\n  - id: ${high}\n    reason: waiting for upstream\n    expires: 2020-01-01\n`,
  );
  const run = runAction('ignores', { report });
  expect(run.outputs).toMatchObject({
    verdict: 'fail',
    critical: '1',
    high: '1',
    suppressed: '1',
    total: '2',
  });
  expect(run.stdout).toMatch(
    new RegExp(`::warning::ignore entry 2 for ${high} .* expired on 2020-01-01`),
  );
  expect(run.stdout).toContain('::error::vulnerability gate failed: 1 HIGH');
  expect(run.summary).toMatch(new RegExp(`Ignore entry 2 for \`${high}\` expired on 2020-01-01`));
});

test('a passing gate exits 0; fail-on none reports only', () => {
  const run = runAction('pass', {
    report: join(FIXTURES, 'grype/image_wolfi_zero-matches_grype-0.114.0_klass-web.json'),
  });
  expect(run.code).toBe(0);
  expect(run.outputs).toMatchObject({ verdict: 'pass', total: '0' });
  expect(run.summary.startsWith('### ✅ scan passed')).toBe(true);
  const none = runAction('none', {
    report: join(FIXTURES, 'trivy/image_redhat-8.7_jar_older-trivy.json'),
    'fail-on': 'none',
  });
  expect(none.code).toBe(0);
  expect(none.outputs.verdict).toBe('pass');
});

test('a path scan through the stand-in trivy on PATH annotates the lock file', () => {
  const dir = join(work, 'path-scan');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'uv.lock'), 'version = 1\n');
  const run = runAction(
    'path-scan',
    { path: '.' },
    {
      PATH: `${join(work, 'bin')}${delimiter}${process.env.PATH}`,
      REPLAY_SCANNER_REPORT: join(FIXTURES, 'trivy/fs_uv-lock_prometheus-mcp-server.json'),
    },
  );
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(/::error title=2 findings fail the scan gate,file=uv\.lock::/);
  expect(run.outputs.report).toBe(join(run.dir, 'tmp/oasis-scan/trivy-report.json'));
});

test('bad input fails before anything runs, naming the input', () => {
  const run = runAction('bad', { 'image-ref': 'app:1', report: 'r.json' });
  expect(run.code).toBe(1);
  expect(run.stdout).toContain("::error::input 'report': conflicts with input 'image-ref'");
  expect(run.outputs).toEqual({});
});
