/**
 * One attempt of an HTTP check: send the request, judge the response against every expectation.
 */
import type { HttpCheck, HttpExpectations, StatusRange } from './checks.js';
import { HttpTransportError, type HttpRequester, type HttpResponse } from './http-requester.js';
import { jsonEqual, lookup } from './json-path.js';
import { redact } from '../shared/exec.js';

/** A check's request with `${NAME}` references already replaced. */
export interface PreparedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  ca?: string;
  insecure: boolean;
  /** Substituted values, redacted from every reason. */
  secrets: string[];
}

export interface AttemptOutcome {
  ok: boolean;
  /** What was seen: `200`, `503`, `connection refused`, `timeout`. */
  status: string;
  /** Latency of each response of the attempt (`requests` of them when all answered). */
  latenciesMs: number[];
  /** Why it failed (all failed expectations), for the log and the summary. */
  reason?: string;
  /** The attempt timed out only because the deadline cut its request timeout short. */
  cutByDeadline?: boolean;
}

/**
 * One attempt: `check.requests` requests one after the other; it passes when every response meets
 * every expectation and the p95 of their latencies is within `p95-latency`.
 * @param timeLeft milliseconds until the deadline; each request's timeout is cut to it
 */
export async function attemptHttp(
  check: HttpCheck,
  prepared: PreparedRequest,
  http: HttpRequester,
  timeLeft: () => number,
  signal?: AbortSignal,
): Promise<AttemptOutcome> {
  const latenciesMs: number[] = [];
  const redacted = (text: string) => redact(text, prepared.secrets);
  let status = '';
  for (let index = 0; index < check.requests; index++) {
    const timeoutMs = Math.max(1, Math.min(check.timeoutMs, timeLeft()));
    let response: HttpResponse;
    try {
      response = await http.request({
        url: prepared.url,
        method: prepared.method,
        headers: prepared.headers,
        body: prepared.body,
        timeoutMs,
        ca: prepared.ca,
        insecure: prepared.insecure,
        signal,
      });
    } catch (error) {
      if (!(error instanceof HttpTransportError)) throw error;
      const timedOut = error.code === 'ETIMEDOUT';
      return {
        ok: false,
        status: timedOut ? 'timeout' : error.message,
        latenciesMs,
        reason: redacted(`${error.message}${ofRequests(index, check.requests)}`),
        cutByDeadline: timedOut && timeoutMs < check.timeoutMs,
      };
    }
    latenciesMs.push(response.latencyMs);
    status = String(response.status);
    const problems = judge(check.expect, response);
    if (problems.length > 0) {
      return {
        ok: false,
        status,
        latenciesMs,
        reason: redacted(`${problems.join('; ')}${ofRequests(index, check.requests)}`),
      };
    }
  }
  const budget = check.expect.p95LatencyMs;
  if (budget !== undefined) {
    const p95 = nearestRank(latenciesMs, 95);
    if (p95 > budget) {
      return {
        ok: false,
        status,
        latenciesMs,
        reason: `p95 latency ${Math.round(p95)}ms over the budget of ${budget}ms (${latenciesMs.length} requests)`,
      };
    }
  }
  return { ok: true, status, latenciesMs };
}

function ofRequests(index: number, total: number): string {
  return total > 1 ? ` (request ${index + 1} of ${total})` : '';
}

function nearestRank(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1];
}

function formatRanges(ranges: StatusRange[]): string {
  return ranges
    .map((range) =>
      range.from === range.to
        ? String(range.from)
        : range.to - range.from === 99 && range.from % 100 === 0
          ? `${range.from / 100}xx`
          : `${range.from}-${range.to}`,
    )
    .join(', ');
}

function snippet(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max)}…` : flat);
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** Every unmet expectation, in words; empty when the response passes. */
export function judge(expect: HttpExpectations, response: HttpResponse): string[] {
  const problems: string[] = [];
  if (
    !expect.status.some((range) => response.status >= range.from && response.status <= range.to)
  ) {
    problems.push(
      expect.statusGiven
        ? `status ${response.status}, expected ${formatRanges(expect.status)}`
        : `status ${response.status} is an error (no status expected; any below 400 passes)`,
    );
  }
  if (expect.maxLatencyMs !== undefined && response.latencyMs > expect.maxLatencyMs) {
    problems.push(
      `latency ${Math.round(response.latencyMs)}ms over the budget of ${expect.maxLatencyMs}ms`,
    );
  }
  for (const text of expect.bodyContains) {
    if (!response.body.includes(text)) {
      problems.push(
        `body does not contain ${JSON.stringify(text)} (body: ${snippet(response.body)})`,
      );
    }
  }
  if (expect.bodyRegex && !expect.bodyRegex.test(response.body)) {
    problems.push(
      `body does not match /${expect.bodyRegex.source}/ (body: ${snippet(response.body)})`,
    );
  }
  if (expect.json.length > 0) {
    let parsed: unknown;
    let parsedOk = true;
    try {
      parsed = JSON.parse(response.body);
    } catch {
      parsedOk = false;
      problems.push(`body is not JSON (body: ${snippet(response.body)})`);
    }
    if (parsedOk) {
      for (const assertion of expect.json) {
        const found = lookup(parsed, assertion.steps);
        if (assertion.exists === false) {
          if (found.found) problems.push(`JSON ${assertion.path} exists, expected it absent`);
          continue;
        }
        if (!found.found) {
          problems.push(`JSON ${assertion.path} is missing`);
          continue;
        }
        if (assertion.hasEquals && !jsonEqual(found.value, assertion.equals)) {
          problems.push(
            `JSON ${assertion.path} is ${show(found.value)}, expected ${show(assertion.equals)}`,
          );
        }
        if (assertion.matches) {
          const text = typeof found.value === 'string' ? found.value : JSON.stringify(found.value);
          if (!assertion.matches.test(text)) {
            problems.push(
              `JSON ${assertion.path} is ${show(found.value)}, which does not match /${assertion.matches.source}/`,
            );
          }
        }
      }
    }
  }
  for (const header of expect.headers) {
    const value = response.headers[header.name];
    if (value === undefined) problems.push(`header ${header.name} is missing`);
    else if (!value.toLowerCase().includes(header.contains.toLowerCase())) {
      problems.push(
        `header ${header.name} is ${JSON.stringify(value)}, expected it to contain ${JSON.stringify(header.contains)}`,
      );
    }
  }
  return problems;
}
