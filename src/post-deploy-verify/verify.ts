/**
 * The check engine: runs checks with a concurrency limit against one deadline, retrying each
 * failing check with jittered backoff until it passes or the deadline comes, and decides the
 * verdict. A library: k8s-rollout (blue-green pre-switch, canary steps) and deploy call it
 * in-process.
 */
import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import { UserError, errorMessage } from '../shared/errors.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { backoffDelay } from '../shared/retry.js';
import { formatDuration } from '../shared/duration.js';
import type { Check, HttpCheck, KubernetesCheck, PrometheusCheck } from './checks.js';
import { expandEnv } from './env-template.js';
import { attemptHttp, type PreparedRequest } from './http-check.js';
import { createHttpRequester, type HttpRequester } from './http-requester.js';
import { runAnalysis, type Measurement } from './prometheus-analysis.js';
import type { PodWatcher } from './kubernetes-check.js';

export type Verdict = 'pass' | 'fail' | 'inconclusive';

export interface CheckResult {
  name: string;
  kind: Check['kind'];
  verdict: Verdict;
  /** Requests or measurements made. */
  attempts: number;
  /** Last thing seen: an HTTP status, an error, a metric value, pods ready. */
  lastStatus: string;
  /** Why the check did not pass (empty when it passed). */
  reason?: string;
  /** What was checked: the URL, the query, the workload. */
  target: string;
  /** Where a person can look: the URL checked, or the query in Prometheus' graph page. */
  link?: string;
  latencyMs: { p50?: number; p95?: number; max?: number };
  durationMs: number;
  /** Line of the check in the checks file. */
  line?: number;
  measurements?: Measurement[];
}

export interface VerifyConfig {
  checks: Check[];
  /** Time budget of the whole run, in milliseconds. */
  deadlineMs: number;
  /** Checks run at the same time. */
  concurrency: number;
}

export interface VerifyPorts {
  http?: HttpRequester;
  clock?: Clock;
  /** Environment for `${NAME}` references. */
  env?: Record<string, string | undefined>;
  /** Progress lines (one per state change). */
  log?: (line: string) => void;
  /** Called with every substituted secret value (core.setSecret in an action). */
  mask?: (value: string) => void;
  readFile?: (path: string) => string;
  /** Pods of a workload, for kubernetes checks. */
  pods?: PodWatcher;
  random?: () => number;
}

export interface VerifyReport {
  verdict: Verdict;
  startedAt: string;
  durationMs: number;
  deadlineMs: number;
  concurrency: number;
  checks: CheckResult[];
}

export interface VerifyResult {
  verdict: Verdict;
  checks: CheckResult[];
  report: VerifyReport;
}

const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 5_000;
/** No attempt is started with less time than this left before the deadline. */
const MIN_ATTEMPT_MS = 200;

/** pass when every check passed; fail when any failed; otherwise inconclusive. */
export function overallVerdict(results: readonly { verdict: Verdict }[]): Verdict {
  if (results.some((result) => result.verdict === 'fail')) return 'fail';
  if (results.some((result) => result.verdict === 'inconclusive')) return 'inconclusive';
  return 'pass';
}

