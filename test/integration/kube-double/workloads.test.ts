/**
 * The double's controllers and kubelet with real containers of the sample image: the Deployment,
 * ReplicaSet and Pod objects it produces have the fields and reasons of the real objects in
 * ../shared/fixtures/kube, rolling updates keep their surge/unavailability bounds and lose no
 * request through the Service port, and each failure mode shows the kubelet's real state.
 */
import { jest } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { startKubeDouble, type KubeDouble } from '../../stack/kube/index.js';
import { clients, env, eventually, keys, sampleDeployment, sampleService } from './helpers.js';

jest.setTimeout(240_000);

const FIXTURES = new URL('../../../../shared/fixtures/kube/', import.meta.url).pathname;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fixture = (name: string): any =>
  name.endsWith('.json')
    ? JSON.parse(readFileSync(FIXTURES + name, 'utf8'))
    : load(readFileSync(FIXTURES + name, 'utf8'));

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
  const id = double?.id;
  await double?.stop();
  // Every container the double started is gone.
  if (id)
    expect(
      execFileSync('docker', ['ps', '-aq', '--filter', `label=oasis.kube.double=${id}`])
        .toString()
        .trim(),
    ).toBe('');
});

const apply = (body: object, manager = 'test') =>
  c.objects.patch(
    body as k8s.KubernetesObject,
    undefined,
    undefined,
    manager,
    true,
    k8s.PatchStrategy.ServerSideApply,
  );

const podsOf = async (app: string) =>
  (await c.core.listNamespacedPod({ namespace: 'default', labelSelector: `app=${app}` })).items;

const deploymentDone = (name: string, replicas: number) =>
  eventually(
    `deployment ${name} complete`,
    async () => {
      const d = await c.apps.readNamespacedDeployment({ name, namespace: 'default' });
      const p = d.status?.conditions?.find((x) => x.type === 'Progressing');
      return d.status?.observedGeneration === d.metadata?.generation &&
        p?.reason === 'NewReplicaSetAvailable' &&
        d.status?.updatedReplicas === replicas &&
        d.status?.replicas === replicas &&
        d.status?.availableReplicas === replicas
        ? d
        : undefined;
    },
    120_000,
  );

/** Watches pods with `app` and records every waiting/terminated reason they pass through. */
async function recordPodStates(app: string) {
  const seen: string[] = [];
  const phases = new Set<string>();
  const pods = new Set<string>();
  const req = await new k8s.Watch(c.kc).watch(
    '/api/v1/namespaces/default/pods',
    { labelSelector: `app=${app}` },
    (_type, pod: k8s.V1Pod) => {
      phases.add(pod.status?.phase ?? '');
      pods.add(pod.metadata!.name!);
      for (const s of pod.status?.containerStatuses ?? []) {
        const r =
          s.state?.waiting?.reason ??
          s.state?.terminated?.reason ??
          (s.state?.running ? 'Running' : undefined);
        if (r && seen[seen.length - 1] !== r) seen.push(r);
      }
    },
    () => undefined,
  );
  return { seen, phases, pods, stop: () => req.abort() };
}

