import { systemClock, type Clock } from '../shared/clock.js';
import { UserError } from '../shared/errors.js';
import type { Exec } from '../shared/exec.js';
import { retry } from '../shared/retry.js';

/** What a failed `docker push` means for the next attempt. */
export interface PushFailure {
  retryable: boolean;
  /** Short reason for the log line. */
  reason: string;
  /** A wait the registry asked for (Retry-After), when the output carries one. */
  afterMs?: number;
  /** The registry answered 429. */
  rateLimited?: boolean;
}

const RATE_LIMITED = /toomanyrequests|too many requests|\b429\b/i;
const SERVER_ERROR =
  /\b50[0-4]\b|service unavailable|bad gateway|gateway time-?out|internal server error/i;
const CONNECTION =
  /connection reset|connection refused|broken pipe|unexpected EOF|\bEOF\b|i\/o timeout|TLS handshake timeout|client connection lost|net\/http: request canceled|no such host|server misbehaving|use of closed network connection/i;
const AUTH = /unauthorized|authentication required|denied|forbidden|\b401\b|\b403\b/i;

/** Classifies the output of a failed push: retry on 429, 5xx and dropped connections only. */
export function classifyPushFailure(output: string): PushFailure {
  const lastLine = output.trim().split('\n').filter(Boolean).pop() ?? 'docker push failed';
  if (AUTH.test(output) && !RATE_LIMITED.test(output))
    return { retryable: false, reason: lastLine };
  if (RATE_LIMITED.test(output)) {
    const after = /retry[- ]after[":= ]+(\d+)/i.exec(output);
    return {
      retryable: true,
      rateLimited: true,
      reason: 'rate limited (429)',
      afterMs: after ? Number(after[1]) * 1000 : undefined,
    };
  }
  const server = SERVER_ERROR.exec(output);
  if (server) return { retryable: true, reason: `registry error (${server[0]})` };
  const connection = CONNECTION.exec(output);
  if (connection) return { retryable: true, reason: `connection failed (${connection[0]})` };
  return { retryable: false, reason: lastLine };
}

class PushError extends Error {
  constructor(
    readonly failure: PushFailure,
    readonly output: string,
  ) {
    super(failure.reason);
  }
}

export interface PushOptions {
  env: NodeJS.ProcessEnv;
  /** Extra attempts after the first. */
  retries: number;
  clock?: Clock;
  random?: () => number;
  baseMs?: number;
  maxMs?: number;
  log?: (line: string) => void;
  secrets?: string[];
  /**
   * Asks the registry how long to wait after a 429 (docker push does not print Retry-After):
   * returns the Retry-After of a probe request, if the registry sends one.
   */
  retryAfterProbe?: () => Promise<number | undefined>;
}

/**
 * `docker push ref` with bounded exponential backoff (full jitter, capped) on 429 (a
 * Retry-After in the output wins when longer), 5xx and dropped connections; a clear error
 * with the registry's last words otherwise or when the attempts run out.
 */
export async function pushImage(
  exec: Exec,
  docker: string,
  ref: string,
  options: PushOptions,
): Promise<{ attempts: number }> {
  const attempts = options.retries + 1;
  let used = 0;
  try {
    await retry(
      async (attempt) => {
        used = attempt;
        const result = await exec.run(docker, ['push', ref], {
          env: options.env,
          secrets: options.secrets,
          timeoutMs: 30 * 60_000,
        });
        if (result.code !== 0) {
          const output = `${result.stdout}\n${result.stderr}`;
          const failure = classifyPushFailure(output);
          if (failure.rateLimited && failure.afterMs === undefined && options.retryAfterProbe) {
            failure.afterMs = await options.retryAfterProbe().catch(() => undefined);
          }
          throw new PushError(failure, output);
        }
      },
      {
        attempts,
        baseMs: options.baseMs ?? 1000,
        maxMs: options.maxMs ?? 30_000,
        clock: options.clock ?? systemClock,
        random: options.random,
        decide: (error) => {
          if (!(error instanceof PushError)) return { retry: false };
          return {
            retry: error.failure.retryable,
            afterMs: error.failure.afterMs,
            reason: error.failure.reason,
          };
        },
        onRetry: ({ attempt, waitMs, reason }) =>
          options.log?.(
            `push ${ref}: ${reason}; attempt ${attempt + 1}/${attempts} in ${(waitMs / 1000).toFixed(1)}s`,
          ),
      },
    );
  } catch (error) {
    if (!(error instanceof PushError)) throw error;
    const tail = error.output.trim().split('\n').filter(Boolean).slice(-3).join(' | ');
    if (!error.failure.retryable) {
      const hint = AUTH.test(error.output)
        ? ": the registry refused the credentials; check 'username'/'password' and that they may push to this repository"
        : '';
      throw new UserError(`docker push ${ref} failed${hint}: ${tail}`);
    }
    throw new UserError(
      `docker push ${ref} failed after ${used} attempt${used === 1 ? '' : 's'} (${error.failure.reason}): ${tail}. ` +
        "The registry kept failing; retry the job later or raise 'push-retries'",
    );
  }
  return { attempts: used };
}
