import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOCKERD_ARGS, ensureDockerEngine, type EnginePorts } from '../../stack/docker-engine.js';
import type { Exec, ExecResult } from '../../../src/shared/exec.js';

let logs: string;
beforeAll(() => {
  logs = mkdtempSync(join(tmpdir(), 'oasis-engine-test-'));
});
afterAll(() => rmSync(logs, { recursive: true, force: true }));

const ensure = (ports: Partial<EnginePorts>) =>
  ensureDockerEngine({ logDir: () => logs, ...ports });

/** A machine: whether the engine answers (after `answersAfter` checks), whether dockerd exists. */
function machine(state: { answersAfter: number; dockerd: boolean }) {
  const calls: string[] = [];
  let checks = 0;
  const exec: Exec = {
    run: async (command, args): Promise<ExecResult> => {
      calls.push(`${command} ${args.join(' ')}`);
      if (command === 'docker') {
        checks++;
        return checks > state.answersAfter
          ? { code: 0, stdout: '20.10.24\n', stderr: '' }
          : { code: 1, stdout: '', stderr: 'Cannot connect' };
      }
      if (command === 'sh') return { code: state.dockerd ? 0 : 1, stdout: '', stderr: '' };
      if (command === 'apt-get') {
        if (args[0] === 'install') state.dockerd = true;
        return { code: 0, stdout: '', stderr: '' };
      }
      return { code: 127, stdout: '', stderr: 'not found' };
    },
  };
  return { exec, calls };
}

describe('ensureDockerEngine', () => {
  it('reuses an engine that answers and will not stop it', async () => {
    const { exec, calls } = machine({ answersAfter: 0, dockerd: true });
    const engine = await ensure({
      exec,
      startDaemon: () => {
        throw new Error('must not start dockerd');
      },
    });
    expect(engine.startedByUs).toBe(false);
    expect(calls).toEqual(['docker version --format {{.Server.Version}}']);
  });

  it('starts dockerd on loopback-only flags when none runs, and waits until it answers', async () => {
    const { exec } = machine({ answersAfter: 2, dockerd: true });
    const started: Array<{ command: string; args: readonly string[] }> = [];
    const engine = await ensure({
      exec,
      isRoot: () => true,
      startDaemon: (command, args) => {
        started.push({ command, args });
        return process.pid; // alive, so waitFor keeps polling until the engine answers
      },
    });
    expect(started).toEqual([{ command: 'dockerd', args: DOCKERD_ARGS }]);
    expect(DOCKERD_ARGS).toEqual(['--bridge=none', '--iptables=false', '--ip6tables=false']);
    expect(engine).toMatchObject({ startedByUs: true, pid: process.pid });
  });

  it("installs Debian's docker.io first when dockerd is missing and we are root", async () => {
    const { exec, calls } = machine({ answersAfter: 1, dockerd: false });
    await ensure({ exec, isRoot: () => true, startDaemon: () => process.pid });
    expect(calls).toContain('apt-get install -y -qq --no-install-recommends docker.io');
  });

  it('says what to install when dockerd is missing and we are not root', async () => {
    const { exec } = machine({ answersAfter: 99, dockerd: false });
    await expect(ensure({ exec, isRoot: () => false })).rejects.toThrow(
      "dockerd is not installed. Install Debian's docker.io (as root: apt-get update && apt-get install -y docker.io)",
    );
  });

  it('says how to start one when dockerd exists but we are not root', async () => {
    const { exec } = machine({ answersAfter: 99, dockerd: true });
    await expect(ensure({ exec, isRoot: () => false })).rejects.toThrow(
      'starting dockerd needs root. Start one (sudo dockerd --bridge=none --iptables=false --ip6tables=false)',
    );
  });

  it("reports dockerd's log when it exits before answering", async () => {
    const { exec } = machine({ answersAfter: 99, dockerd: true });
    await expect(
      ensureDockerEngine({
        exec,
        isRoot: () => true,
        startDaemon: () => 2 ** 22 + 12345,
        timeoutMs: 5000,
      }),
    ).rejects.toThrow('dockerd: the process exited');
  });
});
