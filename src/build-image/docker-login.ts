import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, UserError } from '../shared/errors.js';
import type { Exec } from '../shared/exec.js';

export interface DockerSession {
  /** Environment for every docker command of this build (DOCKER_CONFIG set when we logged in). */
  env: NodeJS.ProcessEnv;
  /** Logs out and removes the private config; safe to call more than once. */
  close(): Promise<void>;
}

/** Runner temp (RUNNER_TEMP) or the OS temp dir: where 0600 secret files and private configs go. */
export function runnerTemp(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUNNER_TEMP && existsSync(env.RUNNER_TEMP) ? env.RUNNER_TEMP : tmpdir();
}

/**
 * With credentials: `docker login --password-stdin` into a private DOCKER_CONFIG temp dir (so
 * the runner's own config never holds them), with the user's cli-plugins and buildx builders
 * linked in. Without credentials: the ambient docker config, unchanged.
 */
export async function openDockerSession(
  exec: Exec,
  docker: string,
  login: { registry: string; username: string; password: string } | undefined,
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = () => undefined,
): Promise<DockerSession> {
  if (!login) return { env, close: async () => undefined };
  const dir = mkdtempSync(join(runnerTemp(env), 'oasis-docker-config-'));
  const userConfig = env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
  for (const shared of ['cli-plugins', 'buildx']) {
    if (existsSync(join(userConfig, shared)))
      symlinkSync(join(userConfig, shared), join(dir, shared));
  }
  const sessionEnv = { ...env, DOCKER_CONFIG: dir };
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    try {
      await exec.run(docker, ['logout', login.registry], {
        env: sessionEnv,
        secrets: [login.password],
        timeoutMs: 60_000,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    const result = await exec.run(
      docker,
      ['login', '--username', login.username, '--password-stdin', login.registry],
      {
        env: sessionEnv,
        input: login.password,
        secrets: [login.password],
        timeoutMs: 120_000,
      },
    );
    if (result.code !== 0) {
      const detail = (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ');
      if (/unauthorized|denied|incorrect|401|403/i.test(detail)) {
        throw new ConfigError(
          'password',
          `docker login to ${login.registry} as '${login.username}' was refused (${detail}); check 'username' and 'password' (a token needs push rights)`,
        );
      }
      throw new UserError(`docker login to ${login.registry} failed: ${detail}`);
    }
    log(`Logged in to ${login.registry} as ${login.username} (private DOCKER_CONFIG)`);
    return { env: sessionEnv, close };
  } catch (error) {
    await close();
    throw error;
  }
}
