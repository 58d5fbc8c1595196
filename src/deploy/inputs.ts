import { ConfigError, quote } from '../shared/errors.js';
import { InputReader, envInputs, type InputSource } from '../shared/inputs.js';
import { parseImageRef } from '../shared/image-ref.js';
import { getInputs as buildInputs, type BuildImageConfig } from '../build-image/inputs.js';
import { getInputs as scanInputs, type ScanConfig } from '../scan/inputs.js';
import {
  getInputs as approvalInputs,
  type ManualApprovalConfig,
} from '../manual-approval/inputs.js';
import {
  getInputs as gitopsInputs,
  type UpdateGitopsManifestConfig,
} from '../update-gitops-manifest/inputs.js';
import { getInputs as rolloutInputs, type K8sRolloutConfig } from '../k8s-rollout/inputs.js';
import {
  getInputs as verifyInputs,
  type PostDeployVerifyConfig,
} from '../post-deploy-verify/inputs.js';

/**
 * Which deploy input feeds which input of a step. Every stage is validated up front by the
 * step's own getInputs(); an error there is reported under the deploy input's name.
 */
export const STAGE_INPUTS = {
  build: {
    context: 'context',
    file: 'file',
    images: 'images',
    tags: 'tags',
    flavor: 'flavor',
    labels: 'labels',
    'build-args': 'build-args',
    secrets: 'build-secrets',
    target: 'target',
    platforms: 'platforms',
    push: 'push',
    registry: 'registry',
    username: 'username',
    password: 'password',
  },
  scan: {
    scanner: 'scanner',
    'scanner-mirror': 'scanner-mirror',
    'db-repository': 'db-repository',
    'fail-on': 'fail-on',
    'ignore-unfixed': 'ignore-unfixed',
    'vuln-types': 'vuln-types',
    'ignore-file': 'scan-ignore-file',
    'upload-sarif': 'upload-sarif',
    'github-token': 'github-token',
  },
  approval: {
    approvers: 'approvers',
    'minimum-approvals': 'minimum-approvals',
    'exclude-initiator': 'exclude-initiator',
    timeout: 'approval-timeout',
    'poll-interval': 'approval-poll-interval',
    'target-repository': 'approval-repository',
    environment: 'environment',
  },
  gitops: {
    repository: 'gitops-repository',
    branch: 'gitops-branch',
    token: 'gitops-token',
    path: 'gitops-path',
    files: 'gitops-files',
    'helm-values': 'gitops-helm-values',
    set: 'gitops-set',
    mode: 'gitops-mode',
    'commit-message': 'gitops-commit-message',
  },
  rollout: {
    kubeconfig: 'kubeconfig',
    context: 'kube-context',
    namespace: 'namespace',
    'create-namespace': 'create-namespace',
    manifests: 'manifests',
    strategy: 'strategy',
    timeout: 'rollout-timeout',
    'max-restarts': 'max-restarts',
    service: 'service',
    'auto-promote': 'auto-promote',
    'keep-previous': 'keep-previous',
    steps: 'canary-steps',
    'step-pause': 'canary-step-pause',
    ingress: 'ingress',
    checks: 'pre-switch-checks',
  },
  verify: {
    checks: 'checks',
    'base-url': 'base-url',
    deadline: 'verify-deadline',
    'prometheus-url': 'prometheus-url',
    'fail-on-inconclusive': 'fail-on-inconclusive',
    kubeconfig: 'kubeconfig',
    context: 'kube-context',
    namespace: 'namespace',
  },
} as const;

export type Stage = keyof typeof STAGE_INPUTS;

export type ScanMode = 'required' | 'if-available' | 'off';
export type DeliveryMode = 'gitops' | 'direct';

export interface GitopsWait {
  /** Kubeconfig content ('' = ambient KUBECONFIG) of the cluster Argo CD / Flux syncs. */
  kubeconfig: string;
  context: string;
  namespace: string;
  /** The Deployment that must report the new image. */
  workload: string;
  timeoutMs: number;
}

/** The stages whose configuration names the image being deployed. */
export interface ImageStages {
  /** Scan settings; undefined when `scan: off`. */
  scan?: ScanConfig;
  /** Approval settings; undefined when no `approvers` are given. */
  approval?: ManualApprovalConfig;
  gitops?: UpdateGitopsManifestConfig;
  rollout?: K8sRolloutConfig;
}

