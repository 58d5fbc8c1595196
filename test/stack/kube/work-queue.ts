// A keyed work queue: each key is reconciled serially, changes while it runs requeue it once,
// and a reconcile may ask to be called again after a delay (time-based conditions).
export type Reconcile = (key: string) => Promise<number | void> | number | void;

export class WorkQueue {
  private readonly dirty = new Set<string>();
  private readonly running = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;
  private scheduled = false;

  constructor(
    private readonly name: string,
    private readonly reconcile: Reconcile,
  ) {}

  add(key: string, delayMs = 0): void {
    if (this.stopped) return;
    if (delayMs > 0) {
      const existing = this.timers.get(key);
      if (existing) clearTimeout(existing);
      const t = setTimeout(() => {
        this.timers.delete(key);
        this.add(key);
      }, delayMs);
      t.unref();
      this.timers.set(key, t);
      return;
    }
    this.dirty.add(key);
    this.schedule();
  }

  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      for (const key of [...this.dirty]) {
        if (this.running.has(key)) continue;
        this.dirty.delete(key);
        void this.run(key);
      }
    });
  }

  private async run(key: string) {
    this.running.add(key);
    try {
      const again = await this.reconcile(key);
      if (typeof again === 'number' && again >= 0) this.add(key, Math.max(again, 1));
    } catch (err) {
      if (!this.stopped) {
        const status = (err as { code?: number }).code;
        // 409 (a write raced another write) and 404 (object gone) are normal: retry soon.
        if (status !== 409 && status !== 404)
          console.error(`kube double: ${this.name} ${key}:`, err);
        this.add(key, 50);
      }
    } finally {
      this.running.delete(key);
      if (this.dirty.has(key)) this.schedule();
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.dirty.clear();
  }
}
