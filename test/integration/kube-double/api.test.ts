/**
 * The kube double's API surface over real HTTPS with @kubernetes/client-node and raw requests:
 * authentication, discovery, CRUD, selectors, watches (replay, selector transitions, bookmarks,
 * 410 Gone), the four patch types, server-side apply conflicts, subresources, garbage collection.
 * No kubelet here: pods are only scheduled.
 */
import { jest } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import { startKubeDouble, type KubeDouble } from '../../stack/kube/index.js';
import { clients, eventually, raw } from './helpers.js';

jest.setTimeout(120_000);

let double: KubeDouble;
let c: ReturnType<typeof clients>;

beforeAll(async () => {
  double = await startKubeDouble({
    kubelet: false,
    readOnlyToken: 'read-only-token-123',
    bookmarkIntervalMs: 200,
  });
  c = clients(double);
});
afterAll(async () => {
  await double?.stop();
});

const cm = (
  name: string,
  labels: Record<string, string> = {},
  data: Record<string, string> = { a: '1' },
) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', labels },
  data,
});

describe('authentication and discovery', () => {
  test('a wrong or missing token is 401 Unauthorized, and the token appears in no response', async () => {
    const wrong = await raw(double, 'GET', '/api/v1/namespaces/default/pods', {
      token: 'not-the-token',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    const none = await raw(double, 'GET', '/apis/apps/v1/deployments', { token: null });
    expect(none.status).toBe(401);
    expect(wrong.body + none.body).not.toContain(double.token);
    expect((await raw(double, 'GET', '/version', { token: null })).json().gitVersion).toMatch(
      /^v1\.\d+/,
    );
  });

  test('discovery lists the groups, versions and resources with their subresources', async () => {
    expect((await raw(double, 'GET', '/api')).json()).toMatchObject({
      kind: 'APIVersions',
      versions: ['v1'],
    });
    const groups = (await raw(double, 'GET', '/apis')).json();
    expect(groups.groups.map((g: { name: string }) => g.name)).toEqual(
      expect.arrayContaining(['apps', 'networking.k8s.io', 'argoproj.io']),
    );
    const apps = (await raw(double, 'GET', '/apis/apps/v1')).json();
    const names = apps.resources.map((r: { name: string }) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'deployments',
        'deployments/status',
        'deployments/scale',
        'replicasets',
        'statefulsets',
        'daemonsets',
      ]),
    );
    const core = (await raw(double, 'GET', '/api/v1')).json();
    expect(core.resources.find((r: { name: string }) => r.name === 'pods/log')).toBeDefined();
    const argo = (await raw(double, 'GET', '/apis/argoproj.io/v1alpha1')).json();
    expect(argo.resources[0]).toMatchObject({
      name: 'rollouts',
      kind: 'Rollout',
      namespaced: true,
    });
  });

  test('the read-only token may list but not write: 403 naming the verb, resource and namespace', async () => {
    const list = await raw(double, 'GET', '/api/v1/namespaces/default/configmaps', {
      token: 'read-only-token-123',
    });
    expect(list.status).toBe(200);
    const write = await raw(double, 'POST', '/api/v1/namespaces/default/configmaps', {
      token: 'read-only-token-123',
      body: cm('ro'),
    });
    expect(write.status).toBe(403);
    expect(write.json().message).toBe(
      'configmaps is forbidden: User "system:serviceaccount:ci:read-only" cannot create resource "configmaps" in API group "" in the namespace "default"',
    );
    const patch = await raw(double, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/x', {
      token: 'read-only-token-123',
      body: '{}',
      contentType: 'application/merge-patch+json',
    });
    expect(patch.json().message).toContain(
      'cannot patch resource "deployments" in API group "apps"',
    );
  });
});

