/**
 * k8s-rollout with Argo Rollouts on the kube double (its Rollout controller, real containers):
 * a canary Rollout paused at a step is promoted to Healthy; a Degraded one fails with its message.
 */
import { jest } from '@jest/globals';
import { startKubeDouble, type KubeDouble } from '../../stack/kube/index.js';
import { env, runRollout, versions } from './helpers.js';

jest.setTimeout(300_000);

const NS = 'argo';

function rollout(name: string, image: string, progressDeadlineSeconds = 600): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: ${name}
spec:
  replicas: 4
  progressDeadlineSeconds: ${progressDeadlineSeconds}
  selector:
    matchLabels: { app: ${name} }
  strategy:
    canary:
      steps:
        - setWeight: 25
        - pause: {}
        - setWeight: 50
        - pause: { duration: 1s }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: app
          image: ${image}
          ports: [{ containerPort: 8080 }]
          readinessProbe:
            httpGet: { path: /ready, port: 8080 }
            periodSeconds: 1
            failureThreshold: 1
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: { app: ${name} }
  ports: [{ port: 80, targetPort: 8080 }]
`;
}

describe('k8s-rollout with Argo Rollouts on the kube double', () => {
  let double: KubeDouble;
  beforeAll(async () => {
    double = await startKubeDouble({ namespaces: [NS] });
  });
  afterAll(async () => {
    await double?.stop();
  });
  const run = (manifests: string, inputs: Record<string, string> = {}) =>
    runRollout(manifests, { kubeconfig: double.kubeconfig, namespace: NS, ...inputs });

  test('a canary Rollout pauses at its step, and promote takes it to Healthy', async () => {
    const first = await run(rollout('ar', env('OASIS_SAMPLE_V1')));
    expect(first.error).toBeUndefined();
    expect(first.result).toMatchObject({ status: 'succeeded' });
    const paused = await run(rollout('ar', env('OASIS_SAMPLE_V2')));
    expect(paused.error).toBeUndefined();
    expect(paused.result).toMatchObject({ status: 'paused', canaryWeight: 25 });
    expect(paused.result!.summary).toContain('is Paused at step 1/4');
    expect(paused.lines.some((line) => / ar: Paused, step 1\/4 \(weight 25%\)/.test(line))).toBe(
      true,
    );
    const url = double.serviceUrl(NS, 'ar')!;
    const mixed = await versions(url, 40);
    expect(mixed).toContain('1.0.0');
    expect(mixed).toContain('2.0.0');
    const promoted = await run(rollout('ar', env('OASIS_SAMPLE_V2')), { action: 'promote' });
    expect(promoted.error).toBeUndefined();
    expect(promoted.result).toMatchObject({
      status: 'succeeded',
      canaryWeight: 100,
      previousRevision: '2',
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(new Set(await versions(url, 20))).toEqual(new Set(['2.0.0']));
    const again = await run(rollout('ar', env('OASIS_SAMPLE_V2')), { action: 'promote' });
    expect(again.error?.message).toMatch(/^nothing to promote: Rollout\/ar is Healthy, not Paused/);
  });

  test('a Degraded Rollout fails with its message', async () => {
    await run(rollout('ad', env('OASIS_SAMPLE_V1'), 8));
    const outcome = await run(rollout('ad', env('OASIS_SAMPLE_NEVER_READY'), 8));
    expect(outcome.error).toBeUndefined();
    expect(outcome.result).toMatchObject({ status: 'failed', failedReason: 'Degraded' });
    expect(outcome.result!.error).toMatch(
      /^Rollout\/ad: Degraded: ProgressDeadlineExceeded: ReplicaSet "ad-\w+" has timed out progressing\./,
    );
  });

  test('a blue-green Rollout (seed 003): preview gets v2 while active stays v1, promote switches', async () => {
    const blueGreen = (image: string) => `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: abg
spec:
  replicas: 2
  selector:
    matchLabels: { app: abg }
  strategy:
    blueGreen:
      activeService: abg-active
      previewService: abg-preview
      autoPromotionEnabled: false
  template:
    metadata:
      labels: { app: abg }
    spec:
      containers:
        - name: app
          image: ${image}
          readinessProbe:
            httpGet: { path: /ready, port: 8080 }
            periodSeconds: 1
---
apiVersion: v1
kind: Service
metadata: { name: abg-active }
spec:
  selector: { app: abg }
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: v1
kind: Service
metadata: { name: abg-preview }
spec:
  selector: { app: abg }
  ports: [{ port: 80, targetPort: 8080 }]
`;
    expect((await run(blueGreen(env('OASIS_SAMPLE_V1')))).result?.status).toBe('succeeded');
    const paused = await run(blueGreen(env('OASIS_SAMPLE_V2')));
    expect(paused.error).toBeUndefined();
    expect(paused.result?.status).toBe('paused');
    expect(paused.result!.summary).toContain('BlueGreenPause');
    expect(new Set(await versions(double.serviceUrl(NS, 'abg-active')!, 10))).toEqual(
      new Set(['1.0.0']),
    );
    expect(new Set(await versions(double.serviceUrl(NS, 'abg-preview')!, 10))).toEqual(
      new Set(['2.0.0']),
    );
    const promoted = await run(blueGreen(env('OASIS_SAMPLE_V2')), { action: 'promote' });
    expect(promoted.error).toBeUndefined();
    expect(promoted.result?.status).toBe('succeeded');
    expect(new Set(await versions(double.serviceUrl(NS, 'abg-active')!, 10))).toEqual(
      new Set(['2.0.0']),
    );
  });

  test('abort of a paused canary Rollout: aborted, the stable version takes all traffic', async () => {
    await run(rollout('aa', env('OASIS_SAMPLE_V1')));
    const paused = await run(rollout('aa', env('OASIS_SAMPLE_V2')));
    expect(paused.result?.status).toBe('paused');
    const aborted = await run(rollout('aa', env('OASIS_SAMPLE_V2')), { action: 'abort' });
    expect(aborted.error).toBeUndefined();
    expect(aborted.result?.status).toBe('aborted');
    expect(aborted.result!.summary).toContain('RolloutAborted');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(new Set(await versions(double.serviceUrl(NS, 'aa')!, 20))).toEqual(new Set(['1.0.0']));
  });
});
