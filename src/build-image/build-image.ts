import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { systemClock, type Clock } from '../shared/clock.js';
import { UserError } from '../shared/errors.js';
import { processExec, type Exec } from '../shared/exec.js';
import { dockerConfigCredentials, RegistryClient } from '../shared/registry-api.js';
import { backoffDelay } from '../shared/retry.js';
import { BuildFailedError, locateBuildFailure } from './build-failure.js';
import { renderSummary } from './build-summary.js';
import { buildCommand, checkBuilderSupport, detectBuilder } from './docker-builder.js';
import { openDockerSession, runnerTemp } from './docker-login.js';
import { readGitHubContext, type GitHubContext } from './github-context.js';
import { computeTags } from './image-tags.js';
import { classifyPushFailure, pushImage } from './image-push.js';
import type { BuildImageConfig, ImageName } from './inputs.js';
import { computeLabels } from './oci-labels.js';

export interface BuildImagePorts {
  exec?: Exec;
  clock?: Clock;
  /** The GitHub context; default: read from the environment (GITHUB_*, GITHUB_EVENT_PATH). */
  context?: GitHubContext;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  log?: (line: string) => void;
  /** Folds a noisy part of the log (the builder's output) into a named group. */
  group?: <T>(name: string, fn: () => Promise<T>) => Promise<T>;
  random?: () => number;
  /** Backoff base for push and registry retries (tests shorten it). */
  retryBaseMs?: number;
}

export interface BuildImageOutputs {
  image: string;
  digest: string;
  'image-ref': string;
  tags: string;
  labels: string;
  version: string;
  metadata: string;
}

export interface BuildImageResult {
  outputs: BuildImageOutputs;
  pushed: boolean;
  /** First image name (`registry/repository`). */
  image: string;
  digest: string;
  /** `image@sha256:…`: what later steps deploy. */
  imageRef: string;
  /** Every pushed reference `name:tag`. */
  refs: string[];
  tags: string[];
  labels: Record<string, string>;
  version: string;
  imageId: string;
  sizeBytes?: number;
  buildMs: number;
  pushMs: number;
  pushAttempts: number;
  builder: string;
  summary: { markdown: string; verdictLine: string };
}

const isPullRequest = (eventName: string) =>
  eventName === 'pull_request' || eventName === 'pull_request_target';

function credentialsFor(config: BuildImageConfig, env: NodeJS.ProcessEnv) {
  return (registry: string) => {
    if (config.login && config.login.registry === registry) {
      return { username: config.login.username, password: config.login.password };
    }
    return dockerConfigCredentials(registry, env.DOCKER_CONFIG || undefined);
  };
}

/**
 * Builds the image (buildx, else BuildKit), pushes every tag of every image with retries, and
 * reads the digest back from the registry, checking that every tag resolves to it.
 */
