import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseChecks, type HttpCheck } from '../../../src/post-deploy-verify/checks.js';
import { attemptHttp, judge } from '../../../src/post-deploy-verify/http-check.js';
import {
  createHttpRequester,
  HttpTransportError,
} from '../../../src/post-deploy-verify/http-requester.js';

let server: http.Server;
let base: string;
const seen: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }[] =
  [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.url === '/health') {
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'x-version': '1.0.0',
        });
        res.end(JSON.stringify({ status: 'healthy', version: '1.0.0', checks: [{ id: 7 }] }));
      } else if (req.url?.startsWith('/slow')) {
        setTimeout(() => res.end('late'), 300);
      } else if (req.url === '/login') {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end('{"error":"invalid credentials"}');
      } else {
        res.writeHead(404);
        res.end('not here');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const requester = createHttpRequester();
afterAll(() => requester.close?.());

function check(yaml: string): HttpCheck {
  return parseChecks(yaml, 'test', { baseUrl: base })[0] as HttpCheck;
}

function prepared(c: HttpCheck, secrets: string[] = []) {
  return {
    url: c.url,
    method: c.method,
    headers: c.headers,
    body: c.body,
    insecure: false,
    secrets,
  };
}

describe('attemptHttp against a loopback server', () => {
  test('seed 001: /health returns JSON status healthy', async () => {
    const c = check(`- url: /health
  expect:
    status: 200
    json: [{ path: status, equals: healthy }, { path: "$.checks[0].id", equals: 7 }, { path: version, matches: "^1\\\\." }]
    headers: { content-type: application/json, x-version: "1.0" }
    body-contains: [healthy]
    body-regex: '"version":\\s*"1'
    max-latency: 5s
`);
    const outcome = await attemptHttp(c, prepared(c), requester, () => 5000);
    expect(outcome).toMatchObject({ ok: true, status: '200' });
    expect(outcome.latenciesMs[0]).toBeGreaterThan(0);
  });

  test('every unmet expectation is named', async () => {
    const c = check(`- url: /health
  expect:
    status: [201, 3xx]
    json: [{ path: status, equals: sick }, { path: missing, exists: true }, { path: version, matches: "^2" }]
    headers: { x-version: "2.0", x-absent: "a" }
    body-contains: nope
    body-regex: "^<html"
`);
    const outcome = await attemptHttp(c, prepared(c), requester, () => 5000);
    expect(outcome.ok).toBe(false);
    expect(outcome.reason).toContain('status 200, expected 201, 3xx');
    expect(outcome.reason).toContain('JSON status is "healthy", expected "sick"');
    expect(outcome.reason).toContain('JSON missing is missing');
    expect(outcome.reason).toContain('JSON version is "1.0.0", which does not match /^2/');
    expect(outcome.reason).toContain('header x-version is "1.0.0", expected it to contain "2.0"');
    expect(outcome.reason).toContain('header x-absent is missing');
    expect(outcome.reason).toContain('body does not contain "nope"');
    expect(outcome.reason).toContain('body does not match /^<html/');
  });

  test('seed 000: login with bad credentials gives 401; the body is sent as JSON with secrets substituted', async () => {
    const c = check(`- url: /login
  body: { username_or_email: test@example.com, password: "\${PW}" }
  headers: { Authorization: "Bearer \${TOKEN}" }
  expect: { status: 401, body-contains: invalid }
`);
    const outcome = await attemptHttp(
      c,
      {
        ...prepared(c),
        headers: { ...c.headers, Authorization: 'Bearer s3cr3t-token' },
        body: c.body!.replace('${PW}', 'Test123!'),
      },
      requester,
      () => 5000,
    );
    expect(outcome).toMatchObject({ ok: true, status: '401' });
    const request = seen[seen.length - 1];
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.authorization).toBe('Bearer s3cr3t-token');
    expect(JSON.parse(request.body)).toEqual({
      username_or_email: 'test@example.com',
      password: 'Test123!',
    });
  });

  test('latency over the budget fails; a timeout is reported as such', async () => {
    const c = check(`- url: /slow
  expect: { max-latency: 100ms }
`);
    const over = await attemptHttp(c, prepared(c), requester, () => 5000);
    expect(over.ok).toBe(false);
    expect(over.reason).toMatch(/latency \d+ms over the budget of 100ms/);
    const timedOut = await attemptHttp(c, prepared(c), requester, () => 50);
    expect(timedOut).toMatchObject({ ok: false, status: 'timeout' });
  });

  test('no status expected: an error status still fails', async () => {
    const c = check(`- url: /nothing
  expect: { body-contains: here }
`);
    const outcome = await attemptHttp(c, prepared(c), requester, () => 5000);
    expect(outcome.reason).toBe(
      'status 404 is an error (no status expected; any below 400 passes)',
    );
  });

  test('connection refused is a failed attempt, not an exception; secrets are redacted from reasons', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const c = check(`- url: http://127.0.0.1:${port}/health
  expect: { status: 200 }
`);
    const outcome = await attemptHttp(c, prepared(c), requester, () => 2000);
    expect(outcome).toMatchObject({
      ok: false,
      status: 'connection refused',
      reason: 'connection refused',
    });
    await expect(
      requester.request({
        url: `http://127.0.0.1:${port}/`,
        method: 'GET',
        headers: {},
        timeoutMs: 1000,
      }),
    ).rejects.toBeInstanceOf(HttpTransportError);
  });
});

describe('judge', () => {
  const response = { status: 200, headers: {}, body: 'not json', latencyMs: 1, truncated: false };
  test('a body that is not JSON fails JSON expectations', () => {
    const c = check('- url: /x\n  expect: { json: [{ path: a, exists: true }] }\n');
    expect(judge(c.expect, response)).toEqual(['body is not JSON (body: "not json")']);
  });
  test('exists: false passes when the path is absent', () => {
    const c = check('- url: /x\n  expect: { json: [{ path: a.b, exists: false }] }\n');
    expect(judge(c.expect, { ...response, body: '{"a":{}}' })).toEqual([]);
    expect(judge(c.expect, { ...response, body: '{"a":{"b":null}}' })).toEqual([
      'JSON a.b exists, expected it absent',
    ]);
  });
});
