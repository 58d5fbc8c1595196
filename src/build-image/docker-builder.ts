import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { UserError } from '../shared/errors.js';
import type { Exec } from '../shared/exec.js';
import type { BuildImageConfig } from './inputs.js';

/**
 * How images are built: `docker buildx build` when buildx is there, else BuildKit through the
 * classic `docker build` with DOCKER_BUILDKIT=1. Docker CLI 23+ no longer carries BuildKit
 * itself (it asks for buildx), so without buildx an older docker client found on PATH (e.g.
 * Debian's docker.io 20.10) is used instead; with neither, a clear error.
 */
export interface Builder {
  kind: 'buildx' | 'buildkit';
  /** The docker client to run. */
  docker: string;
  /** The client's version, for the summary. */
  version: string;
}

const majorOf = (version: string) => Number(/^(\d+)/.exec(version)?.[1] ?? 'NaN');

async function clientVersion(exec: Exec, docker: string): Promise<string | undefined> {
  const result = await exec.run(docker, ['version', '--format', '{{.Client.Version}}'], {
    timeoutMs: 30_000,
  });
  const version = result.stdout.trim().split('\n')[0];
  return version && /^\d/.test(version) ? version : undefined;
}

/** Other docker clients on PATH (and /usr/bin), after the first one. */
function dockerCandidates(env: NodeJS.ProcessEnv): string[] {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  const found = [...dirs, '/usr/bin', '/bin']
    .map((dir) => join(dir, 'docker'))
    .filter((path) => existsSync(path));
  return [...new Set(found)];
}

export async function detectBuilder(
  exec: Exec,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Builder> {
  const buildx = await exec.run('docker', ['buildx', 'version'], { timeoutMs: 30_000 });
  const version = await clientVersion(exec, 'docker');
  if (buildx.code === 0) return { kind: 'buildx', docker: 'docker', version: version ?? 'unknown' };
  if (version === undefined) {
    throw new UserError(
      'no docker client answered `docker version`: install Docker (a docker CLI and a running engine) on the runner',
    );
  }
  if (majorOf(version) < 23) return { kind: 'buildkit', docker: 'docker', version };
  for (const candidate of dockerCandidates(env)) {
    const other = await clientVersion(exec, candidate);
    if (other && majorOf(other) < 23)
      return { kind: 'buildkit', docker: candidate, version: other };
  }
  throw new UserError(
    `docker ${version} builds with BuildKit only through buildx, and buildx is not installed: ` +
      'add docker/setup-buildx-action before this step, or install the docker-buildx plugin',
  );
}

/** Problems with the config that only show once the builder is known (e.g. multi-platform). */
export function checkBuilderSupport(config: BuildImageConfig, builder: Builder): void {
  if (builder.kind === 'buildx') return;
  if (config.platforms.length > 1) {
    throw new UserError(
      `input 'platforms': ${config.platforms.join(', ')} needs buildx (a multi-platform image cannot be built ` +
        'by the classic docker build); add docker/setup-buildx-action (and docker/setup-qemu-action) before this step, ' +
        'or build one platform',
    );
  }
  if (config.cacheTo.length > 0) {
    throw new UserError(
      "input 'cache-to': exporting a build cache needs buildx; add docker/setup-buildx-action before this step",
    );
  }
  const unsupported = config.cacheFrom.find(
    (entry) => entry.includes('=') && !/^type=registry,ref=[^,]+$/.test(entry),
  );
  if (unsupported) {
    throw new UserError(
      `input 'cache-from': '${unsupported}' needs buildx; without it only image references (or type=registry,ref=…) work`,
    );
  }
}

export interface BuildPlan {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * The build command as an argument array: every user value is its own argument, so nothing in
 * a build arg, label or tag is ever interpreted by a shell. Secrets appear only as
 * `id=…,src=<0600 temp file>`.
 */
export function buildCommand(
  config: BuildImageConfig,
  builder: Builder,
  build: {
    tags: string[];
    labels: Record<string, string>;
    secretFiles: Array<{ id: string; path: string }>;
    iidFile: string;
    /** buildx multi-platform builds push from the builder itself. */
    pushFromBuilder: boolean;
  },
  env: NodeJS.ProcessEnv,
): BuildPlan {
  const args = builder.kind === 'buildx' ? ['buildx', 'build'] : ['build'];
  args.push('--file', config.file);
  for (const tag of build.tags) args.push('--tag', tag);
  for (const [key, value] of Object.entries(build.labels)) args.push('--label', `${key}=${value}`);
  for (const { key, value } of config.buildArgs) args.push('--build-arg', `${key}=${value}`);
  for (const { id, path } of build.secretFiles) args.push('--secret', `id=${id},src=${path}`);
  if (config.target) args.push('--target', config.target);
  if (config.platforms.length > 0) args.push('--platform', config.platforms.join(','));
  if (config.network) args.push('--network', config.network);
  for (const entry of config.cacheFrom) {
    const ref = builder.kind === 'buildkit' ? entry.replace(/^type=registry,ref=/, '') : entry;
    args.push('--cache-from', ref);
  }
  for (const entry of config.cacheTo) args.push('--cache-to', entry);
  args.push('--iidfile', build.iidFile);
  if (builder.kind === 'buildx') {
    args.push('--provenance=false');
    args.push(build.pushFromBuilder ? '--push' : '--load');
  }
  args.push('--progress', 'plain');
  args.push(config.context);
  return {
    command: builder.docker,
    args,
    env: builder.kind === 'buildkit' ? { ...env, DOCKER_BUILDKIT: '1' } : env,
  };
}
