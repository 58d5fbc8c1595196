/**
 * A tiny Deployment controller for unit tests over FakeKube: on each write of a Deployment it
 * creates (or re-uses) the ReplicaSet of the template, bumps revisions like the real controller,
 * creates Pods whose status the test chooses by image, and sets the Deployment status.
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../../../src/k8s-rollout/kube-client.js';
import type { FakeKube } from './fake-kube.js';

export type PodStatusFor = (image: string) => { ready: boolean; status: Record<string, unknown> };

const REVISION = 'deployment.kubernetes.io/revision';

export function readyStatus(name: string, image: string) {
  return {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [
      { name, image, ready: true, restartCount: 0, state: { running: { startedAt: 'now' } } },
    ],
  };
}

export function installController(kube: FakeKube, podStatusFor: PodStatusFor) {
  kube.onWrite = (object) => {
    if (object.kind !== 'Deployment') return;
    setTimeout(
      () =>
        reconcile(kube, object.metadata.name, object.metadata.namespace ?? 'default', podStatusFor),
      1,
    );
  };
}

function reconcile(kube: FakeKube, name: string, namespace: string, podStatusFor: PodStatusFor) {
  const deployment = kube.find('Deployment', name, namespace);
  if (!deployment) return;
  const template = JSON.parse(JSON.stringify(deployment.spec.template));
  const hash = createHash('sha256').update(JSON.stringify(template)).digest('hex').slice(0, 10);
  const sets = [...kube.objects.values()].filter(
    (object) => object.kind === 'ReplicaSet' && object.metadata.ownerReferences?.[0]?.name === name,
  );
  const maxRevision = Math.max(
    0,
    ...sets.map((set) => Number(set.metadata.annotations?.[REVISION] ?? 0)),
  );
  let current = sets.find((set) => set.metadata.labels?.['pod-template-hash'] === hash);
  const revision =
    current && Number(current.metadata.annotations?.[REVISION]) === maxRevision
      ? maxRevision
      : maxRevision + 1;
  const replicas: number = deployment.spec.replicas ?? 1;
  template.metadata = {
    ...(template.metadata ?? {}),
    labels: { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash },
  };
  current = kube.put({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${name}-${hash}`,
      namespace,
      uid: `uid-rs-${hash}`,
      labels: template.metadata.labels,
      annotations: { [REVISION]: String(revision) },
      ownerReferences: [
        { kind: 'Deployment', name, uid: deployment.metadata.uid, controller: true },
      ],
    },
    spec: { replicas, selector: { matchLabels: template.metadata.labels }, template },
    status: { replicas },
  });
  const image: string = template.spec.containers[0].image;
  const { ready, status } = podStatusFor(image);
  for (let index = 0; index < replicas; index++) {
    kube.put({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${name}-${hash}-${index}`,
        namespace,
        labels: template.metadata.labels,
        creationTimestamp: `2026-01-01T00:00:0${index}Z`,
        ownerReferences: [
          {
            kind: 'ReplicaSet',
            name: current.metadata.name,
            uid: current.metadata.uid,
            controller: true,
          },
        ],
      },
      spec: template.spec,
      status,
    });
  }
  const old = sets.filter((set) => set.metadata.name !== current!.metadata.name);
  if (ready) {
    for (const set of old) {
      kube.put({ ...set, spec: { ...set.spec, replicas: 0 } });
      for (const pod of [...kube.objects.values()].filter(
        (object) =>
          object.kind === 'Pod' && object.metadata.ownerReferences?.[0]?.name === set.metadata.name,
      )) {
        kube.remove('Pod', namespace, pod.metadata.name);
      }
    }
  }
  const oldReplicas = ready ? 0 : old.reduce((sum, set) => sum + (set.spec.replicas ?? 0), 0);
  kube.put({
    ...deployment,
    metadata: {
      ...deployment.metadata,
      annotations: { ...(deployment.metadata.annotations ?? {}), [REVISION]: String(revision) },
    },
    status: {
      observedGeneration: deployment.metadata.generation,
      replicas: replicas + oldReplicas,
      updatedReplicas: replicas,
      availableReplicas: ready ? replicas : oldReplicas,
      readyReplicas: ready ? replicas : oldReplicas,
    },
  } as KubeObject);
}
