/**
 * A small git port over the Exec port. The token reaches git as an `http.<url>.extraheader`
 * through GIT_CONFIG_COUNT/KEY/VALUE environment entries: never in a URL, an argument, a file
 * or a log line (every captured line is redacted of the token and the header).
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from './errors.js';
import { processExec, type Exec, type ExecResult } from './exec.js';

export interface GitIdentity {
  name: string;
  email: string;
}

export interface GitOptions {
  /** Working directory (the repository). */
  cwd: string;
  exec?: Exec;
  /** Token for HTTP(S) remotes, sent as `AUTHORIZATION: basic base64(x-access-token:TOKEN)`. */
  token?: string;
  /** The remote URL the token is for (its header is scoped to it). */
  remoteUrl?: string;
  /** Called with each output line (already redacted), e.g. core.info. */
  log?: (line: string) => void;
  timeoutMs?: number;
}

/** A git command that failed; the message carries git's own (redacted) error lines. */
export class GitError extends UserError {
  constructor(
    message: string,
    readonly result: ExecResult,
    readonly args: readonly string[],
  ) {
    super(message);
  }
}

/** The header GitHub expects for a token over HTTPS (as actions/checkout sends it). */
export function authHeader(token: string): string {
  return `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
}

/** Refuse URLs that carry credentials: they would end up in logs and .git/config. */
export function assertNoCredentialsInUrl(url: string): void {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/@]*)@/i.exec(url);
  if (match && /^https?:/i.test(url)) {
    throw new UserError(
      'the repository URL carries credentials (user:password@); remove them and pass the token separately',
    );
  }
}

/** Environment that gives git the token and never lets it prompt for anything. */
export function gitEnvironment(token: string | undefined, remoteUrl: string | undefined) {
  const config: Array<[string, string]> = [
    ['credential.helper', ''],
    // No background housekeeping spawned after every fetch and commit of a short-lived clone.
    ['maintenance.auto', 'false'],
    ['gc.auto', '0'],
  ];
  if (token && remoteUrl && /^https?:/i.test(remoteUrl)) {
    const key = `http.${remoteUrl}.extraheader`;
    // An empty value first resets headers persisted by an earlier checkout for this URL.
    config.push([key, ''], [key, authHeader(token)]);
  }
  const env: Record<string, string> = {
    GIT_TERMINAL_PROMPT: '0',
    // Only real transports: no ext:: or fd:: helpers, whatever a URL or a submodule says.
    GIT_ALLOW_PROTOCOL: 'https:http:ssh:file',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    GCM_INTERACTIVE: 'never',
    LC_ALL: 'C',
    GIT_CONFIG_COUNT: String(config.length),
  };
  config.forEach(([key, value], index) => {
    env[`GIT_CONFIG_KEY_${index}`] = key;
    env[`GIT_CONFIG_VALUE_${index}`] = value;
  });
  return env;
}

export interface PushOutcome {
  ok: boolean;
  /** Rejected because the remote moved on (or its ref was locked by a concurrent push). */
  rejected: boolean;
  detail: string;
}

const AUTH_FAILURE =
  /Authentication failed|could not read (Username|Password)|returned error: 40[13]|Invalid username or (password|token)|Permission to .* denied|terminal prompts disabled/i;

export class Git {
  readonly cwd: string;
  private readonly exec: Exec;
  private readonly secrets: string[];
  private readonly env: Record<string, string>;

  constructor(private readonly options: GitOptions) {
    this.cwd = options.cwd;
    this.exec = options.exec ?? processExec;
    this.secrets = options.token
      ? [options.token, authHeader(options.token), authHeader(options.token).split(' ')[2]]
      : [];
    this.env = gitEnvironment(options.token, options.remoteUrl);
  }

  /** Run git; throws GitError unless `allowFailure`. */
  async run(
    args: readonly string[],
    options: { allowFailure?: boolean; input?: string; env?: Record<string, string> } = {},
  ): Promise<ExecResult> {
    const result = await this.exec.run('git', args, {
      cwd: this.cwd,
      env: { ...process.env, ...this.env, ...options.env },
      input: options.input,
      secrets: this.secrets,
      timeoutMs: this.options.timeoutMs,
    });
    if (result.code !== 0 && !options.allowFailure) throw this.failure(args, result);
    return result;
  }

  failure(args: readonly string[], result: ExecResult): GitError {
    const detail = (result.stderr || result.stdout).trim().split('\n').slice(-6).join('\n');
    const command = `git ${args
      .filter((a) => !a.startsWith('-c'))
      .slice(0, 3)
      .join(' ')}`;
    if (AUTH_FAILURE.test(detail)) {
      return new GitError(
        `${command}: authentication to ${this.options.remoteUrl ?? 'the remote'} failed: check that the token is valid and may write to the repository (contents: write)\n${detail}`,
        result,
        args,
      );
    }
    if (result.code === 127) {
      return new GitError(`git is not installed or not on PATH`, result, args);
    }
    return new GitError(`${command} failed (exit ${result.code}):\n${detail}`, result, args);
  }

  async text(args: readonly string[]): Promise<string> {
    return (await this.run(args)).stdout.trim();
  }

  static async clone(
    url: string,
    dir: string,
    options: Omit<GitOptions, 'cwd' | 'remoteUrl'> & { branch?: string },
  ): Promise<Git> {
    const git = new Git({ ...options, cwd: dir, remoteUrl: url });
    const args = ['clone', '--quiet', '--no-tags', '--single-branch'];
    if (options.branch) args.push('--branch', options.branch);
    args.push('--', url, dir);
    const result = await git.exec.run('git', args, {
      env: { ...process.env, ...git.env },
      secrets: git.secrets,
      timeoutMs: options.timeoutMs,
    });
    if (result.code !== 0) {
      if (options.branch && /Remote branch .* not found/i.test(result.stderr)) {
        throw new GitError(`branch '${options.branch}' does not exist in ${url}`, result, args);
      }
      throw git.failure(args, result);
    }
    return git;
  }

  /** Fetch one branch into refs/remotes/origin/<branch>; returns the fetched commit. */
  async fetchBranch(url: string, branch: string): Promise<string> {
    const tracking = `refs/remotes/origin/${branch}`;
    await this.run([
      'fetch',
      '--quiet',
      '--no-tags',
      '--',
      url,
      `+refs/heads/${branch}:${tracking}`,
    ]);
    return this.resolveRef(tracking);
  }

  /**
   * The commit a ref points to. Reads the loose ref file when there is one (a process less per
   * call: it matters in a contended push loop on a busy runner), else asks git.
   */
  async resolveRef(ref: string): Promise<string> {
    const direct = this.readLooseRef(ref);
    if (direct) return direct;
    return this.text(['rev-parse', '--verify', `${ref}^{commit}`]);
  }

  private readLooseRef(ref: string, depth = 0): string | undefined {
    try {
      const gitDir = join(this.cwd, '.git');
      if (depth > 3 || !statSync(gitDir).isDirectory()) return undefined;
      const text = readFileSync(join(gitDir, ref), 'utf8').trim();
      if (/^[0-9a-f]{40}$/.test(text)) return text;
      const symbolic = /^ref: (refs\/\S+)$/.exec(text);
      return symbolic ? this.readLooseRef(symbolic[1], depth + 1) : undefined;
    } catch {
      return undefined;
    }
  }

  /** The commit a remote branch points to, or undefined when it does not exist. */
  async remoteBranch(url: string, branch: string): Promise<string | undefined> {
    const out = await this.text(['ls-remote', '--heads', '--', url, `refs/heads/${branch}`]);
    const line = out.split('\n').find((l) => l.endsWith(`\trefs/heads/${branch}`));
    return line?.split('\t')[0];
  }

  /** Make the working tree exactly `commit` (detached), dropping any local edits of ours. */
  async checkoutDetached(commit: string): Promise<void> {
    await this.run(['checkout', '--quiet', '--force', '--detach', commit]);
  }

  /** The branch HEAD is on, or '' when detached. */
  async currentBranch(): Promise<string> {
    try {
      const text = readFileSync(join(this.cwd, '.git', 'HEAD'), 'utf8').trim();
      const match = /^ref: refs\/heads\/(\S+)$/.exec(text);
      if (match) return match[1];
      if (/^[0-9a-f]{40}$/.test(text)) return '';
    } catch {
      // a worktree or another layout: ask git
    }
    const result = await this.run(['symbolic-ref', '--short', '-q', 'HEAD'], {
      allowFailure: true,
    });
    return result.code === 0 ? result.stdout.trim() : '';
  }

  async head(): Promise<string> {
    return this.resolveRef('HEAD');
  }

  /** Paths with uncommitted changes (porcelain), empty when clean. */
  async dirtyPaths(): Promise<string[]> {
    const out = (await this.run(['status', '--porcelain', '--untracked-files=no'])).stdout;
    return out
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.slice(3));
  }

  /**
   * Commit exactly `paths` with the identity as author and committer; returns the sha.
   * `tracked`: every path is already tracked, so no `git add` is needed first.
   */
  async commit(
    paths: readonly string[],
    message: string,
    identity: GitIdentity,
    options: { tracked?: boolean } = {},
  ): Promise<string> {
    if (!options.tracked) await this.run(['add', '--', ...paths]);
    const env = {
      GIT_AUTHOR_NAME: identity.name,
      GIT_AUTHOR_EMAIL: identity.email,
      GIT_COMMITTER_NAME: identity.name,
      GIT_COMMITTER_EMAIL: identity.email,
    };
    await this.run(['commit', '--quiet', '--no-verify', '--file=-', '--', ...paths], {
      input: message,
      env,
    });
    return this.head();
  }

  /** Push HEAD to a branch, never forcing. A rejection because the remote moved is not thrown. */
  async push(url: string, branch: string): Promise<PushOutcome> {
    const args = ['push', '--porcelain', '--', url, `HEAD:refs/heads/${branch}`];
    const result = await this.run(args, { allowFailure: true });
    const text = `${result.stdout}\n${result.stderr}`;
    if (result.code === 0) return { ok: true, rejected: false, detail: '' };
    const refLine = text.split('\n').find((line) => line.startsWith('!\t'));
    if (
      refLine &&
      /fetch first|non-fast-forward|failed to update ref|failed to lock|cannot lock|stale info|incorrect old value|reference already exists/i.test(
        text,
      )
    ) {
      return { ok: false, rejected: true, detail: refLine.split('\t').slice(2).join(' ').trim() };
    }
    if (/cannot lock ref|Unable to create .*\.lock/i.test(text)) {
      return { ok: false, rejected: true, detail: 'the remote branch was locked by another push' };
    }
    throw this.failure(args, result);
  }

  /** Unified diff between two commits (or commit and working tree when `to` is omitted). */
  async diff(from: string, to?: string, paths: readonly string[] = []): Promise<string> {
    const args = ['diff', '--no-color', '--no-ext-diff', from];
    if (to) args.push(to);
    args.push('--', ...paths);
    return (await this.run(args)).stdout;
  }

  /** The last commit before `tip` that touched `path`: who wrote what we build on. */
  async lastChange(
    tip: string,
    path: string,
  ): Promise<{ sha: string; author: string; subject: string } | undefined> {
    const out = await this.text(['log', '-1', '--format=%H%x09%an%x09%s', tip, '--', path]);
    if (!out) return undefined;
    const [sha, author, ...subject] = out.split('\t');
    return { sha, author, subject: subject.join('\t') };
  }
}
