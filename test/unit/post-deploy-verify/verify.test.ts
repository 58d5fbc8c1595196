import { parseChecks } from '../../../src/post-deploy-verify/checks.js';
import { HttpTransportError } from '../../../src/post-deploy-verify/http-requester.js';
import { overallVerdict, percentile, verify } from '../../../src/post-deploy-verify/verify.js';
import { summaryMarkdown } from '../../../src/post-deploy-verify/summary.js';
import { fakeClock, fakeRequester } from './fakes.js';

const base = 'http://127.0.0.1:8080';
const checks = (yaml: string) =>
  parseChecks(yaml, 'test', { baseUrl: base, prometheusUrl: 'http://127.0.0.1:9090' });
const quiet = { log: () => undefined, mask: () => undefined, random: () => 0.5 };

describe('verify (virtual time)', () => {
  test('a check that becomes healthy after 7s passes within a 30s deadline, after backoff retries', async () => {
    const clock = fakeClock();
    const start = clock.now();
    const http = fakeRequester(() =>
      clock.now() - start < 7000 ? { status: 503 } : { status: 200 },
    );
    const lines: string[] = [];
    const result = await verify(
      {
        checks: checks('- name: health\n  url: /health\n  expect: { status: 200 }\n'),
        deadlineMs: 30_000,
        concurrency: 2,
      },
      { ...quiet, http, clock, log: (line) => lines.push(line) },
    );
    expect(result.verdict).toBe('pass');
    expect(result.checks[0].attempts).toBeGreaterThan(2);
    expect(clock.now() - start).toBeGreaterThanOrEqual(7000);
    expect(clock.now() - start).toBeLessThan(7000 + 5000);
    // One line per state change, not one per attempt.
    expect(lines.filter((line) => line.includes('status 503'))).toHaveLength(1);
    expect(lines[lines.length - 1]).toMatch(/^health: passed \(200, 5ms\) after \d+ attempts$/);
  });

  test('a check that never passes fails exactly at the deadline', async () => {
    const clock = fakeClock();
    const start = clock.now();
    const http = fakeRequester(() => ({ status: 500 }));
    const result = await verify(
      {
        checks: checks('- name: health\n  url: /health\n  expect: { status: 200 }\n'),
        deadlineMs: 20_000,
        concurrency: 1,
      },
      { ...quiet, http, clock },
    );
    expect(result.verdict).toBe('fail');
    expect(result.checks[0]).toMatchObject({
      verdict: 'fail',
      lastStatus: '500',
      reason: 'status 500, expected 200',
    });
    expect(clock.now() - start).toBe(20_000);
    // Backoff: far fewer attempts than one per 250 ms.
    expect(result.checks[0].attempts).toBeGreaterThan(4);
    expect(result.checks[0].attempts).toBeLessThan(20);
  });

  test('a request timeout is cut to the time left before the deadline', async () => {
    const clock = fakeClock();
    const http = fakeRequester((request) => {
      clock.advance(request.timeoutMs);
      return new HttpTransportError(`no response within ${request.timeoutMs}ms`, 'ETIMEDOUT');
    });
    const result = await verify(
      {
        checks: checks('- name: hang\n  url: /slow\n  timeout: 60s\n  expect: { status: 200 }\n'),
        deadlineMs: 3_000,
        concurrency: 1,
      },
      { ...quiet, http, clock },
    );
    expect(http.requests[0].timeoutMs).toBe(3000);
    expect(result.checks[0]).toMatchObject({ verdict: 'fail', lastStatus: 'timeout', attempts: 1 });
    expect(result.report.durationMs).toBe(3000);
  });

  test('an attempt cut short by the deadline does not hide the reason before it', async () => {
    const clock = fakeClock();
    const start = clock.now();
    const http = fakeRequester((request, index) => {
      if (index === 0) return { status: 503 };
      clock.advance(request.timeoutMs);
      return new HttpTransportError(`no response within ${request.timeoutMs}ms`, 'ETIMEDOUT');
    });
    const result = await verify(
      {
        checks: checks('- name: flaky\n  url: /x\n  timeout: 10s\n  expect: { status: 200 }\n'),
        deadlineMs: 2_000,
        concurrency: 1,
      },
      { ...quiet, http, clock },
    );
    expect(result.checks[0]).toMatchObject({
      verdict: 'fail',
      lastStatus: '503',
      reason: 'status 503, expected 200',
    });
    expect(clock.now() - start).toBe(2_000);
  });

  test('requests: N per attempt, all must pass; p95-latency is judged over them', async () => {
    const run = (latency: (index: number) => number, status = (_index: number) => 200) => {
      const http = fakeRequester((_request, index) => ({
        status: status(index),
        latencyMs: latency(index),
      }));
      return verify(
        {
          checks: checks(
            '- name: p95\n  url: /health\n  requests: 20\n  expect: { status: 200, p95-latency: 100ms }\n',
          ),
          deadlineMs: 1_000,
          concurrency: 1,
        },
        { ...quiet, http, clock: fakeClock() },
      ).then((result) => ({ result, http }));
    };
    // One slow response in 20 is the 5 % the p95 allows.
    const oneSlow = await run((index) => (index === 7 ? 500 : 10));
    expect(oneSlow.result.checks[0]).toMatchObject({ verdict: 'pass', attempts: 1 });
    expect(oneSlow.http.requests).toHaveLength(20);
    expect(oneSlow.result.checks[0].latencyMs).toEqual({ p50: 10, p95: 10, max: 500 });
    // Two are not.
    const twoSlow = await run((index) => (index % 20 === 3 || index % 20 === 9 ? 500 : 10));
    expect(twoSlow.result.checks[0]).toMatchObject({
      verdict: 'fail',
      reason: 'p95 latency 500ms over the budget of 100ms (20 requests)',
    });
    // A failing response ends the attempt and says which one it was.
    const lines: string[] = [];
    const http = fakeRequester((_request, index) => ({ status: index >= 2 ? 500 : 200 }));
    await verify(
      {
        checks: checks('- name: n\n  url: /x\n  requests: 20\n  expect: { status: 200 }\n'),
        deadlineMs: 1_000,
        concurrency: 1,
      },
      { ...quiet, http, clock: fakeClock(), log: (line) => lines.push(line) },
    );
    expect(http.requests.length).toBeGreaterThan(3);
    expect(lines[0]).toBe(
      'n: attempt 1 failed: status 500, expected 200 (request 3 of 20); retrying until the deadline',
    );
  });

  test('concurrency limits how many checks run at once; results keep the file order', async () => {
    let running = 0;
    let peak = 0;
    const http = {
      async request() {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return { status: 200, headers: {}, body: '', latencyMs: 1, truncated: false };
      },
    };
    const yaml = Array.from(
      { length: 12 },
      (_, i) => `- name: c${i}\n  url: /c${i}\n  expect: { status: 200 }\n`,
    ).join('');
    const result = await verify(
      { checks: checks(yaml), deadlineMs: 10_000, concurrency: 3 },
      { ...quiet, http },
    );
    expect(peak).toBe(3);
    expect(result.checks.map((check) => check.name)).toEqual(
      Array.from({ length: 12 }, (_, i) => `c${i}`),
    );
    expect(result.verdict).toBe('pass');
  });

  test('${NAME} references are substituted, masked, and never reported', async () => {
    const masked: string[] = [];
    const http = fakeRequester(() => ({ status: 401, body: 'denied for Bearer tok-123456' }));
    const result = await verify(
      {
        checks: checks(`- name: login
  url: /login
  headers: { Authorization: "Bearer \${API_TOKEN}" }
  body: { password: "\${PASSWORD}" }
  expect: { status: 200, body-contains: welcome }
`),
        deadlineMs: 1000,
        concurrency: 1,
      },
      {
        ...quiet,
        http,
        clock: fakeClock(),
        env: { API_TOKEN: 'tok-123456', PASSWORD: 'hunter22' },
        mask: (value) => masked.push(value),
      },
    );
    expect(masked).toEqual(['tok-123456', 'hunter22']);
    expect(http.requests[0].headers.Authorization).toBe('Bearer tok-123456');
    expect(JSON.parse(http.requests[0].body!)).toEqual({ password: 'hunter22' });
    const report = JSON.stringify(result.report);
    expect(report).not.toContain('tok-123456');
    expect(report).not.toContain('hunter22');
    expect(result.checks[0].reason).toContain('Bearer ***');
  });

  test('a missing ${NAME} is an error naming the check and the header, before any request', async () => {
    const http = fakeRequester(() => ({ status: 200 }));
    await expect(
      verify(
        {
          checks: checks(
            '- name: api\n  url: /x\n  headers: { Authorization: "Bearer ${NOPE}" }\n  expect: { status: 200 }\n',
          ),
          deadlineMs: 1000,
          concurrency: 1,
        },
        { ...quiet, http, env: {} },
      ),
    ).rejects.toThrow("check 'api': header 'Authorization' references ${NOPE}, which is not set");
    expect(http.requests).toHaveLength(0);
  });

  test('an unreadable CA file is an error naming the check', async () => {
    await expect(
      verify(
        {
          checks: checks(
            '- name: tls\n  url: https://127.0.0.1:1/\n  tls: { ca-file: /nonexistent/ca.pem }\n  expect: { status: 200 }\n',
          ),
          deadlineMs: 1000,
          concurrency: 1,
        },
        { ...quiet, http: fakeRequester(() => ({})) },
      ),
    ).rejects.toThrow("check 'tls': tls.ca-file '/nonexistent/ca.pem' cannot be read");
  });

  test('a prometheus analysis longer than the deadline is refused up front', async () => {
    await expect(
      verify(
        {
          checks: checks(
            '- name: rate\n  kind: prometheus\n  query: up\n  condition: result == 1\n  interval: 30s\n  count: 5\n',
          ),
          deadlineMs: 60_000,
          concurrency: 1,
        },
        { ...quiet, http: fakeRequester(() => ({})) },
      ),
    ).rejects.toThrow(
      "check 'rate': 5 measurements 30.0s apart need 2m 00s, more than the deadline of 1m 00s",
    );
  });

  test('kubernetes checks without a cluster say what to set', async () => {
    await expect(
      verify(
        {
          checks: checks('- name: pods\n  kind: kubernetes\n  deployment: api\n'),
          deadlineMs: 60_000,
          concurrency: 1,
        },
        { ...quiet, http: fakeRequester(() => ({})) },
      ),
    ).rejects.toThrow("check 'pods': kubernetes checks need a cluster; set the kubeconfig input");
  });

  test('a broken check (invalid PromQL) stops the run with its error', async () => {
    const http = fakeRequester((request) =>
      request.url.endsWith('/api/v1/query')
        ? {
            status: 400,
            body: JSON.stringify({
              status: 'error',
              errorType: 'bad_data',
              error: 'parse error: unclosed left parenthesis',
            }),
          }
        : { status: 200 },
    );
    await expect(
      verify(
        {
          checks: checks(
            '- name: web\n  url: /\n  expect: { status: 200 }\n- name: rate\n  kind: prometheus\n  query: sum(rate(x[1m])\n  condition: result > 0\n',
          ),
          deadlineMs: 10_000,
          concurrency: 2,
        },
        { ...quiet, http, clock: fakeClock() },
      ),
    ).rejects.toThrow(
      "check 'rate': invalid PromQL: parse error: unclosed left parenthesis (query: sum(rate(x[1m]))",
    );
  });
});

