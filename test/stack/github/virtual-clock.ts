/**
 * An accelerated clock for waits: `sleep` jumps virtual time forward at once, running every
 * scheduled action (a reviewer commenting, a fault starting) at its exact virtual time on the
 * way. Pass `clock.now` to startGitHubDouble so API timestamps follow the same time.
 */
import type { Clock } from '../../../src/shared/clock.js';

export class VirtualClock implements Clock {
  private time: number;
  private readonly start: number;
  private readonly events: Array<{ at: number; action: () => unknown }> = [];
  /** Virtual times at which scheduled actions ran, by label. */
  readonly happened = new Map<string, number>();
  sleeps = 0;

  constructor(start = Date.parse('2026-06-01T09:00:00Z')) {
    this.time = start;
    this.start = start;
  }

  now = (): number => this.time;

  /** Milliseconds since the clock started. */
  elapsed(): number {
    return this.time - this.start;
  }

  /** Run `action` when virtual time reaches start + offsetMs. */
  at(offsetMs: number, action: () => unknown, label?: string): void {
    const at = this.start + offsetMs;
    this.events.push({
      at,
      action: () => {
        if (label) this.happened.set(label, at);
        return action();
      },
    });
    this.events.sort((a, b) => a.at - b.at);
  }

  /** Run `action` at `offsetMs` after the current virtual time. */
  after(offsetMs: number, action: () => unknown, label?: string): void {
    this.at(this.time - this.start + offsetMs, action, label);
  }

  /** Jumps to now + ms, or to the moment an action aborts `signal`, as a real sleep would. */
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps++;
    const target = this.time + Math.max(0, ms);
    while (this.events.length && this.events[0].at <= target && !signal?.aborted) {
      const event = this.events.shift()!;
      this.time = Math.max(this.time, event.at);
      await event.action();
    }
    if (!signal?.aborted) this.time = target;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
