/**
 * The checks file: YAML (or JSON) validated against the shipped JSON Schema, then turned into
 * typed checks. Every problem is reported at the line and column where it is, naming the check.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { UserError, quote } from '../shared/errors.js';
import { parseDuration } from '../shared/duration.js';
import { validateCheck } from './checks-validator.generated.js';
import { ConditionSyntaxError, parseCondition, type Condition } from './condition.js';
import { parseJsonPath, type PathStep } from './json-path.js';

export type CheckKind = 'http' | 'prometheus' | 'kubernetes';

interface CheckBase {
  name: string;
  /** 1-based line of the check in its file, for messages and annotations. */
  line?: number;
}

/** An inclusive range of accepted HTTP statuses; a single status has from === to. */
export interface StatusRange {
  from: number;
  to: number;
}

export interface JsonAssertion {
  path: string;
  steps: PathStep[];
  equals?: unknown;
  hasEquals: boolean;
  matches?: RegExp;
  exists?: boolean;
}

export interface HttpExpectations {
  /** Accepted statuses. When the file names none, any status below 400 is accepted. */
  status: StatusRange[];
  statusGiven: boolean;
  bodyContains: string[];
  bodyRegex?: RegExp;
  json: JsonAssertion[];
  /** Lower-case header name and a text its value must contain (case-insensitive). */
  headers: { name: string; contains: string }[];
  maxLatencyMs?: number;
  /** Bound of the 95th percentile of the latencies of an attempt's requests. */
  p95LatencyMs?: number;
}

export interface HttpCheck extends CheckBase {
  kind: 'http';
  /** Absolute http(s) URL (paths are resolved against base-url while parsing). */
  url: string;
  method: string;
  /** Header templates; `${NAME}` is replaced from the environment and masked at run time. */
  headers: Record<string, string>;
  /** Body template (JSON text for an object body); `${NAME}` as for headers. */
  body?: string;
  timeoutMs: number;
  /** Requests per attempt, sent one after the other. */
  requests: number;
  tls: { caFile?: string; insecure: boolean };
  expect: HttpExpectations;
}

export interface PrometheusCheck extends CheckBase {
  kind: 'prometheus';
  /** Prometheus base URL without a trailing slash. */
  address: string;
  query: string;
  conditionText: string;
  condition: Condition;
  failureConditionText?: string;
  failureCondition?: Condition;
  intervalMs: number;
  count: number;
  failureLimit: number;
  inconclusiveLimit: number;
  initialDelayMs: number;
  timeoutMs: number;
  headers: Record<string, string>;
}

export interface KubernetesCheck extends CheckBase {
  kind: 'kubernetes';
  namespace: string;
  deployment?: string;
  selector?: string;
  windowMs: number;
}

export type Check = HttpCheck | PrometheusCheck | KubernetesCheck;

export interface ParseContext {
  /** Base for checks whose url is a path. */
  baseUrl?: string;
  /** Default Prometheus address. */
  prometheusUrl?: string;
  /** Default namespace of kubernetes checks. */
  namespace?: string;
}

/** A mistake in the checks file, with where it is. */
export class ChecksError extends UserError {
  constructor(
    message: string,
    readonly source: string,
    readonly line?: number,
    readonly column?: number,
    readonly file?: string,
  ) {
    super(message);
  }
}

export const DEFAULT_HTTP_TIMEOUT_MS = 10_000;
export const DEFAULT_PROMETHEUS_INTERVAL_MS = 10_000;
export const DEFAULT_KUBERNETES_WINDOW_MS = 30_000;

/**
 * Parse and validate a checks document.
 * @param text YAML or JSON text
 * @param source where it came from, for messages: a file path, or `input 'checks'`
 * @param file set when `source` is a file, so errors can be annotated on it
 */