export interface DeployConfig extends ImageStages {
  /** GitHub environment name (`production`), used for the Deployment and the approval issue. */
  environment: string;
  environmentUrl: string;
  mode: DeliveryMode;
  scanMode: ScanMode;
  rollbackOnVerifyFailure: boolean;
  githubToken: string;
  /** Track the run as a GitHub Deployment (default: when a token is given). */
  createDeployment: boolean;
  /** The image name deployed (`registry/name`), used where images are substituted. */
  imageName: string;
  /** Build settings; undefined when `image-ref` names an image that already exists. */
  build?: BuildImageConfig;
  /** Set when the image was built elsewhere. */
  imageRef?: string;
  gitopsWait?: GitopsWait;
  verify?: PostDeployVerifyConfig;
  /** The image stages again, for the real reference once the build has produced it. */
  withImage(imageRef: string): ImageStages;
}

/** A syntactically valid stand-in used to validate stages before the real digest exists. */
export const PLACEHOLDER_DIGEST = `sha256:${'0'.repeat(64)}`;

function stageSource(
  source: InputSource,
  stage: Stage,
  fixed: Record<string, string> = {},
): InputSource {
  const names = STAGE_INPUTS[stage] as Record<string, string>;
  return (stepInput) => {
    if (stepInput in fixed) return fixed[stepInput];
    const deployInput = names[stepInput];
    return deployInput ? source(deployInput) : '';
  };
}

/** Runs a step's getInputs and renames its ConfigErrors to the deploy input the user wrote. */
function readStage<T>(stage: Stage, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ConfigError) {
      const names = STAGE_INPUTS[stage] as Record<string, string>;
      const problem = error.message.slice(`input '${error.input}': `.length);
      const name = names[error.input] ?? error.input;
      throw new ConfigError(name, problem);
    }
    throw error;
  }
}

