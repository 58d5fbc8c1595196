import { ConfigError, quote } from '../shared/errors.js';
import { InputReader, envInputs, type InputSource } from '../shared/inputs.js';
import { parseImageRef } from '../shared/image-ref.js';

export const ACTIONS = ['deploy', 'rollback', 'status', 'promote', 'abort', 'cleanup'] as const;
export type RolloutAction = (typeof ACTIONS)[number];

export const STRATEGIES = ['rolling', 'blue-green', 'canary'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** `images: name=ref`: every container whose image has this name gets `ref`. */
export interface ImageSubstitution {
  /** Image name as written in the manifests, without tag or digest (e.g. `ghcr.io/acme/api`). */
  name: string;
  /** The reference to deploy, typically build-image's `image-ref` (`name@sha256:…`). */
  ref: string;
}

export interface BlueGreenConfig {
  /** Switch traffic as soon as the idle colour is ready and its checks pass. */
  autoPromote: boolean;
  /** How long the previous colour keeps running after a switch (ms) before it is scaled to zero. */
  keepPreviousMs: number;
}

export interface CanaryConfig {
  /** Traffic percentages, strictly increasing, each 1..100; the last one need not be 100. */
  steps: number[];
  /** Pause after each step before the checks run and the next step starts (ms). */
  stepPauseMs: number;
  /** Name of the Ingress to split with ingress-nginx canary annotations; '' = replica ratio. */
  ingress: string;
}

export interface K8sRolloutConfig {
  action: RolloutAction;
  strategy: Strategy;
  /** Kubeconfig YAML content ('' = ambient KUBECONFIG). Secret: never logged. */
  kubeconfig: string;
  context: string;
  namespace: string;
  createNamespace: boolean;
  /** Files, directories and globs, relative to `workspace`. */
  manifests: string[];
  workspace: string;
  images: ImageSubstitution[];
  /** Overall deadline for apply + wait (+ rollback), ms. */
  timeoutMs: number;
  fieldManager: string;
  forceConflicts: boolean;
  rollbackOnFailure: boolean;
  /** A container restarting more than this many times in the new revision is fatal. */
  maxRestarts: number;
  /** Last log lines of the failing container shown in the summary. */
  logLines: number;
  /** Pre-switch / between-step checks: a checks file in the post-deploy-verify format, or ''. */
  checks: string;
  /** Plain HTTP paths probed on the preview/canary endpoint when no checks file is given. */
  checkPaths: string[];
  /**
   * The user's Service: the one blue-green switches, the one canary pods join ('' = the only
   * Service in the manifests).
   */
  service: string;
  blueGreen: BlueGreenConfig;
  canary: CanaryConfig;
  /** Name of the workload for `rollback`/`status`/`promote`/`abort` without manifests. */
  workload: string;
}

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Reads and validates every input of the k8s-rollout action, once. */
export function getInputs(source: InputSource = envInputs): K8sRolloutConfig {
  const reader = new InputReader(source);
  const action = reader.oneOf('action', ACTIONS, 'deploy');
  const strategy = reader.oneOf('strategy', STRATEGIES, 'rolling');
  const kubeconfig = reader.secret('kubeconfig');
  const context = reader.string('context');
  const namespace = reader.string('namespace', { default: 'default' });
  if (!NAME.test(namespace) || namespace.length > 63) {
    throw new ConfigError(
      'namespace',
      `${quote(namespace)} is not a valid namespace name (lower-case letters, digits and '-', at most 63)`,
    );
  }
  const manifests = reader.list('manifests', { separator: 'newline' });
  const workload = reader.string('workload');
  if (workload && !/^([A-Za-z]+\/)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(workload)) {
    throw new ConfigError(
      'workload',
      `${quote(workload)} is not a workload name; use e.g. api or deployment/api`,
    );
  }
  if (action === 'deploy' && manifests.length === 0) {
    throw new ConfigError(
      'manifests',
      "is required for action 'deploy'; list files, directories or globs, e.g. k8s/*.yaml",
    );
  }
  if (action !== 'deploy' && manifests.length === 0 && !workload) {
    throw new ConfigError(
      'workload',
      `action '${action}' needs the workload to act on: set 'workload' (e.g. deployment/api) or 'manifests'`,
    );
  }
  const images = reader.pairs('images').map(({ key, value }) => {
    const ref = parseImageRef(value);
    if (!ref) {
      throw new ConfigError('images', `${quote(value)} (for ${key}) is not an image reference`);
    }
    const name = parseImageRef(key);
    if (!name || name.tag || name.digest) {
      throw new ConfigError(
        'images',
        `${quote(key)} is not an image name; write name=ref with the name as in the manifests, without tag`,
      );
    }
    return { name: key, ref: value };
  });
  const timeoutMs = reader.duration('timeout', '10m');
  if (timeoutMs <= 0) throw new ConfigError('timeout', 'must be longer than 0s');
  const fieldManager = reader.string('field-manager', { default: 'oasis-actions' });
  if (fieldManager.length > 128 || /[^\x20-\x7e]/.test(fieldManager)) {
    throw new ConfigError(
      'field-manager',
      `${quote(fieldManager)} must be at most 128 printable characters`,
    );
  }
  const steps = reader.list('steps').map((text) => {
    if (!/^\d+%?$/.test(text)) {
      throw new ConfigError('steps', `${quote(text)} is not a percentage; use e.g. 10,25,50,100`);
    }
    return Number(text.replace('%', ''));
  });
  steps.forEach((step, index) => {
    if (step < 1 || step > 100) {
      throw new ConfigError(
        'steps',
        `${step} is outside 1..100; each step is a traffic percentage`,
      );
    }
    if (index > 0 && step <= steps[index - 1]) {
      throw new ConfigError(
        'steps',
        `${steps.join(',')} is not strictly increasing (${step} after ${steps[index - 1]})`,
      );
    }
  });
  const checkPaths = reader.list('check-paths');
  for (const path of checkPaths) {
    if (!path.startsWith('/')) {
      throw new ConfigError('check-paths', `${quote(path)} must be a path starting with '/'`);
    }
  }
  const ingress = reader.string('ingress');
  if (ingress && strategy !== 'canary') {
    throw new ConfigError('ingress', `is only used by strategy 'canary', not '${strategy}'`);
  }
  return {
    action,
    strategy,
    kubeconfig,
    context,
    namespace,
    createNamespace: reader.boolean('create-namespace', false),
    manifests,
    workspace: reader.string('workspace') || process.env.GITHUB_WORKSPACE || process.cwd(),
    images,
    timeoutMs,
    fieldManager,
    forceConflicts: reader.boolean('force-conflicts', false),
    rollbackOnFailure: reader.boolean('rollback-on-failure', true),
    maxRestarts: reader.integer('max-restarts', { default: 3, min: 0 }),
    logLines: reader.integer('log-lines', { default: 20, min: 0, max: 1000 }),
    checks: reader.string('checks'),
    checkPaths,
    service: reader.string('service'),
    blueGreen: {
      autoPromote: reader.boolean('auto-promote', true),
      keepPreviousMs: reader.duration('keep-previous', '24h'),
    },
    canary: {
      steps: steps.length > 0 ? steps : [25, 50, 100],
      stepPauseMs: reader.duration('step-pause', '30s'),
      ingress,
    },
    workload,
  };
}
