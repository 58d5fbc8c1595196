/** What every strategy gets: the config, the ports, the deadline, and shared result types. */
import type { Clock } from '../shared/clock.js';
import type { Diagnostics } from './diagnostics.js';
import type { K8sRolloutConfig } from './inputs.js';
import type { Kube } from './kube-client.js';
import type { Manifest } from './manifests.js';
import type { ResourceReport } from './summary.js';

export type RolloutStatus =
  'succeeded' | 'failed' | 'rolled-back' | 'aborted' | 'progressing' | 'paused';

/** Runs pre-switch / between-step checks against a base URL; resolves with failures ([] = pass). */
export type CheckRunner = (baseUrl: string, what: string) => Promise<string[]>;

export interface RolloutContext {
  config: K8sRolloutConfig;
  kube: Kube;
  clock: Clock;
  log: (line: string) => void;
  /** Absolute Clock time by which the run must be over. */
  deadline: number;
  /** Credentials to redact from anything shown. */
  secrets: string[];
  /** Manifests after image substitution, in apply order ([] when none were given). */
  manifests: Manifest[];
  checks: CheckRunner;
}

export interface K8sRolloutResult {
  status: RolloutStatus;
  /** Revision of the primary workload after the run ('' when unknown). */
  revision: string;
  previousRevision: string;
  previousImage: string;
  /** Machine-readable cause when not succeeded (ImagePullBackOff, CheckFailed…). */
  failedReason: string;
  resources: ResourceReport[];
  /** Blue-green. */
  activeColor?: string;
  previousColor?: string;
  previewUrl?: string;
  /** Canary / Argo: the traffic share of the new version at the end. */
  canaryWeight?: number;
  /** Set when the step should fail; its first line names resource, container, reason, message. */
  error?: string;
  diagnostics?: Diagnostics;
  /** Markdown for the job summary. */
  summary: string;
}