test('a rolling update v1 → v2 keeps the surge and availability bounds and loses no request', async () => {
  const name = 'rolling';
  const spec = (image: string) =>
    sampleDeployment(name, image, {
      replicas: 4,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '50%', maxUnavailable: 1 } },
    });
  await apply(spec(v1));
  await apply(sampleService(name));
  const before = await deploymentDone(name, 4);
  const url = await eventually('service url', () => double.serviceUrl('default', name));
  const svc = await c.core.readNamespacedService({ name, namespace: 'default' });
  expect(svc.metadata?.annotations?.['oasis.dev/local-url']).toBe(url);

  // Bounds: pods never above replicas + maxSurge (6), available never below replicas - maxUnavailable (3).
  const statuses: k8s.V1DeploymentStatus[] = [];
  const watch = await new k8s.Watch(c.kc).watch(
    '/apis/apps/v1/namespaces/default/deployments',
    { fieldSelector: `metadata.name=${name}`, resourceVersion: before.metadata!.resourceVersion },
    (_t, d: k8s.V1Deployment) => statuses.push(d.status!),
    () => undefined,
  );
  let stop = false;
  const results: Array<{ status: number; version: string }> = [];
  const prober = (async () => {
    while (!stop) {
      try {
        const r = await fetch(`${url}/version`);
        results.push({ status: r.status, version: await r.text() });
      } catch {
        results.push({ status: 0, version: '' });
      }
    }
  })();
  await apply(spec(v2));
  await deploymentDone(name, 4);
  const after = results.length;
  await eventually('requests after completion', () => results.length > after + 20);
  stop = true;
  await prober;
  watch.abort();

  expect(results.filter((r) => r.status !== 200)).toEqual([]);
  expect(results.some((r) => r.version === '1.0.0')).toBe(true);
  expect(results.slice(after).every((r) => r.version === '2.0.0')).toBe(true);
  expect(Math.max(...statuses.map((s) => s.replicas ?? 0))).toBeLessThanOrEqual(6);
  expect(Math.min(...statuses.map((s) => s.availableReplicas ?? 0))).toBeGreaterThanOrEqual(3);
  expect(
    statuses.some(
      (s) => s.conditions?.find((x) => x.type === 'Progressing')?.reason === 'ReplicaSetUpdated',
    ),
  ).toBe(true);

  // The objects have the real fields: compare with a healthy Deployment and its ReplicaSet.
  const real = fixture('deployment_healthy_k9s.json');
  const d = (await raw('/apis/apps/v1/namespaces/default/deployments/rolling')) as typeof real;
  expect(keys(d.spec)).toEqual(keys(real.spec));
  expect(keys(d.status)).toEqual(keys(real.status));
  expect(keys(d.spec.template.spec)).toEqual(expect.arrayContaining(keys(real.spec.template.spec)));
  expect(keys(d.spec.template.spec.containers[0])).toEqual(
    expect.arrayContaining(keys(real.spec.template.spec.containers[0]).filter((k) => k !== 'env')),
  );
  expect(
    d.status.conditions.map((x: { type: string; reason: string }) => `${x.type}/${x.reason}`),
  ).toEqual(
    real.status.conditions.map((x: { type: string; reason: string }) => `${x.type}/${x.reason}`),
  );
  for (const cond of d.status.conditions)
    expect(keys(cond)).toEqual(keys(real.status.conditions[0]));
  expect(d.status.conditions[0].message).toBe('Deployment has minimum availability.');
  expect(d.metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');

  const realRs = fixture('replicaset_revision-annotation_k9s.json');
  const rsList = await c.apps.listNamespacedReplicaSet({
    namespace: 'default',
    labelSelector: `app=${name}`,
  });
  const newRs = rsList.items.find((r) => r.spec?.template?.spec?.containers[0].image === v2)!;
  const oldRs = rsList.items.find((r) => r.spec?.template?.spec?.containers[0].image === v1)!;
  const rs = (await raw(
    `/apis/apps/v1/namespaces/default/replicasets/${newRs.metadata!.name}`,
  )) as typeof realRs;
  expect(d.status.conditions[1].message).toBe(
    `ReplicaSet "${rs.metadata.name}" has successfully progressed.`,
  );
  expect(keys(rs.metadata.annotations)).toEqual(keys(realRs.metadata.annotations));
  expect(rs.metadata.annotations).toMatchObject({
    'deployment.kubernetes.io/revision': '2',
    'deployment.kubernetes.io/desired-replicas': '4',
    'deployment.kubernetes.io/max-replicas': '6',
  });
  const hash = rs.metadata.labels['pod-template-hash'];
  expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
  expect(rs.metadata.name).toBe(`${name}-${hash}`);
  expect(rs.spec.selector.matchLabels['pod-template-hash']).toBe(hash);
  expect(keys(rs.metadata.ownerReferences[0])).toEqual(keys(realRs.metadata.ownerReferences[0]));
  expect(rs.metadata.ownerReferences[0]).toMatchObject({
    kind: 'Deployment',
    name,
    uid: d.metadata.uid,
    controller: true,
  });
  expect(keys(rs.status)).toEqual(expect.arrayContaining(keys(realRs.status)));
  expect(oldRs.spec?.replicas).toBe(0);
  // The endpoints controller lists the four v2 pods, as `kubectl get endpoints` would.
  const ep = await eventually('endpoints of the new pods', async () => {
    const e = await c.core.readNamespacedEndpoints({ name, namespace: 'default' });
    return e.subsets?.[0]?.addresses?.length === 4 && !e.subsets[0].notReadyAddresses
      ? e
      : undefined;
  });
  expect(ep.subsets?.[0]?.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
  const v2Ips = (await podsOf(name))
    .filter((p) => !p.metadata?.deletionTimestamp)
    .map((p) => p.status?.podIP)
    .sort();
  expect(ep.subsets?.[0]?.addresses?.map((a) => a.ip).sort()).toEqual(v2Ips);
  expect(oldRs.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
});

async function raw(path: string) {
  const { raw: request } = await import('./helpers.js');
  return (await request(double, 'GET', path)).json();
}

test('an image missing from the registry: ErrImagePull, then ImagePullBackOff, as a real pod shows it', async () => {
  const name = 'pullfail';
  const image = `${env('OASIS_TEST_REGISTRY')}/oasis/sample:does-not-exist`;
  const states = await recordPodStates(name);
  await apply(sampleDeployment(name, image, { replicas: 1 }));
  const pod = await eventually('ImagePullBackOff', async () => {
    const [p] = await podsOf(name);
    return p?.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff'
      ? p
      : undefined;
  });
  states.stop();
  expect(states.seen).toEqual(expect.arrayContaining(['ErrImagePull', 'ImagePullBackOff']));
  expect(states.seen.indexOf('ErrImagePull')).toBeLessThan(states.seen.indexOf('ImagePullBackOff'));
  const real = fixture('pod_imagepullbackoff_argo-rollouts-canary.yaml');
  const p = await raw(`/api/v1/namespaces/default/pods/${pod.metadata!.name}`);
  expect(p.status.phase).toBe('Pending');
  expect(keys(p.status.containerStatuses[0])).toEqual(
    expect.arrayContaining(keys(real.status.containerStatuses[0])),
  );
  expect(p.status.containerStatuses[0].state.waiting).toEqual({
    reason: 'ImagePullBackOff',
    message: `Back-off pulling image "${image}"`,
  });
  expect(p.status.containerStatuses[0].imageID).toBe('');
  expect(p.status.containerStatuses[0].restartCount).toBe(0);
  const ready = p.status.conditions.find((x: { type: string }) => x.type === 'Ready');
  const realReady = real.status.conditions.find((x: { type: string }) => x.type === 'Ready');
  expect({ ...ready, lastTransitionTime: undefined, observedGeneration: undefined }).toEqual({
    ...realReady,
    lastTransitionTime: undefined,
    message: 'containers with unready status: [app]',
  });
  expect(keys(p.status)).toEqual(expect.arrayContaining(keys(real.status)));
  expect(keys(p.metadata)).toEqual(
    expect.arrayContaining(keys(real.metadata).filter((k) => k !== 'selfLink')),
  );
  expect(p.metadata.generateName).toBe(`${p.metadata.ownerReferences[0].name}-`);
  const events = (
    await c.core.listNamespacedEvent({
      namespace: 'default',
      fieldSelector: `involvedObject.name=${pod.metadata!.name}`,
    })
  ).items;
  const messages = events.map((e) => `${e.type} ${e.reason} ${e.message}`);
  expect(messages).toEqual(
    expect.arrayContaining([
      `Normal Pulling Pulling image "${image}"`,
      'Warning Failed Error: ErrImagePull',
      `Normal BackOff Back-off pulling image "${image}"`,
      'Warning Failed Error: ImagePullBackOff',
    ]),
  );
  expect(events.find((e) => e.reason === 'Pulling')?.involvedObject).toMatchObject({
    kind: 'Pod',
    fieldPath: 'spec.containers{app}',
  });
  const logs = await fetchLog(pod.metadata!.name!);
  expect(logs).toEqual({
    status: 400,
    message: `container "app" in pod "${pod.metadata!.name}" is waiting to start: trying and failing to pull image`,
  });
  await c.apps.deleteNamespacedDeployment({ name, namespace: 'default' });
});

async function fetchLog(pod: string, query = '') {
  const { raw: request } = await import('./helpers.js');
  const r = await request(double, 'GET', `/api/v1/namespaces/default/pods/${pod}/log${query}`);
  return r.status === 200
    ? { status: 200, text: r.body }
    : { status: r.status, message: r.json().message };
}

test('a container that exits: CrashLoopBackOff with restartCount and lastState.terminated, logs kept', async () => {
  const name = 'crasher';
  const states = await recordPodStates(name);
  await apply(sampleDeployment(name, env('OASIS_SAMPLE_CRASHLOOP'), { replicas: 1 }));
  const pod = await eventually(
    'CrashLoopBackOff',
    async () => {
      const [p] = await podsOf(name);
      const s = p?.status?.containerStatuses?.[0];
      return s?.state?.waiting?.reason === 'CrashLoopBackOff' && (s.restartCount ?? 0) >= 1
        ? p
        : undefined;
    },
    90_000,
  );
  states.stop();
  const real = fixture('pod_crashloopbackoff_kind-v1.36_k8rs.json');
  const p = await raw(`/api/v1/namespaces/default/pods/${pod.metadata!.name}`);
  expect(p.status.phase).toBe('Running');
  const s = p.status.containerStatuses[0];
  expect(keys(s)).toEqual(
    expect.arrayContaining(
      keys(real.status.containerStatuses[0]).filter(
        (k) => !['user', 'volumeMounts', 'resources'].includes(k),
      ),
    ),
  );
  expect(keys(s.lastState.terminated)).toEqual(
    expect.arrayContaining(
      keys(real.status.containerStatuses[0].lastState.terminated).filter((k) => k !== 'message'),
    ),
  );
  expect(s.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
  expect(s.lastState.terminated.containerID).toMatch(/^docker:\/\/[0-9a-f]{64}$/);
  expect(s.state.waiting.message).toMatch(
    new RegExp(
      `^back-off (10|20|40)s restarting failed container=app pod=${p.metadata.name}_default\\(${p.metadata.uid}\\)$`,
    ),
  );
  expect(states.seen).toEqual(expect.arrayContaining(['Error', 'CrashLoopBackOff']));
  // restartPolicy Always: the pod stays Running between restarts and is never replaced.
  expect([...states.phases].filter((x) => x === 'Failed' || x === 'Succeeded')).toEqual([]);
  expect(states.pods.size).toBe(1);
  expect(keys(p.status.conditions.find((x: { type: string }) => x.type === 'Ready'))).toEqual(
    keys(real.status.conditions.find((x: { type: string }) => x.type === 'Ready')),
  );
  const events = (
    await c.core.listNamespacedEvent({
      namespace: 'default',
      fieldSelector: `involvedObject.name=${p.metadata.name}`,
    })
  ).items;
  expect(
    events.some(
      (e) =>
        e.reason === 'BackOff' &&
        e.type === 'Warning' &&
        e.message ===
          `Back-off restarting failed container app in pod ${p.metadata.name}_default(${p.metadata.uid})`,
    ),
  ).toBe(true);
  const previous = await fetchLog(p.metadata.name, '?previous=true&tailLines=5');
  expect(previous).toEqual({ status: 200, text: expect.stringContaining('crashloop variant') });
  await c.apps.deleteNamespacedDeployment({ name, namespace: 'default' });
});

test('a missing Secret or key: CreateContainerConfigError with the kubelet message, recovering once it exists', async () => {
  const name = 'config';
  await apply(
    sampleDeployment(name, v1, {
      replicas: 1,
      env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } }],
    }),
  );
  const waiting = (message: string) =>
    eventually(message, async () => {
      const [p] = await podsOf(name);
      const w = p?.status?.containerStatuses?.[0]?.state?.waiting;
      return w?.reason === 'CreateContainerConfigError' && w.message === message ? p : undefined;
    });
  const pod = await waiting('secret "creds" not found');
  const real = fixture('pod_createcontainerconfigerror_kind-v1.36_k8rs.json');
  const p = await raw(`/api/v1/namespaces/default/pods/${pod.metadata!.name}`);
  expect(p.status.phase).toBe(real.status.phase);
  expect(keys(p.status.containerStatuses[0])).toEqual(
    expect.arrayContaining(
      keys(real.status.containerStatuses[0]).filter((k) => !['volumeMounts'].includes(k)),
    ),
  );
  await c.core.createNamespacedSecret({
    namespace: 'default',
    body: { metadata: { name: 'creds' }, stringData: { user: 'u' } },
  });
  await waiting(`couldn't find key password in Secret default/creds`);
  const events = (
    await c.core.listNamespacedEvent({
      namespace: 'default',
      fieldSelector: `involvedObject.name=${pod.metadata!.name},reason=Failed`,
    })
  ).items;
  expect(events.map((e) => e.message)).toEqual(
    expect.arrayContaining(['Error: secret "creds" not found']),
  );
  await c.core.patchNamespacedSecret(
    { name: 'creds', namespace: 'default', body: { stringData: { password: 's3cret' } } },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
  );
  await deploymentDone(name, 1);
  await c.apps.deleteNamespacedDeployment({ name, namespace: 'default' });
});

