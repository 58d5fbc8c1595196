/**
 * 50 HTTP checks with concurrency 10 against the sample service container: wall time of oasis
 * post-deploy-verify's engine (`verify`, checks already parsed), and the same 50 requests made with
 * plain `fetch` by 10 workers (status only), alternated round by round in the same run. The
 * difference is oasis's overhead (expectation evaluation, latency bookkeeping, its HTTP client).
 * Parsing (YAML, schema validation, meaning checks) is measured on its own: it happens once a run.
 *
 *   node --import tsx bench/verify-http.ts [rounds]        (default 15 rounds after 2 warm-ups)
 */
import { performance } from 'node:perf_hooks';
import { parseChecks, type HttpCheck } from '../src/post-deploy-verify/checks.js';
import { createHttpRequester } from '../src/post-deploy-verify/http-requester.js';
import { percentile, verify } from '../src/post-deploy-verify/verify.js';
import { runSampleContainer } from '../test/stack/sample-service.js';
import { acquireStack, releaseStack } from '../test/stack/shared-stack.js';

const rounds = Number(process.argv[2] ?? 15);
const CHECKS = 50;
const CONCURRENCY = 10;

/** The seeds' checks, repeated to 50: health JSON, public endpoint, bad login, version. */
function checksYaml(): string {
  const kinds = [
    (i: number) =>
      `- name: health ${i}\n  url: /health\n  expect: { status: 200, json: [{ path: status, equals: healthy }], max-latency: 5s }\n`,
    (i: number) => `- name: public ${i}\n  url: /api/v1/public/info\n  expect: { status: 200 }\n`,
    (i: number) =>
      `- name: login ${i}\n  url: /api/v1/auth/login\n  body: { username_or_email: test@example.com, password: wrong }\n  expect: { status: 401 }\n`,
    (i: number) =>
      `- name: version ${i}\n  url: /version\n  expect: { status: 200, body-contains: "1.0.0" }\n`,
  ];
  return Array.from({ length: CHECKS }, (_, i) => kinds[i % kinds.length](i)).join('');
}

async function plainFetch(checks: HttpCheck[]): Promise<number> {
  let next = 0;
  let failures = 0;
  const worker = async () => {
    while (next < checks.length) {
      const check = checks[next++];
      const response = await fetch(check.url, {
        method: check.method,
        headers: check.headers,
        body: check.body,
      });
      await response.text();
      const ok = check.expect.status.some(
        (r) => response.status >= r.from && response.status <= r.to,
      );
      if (!ok) failures++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return failures;
}

const median = (values: number[]) => percentile(values, 50)!;
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function main() {
  const env = await acquireStack((line) => console.error(line));
  const sample = await runSampleContainer({ image: env.OASIS_SAMPLE_V1 });
  try {
    const yaml = checksYaml();
    const parseStart = performance.now();
    const checks = parseChecks(yaml, 'bench', { baseUrl: sample.url }) as HttpCheck[];
    const firstParse = performance.now() - parseStart;
    const againStart = performance.now();
    parseChecks(yaml, 'bench', { baseUrl: sample.url });
    const warmParse = performance.now() - againStart;

    const http = createHttpRequester();
    const ports = { http, log: () => undefined, mask: () => undefined };
    const oasis: number[] = [];
    const plain: number[] = [];
    const latencies: number[] = [];
    for (let round = -2; round < rounds; round++) {
      const order = round % 2 === 0 ? ['oasis', 'fetch'] : ['fetch', 'oasis'];
      for (const which of order) {
        const start = performance.now();
        if (which === 'oasis') {
          const result = await verify(
            { checks, deadlineMs: 60_000, concurrency: CONCURRENCY },
            ports,
          );
          const elapsed = performance.now() - start;
          if (result.verdict !== 'pass') throw new Error(`oasis verdict ${result.verdict}`);
          if (round >= 0) {
            oasis.push(elapsed);
            for (const check of result.checks) latencies.push(check.latencyMs.p50 ?? 0);
          }
        } else {
          const failures = await plainFetch(checks);
          const elapsed = performance.now() - start;
          if (failures) throw new Error(`${failures} plain fetch requests failed`);
          if (round >= 0) plain.push(elapsed);
        }
      }
    }
    http.close?.();
    const oasisMedian = median(oasis);
    const plainMedian = median(plain);
    console.log(
      `verify-http: ${CHECKS} HTTP checks, concurrency ${CONCURRENCY}, ${rounds} rounds (median)`,
    );
    console.log(
      `  oasis verify() wall time     ${fmt(oasisMedian)}  (min ${fmt(Math.min(...oasis))}, max ${fmt(Math.max(...oasis))})`,
    );
    console.log(
      `  plain fetch wall time        ${fmt(plainMedian)}  (min ${fmt(Math.min(...plain))}, max ${fmt(Math.max(...plain))})`,
    );
    console.log(
      `  oasis overhead               ${fmt(oasisMedian - plainMedian)} per run, ${fmt((oasisMedian - plainMedian) / CHECKS)} per check (${(((oasisMedian - plainMedian) / plainMedian) * 100).toFixed(1)}%)`,
    );
    console.log(
      `  request latency seen by oasis p50 ${fmt(percentile(latencies, 50)!)}, p95 ${fmt(percentile(latencies, 95)!)}`,
    );
    console.log(
      `  parse 50 checks: first ${fmt(firstParse)} (YAML + schema + meaning; schema compiled ahead of time), then ${fmt(warmParse)}`,
    );
  } finally {
    await sample.stop();
    await releaseStack((line) => console.error(line));
  }
}

await main();
