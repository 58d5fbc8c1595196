/**
 * k8s-rollout, rolling strategy, against the kube API double with real containers of the sample
 * image (kubelet on 127.1.x.y, real readiness probes, real waiting reasons) over real HTTPS.
 */
import { jest } from '@jest/globals';
import { startFaultProxy } from '../../stack/fault-proxy.js';
import { kubeconfigFor, startKubeDouble, type KubeDouble } from '../../stack/kube/index.js';
import { env, runRollout, sampleManifests, startProber, versions } from './helpers.js';

jest.setTimeout(300_000);

const NS = 'rolling';
const READ_ONLY = 'read-only-token-0123456789';

describe('k8s-rollout rolling strategy on the kube double', () => {
  let double: KubeDouble;
  let v1: string;
  let v2: string;

  beforeAll(async () => {
    double = await startKubeDouble({ namespaces: [NS], readOnlyToken: READ_ONLY });
    v1 = env('OASIS_SAMPLE_V1');
    v2 = env('OASIS_SAMPLE_V2');
  });
  afterAll(async () => {
    await double?.stop();
  });

  const deploy = (manifests: string, extra: Record<string, string> = {}) =>
    runRollout(manifests, { kubeconfig: double.kubeconfig, namespace: NS, ...extra });

  /** Puts v1 in place (a fresh Deployment per test keeps the tests independent). */
  async function baseline(name: string) {
    const first = await deploy(sampleManifests({ name, image: v1 }));
    expect(first.error).toBeUndefined();
    expect(first.result?.status).toBe('succeeded');
    const url = double.serviceUrl(NS, name);
    expect(url).toBeDefined();
    expect(new Set(await versions(url!, 10))).toEqual(new Set(['1.0.0']));
    return url!;
  }

  test('a healthy rolling update v1 → v2 under continuous traffic: no failed request, all v2 after', async () => {
    const url = await baseline('healthy');
    const prober = startProber(() => url);
    const outcome = await deploy(sampleManifests({ name: 'healthy', image: v2 }));
    const finished = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const records = await prober.stop();
    expect(outcome.error).toBeUndefined();
    expect(outcome.result).toMatchObject({
      status: 'succeeded',
      revision: '2',
      previousRevision: '1',
      previousImage: v1,
      failedReason: '',
    });
    const failed = records.filter((record) => !record.ok);
    expect(failed).toEqual([]);
    expect(records.length).toBeGreaterThan(10);
    expect(records.some((record) => record.body === '1.0.0')).toBe(true);
    const after = records.filter((record) => record.start > finished);
    expect(after.length).toBeGreaterThan(5);
    expect(new Set(after.map((record) => record.body))).toEqual(new Set(['2.0.0']));
    // One progress line per state change, not silence.
    expect(outcome.lines.some((line) => / healthy: \d\/2 updated, \d available/.test(line))).toBe(
      true,
    );
  });

  const failures: [string, (name: string) => string, RegExp][] = [
    [
      'ImagePullBackOff (a tag that does not exist)',
      (name) =>
        sampleManifests({
          name,
          image: `${env('OASIS_TEST_REGISTRY')}/oasis/sample:does-not-exist`,
        }),
      /^Deployment\/\S+: Pod\/\S+ container app: (ErrImagePull|ImagePullBackOff): /,
    ],
    [
      'crash loop',
      (name) => sampleManifests({ name, image: env('OASIS_SAMPLE_CRASHLOOP') }),
      /^Deployment\/\S+: Pod\/\S+ container app: (CrashLoopBackOff|RestartsOverThreshold): /,
    ],
    [
      'missing Secret',
      (name) =>
        sampleManifests({
          name,
          image: v2,
          containerExtra: [
            '          env:',
            '            - name: DB_PASSWORD',
            '              valueFrom:',
            '                secretKeyRef: { name: db-credentials, key: password }',
          ].join('\n'),
        }),
      /^Deployment\/\S+: Pod\/\S+ container app: CreateContainerConfigError: .*db-credentials/,
    ],
    [
      'never-ready',
      (name) =>
        sampleManifests({
          name,
          image: env('OASIS_SAMPLE_NEVER_READY'),
          progressDeadlineSeconds: 12,
        }),
      /^Deployment\/\S+: Pod\/\S+ container app: ProgressDeadlineExceeded: never became ready: Readiness probe failed/,
    ],
  ];

  test.each(failures)(
    '%s is detected, named on the first line, and rolled back to v1',
    async (_label, manifests, firstLine) => {
      const name = `f-${_label
        .split(' ')[0]
        .toLowerCase()
        .replace(/[^a-z]/g, '')}`;
      const url = await baseline(name);
      const started = Date.now();
      const outcome = await deploy(manifests(name));
      expect(outcome.error).toBeUndefined();
      const result = outcome.result!;
      expect(result.status).toBe('rolled-back');
      expect(result.error!.split('\n')[0]).toMatch(firstLine);
      expect(result.error).toMatch(/rolled back Deployment\/\S+ to the previous template/);
      expect(result).toMatchObject({ revision: '3', previousRevision: '1', previousImage: v1 });
      expect(result.summary).toContain('Recent events');
      // Well before the 600 s progress deadline (never-ready waits for its own 12 s deadline).
      expect(Date.now() - started).toBeLessThan(90_000);
      expect(new Set(await versions(url, 20))).toEqual(new Set(['1.0.0']));
    },
  );

  test('a wrong token: a clear 401 error, and the token appears nowhere', async () => {
    const wrong = 'not-the-token-0123456789abcdef';
    const kubeconfig = double.kubeconfig.replace(double.token, wrong);
    const outcome = await runRollout(sampleManifests({ name: 'wrong-token', image: v1 }), {
      kubeconfig,
      namespace: NS,
    });
    expect(outcome.result).toBeUndefined();
    expect(outcome.error?.message).toMatch(
      /^unauthorized: the API server rejected the credentials while trying to \w+ .*\(HTTP 401\)/,
    );
    const captured = [outcome.error!.message, outcome.error!.stack ?? '', ...outcome.lines].join(
      '\n',
    );
    expect(captured).not.toContain(wrong);
    expect(captured).not.toContain(double.token);
  });

  test('watches dropped mid-rollout and failing API requests: resumed, and the rollout completes', async () => {
    // A plain-HTTP double behind the fault proxy, so requests can be failed and dropped.
    const plain = await startKubeDouble({ namespaces: [NS], tls: false });
    const proxy = await startFaultProxy(plain.url);
    try {
      const kubeconfig = kubeconfigFor(proxy.url, plain.token);
      const first = await runRollout(sampleManifests({ name: 'dropped', image: v1 }), {
        kubeconfig,
        namespace: NS,
      });
      expect(first.result?.status).toBe('succeeded');
      const lines: string[] = [];
      const watchPath = (_method: string, path: string) => path.includes('watch=true');
      let cut = 0;
      const cutter = setInterval(() => {
        // Once the rollout is being watched: cut every open stream, and fail the reconnections.
        const watching = lines.some((line) => / dropped: (pods|\d\/2 updated)/.test(line));
        const complete = lines.some((line) => line.endsWith('complete'));
        if (cut < 2 && watching && !complete) {
          cut++;
          proxy.inject([
            { drop: true, match: watchPath },
            { status: 500, match: watchPath },
            { status: 503, match: watchPath },
          ]);
          // The second time the history is gone too: resuming gets 410 Gone and lists afresh.
          if (cut === 2) plain.compact();
          plain.dropWatches();
        }
      }, 100);
      const outcome = await runRollout(
        sampleManifests({ name: 'dropped', image: v2 }),
        { kubeconfig, namespace: NS },
        lines,
      );
      clearInterval(cutter);
      if (cut === 0) console.log(lines.join('\n'));
      expect(outcome.error).toBeUndefined();
      expect(outcome.result).toMatchObject({ status: 'succeeded', revision: '2' });
      expect(cut).toBeGreaterThan(0);
      expect(proxy.requests.filter((request) => request.fault).length).toBeGreaterThanOrEqual(3);
      expect(
        lines.some((line) =>
          /watch of \w+ interrupted .*; resuming from resourceVersion \d+/.test(line),
        ),
      ).toBe(true);
      // Reconnections resumed from a resourceVersion instead of listing afresh.
      const resumed = proxy.requests.filter(
        (request) =>
          request.path.includes('watch=true') && /resourceVersion=\d+/.test(request.path),
      );
      expect(resumed.length).toBeGreaterThan(3);
      expect(new Set(await versions(plain.serviceUrl(NS, 'dropped')!, 10))).toEqual(
        new Set(['2.0.0']),
      );
    } finally {
      await proxy.stop();
      await plain.stop();
    }
  });

  test('403: the error names the verb and the resource', async () => {
    const kubeconfig = double.kubeconfig.replace(double.token, READ_ONLY);
    const outcome = await runRollout(sampleManifests({ name: 'forbidden', image: v1 }), {
      kubeconfig,
      namespace: NS,
    });
    expect(outcome.error?.message).toMatch(
      /^app\.yaml:\d+: forbidden: not allowed to patch service\/forbidden in namespace rolling \(HTTP 403\).*; nothing was applied$/,
    );
    expect(outcome.error?.message).not.toContain(READ_ONLY);
  });

  test('a server-side apply conflict names the other field manager; force-conflicts takes the fields over', async () => {
    const manifests = (replicas: number) =>
      sampleManifests({ name: 'conflict', image: v1, replicas });
    const mine = await runRollout(manifests(2), {
      kubeconfig: double.kubeconfig,
      namespace: NS,
      'field-manager': 'helm',
    });
    expect(mine.result?.status).toBe('succeeded');
    const conflict = await runRollout(manifests(3), {
      kubeconfig: double.kubeconfig,
      namespace: NS,
    });
    expect(conflict.error?.message).toMatch(
      /^app\.yaml:1: server-side apply conflict on deployment\/conflict: .*conflict with "helm".*\.spec\.replicas.*set 'force-conflicts: true' to take them over.*; already applied \(left in place\): Service\/conflict$/s,
    );
    const forced = await runRollout(manifests(3), {
      kubeconfig: double.kubeconfig,
      namespace: NS,
      'force-conflicts': 'true',
    });
    expect(forced.error).toBeUndefined();
    expect(forced.result?.status).toBe('succeeded');
  });

  test('StatefulSets and DaemonSets are waited for with kubectl semantics too', async () => {
    const workloads = ['StatefulSet', 'DaemonSet']
      .map(
        (kind) => `apiVersion: apps/v1
kind: ${kind}
metadata: { name: ${kind.toLowerCase()}-x }
spec:
  ${kind === 'StatefulSet' ? 'replicas: 2\n  serviceName: x\n  ' : ''}selector: { matchLabels: { app: ${kind.toLowerCase()}-x } }
  template:
    metadata: { labels: { app: ${kind.toLowerCase()}-x } }
    spec:
      containers: [{ name: app, image: ${v1} }]
`,
      )
      .join('---\n');
    const lines: string[] = [];
    const outcome = await runRollout(
      workloads,
      { kubeconfig: double.kubeconfig, namespace: NS },
      lines,
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.result?.status).toBe('succeeded');
    expect(outcome.result?.resources.map((resource) => [resource.kind, resource.state])).toEqual([
      ['DaemonSet', 'complete'],
      ['StatefulSet', 'complete'],
    ]);
    expect(
      lines.some((line) => line.includes('statefulset-x: ') && line.endsWith('complete')),
    ).toBe(true);
  });
});