test('a container over its memory limit is OOMKilled', async () => {
  const name = 'oom';
  const dep = sampleDeployment(name, v1, { replicas: 1, memory: '8Mi' });
  Object.assign(dep.spec.template.spec.containers[0], {
    command: ['/bin/sh', '-c', 'x=$(head -c 40000000 /dev/zero | tr "\\0" a); echo ${#x}'],
  });
  await apply(dep);
  const pod = await eventually(
    'OOMKilled',
    async () => {
      const [p] = await podsOf(name);
      const s = p?.status?.containerStatuses?.[0];
      const t = s?.lastState?.terminated ?? s?.state?.terminated;
      return t?.reason === 'OOMKilled' ? { p, t } : undefined;
    },
    90_000,
  );
  expect(pod.t.exitCode).toBe(137);
  await c.apps.deleteNamespacedDeployment({ name, namespace: 'default' });
});

test('a Deployment that never becomes ready: ProgressDeadlineExceeded after progressDeadlineSeconds', async () => {
  const name = 'deadline';
  await apply(
    sampleDeployment(name, env('OASIS_SAMPLE_NEVER_READY'), {
      replicas: 1,
      progressDeadlineSeconds: 3,
    }),
  );
  const d = await eventually(
    'ProgressDeadlineExceeded',
    async () => {
      const x = await raw(`/apis/apps/v1/namespaces/default/deployments/${name}`);
      return x.status?.conditions?.find(
        (cond: { reason: string }) => cond.reason === 'ProgressDeadlineExceeded',
      )
        ? x
        : undefined;
    },
    60_000,
  );
  const real = fixture('deployment_progress-deadline-exceeded_gitops-engine.yaml');
  const progressing = d.status.conditions.find((x: { type: string }) => x.type === 'Progressing');
  const realProgressing = real.status.conditions.find(
    (x: { type: string }) => x.type === 'Progressing',
  );
  expect(keys(progressing)).toEqual(keys(realProgressing));
  expect(progressing.status).toBe('False');
  expect(progressing.message).toMatch(
    /^ReplicaSet "deadline-[a-z0-9]+" has timed out progressing\.$/,
  );
  const available = d.status.conditions.find((x: { type: string }) => x.type === 'Available');
  expect(available).toMatchObject({
    status: 'False',
    reason: 'MinimumReplicasUnavailable',
    message: 'Deployment does not have minimum availability.',
  });
  expect(d.status).toMatchObject({ replicas: 1, updatedReplicas: 1, unavailableReplicas: 1 });
  expect(d.status.readyReplicas).toBeUndefined();
  const [pod] = await podsOf(name);
  const events = (
    await c.core.listNamespacedEvent({
      namespace: 'default',
      fieldSelector: `involvedObject.name=${pod.metadata!.name}`,
    })
  ).items;
  expect(
    events.some(
      (e) =>
        e.reason === 'Unhealthy' &&
        /^Readiness probe failed: HTTP probe failed with statuscode: 503$/.test(e.message ?? ''),
    ),
  ).toBe(true);
  await c.apps.deleteNamespacedDeployment({ name, namespace: 'default' });
});

