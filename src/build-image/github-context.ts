import { existsSync, readFileSync } from 'node:fs';

/**
 * What build-image needs to know about the workflow run, read from the runner's environment
 * (GITHUB_*) and the event payload (GITHUB_EVENT_PATH). Plain data, so tag and label
 * computation are pure functions over it.
 */
export interface GitHubContext {
  /** push, pull_request, schedule, workflow_dispatch, release, … */
  eventName: string;
  /** refs/heads/main, refs/tags/v1.2.3, refs/pull/42/merge */
  ref: string;
  /** The commit built: the pull request's head commit on pull_request events, else GITHUB_SHA. */
  sha: string;
  /** owner/name */
  repository: string;
  serverUrl: string;
  /** The repository's default branch when the event payload says so. */
  defaultBranch?: string;
  /** Pull request number on pull_request events. */
  pullRequestNumber?: number;
  description?: string;
  /** SPDX id of the repository's license (payload.repository.license.spdx_id). */
  license?: string;
  /** When the build runs (org.opencontainers.image.created, schedule patterns). */
  now: Date;
}

type Payload = {
  repository?: {
    default_branch?: string;
    description?: string | null;
    license?: { spdx_id?: string | null } | null;
    html_url?: string;
  };
  pull_request?: { number?: number; head?: { sha?: string } };
  number?: number;
};

function readPayload(path: string | undefined): Payload {
  if (!path || !existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Payload;
  } catch {
    return {};
  }
}

export function readGitHubContext(
  env: NodeJS.ProcessEnv = process.env,
  now = new Date(),
): GitHubContext {
  const payload = readPayload(env.GITHUB_EVENT_PATH);
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const ref = env.GITHUB_REF ?? '';
  const prMatch = /^refs\/pull\/(\d+)\//.exec(ref);
  const pullRequestNumber =
    payload.pull_request?.number ?? (prMatch ? Number(prMatch[1]) : undefined);
  const license = payload.repository?.license?.spdx_id;
  return {
    eventName,
    ref,
    sha: payload.pull_request?.head?.sha ?? env.GITHUB_SHA ?? '',
    repository: env.GITHUB_REPOSITORY ?? '',
    serverUrl: (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, ''),
    defaultBranch: payload.repository?.default_branch,
    pullRequestNumber,
    description: payload.repository?.description ?? undefined,
    license: license && license !== 'NOASSERTION' ? license : undefined,
    now,
  };
}

/** The branch name for refs/heads/… refs, else undefined. */
export function branchOf(context: GitHubContext): string | undefined {
  return context.ref.startsWith('refs/heads/')
    ? context.ref.slice('refs/heads/'.length)
    : undefined;
}

/** The tag name for refs/tags/… refs, else undefined. */
export function gitTagOf(context: GitHubContext): string | undefined {
  return context.ref.startsWith('refs/tags/') ? context.ref.slice('refs/tags/'.length) : undefined;
}

/**
 * Whether the build is on the default branch. Without a payload that names it (a local run),
 * `main` and `master` count as the default branch.
 */
export function isDefaultBranch(context: GitHubContext): boolean {
  const branch = branchOf(context);
  if (!branch) return false;
  return context.defaultBranch
    ? branch === context.defaultBranch
    : ['main', 'master'].includes(branch);
}
