// An Argo Rollouts controller (argoproj.io/v1alpha1 Rollout) for the double: canary steps
// (setWeight by replica ratio, pause with or without a duration), promotion by clearing
// status.pauseConditions or setting spec.paused=false (what `kubectl argo rollouts promote`
// patches), status.promoteFull, abort via status.abort=true (Degraded), progress deadlines,
// and blueGreen with activeService/previewService and autoPromotionEnabled. Status objects
// follow the real ones in ../shared/fixtures/kube/argo-rollout_*.yaml.
import type { Api } from './api.js';
import type { EventRecorder } from './events.js';
import { byKind } from './resources.js';
import { selectorString } from './selectors.js';
import { clone, deepEqual, type KubeObject } from './types.js';
import { WorkQueue } from './work-queue.js';
import {
  isControlledBy,
  ownerRefTo,
  podTemplateHash,
  revisionOf,
  templatesEqualIgnoringHash,
  timestamp,
} from './workload.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

const ROLLOUT = byKind('Rollout');
const RS = byKind('ReplicaSet');
const SVC = byKind('Service');
export const ROLLOUT_HASH = 'rollouts-pod-template-hash';
const REVISION = 'rollout.argoproj.io/revision';
const MANAGED_BY = 'argo-rollouts.argoproj.io/managed-by-rollouts';
const SCALE_DOWN_DEADLINE = 'argo-rollouts.argoproj.io/scale-down-deadline';
const ING = byKind('Ingress');

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
}

/** `10`, `"10s"`, `"1m"`, `"1h"` → ms. */
export function pauseDurationMs(d: unknown): number | undefined {
  if (d === undefined || d === null) return undefined;
  if (typeof d === 'number') return d * 1000;
  const m = String(d).match(/^(\d+)(s|m|h)?$/);
  if (!m) return undefined;
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 's' | 'm' | 'h'];
}

function stepsHash(steps: unknown): string {
  return podTemplateHash({ steps }, 0, '');
}

const replicasOf = (rs: KubeObject | undefined) => rs?.spec?.replicas ?? 0;
const available = (rs: KubeObject | undefined) => rs?.status?.availableReplicas ?? 0;
const hashOf = (rs: KubeObject | undefined) => rs?.metadata.labels?.[ROLLOUT_HASH];

