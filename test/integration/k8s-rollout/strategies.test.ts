/**
 * k8s-rollout strategies on the kube double, judged by real HTTP through the Service ports:
 * blue-green (switch, rollback, scale-down after keep-previous) and canary by replica ratio.
 */
import { jest } from '@jest/globals';
import { startKubeDouble, type KubeDouble } from '../../stack/kube/index.js';
import { byKind } from '../../stack/kube/resources.js';
import { env, runRollout, sampleManifests, startProber, versions } from './helpers.js';

jest.setTimeout(300_000);

const NS = 'strategies';

function timeOf(lines: string[], text: string): number {
  const line = lines.find((entry) => entry.includes(text));
  if (!line) throw new Error(`no line with ${text}:\n${lines.join('\n')}`);
  return Date.parse(line.slice(0, 24));
}

describe('k8s-rollout strategies on the kube double', () => {
  let double: KubeDouble;
  let v1: string;
  let v2: string;
  beforeAll(async () => {
    double = await startKubeDouble({ namespaces: [NS] });
    v1 = env('OASIS_SAMPLE_V1');
    v2 = env('OASIS_SAMPLE_V2');
  });
  afterAll(async () => {
    await double?.stop();
  });
  const run = (manifests: string, inputs: Record<string, string>, lines: string[] = []) =>
    runRollout(manifests, { kubeconfig: double.kubeconfig, namespace: NS, ...inputs }, lines);

  test('blue-green: v1 before the switch, v2 after, no failed request; rollback the same way; previous colour scaled down', async () => {
    const bg = { strategy: 'blue-green', 'keep-previous': '3s', 'check-paths': '/health,/ready' };
    const first = await run(sampleManifests({ name: 'bg', image: v1 }), bg);
    expect(first.error).toBeUndefined();
    expect(first.result).toMatchObject({
      status: 'succeeded',
      activeColor: 'blue',
      previousColor: '',
    });
    const url = double.serviceUrl(NS, 'bg')!;
    expect(new Set(await versions(url, 10))).toEqual(new Set(['1.0.0']));

    const prober = startProber(() => url);
    const lines: string[] = [];
    // Pre-switch checks in the post-deploy-verify format, run against the preview (green = v2).
    const checks = [
      'checks:',
      '  - name: preview is healthy',
      '    url: /health',
      '    expect: { status: 200, json: [{ path: status, equals: healthy }] }',
      '  - name: preview runs the new version',
      '    url: /version',
      '    expect: { body-contains: "2.0.0" }',
    ].join('\n');
    const second = await run(sampleManifests({ name: 'bg', image: v2 }), { ...bg, checks }, lines);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const records = await prober.stop();
    expect(second.error).toBeUndefined();
    expect(second.result).toMatchObject({
      status: 'succeeded',
      activeColor: 'green',
      previousColor: 'blue',
      previousImage: v1,
    });
    expect(second.result!.previewUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const switched = timeOf(lines, 'traffic switched: Service/bg blue → green');
    const applying = timeOf(lines, 'pre-switch checks against green');
    expect(records.filter((record) => !record.ok)).toEqual([]);
    const before = records.filter((record) => record.end < applying);
    const after = records.filter((record) => record.start > switched);
    expect(before.length).toBeGreaterThan(3);
    expect(after.length).toBeGreaterThan(3);
    expect(new Set(before.map((record) => record.body))).toEqual(new Set(['1.0.0']));
    expect(new Set(after.map((record) => record.body))).toEqual(new Set(['2.0.0']));
    // The kept colour ran for keep-previous, then went to zero.
    const blue = double.api.store.get(byKind('Deployment'), NS, 'bg-blue')!;
    expect(blue.spec.replicas).toBe(0);
    expect(lines.some((line) => line.includes('scaled Deployment/bg-blue to 0'))).toBe(true);

    const rollbackProber = startProber(() => url);
    const rollbackLines: string[] = [];
    const rollback = await run(
      sampleManifests({ name: 'bg', image: v2 }),
      { ...bg, action: 'rollback' },
      rollbackLines,
    );
    // Keep probing a moment: the step may return right after the switch.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const rollbackRecords = await rollbackProber.stop();
    expect(rollback.error).toBeUndefined();
    expect(rollback.result).toMatchObject({
      status: 'rolled-back',
      activeColor: 'blue',
      previousColor: 'green',
    });
    const back = timeOf(rollbackLines, 'traffic switched: Service/bg green → blue');
    expect(rollbackRecords.filter((record) => !record.ok)).toEqual([]);
    expect(
      new Set(
        rollbackRecords.filter((record) => record.end < back - 200).map((record) => record.body),
      ),
    ).toEqual(new Set(['2.0.0']));
    expect(
      new Set(rollbackRecords.filter((record) => record.start > back).map((record) => record.body)),
    ).toEqual(new Set(['1.0.0']));
    expect(new Set(await versions(url, 10))).toEqual(new Set(['1.0.0']));

    // cleanup removes the idle colour; a rollback to it is then a clear error.
    const cleanup = await run(sampleManifests({ name: 'bg', image: v2 }), {
      ...bg,
      action: 'cleanup',
    });
    expect(cleanup.result?.status).toBe('succeeded');
    const gone = await run(sampleManifests({ name: 'bg', image: v2 }), {
      ...bg,
      action: 'rollback',
    });
    expect(gone.error?.message).toBe(
      'cannot roll back to green: Deployment/bg-green is gone (removed by cleanup); deploy the previous image instead',
    );
  });

  test('blue-green: a failing new version never gets traffic', async () => {
    const bg = { strategy: 'blue-green', 'keep-previous': '0s' };
    await run(sampleManifests({ name: 'bgf', image: v1 }), bg);
    const outcome = await run(
      sampleManifests({ name: 'bgf', image: env('OASIS_SAMPLE_CRASHLOOP') }),
      bg,
    );
    expect(outcome.result?.status).toBe('rolled-back');
    expect(outcome.result?.activeColor).toBe('blue');
    expect(outcome.result?.error?.split('\n')[0]).toMatch(
      /^Deployment\/bgf-green: Pod\/\S+ container app: (CrashLoopBackOff|RestartsOverThreshold): /,
    );
    expect(new Set(await versions(double.serviceUrl(NS, 'bgf')!, 10))).toEqual(new Set(['1.0.0']));
    // A failing pre-switch check (post-deploy-verify format) keeps the traffic where it is.
    const checks =
      'checks:\n  - name: preview runs 9.9.9\n    url: /version\n    expect: { body-contains: "9.9.9" }\n    timeout: 2s';
    const checked = await run(sampleManifests({ name: 'bgf', image: v2 }), {
      ...bg,
      checks,
      timeout: '20s',
    });
    expect(checked.error).toBeUndefined();
    expect(checked.result).toMatchObject({
      status: 'rolled-back',
      failedReason: 'CheckFailed',
      activeColor: 'blue',
    });
    expect(checked.result!.error!.split('\n')[0]).toMatch(
      /^Deployment\/bgf-green: CheckFailed: pre-switch checks on green: preview runs 9\.9\.9 fail: /,
    );
    expect(new Set(await versions(double.serviceUrl(NS, 'bgf')!, 10))).toEqual(new Set(['1.0.0']));
  });

  test('canary at 25 % over 400 requests is within the binomial band; abort leaves 100 % v1; promote gives 100 % v2', async () => {
    const canary = { strategy: 'canary', steps: '25', 'step-pause': '0s' };
    const base = await run(sampleManifests({ name: 'cn', image: v1, replicas: 3 }), canary);
    expect(base.result?.status).toBe('succeeded');
    const held = await run(sampleManifests({ name: 'cn', image: v2, replicas: 3 }), canary);
    expect(held.error).toBeUndefined();
    expect(held.result).toMatchObject({ status: 'paused', canaryWeight: 25 });
    const url = double.serviceUrl(NS, 'cn')!;
    const answers = await versions(url, 400);
    const share = answers.filter((answer) => answer === '2.0.0').length;
    // 1 canary next to 3 stable pods: p = 0.25, n = 400, σ ≈ 8.66; ±4σ.
    expect(share).toBeGreaterThanOrEqual(100 - 35);
    expect(share).toBeLessThanOrEqual(100 + 35);
    expect(answers.filter((answer) => answer !== '1.0.0' && answer !== '2.0.0')).toEqual([]);

    const aborted = await run(sampleManifests({ name: 'cn', image: v2, replicas: 3 }), {
      ...canary,
      action: 'abort',
    });
    expect(aborted.result).toMatchObject({ status: 'aborted', canaryWeight: 0 });
    expect(new Set(await versions(url, 40))).toEqual(new Set(['1.0.0']));

    await run(sampleManifests({ name: 'cn', image: v2, replicas: 3 }), canary);
    const promoted = await run(sampleManifests({ name: 'cn', image: v2, replicas: 3 }), {
      ...canary,
      action: 'promote',
    });
    expect(promoted.error).toBeUndefined();
    expect(promoted.result).toMatchObject({ status: 'succeeded', canaryWeight: 100 });
    expect(double.api.store.get(byKind('Deployment'), NS, 'cn-canary')).toBeUndefined();
    // Pods of the removed canary may take a moment to terminate; then everything is v2.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(new Set(await versions(url, 40))).toEqual(new Set(['2.0.0']));

    const nothing = await run(sampleManifests({ name: 'cn', image: v2, replicas: 3 }), {
      ...canary,
      action: 'promote',
    });
    expect(nothing.error?.message).toBe(
      `nothing to promote: there is no canary (Deployment/cn-canary does not exist in namespace ${NS})`,
    );
  });

  test('canary: a failing check between steps aborts, stable untouched', async () => {
    const canary = {
      strategy: 'canary',
      steps: '25,50,100',
      'step-pause': '0s',
      'check-paths': '/status/503',
    };
    await run(sampleManifests({ name: 'cnf', image: v1, replicas: 2 }), canary);
    const outcome = await run(sampleManifests({ name: 'cnf', image: v2, replicas: 2 }), canary);
    expect(outcome.result).toMatchObject({ status: 'aborted', failedReason: 'CheckFailed' });
    expect(outcome.result!.error!.split('\n')[0]).toBe(
      'Deployment/cnf-canary: CheckFailed: canary checks at 33%: GET /status/503 failed after 3 attempts: HTTP 503',
    );
    expect(double.api.store.get(byKind('Deployment'), NS, 'cnf-canary')).toBeUndefined();
    const stable = double.api.store.get(byKind('Deployment'), NS, 'cnf')!;
    expect(stable.spec.template.spec.containers[0].image).toBe(v1);
  });
});
