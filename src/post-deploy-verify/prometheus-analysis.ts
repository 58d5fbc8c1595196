/**
 * Prometheus analysis as Argo Rollouts' AnalysisTemplate runs it: `count` measurements every
 * `interval`; each measurement is successful, failed or inconclusive; the analysis fails once
 * failures exceed `failure-limit`, is inconclusive once inconclusive measurements exceed
 * `inconclusive-limit`, and passes when all measurements are taken without either.
 */
import { UserError } from '../shared/errors.js';
import { redact } from '../shared/exec.js';
import { formatDuration } from '../shared/duration.js';
import type { Clock } from '../shared/clock.js';
import type { PrometheusCheck } from './checks.js';
import { HttpTransportError, type HttpRequester } from './http-requester.js';

export type MeasurementPhase = 'successful' | 'failed' | 'inconclusive';

export interface Measurement {
  phase: MeasurementPhase;
  /** The values the condition was evaluated on (one per vector element). */
  values: { labels: Record<string, string>; value: number }[];
  at: string;
  message?: string;
}

export interface AnalysisOutcome {
  verdict: 'pass' | 'fail' | 'inconclusive';
  measurements: Measurement[];
  /** Queries sent, including retried ones. */
  queries: number;
  lastStatus: string;
  reason?: string;
  latenciesMs: number[];
}

interface QueryResult {
  values: { labels: Record<string, string>; value: number }[];
  latencyMs: number;
}

const TRANSPORT_ATTEMPTS = 3;

/** One instant query; throws UserError for anything a person has to fix. */
export async function queryPrometheus(
  check: PrometheusCheck,
  http: HttpRequester,
  headers: Record<string, string>,
  secrets: string[],
  clock: Clock,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<QueryResult & { attempts: number }> {
  const url = `${check.address}/api/v1/query`;
  const body = new URLSearchParams({ query: check.query }).toString();
  let lastError = '';
  for (let attempt = 1; attempt <= TRANSPORT_ATTEMPTS; attempt++) {
    let response;
    try {
      response = await http.request({
        url,
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body,
        timeoutMs,
        signal,
      });
    } catch (error) {
      if (!(error instanceof HttpTransportError)) throw error;
      if (error.code === 'ABORTED') throw error;
      lastError = redact(error.message, secrets);
      if (attempt < TRANSPORT_ATTEMPTS) await clock.sleep(500 * attempt, signal);
      continue;
    }
    let parsed: {
      status?: string;
      errorType?: string;
      error?: string;
      data?: { resultType?: string; result?: unknown };
    };
    try {
      parsed = JSON.parse(response.body);
    } catch {
      if (response.status >= 500 && attempt < TRANSPORT_ATTEMPTS) {
        lastError = `HTTP ${response.status}`;
        await clock.sleep(500 * attempt, signal);
        continue;
      }
      throw new UserError(
        `check '${check.name}': ${check.address} did not answer as the Prometheus HTTP API ` +
          `(HTTP ${response.status}, not JSON); check the address`,
      );
    }
    if (parsed.status === 'error') {
      if (
        response.status >= 500 &&
        parsed.errorType !== 'execution' &&
        attempt < TRANSPORT_ATTEMPTS
      ) {
        lastError = `${parsed.errorType}: ${parsed.error}`;
        await clock.sleep(500 * attempt, signal);
        continue;
      }
      const what =
        parsed.errorType === 'bad_data' ? 'invalid PromQL' : `query failed (${parsed.errorType})`;
      throw new UserError(
        `check '${check.name}': ${what}: ${parsed.error} (query: ${check.query})`,
      );
    }
    if (parsed.status !== 'success' || !parsed.data) {
      throw new UserError(
        `check '${check.name}': ${check.address} did not answer as the Prometheus HTTP API (HTTP ${response.status})`,
      );
    }
    return { ...toValues(check, parsed.data), latencyMs: response.latencyMs, attempts: attempt };
  }
  throw new UserError(
    `check '${check.name}': Prometheus at ${check.address} is unreachable: ${lastError} ` +
      `(${TRANSPORT_ATTEMPTS} attempts)`,
  );
}

function toValues(check: PrometheusCheck, data: { resultType?: string; result?: unknown }) {
  const values: QueryResult['values'] = [];
  if (data.resultType === 'scalar') {
    const [, value] = data.result as [number, string];
    values.push({ labels: {}, value: Number(value) });
  } else if (data.resultType === 'vector') {
    for (const sample of data.result as {
      metric: Record<string, string>;
      value: [number, string];
    }[]) {
      values.push({ labels: sample.metric ?? {}, value: Number(sample.value[1]) });
    }
  } else if (data.resultType === 'matrix') {
    throw new UserError(
      `check '${check.name}': the query returns a range vector; wrap it in a function such as rate() or avg_over_time() (query: ${check.query})`,
    );
  } else {
    throw new UserError(
      `check '${check.name}': the query returns a ${data.resultType}, not a number (query: ${check.query})`,
    );
  }
  return { values };
}

function labelText(labels: Record<string, string>): string {
  const entries = Object.entries(labels).filter(([name]) => name !== '__name__');
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${v}"`).join(',')}}` : '';
}

/** Judge one query result with the check's conditions. */
export function judgeMeasurement(check: PrometheusCheck, values: QueryResult['values']) {
  if (values.length === 0) {
    return { phase: 'inconclusive' as const, message: 'no samples (empty result)' };
  }
  const nanAllowed = /isNaN/.test(`${check.conditionText} ${check.failureConditionText ?? ''}`);
  if (!nanAllowed && values.some((sample) => Number.isNaN(sample.value))) {
    return {
      phase: 'inconclusive' as const,
      message: 'result is NaN (no data in the window yet?)',
    };
  }
  const shown = values
    .slice(0, 5)
    .map(
      (sample) =>
        `${labelText(sample.labels)}${labelText(sample.labels) ? ' ' : ''}${formatNumber(sample.value)}`,
    )
    .join(', ');
  const more = values.length > 5 ? ` and ${values.length - 5} more` : '';
  if (check.failureCondition) {
    const failing = values.filter((sample) => check.failureCondition!(sample.value));
    if (failing.length > 0) {
      return {
        phase: 'failed' as const,
        message: `${failing.map((s) => formatNumber(s.value)).join(', ')} meets failure-condition ${check.failureConditionText}`,
      };
    }
    if (values.every((sample) => check.condition(sample.value))) {
      return { phase: 'successful' as const, message: `${shown}${more}` };
    }
    return {
      phase: 'inconclusive' as const,
      message: `${shown}${more} meets neither condition nor failure-condition`,
    };
  }
  const failing = values.filter((sample) => !check.condition(sample.value));
  if (failing.length === 0) return { phase: 'successful' as const, message: `${shown}${more}` };
  const failingShown = failing
    .slice(0, 5)
    .map((s) => `${labelText(s.labels)}${labelText(s.labels) ? ' ' : ''}${formatNumber(s.value)}`)
    .join(', ');
  return {
    phase: 'failed' as const,
    message: `${failingShown}${failing.length > 5 ? ` and ${failing.length - 5} more` : ''} does not meet ${check.conditionText}`,
  };
}

export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}