export async function buildImage(
  config: BuildImageConfig,
  ports: BuildImagePorts = {},
): Promise<BuildImageResult> {
  const exec = ports.exec ?? processExec;
  const clock = ports.clock ?? systemClock;
  const env = ports.env ?? process.env;
  const log = ports.log ?? (() => undefined);
  const context = ports.context ?? readGitHubContext(env, new Date(clock.now()));
  const secretValues = [
    ...config.secrets.map((secret) => secret.value.trim()).filter(Boolean),
    ...(config.login ? [config.login.password] : []),
  ];

  const computed = computeTags(config.tagRules, config.flavor, context);
  let tags = computed.tags;
  if (tags.length === 0) {
    if (!context.sha) {
      throw new UserError(
        `input 'tags': no rule gives a tag for this ${context.eventName || 'run'} (ref ${context.ref || 'unknown'}); add a rule such as type=raw,value=dev`,
      );
    }
    tags = [`sha-${context.sha.slice(0, 7)}`];
    log(`No tag rule applies to this ${context.eventName} event; tagging ${tags[0]}`);
  }
  const version = computed.version || tags[0];
  const labels = computeLabels(context, version, config.labels);
  const push = config.push === 'auto' ? !isPullRequest(context.eventName) : config.push;
  const pushSkippedBecause = push
    ? undefined
    : config.push === 'auto'
      ? `${context.eventName} event`
      : 'push: false';
  const refs = config.images.flatMap((image) => tags.map((tag) => `${image.name}:${tag}`));

  const builder = await detectBuilder(exec, env);
  checkBuilderSupport(config, builder);
  const builderName =
    builder.kind === 'buildx'
      ? `buildx, docker ${builder.version}`
      : `BuildKit, docker ${builder.version}`;
  log(`Builder: ${builderName}${builder.docker !== 'docker' ? ` (${builder.docker})` : ''}`);

  const work = mkdtempSync(join(runnerTemp(env), 'oasis-build-'));
  chmodSync(work, 0o700);
  const session = await openDockerSession(exec, builder.docker, config.login, env, log).catch(
    (error: unknown) => {
      rmSync(work, { recursive: true, force: true });
      throw error;
    },
  );
  try {
    const secretFiles = config.secrets.map(({ id, value }, index) => {
      const path = join(work, `secret-${index}`);
      writeFileSync(path, value, { mode: 0o600 });
      return { id, path };
    });
    const iidFile = join(work, 'iid');
    const multiPlatform = config.platforms.length > 1;
    const pushFromBuilder = builder.kind === 'buildx' && multiPlatform && push;
    const plan = buildCommand(
      config,
      builder,
      {
        tags: refs,
        labels,
        secretFiles: [...secretFiles, ...config.secretFiles],
        iidFile,
        pushFromBuilder,
      },
      session.env,
    );
    if (builder.kind === 'buildx' && multiPlatform && !push) {
      // A multi-platform image cannot be loaded into the engine: build it (and its cache) only.
      plan.args.splice(plan.args.indexOf('--load'), 1);
    }
    log(`Building ${refs[0]}${refs.length > 1 ? ` (+${refs.length - 1} more tags)` : ''}`);
    const buildStart = clock.now();
    const tail: string[] = [];
    const runBuild = () =>
      exec.run(plan.command, plan.args, {
        env: plan.env,
        secrets: secretValues,
        onLine: (line) => {
          log(line);
          tail.push(line);
          if (tail.length > 25) tail.shift();
        },
      });
    const group = ports.group ?? (<T>(_name: string, fn: () => Promise<T>) => fn());
    let built = await group(
      `docker ${plan.args[0] === 'buildx' ? 'buildx build' : 'build'}`,
      runBuild,
    );
    // buildx pushes a multi-platform image itself: a registry failure during that push is
    // retried like any push (the layers are cached, so a retry only exports again).
    for (
      let attempt = 1;
      pushFromBuilder && built.code !== 0 && attempt <= config.pushRetries;
      attempt++
    ) {
      const failure = classifyPushFailure(`${built.stdout}\n${built.stderr}`);
      if (!failure.retryable) break;
      const waitMs = Math.max(
        failure.afterMs ?? 0,
        backoffDelay(attempt, ports.retryBaseMs ?? 1000, 30_000, ports.random ?? Math.random),
      );
      log(
        `buildx push: ${failure.reason}; attempt ${attempt + 1}/${config.pushRetries + 1} in ${(waitMs / 1000).toFixed(1)}s`,
      );
      await clock.sleep(waitMs);
      tail.length = 0;
      built = await group('docker buildx build (retry)', runBuild);
    }
    const buildMs = clock.now() - buildStart;
    if (built.code !== 0) {
      const dockerfile = relative(config.workspace, config.file);
      const { line, cause } = locateBuildFailure(
        `${built.stdout}\n${built.stderr}`,
        readFileSync(config.file, 'utf8'),
      );
      throw new BuildFailedError(
        `docker build failed (exit ${built.code})${line ? ` at ${dockerfile}:${line}` : ''}: ${cause}\n${tail.join('\n')}`,
        dockerfile,
        line,
        cause,
      );
    }
    let imageId = '';
    try {
      imageId = readFileSync(iidFile, 'utf8').trim();
    } catch {
      imageId = '';
    }
    log(`Built ${imageId || refs[0]} in ${(buildMs / 1000).toFixed(1)}s`);

    let pushMs = 0;
    let pushAttempts = 0;
    let digest = '';
    let sizeBytes: number | undefined;
    if (push) {
      const pushStart = clock.now();
      const registry = new RegistryClient({
        credentials: credentialsFor(config, session.env),
        fetch: ports.fetch,
        clock,
        baseMs: ports.retryBaseMs,
        attempts: config.pushRetries + 1,
        onRetry: log,
      });
      if (!pushFromBuilder) {
        for (const [index, ref] of refs.entries()) {
          const image = config.images[Math.floor(index / tags.length)];
          const { attempts } = await pushImage(exec, builder.docker, ref, {
            env: session.env,
            retries: config.pushRetries,
            clock,
            random: ports.random,
            baseMs: ports.retryBaseMs,
            log,
            secrets: secretValues,
            retryAfterProbe: () => registry.probeRetryAfter(image.registry),
          });
          pushAttempts += attempts;
          log(`Pushed ${ref}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}`);
        }
      } else {
        pushAttempts = refs.length;
      }
      pushMs = clock.now() - pushStart;
      const resolved = await resolveDigests(registry, config.images, tags);
      digest = resolved.digest;
      sizeBytes = resolved.size;
      if (builder.kind === 'buildkit' || !multiPlatform) {
        await checkLocalDigest(
          exec,
          builder.docker,
          refs[0],
          config.images[0],
          digest,
          session.env,
        );
      }
      log(`Registry digest ${digest}; all ${refs.length} tags resolve to it`);
    }

    const image = config.images[0].name;
    const imageRef = digest ? `${image}@${digest}` : '';
    const summary = renderSummary({
      pushed: push,
      pushSkippedBecause,
      image,
      imageRef,
      digest,
      tags,
      sizeBytes,
      buildMs,
      pushMs,
      pushAttempts,
      builder: builderName,
      revision: context.sha,
      revisionUrl:
        context.repository && context.sha
          ? `${context.serverUrl}/${context.repository}/commit/${context.sha}`
          : undefined,
      version,
    });
    const metadata = {
      image,
      digest,
      imageRef,
      imageId,
      pushed: push,
      refs,
      tags,
      version,
      labels,
      sizeBytes,
      buildMs,
      pushMs,
      pushAttempts,
      builder: builderName,
      platforms: config.platforms,
    };
    return {
      outputs: {
        image,
        digest,
        'image-ref': imageRef,
        tags: refs.join('\n'),
        labels: Object.entries(labels)
          .map(([key, value]) => `${key}=${value}`)
          .join('\n'),
        version,
        metadata: JSON.stringify(metadata),
      },
      pushed: push,
      image,
      digest,
      imageRef,
      refs,
      tags,
      labels,
      version,
      imageId,
      sizeBytes,
      buildMs,
      pushMs,
      pushAttempts,
      builder: builderName,
      summary,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
    await session.close();
  }
}

/** The registry's digest for the first image's first tag; every image:tag must resolve to it. */
async function resolveDigests(registry: RegistryClient, images: ImageName[], tags: string[]) {
  const first = await registry.manifest(images[0].registry, images[0].repository, tags[0], 'GET');
  if (!first)
    throw new UserError(
      `registry has no manifest for ${images[0].name}:${tags[0]} right after the push`,
    );
  const mismatches: string[] = [];
  for (const image of images) {
    for (const tag of tags) {
      if (image === images[0] && tag === tags[0]) continue;
      const other = await registry.manifest(image.registry, image.repository, tag, 'HEAD');
      if (other?.digest !== first.digest)
        mismatches.push(`${image.name}:${tag} → ${other?.digest ?? 'missing'}`);
    }
  }
  if (mismatches.length > 0) {
    throw new UserError(
      `tags do not all resolve to the pushed digest ${first.digest}: ${mismatches.join(', ')} (did another job push the same tag at the same time?)`,
    );
  }
  return { digest: first.digest, size: first.size };
}

/** The engine's record of what it pushed must name the registry's digest. */
async function checkLocalDigest(
  exec: Exec,
  docker: string,
  ref: string,
  image: ImageName,
  digest: string,
  env: NodeJS.ProcessEnv,
) {
  const result = await exec.run(
    docker,
    ['image', 'inspect', '--format', '{{json .RepoDigests}}', ref],
    { env },
  );
  if (result.code !== 0) return;
  let repoDigests: string[] = [];
  try {
    repoDigests = JSON.parse(result.stdout.trim()) as string[];
  } catch {
    return;
  }
  const mine = repoDigests.filter((entry) => entry.startsWith(`${image.name}@`));
  if (mine.length > 0 && !mine.includes(`${image.name}@${digest}`)) {
    throw new UserError(
      `the registry serves ${digest} for ${ref}, but the engine pushed ${mine.join(', ')}: another push to the same tag won the race`,
    );
  }
}
