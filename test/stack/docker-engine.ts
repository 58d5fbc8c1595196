import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processExec, type Exec } from '../../src/shared/exec.js';
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

/** What ensureDockerEngine touches, replaceable in its unit test. */
export interface EnginePorts {
  exec: Exec;
  isRoot: () => boolean;
  startDaemon: (command: string, args: readonly string[], logFile: string) => number;
  /** How long to wait for a started dockerd to answer. */
  timeoutMs: number;
  /** Where dockerd's log goes (a new temp dir). */
  logDir: () => string;
}

const realPorts: EnginePorts = {
  exec: processExec,
  isRoot: () => process.getuid?.() === 0,
  startDaemon,
  timeoutMs: 90_000,
  logDir: () => mkdtempSync(join(tmpdir(), 'oasis-dockerd-')),
};

async function engineAnswers(exec: Exec): Promise<boolean> {
  const result = await exec.run('docker', ['version', '--format', '{{.Server.Version}}'], {
    timeoutMs: 15_000,
  });
  return result.code === 0 && result.stdout.trim() !== '';
}

async function onPath(exec: Exec, program: string): Promise<boolean> {
  const result = await exec.run('sh', ['-c', 'command -v "$1"', 'sh', program]);
  return result.code === 0;
}

async function installDockerIo(ports: EnginePorts): Promise<void> {
  if (!ports.isRoot()) {
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
    const result = await ports.exec.run('apt-get', args, { env, timeoutMs: 600_000 });
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
export async function ensureDockerEngine(
  overrides: Partial<EnginePorts> = {},
): Promise<DockerEngine> {
  const ports = { ...realPorts, ...overrides };
  if (await engineAnswers(ports.exec)) {
    return { startedByUs: false, stop: async () => undefined };
  }
  if (!(await onPath(ports.exec, 'dockerd'))) await installDockerIo(ports);
  if (!ports.isRoot()) {
    throw new Error(
      'No Docker engine is running, and starting dockerd needs root. Start one ' +
        `(sudo dockerd ${DOCKERD_ARGS.join(' ')}) or run the tests as root.`,
    );
  }
  const logFile = join(ports.logDir(), 'dockerd.log');
  const pid = ports.startDaemon('dockerd', DOCKERD_ARGS, logFile);
  await waitFor('dockerd', async () => ((await engineAnswers(ports.exec)) ? true : undefined), {
    timeoutMs: ports.timeoutMs,
    pid,
    logFile,
    intervalMs: 250,
  });
  return { startedByUs: true, pid, stop: () => stopProcess(pid, 20_000) };
}
