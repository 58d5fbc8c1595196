import { jest } from '@jest/globals';
/**
 * HTTP checks against the real sample service container: the seeds' verification scripts as
 * checks, each expectation failing when it should, and the deadline semantics of retries.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSampleContainer, type SampleContainer } from '../../stack/sample-service.js';
import { postDeployVerify } from '../../../src/post-deploy-verify/post-deploy-verify.js';
import type { PostDeployVerifyConfig } from '../../../src/post-deploy-verify/inputs.js';

jest.setTimeout(180_000);

const quiet = { log: () => undefined, mask: () => undefined };
let sample: SampleContainer;
let dir: string;
const started: SampleContainer[] = [];

function config(
  checksText: string,
  extra: Partial<PostDeployVerifyConfig> = {},
): PostDeployVerifyConfig {
  return {
    checksText,
    checksSource: "input 'checks'",
    baseUrl: sample.url,
    kubeconfig: '',
    namespace: 'default',
    deadlineMs: 30_000,
    concurrency: 4,
    failOnInconclusive: false,
    reportPath: join(dir, `report-${Date.now()}-${Math.random()}.json`),
    ...extra,
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pdv-http-'));
  sample = await runSampleContainer({ image: process.env.OASIS_SAMPLE_V1! });
  started.push(sample);
});

afterAll(async () => {
  await Promise.all(started.map((container) => container.stop()));
  rmSync(dir, { recursive: true, force: true });
});

test('seed 000 (health 200, public endpoint 200, bad login 401) and seed 001 (status healthy) pass', async () => {
  const result = await postDeployVerify(
    config(`checks:
  - name: health
    url: /health
    expect: { status: 200 }
  - name: public endpoint
    url: /api/v1/public/info
    expect: { status: 200 }
  - name: login with bad credentials
    url: /api/v1/auth/login
    method: POST
    headers: { Content-Type: application/json }
    body: '{"username_or_email":"test@example.com","password":"\${LOGIN_PASSWORD}"}'
    expect: { status: 401 }
  - name: health is healthy (seed 001)
    url: /health
    expect:
      status: 200
      headers: { content-type: json }
      json:
        - { path: status, equals: healthy }
        - { path: version, equals: "1.0.0" }
  # Seed 004 promises < 100 ms; the budget here is loose because this machine's load varies.
  - name: health latency p95 (seed 004)
    url: /health
    requests: 10
    expect: { status: 200, p95-latency: 2s }
`),
    { ...quiet, env: { LOGIN_PASSWORD: 'Test123!' } },
  );
  expect(result.checks.map((check) => [check.name, check.verdict, check.lastStatus])).toEqual([
    ['health', 'pass', '200'],
    ['public endpoint', 'pass', '200'],
    ['login with bad credentials', 'pass', '401'],
    ['health is healthy (seed 001)', 'pass', '200'],
    ['health latency p95 (seed 004)', 'pass', '200'],
  ]);
  expect(result.verdict).toBe('pass');
  expect(result.outputs).toEqual({
    verdict: 'pass',
    report: result.reportPath,
    'failed-checks': '',
  });
  const report = JSON.parse(readFileSync(result.reportPath, 'utf8'));
  expect(report.verdict).toBe('pass');
  expect(report.checks).toHaveLength(5);
  expect(report.checks[0].latencyMs.p50).toBeGreaterThan(0);
  expect(report.checks[4]).toMatchObject({ attempts: 1 });
  expect(report.checks[4].latencyMs.p95).toBeGreaterThanOrEqual(report.checks[4].latencyMs.p50);
  expect(JSON.stringify(report)).not.toContain('Test123!');
  expect(result.summary.split('\n')[0]).toMatch(
    /^### ✅ Post-deploy verification passed: 5 of 5 checks/,
  );
});

test('each expectation kind fails when it should, with the reason', async () => {
  const result = await postDeployVerify(
    config(
      `- name: wrong status
  url: /status/503
  expect: { status: 200 }
- name: wrong body
  url: /version
  expect: { body-contains: "9.9.9" }
- name: wrong JSON
  url: /health
  expect: { json: [{ path: status, equals: degraded }] }
- name: over latency budget
  url: /slow?ms=600
  expect: { status: 200, max-latency: 150ms }
- name: wrong header
  url: /health
  expect: { headers: { x-version: "2.0.0" } }
- name: good login is not a 401
  url: /api/v1/auth/login
  body: { username: demo, password: demo }
  expect: { status: 401 }
`,
      { deadlineMs: 2_500, concurrency: 6 },
    ),
    quiet,
  );
  const reasons = Object.fromEntries(
    result.checks.map((check) => [check.name, [check.verdict, check.reason]]),
  );
  expect(reasons).toEqual({
    'wrong status': ['fail', 'status 503, expected 200'],
    'wrong body': ['fail', 'body does not contain "9.9.9" (body: "1.0.0")'],
    'wrong JSON': ['fail', 'JSON status is "healthy", expected "degraded"'],
    'over latency budget': [
      'fail',
      expect.stringMatching(/^latency \d+ms over the budget of 150ms$/),
    ],
    'wrong header': ['fail', 'header x-version is "1.0.0", expected it to contain "2.0.0"'],
    'good login is not a 401': ['fail', 'status 200, expected 401'],
  });
  expect(result.verdict).toBe('fail');
  expect(result.outputs['failed-checks']).toBe(
    'wrong status,wrong body,wrong JSON,over latency budget,wrong header,good login is not a 401',
  );
  for (const check of result.checks) expect(check.attempts).toBeGreaterThan(1);
});

test('an endpoint that becomes ready after 4 s passes within the deadline', async () => {
  const slowStart = await runSampleContainer({
    image: process.env.OASIS_SAMPLE_V1!,
    env: { READY_AFTER: '4' },
  });
  started.push(slowStart);
  const begin = Date.now();
  const result = await postDeployVerify(
    config('- name: ready\n  url: /ready\n  expect: { status: 200 }\n', {
      baseUrl: slowStart.url,
      deadlineMs: 30_000,
    }),
    quiet,
  );
  const elapsed = Date.now() - begin;
  expect(result.verdict).toBe('pass');
  expect(result.checks[0].attempts).toBeGreaterThan(1);
  // Healthy once READY_AFTER has passed since the container started, well before the deadline.
  expect(elapsed).toBeLessThan(15_000);
});

test('an endpoint that never becomes ready fails at the deadline: not before, not much after', async () => {
  const never = await runSampleContainer({ image: process.env.OASIS_SAMPLE_NEVER_READY! });
  started.push(never);
  const deadlineMs = 5_000;
  const begin = Date.now();
  const result = await postDeployVerify(
    config('- name: ready\n  url: /ready\n  expect: { status: 200 }\n', {
      baseUrl: never.url,
      deadlineMs,
    }),
    quiet,
  );
  const elapsed = Date.now() - begin;
  expect(result.verdict).toBe('fail');
  expect(result.checks[0]).toMatchObject({
    verdict: 'fail',
    lastStatus: '503',
    reason: 'status 503, expected 200',
  });
  expect(elapsed).toBeGreaterThanOrEqual(deadlineMs);
  expect(elapsed).toBeLessThan(deadlineMs + 1_500);
});

test('a hanging endpoint fails at the deadline too: the request timeout is cut to the time left', async () => {
  const deadlineMs = 3_000;
  const begin = Date.now();
  const result = await postDeployVerify(
    config('- name: hang\n  url: /slow?ms=20000\n  timeout: 60s\n  expect: { status: 200 }\n', {
      deadlineMs,
    }),
    quiet,
  );
  const elapsed = Date.now() - begin;
  expect(result.checks[0]).toMatchObject({ verdict: 'fail', lastStatus: 'timeout' });
  expect(elapsed).toBeGreaterThanOrEqual(deadlineMs - 50);
  expect(elapsed).toBeLessThan(deadlineMs + 1_500);
});