export interface AnalysisContext {
  http: HttpRequester;
  clock: Clock;
  headers: Record<string, string>;
  secrets: string[];
  deadline: number;
  log: (line: string) => void;
  signal?: AbortSignal;
}

export async function runAnalysis(
  check: PrometheusCheck,
  context: AnalysisContext,
): Promise<AnalysisOutcome> {
  const { clock, log } = context;
  const measurements: Measurement[] = [];
  const latenciesMs: number[] = [];
  let queries = 0;
  let failed = 0;
  let inconclusive = 0;
  let lastStatus = '';
  const finish = (verdict: AnalysisOutcome['verdict'], reason?: string): AnalysisOutcome => ({
    verdict,
    measurements,
    queries,
    lastStatus,
    reason,
    latenciesMs,
  });

  if (check.initialDelayMs > 0) {
    log(
      `${check.name}: waiting ${formatDuration(check.initialDelayMs)} before the first measurement`,
    );
    await clock.sleep(
      Math.min(check.initialDelayMs, Math.max(0, context.deadline - clock.now())),
      context.signal,
    );
  }
  for (let index = 1; index <= check.count; index++) {
    if (context.signal?.aborted) return finish('inconclusive', 'cancelled');
    const remaining = context.deadline - clock.now();
    if (remaining <= 0) {
      return finish(
        'inconclusive',
        `deadline reached after ${index - 1} of ${check.count} measurements`,
      );
    }
    const result = await queryPrometheus(
      check,
      context.http,
      context.headers,
      context.secrets,
      clock,
      Math.min(check.timeoutMs, remaining),
      context.signal,
    );
    queries += result.attempts;
    latenciesMs.push(result.latencyMs);
    const judged = judgeMeasurement(check, result.values);
    measurements.push({
      phase: judged.phase,
      values: result.values,
      at: new Date(clock.now()).toISOString(),
      message: judged.message,
    });
    lastStatus =
      result.values.length === 0
        ? 'no samples'
        : result.values.length === 1
          ? formatNumber(result.values[0].value)
          : `${result.values.length} series`;
    log(`${check.name}: measurement ${index}/${check.count} ${judged.phase}: ${judged.message}`);
    if (judged.phase === 'failed') failed++;
    if (judged.phase === 'inconclusive') inconclusive++;
    if (failed > check.failureLimit) {
      return finish(
        'fail',
        `${failed} failed measurement${failed > 1 ? 's' : ''} (failure-limit ${check.failureLimit}): ${judged.phase === 'failed' ? judged.message : measurements.filter((m) => m.phase === 'failed').pop()?.message}`,
      );
    }
    if (inconclusive > check.inconclusiveLimit) {
      return finish(
        'inconclusive',
        `${inconclusive} inconclusive measurement${inconclusive > 1 ? 's' : ''} (inconclusive-limit ${check.inconclusiveLimit}): ${judged.message}`,
      );
    }
    if (index < check.count) {
      const wait = check.intervalMs;
      if (clock.now() + wait > context.deadline) {
        return finish(
          'inconclusive',
          `deadline reached after ${index} of ${check.count} measurements`,
        );
      }
      await clock.sleep(wait, context.signal);
    }
  }
  return finish('pass');
}