test('Recreate: every old pod is gone before a new one is created', async () => {
  const name = 'recreate';
  const spec = (image: string) =>
    sampleDeployment(name, image, { replicas: 2, strategy: { type: 'Recreate' } });
  await apply(spec(v1));
  await deploymentDone(name, 2);
  const timeline: Array<{ image: string; type: string }> = [];
  const watch = await new k8s.Watch(c.kc).watch(
    '/api/v1/namespaces/default/pods',
    {
      labelSelector: `app=${name}`,
      resourceVersion: (await c.core.listNamespacedPod({ namespace: 'default' })).metadata!
        .resourceVersion,
    },
    (type, pod: k8s.V1Pod) => timeline.push({ image: pod.spec!.containers[0].image!, type }),
    () => undefined,
  );
  await apply(spec(v2));
  await deploymentDone(name, 2);
  watch.abort();
  const firstNew = timeline.findIndex((e) => e.image === v2 && e.type === 'ADDED');
  const lastOldDeleted = timeline
    .map((e) => e.image === v1 && e.type === 'DELETED')
    .lastIndexOf(true);
  expect(firstNew).toBeGreaterThan(-1);
  expect(lastOldDeleted).toBeGreaterThan(-1);
  expect(lastOldDeleted).toBeLessThan(firstNew);
});