/** Nearest-rank percentile of a list of numbers. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

function latencySummary(values: number[]) {
  const round = (value: number | undefined) =>
    value === undefined ? undefined : Math.round(value * 10) / 10;
  return {
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    max: round(values.length ? Math.max(...values) : undefined),
  };
}

interface Prepared {
  check: Check;
  request?: PreparedRequest;
  headers?: Record<string, string>;
  secrets: string[];
}

/** Expand `${NAME}` references and read CA files before anything runs: errors come first. */
function prepare(
  check: Check,
  ports: Required<Pick<VerifyPorts, 'env' | 'mask' | 'readFile'>>,
): Prepared {
  const secrets: string[] = [];
  const expandMap = (map: Record<string, string>, what: string) => {
    const out: Record<string, string> = {};
    for (const [name, template] of Object.entries(map)) {
      const expanded = expandEnv(template, ports.env, `check '${check.name}': ${what} '${name}'`);
      secrets.push(...expanded.secrets);
      out[name] = expanded.value;
    }
    return out;
  };
  if (check.kind === 'http') {
    const headers = expandMap(check.headers, 'header');
    let body: string | undefined;
    if (check.body !== undefined) {
      const expanded = expandEnv(check.body, ports.env, `check '${check.name}': the body`);
      secrets.push(...expanded.secrets);
      body = expanded.value;
    }
    let ca: string | undefined;
    if (check.tls.caFile) {
      try {
        ca = ports.readFile(check.tls.caFile);
      } catch (error) {
        throw new UserError(
          `check '${check.name}': tls.ca-file '${check.tls.caFile}' cannot be read: ${errorMessage(error)}`,
        );
      }
    }
    for (const secret of secrets) ports.mask(secret);
    return {
      check,
      secrets,
      request: {
        url: check.url,
        method: check.method,
        headers,
        body,
        ca,
        insecure: check.tls.insecure,
        secrets,
      },
    };
  }
  if (check.kind === 'prometheus') {
    const headers = expandMap(check.headers, 'header');
    for (const secret of secrets) ports.mask(secret);
    return { check, secrets, headers };
  }
  return { check, secrets };
}

function linkOf(check: Check): string | undefined {
  if (check.kind === 'http') return check.method === 'GET' ? check.url : undefined;
  if (check.kind === 'prometheus') {
    return `${check.address}/graph?g0.expr=${encodeURIComponent(check.query)}&g0.tab=1`;
  }
  return undefined;
}

function targetOf(check: Check): string {
  if (check.kind === 'http') return `${check.method} ${check.url}`;
  if (check.kind === 'prometheus') return check.query;
  return `${check.namespace}/${check.deployment ? `deployment/${check.deployment}` : check.selector}`;
}

/** Run every check; resolves with the verdict, or throws a UserError for a broken check. */
export async function verify(config: VerifyConfig, ports: VerifyPorts = {}): Promise<VerifyResult> {
  const clock = ports.clock ?? systemClock;
  const log = ports.log ?? ((line: string) => core.info(line));
  const ownHttp = ports.http === undefined;
  const http = ports.http ?? createHttpRequester();
  const env = ports.env ?? process.env;
  const mask = ports.mask ?? ((value: string) => core.setSecret(value));
  const readFile = ports.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const random = ports.random ?? Math.random;

  if (config.checks.length === 0) throw new UserError('no checks to run');
  for (const check of config.checks) {
    if (check.kind === 'prometheus') {
      const needed = check.initialDelayMs + (check.count - 1) * check.intervalMs;
      if (needed > config.deadlineMs) {
        throw new UserError(
          `check '${check.name}': ${check.count} measurements ${formatDuration(check.intervalMs)} apart ` +
            `need ${formatDuration(needed)}, more than the deadline of ${formatDuration(config.deadlineMs)}; ` +
            'raise deadline or lower count/interval',
        );
      }
    }
    if (check.kind === 'kubernetes' && !ports.pods) {
      throw new UserError(
        `check '${check.name}': kubernetes checks need a cluster; set the kubeconfig input (or KUBECONFIG)`,
      );
    }
  }
  const prepared = config.checks.map((check) => prepare(check, { env, mask, readFile }));

  const startedAt = clock.now();
  const deadline = startedAt + config.deadlineMs;
  const abort = new AbortController();
  const results: CheckResult[] = new Array(config.checks.length);
  let next = 0;
  let failure: unknown;

  const runOne = async (item: Prepared): Promise<CheckResult> => {
    const { check } = item;
    const began = clock.now();
    const base = {
      name: check.name,
      kind: check.kind,
      target: targetOf(check),
      link: linkOf(check),
      line: check.line,
    };
    if (check.kind === 'http') {
      const outcome = await runHttp(check, item.request!, {
        http,
        clock,
        deadline,
        log,
        random,
        signal: abort.signal,
      });
      return { ...base, ...outcome, durationMs: clock.now() - began };
    }
    if (check.kind === 'prometheus') {
      const outcome = await runAnalysis(check as PrometheusCheck, {
        http,
        clock,
        headers: item.headers ?? {},
        secrets: item.secrets,
        deadline,
        log,
        signal: abort.signal,
      });
      return {
        ...base,
        verdict: outcome.verdict,
        attempts: outcome.measurements.length,
        lastStatus: outcome.lastStatus,
        reason: outcome.reason,
        latencyMs: latencySummary(outcome.latenciesMs),
        measurements: outcome.measurements,
        durationMs: clock.now() - began,
      };
    }
    const { watchPods } = await import('./kubernetes-check.js');
    const outcome = await watchPods(check as KubernetesCheck, ports.pods!, {
      clock,
      deadline,
      log,
      signal: abort.signal,
    });
    return { ...base, ...outcome, latencyMs: {}, durationMs: clock.now() - began };
  };

  const worker = async () => {
    while (next < prepared.length && failure === undefined) {
      const index = next++;
      try {
        results[index] = await runOne(prepared[index]);
      } catch (error) {
        if (failure === undefined) failure = error;
        abort.abort();
      }
    }
  };
  const workers = Math.max(1, Math.min(config.concurrency, prepared.length));
  try {
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    if (ownHttp) http.close?.();
  }
  if (failure !== undefined) throw failure;

  const verdict = overallVerdict(results);
  const report: VerifyReport = {
    verdict,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: clock.now() - startedAt,
    deadlineMs: config.deadlineMs,
    concurrency: config.concurrency,
    checks: results,
  };
  return { verdict, checks: results, report };
}

