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
  latencyMs?: number;
  /** Why it failed (all failed expectations), for the log and the summary. */
  reason?: string;
}

export async function attemptHttp(
  check: HttpCheck,
  prepared: PreparedRequest,
  http: HttpRequester,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<AttemptOutcome> {
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
    if (error instanceof HttpTransportError) {
      const status = error.code === 'ETIMEDOUT' ? 'timeout' : error.message;
      return { ok: false, status, reason: redact(error.message, prepared.secrets) };
    }
    throw error;
  }
  const problems = judge(check.expect, response);
  return {
    ok: problems.length === 0,
    status: String(response.status),
    latencyMs: response.latencyMs,
    reason: problems.length ? redact(problems.join('; '), prepared.secrets) : undefined,
  };
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
