/**
 * Kubernetes checks against the kube API double over real HTTPS, with pods running as real
 * containers of the sample image: ready pods pass, a pod that restarts during the window fails,
 * pods that never become ready fail at the deadline.
 */
import { jest } from '@jest/globals';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { startKubeDouble, type KubeDouble } from '../../stack/kube/index.js';
import { postDeployVerify } from '../../../src/post-deploy-verify/post-deploy-verify.js';
import type { PostDeployVerifyConfig } from '../../../src/post-deploy-verify/inputs.js';

jest.setTimeout(240_000);

const NS = 'verify';
let double: KubeDouble;
let apps: AppsV1Api;
let core: CoreV1Api;

function deployment(name: string, image: string, env: Record<string, string> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'app',
              image,
              env: Object.entries(env).map(([key, value]) => ({ name: key, value })),
              ports: [{ containerPort: 8080 }],
              readinessProbe: {
                httpGet: { path: '/ready', port: 8080 },
                periodSeconds: 1,
                failureThreshold: 1,
              },
            },
          ],
        },
      },
    },
  };
}

function config(checksText: string, deadlineMs: number): PostDeployVerifyConfig {
  return {
    checksText,
    checksSource: "input 'checks'",
    kubeconfig: double.kubeconfig,
    namespace: NS,
    deadlineMs,
    concurrency: 4,
    failOnInconclusive: false,
  };
}

beforeAll(async () => {
  double = await startKubeDouble({ namespaces: [NS], speed: 4 });
  const kc = new KubeConfig();
  kc.loadFromString(double.kubeconfig);
  apps = kc.makeApiClient(AppsV1Api);
  core = kc.makeApiClient(CoreV1Api);
});

afterAll(async () => {
  await double?.stop();
});

test('ready pods that do not restart during the window pass, next to an HTTP check through the Service', async () => {
  await apps.createNamespacedDeployment({
    namespace: NS,
    body: deployment('steady', process.env.OASIS_SAMPLE_V1!),
  });
  await core.createNamespacedService({
    namespace: NS,
    body: {
      metadata: { name: 'steady' },
      spec: { selector: { app: 'steady' }, ports: [{ port: 80, targetPort: 8080 }] },
    },
  });
  const serviceUrl = double.serviceUrl(NS, 'steady');
  expect(serviceUrl).toBeDefined();
  const lines: string[] = [];
  const started = Date.now();
  const result = await postDeployVerify(
    config(
      `- name: pods
  kind: kubernetes
  deployment: steady
  window: 3s
- name: pods by selector
  kind: kubernetes
  selector: app=steady
  window: 1s
- name: health through the Service
  url: ${serviceUrl}/health
  expect: { status: 200, json: [{ path: status, equals: healthy }] }
`,
      90_000,
    ),
    { log: (line) => lines.push(line), mask: () => undefined },
  );
  expect(result.checks.map((check) => [check.name, check.verdict, check.lastStatus])).toEqual([
    ['pods', 'pass', '2/2 ready'],
    ['pods by selector', 'pass', '2/2 ready'],
    ['health through the Service', 'pass', '200'],
  ]);
  expect(result.verdict).toBe('pass');
  expect(lines).toContain('pods: all 2 pods ready; watching restarts for 3.0s');
  expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
});

test('a pod that restarts during the window fails the check', async () => {
  await apps.createNamespacedDeployment({
    namespace: NS,
    body: deployment('crashy', process.env.OASIS_SAMPLE_V1!, { CRASH_AFTER: '3' }),
  });
  const result = await postDeployVerify(
    config('- name: pods\n  kind: kubernetes\n  deployment: crashy\n  window: 60s\n', 120_000),
    { log: () => undefined, mask: () => undefined },
  );
  expect(result.verdict).toBe('fail');
  // Usually 0 → 1; a pod may already have restarted once before all were ready.
  const restarts = /^pod crashy-\S+ restarted during the window \(restarts (\d+) → (\d+)/.exec(
    result.checks[0].reason ?? '',
  );
  expect(restarts).not.toBeNull();
  expect(Number(restarts![2])).toBeGreaterThan(Number(restarts![1]));
  expect(result.outputs['failed-checks']).toBe('pods');
});

test('pods that never become ready fail at the deadline; an unknown deployment is a clear error', async () => {
  await apps.createNamespacedDeployment({
    namespace: NS,
    body: deployment('stuck', process.env.OASIS_SAMPLE_NEVER_READY!),
  });
  const started = Date.now();
  const result = await postDeployVerify(
    config('- name: pods\n  kind: kubernetes\n  deployment: stuck\n  window: 2s\n', 8_000),
    { log: () => undefined, mask: () => undefined },
  );
  const elapsed = Date.now() - started;
  expect(result.checks[0]).toMatchObject({ verdict: 'fail' });
  expect(result.checks[0].reason).toMatch(
    /^pods not ready at the deadline: 0\/2 ready|^no pods found at the deadline/,
  );
  expect(elapsed).toBeGreaterThanOrEqual(8_000);
  expect(elapsed).toBeLessThan(8_000 + 3_000);

  await expect(
    postDeployVerify(config('- name: pods\n  kind: kubernetes\n  deployment: nope\n', 5_000), {
      log: () => undefined,
      mask: () => undefined,
    }),
  ).rejects.toThrow(/not found: cannot get deployments\/nope in namespace verify \(HTTP 404\)/);
});