export function getInputs(
  source: InputSource = envInputs,
  env: NodeJS.ProcessEnv = process.env,
): DeployConfig {
  const reader = new InputReader(source);
  const environment = reader.string('environment', { default: 'production' });
  const environmentUrl = reader.string('environment-url');
  if (environmentUrl && !/^https?:\/\/\S+$/.test(environmentUrl)) {
    throw new ConfigError('environment-url', `${quote(environmentUrl)} is not an http(s) URL`);
  }
  const mode = reader.oneOf('mode', ['gitops', 'direct'] as const, 'direct');
  const scanMode = reader.oneOf('scan', ['required', 'if-available', 'off'] as const, 'required');
  const rollbackOnVerifyFailure = reader.boolean('rollback-on-verify-failure', true);
  const githubToken = reader.secret('github-token');
  const createDeployment = reader.boolean('create-deployment', githubToken !== '');
  if (createDeployment && !githubToken) {
    throw new ConfigError(
      'create-deployment',
      "is true but 'github-token' is empty; pass a token with deployments: write",
    );
  }

  // The image: built here, or an existing reference.
  const givenRef = reader.string('image-ref');
  let build: BuildImageConfig | undefined;
  let imageName: string;
  if (givenRef) {
    const parsed = parseImageRef(givenRef);
    if (!parsed) {
      throw new ConfigError(
        'image-ref',
        `${quote(givenRef)} is not an image reference; use registry/name@sha256:<digest>`,
      );
    }
    if (reader.has('images')) {
      throw new ConfigError(
        'images',
        "conflicts with input 'image-ref': either build (images, context, …) or deploy an existing image-ref",
      );
    }
    imageName = parsed.name;
  } else {
    if (!reader.has('images')) {
      throw new ConfigError(
        'images',
        "is required: name the image to build and push (e.g. ghcr.io/acme/api), or give 'image-ref' to deploy an image built elsewhere",
      );
    }
    build = readStage('build', () => buildInputs(stageSource(source, 'build'), env));
    if (build.push === false) {
      throw new ConfigError(
        'push',
        "is false, but a deployment needs the image in a registry; remove 'push' or set it to true",
      );
    }
    imageName = build.images[0].name;
  }
  // The name the manifests and GitOps files use for the image, when it is not the pushed name
  // (e.g. the manifests say ghcr.io/acme/api while the build pushes to a mirror).
  const manifestImage = reader.string('manifest-image', { default: imageName });
  if (!parseImageRef(manifestImage)) {
    throw new ConfigError(
      'manifest-image',
      `${quote(manifestImage)} is not an image name; use the name as written in the manifests, e.g. ghcr.io/acme/api`,
    );
  }
  const stagesFor = (imageRef: string): ImageStages => {
    const scan =
      scanMode === 'off'
        ? undefined
        : readStage('scan', () =>
            scanInputs(stageSource(source, 'scan', { 'image-ref': imageRef }), env),
          );
    const approval = reader.has('approvers')
      ? readStage('approval', () =>
          approvalInputs(
            stageSource(source, 'approval', {
              // Team approvers need a token that can read org members (an App token or a PAT
              // with read:org), which GITHUB_TOKEN never can: it may differ from github-token.
              'github-token': reader.raw('approval-token') || reader.raw('github-token'),
              'image-ref': imageRef,
              'issue-title': `Approve deployment of {{ image-ref }} to ${environment}`,
            }),
          ),
        )
      : undefined;
    const substitution = `${manifestImage}=${imageRef}`;
    const gitops =
      mode === 'gitops'
        ? readStage('gitops', () =>
            gitopsInputs(stageSource(source, 'gitops', { images: substitution }), env),
          )
        : undefined;
    const rollout =
      mode === 'direct'
        ? readStage('rollout', () =>
            rolloutInputs(
              stageSource(source, 'rollout', { images: substitution, action: 'deploy' }),
            ),
          )
        : undefined;
    return { scan, approval, gitops, rollout };
  };

  if (mode === 'gitops' && !reader.has('gitops-repository') && !reader.has('gitops-path')) {
    throw new ConfigError(
      'gitops-repository',
      "is required with mode 'gitops': name the repository (owner/name or a git URL) that Argo CD or Flux syncs",
    );
  }
  if (mode === 'direct' && !reader.has('manifests')) {
    throw new ConfigError(
      'manifests',
      "is required with mode 'direct': list the Kubernetes manifest files, directories or globs to apply",
    );
  }
  // Validate every stage now, with a stand-in digest; the real one is filled in after the build.
  const stages = stagesFor(givenRef || `${imageName}@${PLACEHOLDER_DIGEST}`);

  let gitopsWait: GitopsWait | undefined;
  if (mode === 'gitops' && reader.boolean('gitops-wait', false)) {
    const workload = reader.string('workload');
    if (!workload) {
      throw new ConfigError(
        'workload',
        "is required with 'gitops-wait: true': name the Deployment that must report the new image",
      );
    }
    gitopsWait = {
      kubeconfig: reader.secret('kubeconfig'),
      context: reader.string('kube-context'),
      namespace: reader.string('namespace', { default: 'default' }),
      workload,
      timeoutMs: reader.duration('gitops-wait-timeout', '10m'),
    };
  }

  const verify = reader.has('checks')
    ? readStage('verify', () =>
        verifyInputs(
          stageSource(source, 'verify', {
            // Unlike the single step, deploy treats an unverified release as a failed one.
            'fail-on-inconclusive': String(reader.boolean('fail-on-inconclusive', true)),
          }),
        ),
      )
    : undefined;

  return {
    environment,
    environmentUrl,
    mode,
    scanMode,
    rollbackOnVerifyFailure,
    githubToken,
    createDeployment,
    imageName,
    build,
    imageRef: givenRef || undefined,
    ...stages,
    gitopsWait,
    verify,
    withImage: stagesFor,
  };
}

/** Every input the deploy action reads, for the action.yml drift test. */
export const DEPLOY_INPUTS = [
  ...new Set([
    'environment',
    'environment-url',
    'mode',
    'scan',
    'rollback-on-verify-failure',
    'github-token',
    'approval-token',
    'create-deployment',
    'image-ref',
    'manifest-image',
    'gitops-wait',
    'gitops-wait-timeout',
    'workload',
    ...Object.values(STAGE_INPUTS).flatMap((table) => Object.values(table) as string[]),
  ]),
];
