import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getInputs } from '../../../src/k8s-rollout/inputs.js';
import { k8sRollout } from '../../../src/k8s-rollout/k8s-rollout.js';
import { KubeRequestError } from '../../../src/k8s-rollout/kube-client.js';
import { mapInputs } from '../../../src/shared/inputs.js';
import { installController, readyStatus } from './fake-controller.js';
import { FakeKube, event } from './fake-kube.js';
import { fixture } from './fixtures.js';

const manifest = (image: string, replicas = 2) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
        - name: app
          image: ${image}
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: { app: api }
  ports: [{ port: 80 }]
`;

const imagePullBackOff = fixture('pod_imagepullbackoff_gitops-engine.yaml').status;
const crashLoop = fixture('pod_crashloopbackoff_kind-v1.36_k8rs.json').status;

function podStatusFor(image: string) {
  if (image.endsWith(':missing')) return { ready: false, status: imagePullBackOff };
  if (image.endsWith(':crash')) return { ready: false, status: crashLoop };
  return { ready: true, status: readyStatus('app', image) };
}

describe('k8sRollout rolling strategy over a fake API', () => {
  let dir: string;
  let kube: FakeKube;
  let lines: string[];
  const run = async (image: string, extra: Record<string, string> = {}) => {
    writeFileSync(join(dir, 'app.yaml'), manifest(image));
    const config = getInputs(
      mapInputs({ manifests: 'app.yaml', workspace: dir, timeout: '20s', ...extra }),
    );
    return k8sRollout(config, { kube, log: (line) => lines.push(line) });
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rolling-'));
    kube = new FakeKube();
    lines = [];
    installController(kube, podStatusFor);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('a healthy deploy succeeds with revision outputs and progress lines', async () => {
    const first = await run('registry.local/api:v1');
    expect(first).toMatchObject({ status: 'succeeded', revision: '1', previousRevision: '' });
    const second = await run('registry.local/api:v2');
    expect(second).toMatchObject({
      status: 'succeeded',
      revision: '2',
      previousRevision: '1',
      previousImage: 'registry.local/api:v1',
      failedReason: '',
    });
    expect(second.error).toBeUndefined();
    expect(second.resources[0]).toMatchObject({
      kind: 'Deployment',
      name: 'api',
      state: 'complete',
      revision: '2',
      image: 'registry.local/api:v2',
    });
    expect(lines).toContain('api: 2/2 updated, 2 available, complete');
    expect(second.summary.split('\n')[0]).toBe('### ✅ k8s-rollout: succeeded');
    // The Service went in before the Deployment, both with the field manager.
    const applies = kube.calls
      .filter((call) => call.verb === 'apply')
      .map((call) => (call.detail as { object: { kind: string } }).object.kind);
    expect(applies.slice(0, 2)).toEqual(['Service', 'Deployment']);
  });

  test('ImagePullBackOff fails fast, names the cause first, and rolls back to v1', async () => {
    await run('registry.local/api:v1');
    kube.eventsList.push(event('Pod', 'x', 'Failed', 'ignored'));
    const result = await run('registry.local/api:missing');
    expect(result.status).toBe('rolled-back');
    expect(result.failedReason).toBe('ImagePullBackOff');
    expect(result.error!.split('\n')[0]).toMatch(
      /^Deployment\/api: Pod\/api-\w+-0 container errimagepullbackoff: ImagePullBackOff: Back-off pulling image/,
    );
    expect(result.error).toContain(
      'rolled back Deployment/api to the previous template (registry.local/api:v1), now revision 3',
    );
    const live = kube.find('Deployment', 'api')!;
    expect(live.spec.template.spec.containers[0].image).toBe('registry.local/api:v1');
    expect(live.spec.replicas).toBe(2);
    expect(result).toMatchObject({
      revision: '3',
      previousRevision: '1',
      previousImage: 'registry.local/api:v1',
    });
    // The rollback went through server-side apply with our field manager and the full manifest.
    const last = kube.calls.filter((call) => call.verb === 'apply').pop()!.detail as {
      object: {
        spec: { replicas: number; template: { metadata: { labels: Record<string, string> } } };
      };
      options: { fieldManager: string };
    };
    expect(last.options.fieldManager).toBe('oasis-actions');
    expect(last.object.spec.replicas).toBe(2);
    expect(last.object.spec.template.metadata.labels).toEqual({ app: 'api' });
    expect(result.summary).toContain('↩️ k8s-rollout: rolled-back');
  });

  test('a crash loop shows the previous run log lines in the summary', async () => {
    await run('registry.local/api:v1');
    kube.logs.set('*/quitter/previous', 'starting\npanic: db unreachable');
    const result = await run('registry.local/api:crash');
    expect(result.status).toBe('rolled-back');
    expect(result.failedReason).toBe('CrashLoopBackOff');
    expect(result.diagnostics?.logSource).toMatch(/quitter \(previous run\)$/);
    expect(result.summary).toContain('panic: db unreachable');
  });

  test('rollback-on-failure false leaves the failed revision and reports failed', async () => {
    await run('registry.local/api:v1');
    const result = await run('registry.local/api:missing', { 'rollback-on-failure': 'false' });
    expect(result.status).toBe('failed');
    expect(result.error).toContain('rollback-on-failure is false');
    expect(kube.find('Deployment', 'api')!.spec.template.spec.containers[0].image).toBe(
      'registry.local/api:missing',
    );
  });

  test('a first deploy that fails cannot be rolled back and says so', async () => {
    const result = await run('registry.local/api:missing');
    expect(result.status).toBe('failed');
    expect(result.error).toContain('created by this run, no previous revision to roll back to');
  });

  test('action rollback undoes the last revision; status reports without changes', async () => {
    await run('registry.local/api:v1');
    await run('registry.local/api:v2');
    const config = getInputs(
      mapInputs({ action: 'rollback', workload: 'deployment/api', workspace: dir, timeout: '20s' }),
    );
    const result = await k8sRollout(config, { kube, log: () => undefined });
    expect(result).toMatchObject({
      status: 'rolled-back',
      previousRevision: '2',
      previousImage: 'registry.local/api:v2',
      revision: '3',
    });
    expect(kube.find('Deployment', 'api')!.spec.template.spec.containers[0].image).toBe(
      'registry.local/api:v1',
    );
    const patches = kube.calls.filter((call) => call.verb === 'mergePatch');
    expect(patches).toHaveLength(1);
    const writesBefore = kube.calls.filter((call) =>
      ['apply', 'mergePatch', 'delete'].includes(call.verb),
    ).length;
    const status = await k8sRollout(
      getInputs(mapInputs({ action: 'status', workload: 'api', workspace: dir })),
      { kube, log: () => undefined },
    );
    expect(status).toMatchObject({
      status: 'succeeded',
      revision: '3',
      previousRevision: '2',
      previousImage: 'registry.local/api:v2',
    });
    expect(
      kube.calls.filter((call) => ['apply', 'mergePatch', 'delete'].includes(call.verb)).length,
    ).toBe(writesBefore);
  });

  test('rollback with no previous revision is a clear error', async () => {
    await run('registry.local/api:v1');
    const config = getInputs(mapInputs({ action: 'rollback', workload: 'api', workspace: dir }));
    await expect(k8sRollout(config, { kube, log: () => undefined })).rejects.toThrow(
      'cannot roll back Deployment/api: it has no previous revision (revision 1 is its first)',
    );
  });

  test('an unknown kind stops everything before any apply', async () => {
    kube.unknownKinds.add('Service');
    await expect(run('registry.local/api:v1')).rejects.toThrow(
      /app\.yaml:17: unknown kind Service in v1 \(the API server does not serve it\)\nnothing was applied/,
    );
    expect(kube.calls.some((call) => call.verb === 'apply')).toBe(false);
  });

  test('an apply failure part-way names what was already applied', async () => {
    let calls = 0;
    const original = kube.apply.bind(kube);
    kube.apply = async (object, options) => {
      calls++;
      if (calls === 2)
        throw new KubeRequestError(
          'server-side apply conflict on deployment/api: conflict with "kubectl"',
          409,
        );
      return original(object, options);
    };
    await expect(run('registry.local/api:v1')).rejects.toThrow(
      'app.yaml:1: server-side apply conflict on deployment/api: conflict with "kubectl"; already applied (left in place): Service/api',
    );
  });

  test('a dropped watch resumes from the last resourceVersion and the rollout completes', async () => {
    await run('registry.local/api:v1');
    kube.onWrite = ((previous) => (object, verb) => {
      // Once the watches are open, drop them all, then let the controller act while they are down.
      setTimeout(() => {
        kube.dropWatches(new KubeRequestError('cannot watch (HTTP 500)', 500));
        previous!(object, verb);
      }, 50);
    })(kube.onWrite);
    const result = await run('registry.local/api:v2');
    expect(result.status).toBe('succeeded');
    const resumed = kube.calls
      .filter((call) => call.verb === 'watch')
      .map(
        (call) => (call.detail as { options: { resourceVersion: string } }).options.resourceVersion,
      );
    expect(resumed.length).toBeGreaterThan(3);
    expect(
      lines.some((line) =>
        /watch of \w+ interrupted \(cannot watch \(HTTP 500\)\); resuming from resourceVersion \d+/.test(
          line,
        ),
      ),
    ).toBe(true);
  });

  test('a 403 on the watch fails with the API message', async () => {
    await run('registry.local/api:v1');
    kube.failures.push({
      verb: 'list',
      error: new KubeRequestError(
        'forbidden: not allowed to list pods in namespace default (HTTP 403)',
        403,
      ),
      times: 1,
    });
    await expect(run('registry.local/api:v2')).rejects.toThrow(
      'forbidden: not allowed to list pods in namespace default (HTTP 403)',
    );
  });

  test('a 410 Gone when resuming a watch lists afresh and the rollout completes', async () => {
    await run('registry.local/api:v1');
    kube.onWrite = ((previous) => (object, verb) => {
      setTimeout(() => {
        kube.failures.push({
          verb: 'watch',
          error: new KubeRequestError('too old resource version (HTTP 410)', 410),
          times: 3,
        });
        kube.dropWatches(new KubeRequestError('cannot watch (HTTP 410)', 410));
        previous!(object, verb);
      }, 50);
    })(kube.onWrite);
    const listsBefore = kube.calls.filter((call) => call.verb === 'list').length;
    const result = await run('registry.local/api:v2');
    expect(result.status).toBe('succeeded');
    // 3 lists at the start (pods, replica sets, the deployment) and at least one more after 410.
    expect(kube.calls.filter((call) => call.verb === 'list').length - listsBefore).toBeGreaterThan(
      3,
    );
  });
});
