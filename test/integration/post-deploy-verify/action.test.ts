/**
 * The bundled action (dist/post-deploy-verify/index.js) run as the runner runs it: INPUT_*
 * variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, against the sample service.
 */
import { jest } from '@jest/globals';
import { spawn, type SpawnOptions } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSampleContainer, type SampleContainer } from '../../stack/sample-service.js';

jest.setTimeout(120_000);

const ROOT = new URL('../../../', import.meta.url).pathname;
let sample: SampleContainer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pdv-action-'));
  sample = await runSampleContainer({ image: process.env.OASIS_SAMPLE_V1! });
});

afterAll(async () => {
  await sample?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the bundle without blocking this process (tests serve HTTP to it). */
function runBundle(options: SpawnOptions): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/post-deploy-verify/index.js')], {
      ...options,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.resume();
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout });
    });
  });
}

async function runAction(inputs: Record<string, string>, env: Record<string, string> = {}) {
  const run = mkdtempSync(join(dir, 'run-'));
  const output = join(run, 'output');
  const summary = join(run, 'summary.md');
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const inputEnv = Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [
      `INPUT_${name.replace(/ /g, '_').toUpperCase()}`,
      value,
    ]),
  );
  const result = await runBundle({
    cwd: run,
    env: {
      PATH: process.env.PATH,
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_WORKSPACE: run,
      RUNNER_TEMP: run,
      ...inputEnv,
      ...env,
    },
  });
  const outputs: Record<string, string> = {};
  const text = readFileSync(output, 'utf8');
  for (const match of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm))
    outputs[match[1]] = match[3];
  return {
    code: result.code,
    stdout: result.stdout,
    outputs,
    summary: readFileSync(summary, 'utf8'),
    dir: run,
  };
}

test('passing checks: exit 0, outputs, report file, summary with the verdict first; secrets masked', async () => {
  const result = await runAction(
    {
      checks: `- name: health
  url: /health
  expect: { status: 200, json: [{ path: status, equals: healthy }] }
- name: login rejects bad credentials
  url: /api/v1/auth/login
  headers: { X-Api-Key: "\${API_KEY}" }
  body: { username_or_email: test@example.com, password: wrong-password }
  expect: { status: 401 }
`,
      'base-url': sample.url,
      deadline: '30s',
    },
    { API_KEY: 'key-abcdef-123456' },
  );
  expect(result.code).toBe(0);
  expect(result.outputs.verdict).toBe('pass');
  expect(result.outputs['failed-checks']).toBe('');
  expect(existsSync(result.outputs.report)).toBe(true);
  expect(result.outputs.report.startsWith(result.dir)).toBe(true);
  expect(JSON.parse(readFileSync(result.outputs.report, 'utf8')).checks).toHaveLength(2);
  expect(result.summary.split('\n')[0]).toMatch(
    /^### ✅ Post-deploy verification passed: 2 of 2 checks/,
  );
  expect(result.summary).toContain(`| [health](${sample.url}/health) | http | ✅ pass | 1 | 200 |`);
  expect(result.stdout).toContain('::add-mask::key-abcdef-123456');
  expect(result.stdout.replace('::add-mask::key-abcdef-123456', '')).not.toContain(
    'key-abcdef-123456',
  );
  expect(result.summary).not.toContain('key-abcdef-123456');
});

test('a failing check: the step fails with the reason, outputs still set', async () => {
  const result = await runAction({
    checks: '- name: health\n  url: /status/500\n  expect: { status: 200 }\n',
    'base-url': sample.url,
    deadline: '2s',
  });
  expect(result.code).toBe(1);
  expect(result.outputs).toMatchObject({ verdict: 'fail', 'failed-checks': 'health' });
  expect(result.stdout).toMatch(
    /::error::❌ Post-deploy verification failed: 1 of 1 checks failed \(health\) in \d\.\ds: health: status 500, expected 200/,
  );
  expect(result.summary).toContain(`| [health](${sample.url}/status/500) | http | ❌ fail |`);
});

test('a mistake in a checks file is annotated on the file and line', async () => {
  const run = await runAction({ checks: 'verify.yml' });
  expect(run.code).toBe(1);
  expect(run.stdout).toContain("::error::input 'checks': the file 'verify.yml' does not exist");

  const workspace = mkdtempSync(join(dir, 'ws-'));
  writeFileSync(
    join(workspace, 'verify.yml'),
    '- name: health\n  url: /health\n  expect:\n    stauts: 200\n',
  );
  const result = await runBundle({
    env: {
      PATH: process.env.PATH,
      GITHUB_WORKSPACE: workspace,
      INPUT_CHECKS: 'verify.yml',
      'INPUT_BASE-URL': sample.url,
    },
  });
  expect(result.code).toBe(1);
  expect(result.stdout).toContain(
    "::error file=verify.yml,line=4,col=5::verify.yml, line 4, column 5: check 'health': unknown field 'stauts' in expect",
  );
  // One annotation, on the line: not a second one without the file.
  expect(result.stdout.match(/::error/g)).toHaveLength(1);
});

test('inconclusive passes the step unless fail-on-inconclusive is set', async () => {
  // A Prometheus API that has no samples yet.
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"success","data":{"resultType":"vector","result":[]}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const inputs = {
      checks: '- name: success rate\n  kind: prometheus\n  query: up\n  condition: result == 1\n',
      'prometheus-url': address,
    };
    const lenient = await runAction(inputs);
    expect(lenient.code).toBe(0);
    expect(lenient.outputs).toMatchObject({ verdict: 'inconclusive', 'failed-checks': '' });
    expect(lenient.summary.split('\n')[0]).toMatch(/^### ⚠️ Post-deploy verification inconclusive/);
    const strict = await runAction({ ...inputs, 'fail-on-inconclusive': 'true' });
    expect(strict.code).toBe(1);
    expect(strict.outputs.verdict).toBe('inconclusive');
    expect(strict.stdout).toMatch(/::error::.*success rate: 1 inconclusive measurement/);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
