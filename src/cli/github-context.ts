/**
 * The GitHub context a local run pretends to be in: event, ref, sha, repository, actor…
 * Each value comes from a flag when given, else from the local git repository (HEAD, the
 * current branch, the `origin` remote), else from a plain default.
 */
import { basename } from 'node:path';
import { processExec, type Exec } from '../shared/exec.js';
import { UserError } from '../shared/errors.js';
import type { Value } from './expressions.js';

export interface ContextFlags {
  event?: string;
  ref?: string;
  sha?: string;
  repository?: string;
  actor?: string;
  /** Branch the pull request merges into (pull_request events). */
  baseRef?: string;
  defaultBranch?: string;
  /** A JSON event payload to use instead of the generated one. */
  eventPayload?: Record<string, unknown>;
  workflow?: string;
  job?: string;
  runId?: string;
  runNumber?: string;
  token?: string;
}

export interface RunContext {
  eventName: string;
  sha: string;
  ref: string;
  refName: string;
  refType: 'branch' | 'tag';
  headRef: string;
  baseRef: string;
  repository: string;
  repositoryOwner: string;
  defaultBranch: string;
  actor: string;
  workspace: string;
  serverUrl: string;
  apiUrl: string;
  graphqlUrl: string;
  runId: string;
  runNumber: string;
  runAttempt: string;
  workflow: string;
  job: string;
  /** The token `${{ github.token }}` stands for (from --token or GITHUB_TOKEN); may be ''. */
  token: string;
  event: Record<string, unknown>;
}

const ZERO_SHA = '0'.repeat(40);

/** `owner/name` from a remote URL (https, ssh, scp-like, file paths), or undefined. */
export function repositoryFromRemote(url: string): string | undefined {
  const cleaned = url
    .trim()
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
  const match = /[/:]([^/:]+)\/([^/:]+)$/.exec(cleaned);
  return match ? `${match[1]}/${match[2]}` : undefined;
}

async function git(exec: Exec, cwd: string, args: string[]): Promise<string | undefined> {
  const result = await exec.run('git', args, { cwd });
  return result.code === 0 ? result.stdout.trim() : undefined;
}

export interface ResolveOptions {
  cwd: string;
  exec?: Exec;
  env?: NodeJS.ProcessEnv;
}