export class RolloutController {
  readonly queue: WorkQueue;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly api: Api,
    private readonly events: EventRecorder,
  ) {
    this.queue = new WorkQueue('rollouts-controller', (key) => this.reconcile(key));
    this.unsubscribe = api.store.subscribe((e) => {
      if (e.rt === ROLLOUT)
        this.queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
    });
    for (const r of api.store.list(ROLLOUT))
      this.queue.add(`${r.metadata.namespace}/${r.metadata.name}`);
  }

  ownerChanged(owner: { kind: string; namespace: string; name: string }): void {
    if (owner.kind === 'Rollout') this.queue.add(`${owner.namespace}/${owner.name}`);
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  private scale(ro: KubeObject, rs: KubeObject, to: number): KubeObject {
    if (replicasOf(rs) === to) return rs;
    const from = replicasOf(rs);
    const next = clone(rs);
    next.spec.replicas = to;
    next.metadata.annotations = {
      ...(next.metadata.annotations ?? {}),
      'rollout.argoproj.io/desired-replicas': String(ro.spec?.replicas ?? 1),
    };
    const stored = this.api.store.update(RS, next);
    this.events.record(
      ro,
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${to > from ? 'up' : 'down'} ReplicaSet ${rs.metadata.name} (revision ${revisionOf(rs, REVISION)}) from ${from} to ${to}`,
    );
    return stored;
  }

  /** Marks a ReplicaSet to go to zero after `delayMs` (its pods keep serving until then). */
  private scaleDownLater(rs: KubeObject, delayMs: number) {
    if (replicasOf(rs) === 0 || rs.metadata.annotations?.[SCALE_DOWN_DEADLINE]) return;
    const next = clone(rs);
    next.metadata.annotations = {
      ...(next.metadata.annotations ?? {}),
      [SCALE_DOWN_DEADLINE]: new Date(Date.now() + delayMs).toISOString().replace(/\.\d+Z$/, 'Z'),
    };
    this.api.store.update(RS, next);
  }

  /**
   * trafficRouting.nginx: the canary Ingress `<rollout>-<stableIngress>-canary`, a copy of the
   * stable Ingress pointing at the canary Service, with canary / canary-weight annotations.
   */
  private syncCanaryIngress(ro: KubeObject, canary: any, weight: number) {
    const nginx = canary?.trafficRouting?.nginx;
    if (!nginx) return;
    const ns = ro.metadata.namespace;
    const prefix = nginx.annotationPrefix ?? 'nginx.ingress.kubernetes.io';
    const stables: string[] =
      nginx.stableIngresses ?? (nginx.stableIngress ? [nginx.stableIngress] : []);
    for (const stableName of stables) {
      const stable = this.api.store.get(ING, ns, stableName);
      if (!stable) continue;
      const name = `${ro.metadata.name}-${stableName}-canary`.slice(0, 253);
      const spec = clone(stable.spec ?? {});
      for (const rule of spec.rules ?? []) {
        for (const p of rule.http?.paths ?? []) {
          if (p.backend?.service?.name === canary.stableService)
            p.backend.service.name = canary.canaryService;
        }
      }
      const annotations: Record<string, string> = {
        [`${prefix}/canary`]: 'true',
        [`${prefix}/canary-weight`]: String(weight),
      };
      for (const [k, v] of Object.entries(nginx.additionalIngressAnnotations ?? {}))
        annotations[`${prefix}/${k}`] = String(v);
      const existing = this.api.store.get(ING, ns, name);
      if (!existing) {
        this.api.create(ING, ns, {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          metadata: { name, namespace: ns, annotations, ownerReferences: [ownerRefTo(ro)] },
          spec,
        });
        this.events.record(
          ro,
          'Normal',
          'CreatingCanaryIngress',
          `Creating canary ingress \`${name}\` with weight \`${weight}\``,
        );
        continue;
      }
      const merged = { ...(existing.metadata.annotations ?? {}), ...annotations };
      if (deepEqual(existing.spec, spec) && deepEqual(existing.metadata.annotations, merged))
        continue;
      const next = clone(existing);
      next.spec = spec;
      next.metadata.annotations = merged;
      this.api.store.update(ING, next);
      if (existing.metadata.annotations?.[`${prefix}/canary-weight`] !== String(weight)) {
        this.events.record(
          ro,
          'Normal',
          'PatchingCanaryIngress',
          `Updating Ingress \`${name}\` to desiredWeight '${weight}'`,
        );
      }
    }
  }

  /** Points a Service's selector at one pod-template hash (as the rollouts controller does). */
  private pointService(ro: KubeObject, name: string | undefined, hash: string | undefined) {
    if (!name || !hash) return;
    const svc = this.api.store.get(SVC, ro.metadata.namespace, name);
    if (!svc) return;
    if (
      svc.spec?.selector?.[ROLLOUT_HASH] === hash &&
      svc.metadata.annotations?.[MANAGED_BY] === ro.metadata.name
    )
      return;
    svc.spec = {
      ...(svc.spec ?? {}),
      selector: { ...(svc.spec?.selector ?? {}), [ROLLOUT_HASH]: hash },
    };
    svc.metadata.annotations = {
      ...(svc.metadata.annotations ?? {}),
      [MANAGED_BY]: ro.metadata.name!,
    };
    this.api.store.update(SVC, svc);
    this.events.record(
      ro,
      'Normal',
      'SwitchService',
      `Switched selector for service '${name}' from '' to '${hash}'`,
    );
  }

  private reconcile(key: string): number | void {
    const [ns, name] = key.split('/');
    const ro = this.api.store.get(ROLLOUT, ns, name);
    if (!ro || ro.metadata.deletionTimestamp || !ro.spec?.template) return;
    const replicas: number = ro.spec.replicas ?? 1;
    const canary = ro.spec.strategy?.canary;
    const blueGreen = ro.spec.strategy?.blueGreen;
    const steps: any[] = canary?.steps ?? [];
    const prev = ro.status ?? {};
    const status: any = { ...clone(prev) };
    const conditions: Condition[] = clone(prev.conditions ?? []);
    const setCondition = (type: string, st: string, reason: string, message: string) => {
      const ts = timestamp();
      const i = conditions.findIndex((c) => c.type === type);
      const old = conditions[i];
      if (old && old.status === st && old.reason === reason && old.message === message) return;
      const c = {
        type,
        status: st,
        reason,
        message,
        lastUpdateTime: ts,
        lastTransitionTime: old && old.status === st ? old.lastTransitionTime : ts,
      };
      if (i >= 0) conditions[i] = c;
      else conditions.push(c);
    };

    const all = this.api.store.list(RS, ns).filter((rs) => isControlledBy(rs, ro));
    const hash = podTemplateHash(ro.spec.template, prev.collisionCount ?? 0, ROLLOUT_HASH);
    let current =
      all.find((rs) => hashOf(rs) === hash) ??
      all.find((rs) =>
        templatesEqualIgnoringHash(rs.spec?.template, ro.spec.template, ROLLOUT_HASH),
      );
    const currentHash = hashOf(current) ?? hash;
    let stable = all.find((rs) => hashOf(rs) === prev.stableRS);
    const maxRevision = Math.max(0, ...all.map((rs) => revisionOf(rs, REVISION)));
    let requeue: number | undefined;

    // A new template resets the step progress and any abort of the previous revision.
    if (prev.currentPodHash !== currentHash) {
      status.currentStepIndex = steps.length ? 0 : undefined;
      delete status.abort;
      delete status.abortedAt;
      delete status.pauseConditions;
      delete status.controllerPause;
      delete status.promoteFull;
      if (prev.currentPodHash)
        setCondition(
          'Progressing',
          'True',
          'RolloutUpdated',
          `Rollout updated to revision ${current ? revisionOf(current, REVISION) : maxRevision + 1}`,
        );
    }
    if (!current) {
      const template = clone(ro.spec.template);
      template.metadata = { ...(template.metadata ?? {}) };
      template.metadata.labels = { ...(template.metadata.labels ?? {}), [ROLLOUT_HASH]: hash };
      const selector = clone(
        ro.spec.selector ?? { matchLabels: ro.spec.template.metadata?.labels ?? {} },
      );
      selector.matchLabels = { ...(selector.matchLabels ?? {}), [ROLLOUT_HASH]: hash };
      const initial = !stable
        ? blueGreen
          ? replicas
          : canary && steps.length === 0
            ? replicas
            : all.length === 0
              ? replicas
              : 0
        : blueGreen
          ? (blueGreen.previewReplicaCount ?? replicas)
          : 0;
      current = this.api.create(RS, ns, {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `${name}-${hash}`,
          namespace: ns,
          labels: template.metadata.labels,
          annotations: {
            [REVISION]: String(maxRevision + 1),
            'rollout.argoproj.io/desired-replicas': String(replicas),
          },
          ownerReferences: [ownerRefTo(ro)],
        },
        spec: { replicas: initial, minReadySeconds: ro.spec.minReadySeconds, selector, template },
      });
      this.events.record(
        ro,
        'Normal',
        'RolloutUpdated',
        `Rollout updated to revision ${maxRevision + 1}`,
      );
      this.events.record(
        ro,
        'Normal',
        'NewReplicaSetCreated',
        `Created ReplicaSet ${current.metadata.name} (revision ${maxRevision + 1})`,
      );
      setCondition(
        'Progressing',
        'True',
        'NewReplicaSetCreated',
        `Created new replica set "${current.metadata.name}"`,
      );
    } else if (revisionOf(current, REVISION) < maxRevision && hashOf(current) !== prev.stableRS) {
      // Rolled back to an older template: it becomes the newest revision.
      const next = clone(current);
      next.metadata.annotations = {
        ...(next.metadata.annotations ?? {}),
        [REVISION]: String(maxRevision + 1),
      };
      current = this.api.store.update(RS, next);
    }
    const cur = current!;
    // The first ReplicaSet is stable at once (nothing to roll from).
    if (!stable && all.filter((rs) => rs !== cur).length === 0) {
      stable = cur;
      status.stableRS = currentHash;
    }
    const isStable = stable && hashOf(stable) === currentHash;
    const others = all.filter(
      (rs) => rs.metadata.uid !== cur.metadata.uid && rs.metadata.uid !== stable?.metadata.uid,
    );
    const deadline: number = ro.spec.progressDeadlineSeconds ?? 600;

    if (status.promoteFull) status.currentStepIndex = steps.length;
    const paused = !!ro.spec.paused;
    let phase = 'Progressing';
    let message: string | undefined;

    if (status.abort && !isStable && stable) {
      // Aborted: everything back to the stable ReplicaSet.
      this.scale(ro, cur, 0);
      this.scale(ro, stable, replicas);
      if (canary) {
        this.syncCanaryIngress(ro, canary, 0);
        this.pointService(ro, canary.canaryService, hashOf(stable));
        this.pointService(ro, canary.stableService, hashOf(stable));
      }
      if (blueGreen) this.pointService(ro, blueGreen.previewService, hashOf(stable));
      status.abortedAt ??= timestamp();
      status.currentStepIndex = steps.length ? 0 : undefined;
      delete status.pauseConditions;
      delete status.controllerPause;
      const msg = `Rollout aborted update to revision ${revisionOf(cur, REVISION)}`;
      setCondition('Progressing', 'False', 'RolloutAborted', msg);
      phase = 'Degraded';
      message = `RolloutAborted: ${msg}`;
    } else if (isStable) {
      // Steady state: the stable ReplicaSet at full size, others at zero (those with a
      // scale-down deadline when it comes).
      this.scale(ro, cur, replicas);
      for (const rs of others)
        if (!rs.metadata.annotations?.[SCALE_DOWN_DEADLINE]) this.scale(ro, rs, 0);
      if (canary) {
        this.syncCanaryIngress(ro, canary, 0);
        this.pointService(ro, canary.canaryService, currentHash);
        this.pointService(ro, canary.stableService, currentHash);
        if (steps.length) status.currentStepIndex = steps.length;
      }
      if (blueGreen) {
        this.pointService(ro, blueGreen.activeService, currentHash);
        this.pointService(ro, blueGreen.previewService, currentHash);
      }
    } else if (canary) {
      let index: number = status.currentStepIndex ?? 0;
      const total = replicas;
      const routed = !!canary.trafficRouting?.nginx;
      // The weight reached so far: the last setWeight before the current step.
      const weightAt = (i: number) => {
        let w = 0;
        for (const st of steps.slice(0, i))
          if (st.setWeight !== undefined) w = Number(st.setWeight);
        return w;
      };
      for (;;) {
        if (index >= steps.length) {
          // All steps done: full canary, then it becomes stable.
          this.scale(ro, cur, total);
          if (routed) this.syncCanaryIngress(ro, canary, 100);
          if (available(this.api.store.get(RS, ns, cur.metadata.name!)) >= total) {
            status.stableRS = currentHash;
            stable = cur;
            const delayMs = (canary.scaleDownDelaySeconds ?? 30) * 1000;
            for (const rs of all) {
              if (rs.metadata.uid === cur.metadata.uid) continue;
              // Behind an ingress the old pods serve on for scaleDownDelaySeconds (default 30).
              if (routed) this.scaleDownLater(rs, delayMs);
              else this.scale(ro, rs, 0);
            }
            if (routed) this.syncCanaryIngress(ro, canary, 0);
            this.pointService(ro, canary.stableService, currentHash);
            this.pointService(ro, canary.canaryService, currentHash);
            this.events.record(
              ro,
              'Normal',
              'RolloutCompleted',
              `Rollout completed update to revision ${revisionOf(cur, REVISION)} (${currentHash}): Completed all ${steps.length} canary steps`,
            );
          }
          break;
        }
        const step = steps[index];
        if (step.setWeight !== undefined) {
          const weight = Number(step.setWeight);
          const want = weight <= 0 ? 0 : Math.min(total, Math.ceil((weight * total) / 100));
          const fresh = this.scale(ro, cur, want);
          this.pointService(ro, canary.canaryService, currentHash);
          if (stable) this.pointService(ro, canary.stableService, hashOf(stable));
          const canaryAvailable = available(this.api.store.get(RS, ns, fresh.metadata.name!));
          if (routed) {
            // Traffic by the canary Ingress weight; the stable ReplicaSet keeps its size.
            if (canaryAvailable >= want) {
              this.syncCanaryIngress(ro, canary, weight);
              index++;
              continue;
            }
            this.syncCanaryIngress(ro, canary, weightAt(index));
            break;
          }
          if (canaryAvailable >= want && stable) {
            const s = this.scale(ro, stable, Math.max(0, total - want));
            for (const rs of others) this.scale(ro, rs, 0);
            const stableNow = this.api.store.get(RS, ns, s.metadata.name!);
            if ((stableNow?.status?.replicas ?? 0) === replicasOf(stableNow)) {
              index++;
              continue;
            }
          } else if (canaryAvailable >= want) {
            index++;
            continue;
          }
          break;
        }
        if (step.pause !== undefined) {
          const durationMs = pauseDurationMs(step.pause?.duration);
          const conds: any[] = status.pauseConditions ?? [];
          const mine = conds.find((p) => p.reason === 'CanaryPauseStep');
          if (!status.controllerPause) {
            status.pauseConditions = [
              ...conds.filter((p) => p.reason !== 'CanaryPauseStep'),
              { reason: 'CanaryPauseStep', startTime: timestamp() },
            ];
            status.controllerPause = true;
            this.events.record(
              ro,
              'Normal',
              'RolloutPaused',
              'Rollout is paused (CanaryPauseStep)',
            );
            if (durationMs !== undefined) requeue = durationMs;
            break;
          }
          if (!mine) {
            // Promoted: the pause condition was cleared.
            delete status.controllerPause;
            delete status.pauseConditions;
            this.events.record(ro, 'Normal', 'RolloutResumed', 'Rollout is resumed');
            index++;
            continue;
          }
          if (durationMs !== undefined) {
            const left = Date.parse(mine.startTime) + durationMs - Date.now();
            if (left <= 0) {
              delete status.controllerPause;
              delete status.pauseConditions;
              index++;
              continue;
            }
            requeue = left;
          }
          break;
        }
        index++; // analysis, experiment and other steps pass in the double
      }
      status.currentStepIndex = steps.length ? Math.min(index, steps.length) : undefined;
      if (routed)
        status.trafficWeight =
          status.stableRS === currentHash ? 0 : index >= steps.length ? 100 : weightAt(index);
    } else if (blueGreen) {
      const auto = blueGreen.autoPromotionEnabled !== false;
      const previewCount = blueGreen.previewReplicaCount ?? replicas;
      this.scale(ro, cur, previewCount);
      this.pointService(ro, blueGreen.previewService, currentHash);
      if (stable) this.pointService(ro, blueGreen.activeService, hashOf(stable));
      const ready = available(this.api.store.get(RS, ns, cur.metadata.name!)) >= previewCount;
      const conds: any[] = status.pauseConditions ?? [];
      let promote = false;
      if (ready) {
        if (auto) {
          const afterMs = (blueGreen.autoPromotionSeconds ?? 0) * 1000;
          if (afterMs > 0) {
            const mine = conds.find((p) => p.reason === 'BlueGreenPause');
            if (!status.controllerPause) {
              status.pauseConditions = [
                ...conds,
                { reason: 'BlueGreenPause', startTime: timestamp() },
              ];
              status.controllerPause = true;
              requeue = afterMs;
            } else if (!mine || Date.parse(mine.startTime) + afterMs <= Date.now()) promote = true;
            else requeue = Date.parse(mine.startTime) + afterMs - Date.now();
          } else promote = true;
        } else if (!status.controllerPause) {
          status.pauseConditions = [...conds, { reason: 'BlueGreenPause', startTime: timestamp() }];
          status.controllerPause = true;
          this.events.record(ro, 'Normal', 'RolloutPaused', 'Rollout is paused (BlueGreenPause)');
        } else if (!conds.some((p) => p.reason === 'BlueGreenPause')) promote = true;
      }
      if (promote || status.promoteFull) {
        this.scale(ro, cur, replicas);
        if (available(this.api.store.get(RS, ns, cur.metadata.name!)) >= replicas) {
          delete status.pauseConditions;
          delete status.controllerPause;
          this.pointService(ro, blueGreen.activeService, currentHash);
          status.stableRS = currentHash;
          // The previous colour stays up for scaleDownDelaySeconds (default 30), then goes to zero.
          const delayMs = (blueGreen.scaleDownDelaySeconds ?? 30) * 1000;
          for (const rs of all) {
            if (rs.metadata.uid === cur.metadata.uid || replicasOf(rs) === 0) continue;
            const next = clone(rs);
            next.metadata.annotations = {
              ...(next.metadata.annotations ?? {}),
              'argo-rollouts.argoproj.io/scale-down-deadline': new Date(Date.now() + delayMs)
                .toISOString()
                .replace(/\.\d+Z$/, 'Z'),
            };
            this.api.store.update(RS, next);
          }
          this.events.record(
            ro,
            'Normal',
            'RolloutCompleted',
            `Rollout completed update to revision ${revisionOf(cur, REVISION)} (${currentHash})`,
          );
        }
      }
    }

    // Scale-down deadlines (blue-green's previous colour).
    for (const rs of this.api.store.list(RS, ns).filter((r) => isControlledBy(r, ro))) {
      const at = rs.metadata.annotations?.['argo-rollouts.argoproj.io/scale-down-deadline'];
      if (!at || hashOf(rs) === status.stableRS) continue;
      const left = Date.parse(at) - Date.now();
      if (left <= 0) {
        const next = clone(rs);
        delete next.metadata.annotations!['argo-rollouts.argoproj.io/scale-down-deadline'];
        next.spec.replicas = 0;
        this.api.store.update(RS, next);
        this.events.record(
          ro,
          'Normal',
          'ScalingReplicaSet',
          `Scaled down ReplicaSet ${rs.metadata.name} (revision ${revisionOf(rs, REVISION)}) from ${replicasOf(rs)} to 0`,
        );
      } else requeue = Math.min(requeue ?? Infinity, left);
    }

    // Status counts.
    const fresh = this.api.store.list(RS, ns).filter((rs) => isControlledBy(rs, ro));
    const freshCur = fresh.find((rs) => rs.metadata.uid === cur.metadata.uid);
    const sum = (f: (rs: KubeObject) => number) => fresh.reduce((n, rs) => n + f(rs), 0);
    const totalReplicas = sum((rs) => rs.status?.replicas ?? 0);
    const availableReplicas = sum(available);
    const readyReplicas = sum((rs) => rs.status?.readyReplicas ?? 0);
    const updated = freshCur?.status?.replicas ?? 0;
    // Old ReplicaSets waiting out scaleDownDelaySeconds do not hold back Healthy (as in Argo,
    // where the previous version shows "delay" under a Healthy rollout).
    const delayed = fresh
      .filter((rs) => rs.metadata.annotations?.[SCALE_DOWN_DEADLINE] && hashOf(rs) !== currentHash)
      .reduce((n, rs) => n + (rs.status?.replicas ?? 0), 0);
    const completed =
      status.stableRS === currentHash &&
      updated === replicas &&
      totalReplicas - delayed === replicas &&
      availableReplicas - delayed >= replicas;

    if (phase !== 'Degraded') {
      if (status.pauseConditions?.length || paused) {
        phase = 'Paused';
        message = status.pauseConditions?.[0]?.reason ?? 'manually paused';
        setCondition('Progressing', 'Unknown', 'RolloutPaused', 'Rollout is paused');
        setCondition('Paused', 'True', 'RolloutPaused', 'Rollout is paused');
      } else {
        const pausedCond = conditions.find((c) => c.type === 'Paused');
        if (pausedCond && pausedCond.status === 'True')
          setCondition('Paused', 'False', 'RolloutResumed', 'Rollout is resumed');
        if (completed) {
          phase = 'Healthy';
          setCondition(
            'Progressing',
            'True',
            'NewReplicaSetAvailable',
            `ReplicaSet "${cur.metadata.name}" has successfully progressed.`,
          );
        } else {
          const prog = conditions.find((c) => c.type === 'Progressing');
          const moved =
            updated > (prev.updatedReplicas ?? 0) ||
            availableReplicas > (prev.availableReplicas ?? 0) ||
            (status.currentStepIndex ?? 0) > (prev.currentStepIndex ?? 0);
          if (prog?.reason === 'ProgressDeadlineExceeded') {
            phase = 'Degraded';
            message = `ProgressDeadlineExceeded: ${prog.message}`;
          } else if (
            moved ||
            !prog ||
            prog.reason === 'NewReplicaSetAvailable' ||
            prog.reason === 'RolloutPaused'
          ) {
            setCondition(
              'Progressing',
              'True',
              'ReplicaSetUpdated',
              `ReplicaSet "${cur.metadata.name}" is progressing.`,
            );
            const c = conditions.find((x) => x.type === 'Progressing')!;
            if (moved) c.lastUpdateTime = timestamp();
            requeue = Math.min(requeue ?? Infinity, deadline * 1000 + 500);
          } else {
            const due = Date.parse(prog.lastUpdateTime) + deadline * 1000;
            if (Date.now() > due) {
              setCondition(
                'Progressing',
                'False',
                'ProgressDeadlineExceeded',
                `ReplicaSet "${cur.metadata.name}" has timed out progressing.`,
              );
              phase = 'Degraded';
              message = `ProgressDeadlineExceeded: ReplicaSet "${cur.metadata.name}" has timed out progressing.`;
              this.events.record(
                ro,
                'Warning',
                'RolloutTimedOut',
                `Rollout "${name}" has timed out progressing.`,
              );
              if (ro.spec.progressDeadlineAbort) status.abort = true;
            } else requeue = Math.min(requeue ?? Infinity, due - Date.now() + 100);
          }
        }
      }
    }
    if (availableReplicas >= replicas - (canary ? 0 : 0) && availableReplicas > 0) {
      setCondition('Available', 'True', 'AvailableReason', 'Rollout has minimum availability');
    } else {
      setCondition(
        'Available',
        'False',
        'AvailableReason',
        'Rollout does not have minimum availability',
      );
    }
    setCondition('Completed', completed ? 'True' : 'False', 'RolloutCompleted', 'RolloutCompleted');
    if (completed && prev.phase !== 'Healthy')
      this.events.record(
        ro,
        'Normal',
        'RolloutCompleted',
        `Rollout completed update to revision ${revisionOf(cur, REVISION)} (${currentHash})`,
      );

    const out: any = {
      HPAReplicas: totalReplicas,
      ...(status.abort ? { abort: true, abortedAt: status.abortedAt } : {}),
      availableReplicas,
      blueGreen: blueGreen
        ? {
            ...(status.stableRS ? { activeSelector: status.stableRS } : {}),
            ...(currentHash ? { previewSelector: currentHash } : {}),
          }
        : {},
      canary:
        canary?.trafficRouting && status.stableRS
          ? {
              weights: {
                canary: {
                  podTemplateHash: currentHash,
                  serviceName: canary.canaryService,
                  weight:
                    status.stableRS === currentHash || status.abort
                      ? 0
                      : (status.trafficWeight ?? 0),
                },
                stable: {
                  podTemplateHash: status.stableRS,
                  serviceName: canary.stableService,
                  weight:
                    100 -
                    (status.stableRS === currentHash || status.abort
                      ? 0
                      : (status.trafficWeight ?? 0)),
                },
              },
            }
          : {},
      ...(prev.collisionCount ? { collisionCount: prev.collisionCount } : {}),
      conditions,
      ...(status.controllerPause ? { controllerPause: true } : {}),
      currentPodHash: currentHash,
      ...(canary ? { currentStepHash: stepsHash(steps) } : {}),
      ...(canary && steps.length ? { currentStepIndex: status.currentStepIndex ?? 0 } : {}),
      ...(message ? { message } : {}),
      observedGeneration: String(ro.metadata.generation ?? 1),
      ...(status.pauseConditions?.length ? { pauseConditions: status.pauseConditions } : {}),
      phase,
      readyReplicas,
      replicas: totalReplicas,
      selector: selectorString(
        ro.spec.selector ?? { matchLabels: ro.spec.template.metadata?.labels },
      ),
      ...(status.stableRS ? { stableRS: status.stableRS } : {}),
      updatedReplicas: updated,
    };
    const latest = this.api.store.get(ROLLOUT, ns, name);
    if (!latest) return;
    if (
      latest.metadata.generation !== ro.metadata.generation ||
      latest.metadata.resourceVersion !== ro.metadata.resourceVersion
    )
      return 0;
    let changed = false;
    const rev = String(revisionOf(cur, REVISION));
    if (latest.metadata.annotations?.[REVISION] !== rev) {
      latest.metadata.annotations = { ...(latest.metadata.annotations ?? {}), [REVISION]: rev };
      changed = true;
    }
    if (!deepEqual(out, latest.status)) {
      latest.status = out;
      changed = true;
    }
    if (changed) this.api.store.update(ROLLOUT, latest);
    return requeue === Infinity ? undefined : requeue;
  }
}
