// The ReplicaSet controller: keeps spec.replicas active pods (with ownerReferences), deletes
// the least useful ones first, and reports replicas/ready/available in status.
import type { Api } from './api.js';
import type { EventRecorder } from './events.js';
import { byKind } from './resources.js';
import { matchesSelector } from './selectors.js';
import { clone, deepEqual, type KubeObject } from './types.js';
import { WorkQueue } from './work-queue.js';
import {
  controllerRef,
  isControlledBy,
  isPodActive,
  isPodReady,
  ownerRefTo,
  podAvailability,
} from './workload.js';

const RS = byKind('ReplicaSet');
const POD = byKind('Pod');

/** Lower sorts first = deleted first: unscheduled, pending, not ready, more restarts, newer. */
function deletionRank(a: KubeObject, b: KubeObject): number {
  const scheduled = (p: KubeObject) => (p.spec?.nodeName ? 1 : 0);
  const phase = (p: KubeObject) =>
    ({ Pending: 0, Unknown: 1, Running: 2 })[p.status?.phase as string] ?? 1;
  const ready = (p: KubeObject) => (isPodReady(p) ? 1 : 0);
  const restarts = (p: KubeObject) =>
    (p.status?.containerStatuses ?? []).reduce(
      (n: number, c: { restartCount?: number }) => n + (c.restartCount ?? 0),
      0,
    );
  return (
    scheduled(a) - scheduled(b) ||
    phase(a) - phase(b) ||
    ready(a) - ready(b) ||
    restarts(b) - restarts(a) ||
    (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') ||
    (b.metadata.name ?? '').localeCompare(a.metadata.name ?? '')
  );
}

export class ReplicaSetController {
  readonly queue: WorkQueue;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly api: Api,
    private readonly events: EventRecorder,
    /** Called after a ReplicaSet's status changes, so the owner's controller can react. */
    private readonly onOwnerChange: (owner: {
      kind: string;
      namespace: string;
      name: string;
    }) => void,
  ) {
    this.queue = new WorkQueue('replicaset-controller', (key) => this.reconcile(key));
    this.unsubscribe = api.store.subscribe((e) => {
      if (e.rt === RS) {
        this.queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
        const owner = controllerRef(e.object);
        if (owner)
          this.onOwnerChange({
            kind: owner.kind,
            namespace: e.object.metadata.namespace!,
            name: owner.name,
          });
      } else if (e.rt === POD) {
        const owner =
          controllerRef(e.object) ?? (e.previous ? controllerRef(e.previous) : undefined);
        if (owner?.kind === 'ReplicaSet')
          this.queue.add(`${e.object.metadata.namespace}/${owner.name}`);
      }
    });
    for (const rs of api.store.list(RS))
      this.queue.add(`${rs.metadata.namespace}/${rs.metadata.name}`);
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  private reconcile(key: string): number | void {
    const [ns, name] = key.split('/');
    const rs = this.api.store.get(RS, ns, name);
    if (!rs || rs.metadata.deletionTimestamp) return;
    const pods = this.api.store.list(POD, ns).filter((p) => isControlledBy(p, rs));
    const active = pods.filter(isPodActive);
    const want = rs.spec?.replicas ?? 1;
    const diff = active.length - want;
    if (diff < 0) {
      for (let i = 0; i < -diff; i++) {
        const template = clone(rs.spec.template ?? {});
        const pod = this.api.create(POD, ns, {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            generateName: `${name}-`,
            namespace: ns,
            labels: template.metadata?.labels,
            annotations: template.metadata?.annotations,
            ownerReferences: [ownerRefTo(rs)],
          },
          spec: template.spec,
        });
        active.push(pod);
        this.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
      }
    } else if (diff > 0) {
      const victims = [...active].sort(deletionRank).slice(0, diff);
      for (const pod of victims) {
        try {
          this.api.delete(POD, ns, pod.metadata.name!);
        } catch {
          /* already gone */
        }
        this.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      }
    }
    // Adopt orphans matching the selector (as the controller does), so hand-made pods count.
    for (const p of this.api.store.list(POD, ns)) {
      if (
        !controllerRef(p) &&
        isPodActive(p) &&
        matchesSelector(p.metadata.labels, rs.spec?.selector)
      ) {
        p.metadata.ownerReferences = [...(p.metadata.ownerReferences ?? []), ownerRefTo(rs)];
        this.api.store.update(POD, p);
      }
    }

    const current = this.api.store
      .list(POD, ns)
      .filter((p) => isControlledBy(p, rs) && isPodActive(p));
    const minReady = rs.spec?.minReadySeconds ?? 0;
    let nextCheck: number | undefined;
    let ready = 0;
    let available = 0;
    for (const p of current) {
      if (isPodReady(p)) ready++;
      const a = podAvailability(p, minReady);
      if (a.available) available++;
      else if (a.inMs !== undefined) nextCheck = Math.min(nextCheck ?? Infinity, a.inMs);
    }
    const labeled = current.filter((p) =>
      matchesSelector(p.metadata.labels, { matchLabels: rs.spec?.template?.metadata?.labels }),
    ).length;
    const status: Record<string, unknown> = { replicas: current.length };
    if (labeled) status.fullyLabeledReplicas = labeled;
    if (ready) status.readyReplicas = ready;
    if (available) status.availableReplicas = available;
    status.observedGeneration = rs.metadata.generation;
    const terminating = this.api.store
      .list(POD, ns)
      .filter((p) => isControlledBy(p, rs) && p.metadata.deletionTimestamp).length;
    status.terminatingReplicas = terminating;
    if (rs.status?.conditions) status.conditions = rs.status.conditions;
    if (!deepEqual(status, rs.status)) {
      const fresh = this.api.store.get(RS, ns, name);
      if (fresh) {
        fresh.status = status;
        this.api.store.update(RS, fresh);
      }
    }
    return nextCheck;
  }
}
