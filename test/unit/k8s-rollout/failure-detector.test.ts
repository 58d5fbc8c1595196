import {
  detectFailure,
  failureHeadline,
  podFailure,
  unreadyPod,
} from '../../../src/k8s-rollout/failure-detector.js';
import type { KubeObject } from '../../../src/k8s-rollout/kube-client.js';
import { fixture } from './fixtures.js';

const options = { maxRestarts: 3 };

describe('failure detector on real Pod objects', () => {
  test.each([
    [
      'pod_imagepullbackoff_gitops-engine.yaml',
      'ImagePullBackOff',
      'errimagepullbackoff',
      'Back-off pulling image "gcr.io/heptio-images/ks-guestbook-demo:0.3"',
    ],
    [
      'pod_imagepullbackoff_argo-rollouts-canary.yaml',
      'ImagePullBackOff',
      'canary-demo',
      'Back-off pulling image "argoproj/rollouts-demo:does-not-exist"',
    ],
    [
      'pod_createcontainerconfigerror_kind-v1.36_k8rs.json',
      'CreateContainerConfigError',
      'app',
      'configmap "this-configmap-does-not-exist" not found',
    ],
  ])('%s is fatal: %s', (file, reason, container, message) => {
    const failure = podFailure(fixture(file), options);
    expect(failure).toMatchObject({ reason, container, message });
  });

  test('CrashLoopBackOff names the last exit and the restart count', () => {
    const failure = podFailure(fixture('pod_crashloopbackoff_kind-v1.36_k8rs.json'), options);
    expect(failure?.reason).toBe('CrashLoopBackOff');
    expect(failure?.container).toBe('quitter');
    expect(failure?.restarted).toBe(true);
    expect(failure?.message).toContain('back-off 5m0s restarting failed container=quitter');
    expect(failure?.message).toContain(
      'Error, exit code 1, panic: dial tcp db.payments.svc:5432: connect: connection refused',
    );
    expect(failure?.message).toContain('10 restarts');
  });

  test('the gitops-engine crash loop fixture is fatal too', () => {
    expect(podFailure(fixture('pod_crashloopbackoff_gitops-engine.yaml'), options)?.reason).toBe(
      'CrashLoopBackOff',
    );
  });

  test('a running ready Pod is fine; restarts over the threshold are fatal', () => {
    const pod = fixture('pod_crashloopbackoff_kind-v1.36_k8rs.json');
    const status = pod.status.containerStatuses[0];
    status.state = { running: { startedAt: '2026-08-20T23:10:00Z' } };
    status.ready = true;
    status.restartCount = 1;
    expect(podFailure(pod, options)).toBeUndefined();
    status.restartCount = 4;
    const failure = podFailure(pod, options);
    expect(failure?.reason).toBe('RestartsOverThreshold');
    expect(failure?.message).toContain('4 restarts (more than max-restarts 3)');
  });

  test('OOMKilled in the last state is fatal even while running again', () => {
    const pod = fixture('pod_crashloopbackoff_kind-v1.36_k8rs.json');
    const status = pod.status.containerStatuses[0];
    status.state = { running: {} };
    status.restartCount = 1;
    status.lastState.terminated.reason = 'OOMKilled';
    status.lastState.terminated.exitCode = 137;
    const failure = podFailure(pod, options);
    expect(failure?.reason).toBe('OOMKilled');
    expect(failure?.message).toContain('exit code 137');
  });

  test('ErrImagePull is fatal at once only for a definite answer; a network hiccup waits for ImagePullBackOff', () => {
    const pod = fixture('pod_imagepullbackoff_gitops-engine.yaml');
    const waiting = pod.status.containerStatuses[0].state.waiting;
    waiting.reason = 'ErrImagePull';
    waiting.message =
      'Error response from daemon: manifest for 127.0.0.1:5000/oasis/sample:nope not found: manifest unknown';
    expect(podFailure(pod, options)?.reason).toBe('ErrImagePull');
    waiting.message = 'rpc error: code = Unknown desc = dial tcp 10.0.0.1:443: i/o timeout';
    expect(podFailure(pod, options)).toBeUndefined();
  });

  test('Unschedulable Pods are fatal', () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'api-1' },
      status: {
        phase: 'Pending',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: '0/1 nodes are available: 1 Insufficient cpu.',
          },
        ],
      },
    };
    expect(podFailure(pod, options)).toMatchObject({
      reason: 'Unschedulable',
      message: '0/1 nodes are available: 1 Insufficient cpu.',
    });
  });

  test('detectFailure skips terminating Pods and reports the oldest failing one', () => {
    const a = fixture('pod_imagepullbackoff_gitops-engine.yaml');
    const b = fixture('pod_imagepullbackoff_argo-rollouts-canary.yaml');
    expect(detectFailure([b, a], options)?.pod).toBe(a.metadata.name); // created 2019-04, before b
  });

  test('headline names workload, resource, container, reason and message', () => {
    const failure = podFailure(
      fixture('pod_createcontainerconfigerror_kind-v1.36_k8rs.json'),
      options,
    )!;
    expect(failureHeadline('Deployment/api', failure)).toBe(
      'Deployment/api: Pod/broken-config container app: CreateContainerConfigError: configmap "this-configmap-does-not-exist" not found',
    );
  });

  test('unreadyPod finds a running container that is not ready', () => {
    const pod = fixture('pod_crashloopbackoff_kind-v1.36_k8rs.json');
    pod.status.containerStatuses[0].state = { running: {} };
    expect(unreadyPod([pod])?.metadata.name).toBe('broken-crashloop');
  });
});
