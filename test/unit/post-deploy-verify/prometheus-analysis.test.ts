import { readFileSync } from 'node:fs';
import { parseChecks, type PrometheusCheck } from '../../../src/post-deploy-verify/checks.js';
import { HttpTransportError } from '../../../src/post-deploy-verify/http-requester.js';
import {
  judgeMeasurement,
  runAnalysis,
} from '../../../src/post-deploy-verify/prometheus-analysis.js';
import { fakeClock, fakeRequester } from './fakes.js';

const fixture = (name: string) => readFileSync(`/work/shared/fixtures/prometheus/${name}`, 'utf8');
const vectorUp = fixture('query_vector_up_prometheus-docs.json');
const matrix = fixture('query_range_matrix_up_prometheus-docs.json');

function check(extra = '', condition = 'result == 1'): PrometheusCheck {
  return parseChecks(
    `- name: rate\n  kind: prometheus\n  address: http://127.0.0.1:9090/\n  query: up\n  condition: ${condition}\n${extra}`,
    'test',
  )[0] as PrometheusCheck;
}

const vector = (...values: (number | string)[]) =>
  JSON.stringify({
    status: 'success',
    data: {
      resultType: 'vector',
      result: values.map((value, i) => ({
        metric: { instance: `pod-${i}` },
        value: [1700000000, String(value)],
      })),
    },
  });

function context(
  http: ReturnType<typeof fakeRequester>,
  clock = fakeClock(),
  deadlineMs = 600_000,
) {
  const lines: string[] = [];
  return {
    http,
    clock,
    headers: {},
    secrets: [],
    deadline: clock.now() + deadlineMs,
    log: (line: string) => lines.push(line),
    lines,
  };
}

describe('judgeMeasurement', () => {
  test('the Prometheus docs vector: each element is judged; one down instance fails', () => {
    const data = JSON.parse(vectorUp).data.result.map(
      (sample: { metric: Record<string, string>; value: [number, string] }) => ({
        labels: sample.metric,
        value: Number(sample.value[1]),
      }),
    );
    const judged = judgeMeasurement(check(), data);
    expect(judged.phase).toBe('failed');
    expect(judged.message).toBe(
      '{job="node",instance="localhost:9100"} 0 does not meet result == 1',
    );
    expect(judgeMeasurement(check('', 'result >= 0'), data).phase).toBe('successful');
  });

  test('no samples and NaN are inconclusive; with a failure-condition, neither is inconclusive', () => {
    expect(judgeMeasurement(check(), [])).toEqual({
      phase: 'inconclusive',
      message: 'no samples (empty result)',
    });
    expect(judgeMeasurement(check(), [{ labels: {}, value: Number.NaN }]).phase).toBe(
      'inconclusive',
    );
    const both = check('  failure-condition: result < 0.9\n', 'result >= 0.99');
    expect(judgeMeasurement(both, [{ labels: {}, value: 0.95 }]).phase).toBe('inconclusive');
    expect(judgeMeasurement(both, [{ labels: {}, value: 0.5 }]).phase).toBe('failed');
    expect(judgeMeasurement(both, [{ labels: {}, value: 0.995 }]).phase).toBe('successful');
  });
});

