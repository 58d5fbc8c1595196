import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

/** Starts a long-running program detached from the test process, output to `logFile`. */
export function startDaemon(
  command: string,
  args: readonly string[],
  logFile: string,
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): number {
  const log = openSync(logFile, 'a');
  try {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', log, log],
    });
    child.on('error', () => undefined);
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${command}`);
    return child.pid;
  } finally {
    closeSync(log);
  }
}

export function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie (exited, not yet reaped) still answers signal 0: read its state.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return true;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopProcess(pid: number | undefined, graceMs = 10_000): Promise<void> {
  if (!pid || !isAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(50);
  if (isAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return;
    }
    const killDeadline = Date.now() + 5_000;
    while (isAlive(pid) && Date.now() < killDeadline) await sleep(50);
  }
}

/** Thrown by a `waitFor` check to stop waiting at once (other errors count as "not yet"). */
export class GiveUp extends Error {}

/** Polls `check` until it returns a value, the process dies, or the time is up. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  options: { timeoutMs: number; pid?: number; logFile?: string; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await check().catch((error: unknown) => {
      if (error instanceof GiveUp) throw error;
      return undefined;
    });
    if (value !== undefined) return value;
    const dead = options.pid !== undefined && !isAlive(options.pid);
    if (dead || Date.now() > deadline) {
      let tail = '';
      if (options.logFile) {
        try {
          tail = readFileSync(options.logFile, 'utf8').split('\n').slice(-15).join('\n');
        } catch {
          tail = '';
        }
      }
      const why = dead ? 'the process exited' : `not ready after ${options.timeoutMs} ms`;
      throw new Error(`${what}: ${why}${tail ? `\n--- ${options.logFile}\n${tail}` : ''}`);
    }
    await sleep(options.intervalMs ?? 100);
  }
}
