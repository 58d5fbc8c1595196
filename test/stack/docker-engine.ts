import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processExec } from '../../src/shared/exec.js';
import { startDaemon, stopProcess, waitFor } from './processes.js';

export interface DockerEngine {
  /** True when this call started dockerd; false when an engine was already answering. */
  startedByUs: boolean;
  /** Stops dockerd when we started it; does nothing for an engine we reused. */
  stop(): Promise<void>;
  /** dockerd's process id when we started it. */
  pid?: number;
}

/** Flags that keep the engine off every network but loopback (see DESIGN.md, the local stack). */
export const DOCKERD_ARGS = ['--bridge=none', '--iptables=false', '--ip6tables=false'];

async function engineAnswers(): Promise<boolean> {
  const result = await processExec.run('docker', ['version', '--format', '{{.Server.Version}}'], {
    timeoutMs: 15_000,
  });
  return result.code === 0 && result.stdout.trim() !== '';
}

async function onPath(program: string): Promise<boolean> {
  const result = await processExec.run('sh', ['-c', 'command -v "$1"', 'sh', program]);
  return result.code === 0;
}

async function installDockerIo(): Promise<void> {
  const isRoot = process.getuid?.() === 0;
  if (!isRoot) {
    throw new Error(
      "No Docker engine is running and dockerd is not installed. Install Debian's docker.io " +
        '(as root: apt-get update && apt-get install -y docker.io), or start an engine, then retry.',
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', 'docker.io'],
  ]) {
    const result = await processExec.run('apt-get', args, { env, timeoutMs: 600_000 });
    if (result.code !== 0) {
      throw new Error(`apt-get ${args.join(' ')} failed:\n${result.stderr.slice(-2000)}`);
    }
  }
}

/**
 * Makes sure a Docker engine answers. Reuses a running one; otherwise starts
 * `dockerd --bridge=none --iptables=false --ip6tables=false` (installing Debian's docker.io first
 * when dockerd is missing and we are root).
 */
export async function ensureDockerEngine(): Promise<DockerEngine> {
  if (await engineAnswers()) {
    return { startedByUs: false, stop: async () => undefined };
  }
  if (!(await onPath('dockerd'))) await installDockerIo();
  if (process.getuid?.() !== 0) {
    throw new Error(
      'No Docker engine is running, and starting dockerd needs root. Start one ' +
        `(sudo dockerd ${DOCKERD_ARGS.join(' ')}) or run the tests as root.`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'oasis-dockerd-'));
  const logFile = join(dir, 'dockerd.log');
  const pid = startDaemon('dockerd', DOCKERD_ARGS, logFile);
  await waitFor('dockerd', async () => ((await engineAnswers()) ? true : undefined), {
    timeoutMs: 90_000,
    pid,
    logFile,
    intervalMs: 250,
  });
  return { startedByUs: true, pid, stop: () => stopProcess(pid, 20_000) };
}
