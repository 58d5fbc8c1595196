/**
 * Prometheus analysis against Debian's real prometheus server scraping the sample service's
 * /metrics: success rate passes with a low error rate, fails with a high one, and is inconclusive
 * while there are no samples yet.
 */
import { jest } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '../../stack/free-port.js';
import { startPrometheus, type PrometheusServer } from '../../stack/prometheus.js';
import { runSampleContainer, type SampleContainer } from '../../stack/sample-service.js';
import { parseChecks } from '../../../src/post-deploy-verify/checks.js';
import { verify } from '../../../src/post-deploy-verify/verify.js';

jest.setTimeout(180_000);

const quiet = { log: () => undefined, mask: () => undefined };
let prometheus: PrometheusServer;
let lowPort: number;
let highPort: number;
const containers: SampleContainer[] = [];

const successRate = (port: number) =>
  `sum(rate(http_requests_total{instance="127.0.0.1:${port}",code!~"5.."}[1m])) / sum(rate(http_requests_total{instance="127.0.0.1:${port}"}[1m]))`;

function analysis(port: number, extra = '') {
  return parseChecks(
    `- name: success rate
  kind: prometheus
  query: '${successRate(port)}'
  condition: result >= 0.95
  failure-condition: result < 0.9
${extra}`,
    'test',
    { prometheusUrl: prometheus.url },
  );
}

beforeAll(async () => {
  lowPort = await freePort();
  highPort = await freePort();
  prometheus = await startPrometheus({
    targets: [`127.0.0.1:${lowPort}`, `127.0.0.1:${highPort}`],
  });
});

afterAll(async () => {
  await Promise.all(containers.map((container) => container.stop()));
  await prometheus?.stop();
});

test('no samples yet (the service is not up): inconclusive', async () => {
  const result = await verify(
    { checks: analysis(lowPort), deadlineMs: 30_000, concurrency: 1 },
    quiet,
  );
  expect(result.verdict).toBe('inconclusive');
  expect(result.checks[0]).toMatchObject({ verdict: 'inconclusive', lastStatus: 'no samples' });
  expect(result.checks[0].reason).toMatch(/no samples \(empty result\)/);
});

test('low error rate passes, high error rate fails', async () => {
  containers.push(
    await runSampleContainer({
      image: process.env.OASIS_SAMPLE_V1!,
      port: lowPort,
      env: { ERROR_RATE: '0.01' },
    }),
    await runSampleContainer({
      image: process.env.OASIS_SAMPLE_V1!,
      port: highPort,
      env: { ERROR_RATE: '0.4' },
    }),
  );
  // Argo-style: wait for data, then 3 measurements a second apart.
  const extra = '  initial-delay: 4s\n  interval: 1s\n  count: 3\n';
  const [low, high] = await Promise.all([
    verify({ checks: analysis(lowPort, extra), deadlineMs: 60_000, concurrency: 1 }, quiet),
    verify({ checks: analysis(highPort, extra), deadlineMs: 60_000, concurrency: 1 }, quiet),
  ]);
  expect(low.verdict).toBe('pass');
  expect(low.checks[0].measurements!.map((m) => m.phase)).toEqual([
    'successful',
    'successful',
    'successful',
  ]);
  expect(Number(low.checks[0].lastStatus)).toBeCloseTo(0.99, 2);

  expect(high.verdict).toBe('fail');
  expect(high.checks[0].measurements).toHaveLength(1);
  expect(Number(high.checks[0].lastStatus)).toBeCloseTo(0.6, 2);
  expect(high.checks[0].reason).toMatch(
    /^1 failed measurement \(failure-limit 0\): 0\.6 meets failure-condition result < 0\.9$/,
  );
});

test('each vector element is judged: one bad instance fails the condition', async () => {
  const [check] = parseChecks(
    `- name: per instance
  kind: prometheus
  query: 'sum by (instance) (rate(http_requests_total{code!~"5.."}[1m])) / sum by (instance) (rate(http_requests_total[1m]))'
  condition: result >= 0.95
`,
    'test',
    { prometheusUrl: prometheus.url },
  );
  const result = await verify({ checks: [check], deadlineMs: 30_000, concurrency: 1 }, quiet);
  expect(result.verdict).toBe('fail');
  expect(result.checks[0].measurements![0].values).toHaveLength(2);
  expect(result.checks[0].reason).toContain(
    `{instance="127.0.0.1:${highPort}"} 0.6 does not meet result >= 0.95`,
  );
});

test('invalid PromQL reported by the server is an error naming the check', async () => {
  const [check] = parseChecks(
    "- name: broken\n  kind: prometheus\n  query: 'sum(rate(http_requests_total[1m])'\n  condition: result > 0\n",
    'test',
    { prometheusUrl: prometheus.url },
  );
  await expect(
    verify({ checks: [check], deadlineMs: 30_000, concurrency: 1 }, quiet),
  ).rejects.toThrow(
    /^check 'broken': invalid PromQL: .*parse error.*\(query: sum\(rate\(http_requests_total\[1m\]\)\)$/,
  );
});

test('unreachable Prometheus is an error naming the check and the address', async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const address = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((resolve) => closed.close(resolve));
  const [check] = parseChecks(
    '- name: rate\n  kind: prometheus\n  query: up\n  condition: result == 1\n',
    'test',
    {
      prometheusUrl: address,
    },
  );
  await expect(
    verify({ checks: [check], deadlineMs: 30_000, concurrency: 1 }, quiet),
  ).rejects.toThrow(
    `check 'rate': Prometheus at ${address} is unreachable: connection refused (3 attempts)`,
  );
});
