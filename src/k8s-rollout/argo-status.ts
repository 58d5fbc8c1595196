/**
 * Where an Argo Rollout stands, from its status, as `kubectl argo rollouts status` tells it:
 * Healthy, Paused, Progressing or Degraded, with the current step and message. Objects from
 * before Argo Rollouts v1.0 have no `status.phase`; it is derived from abort, pause conditions and
 * the Progressing condition as the plugin does.
 */
import type { KubeObject } from './kube-client.js';

export type ArgoPhase = 'Healthy' | 'Paused' | 'Progressing' | 'Degraded';

export interface ArgoProgress {
  phase: ArgoPhase;
  message: string;
  /** Current canary step (0-based) and the number of steps, when the strategy has steps. */
  step?: number;
  steps?: number;
  /** Weight of the current setWeight step, when known. */
  weight?: number;
  /** The controller has seen the latest spec. */
  observed: boolean;
  /** Paused until someone promotes (not a timed pause that resumes by itself). */
  awaitingPromotion: boolean;
  line: string;
}

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

function condition(rollout: KubeObject, type: string): Condition | undefined {
  return ((rollout.status?.conditions ?? []) as Condition[]).find((entry) => entry.type === type);
}

/** The weight set by the last setWeight step at or before `index`. */
function weightAt(steps: { setWeight?: number }[], index: number): number | undefined {
  let weight: number | undefined;
  for (let i = 0; i <= Math.min(index, steps.length - 1); i++) {
    if (steps[i].setWeight !== undefined) weight = steps[i].setWeight;
  }
  return weight;
}

export function argoProgress(rollout: KubeObject): ArgoProgress {
  const status = rollout.status ?? {};
  const name = rollout.metadata.name;
  const generation = rollout.metadata.generation;
  const observedGeneration = Number(status.observedGeneration);
  const observed =
    generation === undefined ||
    Number.isNaN(observedGeneration) ||
    observedGeneration >= generation;
  const progressing = condition(rollout, 'Progressing');
  let phase: ArgoPhase;
  let message: string = status.message ?? '';
  if (status.phase) {
    phase = status.phase as ArgoPhase;
  } else if (status.abort) {
    phase = 'Degraded';
    message = `RolloutAborted: ${progressing?.message ?? 'the rollout was aborted'}`;
  } else if (progressing?.reason === 'ProgressDeadlineExceeded') {
    phase = 'Degraded';
    message = `ProgressDeadlineExceeded: ${progressing.message ?? ''}`.trim();
  } else if ((status.pauseConditions ?? []).length > 0 || rollout.spec?.paused) {
    phase = 'Paused';
    message ||= status.pauseConditions?.[0]?.reason ?? 'paused';
  } else if (
    condition(rollout, 'Completed')?.status === 'True' ||
    (status.updatedReplicas === status.replicas &&
      status.availableReplicas >= (rollout.spec?.replicas ?? 1) &&
      status.currentPodHash === status.stableRS)
  ) {
    phase = 'Healthy';
  } else {
    phase = 'Progressing';
  }
  if (!observed && phase !== 'Degraded') {
    phase = 'Progressing';
    message = 'waiting for the rollout spec update to be observed';
  }
  const steps = (rollout.spec?.strategy?.canary?.steps ?? []) as {
    setWeight?: number;
    pause?: { duration?: unknown };
  }[];
  const step = typeof status.currentStepIndex === 'number' ? status.currentStepIndex : undefined;
  const timedPause =
    !rollout.spec?.paused &&
    step !== undefined &&
    steps[step]?.pause?.duration !== undefined &&
    (status.pauseConditions ?? []).every(
      (entry: { reason?: string }) => entry.reason === 'CanaryPauseStep',
    );
  const awaitingPromotion = phase === 'Paused' && !timedPause;
  const weight = step !== undefined && steps.length > 0 ? weightAt(steps, step) : undefined;
  const parts = [`${name}: ${phase}`];
  if (steps.length > 0 && step !== undefined) {
    parts.push(
      `step ${Math.min(step, steps.length)}/${steps.length}${weight !== undefined ? ` (weight ${weight}%)` : ''}`,
    );
  }
  parts.push(
    `${status.updatedReplicas ?? 0}/${rollout.spec?.replicas ?? 1} updated, ${status.availableReplicas ?? 0} available`,
  );
  if (message) parts.push(message);
  return {
    phase,
    message,
    step,
    steps: steps.length > 0 ? steps.length : undefined,
    weight,
    observed,
    awaitingPromotion,
    line: parts.join(', '),
  };
}
