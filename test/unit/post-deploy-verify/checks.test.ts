import { readFileSync } from 'node:fs';
import {
  ChecksError,
  parseChecks,
  type HttpCheck,
  type PrometheusCheck,
} from '../../../src/post-deploy-verify/checks.js';
import { checksSchema } from '../../../src/post-deploy-verify/checks-schema.js';

const context = { baseUrl: 'http://127.0.0.1:8080/app', prometheusUrl: 'http://127.0.0.1:9090' };

function errorOf(text: string, ctx = context): ChecksError {
  try {
    parseChecks(text, 'verify.yml', ctx, 'verify.yml');
  } catch (error) {
    if (error instanceof ChecksError) return error;
    throw error;
  }
  throw new Error('expected a ChecksError');
}

describe('parseChecks', () => {
  test('the shipped schemas/checks.schema.json is the schema the parser uses', () => {
    const shipped = JSON.parse(
      readFileSync(new URL('../../../schemas/checks.schema.json', import.meta.url), 'utf8'),
    );
    expect(shipped).toEqual(JSON.parse(JSON.stringify(checksSchema)));
  });

  test('seed 000 and 001 checks parse into typed checks with paths resolved on base-url', () => {
    const checks = parseChecks(
      `checks:
  - name: health
    url: /health
    expect:
      status: 200
      json:
        - path: $.status
          equals: healthy
  - name: public info
    url: api/v1/public/info
    expect: { status: [200, 2xx, 200-204] }
  - name: login rejects bad credentials
    url: /api/v1/auth/login
    body: { username_or_email: test@example.com, password: "\${LOGIN_PASSWORD}" }
    expect: { status: 401, max-latency: 0.5 }
  - kind: prometheus
    query: sum(rate(http_requests_total[1m]))
    condition: result >= 0.99
    interval: 5s
    count: 3
`,
      'checks',
      context,
    );
    expect(checks.map((check) => check.name)).toEqual([
      'health',
      'public info',
      'login rejects bad credentials',
      'sum(rate(http_requests_total[1m]))',
    ]);
    const [health, info, login, prom] = checks as [
      HttpCheck,
      HttpCheck,
      HttpCheck,
      PrometheusCheck,
    ];
    expect(health.url).toBe('http://127.0.0.1:8080/app/health');
    expect(health.line).toBe(2);
    expect(health.expect.json[0].steps).toEqual(['status']);
    expect(info.url).toBe('http://127.0.0.1:8080/app/api/v1/public/info');
    expect(info.expect.status).toEqual([
      { from: 200, to: 200 },
      { from: 200, to: 299 },
      { from: 200, to: 204 },
    ]);
    expect(login.method).toBe('POST');
    expect(login.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(login.body!)).toEqual({
      username_or_email: 'test@example.com',
      password: '${LOGIN_PASSWORD}',
    });
    expect(login.expect.maxLatencyMs).toBe(500);
    expect(prom.address).toBe('http://127.0.0.1:9090');
    expect(prom.intervalMs).toBe(5000);
    expect(prom.count).toBe(3);
    expect(prom.condition(0.995)).toBe(true);
    expect(prom.condition(0.9)).toBe(false);
  });

  test('a bare list and JSON are accepted; status defaults to below 400', () => {
    const [check] = parseChecks(
      '[{"url": "https://example.com/x", "expect": {"body-contains": "ok"}}]',
      'x',
    ) as HttpCheck[];
    expect(check.url).toBe('https://example.com/x');
    expect(check.expect.statusGiven).toBe(false);
    expect(check.expect.status).toEqual([{ from: 100, to: 399 }]);
    const [post] = parseChecks(
      '- url: https://example.com/login\n  body: x\n  expect: { status: 401 }\n',
      'x',
    );
    expect(post.name).toBe('POST https://example.com/login');
  });

  test.each([
    [
      'unknown check kind',
      '- name: grpc\n  kind: grpc\n  url: /x\n',
      2,
      9,
      /check 'grpc': unknown check kind 'grpc'; use one of http, prometheus, kubernetes/,
    ],
    [
      'no expectations',
      '- name: bare\n  url: /health\n',
      1,
      3,
      /check 'bare': missing required field 'expect' \(a check without expectations verifies nothing/,
    ],
    [
      'empty expect',
      '- name: bare\n  url: /health\n  expect: {}\n',
      3,
      11,
      /expect: is empty; a check without expectations verifies nothing/,
    ],
    [
      'not http(s)',
      '- name: ftp\n  url: ftp://example.com/x\n  expect: { status: 200 }\n',
      2,
      8,
      /check 'ftp': 'ftp:\/\/example.com\/x' is not an http\(s\) URL/,
    ],
    [
      'unknown field, at its key',
      '- name: a\n  url: /a\n  expect:\n    status: 200\n    bodyy: x\n',
      5,
      5,
      /unknown field 'bodyy' in expect; allowed: status, body-contains/,
    ],
    [
      'bad duration',
      '- name: a\n  url: /a\n  timeout: 5 sec\n  expect: { status: 200 }\n',
      3,
      12,
      /timeout: '5 sec' is not a duration/,
    ],
    [
      'bad status',
      '- name: a\n  url: /a\n  expect: { status: [200, 999] }\n',
      3,
      27,
      /expect.status\[1\]: '999' is not a status/,
    ],
    [
      'bad regex',
      '- name: a\n  url: /a\n  expect: { body-regex: "(" }\n',
      3,
      25,
      /'\(' is not a valid regular expression/,
    ],
    [
      'bad json path',
      '- name: a\n  url: /a\n  expect:\n    json:\n      - path: "a..b"\n        equals: 1\n',
      5,
      15,
      /'a\.\.b' is not a JSON path/,
    ],
    [
      'json assertion without a test',
      '- name: a\n  url: /a\n  expect:\n    json:\n      - path: status\n',
      5,
      9,
      /expect.json\[0\] needs more fields|must NOT have fewer than 2 properties/,
    ],
    [
      'duplicate name',
      '- name: a\n  url: /a\n  expect: { status: 200 }\n- name: a\n  url: /b\n  expect: { status: 200 }\n',
      4,
      9,
      /check 'a': the name 'a' is already used by check #1/,
    ],
    [
      'bad condition',
      '- name: p\n  kind: prometheus\n  query: up\n  condition: result >== 1\n',
      4,
      14,
      /check 'p': condition 'result >== 1' is not valid/,
    ],
    [
      'prometheus without condition',
      '- name: p\n  kind: prometheus\n  query: up\n',
      1,
      3,
      /missing required field 'condition'/,
    ],
    [
      'kubernetes without target',
      '- name: k\n  kind: kubernetes\n',
      2,
      9,
      /deployment: <name> or selector: <labels>/,
    ],
    ['YAML syntax', '- url: /a\n  expect: { status: 200\n', 3, 1, /not valid YAML/],
    ['empty list', 'checks: []\n', 1, 9, /no checks: the list is empty/],
    ['unknown top-level field', 'checks: []\nextra: 1\n', 2, 1, /unknown field 'extra' at the top/],
    [
      'not a mapping',
      '- just a string\n',
      1,
      3,
      /check #1: 'just a string' is not a check; write a mapping such as/,
    ],
    [
      'bad method',
      '- url: /a\n  method: FETCH\n  expect: { status: 200 }\n',
      2,
      11,
      /method: 'FETCH' is not an HTTP method; use GET, HEAD/,
    ],
    [
      'requests out of range',
      '- url: /a\n  requests: 0\n  expect: { p95-latency: 1s }\n',
      2,
      13,
      /requests must be >= 1/,
    ],
  ])('%s: error at the line', (_what, text, line, column, message) => {
    const error = errorOf(text);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(new RegExp(`^verify.yml, line ${line}, column ${column}: `));
    expect(error.line).toBe(line);
    expect(error.file).toBe('verify.yml');
  });

  test('a path without base-url says how to fix it', () => {
    const error = errorOf('- url: /health\n  expect: { status: 200 }\n', {} as typeof context);
    expect(error.message).toMatch(/'\/health' is a path but the base-url input is not set/);
  });

  test('a prometheus check without any address names the input', () => {
    const error = errorOf(
      '- name: p\n  kind: prometheus\n  query: up\n  condition: result == 1\n',
      { baseUrl: context.baseUrl } as typeof context,
    );
    expect(error.message).toMatch(
      /check 'p': no Prometheus address: set address: on the check or the prometheus-url input/,
    );
  });
});

describe('the examples in docs/post-deploy-verify.md', () => {
  const docs = readFileSync(
    new URL('../../../docs/post-deploy-verify.md', import.meta.url),
    'utf8',
  );
  const blocks = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]);

  test('the workflow example: its checks parse', async () => {
    const { load } = await import('js-yaml');
    const steps = load(blocks[0]) as { with: { checks: string; 'base-url': string } }[];
    const checks = parseChecks(steps[0].with.checks, 'docs', {
      baseUrl: steps[0].with['base-url'],
    });
    expect(checks.map((check) => check.name)).toEqual([
      'health',
      'public endpoint',
      'login rejects bad credentials',
    ]);
  });

  test('the Prometheus example parses', () => {
    const checks = parseChecks(blocks[1], 'docs', { prometheusUrl: 'http://127.0.0.1:9090' });
    expect(checks.map((check) => check.kind)).toEqual(['prometheus', 'prometheus']);
  });
});