describe('objects', () => {
  test('create, get, replace with a stale resourceVersion (409), delete (404 after)', async () => {
    const created = await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: cm('crud'),
    });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
    const rv = created.metadata!.resourceVersion!;
    const updated = await c.core.replaceNamespacedConfigMap({
      name: 'crud',
      namespace: 'default',
      body: { ...created, data: { a: '2' } },
    });
    expect(Number(updated.metadata!.resourceVersion)).toBeGreaterThan(Number(rv));
    const stale = await raw(double, 'PUT', '/api/v1/namespaces/default/configmaps/crud', {
      body: {
        ...cm('crud'),
        metadata: { name: 'crud', namespace: 'default', resourceVersion: rv },
      },
    });
    expect(stale.status).toBe(409);
    expect(stale.json().message).toBe(
      'Operation cannot be fulfilled on configmaps "crud": the object has been modified; please apply your changes to the latest version and try again',
    );
    const dup = await raw(double, 'POST', '/api/v1/namespaces/default/configmaps', {
      body: cm('crud'),
    });
    expect(dup.status).toBe(409);
    expect(dup.json().reason).toBe('AlreadyExists');
    await c.core.deleteNamespacedConfigMap({ name: 'crud', namespace: 'default' });
    const gone = await raw(double, 'GET', '/api/v1/namespaces/default/configmaps/crud');
    expect(gone.status).toBe(404);
    expect(gone.json()).toMatchObject({
      reason: 'NotFound',
      message: 'configmaps "crud" not found',
      details: { name: 'crud', kind: 'configmaps' },
    });
  });

  test('a namespaced object in a missing namespace is 404 namespaces "…" not found', async () => {
    const r = await raw(double, 'POST', '/api/v1/namespaces/nowhere/configmaps', {
      body: { ...cm('x'), metadata: { name: 'x' } },
    });
    expect(r.status).toBe(404);
    expect(r.json().message).toBe('namespaces "nowhere" not found');
  });

  test('validation: a selector that does not match the template labels is 422 Invalid', async () => {
    const r = await raw(double, 'POST', '/apis/apps/v1/namespaces/default/deployments', {
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'bad' },
        spec: {
          selector: { matchLabels: { app: 'a' } },
          template: {
            metadata: { labels: { app: 'b' } },
            spec: { containers: [{ name: 'c', image: 'x' }] },
          },
        },
      },
    });
    expect(r.status).toBe(422);
    expect(r.json().message).toMatch(
      /^Deployment\.apps "bad" is invalid: spec\.template\.metadata\.labels: Invalid value/,
    );
  });

  test('label and field selectors, with pagination', async () => {
    for (const [n, tier] of [
      ['sel-a', 'web'],
      ['sel-b', 'db'],
      ['sel-c', 'web'],
    ]) {
      await c.core.createNamespacedConfigMap({
        namespace: 'default',
        body: cm(n, { group: 'sel', tier }),
      });
    }
    const names = (l: k8s.V1ConfigMapList) => l.items.map((i) => i.metadata?.name);
    expect(
      names(
        await c.core.listNamespacedConfigMap({
          namespace: 'default',
          labelSelector: 'group=sel,tier=web',
        }),
      ),
    ).toEqual(['sel-a', 'sel-c']);
    expect(
      names(
        await c.core.listNamespacedConfigMap({
          namespace: 'default',
          labelSelector: 'group=sel,tier!=web',
        }),
      ),
    ).toEqual(['sel-b']);
    expect(
      names(
        await c.core.listNamespacedConfigMap({
          namespace: 'default',
          labelSelector: 'tier in (db,cache)',
        }),
      ),
    ).toEqual(['sel-b']);
    expect(
      names(
        await c.core.listNamespacedConfigMap({
          namespace: 'default',
          fieldSelector: 'metadata.name=sel-c',
        }),
      ),
    ).toEqual(['sel-c']);
    const page1 = await c.core.listNamespacedConfigMap({
      namespace: 'default',
      labelSelector: 'group=sel',
      limit: 2,
    });
    expect(names(page1)).toEqual(['sel-a', 'sel-b']);
    const page2 = await c.core.listNamespacedConfigMap({
      namespace: 'default',
      labelSelector: 'group=sel',
      limit: 2,
      _continue: page1.metadata?._continue,
    });
    expect(names(page2)).toEqual(['sel-c']);
    const bad = await raw(
      double,
      'GET',
      '/api/v1/namespaces/default/configmaps?fieldSelector=spec.nope%3Dx',
    );
    expect(bad.status).toBe(400);
    expect(bad.json().message).toContain('field label not supported: spec.nope');
  });

  test('generation counts spec changes only; status goes through /status only', async () => {
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'gen', namespace: 'default' },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'gen' } },
        template: {
          metadata: { labels: { app: 'gen' } },
          spec: { containers: [{ name: 'c', image: 'r/x:1' }] },
        },
      },
    };
    const created = await c.apps.createNamespacedDeployment({
      namespace: 'default',
      body: dep as k8s.V1Deployment,
    });
    expect(created.metadata?.generation).toBe(1);
    expect(created.spec?.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
    });
    expect(created.spec?.progressDeadlineSeconds).toBe(600);
    const labelled = await c.apps.patchNamespacedDeployment(
      { name: 'gen', namespace: 'default', body: { metadata: { labels: { x: 'y' } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    expect(labelled.metadata?.generation).toBe(1);
    const scaled = await c.apps.patchNamespacedDeployment(
      { name: 'gen', namespace: 'default', body: { spec: { replicas: 0, paused: true } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    expect(scaled.metadata?.generation).toBe(2);
    // A status sent to the main resource is ignored; through /status it is stored.
    const withStatus = await raw(
      double,
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/gen',
      {
        body: { status: { replicas: 42 } },
        contentType: 'application/merge-patch+json',
      },
    );
    expect(withStatus.json().status?.replicas).not.toBe(42);
    await c.apps.patchNamespacedDeployment(
      { name: 'gen', namespace: 'default', body: { spec: { paused: false } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    const status = await raw(
      double,
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/gen/status',
      {
        body: { status: { collisionCount: 7 } },
        contentType: 'application/merge-patch+json',
      },
    );
    expect(status.json().status.collisionCount).toBe(7);
    // Scale subresource.
    const scale = await c.apps.readNamespacedDeploymentScale({ name: 'gen', namespace: 'default' });
    expect(scale).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 0 },
      status: { selector: 'app=gen' },
    });
    await c.apps.replaceNamespacedDeploymentScale({
      name: 'gen',
      namespace: 'default',
      body: { ...scale, spec: { replicas: 3 } },
    });
    expect(
      (await c.apps.readNamespacedDeployment({ name: 'gen', namespace: 'default' })).spec?.replicas,
    ).toBe(3);
    await c.apps.deleteNamespacedDeployment({ name: 'gen', namespace: 'default' });
  });
});

describe('patches and server-side apply', () => {
  const deployment = (image: string, replicas?: number, labels: Record<string, string> = {}) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'ssa', namespace: 'default', labels },
    spec: {
      ...(replicas !== undefined ? { replicas } : {}),
      selector: { matchLabels: { app: 'ssa' } },
      template: {
        metadata: { labels: { app: 'ssa' } },
        spec: { containers: [{ name: 'app', image, env: [{ name: 'A', value: '1' }] }] },
      },
    },
  });
  const apply = (body: object, manager: string, force = false) =>
    c.objects.patch(
      body as k8s.KubernetesObject,
      undefined,
      undefined,
      manager,
      force,
      k8s.PatchStrategy.ServerSideApply,
    );

  test('apply creates, records managedFields, and removes fields the manager stops applying', async () => {
    const first = (await apply(
      deployment('r/app:1', 2, { team: 'a', tier: 'web' }),
      'ci',
    )) as k8s.V1Deployment;
    const entry = first.metadata?.managedFields?.find((m) => m.manager === 'ci');
    expect(entry).toMatchObject({
      operation: 'Apply',
      apiVersion: 'apps/v1',
      fieldsType: 'FieldsV1',
    });
    expect(JSON.stringify(entry?.fieldsV1)).toContain('"k:{\\"name\\":\\"app\\"}"');
    const second = (await apply(deployment('r/app:1', 2, { team: 'a' }), 'ci')) as k8s.V1Deployment;
    expect(second.metadata?.labels).toEqual({ team: 'a' });
  });

  test('a conflicting apply is 409 naming the other manager and field; force takes the field over', async () => {
    await c.apps.patchNamespacedDeployment(
      {
        name: 'ssa',
        namespace: 'default',
        body: { spec: { replicas: 5 } },
        fieldManager: 'kubectl-scale',
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    let error: unknown;
    try {
      await apply(deployment('r/app:2', 2, { team: 'a' }), 'ci');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(k8s.ApiException);
    const e = error as k8s.ApiException<string>;
    expect(e.code).toBe(409);
    const status = JSON.parse(e.body);
    expect(status.reason).toBe('Conflict');
    expect(status.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-scale" using apps/v1: .spec.replicas',
    );
    expect(status.details.causes).toEqual([
      {
        type: 'FieldManagerConflict',
        message: 'conflict with "kubectl-scale" using apps/v1',
        field: '.spec.replicas',
      },
    ]);
    // Applying the same value is no conflict (shared ownership); force takes it over.
    await apply(deployment('r/app:1', 5, { team: 'a' }), 'ci');
    const forced = (await apply(
      deployment('r/app:2', 2, { team: 'a' }),
      'ci',
      true,
    )) as k8s.V1Deployment;
    expect(forced.spec?.replicas).toBe(2);
    expect(forced.spec?.template.spec?.containers[0].image).toBe('r/app:2');
    expect(
      forced.metadata?.managedFields?.find((m) => m.manager === 'kubectl-scale'),
    ).toBeUndefined();
  });

  test('an image set by another manager conflicts at the container path', async () => {
    await c.apps.patchNamespacedDeployment(
      {
        name: 'ssa',
        namespace: 'default',
        body: {
          spec: { template: { spec: { containers: [{ name: 'app', image: 'r/app:hotfix' }] } } },
        },
        fieldManager: 'kubectl-set',
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
    );
    const got = await c.apps.readNamespacedDeployment({ name: 'ssa', namespace: 'default' });
    // Strategic merge matched the container by name: env is still there.
    expect(got.spec?.template.spec?.containers).toEqual([
      expect.objectContaining({
        name: 'app',
        image: 'r/app:hotfix',
        env: [{ name: 'A', value: '1' }],
      }),
    ]);
    const r = await raw(
      double,
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/ssa?fieldManager=ci',
      {
        body: JSON.stringify(deployment('r/app:3', 2, { team: 'a' })),
        contentType: 'application/apply-patch+yaml',
      },
    );
    expect(r.status).toBe(409);
    expect(r.json().details.causes[0]).toEqual({
      type: 'FieldManagerConflict',
      message: 'conflict with "kubectl-set" using apps/v1',
      field: '.spec.template.spec.containers[name="app"].image',
    });
  });

  test('apply accepts YAML bodies; apply without fieldManager is 400', async () => {
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  k: v\n';
    const ok = await raw(
      double,
      'PATCH',
      '/api/v1/namespaces/default/configmaps/from-yaml?fieldManager=ci',
      { body: yaml, contentType: 'application/apply-patch+yaml' },
    );
    expect(ok.status).toBe(201);
    expect(ok.json().data).toEqual({ k: 'v' });
    const missing = await raw(double, 'PATCH', '/api/v1/namespaces/default/configmaps/from-yaml', {
      body: yaml,
      contentType: 'application/apply-patch+yaml',
    });
    expect(missing.status).toBe(400);
  });

  test('JSON patch and merge patch', async () => {
    await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: cm('patches', {}, { a: '1', b: '2' }),
    });
    const merged = await c.core.patchNamespacedConfigMap(
      { name: 'patches', namespace: 'default', body: { data: { a: null, c: '3' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    expect(merged.data).toEqual({ b: '2', c: '3' });
    const jp = await c.core.patchNamespacedConfigMap(
      {
        name: 'patches',
        namespace: 'default',
        body: [
          { op: 'replace', path: '/data/b', value: 'x' },
          { op: 'add', path: '/data/d', value: '4' },
        ],
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
    );
    expect(jp.data).toEqual({ b: 'x', c: '3', d: '4' });
  });
});

describe('watch', () => {
  test('replays from a resourceVersion, turns selector exits into DELETED, sends bookmarks', async () => {
    const start = (await c.core.listNamespacedConfigMap({ namespace: 'default' })).metadata!
      .resourceVersion!;
    await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: cm('w1', { watch: 'yes' }),
    });
    const events: string[] = [];
    let bookmarks = 0;
    const watch = new k8s.Watch(c.kc);
    const req = await watch.watch(
      '/api/v1/namespaces/default/configmaps',
      { resourceVersion: start, labelSelector: 'watch=yes', allowWatchBookmarks: true },
      (type, obj) => {
        if (type === 'BOOKMARK') bookmarks++;
        else events.push(`${type} ${obj.metadata.name} ${obj.data?.a ?? ''}`);
      },
      () => undefined,
    );
    await c.core.patchNamespacedConfigMap(
      { name: 'w1', namespace: 'default', body: { data: { a: '2' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await c.core.patchNamespacedConfigMap(
      { name: 'w1', namespace: 'default', body: { metadata: { labels: { watch: 'no' } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: cm('w2', { watch: 'no' }),
    });
    await c.core.patchNamespacedConfigMap(
      { name: 'w2', namespace: 'default', body: { metadata: { labels: { watch: 'yes' } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await c.core.deleteNamespacedConfigMap({ name: 'w2', namespace: 'default' });
    await eventually('all watch events and a bookmark', () => events.length >= 5 && bookmarks > 0);
    req.abort();
    expect(events).toEqual([
      'ADDED w1 1',
      'MODIFIED w1 2',
      'DELETED w1 2',
      'ADDED w2 1',
      'DELETED w2 1',
    ]);
  });

  test('a compacted resourceVersion gets an ERROR event with 410 Expired', async () => {
    const rv = (await c.core.listNamespacedConfigMap({ namespace: 'default' })).metadata!
      .resourceVersion!;
    await c.core.createNamespacedConfigMap({ namespace: 'default', body: cm('compacted') });
    double.compact();
    const r = await raw(
      double,
      'GET',
      `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`,
    );
    const line = JSON.parse(r.body.trim().split('\n')[0]);
    expect(line).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', code: 410, reason: 'Expired' },
    });
    expect(line.object.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
  });

  test('dropWatches cuts open streams; the client sees the end', async () => {
    let ended = false;
    const req = await new k8s.Watch(c.kc).watch(
      '/api/v1/namespaces/default/pods',
      {},
      () => undefined,
      () => {
        ended = true;
      },
    );
    await eventually('watch registered', () => double.dropWatches() > 0);
    await eventually('client saw the end', () => ended);
    req.abort();
  });
});

describe('garbage collection and namespaces', () => {
  const rsOf = async (name: string) =>
    (await c.apps.listNamespacedReplicaSet({ namespace: 'default' })).items.filter(
      (r) =>
        r.metadata?.ownerReferences?.[0]?.name === name || r.metadata?.name?.startsWith(`${name}-`),
    );
  const dep = (name: string) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'c', image: 'r/x:1' }] },
      },
    },
  });

  test('deleting a Deployment removes its ReplicaSets and pods (background)', async () => {
    await c.apps.createNamespacedDeployment({
      namespace: 'default',
      body: dep('gc') as k8s.V1Deployment,
    });
    const pods = await eventually('2 pods', async () => {
      const p = (await c.core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=gc' }))
        .items;
      return p.length === 2 ? p : undefined;
    });
    expect(pods[0].metadata?.ownerReferences?.[0]).toMatchObject({
      kind: 'ReplicaSet',
      controller: true,
      blockOwnerDeletion: true,
    });
    expect(pods[0].spec?.nodeName).toBe('oasis-double-node');
    await c.apps.deleteNamespacedDeployment({ name: 'gc', namespace: 'default' });
    await eventually(
      'ReplicaSets and pods gone',
      async () =>
        (await rsOf('gc')).length === 0 &&
        (await c.core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=gc' })).items
          .length === 0,
    );
  });

  test('orphan propagation keeps the ReplicaSet without an owner', async () => {
    await c.apps.createNamespacedDeployment({
      namespace: 'default',
      body: dep('orphan') as k8s.V1Deployment,
    });
    await eventually('a ReplicaSet', async () => (await rsOf('orphan')).length === 1);
    await c.apps.deleteNamespacedDeployment({
      name: 'orphan',
      namespace: 'default',
      propagationPolicy: 'Orphan',
    });
    const [rs] = await rsOf('orphan');
    expect(rs.metadata?.ownerReferences).toBeUndefined();
    await c.apps.deleteNamespacedReplicaSet({ name: rs.metadata!.name!, namespace: 'default' });
  });

  test('deleting a namespace removes what is in it', async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'temp-ns' } } });
    await c.core.createNamespacedConfigMap({
      namespace: 'temp-ns',
      body: { ...cm('x'), metadata: { name: 'x', namespace: 'temp-ns' } },
    });
    const deleting = await c.core.deleteNamespace({ name: 'temp-ns' });
    expect(deleting).toBeDefined();
    await eventually(
      'namespace gone',
      async () => (await raw(double, 'GET', '/api/v1/namespaces/temp-ns')).status === 404,
    );
    expect((await raw(double, 'GET', '/api/v1/namespaces/temp-ns/configmaps/x')).status).toBe(404);
  });
});

describe('StatefulSet and DaemonSet (status level)', () => {
  test('after a spec change the status reports the rollout, then completion with the new revision', async () => {
    const sts = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'default' },
      spec: {
        replicas: 2,
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: {
          metadata: { labels: { app: 'db' } },
          spec: { containers: [{ name: 'db', image: 'r/db:1' }] },
        },
      },
    };
    const apply = (body: object) =>
      c.objects.patch(
        body as k8s.KubernetesObject,
        undefined,
        undefined,
        'ci',
        true,
        k8s.PatchStrategy.ServerSideApply,
      );
    await apply(sts);
    const first = await eventually('sts complete', async () => {
      const s = await c.apps.readNamespacedStatefulSet({ name: 'db', namespace: 'default' });
      return s.status?.updatedReplicas === 2 && s.status.currentRevision === s.status.updateRevision
        ? s
        : undefined;
    });
    expect(first.status).toMatchObject({
      observedGeneration: 1,
      replicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    });
    sts.spec.template.spec.containers[0].image = 'r/db:2';
    await apply(sts);
    const second = await eventually('sts updated', async () => {
      const s = await c.apps.readNamespacedStatefulSet({ name: 'db', namespace: 'default' });
      return s.status?.observedGeneration === 2 &&
        s.status.currentRevision === s.status.updateRevision
        ? s
        : undefined;
    });
    expect(second.status?.updateRevision).not.toBe(first.status?.updateRevision);
    await apply({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: { containers: [{ name: 'a', image: 'r/agent:1' }] },
        },
      },
    });
    const ds = await eventually('ds complete', async () => {
      const d = await c.apps.readNamespacedDaemonSet({ name: 'agent', namespace: 'default' });
      return d.status?.numberAvailable === 1 ? d : undefined;
    });
    expect(ds.status).toMatchObject({
      desiredNumberScheduled: 1,
      updatedNumberScheduled: 1,
      numberReady: 1,
      observedGeneration: 1,
    });
  });
});

