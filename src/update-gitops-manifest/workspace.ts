/**
 * Where the edits happen: a fresh clone in a private temp dir (default), or the checkout the
 * workflow already made (`path`), which must be clean and is put back on its branch afterwards.
 */
import { mkdtempSync, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UserError } from '../shared/errors.js';
import { Git } from '../shared/git.js';
import type { Exec } from '../shared/exec.js';
import {
  parseRepository,
  type TargetRepository,
  type UpdateGitopsManifestConfig,
} from './inputs.js';

export interface Workspace {
  git: Git;
  root: string;
  repository: TargetRepository;
  branch: string;
  /** A fresh clone made for this run, already on the branch tip. */
  cloned: boolean;
  /** Put things back: remove the temp clone, or return the user's checkout to its branch. */
  finish(result: { landed?: string }): Promise<void>;
}

async function defaultBranch(git: Git, url: string): Promise<string> {
  const out = await git.text(['ls-remote', '--symref', '--', url, 'HEAD']);
  const match = /^ref: refs\/heads\/(\S+)\tHEAD$/m.exec(out);
  if (!match) throw new UserError(`cannot tell the default branch of ${url}; set input 'branch'`);
  return match[1];
}

export async function openWorkspace(
  config: UpdateGitopsManifestConfig,
  exec: Exec | undefined,
  log: (line: string) => void,
): Promise<Workspace> {
  if (config.path) return openCheckout(config, config.path, exec, log);
  const parent = process.env.RUNNER_TEMP || tmpdir();
  const dir = mkdtempSync(join(parent, 'oasis-gitops-'));
  const repository = config.repository!;
  const cleanup = () => fs.rm(dir, { recursive: true, force: true });
  try {
    const git = await Git.clone(repository.url, join(dir, 'repo'), {
      exec,
      token: config.token,
      branch: config.branch,
      timeoutMs: config.timeoutMs,
    });
    const branch = config.branch ?? (await git.currentBranch());
    if (!branch)
      throw new UserError(`${repository.display} has no branch to update; set input 'branch'`);
    log(`Cloned ${repository.display} (${branch})`);
    return { git, root: git.cwd, repository, branch, cloned: true, finish: cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function openCheckout(
  config: UpdateGitopsManifestConfig,
  path: string,
  exec: Exec | undefined,
  log: (line: string) => void,
): Promise<Workspace> {
  const root = resolve(path);
  const probe = new Git({ cwd: root, exec });
  const inside = await probe.run(['rev-parse', '--show-toplevel'], { allowFailure: true });
  if (inside.code !== 0) {
    throw new UserError(`input 'path': '${path}' is not a git checkout`);
  }
  let repository = config.repository;
  if (!repository) {
    const origin = await probe.run(['remote', 'get-url', 'origin'], { allowFailure: true });
    if (origin.code !== 0) {
      throw new UserError(
        `input 'path': the checkout has no 'origin' remote; set input 'repository'`,
      );
    }
    repository = parseRepository(origin.stdout.trim());
  }
  const git = new Git({
    cwd: root,
    exec,
    token: config.token,
    remoteUrl: repository.url,
    timeoutMs: config.timeoutMs,
  });
  const dirty = await git.dirtyPaths();
  if (dirty.length > 0) {
    throw new UserError(
      `input 'path': the checkout has uncommitted changes (${dirty.slice(0, 5).join(', ')}); commit or discard them first`,
    );
  }
  const original = await git.currentBranch();
  const originalSha = await git.head().catch(() => '');
  const branch = config.branch ?? (original || (await defaultBranch(git, repository.url)));
  log(`Using the checkout in ${path} (${repository.display}, ${branch})`);
  return {
    git,
    root,
    repository,
    branch,
    cloned: false,
    async finish({ landed }) {
      // Fast-forward the local branch to what landed when that loses nothing; else go back.
      if (landed && original === branch) {
        const ff = await git.run(['merge-base', '--is-ancestor', originalSha, landed], {
          allowFailure: true,
        });
        if (ff.code === 0) {
          await git.run(['checkout', '--quiet', '--force', '-B', branch, landed]);
          return;
        }
        log(`The local branch ${branch} has commits of its own; left as it was`);
      }
      if (original) await git.run(['checkout', '--quiet', '--force', original]);
      else if (originalSha)
        await git.run(['checkout', '--quiet', '--force', '--detach', originalSha]);
    },
  };
}
