import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argoProgress } from '../../../src/k8s-rollout/argo-status.js';
import { getInputs } from '../../../src/k8s-rollout/inputs.js';
import { k8sRollout } from '../../../src/k8s-rollout/k8s-rollout.js';
import { KubeRequestError, type KubeObject } from '../../../src/k8s-rollout/kube-client.js';
import {
  NGINX_CANARY,
  NGINX_WEIGHT,
  canaryReplicas,
  replicaWeight,
} from '../../../src/k8s-rollout/strategies/canary.js';
import { mapInputs } from '../../../src/shared/inputs.js';
import { installController, readyStatus } from './fake-controller.js';
import { FakeKube } from './fake-kube.js';
import { fixture } from './fixtures.js';

const deployment = (image: string, replicas = 2) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: app, image: ${image} }]
`;
const service = `---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080 }]
`;
const ingress = `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, annotations: { kubernetes.io/ingress.class: nginx } }
spec:
  rules:
    - host: web.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: { service: { name: web, port: { number: 80 } } }
`;

describe('strategies over a fake API', () => {
  let dir: string;
  let kube: FakeKube;
  const run = (manifests: string, inputs: Record<string, string>) => {
    writeFileSync(join(dir, 'app.yaml'), manifests);
    const config = getInputs(
      mapInputs({ manifests: 'app.yaml', workspace: dir, timeout: '20s', ...inputs }),
    );
    return k8sRollout(config, { kube, log: () => undefined, checks: async () => [] });
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'strategies-'));
    kube = new FakeKube();
    installController(kube, (image) => ({ ready: true, status: readyStatus('app', image) }));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('blue-green without a Service is a clear error', async () => {
    await expect(run(deployment('web:v1'), { strategy: 'blue-green' })).rejects.toThrow(
      "strategy blue-green needs a Service to switch: add one to the manifests (selecting the Deployment's Pods) or set 'service'",
    );
  });

  test('blue-green with two Services asks which one', async () => {
    const two =
      deployment('web:v1') + service + service.replace('name: web }', 'name: web-admin }');
    await expect(run(two, { strategy: 'blue-green' })).rejects.toThrow(
      "strategy blue-green: the manifests have 2 Services (web, web-admin); set 'service' to the one whose traffic is switched",
    );
  });

  test('blue-green deploys colours, switches the selector, and promote with nothing to promote fails', async () => {
    const first = await run(deployment('web:v1') + service, {
      strategy: 'blue-green',
      'keep-previous': '0s',
    });
    expect(first).toMatchObject({ status: 'succeeded', activeColor: 'blue' });
    expect(kube.find('Service', 'web')!.spec.selector).toEqual({
      app: 'web',
      'oasis.dev/color': 'blue',
    });
    const blue = kube.find('Deployment', 'web-blue')!;
    expect(blue.spec.selector.matchLabels).toEqual({ app: 'web', 'oasis.dev/color': 'blue' });
    expect(blue.spec.template.metadata.labels).toEqual({ app: 'web', 'oasis.dev/color': 'blue' });
    expect(kube.find('Deployment', 'web')).toBeUndefined();
    const paused = await run(deployment('web:v2') + service, {
      strategy: 'blue-green',
      'auto-promote': 'false',
    });
    expect(paused).toMatchObject({ status: 'paused', activeColor: 'blue' });
    expect(kube.find('Service', 'web')!.spec.selector['oasis.dev/color']).toBe('blue');
    expect(kube.find('Service', 'web-preview')!.spec.selector['oasis.dev/color']).toBe('green');
    const promoted = await run(deployment('web:v2') + service, {
      strategy: 'blue-green',
      action: 'promote',
      'keep-previous': '0s',
    });
    expect(promoted).toMatchObject({
      status: 'succeeded',
      activeColor: 'green',
      previousColor: 'blue',
      previousImage: 'web:v1',
    });
    expect(kube.find('Deployment', 'web-blue')!.spec.replicas).toBe(0);
    await expect(
      run(deployment('web:v2') + service, { strategy: 'blue-green', action: 'promote' }),
    ).rejects.toThrow(
      'nothing to promote: web-blue is scaled to zero; Service/web already sends traffic to green',
    );
  });

  test('canary replica arithmetic', () => {
    expect(canaryReplicas(3, 25, false)).toBe(1);
    expect(replicaWeight(3, 1)).toBe(25);
    expect(canaryReplicas(4, 10, false)).toBe(1);
    expect(canaryReplicas(2, 50, false)).toBe(2);
    expect(canaryReplicas(4, 10, true)).toBe(1);
    expect(canaryReplicas(4, 50, true)).toBe(2);
  });

  test('canary with an Ingress: canary Service and Ingress with ingress-nginx weights; pods leave the stable Service', async () => {
    await run(deployment('web:v1', 4) + service + ingress, {
      strategy: 'canary',
      ingress: 'web',
      steps: '10,30',
      'step-pause': '0s',
    });
    const held = await run(deployment('web:v2', 4) + service + ingress, {
      strategy: 'canary',
      ingress: 'web',
      steps: '10,30',
      'step-pause': '0s',
    });
    expect(held).toMatchObject({ status: 'paused', canaryWeight: 30 });
    const canaryIngress = kube.find('Ingress', 'web-canary')!;
    expect(canaryIngress.metadata.annotations).toMatchObject({
      [NGINX_CANARY]: 'true',
      [NGINX_WEIGHT]: '30',
      'kubernetes.io/ingress.class': 'nginx',
    });
    expect(canaryIngress.spec.rules[0].http.paths[0].backend.service.name).toBe('web-canary');
    const weights = kube.calls
      .filter(
        (call) =>
          call.verb === 'apply' &&
          (call.detail as { object: KubeObject }).object.metadata.name === 'web-canary' &&
          (call.detail as { object: KubeObject }).object.kind === 'Ingress',
      )
      .map(
        (call) =>
          (call.detail as { object: KubeObject }).object.metadata.annotations![NGINX_WEIGHT],
      );
    expect(weights).toEqual(['10', '30']);
    const canary = kube.find('Deployment', 'web-canary')!;
    expect(canary.spec.replicas).toBe(2);
    expect(canary.spec.template.metadata.labels).toEqual({
      'oasis.dev/track': 'canary',
      'oasis.dev/canary-of': 'web',
    });
    expect(kube.find('Service', 'web-canary')!.spec.selector).toEqual({
      'oasis.dev/track': 'canary',
      'oasis.dev/canary-of': 'web',
    });
    const aborted = await run(deployment('web:v2', 4) + service + ingress, {
      strategy: 'canary',
      ingress: 'web',
      action: 'abort',
    });
    expect(aborted.status).toBe('aborted');
    expect(kube.find('Ingress', 'web-canary')).toBeUndefined();
    expect(kube.find('Deployment', 'web')!.spec.template.spec.containers[0].image).toBe('web:v1');
  });
});

describe('Argo Rollouts status on real Rollout objects', () => {
  test.each([
    ['argo-rollout_phase-healthy_argo-cd.yaml', 'Healthy', ''],
    ['argo-rollout_phase-paused_argo-cd.yaml', 'Paused', 'CanaryPauseStep'],
    [
      'argo-rollout_aborted_degraded-equivalent_argo-rollouts.yaml',
      'Degraded',
      'RolloutAborted: metric "web" assessed Failed due to failed (1) > failureLimit (0)',
    ],
    [
      'argo-rollout_progress-deadline-exceeded_argo-rollouts.yaml',
      'Degraded',
      'ProgressDeadlineExceeded: ReplicaSet "canary-demo-65fb5ffc84" has timed out progressing.',
    ],
  ])('%s → %s', (file, phase, message) => {
    const progress = argoProgress(fixture(file));
    expect(progress.phase).toBe(phase);
    expect(progress.message).toBe(message);
  });

  test('the paused canary reports its step and weight', () => {
    const progress = argoProgress(fixture('argo-rollout_phase-paused_argo-cd.yaml'));
    expect(progress).toMatchObject({ step: 1, observed: true });
    expect(progress.line).toMatch(
      /^rollouts-demo: Paused, step 1\/\d+ \(weight \d+%\), 2\/5 updated, 6 available, CanaryPauseStep$/,
    );
  });

  test('promote patches the status subresource like the Argo plugin, and falls back without it', async () => {
    const kube = new FakeKube();
    const paused = fixture('argo-rollout_phase-paused_argo-cd.yaml');
    paused.metadata.namespace = 'default';
    kube.put(paused);
    const dir = mkdtempSync(join(tmpdir(), 'argo-'));
    try {
      kube.failures.push({
        verb: 'mergePatch',
        error: new KubeRequestError('not found', 404),
        times: 1,
      });
      const config = getInputs(
        mapInputs({
          action: 'promote',
          workload: `rollout/${paused.metadata.name}`,
          workspace: dir,
          timeout: '1s',
        }),
      );
      kube.onWrite = (object) => {
        // Play the controller: promoted → Healthy.
        setTimeout(
          () =>
            kube.put({
              ...object,
              status: {
                ...object.status,
                observedGeneration: String(object.metadata.generation),
                phase: 'Healthy',
                pauseConditions: undefined,
                message: '',
              },
            }),
          1,
        );
      };
      const result = await k8sRollout(config, { kube, log: () => undefined });
      expect(result.status).toBe('succeeded');
      const patches = kube.calls
        .filter((call) => call.verb === 'mergePatch')
        .map((call) => call.detail as { patch: object; subresource?: string });
      expect(patches[0]).toMatchObject({
        patch: { status: { pauseConditions: null } },
        subresource: 'status',
      });
      expect(patches[1]).toMatchObject({
        patch: { spec: { paused: false }, status: { pauseConditions: null } },
      });
      await expect(k8sRollout(config, { kube, log: () => undefined })).rejects.toThrow(
        /^nothing to promote: Rollout\/rollouts-demo is Healthy, not Paused/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pre-switch checks', () => {
  test('a broken checks document stops the run before anything is applied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'checks-'));
    const kube = new FakeKube();
    try {
      writeFileSync(join(dir, 'app.yaml'), deployment('web:v1') + service);
      const config = getInputs(
        mapInputs({
          manifests: 'app.yaml',
          workspace: dir,
          strategy: 'blue-green',
          checks: 'checks:\n  - name: x\n    kind: carrier-pigeon\n',
        }),
      );
      await expect(k8sRollout(config, { kube, log: () => undefined })).rejects.toThrow(
        /carrier-pigeon|kind/,
      );
      expect(kube.calls.filter((call) => call.verb === 'apply')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('actions that need a strategy', () => {
  test('promote with the rolling strategy is refused before connecting', async () => {
    const kube = new FakeKube();
    const config = getInputs(mapInputs({ action: 'promote', workload: 'api', workspace: '/tmp' }));
    await expect(k8sRollout(config, { kube, log: () => undefined })).rejects.toThrow(
      "input 'action': 'promote' needs strategy blue-green or canary, or an Argo Rollout; the rolling strategy supports deploy, rollback and status",
    );
    expect(kube.calls).toEqual([]);
  });
});