export function parseChecks(
  text: string,
  source: string,
  context: ParseContext = {},
  file?: string,
): Check[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return { line: undefined, column: undefined };
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const fail = (offset: number | undefined, problem: string): never => {
    const { line, column } = at(offset);
    const where = line === undefined ? source : `${source}, line ${line}, column ${column}`;
    throw new ChecksError(`${where}: ${problem}`, source, line, column, file);
  };

  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    fail(error.pos[0], `not valid YAML: ${error.message.split('\n')[0]}`);
  }
  const root = doc.contents as Node | null;
  if (!root) fail(undefined, 'no checks: the document is empty');
  const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  const listNode = isSeq(root) ? root : isMap(root) ? root.get('checks', true) : undefined;
  const prefix: (string | number)[] = isSeq(root) ? [] : ['checks'];

  if (isMap(root)) {
    const extra = root.items.find((pair) => !isScalar(pair.key) || pair.key.value !== 'checks');
    if (extra) {
      fail(
        nodeOffset(extra.key as Node),
        `unknown field ${quote(String(scalarText(extra.key as Node)))} at the top; ` +
          'write a list of checks, or an object with only a checks: list',
      );
    }
    if (!root.has('checks')) fail(nodeOffset(root), 'missing the checks: list');
  } else if (!isSeq(root)) {
    fail(nodeOffset(root), 'expected a list of checks, or an object with a checks: list');
  }
  const listValue = Array.isArray(value) ? value : (value as Record<string, unknown>).checks;
  if (!Array.isArray(listValue)) {
    fail(nodeOffset(listNode as Node), 'checks: must be a list of checks');
  } else if (listValue.length === 0) {
    fail(nodeOffset(listNode as Node), 'no checks: the list is empty');
  }

  const list = listValue as unknown[];
  const names = new Map<string, number>();
  const checks: Check[] = [];
  list.forEach((raw, index) => {
    const path = [...prefix, index];
    const node = doc.getIn(path, true) as Node | undefined;
    const label = checkLabel(raw, index);
    const failHere = (subPath: (string | number)[], problem: string, onKey = false): never =>
      fail(offsetOf(doc, [...path, ...subPath], onKey), `${label}: ${problem}`);

    if (!validateCheckSchema(raw)) {
      const error = pickError(validateCheckSchema.errors ?? []);
      const { subPath, onKey, problem } = describe(error);
      failHere(subPath, problem, onKey);
    }
    const item = raw as Record<string, unknown>;
    const kind = (item.kind as CheckKind | undefined) ?? 'http';
    const name = typeof item.name === 'string' ? item.name : defaultName(kind, item);
    const previous = names.get(name);
    if (previous !== undefined) {
      failHere(
        ['name'],
        `the name ${quote(name)} is already used by check #${previous + 1}; names must be unique` +
          (typeof item.name === 'string' ? '' : ' (give each check a name:)'),
      );
    }
    names.set(name, index);
    const line = node?.range ? at(node.range[0]).line : undefined;
    const common = { name, line };
    if (kind === 'http') checks.push(httpCheck(item, common, context, failHere));
    else if (kind === 'prometheus') checks.push(prometheusCheck(item, common, context, failHere));
    else checks.push(kubernetesCheck(item, common, context, failHere));
  });
  return checks;
}

type FailHere = (subPath: (string | number)[], problem: string, onKey?: boolean) => never;

function duration(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number') return Math.round(value * 1000);
  return parseDuration(String(value)) ?? fallback;
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) out[key] = String(item);
  }
  return out;
}

function compileRegex(pattern: string, subPath: (string | number)[], failHere: FailHere) {
  try {
    return new RegExp(pattern);
  } catch (error) {
    return failHere(
      subPath,
      `${quote(pattern)} is not a valid regular expression: ${(error as Error).message}`,
    );
  }
}

function statusRange(item: unknown): StatusRange {
  if (typeof item === 'number') return { from: item, to: item };
  const text = String(item).trim().toLowerCase();
  const klass = /^([1-5])xx$/.exec(text);
  if (klass) return { from: Number(klass[1]) * 100, to: Number(klass[1]) * 100 + 99 };
  const [from, to] = text.split('-').map((part) => Number(part.trim()));
  return { from, to: to ?? from };
}

