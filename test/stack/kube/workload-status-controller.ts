// StatefulSets and DaemonSets at the status level: after a spec change the status reports the
// rollout in progress, then complete (observedGeneration, ready/updated counts, revisions).
import type { Api } from './api.js';
import { byKind } from './resources.js';
import { deepEqual, type KubeObject } from './types.js';
import { WorkQueue } from './work-queue.js';
import { podTemplateHash } from './workload.js';

const STS = byKind('StatefulSet');
const DS = byKind('DaemonSet');
const ING = byKind('Ingress');

export class WorkloadStatusController {
  private readonly queue: WorkQueue;
  private readonly unsubscribe: () => void;
  private readonly progressAt = new Map<string, number>();

  constructor(
    private readonly api: Api,
    private readonly settleMs = 300,
  ) {
    this.queue = new WorkQueue('workload-status', (key) => this.reconcile(key));
    this.unsubscribe = api.store.subscribe((e) => {
      if (e.rt === STS || e.rt === DS)
        this.queue.add(`${e.rt.kind}/${e.object.metadata.namespace}/${e.object.metadata.name}`);
      // An ingress controller on the node: every Ingress gets the loopback address.
      if (e.rt === ING && e.type !== 'DELETED' && !e.object.status?.loadBalancer?.ingress) {
        setImmediate(() => {
          const ing = api.store.get(ING, e.object.metadata.namespace, e.object.metadata.name!);
          if (!ing || ing.status?.loadBalancer?.ingress) return;
          ing.status = { loadBalancer: { ingress: [{ ip: '127.0.0.1' }] } };
          api.store.update(ING, ing);
        });
      }
    });
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  private reconcile(key: string): number | void {
    const [kind, ns, name] = key.split('/');
    const rt = kind === 'StatefulSet' ? STS : DS;
    const obj = this.api.store.get(rt, ns, name);
    if (!obj) return;
    const gen = obj.metadata.generation ?? 1;
    const revision = `${name}-${podTemplateHash(obj.spec?.template)}`;
    const genKey = `${key}@${gen}`;
    if (!this.progressAt.has(genKey)) this.progressAt.set(genKey, Date.now() + this.settleMs);
    const done = Date.now() >= this.progressAt.get(genKey)!;
    const status =
      kind === 'StatefulSet'
        ? this.statefulSetStatus(obj, revision, done)
        : this.daemonSetStatus(obj, done);
    if (!deepEqual(status, obj.status)) {
      obj.status = status;
      this.api.store.update(rt, obj);
    }
    return done ? undefined : this.progressAt.get(genKey)! - Date.now();
  }

  private statefulSetStatus(sts: KubeObject, revision: string, done: boolean) {
    const replicas = sts.spec?.replicas ?? 1;
    const previous = sts.status?.currentRevision ?? revision;
    const updated = done ? replicas : Math.max(0, replicas - 1);
    return {
      observedGeneration: sts.metadata.generation,
      replicas,
      readyReplicas: updated,
      currentReplicas: done ? replicas : replicas - updated,
      updatedReplicas: updated,
      availableReplicas: updated,
      currentRevision: done ? revision : previous,
      updateRevision: revision,
      collisionCount: 0,
    };
  }

  private daemonSetStatus(ds: KubeObject, done: boolean) {
    return {
      observedGeneration: ds.metadata.generation,
      currentNumberScheduled: 1,
      desiredNumberScheduled: 1,
      numberMisscheduled: 0,
      numberReady: done ? 1 : 0,
      numberAvailable: done ? 1 : 0,
      ...(done ? {} : { numberUnavailable: 1 }),
      updatedNumberScheduled: done ? 1 : 0,
    };
  }
}