describe('scheduling', () => {
  test('a pod that fits nowhere stays Pending with PodScheduled=False Unschedulable and a FailedScheduling event', async () => {
    const node = await c.core.readNode({ name: 'oasis-double-node' });
    expect(node.status?.allocatable).toMatchObject({ cpu: '8', memory: '16Gi' });
    const pod = (name: string, spec: object) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'r/x:1' }], ...spec },
    });
    await c.core.createNamespacedPod({
      namespace: 'default',
      body: pod('too-big', {
        containers: [{ name: 'c', image: 'r/x:1', resources: { requests: { cpu: '64' } } }],
      }) as k8s.V1Pod,
    });
    await c.core.createNamespacedPod({
      namespace: 'default',
      body: pod('elsewhere', { nodeSelector: { 'kubernetes.io/arch': 'arm64' } }) as k8s.V1Pod,
    });
    await c.core.createNamespacedPod({ namespace: 'default', body: pod('fits', {}) as k8s.V1Pod });
    const scheduled = async (name: string) => {
      const p = await c.core.readNamespacedPod({ name, namespace: 'default' });
      return p.status?.conditions?.find((x) => x.type === 'PodScheduled');
    };
    const big = await eventually('too-big unschedulable', async () =>
      (await scheduled('too-big'))?.reason === 'Unschedulable' ? scheduled('too-big') : undefined,
    );
    expect(big).toMatchObject({
      status: 'False',
      message:
        '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    });
    const other = await eventually('elsewhere unschedulable', async () =>
      (await scheduled('elsewhere'))?.reason === 'Unschedulable'
        ? scheduled('elsewhere')
        : undefined,
    );
    expect(other?.message).toContain("1 node(s) didn't match Pod's node affinity/selector");
    expect(
      await eventually('fits scheduled', async () =>
        (await scheduled('fits'))?.status === 'True' ? true : undefined,
      ),
    ).toBe(true);
    const events = (
      await c.core.listNamespacedEvent({
        namespace: 'default',
        fieldSelector: 'involvedObject.name=too-big',
      })
    ).items;
    expect(events[0]).toMatchObject({
      type: 'Warning',
      reason: 'FailedScheduling',
      source: { component: 'default-scheduler' },
    });
    expect(
      (await c.core.readNamespacedPod({ name: 'too-big', namespace: 'default' })).status?.phase,
    ).toBe('Pending');
    for (const name of ['too-big', 'elsewhere', 'fits'])
      await c.core.deleteNamespacedPod({ name, namespace: 'default' });
  });
});

