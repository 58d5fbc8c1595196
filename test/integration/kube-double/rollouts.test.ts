/**
 * The double's Argo Rollouts controller with real containers: a canary Rollout walks its steps
 * (setWeight by replica ratio, pause), is promoted the way the argo kubectl plugin does it
 * (status.pauseConditions cleared), aborts to Degraded, times out; a blueGreen Rollout switches
 * its active Service on promotion. Status objects are compared with the real ones in
 * ../shared/fixtures/kube/argo-rollout_*.yaml.
 */
import { jest } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { startKubeDouble, type KubeDouble } from '../../stack/kube/index.js';
import { clients, env, eventually, keys, raw, sampleService } from './helpers.js';

jest.setTimeout(240_000);

const FIXTURES = new URL('../../../../shared/fixtures/kube/', import.meta.url).pathname;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fixture = (name: string): any => load(readFileSync(FIXTURES + name, 'utf8'));

let double: KubeDouble;
let c: ReturnType<typeof clients>;
let v1: string;
let v2: string;

beforeAll(async () => {
  double = await startKubeDouble({ speed: 5 });
  c = clients(double);
  v1 = env('OASIS_SAMPLE_V1');
  v2 = env('OASIS_SAMPLE_V2');
});
afterAll(async () => {
  await double?.stop();
});

const apply = (body: object) =>
  c.objects.patch(
    body as k8s.KubernetesObject,
    undefined,
    undefined,
    'test',
    true,
    k8s.PatchStrategy.ServerSideApply,
  );

function rollout(name: string, image: string, strategy: object, extra: object = {}) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas: 4,
      selector: { matchLabels: { app: name } },
      strategy,
      ...extra,
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'app',
              image,
              ports: [{ containerPort: 8080, name: 'http' }],
              readinessProbe: {
                httpGet: { path: '/ready', port: 'http' },
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

const get = async (name: string) =>
  (
    await raw(double, 'GET', `/apis/argoproj.io/v1alpha1/namespaces/default/rollouts/${name}`)
  ).json();
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const until = (name: string, what: string, pred: (r: any) => boolean, timeoutMs = 90_000) =>
  eventually(
    `${name}: ${what}`,
    async () => {
      const r = await get(name);
      return pred(r) ? r : undefined;
    },
    timeoutMs,
  );
const patchStatus = (name: string, body: object) =>
  raw(double, 'PATCH', `/apis/argoproj.io/v1alpha1/namespaces/default/rollouts/${name}/status`, {
    body,
    contentType: 'application/merge-patch+json',
  });

async function versions(url: string, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await fetch(`${url}/version`);
    expect(r.status).toBe(200);
    out.push(await r.text());
  }
  return out;
}

