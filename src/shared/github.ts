/**
 * The one GitHub API client of the suite: Octokit from @actions/github with the retry and
 * throttling plugins, GHES through GITHUB_API_URL, and API failures turned into errors a user
 * can act on (which permission the token lacks, which thing was not found).
 */
import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { UserError } from './errors.js';

export interface GitHubClientOptions {
  token: string;
  /** API base URL; default GITHUB_API_URL, then https://api.github.com. */
  baseUrl?: string;
  /** Prepended to Octokit's own user agent. */
  userAgent?: string;
  /** Name of the input the token came from, for error messages (default 'github-token'). */
  tokenInput?: string;
  /** Retries of a failed request (5xx, 429, secondary rate limit). Default 3. */
  retries?: number;
  /** Milliseconds per second of Retry-After and of backoff (tests shorten it). Default 1000. */
  retryAfterBaseMs?: number;
  /** Give up on a rate-limited request when GitHub asks to wait longer than this. Default 600 s. */
  maxRetryAfterSeconds?: number;
  /**
   * Space writes as GitHub asks integrations to (1 s apart, 3 s for ones that notify people).
   * Default true; tests against the local double turn it off.
   */
  spaceWrites?: boolean;
  /** Where retry and rate-limit notes go. Default core.info. */
  log?: (message: string) => void;
}

export type GitHubClient = ReturnType<typeof getOctokit>;

/** Default API base: GITHUB_API_URL (set by the runner, also on GHES) or api.github.com. */
export function apiBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  if (!options.token) {
    throw new UserError(
      `no GitHub token: set input '${options.tokenInput ?? 'github-token'}' (the default is \${{ github.token }})`,
    );
  }
  const log = options.log ?? ((message: string) => core.info(message));
  const retries = options.retries ?? 3;
  const baseMs = options.retryAfterBaseMs ?? 1000;
  const maxWait = options.maxRetryAfterSeconds ?? 600;
  const octokit = getOctokit(
    options.token,
    {
      baseUrl: (options.baseUrl ?? apiBaseUrl()).replace(/\/+$/, ''),
      userAgent: options.userAgent ?? 'oasis-actions',
      retry: { retries, retryAfterBaseValue: baseMs },
      throttle: {
        retryAfterBaseValue: baseMs,
        ...((options.spaceWrites === false ? unspacedWrites : {}) as object),
        onRateLimit: (retryAfter: number, request: RequestInfo, _octokit: unknown, count: number) =>
          decide('rate limit', retryAfter, request, count),
        onSecondaryRateLimit: (
          retryAfter: number,
          request: RequestInfo,
          _octokit: unknown,
          count: number,
        ) => decide('secondary rate limit', retryAfter, request, count),
      },
      log: { debug: () => undefined, info: () => undefined, warn: log, error: log },
    },
    retry,
    throttling,
  );
  function decide(kind: string, retryAfter: number, request: RequestInfo, count: number) {
    const what = `${request.method} ${request.url}`;
    if (count >= retries || retryAfter > maxWait) {
      log(
        `GitHub ${kind} on ${what}: giving up after ${count} retries (asked to wait ${retryAfter}s)`,
      );
      return false;
    }
    log(`GitHub ${kind} on ${what}: retrying in ${retryAfter}s`);
    return true;
  }
  const tokenInput = options.tokenInput ?? 'github-token';
  octokit.hook.error('request', (error, request) => {
    throw toGitHubApiError(error, request as unknown as RequestInfo, tokenInput);
  });
  return octokit;
}

/** Stand-ins for the throttling plugin's write and notification limiters: run at once. */
const immediate = {
  key: () => ({
    schedule: (...args: unknown[]) =>
      (args.find((a) => typeof a === 'function') as () => unknown)(),
  }),
};
const unspacedWrites = {
  write: immediate,
  notifications: immediate,
  triggersNotification: () => false,
};

interface RequestInfo {
  method: string;
  url: string;
}

interface ResponseLike {
  status?: number;
  headers?: Record<string, string | number | undefined>;
  data?: unknown;
}

/** A failed GitHub API call, explained. `status` is kept so callers can branch on 404 etc. */
export class GitHubApiError extends UserError {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  /** The permission GitHub said was needed (from X-Accepted-GitHub-Permissions), if any. */
  readonly permission?: string;
  readonly documentationUrl?: string;
  readonly headers: Record<string, string | number | undefined>;

  constructor(
    message: string,
    details: {
      status: number;
      method: string;
      path: string;
      permission?: string;
      documentationUrl?: string;
      headers?: Record<string, string | number | undefined>;
      cause?: unknown;
    },
  ) {
    super(message, { cause: details.cause });
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.permission = details.permission;
    this.documentationUrl = details.documentationUrl;
    this.headers = details.headers ?? {};
  }
}

/** Permission a route needs, for when GitHub does not say (the X-Accepted header is missing). */
const ROUTE_PERMISSIONS: Array<[RegExp, string]> = [
  [/\/orgs\/[^/]+\/teams\/[^/]+\/(memberships|members)/, 'members'],
  [/\/repos\/[^/]+\/[^/]+\/issues/, 'issues'],
  [/\/repos\/[^/]+\/[^/]+\/pulls/, 'pull-requests'],
  [/\/repos\/[^/]+\/[^/]+\/code-scanning/, 'security-events'],
  [/\/repos\/[^/]+\/[^/]+\/deployments/, 'deployments'],
  [/\/repos\/[^/]+\/[^/]+\/statuses/, 'statuses'],
  [/\/repos\/[^/]+\/[^/]+\/(git|contents)\//, 'contents'],
];

/** `issues=write; pull_requests=write,contents=read` → `issues: write` (first set, readable). */
export function acceptedPermissions(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const sets = header
    .split(';')
    .map((set) =>
      set
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)
        .map((part) => part.replace(/_/g, '-').replace('=', ': '))
        .join(' and '),
    )
    .filter(Boolean);
  return sets.length ? sets.join(' or ') : undefined;
}

