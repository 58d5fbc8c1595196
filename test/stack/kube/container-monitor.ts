// Watches running containers with one batched `docker inspect` per tick and reports each exit
// (exit code, OOMKilled, start and finish times) to whoever waits for it.
import { processExec } from '../../../src/shared/exec.js';

export interface ExitInfo {
  exitCode: number;
  oomKilled: boolean;
  startedAt?: string;
  finishedAt?: string;
  error?: string;
  /** The container vanished (removed behind our back). */
  missing?: boolean;
}

const trimTime = (t: string | undefined) =>
  t && !t.startsWith('0001-') ? t.replace(/\.\d+Z$/, 'Z') : undefined;

export class ContainerMonitor {
  private readonly waiters = new Map<string, Array<(e: ExitInfo) => void>>();
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly intervalMs = 200) {}

  waitExit(id: string): Promise<ExitInfo> {
    return new Promise((resolve) => {
      const list = this.waiters.get(id) ?? [];
      list.push(resolve);
      this.waiters.set(id, list);
      this.schedule();
    });
  }

  /** Stops waiting for `id` (its waiters get a synthetic exit 137). */
  forget(id: string): void {
    const list = this.waiters.get(id);
    this.waiters.delete(id);
    for (const r of list ?? []) r({ exitCode: 137, oomKilled: false, missing: true });
  }

  private schedule() {
    if (this.timer || this.stopped || this.waiters.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tick().finally(() => this.schedule());
    }, this.intervalMs);
  }

  private async tick() {
    const ids = [...this.waiters.keys()];
    if (ids.length === 0) return;
    const r = await processExec.run(
      'docker',
      [
        'inspect',
        '--format',
        '{{.Id}}|{{.State.Running}}|{{.State.ExitCode}}|{{.State.OOMKilled}}|{{.State.StartedAt}}|{{.State.FinishedAt}}|{{.State.Error}}',
        ...ids,
      ],
      { timeoutMs: 30_000 },
    );
    const seen = new Set<string>();
    for (const line of r.stdout.split('\n')) {
      const [id, running, exitCode, oom, startedAt, finishedAt, error] = line.split('|');
      if (!id) continue;
      seen.add(id);
      if (running === 'true') continue;
      this.resolve(id, {
        exitCode: Number(exitCode),
        oomKilled: oom === 'true',
        startedAt: trimTime(startedAt),
        finishedAt: trimTime(finishedAt),
        error: error || undefined,
      });
    }
    if (r.code !== 0) {
      for (const id of ids) {
        if (!seen.has(id) && /No such (object|container)/i.test(r.stderr)) {
          this.resolve(id, { exitCode: 137, oomKilled: false, missing: true });
        }
      }
    }
  }

  private resolve(id: string, info: ExitInfo) {
    const list = this.waiters.get(id);
    this.waiters.delete(id);
    for (const r of list ?? []) r(info);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const id of [...this.waiters.keys()]) this.forget(id);
  }
}