describe('runAnalysis (virtual time)', () => {
  test('count measurements interval apart; passes when all succeed', async () => {
    const http = fakeRequester(() => ({ body: vector(1, 1) }));
    const ctx = context(http);
    const start = ctx.clock.now();
    const outcome = await runAnalysis(check('  interval: 10s\n  count: 4\n'), ctx);
    expect(outcome.verdict).toBe('pass');
    expect(outcome.measurements.map((m) => m.phase)).toEqual([
      'successful',
      'successful',
      'successful',
      'successful',
    ]);
    expect(ctx.clock.now() - start).toBe(30_000);
    expect(http.requests[0]).toMatchObject({
      url: 'http://127.0.0.1:9090/api/v1/query',
      method: 'POST',
      body: 'query=up',
    });
    expect(ctx.lines[0]).toBe(
      'rate: measurement 1/4 successful: {instance="pod-0"} 1, {instance="pod-1"} 1',
    );
  });

  test('failure-limit: tolerates that many failures, fails (early) on one more', async () => {
    const answers = [1, 0, 1, 0, 1];
    const http = fakeRequester((_request, index) => ({ body: vector(answers[index]) }));
    const outcome = await runAnalysis(
      check('  interval: 1s\n  count: 5\n  failure-limit: 1\n'),
      context(http),
    );
    expect(outcome.verdict).toBe('fail');
    expect(outcome.measurements).toHaveLength(4);
    expect(outcome.reason).toBe(
      '2 failed measurements (failure-limit 1): {instance="pod-0"} 0 does not meet result == 1',
    );

    const tolerant = fakeRequester((_request, index) => ({ body: vector([1, 0, 1][index]) }));
    expect(
      (
        await runAnalysis(
          check('  interval: 1s\n  count: 3\n  failure-limit: 1\n'),
          context(tolerant),
        )
      ).verdict,
    ).toBe('pass');
  });

  test('no samples yet: inconclusive (inconclusive-limit 0)', async () => {
    const http = fakeRequester(() => ({ body: vector() }));
    const outcome = await runAnalysis(check('  count: 3\n  interval: 1s\n'), context(http));
    expect(outcome).toMatchObject({ verdict: 'inconclusive', lastStatus: 'no samples' });
    expect(outcome.reason).toBe(
      '1 inconclusive measurement (inconclusive-limit 0): no samples (empty result)',
    );
  });

  test('a scalar result is one value', async () => {
    const http = fakeRequester(() => ({
      body: JSON.stringify({
        status: 'success',
        data: { resultType: 'scalar', result: [1700000000, '0.995'] },
      }),
    }));
    const outcome = await runAnalysis(check('', 'result >= 0.99'), context(http));
    expect(outcome).toMatchObject({ verdict: 'pass', lastStatus: '0.995' });
  });

  test('a range vector (the docs matrix fixture) is an error naming the check', async () => {
    const http = fakeRequester(() => ({ body: matrix }));
    await expect(runAnalysis(check(), context(http))).rejects.toThrow(
      "check 'rate': the query returns a range vector; wrap it in a function such as rate()",
    );
  });

  test('invalid PromQL reported by the server is an error naming the check', async () => {
    const http = fakeRequester(() => ({
      status: 400,
      body: '{"status":"error","errorType":"bad_data","error":"invalid parameter \\"query\\": 1:15: parse error: unclosed left parenthesis"}',
    }));
    await expect(runAnalysis(check(), context(http))).rejects.toThrow(
      'check \'rate\': invalid PromQL: invalid parameter "query": 1:15: parse error: unclosed left parenthesis (query: up)',
    );
    expect(http.requests).toHaveLength(1);
  });

  test('unreachable Prometheus: a few quick retries, then an error naming the check and the address', async () => {
    const http = fakeRequester(() => new HttpTransportError('connection refused', 'ECONNREFUSED'));
    await expect(runAnalysis(check(), context(http))).rejects.toThrow(
      "check 'rate': Prometheus at http://127.0.0.1:9090 is unreachable: connection refused (3 attempts)",
    );
    expect(http.requests).toHaveLength(3);
  });

  test('something that is not the Prometheus API is an error, not a verdict', async () => {
    const http = fakeRequester(() => ({ status: 200, body: '<html>grafana</html>' }));
    await expect(runAnalysis(check(), context(http))).rejects.toThrow(
      "check 'rate': http://127.0.0.1:9090 did not answer as the Prometheus HTTP API (HTTP 200, not JSON)",
    );
  });

  test('a 503 is retried; a later success counts', async () => {
    const http = fakeRequester((_r, index) =>
      index === 0 ? { status: 503, body: 'unavailable' } : { body: vector(1) },
    );
    const outcome = await runAnalysis(check(), context(http));
    expect(outcome.verdict).toBe('pass');
    expect(outcome.queries).toBe(2);
  });

  test('the deadline cuts a long analysis short: inconclusive with how far it got', async () => {
    const http = fakeRequester(() => ({ body: vector(1) }));
    const outcome = await runAnalysis(
      check('  interval: 10s\n  count: 5\n'),
      context(http, fakeClock(), 25_000),
    );
    expect(outcome.verdict).toBe('inconclusive');
    expect(outcome.reason).toBe('deadline reached after 3 of 5 measurements');
  });
});
