import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError, quote } from '../shared/errors.js';
import { InputReader, envInputs, type InputSource } from '../shared/inputs.js';

/** Everything post-deploy-verify needs, read and validated once. */
export interface PostDeployVerifyConfig {
  /** The checks document (YAML or JSON), inline or read from the file named by the input. */
  checksText: string;
  /** Where the checks came from, for messages: the file path or `input 'checks'`. */
  checksSource: string;
  /** Set when the checks came from a file (errors are annotated on it). */
  checksFile?: string;
  /** Base URL for checks whose url is a path. */
  baseUrl?: string;
  /** Default Prometheus address for prometheus checks. */
  prometheusUrl?: string;
  /** Kubeconfig content (secret, masked) for kubernetes checks; '' uses KUBECONFIG. */
  kubeconfig: string;
  /** Kubeconfig context to use instead of the current one. */
  context?: string;
  /** Default namespace of kubernetes checks. */
  namespace: string;
  /** Time budget of the whole verification, milliseconds. */
  deadlineMs: number;
  /** Checks run at the same time. */
  concurrency: number;
  /** Fail the step on an inconclusive verdict too (default: only on fail). */
  failOnInconclusive: boolean;
  /** Where to write the JSON report; default under RUNNER_TEMP. */
  reportPath?: string;
}

function httpUrl(reader: InputReader, name: string): string | undefined {
  const value = reader.string(name);
  if (value === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ConfigError(
      name,
      `${quote(value)} is not an http(s) URL, e.g. https://api.example.com`,
    );
  }
  return value;
}

/** A one-line value naming a .yml/.yaml/.json file (or an existing file) is read from disk. */
function readChecks(reader: InputReader, workspace: string) {
  const value = reader.string('checks', { required: true });
  const oneLine = !value.includes('\n');
  if (oneLine) {
    const path = isAbsolute(value) ? value : resolve(workspace, value);
    const looksLikeFile = /\.(ya?ml|json)$/i.test(value) && !/:\s/.test(value);
    if (existsSync(path) && statSync(path).isFile()) {
      return { checksText: readFileSync(path, 'utf8'), checksSource: value, checksFile: value };
    }
    if (looksLikeFile) {
      throw new ConfigError(
        'checks',
        `the file ${quote(value)} does not exist (looked in ${workspace}); check out the repository first or give the checks inline`,
      );
    }
  }
  return { checksText: value, checksSource: "input 'checks'", checksFile: undefined };
}

export function getInputs(source: InputSource = envInputs): PostDeployVerifyConfig {
  const reader = new InputReader(source);
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const checks = readChecks(reader, workspace);
  const deadlineMs = reader.duration('deadline', '5m');
  if (deadlineMs <= 0) {
    throw new ConfigError('deadline', `${quote(reader.raw('deadline'))} must be longer than 0s`);
  }
  return {
    ...checks,
    baseUrl: httpUrl(reader, 'base-url'),
    prometheusUrl: httpUrl(reader, 'prometheus-url'),
    kubeconfig: reader.secret('kubeconfig'),
    context: reader.string('context') || undefined,
    namespace: reader.string('namespace', { default: 'default' }),
    deadlineMs,
    concurrency: reader.integer('concurrency', { default: 4, min: 1, max: 64 }),
    failOnInconclusive: reader.boolean('fail-on-inconclusive', false),
    reportPath: reader.string('report-path') || undefined,
  };
}