test('canary: steps, pause, promote, Healthy; the status looks like the real one', async () => {
  const name = 'canary';
  const strategy = {
    canary: {
      canaryService: `${name}-canary`,
      stableService: `${name}-stable`,
      steps: [{ setWeight: 25 }, { pause: {} }, { setWeight: 50 }, { pause: { duration: '1s' } }],
    },
  };
  for (const svc of [name, `${name}-canary`, `${name}-stable`])
    await apply(sampleService(svc, 'default', { app: name }));
  await apply(rollout(name, v1, strategy));
  const healthy1 = await until(name, 'Healthy at v1', (r) => r.status?.phase === 'Healthy');
  const realHealthy = fixture('argo-rollout_phase-healthy_argo-cd.yaml');
  expect(keys(healthy1.status)).toEqual(
    keys(realHealthy.status).filter((k) => k !== 'collisionCount'),
  );
  expect(
    healthy1.status.conditions
      .map(
        (x: { type: string; reason: string; status: string }) =>
          `${x.type}/${x.reason}/${x.status}`,
      )
      .sort(),
  ).toEqual(
    realHealthy.status.conditions
      .map(
        (x: { type: string; reason: string; status: string }) =>
          `${x.type}/${x.reason}/${x.status}`,
      )
      .sort(),
  );
  expect(healthy1.status.stableRS).toBe(healthy1.status.currentPodHash);
  expect(healthy1.status.currentStepIndex).toBe(4);
  expect(healthy1.metadata.annotations['rollout.argoproj.io/revision']).toBe('1');

  await apply(rollout(name, v2, strategy));
  const paused = await until(
    name,
    'Paused at step 1',
    (r) =>
      r.status?.phase === 'Paused' &&
      r.status.currentStepIndex === 1 &&
      r.status.availableReplicas === 4 &&
      r.status.replicas === 4,
  );
  const realPaused = fixture('argo-rollout_phase-paused_argo-cd.yaml');
  expect(keys(paused.status)).toEqual(keys(realPaused.status));
  expect(paused.status).toMatchObject({
    message: 'CanaryPauseStep',
    controllerPause: true,
    updatedReplicas: 1,
    stableRS: healthy1.status.stableRS,
  });
  expect(paused.status.pauseConditions).toEqual([
    { reason: 'CanaryPauseStep', startTime: expect.any(String) },
  ]);
  expect(paused.status.currentPodHash).not.toBe(paused.status.stableRS);
  const pausedCond = paused.status.conditions.find((x: { type: string }) => x.type === 'Paused');
  expect(pausedCond).toMatchObject({
    status: 'True',
    reason: 'RolloutPaused',
    message: 'Rollout is paused',
  });
  expect(
    paused.status.conditions.find((x: { type: string }) => x.type === 'Progressing'),
  ).toMatchObject({ status: 'Unknown', reason: 'RolloutPaused' });
  // Traffic by replica ratio: 1 of 4 pods is v2 behind the app's own Service; the canary and
  // stable Services select one version each.
  const main = await versions(double.serviceUrl('default', name)!, 40);
  expect(main.filter((v) => v === '2.0.0').length).toBe(10);
  expect(new Set(await versions(double.serviceUrl('default', `${name}-canary`)!, 8))).toEqual(
    new Set(['2.0.0']),
  );
  expect(new Set(await versions(double.serviceUrl('default', `${name}-stable`)!, 8))).toEqual(
    new Set(['1.0.0']),
  );
  const rs = (
    await c.apps.listNamespacedReplicaSet({ namespace: 'default', labelSelector: `app=${name}` })
  ).items;
  const canaryRs = rs.find(
    (r) => r.metadata?.labels?.['rollouts-pod-template-hash'] === paused.status.currentPodHash,
  )!;
  expect(canaryRs.metadata?.annotations?.['rollout.argoproj.io/revision']).toBe('2');
  expect(canaryRs.metadata?.ownerReferences?.[0]).toMatchObject({
    kind: 'Rollout',
    apiVersion: 'argoproj.io/v1alpha1',
    name,
    controller: true,
  });

  // Promote as `kubectl argo rollouts promote` does.
  expect((await patchStatus(name, { status: { pauseConditions: null } })).status).toBe(200);
  const healthy2 = await until(
    name,
    'Healthy at v2',
    (r) =>
      r.status?.phase === 'Healthy' &&
      r.status.stableRS === paused.status.currentPodHash &&
      r.status.replicas === 4,
  );
  expect(healthy2.status.currentStepIndex).toBe(4);
  expect(new Set(await versions(double.serviceUrl('default', name)!, 12))).toEqual(
    new Set(['2.0.0']),
  );
});

test('canary abort: Degraded with the RolloutAborted message, everything back on stable', async () => {
  const name = 'aborting';
  const strategy = { canary: { steps: [{ setWeight: 50 }, { pause: {} }] } };
  await apply(sampleService(name));
  await apply(rollout(name, v1, strategy));
  const h = await until(name, 'Healthy', (r) => r.status?.phase === 'Healthy');
  await apply(rollout(name, v2, strategy));
  await until(name, 'Paused', (r) => r.status?.phase === 'Paused');
  expect((await patchStatus(name, { status: { abort: true } })).status).toBe(200);
  const degraded = await until(
    name,
    'Degraded and back on stable',
    (r) =>
      r.status?.phase === 'Degraded' &&
      r.status.updatedReplicas === 0 &&
      r.status.availableReplicas === 4,
  );
  const real = fixture('argo-rollout_aborted_degraded-equivalent_argo-rollouts.yaml');
  expect(keys(degraded.status)).toEqual(
    expect.arrayContaining(keys(real.status).filter((k) => k !== 'canary')),
  );
  expect(degraded.status.message).toBe('RolloutAborted: Rollout aborted update to revision 2');
  expect(
    degraded.status.conditions.find((x: { type: string }) => x.type === 'Progressing'),
  ).toMatchObject({
    status: 'False',
    reason: 'RolloutAborted',
    message: 'Rollout aborted update to revision 2',
  });
  expect(degraded.status.stableRS).toBe(h.status.stableRS);
  expect(new Set(await versions(double.serviceUrl('default', name)!, 12))).toEqual(
    new Set(['1.0.0']),
  );
  // Going back to the stable template (rollback) makes it Healthy again.
  await apply(rollout(name, v1, strategy));
  await until(name, 'Healthy after undo', (r) => r.status?.phase === 'Healthy' && !r.status.abort);
});