describe('verdicts, percentiles, summary', () => {
  test('fail beats inconclusive beats pass', () => {
    expect(overallVerdict([{ verdict: 'pass' }, { verdict: 'inconclusive' }])).toBe('inconclusive');
    expect(overallVerdict([{ verdict: 'fail' }, { verdict: 'inconclusive' }])).toBe('fail');
    expect(overallVerdict([{ verdict: 'pass' }])).toBe('pass');
  });

  test('nearest-rank percentiles', () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(10);
    expect(percentile(values, 95)).toBe(19);
    expect(percentile([], 50)).toBeUndefined();
  });

  test('summary rows link to what was checked: the URL, or the query in Prometheus', async () => {
    const http = fakeRequester((request) =>
      request.url.endsWith('/api/v1/query')
        ? { body: '{"status":"success","data":{"resultType":"scalar","result":[1,"1"]}}' }
        : { status: 200 },
    );
    const result = await verify(
      {
        checks: checks(
          "- name: health\n  url: /health\n  expect: { status: 200 }\n- name: rate [5m]\n  kind: prometheus\n  query: 'sum(rate(x[5m]))'\n  condition: result == 1\n",
        ),
        deadlineMs: 5000,
        concurrency: 2,
      },
      { ...quiet, http, clock: fakeClock() },
    );
    const markdown = summaryMarkdown(result.verdict, result.checks, 10);
    expect(markdown).toContain('| [health](http://127.0.0.1:8080/health) | http | ✅ pass |');
    expect(markdown).toContain(
      '| [rate \\[5m\\]](http://127.0.0.1:9090/graph?g0.expr=sum%28rate%28x%5B5m%5D%29%29&g0.tab=1) | prometheus | ✅ pass |',
    );
  });

  test('the summary puts the verdict first and one row per check', () => {
    const markdown = summaryMarkdown(
      'fail',
      [
        {
          name: 'health',
          kind: 'http',
          verdict: 'pass',
          attempts: 1,
          lastStatus: '200',
          target: 'GET /health',
          latencyMs: { p50: 4, p95: 9 },
          durationMs: 5,
        },
        {
          name: 'login | auth',
          kind: 'http',
          verdict: 'fail',
          attempts: 6,
          lastStatus: '500',
          reason: 'status 500, expected 401',
          target: 'POST /login',
          latencyMs: {},
          durationMs: 5000,
        },
      ],
      5000,
      '/tmp/report.json',
    );
    const lines = markdown.split('\n');
    expect(lines[0]).toBe(
      '### ❌ Post-deploy verification failed: 1 of 2 checks failed (login | auth) in 5.0s',
    );
    expect(lines).toContain('| health | http | ✅ pass | 1 | 200 | 4 ms | 9 ms |  |');
    expect(lines).toContain(
      '| login \\| auth | http | ❌ fail | 6 | 500 | – | – | status 500, expected 401 |',
    );
    expect(markdown).toContain('Full report: `/tmp/report.json`');
  });
});
