import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { parseChecks, type KubernetesCheck } from '../../../src/post-deploy-verify/checks.js';
import {
  podState,
  watchPods,
  type PodState,
} from '../../../src/post-deploy-verify/kubernetes-check.js';
import { fakeClock } from './fakes.js';

const fixture = (name: string) => {
  const text = readFileSync(`/work/shared/fixtures/kube/${name}`, 'utf8');
  return (name.endsWith('.json') ? JSON.parse(text) : load(text)) as Parameters<typeof podState>[0];
};

const check = (window = '10s') =>
  parseChecks(
    `- name: pods\n  kind: kubernetes\n  deployment: api\n  window: ${window}\n`,
    'test',
    { namespace: 'shop' },
  )[0] as KubernetesCheck;

function watcher(states: (now: number) => PodState[], clock: { now(): number }) {
  const calls: unknown[] = [];
  return {
    calls,
    async pods(target: unknown) {
      calls.push(target);
      return states(clock.now());
    },
  };
}

const pod = (name: string, ready: boolean, restarts = 0, waiting?: string): PodState => ({
  name,
  ready,
  restarts,
  waiting,
});

describe('podState on real pods', () => {
  test('CrashLoopBackOff pod (kind v1.36): not ready, restarts counted, reason kept', () => {
    expect(podState(fixture('pod_crashloopbackoff_kind-v1.36_k8rs.json'))).toMatchObject({
      ready: false,
      restarts: 10,
      waiting: 'CrashLoopBackOff',
    });
  });
  test('ImagePullBackOff pod', () => {
    expect(podState(fixture('pod_imagepullbackoff_gitops-engine.yaml'))).toMatchObject({
      ready: false,
      waiting: 'ImagePullBackOff',
    });
  });
});

describe('watchPods (virtual time)', () => {
  test('pods become ready, stay ready through the window: pass', async () => {
    const clock = fakeClock();
    const start = clock.now();
    const lines: string[] = [];
    const pods = watcher(
      (now) =>
        now - start < 3000
          ? [pod('a', true), pod('b', false, 0, 'ContainerCreating')]
          : [pod('a', true), pod('b', true)],
      clock,
    );
    const outcome = await watchPods(check(), pods, {
      clock,
      deadline: start + 60_000,
      log: (line) => lines.push(line),
    });
    expect(outcome).toMatchObject({ verdict: 'pass', lastStatus: '2/2 ready' });
    expect(clock.now() - start).toBe(13_000);
    expect(pods.calls[0]).toEqual({ namespace: 'shop', deployment: 'api', selector: undefined });
    expect(lines).toEqual([
      'pods: 1/2 ready (ContainerCreating)',
      'pods: 2/2 ready',
      'pods: all 2 pods ready; watching restarts for 10.0s',
    ]);
  });

  test('a restart during the window fails the check', async () => {
    const clock = fakeClock();
    const start = clock.now();
    const pods = watcher((now) => [pod('a', true, now - start > 4000 ? 1 : 0)], clock);
    const outcome = await watchPods(check(), pods, {
      clock,
      deadline: start + 60_000,
      log: () => undefined,
    });
    expect(outcome).toMatchObject({
      verdict: 'fail',
      reason: 'pod a restarted during the window (restarts 0 → 1)',
    });
  });

  test('pods that never become ready fail at the deadline with the reason', async () => {
    const clock = fakeClock();
    const start = clock.now();
    const pods = watcher(() => [pod('a', false, 4, 'CrashLoopBackOff')], clock);
    const outcome = await watchPods(check(), pods, {
      clock,
      deadline: start + 20_000,
      log: () => undefined,
    });
    expect(outcome).toMatchObject({
      verdict: 'fail',
      reason: 'pods not ready at the deadline: 0/1 ready (CrashLoopBackOff)',
    });
    expect(clock.now() - start).toBe(20_000);
  });

  test('the deadline inside the window is inconclusive', async () => {
    const clock = fakeClock();
    const start = clock.now();
    const pods = watcher(() => [pod('a', true)], clock);
    const outcome = await watchPods(check('30s'), pods, {
      clock,
      deadline: start + 10_000,
      log: () => undefined,
    });
    expect(outcome.verdict).toBe('inconclusive');
    expect(outcome.reason).toMatch(/the deadline came 20.0s before the end of the window/);
  });
});