test('a LoadBalancer Service and an Ingress get the loopback address in their status', async () => {
  await c.core.createNamespacedService({
    namespace: 'default',
    body: {
      metadata: { name: 'lb' },
      spec: { type: 'LoadBalancer', selector: { app: 'lb' }, ports: [{ port: 80 }] },
    },
  });
  const lb = await eventually('load balancer ingress', async () => {
    const s = await c.core.readNamespacedService({ name: 'lb', namespace: 'default' });
    return s.status?.loadBalancer?.ingress?.length ? s : undefined;
  });
  expect(lb.status?.loadBalancer?.ingress?.[0]?.ip).toBe('127.0.0.1');
  expect(lb.spec?.ports?.[0]?.nodePort).toBeGreaterThanOrEqual(30000);
  const net = c.kc.makeApiClient(k8s.NetworkingV1Api);
  await net.createNamespacedIngress({
    namespace: 'default',
    body: {
      metadata: { name: 'web' },
      spec: {
        rules: [
          {
            host: 'web.local',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'lb', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    },
  });
  const ing = await eventually('ingress address', async () => {
    const i = await net.readNamespacedIngress({ name: 'web', namespace: 'default' });
    return i.status?.loadBalancer?.ingress?.length ? i : undefined;
  });
  expect(ing.status?.loadBalancer?.ingress?.[0]?.ip).toBe('127.0.0.1');
});

test('a workload selector is immutable (422); a Service keeps its clusterIP through a PUT without one', async () => {
  const dep = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'immutable', namespace: 'default' },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: 'one' } },
      template: {
        metadata: { labels: { app: 'one', also: 'two' } },
        spec: { containers: [{ name: 'c', image: 'r/x:1' }] },
      },
    },
  };
  await c.apps.createNamespacedDeployment({ namespace: 'default', body: dep as k8s.V1Deployment });
  const r = await raw(double, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/immutable', {
    body: { spec: { selector: { matchLabels: { also: 'two' } } } },
    contentType: 'application/merge-patch+json',
  });
  expect(r.status).toBe(422);
  expect(r.json().message).toMatch(
    /^Deployment\.apps "immutable" is invalid: spec\.selector: Invalid value: .*: field is immutable$/,
  );
  const svc = await c.core.createNamespacedService({
    namespace: 'default',
    body: { metadata: { name: 'keep-ip' }, spec: { ports: [{ port: 80 }] } },
  });
  // The local URL is in the create response already (no later write changes the resourceVersion).
  expect(svc.metadata?.annotations?.['oasis.dev/local-url']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(double.serviceUrl('default', 'keep-ip')).toBe(
    svc.metadata?.annotations?.['oasis.dev/local-url'],
  );
  const replaced = await c.core.replaceNamespacedService({
    name: 'keep-ip',
    namespace: 'default',
    body: {
      metadata: { name: 'keep-ip', resourceVersion: svc.metadata?.resourceVersion },
      spec: { ports: [{ port: 81 }] },
    },
  });
  expect(replaced.spec?.clusterIP).toBe(svc.spec?.clusterIP);
});

test('without a Docker engine the kubelet refuses to start, with what to do, and nothing stays running', async () => {
  const path = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    await expect(startKubeDouble()).rejects.toThrow(
      /the kubelet runs pods as Docker containers.*kubelet: false/,
    );
  } finally {
    process.env.PATH = path;
  }
});

test('pod logs without a kubelet: 400 saying so', async () => {
  await c.core.createNamespacedPod({
    namespace: 'default',
    body: { metadata: { name: 'no-logs' }, spec: { containers: [{ name: 'c', image: 'r/x:1' }] } },
  });
  const r = await raw(double, 'GET', '/api/v1/namespaces/default/pods/no-logs/log');
  expect(r.status).toBe(400);
  expect(r.json().message).toBe(
    'container logs are not available: the double runs without a kubelet',
  );
});
