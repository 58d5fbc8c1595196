import {
  daemonSetProgress,
  deploymentProgress,
  newReplicaSet,
  selectorString,
  statefulSetProgress,
} from '../../../src/k8s-rollout/rollout-status.js';
import { fixture, fixtureItems } from './fixtures.js';

describe('kubectl rollout status semantics on real Deployment objects', () => {
  test('a healthy Deployment is complete', () => {
    const progress = deploymentProgress(fixture('deployment_healthy_k9s.json'));
    expect(progress.done).toBe(true);
    expect(progress.failed).toBeUndefined();
  });

  test('a Deployment mid-rollout is waiting, with one progress line', () => {
    const progress = deploymentProgress(
      fixture('deployment_mid-rollout_progressing_gitops-engine.yaml'),
    );
    expect(progress.done).toBe(false);
    expect(progress.line).toMatch(/: 1\/1 updated, \d+ available, 1 old$/);
  });

  test('ProgressDeadlineExceeded fails with the condition message', () => {
    const progress = deploymentProgress(
      fixture('deployment_progress-deadline-exceeded_gitops-engine.yaml'),
    );
    expect(progress.failed?.reason).toBe('ProgressDeadlineExceeded');
    expect(progress.failed?.message).toContain('has timed out progressing');
  });

  test('the kind v1.36 list: healthy ones done, broken-rollout waiting, broken-quota failed', () => {
    const byName = Object.fromEntries(
      fixtureItems('deployments-list_kind-v1.36_k8rs.json').map((item) => [
        item.metadata.name,
        deploymentProgress(item),
      ]),
    );
    expect(byName['healthy-deploy'].done).toBe(true);
    expect(byName.coredns.done).toBe(true);
    expect(byName['broken-rollout']).toMatchObject({ done: false });
    expect(byName['broken-rollout'].line).toBe('broken-rollout: 1/2 updated, 2 available, 2 old');
    expect(byName['broken-quota'].failed?.reason).toBe('ProgressDeadlineExceeded');
    expect(byName['broken-owned']).toMatchObject({ done: false });
  });

  test('ReplicaFailure (pods forbidden by a quota) is fatal with the API message', () => {
    const quota = fixtureItems('deployments-list_kind-v1.36_k8rs.json').find(
      (item) => item.metadata.name === 'broken-quota',
    )!;
    quota.status.conditions = quota.status.conditions.filter(
      (entry: { reason: string }) => entry.reason !== 'ProgressDeadlineExceeded',
    );
    expect(deploymentProgress(quota).failed).toEqual({
      reason: 'FailedCreate',
      message:
        'pods "broken-quota-59654c756-wzr9s" is forbidden: exceeded quota: deny-all-pods, requested: pods=1, used: pods=0, limited: pods=0',
    });
  });

  test('a spec change not yet observed is waiting', () => {
    const deployment = fixture('deployment_healthy_k9s.json');
    deployment.metadata.generation = (deployment.status.observedGeneration ?? 1) + 1;
    expect(deploymentProgress(deployment)).toMatchObject({ done: false });
  });

  test('newReplicaSet picks the ReplicaSet of the current revision', () => {
    const deployment = fixture('deployment_healthy_k9s.json');
    const set = fixture('replicaset_revision-annotation_k9s.json');
    set.metadata.ownerReferences![0].uid = deployment.metadata.uid;
    const older = JSON.parse(JSON.stringify(set));
    older.metadata.name = 'older';
    older.metadata.annotations['deployment.kubernetes.io/revision'] = '0';
    expect(newReplicaSet(deployment, [older, set])?.metadata.name).toBe('icx-db-7d4b578979');
  });

  test('StatefulSet and DaemonSet', () => {
    const base = { apiVersion: 'apps/v1', metadata: { name: 'db', generation: 2 } };
    expect(
      statefulSetProgress({
        ...base,
        kind: 'StatefulSet',
        spec: { replicas: 2 },
        status: {
          observedGeneration: 2,
          readyReplicas: 2,
          updatedReplicas: 2,
          currentRevision: 'a',
          updateRevision: 'b',
        },
      }).done,
    ).toBe(false);
    expect(
      statefulSetProgress({
        ...base,
        kind: 'StatefulSet',
        spec: { replicas: 2 },
        status: {
          observedGeneration: 2,
          readyReplicas: 2,
          updatedReplicas: 2,
          currentRevision: 'b',
          updateRevision: 'b',
        },
      }).done,
    ).toBe(true);
    expect(
      daemonSetProgress({
        ...base,
        kind: 'DaemonSet',
        spec: {},
        status: {
          observedGeneration: 2,
          desiredNumberScheduled: 3,
          updatedNumberScheduled: 3,
          numberAvailable: 2,
        },
      }).done,
    ).toBe(false);
  });

  test('selectorString', () => {
    expect(selectorString({ matchLabels: { app: 'api', tier: 'web' } })).toBe('app=api,tier=web');
  });
});