function guessPermission(method: string, path: string): string | undefined {
  const entry = ROUTE_PERMISSIONS.find(([pattern]) => pattern.test(path));
  if (!entry) return undefined;
  return `${entry[1]}: ${method.toUpperCase() === 'GET' ? 'read' : 'write'}`;
}

function permissionHint(permission: string, tokenInput: string): string {
  if (permission.startsWith('members')) {
    return (
      `the token in '${tokenInput}' lacks the organization permission '${permission}'; ` +
      `the workflow's GITHUB_TOKEN can never have it, so pass a GitHub App token or a PAT with ` +
      `read:org in '${tokenInput}'`
    );
  }
  const [name, level] = permission.split(' and ')[0].split(' or ')[0].split(': ');
  return (
    `the token in '${tokenInput}' lacks the '${permission}' permission; ` +
    `add \`permissions: { ${name}: ${level ?? 'write'} }\` to the job (or give the token that access)`
  );
}

/** Turn an Octokit RequestError into a GitHubApiError; anything below 400 passes unchanged. */
export function toGitHubApiError(
  error: unknown,
  request: RequestInfo,
  tokenInput = 'github-token',
) {
  const status = (error as { status?: number }).status;
  if (typeof status !== 'number' || status < 400) return error;
  const response = ((error as { response?: ResponseLike }).response ?? {}) as ResponseLike;
  const headers = response.headers ?? {};
  const data = (response.data ?? {}) as { message?: string; documentation_url?: string };
  const apiMessage = typeof data.message === 'string' ? data.message : String(status);
  const sent = (error as { request?: { method?: string; url?: string } }).request ?? {};
  const method = (sent.method ?? request.method ?? 'GET').toUpperCase();
  let path = sent.url ?? request.url ?? '';
  try {
    path = new URL(path, 'http://x').pathname;
  } catch {
    // keep as is
  }
  const what = `${method} ${path}`;
  const fromHeader = acceptedPermissions(headers['x-accepted-github-permissions'] as string);
  const permission = fromHeader ?? guessPermission(method, path);
  let explanation: string;
  if (status === 401) {
    explanation = `GitHub rejected the token in '${tokenInput}' (${apiMessage}): check that the secret is set, spelled right and not expired`;
  } else if (status === 403 && /rate limit/i.test(apiMessage)) {
    explanation = `GitHub rate limit hit and retries did not help (${apiMessage})`;
  } else if (status === 403 && permission) {
    explanation = `${apiMessage}: ${permissionHint(permission, tokenInput)}`;
  } else if (status === 404) {
    explanation = `${apiMessage}: it does not exist, or the token in '${tokenInput}' cannot see it`;
  } else {
    const errors = Array.isArray((data as { errors?: unknown }).errors)
      ? ((data as { errors: Array<Record<string, unknown>> }).errors ?? [])
      : [];
    const details = errors
      .map((e) =>
        typeof e === 'string'
          ? e
          : String(e.message ?? [e.field, e.code, e.value].filter(Boolean).join(' ')),
      )
      .filter(Boolean);
    explanation = details.length ? `${apiMessage}: ${details.join('; ')}` : apiMessage;
  }
  const doc = data.documentation_url ? ` (${data.documentation_url})` : '';
  return new GitHubApiError(`GitHub API ${what} failed with ${status}: ${explanation}${doc}`, {
    status,
    method,
    path,
    permission,
    documentationUrl: data.documentation_url,
    headers,
    cause: error,
  });
}

/** The repository and run a workflow step runs for, from the runner's environment. */
export interface RepositoryContext {
  owner: string;
  repo: string;
  /** `owner/repo`. */
  repository: string;
  sha: string;
  ref: string;
  serverUrl: string;
  apiUrl: string;
  runId: string;
  /** Link to the workflow run, e.g. https://github.com/o/r/actions/runs/123 ('' without a run). */
  runUrl: string;
  /** The user who started the run (GITHUB_TRIGGERING_ACTOR, else GITHUB_ACTOR). */
  actor: string;
}

/** Read the repository context; `repository` overrides GITHUB_REPOSITORY (`owner/repo`). */
export function repositoryContext(
  env: NodeJS.ProcessEnv = process.env,
  repository?: string,
): RepositoryContext {
  const full = (repository || env.GITHUB_REPOSITORY || '').trim();
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(full);
  if (!match) {
    throw new UserError(
      full
        ? `repository '${full}' is not of the form owner/name`
        : 'no repository: GITHUB_REPOSITORY is not set (run inside GitHub Actions or name the repository)',
    );
  }
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const runId = env.GITHUB_RUN_ID ?? '';
  const runRepo = env.GITHUB_REPOSITORY || full;
  return {
    owner: match[1],
    repo: match[2],
    repository: full,
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    serverUrl,
    apiUrl: apiBaseUrl(env),
    runId,
    runUrl: runId ? `${serverUrl}/${runRepo}/actions/runs/${runId}` : '',
    actor: env.GITHUB_TRIGGERING_ACTOR || env.GITHUB_ACTOR || '',
  };
}
