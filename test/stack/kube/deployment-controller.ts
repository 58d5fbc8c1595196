// The Deployment controller: one ReplicaSet per pod template (pod-template-hash), revisions,
// RollingUpdate (maxSurge/maxUnavailable) and Recreate, status counts, and the Available and
// Progressing conditions with the reasons a real cluster uses, ProgressDeadlineExceeded included.
import type { Api } from './api.js';
import type { EventRecorder } from './events.js';
import { byKind } from './resources.js';
import { clone, deepEqual, type KubeObject } from './types.js';
import { WorkQueue } from './work-queue.js';
import {
  REVISION,
  controllerRef,
  intOrPercent,
  isControlledBy,
  isPodActive,
  ownerRefTo,
  podTemplateHash,
  revisionOf,
  templatesEqualIgnoringHash,
  timestamp,
} from './workload.js';

const DEPLOY = byKind('Deployment');
const RS = byKind('ReplicaSet');
const POD = byKind('Pod');
const HASH = 'pod-template-hash';

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
}

const replicasOf = (rs: KubeObject) => rs.spec?.replicas ?? 0;

export function rollingParams(d: KubeObject): { maxSurge: number; maxUnavailable: number } {
  const replicas = d.spec?.replicas ?? 1;
  if (d.spec?.strategy?.type === 'Recreate') return { maxSurge: 0, maxUnavailable: replicas };
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  let maxSurge = intOrPercent(ru.maxSurge ?? '25%', replicas, true);
  let maxUnavailable = intOrPercent(ru.maxUnavailable ?? '25%', replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  maxSurge = Math.max(0, maxSurge);
  maxUnavailable = Math.min(Math.max(0, maxUnavailable), replicas);
  return { maxSurge, maxUnavailable };
}

export class DeploymentController {
  readonly queue: WorkQueue;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly api: Api,
    private readonly events: EventRecorder,
  ) {
    this.queue = new WorkQueue('deployment-controller', (key) => this.reconcile(key));
    this.unsubscribe = api.store.subscribe((e) => {
      if (e.rt === DEPLOY)
        this.queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
      if (e.rt === POD && e.type === 'DELETED') {
        // Recreate waits for old pods to be gone: look at the pod's ReplicaSet owner's owner.
        const rsRef = controllerRef(e.object);
        if (rsRef?.kind === 'ReplicaSet') {
          const rs = api.store.get(RS, e.object.metadata.namespace, rsRef.name);
          const d = rs && controllerRef(rs);
          if (d?.kind === 'Deployment') this.queue.add(`${e.object.metadata.namespace}/${d.name}`);
        }
      }
    });
    for (const d of api.store.list(DEPLOY))
      this.queue.add(`${d.metadata.namespace}/${d.metadata.name}`);
  }

  ownerChanged(owner: { kind: string; namespace: string; name: string }): void {
    if (owner.kind === 'Deployment') this.queue.add(`${owner.namespace}/${owner.name}`);
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  private scaleRS(d: KubeObject, rs: KubeObject, to: number): KubeObject {
    const from = replicasOf(rs);
    if (from === to) return rs;
    const next = clone(rs);
    next.spec.replicas = to;
    const { maxSurge } = rollingParams(d);
    next.metadata.annotations = {
      ...(next.metadata.annotations ?? {}),
      'deployment.kubernetes.io/desired-replicas': String(d.spec?.replicas ?? 1),
      'deployment.kubernetes.io/max-replicas': String((d.spec?.replicas ?? 1) + maxSurge),
    };
    const stored = this.api.store.update(RS, next);
    this.events.record(
      d,
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`,
    );
    return stored;
  }

  private reconcile(key: string): number | void {
    const [ns, name] = key.split('/');
    const d = this.api.store.get(DEPLOY, ns, name);
    if (!d || d.metadata.deletionTimestamp) return;
    const replicas: number = d.spec?.replicas ?? 1;
    const allRS = this.api.store.list(RS, ns).filter((rs) => isControlledBy(rs, d));
    let newRS = allRS
      .filter((rs) => templatesEqualIgnoringHash(rs.spec?.template, d.spec?.template))
      .sort((a, b) =>
        (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''),
      )[0];
    const oldRSs = allRS.filter((rs) => rs !== newRS);
    const maxOldRevision = Math.max(0, ...oldRSs.map((rs) => revisionOf(rs)));
    const newRevision = String(maxOldRevision + 1);
    const conditions: Condition[] = clone(d.status?.conditions ?? []);
    const setCondition = (c: Omit<Condition, 'lastUpdateTime' | 'lastTransitionTime'>) => {
      const ts = timestamp();
      const i = conditions.findIndex((x) => x.type === c.type);
      const prev = conditions[i];
      if (
        prev &&
        prev.status === c.status &&
        prev.reason === c.reason &&
        prev.message === c.message
      )
        return;
      const cond: Condition = {
        ...c,
        lastUpdateTime: ts,
        lastTransitionTime: prev && prev.status === c.status ? prev.lastTransitionTime : ts,
      };
      if (i >= 0) conditions[i] = cond;
      else conditions.push(cond);
    };
    const paused = !!d.spec?.paused;
    const recreate = d.spec?.strategy?.type === 'Recreate';
    const { maxSurge, maxUnavailable } = rollingParams(d);

    // Revision bookkeeping on an existing new ReplicaSet (e.g. after a rollback to it).
    if (newRS && revisionOf(newRS) < Number(newRevision)) {
      const next = clone(newRS);
      // The revisions this ReplicaSet had before, as the controller keeps them.
      const before = next.metadata.annotations?.[REVISION];
      const history = [
        next.metadata.annotations?.['deployment.kubernetes.io/revision-history'],
        before,
      ]
        .filter((x) => x && x !== '0')
        .join(',');
      next.metadata.annotations = {
        ...(next.metadata.annotations ?? {}),
        [REVISION]: newRevision,
        ...(history ? { 'deployment.kubernetes.io/revision-history': history } : {}),
      };
      newRS = this.api.store.update(RS, next);
    }
    if (newRS && !conditions.some((c) => c.type === 'Progressing') && !paused) {
      setCondition({
        type: 'Progressing',
        status: 'True',
        reason: 'FoundNewReplicaSet',
        message: `Found new replica set "${newRS.metadata.name}"`,
      });
    }

    const oldPodsRunning = () =>
      this.api.store
        .list(POD, ns)
        .some(
          (p) =>
            oldRSs.some((rs) => isControlledBy(p, rs)) &&
            p.status?.phase !== 'Succeeded' &&
            p.status?.phase !== 'Failed',
        );

    const createNewRS = (initial: number) => {
      const hash = podTemplateHash(d.spec.template, d.status?.collisionCount ?? 0);
      const template = clone(d.spec.template);
      template.metadata = { ...(template.metadata ?? {}) };
      template.metadata.labels = { ...(template.metadata.labels ?? {}), [HASH]: hash };
      const selector = clone(d.spec.selector);
      selector.matchLabels = { ...(selector.matchLabels ?? {}), [HASH]: hash };
      const annotations: Record<string, string> = {};
      for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
        if (k !== REVISION && k !== 'kubectl.kubernetes.io/last-applied-configuration')
          annotations[k] = v;
      }
      annotations['deployment.kubernetes.io/desired-replicas'] = String(replicas);
      annotations['deployment.kubernetes.io/max-replicas'] = String(replicas + maxSurge);
      annotations[REVISION] = newRevision;
      const rs = this.api.create(RS, ns, {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `${name}-${hash}`,
          namespace: ns,
          labels: template.metadata.labels,
          annotations,
          ownerReferences: [ownerRefTo(d)],
        },
        spec: { replicas: initial, minReadySeconds: d.spec.minReadySeconds, selector, template },
      });
      if (initial > 0) {
        this.events.record(
          d,
          'Normal',
          'ScalingReplicaSet',
          `Scaled up replica set ${rs.metadata.name} from 0 to ${initial}`,
        );
      }
      setCondition({
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetCreated',
        message: `Created new replica set "${rs.metadata.name}"`,
      });
      return rs;
    };

    if (paused) {
      // A paused Deployment does not roll out, but it still scales: the active ReplicaSet (or
      // the largest one) follows spec.replicas.
      const active = allRS.filter((rs) => replicasOf(rs) > 0);
      const target =
        active.length === 1
          ? active[0]
          : active.length === 0
            ? (newRS ?? [...allRS].sort((a, b) => revisionOf(b) - revisionOf(a))[0])
            : undefined;
      if (target && replicasOf(target) !== replicas) this.scaleRS(d, target, replicas);
    }
    if (!paused) {
      if (recreate) {
        for (const rs of oldRSs) if (replicasOf(rs) > 0) this.scaleRS(d, rs, 0);
        if (!oldPodsRunning()) {
          if (!newRS) newRS = createNewRS(replicas);
          else if (replicasOf(newRS) !== replicas) newRS = this.scaleRS(d, newRS, replicas);
        }
      } else {
        const total = () =>
          allRS.reduce((n, rs) => n + replicasOf(rs), 0) +
          (newRS && !allRS.includes(newRS) ? replicasOf(newRS) : 0);
        if (!newRS) {
          const current = total();
          const maxTotal = replicas + maxSurge;
          const initial = current >= maxTotal ? 0 : Math.min(maxTotal - current, replicas);
          newRS = createNewRS(initial);
          allRS.push(newRS);
        } else {
          // Scale up the new ReplicaSet within maxSurge.
          const cur = replicasOf(newRS);
          if (cur > replicas) newRS = this.scaleRS(d, newRS, replicas);
          else if (cur < replicas) {
            const current = allRS.reduce((n, rs) => n + replicasOf(rs), 0);
            const maxTotal = replicas + maxSurge;
            if (current < maxTotal) {
              const up = Math.min(maxTotal - current, replicas - cur);
              newRS = this.scaleRS(d, newRS, cur + up);
            }
          }
          const idx = allRS.findIndex((rs) => rs.metadata.uid === newRS!.metadata.uid);
          if (idx >= 0) allRS[idx] = newRS;
        }
        this.scaleDownOld(d, newRS, oldRSs, allRS, replicas, maxUnavailable);
      }
    }

    // Status.
    const fresh = this.api.store.list(RS, ns).filter((rs) => isControlledBy(rs, d));
    const freshNew = fresh.find((rs) => newRS && rs.metadata.uid === newRS.metadata.uid);
    const freshOld = fresh.filter((rs) => rs !== freshNew);
    const sum = (list: KubeObject[], f: (rs: KubeObject) => number) =>
      list.reduce((n, rs) => n + f(rs), 0);
    const statusReplicas = sum(fresh, (rs) => rs.status?.replicas ?? 0);
    const updated = freshNew?.status?.replicas ?? 0;
    const ready = sum(fresh, (rs) => rs.status?.readyReplicas ?? 0);
    const available = sum(fresh, (rs) => rs.status?.availableReplicas ?? 0);
    const specTotal = sum(fresh, replicasOf);
    const unavailable = Math.max(0, specTotal - available);
    const oldReplicas = sum(freshOld, (rs) => rs.status?.replicas ?? 0);
    const prevOldReplicas = (d.status?.replicas ?? 0) - (d.status?.updatedReplicas ?? 0);

    if (available >= replicas - maxUnavailable) {
      setCondition({
        type: 'Available',
        status: 'True',
        reason: 'MinimumReplicasAvailable',
        message: 'Deployment has minimum availability.',
      });
    } else {
      setCondition({
        type: 'Available',
        status: 'False',
        reason: 'MinimumReplicasUnavailable',
        message: 'Deployment does not have minimum availability.',
      });
    }
    const rsName = freshNew?.metadata.name ?? '';
    let requeue: number | undefined;
    const complete =
      updated === replicas &&
      statusReplicas === replicas &&
      available === replicas &&
      oldReplicas === 0;
    if (paused) {
      setCondition({
        type: 'Progressing',
        status: 'Unknown',
        reason: 'DeploymentPaused',
        message: 'Deployment is paused',
      });
    } else {
      const progCond = conditions.find((c) => c.type === 'Progressing');
      if (progCond?.reason === 'DeploymentPaused') {
        setCondition({
          type: 'Progressing',
          status: 'Unknown',
          reason: 'DeploymentResumed',
          message: 'Deployment is resumed',
        });
      }
      const progressing =
        updated > (d.status?.updatedReplicas ?? 0) ||
        oldReplicas < prevOldReplicas ||
        ready > (d.status?.readyReplicas ?? 0) ||
        available > (d.status?.availableReplicas ?? 0);
      const cond = conditions.find((c) => c.type === 'Progressing');
      const deadline = d.spec?.progressDeadlineSeconds;
      if (complete) {
        setCondition({
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${rsName}" has successfully progressed.`,
        });
      } else if (progressing) {
        // Any progress (also after a timeout) is ReplicaSetUpdated, as in the controller.
        // A new lastUpdateTime on every bit of progress restarts the deadline.
        const i = conditions.findIndex((c) => c.type === 'Progressing');
        const ts = timestamp();
        const c: Condition = {
          type: 'Progressing',
          status: 'True',
          reason: 'ReplicaSetUpdated',
          message: `ReplicaSet "${rsName}" is progressing.`,
          lastUpdateTime: ts,
          lastTransitionTime: cond && cond.status === 'True' ? cond.lastTransitionTime : ts,
        };
        if (i >= 0) conditions[i] = c;
        else conditions.push(c);
      } else if (
        cond &&
        deadline !== undefined &&
        cond.reason !== 'NewReplicaSetAvailable' &&
        cond.reason !== 'ProgressDeadlineExceeded'
      ) {
        const due = Date.parse(cond.lastUpdateTime) + deadline * 1000;
        if (Date.now() > due) {
          setCondition({
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: `ReplicaSet "${rsName}" has timed out progressing.`,
          });
          this.events.record(
            d,
            'Warning',
            'ProgressDeadlineExceeded',
            `Deployment "${name}" has timed out progressing.`,
          );
        } else requeue = due - Date.now() + 1000;
      }
    }
    // Order as a cluster shows them: Available, then Progressing.
    conditions.sort(
      (a, b) =>
        ['Available', 'Progressing', 'ReplicaFailure'].indexOf(a.type) -
        ['Available', 'Progressing', 'ReplicaFailure'].indexOf(b.type),
    );

    const status: Record<string, unknown> = { observedGeneration: d.metadata.generation };
    if (statusReplicas) status.replicas = statusReplicas;
    if (updated) status.updatedReplicas = updated;
    if (ready) status.readyReplicas = ready;
    if (available) status.availableReplicas = available;
    if (unavailable) status.unavailableReplicas = unavailable;
    status.terminatingReplicas =
      sum(fresh, (rs) => rs.status?.terminatingReplicas ?? 0) || undefined;
    if (!status.terminatingReplicas) delete status.terminatingReplicas;
    if (d.status?.collisionCount) status.collisionCount = d.status.collisionCount;
    if (conditions.length) status.conditions = conditions;

    // Cleanup of old ReplicaSets beyond revisionHistoryLimit, once they have no pods.
    if (complete) {
      const limit = d.spec?.revisionHistoryLimit ?? 10;
      const idle = freshOld
        .filter((rs) => replicasOf(rs) === 0 && (rs.status?.replicas ?? 0) === 0)
        .sort((a, b) => revisionOf(a) - revisionOf(b));
      for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) {
        try {
          this.api.delete(RS, ns, rs.metadata.name!);
        } catch {
          /* gone */
        }
      }
    }

    const latest = this.api.store.get(DEPLOY, ns, name);
    if (!latest) return;
    let changed = false;
    const revision = freshNew ? String(revisionOf(freshNew)) : undefined;
    if (revision && revision !== '0' && latest.metadata.annotations?.[REVISION] !== revision) {
      latest.metadata.annotations = {
        ...(latest.metadata.annotations ?? {}),
        [REVISION]: revision,
      };
      changed = true;
    }
    if (latest.metadata.generation !== d.metadata.generation) {
      return 0; // spec changed meanwhile: reconcile again
    }
    if (!deepEqual(status, latest.status)) {
      latest.status = status;
      changed = true;
    }
    if (changed) this.api.store.update(DEPLOY, latest);
    return requeue;
  }

  /** RollingUpdate: scale old ReplicaSets down while keeping replicas - maxUnavailable available. */
  private scaleDownOld(
    d: KubeObject,
    newRS: KubeObject,
    oldRSs: KubeObject[],
    allRS: KubeObject[],
    replicas: number,
    maxUnavailable: number,
  ) {
    const oldTotal = oldRSs.reduce((n, rs) => n + replicasOf(rs), 0);
    if (oldTotal === 0) return;
    const allTotal = allRS.reduce((n, rs) => n + replicasOf(rs), 0);
    const minAvailable = replicas - maxUnavailable;
    const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
    let maxScaledDown = allTotal - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return;
    // First the unhealthy replicas of old ReplicaSets (they do not count as available anyway).
    const byAge = [...oldRSs].sort((a, b) =>
      (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''),
    );
    for (const rs of byAge) {
      if (maxScaledDown <= 0) break;
      const unhealthy = replicasOf(rs) - (rs.status?.availableReplicas ?? 0);
      if (unhealthy <= 0) continue;
      const down = Math.min(maxScaledDown, unhealthy);
      const updated = this.scaleRS(d, rs, replicasOf(rs) - down);
      Object.assign(rs, updated);
      maxScaledDown -= down;
    }
    // Then available ones, as long as minAvailable stays available.
    const currentAll = this.api.store
      .list(RS, d.metadata.namespace)
      .filter((rs) => isControlledBy(rs, d));
    const availableAll = currentAll.reduce(
      (n, rs) => n + Math.min(rs.status?.availableReplicas ?? 0, replicasOf(rs)),
      0,
    );
    if (availableAll <= minAvailable) return;
    let total = availableAll - minAvailable;
    for (const rs of byAge) {
      if (total <= 0) break;
      const cur = replicasOf(rs);
      if (cur === 0) continue;
      const down = Math.min(cur, total);
      this.scaleRS(d, rs, cur - down);
      total -= down;
    }
  }
}

export { isPodActive };