interface HttpRunContext {
  http: HttpRequester;
  clock: Clock;
  deadline: number;
  log: (line: string) => void;
  random: () => number;
  signal: AbortSignal;
}

/**
 * Attempts until the check passes or the deadline comes. Each request's timeout is cut to the
 * time left, and the wait before the next attempt never passes the deadline, so a check that
 * never passes fails at the deadline: not before, and not later than one request would take.
 */
async function runHttp(check: HttpCheck, request: PreparedRequest, context: HttpRunContext) {
  const { clock, log } = context;
  const latencies: number[] = [];
  let attempts = 0;
  let lastReason: string | undefined;
  let lastStatus = '';
  const done = (verdict: Verdict, reason?: string) => ({
    verdict,
    attempts,
    lastStatus,
    reason,
    latencyMs: latencySummary(latencies),
  });
  for (;;) {
    const remaining = context.deadline - clock.now();
    if (remaining <= 0 && attempts > 0) break;
    attempts++;
    const outcome = await attemptHttp(
      check,
      request,
      context.http,
      () => context.deadline - clock.now(),
      context.signal,
    );
    if (context.signal.aborted) return done('inconclusive', 'cancelled');
    latencies.push(...outcome.latenciesMs);
    if (outcome.cutByDeadline && lastReason !== undefined) {
      // The last attempt ran out of time at the deadline: the reason before it says more.
      break;
    }
    lastStatus = outcome.status;
    if (outcome.ok) {
      const last = outcome.latenciesMs[outcome.latenciesMs.length - 1];
      const latency = last === undefined ? '' : `, ${Math.round(last)}ms`;
      log(
        `${check.name}: passed (${outcome.status}${latency}) after ${attempts} attempt${attempts > 1 ? 's' : ''}`,
      );
      return done('pass');
    }
    if (outcome.reason !== lastReason) {
      log(
        `${check.name}: attempt ${attempts} failed: ${outcome.reason}; retrying until the deadline`,
      );
      lastReason = outcome.reason;
    }
    const left = context.deadline - clock.now();
    if (left <= 0) break;
    const wait = Math.min(
      backoffDelay(attempts, BACKOFF_BASE_MS, BACKOFF_MAX_MS, context.random),
      left,
    );
    if (left - wait < MIN_ATTEMPT_MS) {
      // Too little time after the wait for a meaningful attempt: wait for the deadline.
      await clock.sleep(left, context.signal);
      break;
    }
    await clock.sleep(wait, context.signal);
    if (context.signal.aborted) return done('inconclusive', 'cancelled');
  }
  log(
    `${check.name}: failed at the deadline after ${attempts} attempt${attempts > 1 ? 's' : ''}: ${lastReason}`,
  );
  return done('fail', lastReason);
}
