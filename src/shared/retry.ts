import { systemClock, type Clock } from './clock.js';

export interface RetryDecision {
  retry: boolean;
  /** Wait at least this long before the next attempt (e.g. from a Retry-After header). */
  afterMs?: number;
  /** Why, for the log line. */
  reason?: string;
}

export interface RetryOptions {
  /** Attempts in total, including the first. */
  attempts: number;
  baseMs?: number;
  maxMs?: number;
  /** Give up once the next wait would pass this absolute time (Clock time). */
  deadline?: number;
  clock?: Clock;
  random?: () => number;
  decide: (error: unknown, attempt: number) => RetryDecision;
  onRetry?: (info: { attempt: number; waitMs: number; error: unknown; reason?: string }) => void;
}

/** Exponential backoff with full jitter, capped, honouring a server's requested wait. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number) {
  const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions) {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const baseMs = options.baseMs ?? 500;
  const maxMs = options.maxMs ?? 30_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const decision = options.decide(error, attempt);
      if (!decision.retry || attempt >= options.attempts) throw error;
      const waitMs = Math.max(decision.afterMs ?? 0, backoffDelay(attempt, baseMs, maxMs, random));
      if (options.deadline !== undefined && clock.now() + waitMs > options.deadline) throw error;
      options.onRetry?.({ attempt, waitMs, error, reason: decision.reason });
      await clock.sleep(waitMs);
    }
  }
}

/** Parse an HTTP Retry-After header (seconds or an HTTP date) into milliseconds. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()) {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