function resolveUrl(url: string, context: ParseContext, failHere: FailHere): string {
  const absolute = /^[A-Za-z][A-Za-z0-9+.-]*:/.test(url);
  if (absolute) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return failHere(['url'], `${quote(url)} is not a valid URL`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      return failHere(['url'], `${quote(url)} is not an http(s) URL`);
    }
    return parsed.toString();
  }
  if (!context.baseUrl) {
    return failHere(
      ['url'],
      `${quote(url)} is a path but the base-url input is not set; set base-url or write a full http(s) URL`,
    );
  }
  const joined = `${context.baseUrl.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
  try {
    return new URL(joined).toString();
  } catch {
    return failHere(['url'], `${quote(joined)} (base-url + path) is not a valid URL`);
  }
}

function httpCheck(
  item: Record<string, unknown>,
  common: CheckBase,
  context: ParseContext,
  failHere: FailHere,
): HttpCheck {
  const url = resolveUrl(String(item.url), context, failHere);
  const expect = item.expect as Record<string, unknown>;
  const headers = stringMap(item.headers);
  let body: string | undefined;
  if (typeof item.body === 'string') body = item.body;
  else if (item.body !== undefined) {
    body = JSON.stringify(item.body);
    if (!Object.keys(headers).some((key) => key.toLowerCase() === 'content-type')) {
      headers['Content-Type'] = 'application/json';
    }
  }
  const statusValue = expect.status;
  const status =
    statusValue === undefined
      ? [{ from: 100, to: 399 }]
      : (Array.isArray(statusValue) ? statusValue : [statusValue]).map(statusRange);
  status.forEach((range, i) => {
    if (range.from > range.to) {
      failHere(
        ['expect', 'status', ...(Array.isArray(statusValue) ? [i] : [])],
        `the status range ${range.from}-${range.to} is empty; write the lower status first`,
      );
    }
  });
  const bodyContains =
    expect['body-contains'] === undefined
      ? []
      : ([] as string[]).concat(expect['body-contains'] as string | string[]);
  const json = ((expect.json as Record<string, unknown>[] | undefined) ?? []).map(
    (assertion, i) => {
      const path = String(assertion.path);
      const steps = parseJsonPath(path);
      if (!steps) {
        failHere(
          ['expect', 'json', i, 'path'],
          `${quote(path)} is not a JSON path; write e.g. status, $.data.items[0].id`,
        );
      }
      return {
        path,
        steps: steps!,
        equals: assertion.equals,
        hasEquals: Object.prototype.hasOwnProperty.call(assertion, 'equals'),
        matches:
          assertion.matches === undefined
            ? undefined
            : compileRegex(String(assertion.matches), ['expect', 'json', i, 'matches'], failHere),
        exists: assertion.exists as boolean | undefined,
      };
    },
  );
  const tls = (item.tls as Record<string, unknown> | undefined) ?? {};
  return {
    ...common,
    kind: 'http',
    url,
    method: String(item.method ?? (body === undefined ? 'GET' : 'POST')).toUpperCase(),
    headers,
    body,
    timeoutMs: duration(item.timeout, DEFAULT_HTTP_TIMEOUT_MS),
    requests: (item.requests as number | undefined) ?? 1,
    tls: { caFile: tls['ca-file'] as string | undefined, insecure: tls.insecure === true },
    expect: {
      status,
      statusGiven: statusValue !== undefined,
      bodyContains,
      bodyRegex:
        expect['body-regex'] === undefined
          ? undefined
          : compileRegex(String(expect['body-regex']), ['expect', 'body-regex'], failHere),
      json,
      headers: Object.entries(stringMap(expect.headers)).map(([name, contains]) => ({
        name: name.toLowerCase(),
        contains,
      })),
      maxLatencyMs:
        expect['max-latency'] === undefined ? undefined : duration(expect['max-latency'], 0),
      p95LatencyMs:
        expect['p95-latency'] === undefined ? undefined : duration(expect['p95-latency'], 0),
    },
  };
}

function condition(text: string, field: string, failHere: FailHere): Condition {
  try {
    return parseCondition(text);
  } catch (error) {
    if (error instanceof ConditionSyntaxError) {
      return failHere([field], `${field} ${quote(text)} is not valid: ${error.message}`);
    }
    throw error;
  }
}

function prometheusCheck(
  item: Record<string, unknown>,
  common: CheckBase,
  context: ParseContext,
  failHere: FailHere,
): PrometheusCheck {
  const address = (item.address as string | undefined) ?? context.prometheusUrl;
  if (!address) {
    failHere(
      ['kind'],
      'no Prometheus address: set address: on the check or the prometheus-url input',
    );
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(address!);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    failHere(['address'], `Prometheus address ${quote(address!)} is not an http(s) URL`);
  }
  const conditionText = String(item.condition);
  const failureConditionText = item['failure-condition'] as string | undefined;
  return {
    ...common,
    kind: 'prometheus',
    address: address!.replace(/\/+$/, ''),
    query: String(item.query),
    conditionText,
    condition: condition(conditionText, 'condition', failHere),
    failureConditionText,
    failureCondition:
      failureConditionText === undefined
        ? undefined
        : condition(failureConditionText, 'failure-condition', failHere),
    intervalMs: duration(item.interval, DEFAULT_PROMETHEUS_INTERVAL_MS),
    count: (item.count as number | undefined) ?? 1,
    failureLimit: (item['failure-limit'] as number | undefined) ?? 0,
    inconclusiveLimit: (item['inconclusive-limit'] as number | undefined) ?? 0,
    initialDelayMs: duration(item['initial-delay'], 0),
    timeoutMs: duration(item.timeout, DEFAULT_HTTP_TIMEOUT_MS),
    headers: stringMap(item.headers),
  };
}

function kubernetesCheck(
  item: Record<string, unknown>,
  common: CheckBase,
  context: ParseContext,
  failHere: FailHere,
): KubernetesCheck {
  if (item.deployment === undefined && item.selector === undefined) {
    failHere(['kind'], 'name the pods to watch with deployment: <name> or selector: <labels>');
  }
  return {
    ...common,
    kind: 'kubernetes',
    namespace: (item.namespace as string | undefined) ?? context.namespace ?? 'default',
    deployment: item.deployment as string | undefined,
    selector: item.selector as string | undefined,
    windowMs: duration(item.window, DEFAULT_KUBERNETES_WINDOW_MS),
  };
}

function defaultName(kind: CheckKind, item: Record<string, unknown>): string {
  if (kind === 'http') {
    const method = item.method ?? (item.body === undefined ? 'GET' : 'POST');
    return `${String(method).toUpperCase()} ${String(item.url)}`;
  }
  if (kind === 'prometheus') return String(item.query);
  return `pods of ${String(item.deployment ?? item.selector)}`;
}

function checkLabel(raw: unknown, index: number): string {
  const name =
    raw && typeof raw === 'object' && typeof (raw as Record<string, unknown>).name === 'string'
      ? (raw as Record<string, string>).name
      : undefined;
  return name ? `check ${quote(name)}` : `check #${index + 1}`;
}