export async function resolveContext(
  flags: ContextFlags,
  options: ResolveOptions,
): Promise<RunContext> {
  const exec = options.exec ?? processExec;
  const env = options.env ?? process.env;
  const cwd = options.cwd;
  const sha = flags.sha ?? (await git(exec, cwd, ['rev-parse', 'HEAD'])) ?? ZERO_SHA;
  if (!/^[0-9a-f]{40}$/.test(sha)) {
    throw new UserError(`--sha: '${sha}' is not a full 40-character commit SHA`);
  }
  let ref = flags.ref;
  if (!ref) {
    ref = (await git(exec, cwd, ['symbolic-ref', '-q', 'HEAD'])) || undefined;
  }
  if (!ref) {
    const tag = await git(exec, cwd, ['describe', '--tags', '--exact-match', 'HEAD']);
    ref = tag ? `refs/tags/${tag}` : 'refs/heads/main';
  }
  if (!ref.startsWith('refs/')) {
    // A bare name: a tag when it looks like a version, else a branch.
    ref = /^v?\d+\.\d+/.test(ref) ? `refs/tags/${ref}` : `refs/heads/${ref}`;
  }
  const remote = await git(exec, cwd, ['remote', 'get-url', 'origin']);
  const repository =
    flags.repository ??
    (remote ? repositoryFromRemote(remote) : undefined) ??
    `local/${basename(cwd)
      .toLowerCase()
      .replace(/[^a-z0-9._-]/g, '-')}`;
  if (!/^[^/\s]+\/[^/\s]+$/.test(repository)) {
    throw new UserError(`--repository: '${repository}' is not of the form owner/name`);
  }
  const eventName = flags.event ?? 'push';
  const defaultBranch = flags.defaultBranch ?? 'main';
  const actor =
    flags.actor ??
    (await git(exec, cwd, ['config', 'user.name']))?.replace(/\s+/g, '-').toLowerCase() ??
    env.USER ??
    'local-user';
  const isPull = eventName === 'pull_request' || eventName === 'pull_request_target';
  const branch = ref.replace(/^refs\/(heads|tags)\//, '');
  const baseRef = isPull ? (flags.baseRef ?? defaultBranch) : '';
  const headRef = isPull ? branch : '';
  const serverUrl = env.GITHUB_SERVER_URL || 'https://github.com';
  const apiUrl = env.GITHUB_API_URL || 'https://api.github.com';
  const context: RunContext = {
    eventName,
    sha,
    ref,
    refName: branch,
    refType: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    headRef,
    baseRef,
    repository,
    repositoryOwner: repository.split('/')[0],
    defaultBranch,
    actor,
    workspace: cwd,
    serverUrl,
    apiUrl,
    graphqlUrl: env.GITHUB_GRAPHQL_URL || `${apiUrl.replace(/\/$/, '')}/graphql`,
    runId: flags.runId ?? String(Date.now()),
    runNumber: flags.runNumber ?? '1',
    runAttempt: '1',
    workflow: flags.workflow ?? 'oasis run',
    job: flags.job ?? 'local',
    token: flags.token ?? env.GITHUB_TOKEN ?? '',
    event: {},
  };
  context.event = flags.eventPayload ?? eventPayload(context);
  if (isPull) {
    // GitHub runs pull_request workflows on the merge ref.
    const number = (context.event.number as number | undefined) ?? 1;
    context.ref = flags.ref?.startsWith('refs/pull/') ? flags.ref : `refs/pull/${number}/merge`;
    context.refName = `${number}/merge`;
  }
  return context;
}

/** A minimal but well-formed webhook payload for the event. */
export function eventPayload(context: RunContext): Record<string, unknown> {
  const [owner, name] = context.repository.split('/');
  const repository = {
    name,
    full_name: context.repository,
    owner: { login: owner },
    default_branch: context.defaultBranch,
    html_url: `${context.serverUrl}/${context.repository}`,
  };
  const sender = { login: context.actor, type: 'User' };
  switch (context.eventName) {
    case 'pull_request':
    case 'pull_request_target':
      return {
        action: 'synchronize',
        number: 1,
        pull_request: {
          number: 1,
          head: { ref: context.headRef, sha: context.sha },
          base: { ref: context.baseRef },
          html_url: `${repository.html_url}/pull/1`,
        },
        repository,
        sender,
      };
    case 'workflow_dispatch':
      return { ref: context.ref, inputs: {}, repository, sender };
    case 'push':
      return {
        ref: context.ref,
        before: ZERO_SHA,
        after: context.sha,
        head_commit: { id: context.sha },
        compare: `${repository.html_url}/compare/${ZERO_SHA.slice(0, 12)}...${context.sha.slice(0, 12)}`,
        repository,
        sender,
      };
    default:
      return { repository, sender };
  }
}

/** The `github` context object of expressions. */
export function githubContextValue(context: RunContext, extra: Record<string, string> = {}) {
  return {
    event_name: context.eventName,
    event: context.event as Value,
    sha: context.sha,
    ref: context.ref,
    ref_name: context.refName,
    ref_type: context.refType,
    head_ref: context.headRef,
    base_ref: context.baseRef,
    repository: context.repository,
    repository_owner: context.repositoryOwner,
    actor: context.actor,
    triggering_actor: context.actor,
    workspace: context.workspace,
    server_url: context.serverUrl,
    api_url: context.apiUrl,
    graphql_url: context.graphqlUrl,
    run_id: context.runId,
    run_number: context.runNumber,
    run_attempt: context.runAttempt,
    workflow: context.workflow,
    job: context.job,
    token: context.token,
    ...extra,
  } satisfies Record<string, Value>;
}

/** The GITHUB_* and RUNNER_* variables the runner sets for every step. */
export function githubEnvironment(context: RunContext, eventPath: string, runnerTemp: string) {
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: context.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SHA: context.sha,
    GITHUB_REF: context.ref,
    GITHUB_REF_NAME: context.refName,
    GITHUB_REF_TYPE: context.refType,
    GITHUB_HEAD_REF: context.headRef,
    GITHUB_BASE_REF: context.baseRef,
    GITHUB_REPOSITORY: context.repository,
    GITHUB_REPOSITORY_OWNER: context.repositoryOwner,
    GITHUB_ACTOR: context.actor,
    GITHUB_TRIGGERING_ACTOR: context.actor,
    GITHUB_WORKSPACE: context.workspace,
    GITHUB_SERVER_URL: context.serverUrl,
    GITHUB_API_URL: context.apiUrl,
    GITHUB_GRAPHQL_URL: context.graphqlUrl,
    GITHUB_RUN_ID: context.runId,
    GITHUB_RUN_NUMBER: context.runNumber,
    GITHUB_RUN_ATTEMPT: context.runAttempt,
    GITHUB_WORKFLOW: context.workflow,
    GITHUB_JOB: context.job,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: process.arch === 'arm64' ? 'ARM64' : 'X64',
    RUNNER_NAME: 'oasis-local',
    RUNNER_TEMP: runnerTemp,
  } satisfies Record<string, string>;
}