test('a canary that never becomes ready: ProgressDeadlineExceeded, Degraded', async () => {
  const name = 'stuck';
  const strategy = { canary: { steps: [{ setWeight: 50 }, { pause: {} }] } };
  await apply(rollout(name, v1, strategy, { progressDeadlineSeconds: 2, replicas: 2 }));
  await until(name, 'Healthy', (r) => r.status?.phase === 'Healthy');
  await apply(
    rollout(name, env('OASIS_SAMPLE_NEVER_READY'), strategy, {
      progressDeadlineSeconds: 2,
      replicas: 2,
    }),
  );
  const d = await until(name, 'Degraded', (r) => r.status?.phase === 'Degraded');
  const real = fixture('argo-rollout_progress-deadline-exceeded_argo-rollouts.yaml');
  const cond = d.status.conditions.find((x: { type: string }) => x.type === 'Progressing');
  const realCond = real.status.conditions.find((x: { type: string }) => x.type === 'Progressing');
  expect(keys(cond)).toEqual(keys(realCond));
  expect(cond).toMatchObject({
    status: 'False',
    reason: 'ProgressDeadlineExceeded',
    message: `ReplicaSet "${name}-${d.status.currentPodHash}" has timed out progressing.`,
  });
  expect(d.status.message).toBe(`ProgressDeadlineExceeded: ${cond.message}`);
});

test('blueGreen: preview gets the new version, active switches on promotion, the old colour scales down', async () => {
  const name = 'bg';
  const strategy = {
    blueGreen: {
      activeService: `${name}-active`,
      previewService: `${name}-preview`,
      autoPromotionEnabled: false,
      scaleDownDelaySeconds: 1,
    },
  };
  for (const svc of [`${name}-active`, `${name}-preview`])
    await apply(sampleService(svc, 'default', { app: name }));
  await apply(rollout(name, v1, strategy, { replicas: 2 }));
  await until(name, 'Healthy', (r) => r.status?.phase === 'Healthy');
  await apply(rollout(name, v2, strategy, { replicas: 2 }));
  const paused = await until(name, 'Paused (BlueGreenPause)', (r) => r.status?.phase === 'Paused');
  expect(paused.status.pauseConditions[0].reason).toBe('BlueGreenPause');
  expect(paused.status.blueGreen).toEqual({
    activeSelector: paused.status.stableRS,
    previewSelector: paused.status.currentPodHash,
  });
  const active = double.serviceUrl('default', `${name}-active`)!;
  const preview = double.serviceUrl('default', `${name}-preview`)!;
  expect(new Set(await versions(active, 6))).toEqual(new Set(['1.0.0']));
  expect(new Set(await versions(preview, 6))).toEqual(new Set(['2.0.0']));
  const activeSvc = await c.core.readNamespacedService({
    name: `${name}-active`,
    namespace: 'default',
  });
  expect(activeSvc.spec?.selector).toEqual({
    app: name,
    'rollouts-pod-template-hash': paused.status.stableRS,
  });
  expect((await patchStatus(name, { status: { pauseConditions: null } })).status).toBe(200);
  await until(
    name,
    'Healthy at v2',
    (r) => r.status?.phase === 'Healthy' && r.status.stableRS === paused.status.currentPodHash,
  );
  expect(new Set(await versions(active, 6))).toEqual(new Set(['2.0.0']));
  await eventually('old colour scaled to zero', async () => {
    const rs = (
      await c.apps.listNamespacedReplicaSet({ namespace: 'default', labelSelector: `app=${name}` })
    ).items;
    const old = rs.find(
      (r) => r.metadata?.labels?.['rollouts-pod-template-hash'] === paused.status.stableRS,
    );
    return old?.spec?.replicas === 0;
  });
});