test('a failing liveness probe kills and restarts the container', async () => {
  const name = 'liveness';
  const dep = sampleDeployment(name, v1, { replicas: 1 });
  Object.assign(dep.spec.template.spec.containers[0], {
    livenessProbe: {
      httpGet: { path: '/status/500', port: 'http' },
      periodSeconds: 1,
      failureThreshold: 2,
    },
  });
  await apply(dep);
  const pod = await eventually(
    'a restart after liveness failures',
    async () => {
      const [p] = await podsOf(name);
      return (p?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1 ? p : undefined;
    },
    90_000,
  );
  const events = (
    await c.core.listNamespacedEvent({
      namespace: 'default',
      fieldSelector: `involvedObject.name=${pod.metadata!.name}`,
    })
  ).items.map((e) => `${e.reason}: ${e.message}`);
  expect(events).toEqual(
    expect.arrayContaining([
      'Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 500',
      'Killing: Container app failed liveness probe, will be restarted',
    ]),
  );
  await c.apps.deleteNamespacedDeployment({ name, namespace: 'default' });
});

test('init containers run to completion first; a failing one keeps the pod Pending in Init:CrashLoopBackOff', async () => {
  const withInit = (name: string, script: string) => {
    const dep = sampleDeployment(name, v1, { replicas: 1 });
    Object.assign(dep.spec.template.spec, {
      initContainers: [{ name: 'setup', image: v1, command: ['/bin/sh', '-c', script] }],
    });
    return dep;
  };
  await apply(withInit('init-ok', 'echo init done'));
  await deploymentDone('init-ok', 1);
  const [ok] = await podsOf('init-ok');
  expect(ok.status?.initContainerStatuses?.[0]?.state?.terminated).toMatchObject({
    exitCode: 0,
    reason: 'Completed',
  });
  expect(ok.status?.conditions?.find((x) => x.type === 'Initialized')?.status).toBe('True');
  expect(await fetchLog(ok.metadata!.name!, '?container=setup')).toEqual({
    status: 200,
    text: 'init done\n',
  });

  await apply(withInit('init-bad', 'echo no database >&2; exit 3'));
  const bad = await eventually(
    'Init CrashLoopBackOff',
    async () => {
      const [p] = await podsOf('init-bad');
      return p?.status?.initContainerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff'
        ? p
        : undefined;
    },
    90_000,
  );
  expect(bad.status?.phase).toBe('Pending');
  expect(bad.status?.initContainerStatuses?.[0]?.lastState?.terminated).toMatchObject({
    exitCode: 3,
    reason: 'Error',
  });
  expect(bad.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('ContainerCreating');
  expect(bad.status?.conditions?.find((x) => x.type === 'Initialized')).toMatchObject({
    status: 'False',
    reason: 'ContainersNotInitialized',
    message: 'containers with incomplete status: [setup]',
  });
  for (const name of ['init-ok', 'init-bad'])
    await c.apps.deleteNamespacedDeployment({ name, namespace: 'default' });
});

test('follow=true streams a container log until the container exits', async () => {
  const name = 'follow';
  const dep = sampleDeployment(name, v1, { replicas: 1 });
  Object.assign(dep.spec.template.spec.containers[0], {
    command: ['/bin/sh', '-c', 'echo one; sleep 2; echo two; sleep 1'],
    readinessProbe: undefined,
  });
  await apply(dep);
  const pod = await eventually('running', async () => {
    const [p] = await podsOf(name);
    return p?.status?.containerStatuses?.[0]?.state?.running ? p : undefined;
  });
  const { raw: request } = await import('./helpers.js');
  const r = await request(
    double,
    'GET',
    `/api/v1/namespaces/default/pods/${pod.metadata!.name}/log?follow=true`,
  );
  expect(r.status).toBe(200);
  expect(r.body).toBe('one\ntwo\n');
  await c.apps.deleteNamespacedDeployment({ name, namespace: 'default' });
});

test('mid-rollout status (new pods not ready) matches the real mid-rollout Deployment', async () => {
  const name = 'midway';
  const spec = (image: string) => sampleDeployment(name, image, { replicas: 1 });
  await apply(spec(v1));
  await deploymentDone(name, 1);
  await apply(spec(env('OASIS_SAMPLE_NEVER_READY')));
  const d = await eventually('new pod running, not ready', async () => {
    const x = await raw(`/apis/apps/v1/namespaces/default/deployments/${name}`);
    const [, newer] = (
      await c.apps.listNamespacedReplicaSet({ namespace: 'default', labelSelector: `app=${name}` })
    ).items.sort(
      (a, b) =>
        Number(a.metadata?.annotations?.['deployment.kubernetes.io/revision']) -
        Number(b.metadata?.annotations?.['deployment.kubernetes.io/revision']),
    );
    return newer?.status?.replicas === 1 &&
      x.status?.replicas === 2 &&
      x.status?.updatedReplicas === 1
      ? x
      : undefined;
  });
  const real = fixture('deployment_mid-rollout_progressing_gitops-engine.yaml');
  const strip = (s: { conditions: Array<Record<string, string>> }) => ({
    ...s,
    observedGeneration: undefined,
    conditions: s.conditions.map((x) => ({ type: x.type, status: x.status, reason: x.reason })),
  });
  expect(strip(d.status)).toEqual(strip(real.status));
  expect(d.status.conditions[1].message).toMatch(
    /^ReplicaSet "midway-[a-z0-9]+" is progressing\.$/,
  );
  expect(d.metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
  await c.apps.deleteNamespacedDeployment({ name, namespace: 'default' });
});

test('the ingress stand-in routes by Host/path and splits traffic by the ingress-nginx canary weight', async () => {
  await apply(sampleDeployment('shop', v1, { replicas: 1 }));
  await apply(sampleDeployment('shop-canary', v2, { replicas: 1 }));
  await apply(sampleService('shop'));
  await apply(sampleService('shop-canary'));
  const ingress = (name: string, service: string, annotations: Record<string, string> = {}) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      ingressClassName: 'nginx',
      rules: [
        {
          host: 'shop.local',
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: service, port: { number: 80 } } },
              },
            ],
          },
        },
      ],
    },
  });
  const created = (await apply(ingress('shop', 'shop'))) as k8s.V1Ingress;
  expect(created.metadata?.annotations?.['oasis.dev/local-url']).toBe(double.ingressUrl);
  await apply(
    ingress('shop-canary', 'shop-canary', {
      'nginx.ingress.kubernetes.io/canary': 'true',
      'nginx.ingress.kubernetes.io/canary-weight': '25',
      'nginx.ingress.kubernetes.io/canary-by-header': 'X-Canary',
    }),
  );
  await deploymentDone('shop', 1);
  await deploymentDone('shop-canary', 1);
  const get = async (headers: Record<string, string> = {}) => {
    const r = await fetch(`${double.ingressUrl}/version`, {
      headers: { 'X-Forwarded-Host': 'shop.local', ...headers },
    });
    expect(r.status).toBe(200);
    return r.text();
  };
  const results: string[] = [];
  for (let i = 0; i < 400; i++) results.push(await get());
  const v2Share = results.filter((v) => v === '2.0.0').length;
  // Binomial(400, 0.25): mean 100, standard deviation 8.7; ±4 sd.
  expect(v2Share).toBeGreaterThanOrEqual(65);
  expect(v2Share).toBeLessThanOrEqual(135);
  expect(
    new Set(await Promise.all([1, 2, 3, 4, 5].map(() => get({ 'X-Canary': 'always' })))),
  ).toEqual(new Set(['2.0.0']));
  expect(
    new Set(await Promise.all([1, 2, 3, 4, 5].map(() => get({ 'X-Canary': 'never' })))),
  ).toEqual(new Set(['1.0.0']));
  const unknown = await fetch(`${double.ingressUrl}/version`, {
    headers: { 'X-Forwarded-Host': 'other.local' },
  });
  expect(unknown.status).toBe(404); // no rule for that host, as ingress-nginx answers
  const bare = await fetch(`${double.ingressUrl}/version`);
  expect(bare.status).toBe(200); // the bare address (no Host a rule could name) reaches the rules there are
});