// ---------------------------------------------------------------------------------------------
// Schema validation and error reporting

/** The schema compiled ahead of time (checks-validator.generated.ts): no ajv compile at run time. */
const validateCheckSchema = validateCheck as unknown as ValidateFunction;

/** The most useful of ajv's errors: the deepest one that is not a wrapper of others. */
function pickError(errors: ErrorObject[]): ErrorObject {
  const useful = errors.filter((error) => error.keyword !== 'if');
  const depth = (error: ErrorObject) => error.instancePath.split('/').length;
  const score = (error: ErrorObject) => {
    // A oneOf at a path speaks for the branch errors under it at the same path.
    if (error.keyword === 'oneOf') return 3;
    if (error.keyword === 'enum' || error.keyword === 'additionalProperties') return 2;
    if (error.keyword === 'required') return 2;
    if (/\/oneOf\/\d+\//.test(error.schemaPath)) return 0;
    return 1;
  };
  return useful.sort((a, b) => depth(b) - depth(a) || score(b) - score(a))[0] ?? errors[0];
}

function pointerSteps(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((step) => step.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((step) => (/^\d+$/.test(step) ? Number(step) : step));
}

function describe(error: ErrorObject) {
  const subPath = pointerSteps(error.instancePath);
  const field =
    subPath.length > 0
      ? subPath
          .map((step, i) => (typeof step === 'number' ? `[${step}]` : i ? `.${step}` : step))
          .join('')
      : 'the check';
  const shown = (value: unknown) =>
    typeof value === 'string' ? quote(value) : quote(JSON.stringify(value) ?? String(value));
  const schema = error.parentSchema as { description?: string; 'x-hint'?: string } | undefined;
  if (error.keyword === 'type' && subPath.length === 0) {
    return {
      subPath,
      onKey: false,
      problem: `${shown(error.data)} is not a check; write a mapping such as { url: /health, expect: { status: 200 } }`,
    };
  }
  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((schema as { properties?: object })?.properties ?? {});
      return {
        subPath: [...subPath, extra],
        onKey: true,
        problem: `unknown field ${quote(extra)}${subPath.length ? ` in ${field}` : ''}; allowed: ${allowed.join(', ')}`,
      };
    }
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      const hint =
        missing === 'expect'
          ? ' (a check without expectations verifies nothing; add e.g. expect: { status: 200 })'
          : '';
      return {
        subPath,
        onKey: false,
        problem: `missing required field ${quote(missing)}${subPath.length ? ` in ${field}` : ''}${hint}`,
      };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      const what = subPath[subPath.length - 1] === 'kind' ? 'check kind' : field;
      return {
        subPath,
        onKey: false,
        problem: `unknown ${what} ${shown(error.data)}; use one of ${allowed.join(', ')}`,
      };
    }
    case 'minProperties':
      return {
        subPath,
        onKey: false,
        problem:
          subPath[subPath.length - 1] === 'expect'
            ? 'expect: is empty; a check without expectations verifies nothing (add e.g. status: 200)'
            : `${field} needs more fields`,
      };
    case 'type':
    case 'oneOf':
    case 'pattern':
      return {
        subPath,
        onKey: false,
        problem: schema?.['x-hint']
          ? `${field}: ${shown(error.data)} ${schema['x-hint']}`
          : `${field}: ${shown(error.data)} is not valid (${error.message})`,
      };
    default:
      return { subPath, onKey: false, problem: `${field} ${error.message ?? 'is not valid'}` };
  }
}

function nodeOffset(node: Node | undefined | null): number | undefined {
  return node?.range?.[0];
}

function scalarText(node: Node): unknown {
  return isScalar(node) ? node.value : node;
}

/** Offset of the node at a path, or of its key; falls back to the nearest existing parent. */
function offsetOf(doc: Document, path: (string | number)[], onKey: boolean): number | undefined {
  for (let length = path.length; length >= 0; length--) {
    const sub = path.slice(0, length);
    if (onKey && length === path.length && length > 0) {
      const parent = doc.getIn(sub.slice(0, -1), true);
      if (isMap(parent)) {
        const key = sub[sub.length - 1];
        const pair = parent.items.find(
          (p) => isScalar(p.key) && String(p.key.value) === String(key),
        );
        if (pair) return nodeOffset(pair.key as Node);
      }
      continue;
    }
    const node = (length === 0 ? doc.contents : doc.getIn(sub, true)) as Node | undefined;
    if (node && typeof node === 'object' && 'range' in node && node.range) {
      return node.range[0];
    }
  }
  return undefined;
}
