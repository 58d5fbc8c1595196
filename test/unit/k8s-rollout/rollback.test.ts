import { createMergePatch, templateOf } from '../../../src/k8s-rollout/rollback.js';
import { applyMergePatch } from './fake-kube.js';
import { fixture } from './fixtures.js';

describe('rollback pieces', () => {
  test('templateOf drops the pod-template-hash label, as kubectl rollout undo does', () => {
    const template = templateOf(fixture('replicaset_revision-annotation_k9s.json')) as {
      metadata: { labels: Record<string, string> };
    };
    expect(template.metadata.labels).toEqual({ app: 'icx-db' });
  });

  test('createMergePatch turns one template into another exactly', () => {
    const current = {
      metadata: { labels: { app: 'api', version: 'v2' }, annotations: { restartedAt: 'now' } },
      spec: {
        containers: [{ name: 'app', image: 'api:v2', env: [{ name: 'A', value: '1' }] }],
        nodeSelector: { disk: 'ssd' },
      },
    };
    const target = {
      metadata: { labels: { app: 'api' } },
      spec: { containers: [{ name: 'app', image: 'api:v1' }] },
    };
    const patch = createMergePatch(current, target);
    expect(patch).toEqual({
      metadata: { labels: { version: null }, annotations: null },
      spec: { containers: [{ name: 'app', image: 'api:v1' }], nodeSelector: null },
    });
    expect(applyMergePatch(current, patch)).toEqual(target);
  });
});

describe('server-side apply conflicts', () => {
  test('conflictManagers reads the managers out of the API message', async () => {
    const { conflictManagers } = await import('../../../src/k8s-rollout/kube-client.js');
    expect(
      conflictManagers(
        'Apply failed with 2 conflicts: conflict with "kubectl-edit" using apps/v1: .spec.replicas, conflict with "helm" using apps/v1: .spec.template',
      ),
    ).toEqual(['kubectl-edit', 'helm']);
    expect(conflictManagers(undefined)).toEqual([]);
  });
});