test('canary with trafficRouting.nginx: a canary Ingress carries the step weight; traffic splits by it', async () => {
  const name = 'routed';
  const strategy = {
    canary: {
      canaryService: `${name}-canary`,
      stableService: `${name}-stable`,
      scaleDownDelaySeconds: 1,
      trafficRouting: {
        nginx: {
          stableIngress: name,
          additionalIngressAnnotations: { 'canary-by-header': 'X-Canary' },
        },
      },
      steps: [{ setWeight: 25 }, { pause: {} }],
    },
  };
  for (const svc of [`${name}-canary`, `${name}-stable`])
    await apply(sampleService(svc, 'default', { app: name }));
  await apply({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: 'default' },
    spec: {
      ingressClassName: 'nginx',
      rules: [
        {
          host: 'routed.local',
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: `${name}-stable`, port: { number: 80 } } },
              },
            ],
          },
        },
      ],
    },
  });
  await apply(rollout(name, v1, strategy, { replicas: 2 }));
  await until(name, 'Healthy', (r) => r.status?.phase === 'Healthy');
  await apply(rollout(name, v2, strategy, { replicas: 2 }));
  const paused = await until(name, 'Paused at 25%', (r) => r.status?.phase === 'Paused');
  // The stable ReplicaSet keeps its size; one canary pod; the weight is on the canary Ingress.
  expect(paused.status).toMatchObject({ replicas: 3, updatedReplicas: 1 });
  expect(paused.status.canary.weights).toEqual({
    canary: {
      podTemplateHash: paused.status.currentPodHash,
      serviceName: `${name}-canary`,
      weight: 25,
    },
    stable: { podTemplateHash: paused.status.stableRS, serviceName: `${name}-stable`, weight: 75 },
  });
  const net = c.kc.makeApiClient(k8s.NetworkingV1Api);
  const canaryIngress = await net.readNamespacedIngress({
    name: `${name}-${name}-canary`,
    namespace: 'default',
  });
  expect(canaryIngress.metadata?.annotations).toMatchObject({
    'nginx.ingress.kubernetes.io/canary': 'true',
    'nginx.ingress.kubernetes.io/canary-weight': '25',
    'nginx.ingress.kubernetes.io/canary-by-header': 'X-Canary',
  });
  expect(canaryIngress.spec?.rules?.[0].http?.paths[0].backend.service?.name).toBe(
    `${name}-canary`,
  );
  expect(canaryIngress.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Rollout', name });
  const get = async (headers: Record<string, string> = {}) =>
    (
      await fetch(`${double.ingressUrl}/version`, {
        headers: { 'X-Forwarded-Host': 'routed.local', ...headers },
      })
    ).text();
  const seen: string[] = [];
  for (let i = 0; i < 400; i++) seen.push(await get());
  const v2Share = seen.filter((v) => v === '2.0.0').length;
  expect(v2Share).toBeGreaterThanOrEqual(65); // Binomial(400, 0.25) ± 4 sd
  expect(v2Share).toBeLessThanOrEqual(135);
  expect(await get({ 'X-Canary': 'always' })).toBe('2.0.0');

  expect((await patchStatus(name, { status: { pauseConditions: null } })).status).toBe(200);
  const healthy = await until(
    name,
    'Healthy at v2',
    (r) => r.status?.phase === 'Healthy' && r.status.stableRS === paused.status.currentPodHash,
  );
  expect(healthy.status.canary.weights.canary.weight).toBe(0);
  const after = await net.readNamespacedIngress({
    name: `${name}-${name}-canary`,
    namespace: 'default',
  });
  expect(after.metadata?.annotations?.['nginx.ingress.kubernetes.io/canary-weight']).toBe('0');
  expect(new Set(await Promise.all([1, 2, 3, 4, 5, 6].map(() => get())))).toEqual(
    new Set(['2.0.0']),
  );
  await eventually('old ReplicaSet scaled down after the delay', async () => {
    const rs = (
      await c.apps.listNamespacedReplicaSet({ namespace: 'default', labelSelector: `app=${name}` })
    ).items;
    return (
      rs.find((r) => r.metadata?.labels?.['rollouts-pod-template-hash'] === paused.status.stableRS)
        ?.spec?.replicas === 0
    );
  });
});
